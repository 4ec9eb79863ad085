import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import type { EventRescheduling } from '../events/event-changes.js';
import { timeChangeOf } from '../events/event-rules.js';
import type { Event } from '../events/event.entity.js';
import { letterFacts } from '../events/event-facts.js';
import { lateValue, MailOutbox, type ComposedMail, type OutgoingMail } from '../notifications/mail-outbox.js';
import { Organization } from '../accounts/organization.entity.js';
import type { Rsvp } from './rsvp.entity.js';
import { RsvpsRepository } from './rsvps.repository.js';

/** A fresh-link request within this window adds no second email: the one already queued has a working link. */
const LINK_RESEND_WINDOW_MS = 10 * 60 * 1000;

type Invite = 'REQUEST' | 'CANCEL';

const idempotencyKey = (rsvp: Rsvp, key: string) => `rsvp:${rsvp.id}:${key}`;

/** Erased RSVPs (and bookings made without one) have no address to write to. */
const hasAddress = (rsvp: Rsvp): rsvp is Rsvp & { email: string } => Boolean(rsvp.email);

/**
 * Which email an attendee gets, in their language, queued in the transaction of the change.
 * Emails that carry the manage link mint a new token for it (only hashes are stored, so an
 * earlier token cannot be put in a new email); earlier links keep working.
 */
@Injectable()
export class RsvpMail {
  private readonly organizations = new WeakMap<EntityManager, Organization>();

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: MailOutbox,
    private readonly calendar: CalendarService,
    private readonly repository: RsvpsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The first email of a new booking, composed before the booking is decided (RsvpsService.book)
   * for the outcome expected: confirmed with its invite, or waitlisted, whose place is filled in
   * when it is stored (MailOutbox.store). Null when there is no address to write to.
   */
  bookingMail(
    event: Event,
    organization: Organization,
    rsvp: Rsvp,
    outcome: 'confirmed' | 'waitlisted',
    manageToken: string,
  ): ComposedMail | null {
    if (!hasAddress(rsvp)) return null;
    const manageUrl = `${this.config.appUrl}/rsvp/${manageToken}`;
    return this.outbox.compose(
      outcome === 'confirmed'
        ? this.message(
            event,
            organization,
            rsvp,
            'rsvp-confirmed',
            'rsvp-confirmed',
            { checkInCode: rsvp.checkInCode },
            { invite: 'REQUEST', manageUrl },
          )
        : this.message(event, organization, rsvp, 'rsvp-waitlisted', 'waitlisted', { position: lateValue('position') }, { manageUrl }),
    );
  }

  async confirmed(manager: EntityManager, event: Event, rsvp: Rsvp, template: 'rsvp-confirmed' | 'rsvp-promoted'): Promise<void> {
    await this.send(manager, event, rsvp, template, template, { checkInCode: rsvp.checkInCode }, { invite: 'REQUEST', link: true });
  }

  /** A known address asked again: a new link, at most one such email per RSVP per window. */
  async freshLink(manager: EntityManager, event: Event, rsvp: Rsvp): Promise<void> {
    const window = Math.floor(this.clock.now().getTime() / LINK_RESEND_WINDOW_MS);
    await this.send(manager, event, rsvp, 'rsvp-link', `link:${window}`, { confirmed: rsvp.status === 'confirmed' }, { link: true });
  }

  /** The attendee (or the organizers, for them) cancelled: METHOD:CANCEL if they held an invite, else the news in words. */
  async cancelled(manager: EntityManager, event: Event, rsvp: Rsvp, hadInvite: boolean, by: 'attendee' | 'organizers'): Promise<void> {
    const data = { hadInvite, byOrganizers: by === 'organizers' };
    await this.send(manager, event, rsvp, 'rsvp-cancelled', 'cancelled', data, { invite: hadInvite ? 'CANCEL' : undefined });
  }

  /** Their party size changed: the invite again, with its SEQUENCE already raised by the caller. */
  async partyChanged(manager: EntityManager, event: Event, rsvp: Rsvp): Promise<void> {
    const data = { checkInCode: rsvp.checkInCode };
    await this.send(manager, event, rsvp, 'rsvp-party-changed', `seq:${rsvp.inviteSequence}`, data, { invite: 'REQUEST', link: true });
  }

  async passedOver(manager: EntityManager, event: Event, rsvp: Rsvp): Promise<void> {
    await this.send(manager, event, rsvp, 'rsvp-passed-over', 'passed-over', { capacity: event.capacity });
  }

  async eventUpdated(manager: EntityManager, event: Event, rsvp: Rsvp, { changed, previous }: EventRescheduling): Promise<void> {
    const data = {
      ...timeChangeOf(changed),
      placeChanged: changed.includes('venue'),
      onlineChanged: changed.includes('onlineUrl'),
      previousStartsAt: previous.startsAt,
      previousTimezone: previous.timezone,
      checkInCode: rsvp.checkInCode,
    };
    await this.send(manager, event, rsvp, 'rsvp-event-updated', `seq:${rsvp.inviteSequence}`, data, { invite: 'REQUEST', link: true });
  }

  async eventCancelled(manager: EntityManager, event: Event, rsvp: Rsvp, reason: string): Promise<void> {
    const hadInvite = rsvp.status === 'confirmed';
    await this.send(
      manager,
      event,
      rsvp,
      'rsvp-event-cancelled',
      'event-cancelled',
      { reason, hadInvite },
      { invite: hadInvite ? 'CANCEL' : undefined },
    );
  }

  async reminder(manager: EntityManager, event: Event, rsvp: Rsvp): Promise<void> {
    const key = `reminder:${event.startsAt.toISOString()}`;
    await this.send(manager, event, rsvp, 'rsvp-reminder', key, { checkInCode: rsvp.checkInCode }, { link: true });
  }

  /**
   * Erased RSVPs have no address left and are skipped (and get no new token). `key` names the
   * message among this RSVP's; `link` adds `manageUrl` with a new token.
   */
  private async send(
    manager: EntityManager,
    event: Event,
    rsvp: Rsvp,
    template: string,
    key: string,
    data: object,
    { invite, link = false }: { invite?: Invite | undefined; link?: boolean } = {},
  ): Promise<void> {
    if (!hasAddress(rsvp)) return;
    // A message already queued under this key would not go out again: issue it no token either.
    if (link && (await this.outbox.isQueued(manager, idempotencyKey(rsvp, key)))) return;
    const manageUrl = link ? `${this.config.appUrl}/rsvp/${await this.repository.issueToken(manager, rsvp.id)}` : null;
    const organization = await this.organization(manager, event);
    await this.outbox.enqueue(manager, this.message(event, organization, rsvp, template, key, data, { invite, manageUrl }));
  }

  /** `key` names the message among this RSVP's. */
  private message(
    event: Event,
    organization: Organization,
    rsvp: Rsvp & { email: string },
    template: string,
    key: string,
    data: object,
    { invite, manageUrl = null }: { invite?: Invite | undefined; manageUrl?: string | null },
  ): OutgoingMail {
    const attendee = { name: rsvp.name ?? '', email: rsvp.email };
    const calendar = invite && {
      method: invite,
      ics: this.calendar.invite({
        event,
        organization,
        method: invite,
        uid: this.calendar.uid('rsvp', rsvp.inviteUid),
        sequence: rsvp.inviteSequence,
        attendee,
      }),
    };
    return {
      to: { name: rsvp.name, address: rsvp.email },
      language: rsvp.language,
      template,
      data: {
        name: rsvp.name ?? '',
        partySize: rsvp.partySize,
        manageUrl,
        event: letterFacts(event, organization, this.config.appUrl, rsvp.language),
        ...data,
      },
      ...(calendar ? { calendar } : {}),
      idempotencyKey: idempotencyKey(rsvp, key),
      organizationId: event.organizationId,
      ...(organization.contactEmail ? { replyTo: organization.contactEmail } : {}),
    };
  }

  private async organization(manager: EntityManager, event: Event): Promise<Organization> {
    let organization = this.organizations.get(manager);
    if (organization?.id !== event.organizationId) {
      organization = await manager.findOneByOrFail(Organization, { id: event.organizationId });
      this.organizations.set(manager, organization);
    }
    return organization;
  }
}
