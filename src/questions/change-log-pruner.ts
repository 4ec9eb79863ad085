import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { QuestionsRepository } from './questions.repository.js';

const EVERY_MS = 60 * 60 * 1000;
/** The log only serves streams resuming with Last-Event-ID, which come back within minutes. */
const KEEP_HOURS = 24;

/** Hourly, where background work runs, drops old rows of the questions' change log. */
@Injectable()
export class ChangeLogPruner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ChangeLogPruner.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: QuestionsRepository,
  ) {}

  onModuleInit(): void {
    if (!this.config.workersEnabled) return;
    void this.prune();
    this.timer = setInterval(() => void this.prune(), EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<void> {
    await this.repository
      .pruneChanges(KEEP_HOURS)
      .catch((error: Error) => this.logger.error(`Pruning the questions' change log failed: ${error.message}`));
  }
}
