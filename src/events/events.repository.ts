import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityTarget, type SelectQueryBuilder } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { decodeTimeCursor } from '../common/time-cursor.js';
import { Panelist, PANELIST_STATUSES, type PanelistStatus } from '../panelists/panelist.entity.js';
import { Question, QUESTION_STATUSES, type QuestionStatus } from '../questions/question.entity.js';
import { MAIL_LANGUAGES, type MailLanguage } from '../notifications/mail-templates.js';
import { Rsvp, RSVP_STATUSES, type RsvpStatus } from '../rsvps/rsvp.entity.js';
import { Event } from './event.entity.js';

type Direction = 'ASC' | 'DESC';

/** The event queries with an order or a shape worth naming. */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Published events that have not ended, soonest first; or those that have, most recent first. */
  listPublished(when: 'upcoming' | 'past', page: PageQuery): Promise<Page<Event>> {
    const query = this.dataSource
      .getRepository(Event)
      .createQueryBuilder('event')
      .where(`event.status = 'published'`)
      .andWhere(when === 'upcoming' ? 'event.ends_at > now()' : 'event.ends_at <= now()');
    return this.pageByStart(query, when === 'upcoming' ? 'ASC' : 'DESC', page);
  }

  /** Every event of the organization, any status, latest start first. */
  listForOrganization(organizationId: string, page: PageQuery): Promise<Page<Event>> {
    const query = this.dataSource
      .getRepository(Event)
      .createQueryBuilder('event')
      .where('event.organization_id = :organizationId', { organizationId });
    return this.pageByStart(query, 'DESC', page);
  }

  /** What a calendar feed carries: published and cancelled events, never drafts. */
  listForFeed(organizationId: string, limit: number): Promise<Event[]> {
    return this.dataSource.getRepository(Event).find({
      where: { organizationId, status: In(['published', 'cancelled']) },
      order: { startsAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  findByIdOrSlug(idOrSlug: string): Promise<Event | null> {
    return this.dataSource
      .getRepository(Event)
      .findOneBy(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
  }

  /** Confirmed panelists of each event, in the order they were invited. */
  async confirmedPanelists(eventIds: string[]): Promise<Map<string, Panelist[]>> {
    const rows = eventIds.length
      ? await this.dataSource.getRepository(Panelist).find({
          where: { eventId: In(eventIds), status: 'confirmed' },
          order: { position: 'ASC' },
        })
      : [];
    const byEvent = new Map<string, Panelist[]>(eventIds.map((id) => [id, []]));
    for (const row of rows) byEvent.get(row.eventId)?.push(row);
    return byEvent;
  }

  panelistCounts(eventId: string): Promise<Record<PanelistStatus, number>> {
    return this.countByStatus(Panelist, eventId, PANELIST_STATUSES);
  }

  rsvpCounts(eventId: string): Promise<Record<RsvpStatus, number>> {
    return this.countByStatus(Rsvp, eventId, RSVP_STATUSES);
  }

  /** Confirmed parties checked in, and confirmed seats by the language their party chose. */
  async attendance(eventId: string): Promise<{ checkedIn: number; byLanguage: Record<MailLanguage, number> }> {
    const rows: { language: MailLanguage; seats: number; checked_in: number }[] = await this.dataSource.query(
      `SELECT language, sum(party_size)::int AS seats, count(checked_in_at)::int AS checked_in
       FROM rsvps WHERE event_id = $1 AND status = 'confirmed' GROUP BY language`,
      [eventId],
    );
    const byLanguage = Object.fromEntries(MAIL_LANGUAGES.map((language) => [language, 0])) as Record<MailLanguage, number>;
    for (const row of rows) byLanguage[row.language] = row.seats;
    return { checkedIn: rows.reduce((sum, row) => sum + row.checked_in, 0), byLanguage };
  }

  questionCounts(eventId: string): Promise<Record<QuestionStatus, number>> {
    return this.countByStatus(Question, eventId, QUESTION_STATUSES);
  }

  /** Rows of the event per status, every status present (zero when none). */
  private async countByStatus<Status extends string>(
    entity: EntityTarget<{ status: Status }>,
    eventId: string,
    statuses: readonly Status[],
  ): Promise<Record<Status, number>> {
    const rows = await this.dataSource
      .getRepository(entity)
      .createQueryBuilder('row')
      .select('row.status', 'status')
      .addSelect('count(*)::int', 'count')
      .where('row.event_id = :eventId', { eventId })
      .groupBy('row.status')
      .getRawMany<{ status: Status; count: number }>();
    const counts = Object.fromEntries(statuses.map((status) => [status, 0])) as Record<Status, number>;
    for (const row of rows) counts[row.status] = row.count;
    return counts;
  }

  private async pageByStart(
    query: SelectQueryBuilder<Event>,
    direction: Direction,
    { limit, cursor }: PageQuery,
  ): Promise<Page<Event>> {
    const after = decodeTimeCursor(cursor);
    if (after) {
      const comparison = direction === 'ASC' ? '>' : '<';
      query.andWhere(`(event.starts_at, event.id) ${comparison} (:at::timestamptz, :id::uuid)`, after);
    }
    const rows = await query
      .orderBy('event.starts_at', direction)
      .addOrderBy('event.id', direction)
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, (event) => [event.startsAt.toISOString(), event.id], (event) => event);
  }
}
