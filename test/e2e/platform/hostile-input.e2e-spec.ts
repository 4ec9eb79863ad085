import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventBody, newEvent, newPublishedEvent, panelistBody } from '../../support/event-factory.js';
import { expectErrorShape, type ApiResponse } from '../../support/http.js';
import { loadForm, postForm } from '../../support/pages.js';
import { QaFactory } from '../../support/questions.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../support/test-app.js';

const NUL = '\u0000';

/** A 400 in the error shape whose details name exactly these fields. */
function expectRefusedFields(response: ApiResponse, fields: string[]) {
  const body = expectErrorShape(response, 400);
  expect((body.details ?? []).map((detail) => detail.field).sort()).toEqual([...fields].sort());
  return body;
}

/**
 * A 404 as the app gives it: its error shape with no echo of the path, or its page (whose
 * language link leads the reader back to the address they typed), with its security headers.
 */
function expectOwnNotFound(response: ApiResponse, echo: string, page = false) {
  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toMatch(page ? /^text\/html/ : /^application\/json/);
  if (page) expect(response.text).toContain('Page not found');
  else expect(expectErrorShape(response, 404).message).not.toContain(echo);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(response.headers.get('x-request-id')).toBeTruthy();
}

describe('hostile input: one rule for text, depth, instants and types', () => {
  let t: TestApp;
  let org: SignedUp;
  let qa: QaFactory;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Hostile Input Society');
    qa = new QaFactory(t, org);
  });
  afterAll(() => t.close());

  describe('NUL and other control characters', () => {
    it('are refused in every stored text field of the organizer routes, naming the field, and nothing is stored', async () => {
      const signup = await t.api.post('/api/auth/signup', {
        organizationName: `Nul${NUL}Org`,
        name: `Nul${NUL}`,
        email: t.uniqueEmail('nul'),
        password: TEST_PASSWORD,
      });
      expectRefusedFields(signup, ['organizationName', 'name']);
      expect(await t.sql(`SELECT id FROM organizations WHERE name LIKE 'Nul%'`)).toEqual([]);

      expectRefusedFields(await t.api.patch('/api/organization', { name: `a${NUL}b` }, { token: org.token }), ['name']);
      expectRefusedFields(
        await t.api.post(
          '/api/organization/members',
          { name: `a${NUL}`, email: t.uniqueEmail('m'), role: 'organizer' },
          { token: org.token },
        ),
        ['name'],
      );

      const venue = { name: `Hall${NUL}`, address: `1 Main${NUL}`, room: `B${NUL}`, accessibilityNotes: `Ramp${NUL}` };
      const fields = { title: `T${NUL}`, summary: `S${NUL}`, description: `D${NUL}`, interpretation: `I${NUL}`, venue };
      const created = await t.api.post('/api/events', eventBody(fields), { token: org.token });
      expectRefusedFields(created, [
        'title',
        'summary',
        'description',
        'interpretation',
        'venue.name',
        'venue.address',
        'venue.room',
        'venue.accessibilityNotes',
      ]);
      expect(created.body.details).toEqual(
        expect.arrayContaining([
          { field: 'title', message: 'must be one line of text without control characters' },
          { field: 'description', message: 'must not contain control characters (line breaks and tabs are fine)' },
        ]),
      );

      const event = await newEvent(t, org.token);
      expectRefusedFields(await t.api.patch(`/api/events/${event.id}`, { title: `a${NUL}b` }, { token: org.token }), ['title']);
      const panelist = await t.api.post(
        `/api/events/${event.id}/panelists`,
        panelistBody(t, { name: `N${NUL}`, affiliation: `A${NUL}`, bio: `B${NUL}` }),
        { token: org.token },
      );
      expectRefusedFields(panelist, ['name', 'affiliation', 'bio']);
      expect(await t.sql('SELECT id FROM panelists WHERE event_id = $1', [event.id])).toEqual([]);
      const published = await newPublishedEvent(t, org.token);
      expectRefusedFields(await t.api.post(`/api/events/${published.id}/cancel`, { reason: `Storm${NUL}` }, { token: org.token }), [
        'reason',
      ]);
    });

    it('are refused in the attendee and Q&A routes: RSVPs, questions from participants, paper cards and panelists', async () => {
      const event = await qa.event();
      const rsvp = await t.api.post(`/api/events/${event.id}/rsvps`, {
        name: `Ana${NUL}`,
        email: t.uniqueEmail(),
        partySize: 1,
        language: 'en',
        accessibilityNeeds: `x${NUL}`,
      });
      expectRefusedFields(rsvp, ['name', 'accessibilityNeeds']);
      expect(await t.sql('SELECT id FROM rsvps WHERE event_id = $1', [event.id])).toEqual([]);

      const participant = await qa.participant(event.id);
      expectRefusedFields(await qa.ask(event.id, participant, { body: `Why${NUL}?`, authorName: `Ana${NUL}` }), ['body', 'authorName']);
      const card = await t.api.post(`/api/events/${event.id}/questions`, { body: `Card${NUL}`, source: 'card' }, { token: org.token });
      expectRefusedFields(card, ['body']);
      const moderator = await qa.panelist(event.id, 'moderator');
      expectRefusedFields(await t.api.post(`/api/panel/${moderator.token}/questions`, { body: `Panel${NUL}`, authorName: `x${NUL}` }), [
        'body',
        'authorName',
      ]);
      expect(await t.sql('SELECT id FROM questions WHERE event_id = $1', [event.id])).toEqual([]);
    });

    it('lets multi-line fields keep line breaks and tabs, and keeps single-line fields to one line', async () => {
      const multiline = await t.api.post(
        '/api/events',
        eventBody({ description: 'First line\r\n\tSecond line', venue: { name: 'Hall', address: '1 Main St\nBinghamton' } }),
        { token: org.token },
      );
      expect(multiline.status).toBe(201);
      expect(multiline.body.description).toBe('First line\r\n\tSecond line');
      expectRefusedFields(await t.api.post('/api/events', eventBody({ title: 'Two\nlines' }), { token: org.token }), ['title']);
      expectRefusedFields(
        await t.api.post('/api/events', eventBody({ description: 'Bell\u0007', summary: 'Escape\u001b[31m' }), { token: org.token }),
        ['description', 'summary'],
      );
    });

    it('are refused by the page forms as by the API, as a field error on the form; line breaks stay where they belong', async () => {
      const event = await qa.event({ moderation: 'post' });
      const form = await loadForm(t, `/events/${event.slug}`);
      const fields = {
        _csrf: form.token,
        name: `Ana${NUL}`,
        email: t.uniqueEmail(),
        partySize: '1',
        language: 'en',
        accessibilityNeeds: 'Wheelchair\r\nand a seat near the front',
      };
      const refused = await postForm(t, `/events/${event.slug}/rsvp`, fields, { cookie: form.cookieValue });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('Write this on one line, without invisible control characters.');
      const booked = await postForm(t, `/events/${event.slug}/rsvp`, { ...fields, name: 'Ana' }, { cookie: form.cookieValue });
      expect(booked.status).toBe(303);
      const [row] = await t.sql('SELECT accessibility_needs FROM rsvps WHERE event_id = $1', [event.id]);
      expect(row.accessibility_needs).toBe('Wheelchair\r\nand a seat near the front');

      const qaForm = await loadForm(t, `/events/${event.slug}/questions`);
      const asked = await postForm(
        t,
        `/events/${event.slug}/questions`,
        { _csrf: qaForm.token, body: `Why${NUL}?`, authorName: '' },
        { cookie: qaForm.cookieValue },
      );
      expect(asked.status).toBe(400);
      const askedHtml = await asked.text();
      expect(askedHtml).toContain('Remove the invisible control characters from this text.');
      expect(await t.sql('SELECT id FROM questions WHERE event_id = $1', [event.id])).toEqual([]);
    });

    it('refuses a password padded with NUL bytes, so that "ab" can never sign in', async () => {
      const email = t.uniqueEmail('padded');
      const signup = await t.api.post('/api/auth/signup', {
        organizationName: 'Padded',
        name: 'Pat',
        email,
        password: `ab${NUL.repeat(12)}`,
      });
      expectRefusedFields(signup, ['password']);
      expect((await t.api.post('/api/auth/login', { email, password: 'ab' })).status).toBe(401);
    });

    it('refuses lone surrogates in any field, email addresses included, before any validator sees them', async () => {
      const event = await newPublishedEvent(t, org.token);
      const rsvp = await t.api.post(`/api/events/${event.id}/rsvps`, {
        name: 'Ana',
        email: 'a\ud800@x.test',
        partySize: 1,
        language: 'en',
      });
      expect(expectRefusedFields(rsvp, ['email']).details![0]!.message).toBe('must be valid Unicode text');
      expectRefusedFields(await t.api.post('/api/auth/login', { email: 'a\udc00@x.test', password: 'x' }), ['email']);
      expectRefusedFields(await t.api.post('/api/events', eventBody({ title: 'Broken \ud83d' }), { token: org.token }), ['title']);
    });
  });

  describe('path parameters with junk', () => {
    it('are 404 on API routes, feeds and pages, never 500', async () => {
      for (const path of [
        '/api/events/abc%00def',
        '/api/events/abc%00def/event.ics',
        '/api/organizations/x%00/events.ics',
        '/api/rsvps/x%01y',
        '/api/panel/a%00b',
      ]) {
        expectOwnNotFound(await t.api.get(path), 'abc');
      }
      for (const path of ['/events/abc%00def', '/events/abc%00def/questions', '/rsvp/abc%00def', '/panel/abc%00def']) {
        expectOwnNotFound(await t.api.get(path), 'abc%00def', true);
      }
    });

    it("a path that is not UTF-8 once decoded, or a parameter over 100 characters, gets the app's own 404 without echoing the path", async () => {
      expectOwnNotFound(await t.api.get('/api/events/abc%ffdef'), 'abc');
      expectOwnNotFound(await t.api.get('/api/events/abc%zzdef'), 'abc');
      expectOwnNotFound(await t.api.get('/events/abc%c3%28def'), 'abc', true);
      const secret = `Sekret_${'x'.repeat(150)}`;
      expectOwnNotFound(await t.api.get(`/api/rsvps/${secret}`), secret);
      expectOwnNotFound(await t.api.get(`/rsvp/${secret}`), secret, true);
      expectOwnNotFound(await t.api.get(`/api/panel/${secret}/questions`), secret);
    });
  });

  describe('depth', () => {
    const nested = (depth: number, inner = '"x"') => '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
    const rawPost = (path: string, raw: string) => t.api.request('POST', path, { raw, headers: { 'content-type': 'application/json' } });

    it('a body of 3,500 nested objects (21 kB) is refused by the body parser, on its own or inside a field', async () => {
      const event = await newPublishedEvent(t, org.token);
      const deep = nested(3500);
      expect(deep.length).toBeGreaterThan(20_000);
      const rsvpFields = `"name":"Ana","email":"${t.uniqueEmail()}","partySize":1,"language":"en"`;
      const attacks: [string, string][] = [
        [`/api/events/${event.id}/rsvps`, deep],
        [`/api/events/${event.id}/rsvps`, `{${rsvpFields},"accessibilityNeeds":${deep}}`],
        ['/api/events', JSON.stringify(eventBody()).replace(/}$/, `,"venue":{"name":"Hall","address":${deep}}}`)],
        ['/api/auth/login', `[${'['.repeat(5000)}${']'.repeat(5000)}]`],
      ];
      for (const [path, raw] of attacks) {
        const body = expectErrorShape(await rawPost(path, raw), 400);
        expect(body.message).toBe('The body nests objects or arrays more than 32 levels deep.');
      }
      expect(await t.sql('SELECT id FROM rsvps WHERE event_id = $1', [event.id])).toEqual([]);
    });

    it('counts brackets only outside strings, and leaves shallower bodies to the DTO rules', async () => {
      const event = await newPublishedEvent(t, org.token);
      const brackets = '{['.repeat(100);
      const booked = await t.api.post(`/api/events/${event.id}/rsvps`, {
        name: 'Ana',
        email: t.uniqueEmail(),
        partySize: 1,
        language: 'en',
        accessibilityNeeds: brackets,
      });
      expect(booked.status).toBe(202);
      const shallow = expectErrorShape(await rawPost(`/api/events/${event.id}/rsvps`, nested(30)), 400);
      expect(shallow.details).toEqual(expect.arrayContaining([{ field: 'a', message: 'is not a known field' }]));
    });
  });

  describe('instants', () => {
    it('refuses years calendars cannot write and offsets no zone has, so feeds never carry them', async () => {
      for (const startsAt of ['0000-01-01T00:00:00Z', '1899-12-31T23:00:00Z', '2026-12-03T18:30:00+25:00', '2026-12-03T18:30:00-14:30']) {
        const body = expectRefusedFields(await t.api.post('/api/events', eventBody({ startsAt }), { token: org.token }), ['startsAt']);
        expect(body.details![0]!.message).toMatch(/from 1900 to 9999/);
      }
      const event = await newPublishedEvent(t, org.token);
      expectRefusedFields(await t.api.patch(`/api/events/${event.id}`, { startsAt: '0000-01-01T00:00:00Z' }, { token: org.token }), [
        'startsAt',
      ]);
      const feed = await t.api.get(`/api/organizations/${org.organization.slug}/events.ics`);
      expect(feed.text).not.toMatch(/DTSTART[^:\r\n]*:-|DTSTART[^:\r\n]*:0/);
    });

    it("refuses an offset the event's zone does not have at that time, naming the right one", async () => {
      const body = {
        ...eventBody(),
        startsAt: '2027-01-14T18:30:00-04:00',
        endsAt: '2027-01-14T20:30:00-05:00',
        timezone: 'America/New_York',
      };
      const refused = expectRefusedFields(await t.api.post('/api/events', body, { token: org.token }), ['startsAt']);
      expect(refused.message).toBe('2027-01-14T18:30:00-04:00 is not a time in America/New_York, whose offset that day is -05:00.');
    });

    it("reads a local time without offset in the event's zone", async () => {
      const created = await t.api.post(
        '/api/events',
        { ...eventBody(), startsAt: '2027-01-14T18:30', endsAt: '2027-01-14T20:30', timezone: 'America/New_York' },
        { token: org.token },
      );
      expect(created.status).toBe(201);
      expect([created.body.startsAt, created.body.endsAt]).toEqual(['2027-01-14T18:30:00-05:00', '2027-01-14T20:30:00-05:00']);
      const [row] = await t.sql('SELECT starts_at FROM events WHERE id = $1', [created.body.id]);
      expect(row.starts_at.toISOString()).toBe('2027-01-14T23:30:00.000Z');
      const skipped = await t.api.post(
        '/api/events',
        { ...eventBody(), startsAt: '2027-03-14T02:30', endsAt: '2027-03-14T04:00', timezone: 'America/New_York' },
        { token: org.token },
      );
      expect(expectRefusedFields(skipped, ['startsAt']).message).toBe(
        '2027-03-14T02:30 is not a time in America/New_York: the clocks skip it that day.',
      );
    });

    it('on a change, checks the times against the zone the event will have', async () => {
      const event = await newEvent(t, org.token, {
        startsAt: '2027-01-14T18:30:00-05:00',
        endsAt: '2027-01-14T20:30:00-05:00',
        timezone: 'America/New_York',
      });
      const path = `/api/events/${event.id}`;
      expectRefusedFields(await t.api.patch(path, { startsAt: '2027-01-14T17:30:00-04:00' }, { token: org.token }), ['startsAt']);
      const local = await t.api.patch(path, { startsAt: '2027-01-14T17:30' }, { token: org.token });
      expect(local.body.startsAt).toBe('2027-01-14T17:30:00-05:00');
      const moved = await t.api.patch(
        path,
        { timezone: 'America/Halifax', startsAt: '2027-01-14T18:30:00-04:00', endsAt: '2027-01-14T20:30' },
        { token: org.token },
      );
      expect(moved.status).toBe(200);
      expect([moved.body.startsAt, moved.body.endsAt]).toEqual(['2027-01-14T18:30:00-04:00', '2027-01-14T20:30:00-04:00']);
      const wrongForNewZone = await t.api.patch(
        path,
        { timezone: 'America/Chicago', startsAt: '2027-01-14T18:30:00-05:00' },
        { token: org.token },
      );
      expect(expectRefusedFields(wrongForNewZone, ['startsAt']).message).toMatch(
        /is not a time in America\/Chicago, whose offset that day is -06:00\.$/,
      );
      const zoneOnly = await t.api.patch(path, { timezone: 'Europe/Madrid' }, { token: org.token });
      expect(zoneOnly.body.startsAt).toBe('2027-01-14T23:30:00+01:00');
    });
  });

  describe('wrong types say what they are', () => {
    it('before any rule about size, on bodies and queries', async () => {
      const event = await newPublishedEvent(t, org.token);
      const cases: [Promise<ApiResponse>, string, string][] = [
        [t.api.post('/api/events', eventBody({ capacity: '120' }), { token: org.token }), 'capacity', 'must be a number'],
        [t.api.post('/api/events', eventBody({ capacity: 2.5 }), { token: org.token }), 'capacity', 'must be an integer'],
        [t.api.post('/api/events', eventBody({ languages: 'en' }), { token: org.token }), 'languages', 'must be an array'],
        [t.api.post('/api/events', eventBody({ title: 42 }), { token: org.token }), 'title', 'must be a string'],
        [
          t.api.post(`/api/events/${event.id}/rsvps`, { name: 'Ana', email: t.uniqueEmail(), partySize: '1', language: 'en' }),
          'partySize',
          'must be a number',
        ],
        [t.api.get('/api/events?limit=abc'), 'limit', 'must be an integer'],
        [t.api.get('/api/events?limit=0x10'), 'limit', 'must be an integer'],
        [t.api.get('/api/events?limit=1e2'), 'limit', 'must be an integer'],
      ];
      for (const [request, field, message] of cases) {
        const body = expectErrorShape(await request, 400);
        expect({ field, details: body.details }).toEqual({ field, details: [{ field, message }] });
      }
      expect((await t.api.get('/api/events?limit=20')).status).toBe(200);
    });
  });

  describe('the rest of the hostile corpus', () => {
    it('refuses a lone surrogate in every email field', async () => {
      const event = await newPublishedEvent(t, org.token);
      const broken = 'a\ud800@x.test';
      const attempts: [Promise<ApiResponse>, string][] = [
        [t.api.post(`/api/events/${event.id}/rsvps`, { name: 'Ana', email: broken, partySize: 1, language: 'en' }), 'email'],
        [t.api.post('/api/auth/login', { email: broken, password: TEST_PASSWORD }), 'email'],
        [t.api.post('/api/auth/signup', { organizationName: 'X', name: 'X', email: broken, password: TEST_PASSWORD }), 'email'],
        [t.api.post(`/api/events/${event.id}/panelists`, panelistBody(t, { email: broken }), { token: org.token }), 'email'],
        [t.api.post('/api/organization/members', { name: 'M', email: broken, role: 'organizer' }, { token: org.token }), 'email'],
        [t.api.patch('/api/organization', { contactEmail: broken }, { token: org.token }), 'contactEmail'],
      ];
      for (const [attempt, field] of attempts) expectRefusedFields(await attempt, [field]);
    });

    it('refuses "panelistId": null on a question, from a participant and from a moderator panelist', async () => {
      const event = await qa.event();
      const participant = await qa.participant(event.id);
      expectRefusedFields(await qa.ask(event.id, participant, { body: 'Who answers this?', panelistId: null }), ['panelistId']);
      const moderator = await qa.panelist(event.id, 'moderator');
      expectRefusedFields(await t.api.post(`/api/panel/${moderator.token}/questions`, { body: 'Who answers this?', panelistId: null }), [
        'panelistId',
      ]);
    });

    it('answers HEAD on the stream routes at once', async () => {
      const event = await qa.event();
      const moderator = await qa.panelist(event.id, 'moderator');
      for (const path of [`/api/events/${event.id}/questions/stream`, `/api/panel/${moderator.token}/questions/stream`]) {
        const response = await fetch(`${t.baseUrl}${path}`, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      }
    });

    it('counts visible characters: zero-width text is no question, no name and no author', async () => {
      const event = await qa.event({ allowAnonymous: false });
      const participant = await qa.participant(event.id);
      const zeroWidth = '\u200B\u200B\u200B';
      const tooShort = expectRefusedFields(await qa.ask(event.id, participant, { body: zeroWidth, authorName: 'Ana' }), ['body']);
      expect(tooShort.details![0]!.message).toBe('must have at least 3 visible characters');
      expectRefusedFields(await qa.ask(event.id, participant, { body: 'a\u200Bb\u2060', authorName: 'Ana' }), ['body']);
      const anonymous = await qa.ask(event.id, participant, { body: 'Who decides the budget?', authorName: '\u200B\u200D\u2060' });
      expect(anonymous.status).toBe(400);
      expect(await t.sql('SELECT id FROM questions WHERE event_id = $1', [event.id])).toEqual([]);
      const asked = await qa.ask(event.id, participant, { body: '  Who decides\u200B the budget? ', authorName: '\u200BAna\u200B' });
      expect(asked.status).toBe(201);
      expect(asked.body.question.authorName).toBe('Ana');
      const published = await newPublishedEvent(t, org.token);
      expectRefusedFields(
        await t.api.post(`/api/events/${published.id}/rsvps`, { name: zeroWidth, email: t.uniqueEmail(), partySize: 1, language: 'en' }),
        ['name'],
      );
    });

    it('accepts only plain email addresses: no quoted local parts, display names, line breaks or angle brackets', async () => {
      const event = await newPublishedEvent(t, org.token);
      for (const email of [
        '"a\r\nb"@x.test',
        '"<script>"@x.test',
        '"quoted"@x.test',
        'Ana <ana@x.test>',
        '<ana@x.test>',
        'ana@x.test>',
        'a b@x.test',
      ]) {
        expect({
          email,
          status: (await t.api.post(`/api/events/${event.id}/rsvps`, { name: 'Ana', email, partySize: 1, language: 'en' })).status,
        }).toEqual({ email, status: 400 });
        expectRefusedFields(await t.api.post(`/api/events/${event.id}/panelists`, panelistBody(t, { email }), { token: org.token }), [
          'email',
        ]);
        expectRefusedFields(await t.api.post('/api/organization/members', { name: 'M', email, role: 'organizer' }, { token: org.token }), [
          'email',
        ]);
        expectRefusedFields(await t.api.patch('/api/organization', { contactEmail: email }, { token: org.token }), ['contactEmail']);
      }
      expect(await t.sql('SELECT id FROM rsvps WHERE event_id = $1', [event.id])).toEqual([]);
      expect(
        (await t.api.post(`/api/events/${event.id}/rsvps`, { name: 'Ana', email: "o'brien+forum@x.test", partySize: 1, language: 'en' }))
          .status,
      ).toBe(202);
    });
  });
});
