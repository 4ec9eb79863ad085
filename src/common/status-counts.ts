import type { DataSource, EntityTarget } from 'typeorm';

/** Rows of an event per status, every status present (zero when none). */
export async function countByStatus<Status extends string>(
  dataSource: DataSource,
  entity: EntityTarget<{ status: Status }>,
  eventId: string,
  statuses: readonly Status[],
): Promise<Record<Status, number>> {
  const rows = await dataSource
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
