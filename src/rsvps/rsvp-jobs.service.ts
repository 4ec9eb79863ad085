import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { EventChangeNotifier } from '../events/event-changes.js';
import type { Event } from '../events/event.entity.js';
import { PersonalDataErasure } from './personal-data-erasure.js';
import { RsvpsRepository } from './rsvps.repository.js';

const REMIND_EVERY_MS = 60 * 1000;
const ERASE_EVERY_MS = 60 * 60 * 1000;
const BATCH = 50;

/**
 * Reminders and retention, run by each process that runs workers. Each event is handled in its
 * own transaction under its lock and marked done in it, so several instances, a crash or a
 * restart never send a reminder twice or miss one.
 */
@Injectable()
export class RsvpJobs implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly tasks: PeriodicTasks,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RsvpsRepository,
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
  async sendDueReminders(now = new Date()): Promise<number> {
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
   * data reached an ended event after its erasure (an owner's early "erase now", a request that
   * raced the end). Returns how many events were erased.
   */
  async eraseExpired(now = new Date()): Promise<number> {
    let erased = 0;
    for (;;) {
      // The leftovers tested here are exactly what PersonalDataErasure clears, so the loop ends.
      const expired: { id: string }[] = await this.dataSource.query(
        `SELECT e.id FROM events e
         WHERE (e.personal_data_erased_at IS NULL AND e.ends_at < $1::timestamptz - make_interval(days => $2))
            OR (e.personal_data_erased_at IS NOT NULL AND e.ends_at < $1
                AND (EXISTS (SELECT 1 FROM rsvps r WHERE r.event_id = e.id AND r.erased_at IS NULL)
                     OR EXISTS (SELECT 1 FROM questions q WHERE q.event_id = e.id AND q.author_name IS NOT NULL)))
         ORDER BY e.ends_at LIMIT ${BATCH}`,
        [now, this.config.retentionDays],
      );
      for (const { id } of expired) {
        await this.dataSource.transaction(async (manager) => {
          await this.repository.lockEvent(manager, id);
          await this.erasure.eraseEvent(manager, id);
        });
      }
      erased += expired.length;
      if (expired.length < BATCH) return erased;
    }
  }

  private async remind(manager: EntityManager, eventId: string, now: Date): Promise<void> {
    const event: Event | null = await this.repository.lockEvent(manager, eventId);
    if (!event || event.status !== 'published' || event.startsAt <= now) return;
    const marked: unknown[] = await manager.query(
      `INSERT INTO event_reminders (event_id, starts_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [event.id, event.startsAt],
    );
    if (marked.length > 0) await this.notifier.reminderDue(manager, event);
  }
}
