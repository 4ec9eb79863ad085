import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { AppConfig } from '../config/app-config.js';
import { EventsRepository } from './events.repository.js';
import { PersonalDataErasure } from './personal-data-erasure.js';

const ERASE_EVERY_MS = 60 * 60 * 1000;
const BATCH = 50;

/** Retention, run by each process that runs workers: each event erased in its own transaction under its lock. */
@Injectable()
export class PersonalDataRetention implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly tasks: PeriodicTasks,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EventsRepository,
    private readonly erasure: PersonalDataErasure,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks.schedule('Erasing expired personal data', ERASE_EVERY_MS, () => this.eraseExpired());
  }

  /**
   * Erases what RETENTION_DAYS allows no longer, event by event, and again whatever personal
   * data reached an ended event after its erasure. Returns how many events were erased.
   */
  async eraseExpired(): Promise<number> {
    const now = this.clock.now();
    let erased = 0;
    for (;;) {
      const due = await this.dueForErasure(now);
      for (const id of due) {
        await this.dataSource.transaction(async (manager) => {
          await this.repository.lock(manager, id);
          await this.erasure.eraseEvent(manager, id);
        });
      }
      erased += due.length;
      if (due.length < BATCH) return erased;
    }
  }

  /** The leftovers tested here are exactly what PersonalDataErasure clears, so the loop in eraseExpired ends. */
  private async dueForErasure(now: Date): Promise<string[]> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT e.id FROM events e
       WHERE (e.personal_data_erased_at IS NULL AND e.ends_at < $1::timestamptz - make_interval(days => $2))
          OR (e.personal_data_erased_at IS NOT NULL AND e.ends_at < $1 AND (${this.erasure.keepsDataSql()}))
       ORDER BY e.ends_at LIMIT ${BATCH}`,
      [now, this.config.retentionDays],
    );
    return due.map(({ id }) => id);
  }
}
