import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { AppConfig } from '../config/app-config.js';
import { EventChangeNotifier } from './event-changes.js';
import { eventPhase } from './event-rules.js';
import { EventsRepository } from './events.repository.js';
import { PersonalDataErasure } from './personal-data-erasure.js';

const REMIND_EVERY_MS = 60 * 1000;
const ERASE_EVERY_MS = 60 * 60 * 1000;
const BATCH = 50;

/**
 * Reminders and retention, run by each process that runs workers. Each event is handled in its
 * own transaction under its lock and marked done in it, so several instances, a crash or a
 * restart never send a reminder twice or miss one.
 */
@Injectable()
export class EventJobs implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly tasks: PeriodicTasks,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EventsRepository,
    private readonly notifier: EventChangeNotifier,
    private readonly erasure: PersonalDataErasure,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks.schedule('Sending reminders', REMIND_EVERY_MS, () => this.sendDueReminders());
    this.tasks.schedule('Erasing expired personal data', ERASE_EVERY_MS, () => this.eraseExpired());
  }

  /**
   * Announces the reminders of published events starting within REMINDER_HOURS, once per start
   * time (attendees are reminded by RsvpEventListener; other features may listen too). Returns
   * how many events were handled.
   */
  async sendDueReminders(): Promise<number> {
    const now = this.clock.now();
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT e.id FROM events e
       WHERE e.status = 'published' AND e.starts_at > $1 AND e.starts_at <= $1::timestamptz + make_interval(hours => $2)
         AND NOT EXISTS (SELECT 1 FROM event_reminders r WHERE r.event_id = e.id AND r.starts_at = e.starts_at)
       ORDER BY e.starts_at LIMIT ${BATCH}`,
      [now, this.config.reminderHours],
    );
    for (const { id } of due) await this.dataSource.transaction((manager) => this.remind(manager, id, now));
    return due.length;
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

  /** The leftovers tested here are exactly what each holder's erase clears, so the loop in eraseExpired ends. */
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

  private async remind(manager: EntityManager, eventId: string, now: Date): Promise<void> {
    const event = await this.repository.lock(manager, eventId);
    if (!event || event.status !== 'published' || eventPhase(event, now) !== 'upcoming') return;
    const marked: unknown[] = await manager.query(
      `INSERT INTO event_reminders (event_id, starts_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [event.id, event.startsAt],
    );
    if (marked.length > 0) await this.notifier.reminderDue(manager, event);
  }
}
