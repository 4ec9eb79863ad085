import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedOrganizer } from '../auth/auth.decorators.js';
import { ConflictError, NotFoundError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { Panelist } from '../panelists/panelist.entity.js';
import type { CreateEventDto, UpdateEventDto } from './dto/event.dto.js';
import { EventChangeNotifier } from './event-changes.js';
import { applyEventFields, eventDefaults, eventSlug } from './event-rules.js';
import { Event } from './event.entity.js';
import { EventsRepository } from './events.repository.js';

const SLUG_ATTEMPTS = 5;

/** Creating and changing events; each change and the mail it causes commit together. */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EventsRepository,
    private readonly notifier: EventChangeNotifier,
  ) {}

  create(organizationId: string, fields: CreateEventDto): Promise<Event> {
    return this.dataSource.transaction((manager) => this.createIn(manager, organizationId, fields));
  }

  /** A draft with a fresh slug; a slug collision (rare: 4 random characters and a date) is retried. */
  async createIn(manager: EntityManager, organizationId: string, fields: CreateEventDto): Promise<Event> {
    const event = manager.create(Event, eventDefaults(organizationId));
    applyEventFields(event, fields);
    for (let attempt = 1; ; attempt++) {
      event.slug = eventSlug(event.title, event.startsAt, event.timezone);
      try {
        return await manager.transaction((inner) => inner.save(event));
      } catch (error) {
        if (!isUniqueViolation(error, 'events_slug_key') || attempt >= SLUG_ATTEMPTS) throw error;
      }
    }
  }

  /** An event anyone may see: published or cancelled, or a draft for its own organization. */
  async findVisible(idOrSlug: string, viewer?: AuthenticatedOrganizer): Promise<Event> {
    const event = await this.repository.findByIdOrSlug(idOrSlug);
    if (!event || (event.status === 'draft' && event.organizationId !== viewer?.organizationId)) {
      throw new NotFoundError('The event');
    }
    return event;
  }

  /** One of the organization's own events; another organization's is "not found". */
  async findOwned(organizationId: string, id: string, manager?: EntityManager): Promise<Event> {
    const event = isUuid(id)
      ? await (manager ?? this.dataSource.manager).findOne(Event, {
          where: { id, organizationId },
          // As RsvpsRepository.lockEvent: changes of the event queue up; rows that only reference it do not.
          ...(manager ? { lock: { mode: 'for_no_key_update' as const } } : {}),
        })
      : null;
    if (!event) throw new NotFoundError('The event');
    return event;
  }

  update(organizationId: string, id: string, fields: UpdateEventDto): Promise<Event> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.findOwned(organizationId, id, manager);
      if (event.status === 'cancelled') throw new ConflictError('A cancelled event can no longer be changed.');
      const previous = { ...event };
      const changed = applyEventFields(event, fields);
      if (event.capacity !== null && event.capacity < event.seatsTaken) {
        throw new ConflictError(`The capacity cannot go below the ${event.seatsTaken} seats already taken.`);
      }
      // A draft's accepted panelists hold an invite too, so they are told as attendees would be.
      const rescheduled = changed.length > 0;
      if (rescheduled) event.sequence += 1;
      const saved = await manager.save(event);
      if (rescheduled) await this.notifier.eventRescheduled(manager, saved, { changed, previous });
      if (saved.capacity !== previous.capacity) await this.notifier.capacityChanged(manager, saved);
      return saved;
    });
  }

  publish(organizationId: string, id: string): Promise<Event> {
    return this.dataSource.transaction((manager) => this.publishIn(manager, organizationId, id));
  }

  async publishIn(manager: EntityManager, organizationId: string, id: string): Promise<Event> {
    const event = await this.findOwned(organizationId, id, manager);
    if (event.status !== 'draft') throw new ConflictError(`Only a draft can be published; this event is ${event.status}.`);
    event.status = 'published';
    event.publishedAt = new Date();
    return manager.save(event);
  }

  cancel(organizationId: string, id: string, reason: string): Promise<Event> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.findOwned(organizationId, id, manager);
      if (event.status === 'cancelled') throw new ConflictError('The event is already cancelled.');
      if (event.status === 'draft') {
        throw new ConflictError('A draft was never announced: delete it instead of cancelling it.');
      }
      event.status = 'cancelled';
      event.cancellationReason = reason;
      event.cancelledAt = new Date();
      event.sequence += 1;
      const saved = await manager.save(event);
      await this.notifier.eventCancelled(manager, saved, reason);
      return saved;
    });
  }

  /** Deletes a draft and its panelists, who are told their invitation is withdrawn. */
  remove(organizationId: string, id: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.findOwned(organizationId, id, manager);
      if (event.status !== 'draft') {
        throw new ConflictError('Only drafts can be deleted; cancel a published event instead.');
      }
      for (const panelist of await manager.findBy(Panelist, { eventId: event.id })) {
        await this.notifier.panelistRemoved(manager, panelist, event);
      }
      await manager.delete(Event, { id: event.id });
    });
  }
}
