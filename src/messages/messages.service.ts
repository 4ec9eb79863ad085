import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { NotFoundError, type FieldProblem } from '../common/domain-errors.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { decodeTimeCursor } from '../common/time-cursor.js';
import type { Event } from '../events/event.entity.js';
import { EventsService } from '../events/events.service.js';
import { assertMayReachStrangers } from '../accounts/mail-allowances.js';
import { Organization } from '../accounts/organization.entity.js';
import { PanelistsRepository } from '../panelists/panelists.repository.js';
import type { AttendeeAudience } from '../rsvps/attendee-audiences.js';
import { RsvpsRepository } from '../rsvps/rsvps.repository.js';
import type { SendMessageDto } from './dto/message.dto.js';
import { EventMessageView } from './dto/message.views.js';
import { NobodyToMessageError, TranslationIncompleteError } from './message-errors.js';
import { letterLanguage, MessageMail, type Letterhead } from './message-mail.js';
import { shownPublicly, type MessageAudience } from './message-audiences.js';
import { Message } from './message.entity.js';
import { MessagesRepository } from './messages.repository.js';
import type { Language } from '../common/languages.js';

/** How many people a message would reach, by the language of the letter each would get. */
export interface RecipientCounts {
  recipients: number;
  languages: Record<Language, number>;
  /** Attendees of the audience who gave no email: they read it on their own page and the forum's page. */
  onPages: number;
}

/**
 * Organizers' messages to an audience of a forum: counted before sending by the same rule that
 * picks the recipients, queued in one transaction with the message, one email per recipient.
 */
@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly rsvps: RsvpsRepository,
    private readonly panelists: PanelistsRepository,
    private readonly mail: MessageMail,
    private readonly messages: MessagesRepository,
  ) {}

  async countRecipients(organizationId: string, eventId: string, draft: SendMessageDto): Promise<RecipientCounts> {
    checkTranslations(draft);
    const event = await this.events.findOwned(organizationId, eventId);
    const readers =
      draft.audience === 'panel'
        ? await this.panelists.messageRecipientLanguages(this.dataSource.manager, event.id)
        : await this.rsvps.messageRecipientLanguages(this.dataSource.manager, event.id, draft.audience);
    const languages: Record<Language, number> = { en: 0, es: 0 };
    for (const [reader, count] of readers) languages[letterLanguage(reader, draft.subject.es !== undefined)] += count;
    return {
      recipients: languages.en + languages.es,
      languages,
      onPages: await this.onPages(this.dataSource.manager, event.id, draft.audience),
    };
  }

  /** `id` names the message: sending the same id again sends nothing more and answers the first message. */
  async send(
    organizer: AuthenticatedOrganizer,
    eventId: string,
    draft: SendMessageDto,
    id: string = randomUUID(),
  ): Promise<EventMessageView> {
    checkTranslations(draft);
    const event = await this.events.findOwned(organizer.organizationId, eventId);
    return this.dataSource.transaction(async (manager) => {
      await assertMayReachStrangers(manager, organizer.organizationId);
      const recipients = await this.recipients(manager, event.id, draft.audience);
      const nobody = recipients.length === 0 && (await this.onPages(manager, event.id, draft.audience)) === 0;
      const inserted =
        !nobody &&
        (await this.messages.insertOnce(manager, {
          id,
          eventId: event.id,
          authorId: organizer.id,
          audience: draft.audience,
          subjectEn: draft.subject.en,
          subjectEs: draft.subject.es ?? null,
          bodyEn: draft.body.en,
          bodyEs: draft.body.es ?? null,
          recipients: recipients.length,
          shownPublicly: shownPublicly(draft.audience, event.rsvpContact),
        }));
      // Not inserted: sent before under this id (then answered again), or there was nobody to send it to.
      const message = await manager.findOneBy(Message, { id, eventId: event.id });
      if (!message) throw nobody ? new NobodyToMessageError() : new NotFoundError('The message');
      if (inserted) {
        const letterhead = { message, event, organization: await manager.findOneByOrFail(Organization, { id: event.organizationId }) };
        const outboxIds = [];
        for (const send of recipients) outboxIds.push(await send(manager, letterhead));
        await this.messages.recordDeliveries(manager, message.id, outboxIds);
      }
      return this.view(manager, event, message);
    });
  }

  async list(organizationId: string, eventId: string, { limit, cursor }: PageQuery): Promise<Page<EventMessageView>> {
    const event = await this.events.findOwned(organizationId, eventId);
    const after = decodeTimeCursor(cursor);
    const rows = await this.messages.pageWithAuthors(this.dataSource.manager, event.id, limit + 1, after);
    const deliveries = await this.messages.deliveries(
      this.dataSource.manager,
      rows.map(({ message }) => message.id),
    );
    return toPage(
      rows,
      limit,
      ({ message }) => [message.createdAt.toISOString(), message.id],
      ({ message, authorName }) => EventMessageView.of(message, event.timezone, deliveries.get(message.id)!, authorName),
    );
  }

  /** What organizers wrote to attendees of the audiences an attendee without an email stands in, newest first, for their own page. */
  announcements(eventId: string, audiences: readonly AttendeeAudience[]): Promise<Message[]> {
    if (audiences.length === 0) return Promise.resolve([]);
    return this.messages.toAudiences(this.dataSource.manager, eventId, audiences);
  }

  /** The messages sent to be shown on the forum's public page (see shownPublicly), newest first. */
  publicAnnouncements(eventId: string): Promise<Message[]> {
    return this.messages.shownPublicly(this.dataSource.manager, eventId);
  }

  private async onPages(manager: EntityManager, eventId: string, audience: MessageAudience): Promise<number> {
    return audience === 'panel' ? 0 : (await this.rsvps.reach(manager, eventId, audience)).onPages;
  }

  /** Each recipient as a letter to queue; the rule of who they are lives with the attendees and the panel. */
  private async recipients(manager: EntityManager, eventId: string, audience: MessageAudience) {
    type Send = (manager: EntityManager, letterhead: Letterhead) => Promise<string>;
    if (audience === 'panel') {
      const panel = await this.panelists.messageRecipients(manager, eventId);
      return panel.map(
        (panelist): Send =>
          (inner, letterhead) =>
            this.mail.toPanelist(inner, letterhead, panelist),
      );
    }
    const attendees = await this.rsvps.messageRecipients(manager, eventId, audience);
    return attendees.map(
      (rsvp): Send =>
        (inner, letterhead) =>
          this.mail.toAttendee(inner, letterhead, rsvp),
    );
  }

  private async view(manager: EntityManager, event: Event, message: Message): Promise<EventMessageView> {
    const authorName = await this.messages.authorName(manager, message.authorId);
    const deliveries = await this.messages.deliveries(manager, [message.id]);
    return EventMessageView.of(message, event.timezone, deliveries.get(message.id)!, authorName);
  }
}

/** A Spanish version is a whole one: readers of Spanish get either both parts in Spanish or the English. */
function checkTranslations(draft: SendMessageDto): void {
  const problems: FieldProblem[] = [];
  if (draft.subject.es === undefined && draft.body.es !== undefined)
    problems.push({ field: 'subject.es', message: 'is needed with the Spanish body' });
  if (draft.body.es === undefined && draft.subject.es !== undefined)
    problems.push({ field: 'body.es', message: 'is needed with the Spanish subject' });
  if (problems.length) throw new TranslationIncompleteError(problems);
}
