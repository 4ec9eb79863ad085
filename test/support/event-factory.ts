import type { TestApp } from './test-app.js';

const DAY = 24 * 3600 * 1000;

/** A valid event body: a two-hour evening `daysAhead` days from now, in New York. */
export function eventBody(overrides: Record<string, unknown> = {}, daysAhead = 30): Record<string, unknown> {
  const start = new Date(Date.now() + daysAhead * DAY);
  start.setUTCHours(23, 30, 0, 0);
  return {
    title: 'Community forum',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * 3600 * 1000).toISOString(),
    timezone: 'America/New_York',
    ...overrides,
  };
}

/** An evening starting in an hour: the door (check-in) is open, as on the day. */
export function tonight(): { startsAt: string; endsAt: string } {
  return { startsAt: new Date(Date.now() + 3600 * 1000).toISOString(), endsAt: new Date(Date.now() + 3 * 3600 * 1000).toISOString() };
}

/** A draft event through the API, as the given organizer. */
export async function newEvent(t: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const response = await t.api.post('/api/events', eventBody(overrides), { token });
  if (response.status !== 201) throw new Error(`event creation failed: ${response.status} ${response.text}`);
  return response.body;
}

export async function newPublishedEvent(t: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const event = await newEvent(t, token, overrides);
  const response = await t.api.post(`/api/events/${event.id}/publish`, undefined, { token });
  if (response.status !== 200) throw new Error(`publishing failed: ${response.status} ${response.text}`);
  return response.body;
}

/** Moves an event `days` days into the past, as if it had taken place then (rules such as "erase now" wait for the end). */
export function endedDaysAgo(t: TestApp, eventId: string, days: number) {
  return t.sql(
    `UPDATE events SET starts_at = now() - make_interval(days => $2, hours => 2), ends_at = now() - make_interval(days => $2) WHERE id = $1`,
    [eventId, days],
  );
}

export function panelistBody(t: TestApp, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Ana Abogada',
    email: t.uniqueEmail('panelist'),
    affiliation: 'Legal Aid',
    bio: 'Immigration attorney.',
    role: 'panelist',
    ...overrides,
  };
}
