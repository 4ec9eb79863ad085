/*
 * A script as an organization would write it, against types generated from /api/docs-json.
 * `townhall-api.d.ts` does not live here: openapi-client.e2e-spec.ts generates it from the
 * running server into a temporary folder and type-checks this file against it (which is why
 * the project's own type-check leaves this folder out).
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './townhall-api.js';

type ApiError = components['schemas']['ApiError'];

/** Stops the script with the server's own sentence, as a script author would. */
function dataOf<T>(answer: { data?: T; error?: ApiError; response: Response }): T {
  if (answer.data === undefined) throw new Error(`${answer.response.status}: ${answer.error?.message}`);
  return answer.data;
}

/**
 * Signs up, schedules a forum, publishes it and RSVPs to it; returns what a script would report.
 * `ownerConfirmed` resolves once the owner has opened the emailed confirmation link: publishing waits for it.
 */
export async function scheduleAndRsvp(
  baseUrl: string,
  emails: { organizer: string; neighbor: string },
  ownerConfirmed: () => Promise<unknown>,
) {
  const townhall = createClient<paths>({ baseUrl });
  const session = dataOf(
    await townhall.POST('/api/auth/signup', {
      body: { organizationName: 'Eastside Library Friends', name: 'Joan Park', email: emails.organizer, password: 'a long enough password' },
    }),
  );
  // A server with SIGNUP_MODE=confirm-email answers 202 {message} instead: the emailed link comes first.
  if (!('accessToken' in session)) throw new Error(session.message);
  const headers = { Authorization: `Bearer ${session.accessToken}` };

  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
  const draft = dataOf(
    await townhall.POST('/api/events', {
      headers,
      body: {
        title: 'Library hours: what should change?',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
        timezone: 'America/Chicago',
        capacity: 40,
        languages: ['en', 'es'],
      },
    }),
  );
  await ownerConfirmed();
  const published = dataOf(await townhall.POST('/api/events/{id}/publish', { headers, params: { path: { id: draft.id } } }));

  const rsvp = await townhall.POST('/api/events/{id}/rsvps', {
    params: { path: { id: published.id } },
    body: { name: 'Luis Ortega', email: emails.neighbor, partySize: 3, language: 'es' },
  });
  const list = dataOf(await townhall.GET('/api/events/{id}/rsvps', { headers, params: { path: { id: published.id } } }));
  const publicView = dataOf(await townhall.GET('/api/events/{id}', { params: { path: { id: published.slug ?? published.id } } }));

  const again = await townhall.POST('/api/auth/signup', {
    body: { organizationName: 'Someone else', name: 'Someone', email: emails.organizer, password: 'a long enough password' },
  });

  return {
    status: published.status,
    // With an email the answer is the 202's words; without one it would be the 201's booking.
    rsvp: { status: rsvp.response.status, message: rsvp.data && 'message' in rsvp.data ? rsvp.data.message : undefined },
    booked: list.items.map(({ name, partySize, status }) => ({ name, partySize, status })),
    publicTitle: publicView.title,
    takenEmail: { status: again.response.status, error: again.error },
  };
}

/** Never called: each line is refused by the generated types, so the type-check proves they are strict. */
export function refusedByTheTypes(townhall: Client<paths>): void {
  // @ts-expect-error: there is no such path
  void townhall.GET('/api/event');
  // @ts-expect-error: partySize is a number
  void townhall.POST('/api/events/{id}/rsvps', { params: { path: { id: 'x' } }, body: { name: 'A', email: 'a@example.org', partySize: '2', language: 'en' } });
  // @ts-expect-error: the event id is required
  void townhall.POST('/api/events/{id}/publish', {});
}
