import { Injectable, OnModuleInit } from '@nestjs/common';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { QuestionsRepository } from './questions.repository.js';

const EVERY_MS = 60 * 60 * 1000;
/** The log only serves streams resuming with Last-Event-ID, which come back within minutes. */
const KEEP_HOURS = 24;

/** Hourly, where background work runs, drops old rows of the questions' change log. */
@Injectable()
export class ChangeLogPruner implements OnModuleInit {
  constructor(
    private readonly tasks: PeriodicTasks,
    private readonly repository: QuestionsRepository,
  ) {}

  onModuleInit(): void {
    this.tasks.schedule("Pruning the questions' change log", EVERY_MS, () => this.prune());
  }

  prune(): Promise<void> {
    return this.repository.pruneChanges(KEEP_HOURS);
  }
}
