import { Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

/**
 * Background work on a timer, only in processes that run workers (WORKERS_ENABLED). Each task
 * locks what it handles, so several instances may run the same task safely.
 */
@Injectable()
export class PeriodicTasks implements OnApplicationShutdown {
  private readonly logger = new Logger(PeriodicTasks.name);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly config: AppConfig) {}

  /** Runs `task` now and every `everyMs`; a failure is logged and the next run tries again. */
  schedule(name: string, everyMs: number, task: () => Promise<unknown>): void {
    if (!this.config.workersEnabled) return;
    const run = () => void task().catch((error: Error) => this.logger.error(`${name} failed: ${error.message}`));
    run();
    this.timers.push(setInterval(run, everyMs).unref());
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }
}

@Global()
@Module({ providers: [PeriodicTasks], exports: [PeriodicTasks] })
export class PeriodicTasksModule {}
