import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { QuestionsRepository } from './questions.repository.js';

const EVERY_MS = 60 * 60 * 1000;
/** Reconnects come within minutes; a day of change log is plenty. */
const KEEP_CHANGES_HOURS = 24;

/** Hourly, where background work runs: prune the change log, erase authors' names past retention. */
@Injectable()
export class QuestionRetention implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(QuestionRetention.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: QuestionsRepository,
  ) {}

  onModuleInit(): void {
    if (!this.config.workersEnabled) return;
    void this.run();
    this.timer = setInterval(() => void this.run(), EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async run(): Promise<void> {
    try {
      await this.repository.pruneChanges(KEEP_CHANGES_HOURS);
      await this.repository.eraseAuthorNames(this.config.retentionDays);
    } catch (error) {
      this.logger.error(`Question retention failed: ${(error as Error).message}`);
    }
  }
}
