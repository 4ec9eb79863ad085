import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { NotFoundError, type FieldProblem } from '../common/domain-errors.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { decodeTimeCursor } from '../common/time-cursor.js';
import type { Event } from '../events/event.entity.js';
import { EventsService } from '../events/events.service.js';
import { assertMayReachStrangers } from '../accounts/mail-allowances.js';
import { Organization } from '../accounts/organization.entity.js';
import { PanelistsService } from '../panelists/panelists.service.js';
import type { AttendeeAudience } from '../rsvps/attendee-audiences.js';
import { RsvpsRepository } from '../rsvps/rsvps.repository.js';
import type { SendMessageDto } from './dto/message.dto.js';
import { EventMessageView, type DeliveryCountsView } from './dto/message.views.js';
import { NobodyToMessageError, TranslationIncompleteError } from './message-errors.js';
import { letterLanguage, MessageMail, type Letterhead } from './message-mail.js';
import { shownPublicly, type MessageAudience } from './message-audiences.js';
import { Message } from './message.entity.js';
import type { Language } from '../common/languages.js';

/** How many people a message would reach, by the language of the letter each would get. */
export interface RecipientCounts {
  recipients: number;
  languages: Record<Language, number>;
  /** Attendees of the audience who gave no email: they read it on their own page and the forum's page. */
  onPages: number;
}

/** A forum's page shows its latest messages; older ones went out long before the night. */
const ANNOUNCEMENTS_SHOWN = 20;

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
    private readonly panelists: PanelistsService,
    private readonly mail: MessageMail,
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
      const inserted: { id: string }[] = nobody
        ? []
        : await manager.query(
            `INSERT INTO event_messages (id, event_id, author_id, audience, subject_en, subject_es, body_en, body_es, recipients, shown_publicly)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING RETURNING id`,
            [
              id,
              event.id,
              organizer.id,
              draft.audience,
              draft.subject.en,
              draft.subject.es ?? null,
              draft.body.en,
              draft.body.es ?? null,
              recipients.length,
              shownPublicly(draft.audience, event.rsvpContact),
            ],
          );
      // Not inserted: sent before under this id (then answered again), or there was nobody to send it to.
      const message = await manager.findOneBy(Message, { id, eventId: event.id });
      if (!message) throw nobody ? new NobodyToMessageError() : new NotFoundError('The message');
      if (inserted.length > 0) {
        const letterhead = { message, event, organization: await manager.findOneByOrFail(Organization, { id: event.organizationId }) };
        const outboxIds = [];
        for (const send of recipients) outboxIds.push(await send(manager, letterhead));
        await manager.query(`INSERT INTO event_message_deliveries (outbox_id, message_id) SELECT unnest($1::uuid[]), $2`, [
          outboxIds,
          message.id,
        ]);
      }
      return this.view(manager, event, message);
    });
  }

  async list(organizationId: string, eventId: string, { limit, cursor }: PageQuery): Promise<Page<EventMessageView>> {
    const event = await this.events.findOwned(organizationId, eventId);
    const after = decodeTimeCursor(cursor);
    const query = this.dataSource
      .getRepository(Message)
      .createQueryBuilder('message')
      .leftJoin('organizers', 'author', 'author.id = message.author_id')
      .addSelect('author.name', 'author_name')
      .where('message.event_id = :eventId', { eventId: event.id })
      .orderBy('message.created_at', 'DESC')
      .addOrderBy('message.id', 'DESC')
      .limit(limit + 1);
    if (after) query.andWhere('(message.created_at, message.id) < (:at, :id)', after);
    const { entities, raw } = await query.getRawAndEntities<{ author_name: string | null }>();
    const deliveries = await this.deliveries(
      this.dataSource.manager,
      entities.map((message) => message.id),
    );
    const rows = entities.map((message, index) => ({ message, authorName: raw[index]!.author_name }));
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
    return this.latest({ eventId, audience: In([...audiences]) });
  }

  /** The messages sent to be shown on the forum's public page (see shownPublicly), newest first. */
  publicAnnouncements(eventId: string): Promise<Message[]> {
    return this.latest({ eventId, shownPublicly: true });
  }

  private latest(where: FindOptionsWhere<Message>): Promise<Message[]> {
    return this.dataSource.getRepository(Message).find({ where, order: { createdAt: 'DESC' }, take: ANNOUNCEMENTS_SHOWN });
  }

  private onPages(manager: EntityManager, eventId: string, audience: MessageAudience): Promise<number> {
    return audience === 'panel' ? Promise.resolve(0) : this.rsvps.countWithoutEmail(manager, eventId, audience);
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
    const [author]: { name: string }[] = message.authorId
      ? await manager.query('SELECT name FROM organizers WHERE id = $1', [message.authorId])
      : [];
    const deliveries = await this.deliveries(manager, [message.id]);
    return EventMessageView.of(message, event.timezone, deliveries.get(message.id)!, author?.name ?? null);
  }

  /** Where each message's emails stand in the outbox. */
  private async deliveries(manager: EntityManager, messageIds: string[]): Promise<Map<string, DeliveryCountsView>> {
    const rows: ({ message_id: string } & DeliveryCountsView)[] = messageIds.length
      ? await manager.query(
          `SELECT d.message_id,
             count(*) FILTER (WHERE o.status = 'pending')::int AS pending,
             count(*) FILTER (WHERE o.status = 'sent')::int AS sent,
             count(*) FILTER (WHERE o.status = 'failed')::int AS failed
           FROM event_message_deliveries d JOIN mail_outbox o ON o.id = d.outbox_id
           WHERE d.message_id = ANY($1) GROUP BY d.message_id`,
          [messageIds],
        )
      : [];
    const counts = new Map(messageIds.map((id) => [id, { pending: 0, sent: 0, failed: 0 }]));
    for (const { message_id, pending, sent, failed } of rows) counts.set(message_id, { pending, sent, failed });
    return counts;
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
