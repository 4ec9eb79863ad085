import type { EventView } from '../../events/dto/event.views.js';

const DAY_MS = 24 * 3600 * 1000;

/** When an ended forum's personal data was or will be erased (RETENTION_DAYS after its end); nothing before it ends. */
export function erasureOf(event: EventView, retentionDays: number, now = Date.now()): { erasedAt: string | null; dueAt: string | null } | undefined {
  if (event.personalDataErasedAt) return { erasedAt: event.personalDataErasedAt, dueAt: null };
  const endsAt = Date.parse(event.endsAt);
  if (endsAt > now && event.status !== 'cancelled') return undefined;
  return { erasedAt: null, dueAt: new Date(endsAt + retentionDays * DAY_MS).toISOString() };
}
