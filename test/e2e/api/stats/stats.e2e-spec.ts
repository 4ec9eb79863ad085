import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RsvpOrganizerService } from '../../../../src/rsvps/rsvp-organizer.service.js';
import { TestBrowser } from '../../../support/browser.js';
import { lookAt, signIn } from '../../../support/console.js';
import { newPublishedEvent } from '../../../support/event-factory.js';
import { QaFactory } from '../../../support/questions.js';
import { booked, rsvpBody, startMailedApp, stopMailedApp, type MailedApp } from '../../../support/rsvps.js';
import { TEST_PASSWORD } from '../../../support/test-app.js';

const DAY_MS = 24 * 3600_000;

describe("a forum's stats: the API's numbers and the console's charts of them", () => {
  let mailed: MailedApp;
  let browser: TestBrowser;
  let event: { id: string; slug: string; endsAt: string };
  let moderator: { email: string; token: string };
  let startsAt: Date;
  beforeAll(async () => {
    mailed = await startMailedApp({}, 'Riverside Coalition');
    browser = await TestBrowser.launch();
    const { t, sink, org } = mailed;
    moderator = await t.newMember(org.organization.id, 'moderator');
    startsAt = new Date(Math.ceil((Date.now() + 2 * 3600_000) / 3600_000) * 3600_000);
    event = await newPublishedEvent(t, org.token, {
      capacity: 6,
      maxPartySize: 4,
      timezone: 'America/New_York',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
      questions: { enabled: true, moderation: 'pre', allowAnonymous: true },
    });
    const [ana, , cruz, , ezra] = await booked(t, sink, event.id, [
      rsvpBody(t, { name: 'Ana', partySize: 3, accessibilityNeeds: 'Wheelchair space' }),
      rsvpBody(t, { name: 'Beto', partySize: 2, language: 'es' }),
      rsvpBody(t, { name: 'Cruz', partySize: 1, language: 'es', accessibilityNeeds: 'ASL' }),
      rsvpBody(t, { name: 'Dana', partySize: 4 }),
      rsvpBody(t, { name: 'Ezra', partySize: 1 }),
    ]);
    expect((await t.api.delete(`/api/rsvps/${ezra}`)).status).toBe(200);
    // Booked over four days, and arriving in two quarter hours of the evening.
    await t.sql(`UPDATE rsvps SET created_at = now() - interval '3 days' WHERE event_id = $1 AND name = 'Ana'`, [event.id]);
    await t.sql(`UPDATE rsvps SET created_at = now() - interval '2 days' WHERE event_id = $1 AND name = 'Beto'`, [event.id]);
    for (const token of [ana!, cruz!]) {
      const code = (await t.api.get(`/api/rsvps/${token}`)).body.rsvp.checkInCode;
      expect((await t.api.post(`/api/events/${event.id}/check-in`, { code }, { token: org.token })).status).toBe(200);
    }
    expect((await t.api.post(`/api/events/${event.id}/walk-ins`, { delta: 2 }, { token: org.token })).status).toBe(200);
    await t.sql(`UPDATE rsvps SET checked_in_at = $2 WHERE event_id = $1 AND name = 'Ana'`, [
      event.id,
      new Date(startsAt.getTime() + 5 * 60_000),
    ]);
    await t.sql(`UPDATE rsvps SET checked_in_at = $2 WHERE event_id = $1 AND name = 'Cruz'`, [
      event.id,
      new Date(startsAt.getTime() + 20 * 60_000),
    ]);
    await t.sql(`UPDATE walk_ins SET created_at = $2 WHERE event_id = $1`, [event.id, new Date(startsAt.getTime() + 22 * 60_000)]);
    const qa = new QaFactory(t, org);
    await qa.approvedQuestion(event.id, 'Where does the money go?');
    const rejected = await qa.ask(event.id, await qa.participant(event.id), { body: 'Off topic entirely' });
    await qa.moderate(rejected.body.question.id, { status: 'rejected' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stopMailedApp(mailed);
  });

  const expectedCounts = {
    seats: { capacity: 6, taken: 6, left: 0, waitlisted: 1 },
    rsvps: { confirmed: 3, waitlisted: 1, cancelled: 1 },
    checkedIn: 2,
    attendeesByLanguage: { en: 3, es: 3 },
    partySizes: { 1: 1, 2: 1, 3: 1 },
    accessibilityNeeds: { parties: 2, seats: 4 },
    walkIns: 2,
    questions: { pending: 0, approved: 1, rejected: 1, answered: 0 },
  };

  it('counts seats, languages, needs, party sizes, bookings by day and arrivals by quarter hour, for moderators too', async () => {
    const { t } = mailed;
    const stats = await t.api.get(`/api/events/${event.id}/stats`, { token: moderator.token });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject(expectedCounts);
    // Cumulative by day, by where each RSVP stands now: Ana (3) three days ago, Beto (2) two days ago, Cruz (1) and Dana (waitlisted, 4) today.
    expect(stats.body.bookingsOverTime.unit).toBe('day');
    const points = stats.body.bookingsOverTime.points.map((point: { confirmedSeats: number; waitlistedSeats: number }) => [
      point.confirmedSeats,
      point.waitlistedSeats,
    ]);
    expect(points).toEqual([
      [3, 0],
      [5, 0],
      [5, 0],
      [6, 4],
    ]);
    const days = stats.body.bookingsOverTime.points.map((point: { at: string }) => Date.parse(point.at));
    expect(days[1] - days[0]).toBeGreaterThanOrEqual(DAY_MS - 3600_000);
    expect(new Date(days[0]).toLocaleTimeString('en-US', { timeZone: 'America/New_York', hour12: false })).toBe('00:00:00');
    expect(stats.body.arrivals).toEqual([
      { at: startsAt.toISOString(), people: 3 },
      { at: new Date(startsAt.getTime() + 15 * 60_000).toISOString(), people: 3 },
    ]);
    const text = JSON.stringify(stats.body);
    for (const personal of ['Ana', 'Wheelchair', 'ASL', '@']) expect(text).not.toContain(personal);
  });

  it('draws the same numbers as charts with tables for screen readers, in English and Spanish', async () => {
    const { t } = mailed;
    const { context, page, requested } = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await signIn(page, t, moderator.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${event.id}/stats`);
    expect(await page.locator('figure.chart').count()).toBe(5);
    const table = (caption: string) => page.locator('table', { has: page.locator('caption', { hasText: caption }) });
    const rows = async (caption: string) => (await table(caption).locator('tbody tr').allInnerTexts()).map((row) => row.split('\t'));
    expect(await rows('Confirmed seats by the language')).toEqual([
      ['English', '3'],
      ['Spanish', '3'],
    ]);
    expect(await rows('Confirmed parties by how many')).toEqual([
      ['1', '1'],
      ['2', '1'],
      ['3', '1'],
    ]);
    expect(await rows('Questions by where they stand')).toEqual([
      ['Waiting', '0'],
      ['To answer', '1'],
      ['Not published', '1'],
      ['Answered', '0'],
    ]);
    expect((await rows('Seats booked up to each period')).map((row) => row.slice(1))).toEqual([
      ['3', '0'],
      ['5', '0'],
      ['5', '0'],
      ['6', '4'],
    ]);
    expect((await rows('People arriving')).map((row) => row[1])).toEqual(['3', '3']);
    expect(await page.locator('.counters').innerText()).toMatch(/Seats confirmed\s+6 \/ 6/);
    expect(await page.getByText('2 parties (4 seats) told of accessibility needs.').count()).toBe(1);
    expect(requested.filter((url) => !url.startsWith(`${t.baseUrl}/`))).toEqual([]);
    await lookAt(page, 'stats');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${t.baseUrl}/console/events/${event.id}/stats?lang=es`);
    expect(await rows('Lugares confirmados según el idioma')).toEqual([
      ['inglés', '3'],
      ['español', '3'],
    ]);
    await lookAt(page, 'stats-es');
    await context.close();
  }, 60_000);

  it('says "1 party (1 seat)", "1 party checked in", "1 walk-in" and "1 of 1 seat taken" with the singular, in English and Spanish', async () => {
    const { t, sink, org } = mailed;
    const single = await newPublishedEvent(t, org.token, {
      capacity: 1,
      timezone: 'America/New_York',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
    });
    const [token] = await booked(t, sink, single.id, [rsvpBody(t, { name: 'Fay', partySize: 1, accessibilityNeeds: 'Ramp' })]);
    const code = (await t.api.get(`/api/rsvps/${token}`)).body.rsvp.checkInCode;
    expect((await t.api.post(`/api/events/${single.id}/check-in`, { code }, { token: org.token })).status).toBe(200);
    expect((await t.api.post(`/api/events/${single.id}/walk-ins`, { delta: 1 }, { token: org.token })).status).toBe(200);
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await signIn(page, t, moderator.email, TEST_PASSWORD);
    const hints = async (lang: string) => {
      await page.goto(`${t.baseUrl}/console/events/${single.id}/stats?lang=${lang}`);
      return page.locator('p.hint').allInnerTexts();
    };
    const english = (await hints('en')).join('\n');
    expect(english).toContain('1 party (1 seat) told of accessibility needs.');
    expect(english).toContain('1 party checked in; 1 walk-in.');
    const spanish = (await hints('es')).join('\n');
    expect(spanish).toContain('1 grupo (1 lugar) indicó necesidades de accesibilidad.');
    expect(spanish).toContain('1 grupo registrado; 1 persona sin reserva.');
    // The forum's own console page counts its one seat, and a forum without a limit its one seat taken.
    const unlimited = await newPublishedEvent(t, org.token, { capacity: null });
    await booked(t, sink, unlimited.id, [rsvpBody(t, { name: 'Gil', partySize: 1 })]);
    for (const [id, en, es] of [
      [single.id, '1 of 1 seat taken', '1 de 1 lugar ocupado'],
      [unlimited.id, '1 seat taken (no limit)', '1 lugar ocupado (sin límite)'],
    ] as const) {
      for (const [lang, text] of [
        ['en', en],
        ['es', es],
      ] as const) {
        await page.goto(`${t.baseUrl}/console/events/${id}?lang=${lang}`);
        expect(await page.locator('.seat-count').innerText()).toBe(text);
      }
    }
    await context.close();
  }, 60_000);

  it("keeps every count after the forum's personal data is erased", async () => {
    const { t, org } = mailed;
    const before = (await t.api.get(`/api/events/${event.id}/stats`, { token: org.token })).body;
    // Erasing waits for the end: the app's clock is moved past it for the erasure only.
    t.clock.advance(Date.parse(event.endsAt) - Date.now() + 60_000);
    try {
      await t.app.get(RsvpOrganizerService).eraseEvent(org.organization.id, event.id);
    } finally {
      t.clock.reset();
    }
    expect(
      await t.sql(`SELECT count(*)::int AS left FROM rsvps WHERE event_id = $1 AND (name IS NOT NULL OR accessibility_needs IS NOT NULL)`, [
        event.id,
      ]),
    ).toEqual([{ left: 0 }]);
    const after = (await t.api.get(`/api/events/${event.id}/stats`, { token: org.token })).body;
    expect(after).toEqual(before);
    expect(after.accessibilityNeeds).toEqual({ parties: 2, seats: 4 });
  });
});
