import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeCursor } from '../../../src/common/pagination.js';
import { ConsoleClient } from '../../support/console.js';
import { expectErrorShape } from '../../support/http.js';
import { loadForm } from '../../support/pages.js';
import { QaFactory } from '../../support/questions.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../support/test-app.js';

/**
 * The routes of the live router that take a POST outside /api (the page forms), read from
 * Fastify's route tree, so that a form added later is covered without a line here.
 */
function pageFormRoutes(tree: string): string[] {
  const path: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    path.length = depth;
    path.push(match[2]!);
    const full = path.join('').replace(/\/{2,}/g, '/');
    if ((match[3] ?? '').split(', ').includes('POST') && !full.startsWith('/api/')) routes.push(full);
  }
  return routes;
}

describe('hostile input: bodies that are no form, return paths, cursors and charsets', () => {
  let t: TestApp;
  let org: SignedUp;
  let qa: QaFactory;
  let browser: ConsoleClient;
  let event: { id: string; slug: string };
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Hostile Bodies Society');
    qa = new QaFactory(t, org);
    browser = new ConsoleClient(t);
    await browser.signIn(org.organizer.email, TEST_PASSWORD);
    // Starting within the hour: the door is open, so checking in reaches its redirect.
    const startsAt = new Date(Date.now() + 3600_000);
    const moved = await t.api.patch(
      `/api/events/${(await qa.event()).id}`,
      { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 7200_000).toISOString() },
      { token: org.token },
    );
    expect(moved.status).toBe(200);
    event = moved.body;
  });
  afterAll(() => t.close());

  const rsvpCount = async () => (await t.sql(`SELECT id FROM rsvps WHERE event_id = $1`, [event.id])).length;
  const book = async (): Promise<{ id: string; token: string }> => {
    const booked = await t.api.post(`/api/events/${event.id}/rsvps`, { name: 'Ana', email: t.uniqueEmail(), partySize: 1, language: 'en' });
    expect(booked.status).toBe(202);
    const [rsvp] = await t.sql<{ id: string }>(`SELECT id FROM rsvps WHERE event_id = $1 ORDER BY created_at DESC LIMIT 1`, [event.id]);
    return { id: rsvp!.id, token: booked.body.manageToken };
  };

  it('answers a JSON null, list, number, string or boolean sent to any page form with a 400 page, never a 5xx', async () => {
    const panelist = await qa.panelist(event.id, 'moderator');
    const question = await qa.approvedQuestion(event.id, 'Where do the buses go?');
    const rsvp = await book();
    const member = await t.newMember(org.organization.id, 'moderator');
    const values: Record<string, string> = {
      id: event.id,
      slug: event.slug,
      questionId: question.id,
      rsvpId: rsvp.id,
      panelistId: panelist.id,
      memberId: member.id,
      messageId: '00000000-0000-4000-8000-000000000000',
    };
    const tokenFor = (path: string) =>
      path.startsWith('/panel/') ? panelist.token : path.startsWith('/rsvp/') ? rsvp.token : 'x'.repeat(43);
    const routes = pageFormRoutes(t.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }));
    // The count of page forms when this was written; more is fine, fewer means the tree was misread.
    expect(routes.length).toBeGreaterThanOrEqual(44);
    const failures: string[] = [];
    for (const template of routes) {
      const path = template.replace(/:(\w+)/g, (_, name: string) =>
        name === 'token' ? tokenFor(template) : name === 'id' && template.includes('/questions/:id') ? question.id : values[name]!,
      );
      for (const body of ['null', '[]', '[{"_csrf":"x"}]', '12', '"text"', 'true']) {
        const response = await fetch(`${t.baseUrl}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie: browser.cookieHeader },
          body,
        });
        const html = await response.text();
        if (response.status !== 400 || !response.headers.get('content-type')?.startsWith('text/html') || !html.includes('<html')) {
          failures.push(`${template} ${body} → ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // No body at all is a form without fields: whatever the form says of that, never a 5xx.
    for (const template of ['/console/sign-in', '/console/sign-up', `/events/:slug/rsvp`, '/panel/:token/questions']) {
      const path = template.replace(':slug', event.slug).replace(':token', panelist.token);
      const response = await fetch(`${t.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect([template, response.status < 500]).toEqual([template, true]);
    }
    // A form of named fields still goes through, as JSON as well as urlencoded.
    const asked = await fetch(`${t.baseUrl}/events/${event.slug}/questions`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ body: 'Is the library open on Sundays?' }),
    });
    expect(asked.status).toBeLessThan(400);
  }, 120_000);

  it('sends a sign-in whose return path holds CR/LF or a character a header cannot carry to the console, never a 5xx', async () => {
    for (const next of [
      '/console/account\r\nSet-Cookie: x=1',
      '/console/events?q=é',
      '/console/€',
      '/console/\u2028',
      '/console/😀',
      '/console\n',
    ]) {
      const signIn = await new ConsoleClient(t).post(
        '/console/sign-in',
        { email: org.organizer.email, password: TEST_PASSWORD, next },
        '/console',
      );
      expect([next, signIn.status, signIn.location]).toEqual([next, 303, '/console']);
      // The form that carries it on is a page with the path left out, not a 500.
      const form = await fetch(`${t.baseUrl}/console?next=${encodeURIComponent(next)}`);
      expect(form.status).toBe(200);
    }
    const kept = await new ConsoleClient(t).post(
      '/console/sign-in',
      { email: org.organizer.email, password: TEST_PASSWORD, next: '/console/events?tab=past' },
      '/console',
    );
    expect(kept.location).toBe('/console/events?tab=past');
  });

  it('sends a check-in whose list link holds CR/LF or a character a header cannot carry back to the attendee list, never a 5xx', async () => {
    const list = `/console/events/${event.id}/attendees`;
    for (const back of [`${list}?q=a\r\nSet-Cookie: x=1`, `${list}?q=José`, `${list}?q=€`, `${list}?q=\u2028`, `${list}?q=😀`]) {
      const rsvp = await book();
      const checkIn = await browser.post(`${list}/${rsvp.id}/check-in?back=${encodeURIComponent(back)}`, {}, list);
      expect([back, checkIn.status, checkIn.location]).toEqual([back, 303, list]);
      const undo = await browser.post(`${list}/${rsvp.id}/undo-check-in?back=${encodeURIComponent(back)}`, {}, list);
      expect([back, undo.status, undo.location]).toEqual([back, 303, list]);
    }
    const rsvp = await book();
    const kept = await browser.post(`${list}/${rsvp.id}/check-in?back=${encodeURIComponent(`${list}?q=Jos%C3%A9`)}`, {}, list);
    expect(kept.location).toBe(`${list}?q=Jos%C3%A9`);
  });

  it('refuses a cursor naming year 0000, February 30 or an offset no zone has: 400 on the API, a 400 page at home', async () => {
    for (const at of ['0000-01-01T00:00:00.000Z', '2026-02-30T12:00:00.000Z', '2026-01-01T00:00:00+23:00']) {
      const cursor = encodeCursor([at, '00000000-0000-4000-8000-000000000000']);
      const api = await t.api.get(`/api/events?cursor=${cursor}`);
      expect([at, expectErrorShape(api, 400).code]).toEqual([at, 'invalid-cursor']);
      const members = await t.api.get(`/api/organization/members?cursor=${cursor}`, { token: org.token });
      expect([at, expectErrorShape(members, 400).code]).toEqual([at, 'invalid-cursor']);
      const home = await fetch(`${t.baseUrl}/?cursor=${cursor}`);
      expect([at, home.status, home.headers.get('content-type')]).toEqual([at, 400, 'text/html; charset=utf-8']);
    }
    // A cursor the server handed out still pages.
    const first = await t.api.get('/api/events?limit=1');
    expect(first.status).toBe(200);
    if (first.body.nextCursor) expect((await t.api.get(`/api/events?limit=1&cursor=${first.body.nextCursor}`)).status).toBe(200);
  });

  describe('bodies in UTF-8 only', () => {
    const notUtf8 = (before: string, after: string) =>
      Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe, 0xe9]), Buffer.from(after)]);
    const send = (path: string, contentType: string, body: Buffer | string, headers: Record<string, string> = {}) =>
      fetch(`${t.baseUrl}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': contentType, ...headers }, body });
    const errorOf = async (response: Response) => ({ status: response.status, code: ((await response.json()) as { code: string }).code });

    it('refuses JSON that is not UTF-8 (400) or says another charset (415) and stores nothing; UTF-8 said or unsaid goes through', async () => {
      const before = await rsvpCount();
      const rsvp = (name: string) => `{"name":"${name}","email":"${t.uniqueEmail()}","partySize":1,"language":"en"}`;
      const path = `/api/events/${event.id}/rsvps`;
      const [head, tail] = rsvp('Ana MARK').split('MARK') as [string, string];
      expect(await errorOf(await send(path, 'application/json', notUtf8(head, tail)))).toEqual({ status: 400, code: 'invalid-utf8' });
      for (const charset of ['latin1', 'ISO-8859-1', 'utf-16', '"windows-1252"']) {
        const response = await send(path, `application/json; charset=${charset}`, Buffer.from(rsvp('José'), 'latin1'));
        expect([charset, await errorOf(response)]).toEqual([charset, { status: 415, code: 'unsupported-media-type' }]);
      }
      const participant = await qa.participant(event.id);
      const [qHead, qTail] = '{"body":"Where is the MARK?"}'.split('MARK') as [string, string];
      const question = await send(`/api/events/${event.id}/questions`, 'application/json', notUtf8(qHead, qTail), {
        'x-participant-token': participant,
      });
      expect(await errorOf(question)).toEqual({ status: 400, code: 'invalid-utf8' });
      expect(await t.sql(`SELECT id FROM questions WHERE body LIKE 'Where is the%'`)).toEqual([]);
      expect(await rsvpCount()).toBe(before);

      for (const contentType of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json']) {
        expect((await send(path, contentType, rsvp('Zoë'))).status).toBe(202);
      }
      expect(await t.sql(`SELECT name FROM rsvps WHERE event_id = $1 AND name = 'Zoë'`, [event.id])).toHaveLength(3);
    });

    it('refuses a page form that is not UTF-8, raw or escaped, or says another charset, with a 4xx page, and stores nothing', async () => {
      const before = await rsvpCount();
      const form = await loadForm(t, `/events/${event.slug}`);
      const fields = (name: string) =>
        `_csrf=${form.token}&name=${name}&email=${encodeURIComponent(t.uniqueEmail())}&partySize=1&language=en&accessibilityNeeds=`;
      const path = `/events/${event.slug}/rsvp`;
      const urlencoded = 'application/x-www-form-urlencoded';
      const cookie = { cookie: form.cookieValue };
      const [head, tail] = fields('MARK').split('MARK') as [string, string];
      const refused = [
        await send(path, urlencoded, notUtf8(head, tail), cookie),
        await send(path, urlencoded, fields('Jos%E9'), cookie),
        await send(path, urlencoded, fields('%FF%FE'), cookie),
        await send(path, `${urlencoded}; charset=iso-8859-1`, Buffer.from(fields('José'), 'latin1'), cookie),
      ];
      expect(refused.map((response) => response.status)).toEqual([400, 400, 400, 415]);
      for (const response of refused) expect(await response.text()).toContain('<html');
      expect(await rsvpCount()).toBe(before);

      const accepted = await send(path, `${urlencoded}; charset=UTF-8`, fields('Jos%C3%A9'), cookie);
      expect(accepted.status).toBe(303);
      expect(await t.sql(`SELECT name FROM rsvps WHERE event_id = $1 AND name = 'José'`, [event.id])).toHaveLength(1);

      // A console form alike: the organization keeps its name.
      const renamed = await browser.post('/console/organization', { name: 'placeholder' });
      expect(renamed.status).toBeLessThan(500);
      const { html } = await browser.get('/console/organization');
      const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
      const console = await send('/console/organization', urlencoded, `_csrf=${token}&name=Caf%E9%20Society`, {
        cookie: browser.cookieHeader,
        'sec-fetch-site': 'same-origin',
      });
      expect(console.status).toBe(400);
      expect(await t.sql(`SELECT id FROM organizations WHERE name LIKE 'Caf%'`)).toEqual([]);
    });
  });
});
