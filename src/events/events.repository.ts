import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { decodeTimeCursor } from '../common/time-cursor.js';
import { Panelist } from '../events/panelist.entity.js';
import { Event } from './event.entity.js';

type Direction = 'ASC' | 'DESC';

/** The event queries with an order or a shape worth naming. */
@Injectable()
export class EventsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The event under the lock every change of it takes (FOR NO KEY UPDATE, as RsvpsRepository.lockEvent), or null. */
  lock(manager: EntityManager, eventId: string): Promise<Event | null> {
    return manager.findOne(Event, { where: { id: eventId }, lock: { mode: 'for_no_key_update' } });
  }

  /** Published events that have not ended, soonest first; or those that have, most recent first. */
  listPublished(when: 'upcoming' | 'past', page: PageQuery): Promise<Page<Event>> {
    const query = this.dataSource
      .getRepository(Event)
      .createQueryBuilder('event')
      .where(`event.status = 'published'`)
      .andWhere(when === 'upcoming' ? 'event.ends_at > :now' : 'event.ends_at <= :now', { now: this.clock.now() });
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
    return this.dataSource.getRepository(Event).findOneBy(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
  }

  /**
   * Makes the slug this event's for good, unless another event holds (or held) it: true when
   * the event now holds it (its own former slug included). Concurrent claims of one slug wait
   * for each other, and one wins.
   */
  async claimSlug(manager: EntityManager, slug: string, eventId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO event_slugs (slug, event_id) VALUES ($1, $2)
       ON CONFLICT (slug) DO UPDATE SET event_id = event_slugs.event_id WHERE event_slugs.event_id = $2
       RETURNING slug`,
      [slug, eventId],
    );
    return rows.length > 0;
  }

  /** The highest number among the automatic slugs of `base` held or once held (`base` itself is 1), 0 for none. */
  async highestSlugNumber(manager: EntityManager, base: string): Promise<number> {
    const [row]: { highest: number }[] = await manager.query(
      `SELECT coalesce(max(CASE WHEN slug = $1 THEN 1 ELSE substr(slug, length($1) + 2)::int END), 0) AS highest
       FROM event_slugs WHERE slug = $1 OR (slug LIKE $1 || '-%' AND substr(slug, length($1) + 2) ~ '^[0-9]{1,6}$')`,
      [base],
    );
    return row!.highest;
  }

  /**
   * The shortest start of the event's id (hex digits, at least `minimum`) that no other event's
   * id starts with: a code short enough to type from a projected screen.
   */
  async shortestIdPrefix(id: string, minimum: number): Promise<string> {
    const hex = id.replaceAll('-', '');
    const [row]: { length: number }[] = await this.dataSource.query(
      `SELECT greatest($2::int, coalesce(max(length), 0)) AS length FROM (
         SELECT (SELECT min(n) FROM generate_series(1, 32) AS n WHERE substr(replace(id::text, '-', ''), n, 1) <> substr($1, n, 1)) AS length
         FROM events WHERE id <> $3
       ) AS shared`,
      [hex, minimum, id],
    );
    return hex.slice(0, row!.length);
  }

  /** The events whose id starts with these hex digits (a join code), at most two: one is an answer, two are not. */
  findByIdPrefix(prefix: string): Promise<Event[]> {
    return this.dataSource
      .getRepository(Event)
      .createQueryBuilder('event')
      .where(`replace(event.id::text, '-', '') LIKE :prefix`, { prefix: `${prefix}%` })
      .take(2)
      .getMany();
  }

  /** The event that once answered to this slug and now has another. */
  async findByFormerSlug(slug: string): Promise<Event | null> {
    const [row]: { event_id: string }[] = await this.dataSource.query('SELECT event_id FROM event_slugs WHERE slug = $1', [slug]);
    return row ? this.dataSource.getRepository(Event).findOneBy({ id: row.event_id }) : null;
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

  private async pageByStart(query: SelectQueryBuilder<Event>, direction: Direction, { limit, cursor }: PageQuery): Promise<Page<Event>> {
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
    return toPage(
      rows,
      limit,
      (event) => [event.startsAt.toISOString(), event.id],
      (event) => event,
    );
  }
}
