import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Language } from '../common/languages.js';
import { Panelist, PANELIST_STATUSES, type PanelistStatus } from '../events/panelist.entity.js';

/** The panel queries that need a name: pages of the panel, its answers, who a message reaches. */
@Injectable()
export class PanelistsRepository {
  /** Up to `limit` panelists after the `after` position, in invitation order; the confirmed ones only unless `everyone`. */
  page(manager: EntityManager, eventId: string, options: { everyone: boolean; after?: string; limit: number }): Promise<Panelist[]> {
    const query = manager
      .getRepository(Panelist)
      .createQueryBuilder('panelist')
      .where('panelist.event_id = :eventId', { eventId })
      .orderBy('panelist.position', 'ASC')
      .take(options.limit);
    if (!options.everyone) query.andWhere(`panelist.status = 'confirmed'`);
    if (options.after !== undefined) query.andWhere('panelist.position > :after', { after: options.after });
    return query.getMany();
  }

  /** How each event's panel has answered, every status counted (0 when none). */
  async answerCounts(manager: EntityManager, eventIds: string[]): Promise<Map<string, Record<PanelistStatus, number>>> {
    const rows: { event_id: string; status: PanelistStatus; count: number }[] = eventIds.length
      ? await manager.query(
          `SELECT event_id, status, count(*)::int AS count FROM panelists WHERE event_id = ANY($1) GROUP BY event_id, status`,
          [eventIds],
        )
      : [];
    const counts = new Map(
      eventIds.map((id) => [id, Object.fromEntries(PANELIST_STATUSES.map((status) => [status, 0])) as Record<PanelistStatus, number>]),
    );
    for (const row of rows) counts.get(row.event_id)![row.status] = row.count;
    return counts;
  }

  /** The panelists a message to the panel reaches, in invitation order. */
  messageRecipients(manager: EntityManager, eventId: string): Promise<Panelist[]> {
    return this.messageAudience(manager, eventId).orderBy('panelist.position', 'ASC').getMany();
  }

  /** How many of them read each language: the same people `messageRecipients` gives. */
  async messageRecipientLanguages(manager: EntityManager, eventId: string): Promise<Map<Language, number>> {
    const rows = await this.messageAudience(manager, eventId)
      .select('panelist.language', 'language')
      .addSelect('count(*)::int', 'count')
      .groupBy('panelist.language')
      .getRawMany<{ language: Language; count: number }>();
    return new Map(rows.map((row) => [row.language, row.count]));
  }

  /** As with every other letter to the panel, one who declined hears nothing more. */
  private messageAudience(manager: EntityManager, eventId: string): SelectQueryBuilder<Panelist> {
    return manager
      .getRepository(Panelist)
      .createQueryBuilder('panelist')
      .where(`panelist.event_id = :eventId AND panelist.status <> 'declined'`, { eventId });
  }
}
