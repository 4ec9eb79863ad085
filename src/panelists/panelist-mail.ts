import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { AppConfig } from '../config/app-config.js';
import { EventChangeNotifier, type EventChangeListener, type EventRescheduling } from '../events/event-changes.js';
import type { Event } from '../events/event.entity.js';
import { Organization } from '../accounts/organization.entity.js';
import { Panelist } from '../events/panelist.entity.js';
import { placeOf } from '../common/places.js';
import { timeChangeOf } from '../events/event-rules.js';
import { letterFacts } from '../events/event-facts.js';
import { MailOutbox } from '../notifications/mail-outbox.js';
import { Clock } from '../common/clock.js';

/** An invite's SEQUENCE, never sent twice on its UID, names its message; a message in words needs a `key`. */
type Letter = { template: string; data?: object } & ({ invite: 'REQUEST' | 'CANCEL'; key?: string } | { invite?: undefined; key: string });

interface Sender {
  event: Event;
  organization: Organization;
}

/**
 * What panelists are told, in their language, queued in the transaction of the change. Only a
 * panelist who accepted holds an invite (one UID per panelist, its SEQUENCE raised on the row
 * with every invite sent), so only they get REQUEST updates and METHOD:CANCEL; a panelist who
 * has not answered hears of changes in words, and one who declined hears nothing more.
 */
@Injectable()
export class PanelistMail implements EventChangeListener, OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly outbox: MailOutbox,
    private readonly calendar: CalendarService,
    private readonly notifier: EventChangeNotifier,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.notifier.register(this);
  }

  /** The only email with the private link: the token exists in plaintext only now (it is stored hashed), so later emails refer to this one. */
  async panelistInvited(manager: EntityManager, panelist: Panelist, event: Event, token: string): Promise<void> {
    await this.send(manager, await this.sender(manager, event), panelist, {
      template: 'panelist-invitation',
      // One message per private link: a resent or readdressed invitation carries a new one.
      key: `invitation:${panelist.tokenHash.slice(0, 16)}`,
      data: {
        panelUrl: `${this.config.appUrl}/panel/${token}`,
        announced: event.status === 'published',
        questions: { enabled: event.questionsEnabled, premoderated: event.questionsModeration === 'pre' },
      },
    });
  }

  async panelistAccepted(manager: EntityManager, panelist: Panelist, event: Event): Promise<void> {
    await this.send(manager, await this.sender(manager, event), panelist, { template: 'panelist-accepted', invite: 'REQUEST' });
  }

  /** Declining is acknowledged, so the panelist knows the answer arrived; with the invite withdrawn if they held one. */
  async panelistDeclined(manager: EntityManager, panelist: Panelist, event: Event, wasConfirmed: boolean): Promise<void> {
    await this.send(manager, await this.sender(manager, event), panelist, {
      template: 'panelist-declined',
      // Only an invited panelist can decline without an invite, and nobody returns to `invited`.
      key: 'declined',
      invite: wasConfirmed ? 'CANCEL' : undefined,
      data: { hadInvite: wasConfirmed },
    });
  }

  /**
   * Silent for a cancelled or ended event (the panelist was already told, or it is history) and
   * for a panelist who declined (there is nothing left to withdraw).
   */
  async panelistRemoved(manager: EntityManager, panelist: Panelist, event: Event): Promise<void> {
    if (event.status === 'cancelled' || event.endsAt.getTime() <= this.clock.now().getTime() || panelist.status === 'declined') return;
    const hadInvite = panelist.status === 'confirmed';
    await this.send(manager, await this.sender(manager, event), panelist, {
      template: 'panelist-removed',
      key: 'removed',
      invite: hadInvite ? 'CANCEL' : undefined,
      data: { hadInvite },
    });
  }

  async eventRescheduled(manager: EntityManager, event: Event, { changed, previous }: EventRescheduling): Promise<void> {
    const { timeChanged, zoneOnly } = timeChangeOf(changed);
    const changes = {
      time: timeChanged ? { startsAt: previous.startsAt, endsAt: previous.endsAt, timezone: previous.timezone } : null,
      zone: zoneOnly ? { before: previous.timezone } : null,
      place: changed.includes('venue') ? { before: placeOf(previous) } : null,
      online: changed.includes('onlineUrl') ? { before: previous.onlineUrl } : null,
    };
    await this.tellPanel(manager, event, 'panelist-event-updated', 'REQUEST', { changes });
  }

  async eventCancelled(manager: EntityManager, event: Event, reason: string): Promise<void> {
    await this.tellPanel(manager, event, 'panelist-event-cancelled', 'CANCEL', { reason });
  }

  /** Accepted panelists are reminded with the attendees, once per start time (the caller sees to that). */
  async reminderDue(manager: EntityManager, event: Event): Promise<void> {
    const sender = await this.sender(manager, event);
    const panel = await manager.find(Panelist, { where: { eventId: event.id, status: 'confirmed' }, order: { position: 'ASC' } });
    for (const panelist of panel) {
      await this.send(manager, sender, panelist, {
        template: 'panelist-reminder',
        key: `reminder:${event.startsAt.toISOString()}`,
        data: { questionsEnabled: event.questionsEnabled },
      });
    }
  }

  /**
   * Accepted panelists get `invite`, invited ones the same news in words. The caller holds the
   * event's lock, which an answer takes before its panelist's, so no answer is half-way meanwhile.
   */
  private async tellPanel(manager: EntityManager, event: Event, template: string, invite: 'REQUEST' | 'CANCEL', data: object) {
    const sender = await this.sender(manager, event);
    const panel = await manager.find(Panelist, { where: { eventId: event.id }, order: { position: 'ASC' } });
    for (const panelist of panel) {
      if (panelist.status === 'declined') continue;
      const hasInvite = panelist.status === 'confirmed';
      await this.send(manager, sender, panelist, {
        template,
        // The event's own SEQUENCE rises with each change, so two changes are never one message.
        key: `event-sequence:${event.sequence}`,
        invite: hasInvite ? invite : undefined,
        data: { ...data, hasInvite },
      });
    }
  }

  /** The SEQUENCE of the invite about to go out: one more than any sent on this UID. */
  private async raiseSequence(manager: EntityManager, panelist: Panelist): Promise<void> {
    const { raw } = await manager
      .createQueryBuilder()
      .update(Panelist)
      .set({ inviteSequence: () => 'invite_sequence + 1' })
      .where('id = :id', { id: panelist.id })
      .returning('invite_sequence')
      .execute();
    panelist.inviteSequence = (raw as { invite_sequence: number }[])[0]!.invite_sequence;
  }

  private async sender(manager: EntityManager, event: Event): Promise<Sender> {
    return { event, organization: await manager.findOneByOrFail(Organization, { id: event.organizationId }) };
  }

  private async send(manager: EntityManager, { event, organization }: Sender, panelist: Panelist, letter: Letter): Promise<void> {
    // Every invite that goes out, and only such, carries a fresh SEQUENCE.
    if (letter.invite) await this.raiseSequence(manager, panelist);
    const calendar = letter.invite && {
      method: letter.invite,
      ics: this.calendar.invite({
        event,
        organization,
        method: letter.invite,
        uid: this.calendar.uid('panelist', panelist.inviteUid),
        sequence: panelist.inviteSequence,
        attendee: { name: panelist.name, email: panelist.email },
      }),
    };
    await this.outbox.enqueue(manager, {
      to: { name: panelist.name, address: panelist.email },
      language: panelist.language,
      template: letter.template,
      data: {
        name: panelist.name,
        affiliation: panelist.affiliation,
        moderator: panelist.role === 'moderator',
        contactEmail: organization.contactEmail,
        event: letterFacts(event, organization, this.config.appUrl, panelist.language),
        ...letter.data,
      },
      ...(calendar ? { calendar } : {}),
      idempotencyKey: `panelist:${panelist.id}:${letter.invite ? `sequence:${panelist.inviteSequence}` : letter.key}`,
      organizationId: event.organizationId,
      ...(organization.contactEmail ? { replyTo: organization.contactEmail } : {}),
    });
  }
}
