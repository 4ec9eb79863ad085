import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { MovedError, NotFoundError, StaleVersionError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { localDate } from '../common/time.js';
import { assertMayReachStrangers } from '../accounts/mail-allowances.js';
import { Panelist } from '../events/panelist.entity.js';
import type { CreateEventDto, UpdateEventDto } from './dto/event.dto.js';
import { EventChangeNotifier } from './event-changes.js';
import { CapacityBelowTakenError, DraftNeverAnnouncedError, EventCancelledError, NotADraftError, SlugTakenError } from './event-errors.js';
import { addressOf, applyEventFields, autoSlug, eventDefaults, isAutoSlugOf, slugCandidates } from './event-rules.js';
import { Event } from './event.entity.js';
import { EventsRepository } from './events.repository.js';

/** Six hex digits: 16 million codes, typed in a few seconds on a phone. */
const JOIN_CODE_LENGTH = 6;

/** Creating and changing events; each change and the mail it causes commit together. */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EventsRepository,
    private readonly notifier: EventChangeNotifier,
    private readonly clock: Clock,
  ) {}

  create(organizationId: string, fields: CreateEventDto): Promise<Event> {
    return this.dataSource.transaction((manager) => this.createIn(manager, organizationId, fields));
  }

  /** A draft, which claims its address (the organizer's, or one of its title and date) when published. */
  async createIn(manager: EntityManager, organizationId: string, fields: CreateEventDto): Promise<Event> {
    // The id comes first: a slug is claimed in its name before the row is written.
    const event = manager.create(Event, { id: randomUUID(), ...eventDefaults(organizationId) });
    applyEventFields(event, fields);
    await this.assignSlug(manager, event, fields.slug);
    return manager.save(event);
  }

  /**
   * An event anyone may see: published or cancelled, or a draft for its own organization. A
   * former slug of such an event answers MovedError, which the filters turn into a redirect.
   */
  async findVisible(idOrSlug: string, viewer?: AuthenticatedOrganizer): Promise<Event> {
    const visible = (event: Event | null): event is Event =>
      event !== null && (event.status !== 'draft' || event.organizationId === viewer?.organizationId);
    const event = await this.repository.findByIdOrSlug(idOrSlug);
    if (visible(event)) return event;
    const renamed = event || isUuid(idOrSlug) ? null : await this.repository.findByFormerSlug(idOrSlug);
    if (visible(renamed)) throw new MovedError(idOrSlug, addressOf(renamed));
    throw new NotFoundError('The event');
  }

  /** A short code for the projector's join address (`/q/<code>`): the start of the id that is this event's alone. */
  joinCode(event: Pick<Event, 'id'>): Promise<string> {
    return this.repository.shortestIdPrefix(event.id, JOIN_CODE_LENGTH);
  }

  /** The event a join code names, as findVisible sees it: an unknown or ambiguous code is "not found". */
  async findByJoinCode(code: string): Promise<Event> {
    const found = /^[0-9a-f]{6,32}$/.test(code) ? await this.repository.findByIdPrefix(code) : [];
    if (found.length !== 1) throw new NotFoundError('The event');
    return this.findVisible(found[0]!.id);
  }

  /**
   * The event's address. A draft claims none: slugs are one event's across organizations, so a
   * draft's would tell others of a forum not yet announced (a 409, a `-2`); it keeps the
   * organizer's choice as requestedSlug until published. An announced event gets the
   * organizer's slug, which must be free (or one this event had); otherwise, until the
   * organizer chooses one, an automatic slug of the title and date, made again when the date
   * moves (a title's typo fix leaves printed links alone): `base`, or `base-2`, `base-3`…
   * when an event holds or held it. Former slugs stay claimed and redirect.
   */
  private async assignSlug(manager: EntityManager, event: Event, slug: string | undefined, before?: Event): Promise<void> {
    // The current automatic slug sent back unchanged (as a form that shows it does) chooses nothing.
    const chosen = slug === event.slug && !event.slugChosen ? undefined : slug;
    if (event.status === 'draft') {
      if (chosen !== undefined) Object.assign(event, { requestedSlug: chosen, slugChosen: true });
      return;
    }
    if (chosen !== undefined) {
      if (chosen === event.slug) return;
      if (!(await this.repository.claimSlug(manager, chosen, event.id))) throw new SlugTakenError(chosen);
      Object.assign(event, { slug: chosen, slugChosen: true, requestedSlug: null });
      return;
    }
    const base = autoSlug(event);
    const moved = before === undefined || localDate(before.startsAt, before.timezone) !== localDate(event.startsAt, event.timezone);
    if (event.slugChosen || !moved || (event.slug && isAutoSlugOf(event.slug, base))) return;
    // Past the highest number in use; a concurrent claim of the same number moves on to the next.
    for (const candidate of slugCandidates(base, (await this.repository.highestSlugNumber(manager, base)) + 1)) {
      if (await this.repository.claimSlug(manager, candidate, event.id)) return void (event.slug = candidate);
    }
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

  /**
   * `expectedVersion` (If-Match): the version the change was made on. It is compared under the
   * event's lock, so of two saves made on one version exactly one succeeds.
   */
  update(organizationId: string, id: string, fields: UpdateEventDto, expectedVersion?: number): Promise<Event> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.findOwned(organizationId, id, manager);
      if (expectedVersion !== undefined && event.version !== expectedVersion) throw new StaleVersionError();
      if (event.status === 'cancelled') throw new EventCancelledError();
      const previous = { ...event };
      const changed = applyEventFields(event, fields);
      await this.assignSlug(manager, event, fields.slug, previous);
      if (event.capacity !== null && event.capacity < event.seatsTaken) throw new CapacityBelowTakenError(event.seatsTaken);
      // A draft's accepted panelists hold an invite too, so they are told as attendees would be.
      const rescheduled = changed.length > 0;
      if (rescheduled) event.sequence += 1;
      event.version += 1;
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
    if (event.status !== 'draft') throw new NotADraftError('publish', event.status);
    await assertMayReachStrangers(manager, organizationId);
    event.status = 'published';
    event.publishedAt = this.clock.now();
    event.version += 1;
    // The address is claimed now: the organizer's (taken meanwhile: 409 slug-taken, nothing published) or an automatic one.
    event.slugChosen = event.requestedSlug !== null;
    await this.assignSlug(manager, event, event.requestedSlug ?? undefined);
    return manager.save(event);
  }

  cancel(organizationId: string, id: string, reason: string): Promise<Event> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.findOwned(organizationId, id, manager);
      if (event.status === 'cancelled') throw new EventCancelledError('The event is already cancelled.');
      if (event.status === 'draft') throw new DraftNeverAnnouncedError();
      event.status = 'cancelled';
      event.cancellationReason = reason;
      event.cancelledAt = this.clock.now();
      event.sequence += 1;
      event.version += 1;
      const saved = await manager.save(event);
      await this.notifier.eventCancelled(manager, saved, reason);
      return saved;
    });
  }

  /** Deletes a draft and its panelists, who are told their invitation is withdrawn. */
  remove(organizationId: string, id: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.findOwned(organizationId, id, manager);
      if (event.status !== 'draft') throw new NotADraftError('delete', event.status);
      for (const panelist of await manager.findBy(Panelist, { eventId: event.id })) {
        await this.notifier.panelistRemoved(manager, panelist, event);
      }
      await manager.delete(Event, { id: event.id });
    });
  }
}
