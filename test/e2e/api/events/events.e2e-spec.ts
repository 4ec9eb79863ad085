import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectErrorShape } from '../../../support/http.js';
import { documentedRoutes } from '../../../support/openapi.js';
import { eventBody, newEvent, newPublishedEvent } from '../../../support/event-factory.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

describe('events', () => {
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Broome Residents Coalition');
  });
  afterAll(() => t.close());

  it("creates a draft, which claims its readable slug when published, with the event's own offset on every instant", async () => {
    const response = await t.api.post(
      '/api/events',
      {
        title: 'Community Forum: ¿Qué sigue?',
        startsAt: '2026-12-03T23:30:00Z',
        endsAt: '2026-12-04T01:30:00.000+00:00',
        timezone: 'America/New_York',
        venue: { name: 'Fellowship hall', address: '1 Main St, Binghamton, NY' },
        languages: ['en', 'es'],
      },
      { token: org.token },
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: 'Community Forum: ¿Qué sigue?',
      slug: null,
      status: 'draft',
      sequence: 0,
      startsAt: '2026-12-03T18:30:00-05:00',
      endsAt: '2026-12-03T20:30:00-05:00',
      timezone: 'America/New_York',
      venue: { name: 'Fellowship hall', address: '1 Main St, Binghamton, NY', room: null, accessibilityNotes: null },
      onlineUrl: null,
      capacity: null,
      waitlistEnabled: true,
      maxPartySize: 4,
      languages: ['en', 'es'],
      questions: { enabled: true, moderation: 'pre', allowAnonymous: true },
      seats: { capacity: null, taken: 0, left: null, waitlisted: 0 },
    });
  });

  it('gives the same title distinct slugs and keeps the slug when the title changes', async () => {
    const first = await newPublishedEvent(t, org.token, { title: 'Same title' });
    const second = await newPublishedEvent(t, org.token, { title: 'Same title' });
    expect(second.slug).toBe(`${first.slug}-2`);
    const renamed = await t.api.patch(`/api/events/${first.id}`, { title: 'A new title' }, { token: org.token });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'A new title', slug: first.slug });
  });

  it('rejects invalid fields with 400 in the one error shape, and creates nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      [{ timezone: 'EST' }, 'timezone'],
      [{ timezone: '+05:00' }, 'timezone'],
      [{ startsAt: '2026-12-03' }, 'startsAt'],
      [{ startsAt: '2026-12-03T18:30:00+25:00' }, 'startsAt'],
      [{ startsAt: '2026-02-30T18:30:00Z' }, 'startsAt'],
      [{ capacity: 0 }, 'capacity'],
      [{ capacity: 2.5 }, 'capacity'],
      [{ maxPartySize: 21 }, 'maxPartySize'],
      [{ maxPartySize: null }, 'maxPartySize'],
      [{ languages: ['en', 'klingon'] }, 'languages'],
      [{ languages: [] }, 'languages'],
      [{ onlineUrl: 'javascript:alert(1)' }, 'onlineUrl'],
      [{ venue: { name: 'Hall', room: 'r'.repeat(201) } }, 'venue.room'],
      [{ venue: { address: 'No name' } }, 'venue.name'],
      [{ questions: { moderation: 'never' } }, 'questions.moderation'],
      [{ surprise: true }, 'surprise'],
    ];
    for (const [override, field] of cases) {
      const body = expectErrorShape(await t.api.post('/api/events', eventBody(override), { token: org.token }), 400);
      expect(body.details?.map((detail) => detail.field)).toContain(field);
    }
    const start = '2026-12-03T18:30:00-05:00';
    const backwards = await t.api.post('/api/events', eventBody({ startsAt: start, endsAt: start }), { token: org.token });
    expect(expectErrorShape(backwards, 400)).toMatchObject({
      code: 'ends-before-start',
      details: [{ field: 'endsAt', message: 'must be after startsAt' }],
    });
    const [{ count }] = await t.sql(`SELECT count(*)::int AS count FROM events WHERE title = 'Community forum'`);
    expect(count).toBe(0);
  });

  it('accepts zones the tz database names even where ICU uses an older alias', async () => {
    const event = await newEvent(t, org.token, {
      timezone: 'Asia/Kolkata',
      startsAt: '2026-12-03T13:00:00Z',
      endsAt: '2026-12-03T15:00:00Z',
    });
    expect(event).toMatchObject({ timezone: 'Asia/Kolkata', startsAt: '2026-12-03T18:30:00+05:30' });
  });

  it('lets only owners and organizers create and change events; moderators get 403', async () => {
    const moderator = await t.newMember(org.organization.id, 'moderator');
    const organizer = await t.newMember(org.organization.id, 'organizer');
    expectErrorShape(await t.api.post('/api/events', eventBody(), { token: moderator.token }), 403);
    const event = await newEvent(t, organizer.token);
    for (const response of [
      await t.api.patch(`/api/events/${event.id}`, { title: 'Mine now' }, { token: moderator.token }),
      await t.api.post(`/api/events/${event.id}/publish`, undefined, { token: moderator.token }),
      await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'No' }, { token: moderator.token }),
      await t.api.delete(`/api/events/${event.id}`, { token: moderator.token }),
    ]) {
      expectErrorShape(response, 403);
    }
    expectErrorShape(await t.api.post('/api/events', eventBody()), 401);
    const list = await t.api.get('/api/organization/events', { token: moderator.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(event.id);
    const stats = await t.api.get(`/api/events/${event.id}/stats`, { token: moderator.token });
    expect(stats.status).toBe(200);
  });

  it('hides drafts from everyone outside the organization, on every route', async () => {
    const draft = await newEvent(t, org.token, { title: 'Secret draft' });
    const other = await t.newOrganization('Other Coalition');
    for (const path of [
      `/api/events/${draft.id}`,
      '/api/events/secret-draft-' + draft.startsAt.slice(0, 10),
      `/api/events/${draft.id}/event.ics`,
      `/api/events/${draft.id}/panelists`,
    ]) {
      expectErrorShape(await t.api.get(path), 404);
      expectErrorShape(await t.api.get(path, { token: other.token }), 404);
    }
    const publicList = await t.api.get('/api/events?limit=200');
    expect(publicList.text).not.toContain(draft.id);
    // Its members reach it by id: a draft claims no address.
    const own = await t.api.get(`/api/events/${draft.id}`, { token: org.token });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: draft.id, status: 'draft', slug: draft.id });
  });

  it("answers 404 for another organization's ids and for malformed ids, never 500", async () => {
    const event = await newPublishedEvent(t, org.token);
    const other = await t.newOrganization('Rival Coalition');
    const token = other.token;
    for (const id of [event.id, 'not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
      expectErrorShape(await t.api.patch(`/api/events/${id}`, { title: 'Hijacked' }, { token }), 404);
      expectErrorShape(await t.api.post(`/api/events/${id}/publish`, undefined, { token }), 404);
      expectErrorShape(await t.api.post(`/api/events/${id}/cancel`, { reason: 'Because' }, { token }), 404);
      expectErrorShape(await t.api.delete(`/api/events/${id}`, { token }), 404);
      expectErrorShape(await t.api.get(`/api/events/${id}/stats`, { token }), 404);
    }
    expectErrorShape(await t.api.get('/api/events/not-a-uuid'), 404);
    const own = await t.api.get('/api/organization/events', { token });
    expect(own.body.items).toEqual([]);
    const [{ title }] = await t.sql('SELECT title FROM events WHERE id = $1', [event.id]);
    expect(title).toBe('Community forum');
  });

  it('shows the public view with organization, seats and confirmed panelists only, and no email anywhere', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 150 });
    const panelistEmail = t.uniqueEmail('hidden');
    const confirmed = await t.api.post(
      `/api/events/${event.id}/panelists`,
      { name: 'Confirmed Person', email: panelistEmail, affiliation: 'Legal Aid', bio: 'Lawyer.', role: 'panelist' },
      { token: org.token },
    );
    await t.api.post(
      `/api/events/${event.id}/panelists`,
      { name: 'Invited Person', email: t.uniqueEmail('invited'), role: 'moderator' },
      { token: org.token },
    );
    await t.sql(`UPDATE panelists SET status = 'confirmed' WHERE id = $1`, [confirmed.body.id]);
    await t.api.patch(`/api/organization`, { contactEmail: 'contact@coalition.example' }, { token: org.token });

    for (const path of [`/api/events/${event.id}`, `/api/events/${event.slug}`]) {
      const response = await t.api.get(path);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: event.id,
        organization: { name: 'Broome Residents Coalition', slug: org.organization.slug },
        seats: { capacity: 150, availability: 'plenty' },
        panelists: [{ id: confirmed.body.id, name: 'Confirmed Person', affiliation: 'Legal Aid', bio: 'Lawyer.', role: 'panelist' }],
      });
      expect(Object.keys(response.body.panelists[0]).sort()).toEqual(['affiliation', 'bio', 'id', 'name', 'role']);
      expect(response.text).not.toMatch(/@/);
      expect(response.text).not.toMatch(/createdAt|updatedAt|seatsTaken|organizationId/);
    }
    const list = await t.api.get('/api/events?limit=200');
    expect(list.text).not.toMatch(/@/);
  });

  it('lists published upcoming events soonest first, past ones newest first, with cursors', async () => {
    const fresh = await t.newOrganization('Listing Org');
    const later = await newPublishedEvent(t, fresh.token, { title: 'Later' });
    const sooner = await newPublishedEvent(t, fresh.token, eventBody({ title: 'Sooner' }, 5));
    const inProgress = await newPublishedEvent(t, fresh.token, {
      title: 'In progress',
      startsAt: new Date(Date.now() - 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    const ended = await newPublishedEvent(t, fresh.token, eventBody({ title: 'Ended' }, -10));
    const endedEarlier = await newPublishedEvent(t, fresh.token, eventBody({ title: 'Ended earlier' }, -20));
    await newEvent(t, fresh.token, eventBody({ title: 'Draft' }, 40));

    const ours = (items: { id: string }[]) =>
      items.map((item) => item.id).filter((id) => [later.id, sooner.id, inProgress.id, ended.id, endedEarlier.id].includes(id));
    const upcoming = await t.api.get('/api/events?limit=200');
    expect(upcoming.status).toBe(200);
    expect(ours(upcoming.body.items)).toEqual([inProgress.id, sooner.id, later.id]);
    const past = await t.api.get('/api/events?when=past&limit=200');
    expect(ours(past.body.items)).toEqual([ended.id, endedEarlier.id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await t.api.get(
        `/api/events?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(upcoming.body.items.map((item: { id: string }) => item.id));

    expectErrorShape(await t.api.get('/api/events?when=someday'), 400);
    expectErrorShape(await t.api.get('/api/events?cursor=garbage'), 400);
    const forged = Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url');
    expectErrorShape(await t.api.get(`/api/events?cursor=${forged}`), 400);
    expectErrorShape(await t.api.get('/api/events?limit=201'), 400);

    const all = await t.api.get('/api/organization/events', { token: fresh.token });
    expect(all.body.items.map((item: { title: string }) => item.title)).toEqual([
      'Draft',
      'Later',
      'Sooner',
      'In progress',
      'Ended',
      'Ended earlier',
    ]);
  });

  it('documents every event, panel and calendar route in OpenAPI with a tag, a summary and a typed answer', async () => {
    const routes = await documentedRoutes(t, /^\/api\/(events|organization\/events|organizations|panel)/);
    expect(routes.length).toBeGreaterThanOrEqual(17);
    for (const { route, tags, summary, typed } of routes) {
      expect({ route, tagged: tags.length > 0, summary, typed }).toEqual({ route, tagged: true, summary: true, typed: true });
    }
  });
});
