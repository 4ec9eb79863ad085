import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { fitsWidth, TestBrowser } from '../../support/browser.js';
import { signIn } from '../../support/console.js';
import { newPublishedEvent, tonight } from '../../support/event-factory.js';
import { eventually } from '../../support/eventually.js';
import { booked, rsvpBody, startMailedApp, stopMailedApp, type MailedApp } from '../../support/rsvps.js';
import { TEST_PASSWORD } from '../../support/test-app.js';

const SHOTS = '/tmp/door-shots';
const PHONE = { width: 390, height: 844 };

describe('the door without signal, in two phones: kept page and list, queued scans and walk-ins, one truth once synced', () => {
  let mailed: MailedApp;
  let browser: TestBrowser;
  let event: { id: string };
  let codes: string[];
  const sizes = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2];
  let moderator: { email: string };
  beforeAll(async () => {
    mailed = await startMailedApp({}, 'Offline Door Coalition');
    browser = await TestBrowser.launch();
    const { t, sink, org } = mailed;
    event = await newPublishedEvent(t, org.token, {
      capacity: 100,
      maxPartySize: 4,
      ...tonight(),
    });
    const tokens = await booked(
      t,
      sink,
      event.id,
      sizes.map((partySize, index) => rsvpBody(t, { name: `Guest${index} Lastname`, partySize })),
    );
    codes = [];
    for (const token of tokens) codes.push((await t.api.get(`/api/rsvps/${token}`)).body.rsvp.checkInCode);
    moderator = await t.newMember(org.organization.id, 'moderator');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stopMailedApp(mailed);
  });

  const doorUrl = () => `${mailed.t.baseUrl}/console/events/${event.id}/door`;
  const status = (page: Page) => page.locator('[data-status]').innerText();
  const focused = (page: Page) => page.evaluate('document.activeElement?.id');
  /** Opened once with signal: the page is kept by the service worker and the list by the browser. */
  async function openedOnce(page: Page) {
    await page.goto(doorUrl());
    await eventually(
      async () =>
        (await page.evaluate('(async () => Boolean(navigator.serviceWorker.controller && (await caches.match(location.pathname))))()'))
          ? true
          : undefined,
      10_000,
      'the door page kept',
    );
    await eventually(async () => ((await status(page)).includes('last synced') ? true : undefined), 5_000, 'the first sync');
  }
  /** Types a code and presses Enter, as a volunteer does; waits for the queue (offline) to take it. */
  async function scan(page: Page, code: string, waiting: number) {
    await page.locator('#field-code').fill(code);
    await page.keyboard.press('Enter');
    await eventually(async () => ((await status(page)).includes(`${waiting} waiting`) ? true : undefined), 5_000, `${waiting} waiting`);
    return page.locator('#answer').innerText();
  }
  /** What the door keeps in this browser (IndexedDB), as JSON; evaluated as text, which the page's CSP allows from the test. */
  const keptForum = async (page: Page) =>
    (await page.evaluate(`new Promise((resolve) => {
      const open = indexedDB.open('townhall-door');
      open.onsuccess = () => {
        const all = open.result.transaction('forums').objectStore('forums').getAll();
        all.onsuccess = () => resolve(JSON.stringify(all.result));
      };
    })`)) as string;
  const keptDatabases = async (page: Page) =>
    (await page.evaluate('indexedDB.databases().then((all) => all.map((db) => db.name))')) as string[];
  async function boxBottoms(page: Page) {
    const bottom = async (selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      return box ? box.y + box.height : Number.POSITIVE_INFINITY;
    };
    return {
      field: await bottom('#field-code'),
      button: await bottom('#door-code button[type="submit"]'),
      answer: await bottom('#answer'),
      counters: await bottom('.counters'),
      addWalkIn: await bottom('.walk-ins button.big-button'),
      removeWalkIn: await bottom('.walk-ins button.secondary'),
    };
  }

  it('keeps working offline at two doors and agrees with the API once the signal returns', async () => {
    const { t, org } = mailed;
    const a = await browser.newContext({ locale: 'en-US', viewport: PHONE });
    const b = await browser.newContext({ locale: 'en-US', viewport: PHONE });
    await signIn(a.page, t, org.organizer.email, TEST_PASSWORD);
    await signIn(b.page, t, moderator.email, TEST_PASSWORD);
    await openedOnce(a.page);
    await openedOnce(b.page);
    expect(await focused(a.page)).toBe('field-code');
    await a.page.screenshot({ path: `${SHOTS}/door-390-before.png` });

    // The signal goes: both pages reload from what was kept, and still answer.
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await a.page.reload();
    await b.page.reload();
    expect(await a.page.locator('h1').innerText()).toBe('Door');
    await eventually(async () => ((await status(a.page)).startsWith('Offline') ? true : undefined), 5_000, 'offline said');
    expect(await focused(a.page)).toBe('field-code');

    // Door A scans parties 0–9, door B parties 8–17: 8 and 9 twice.
    const first = await scan(a.page, codes[0]!.toLowerCase().replace('-', ' '), 1);
    expect(first).toContain('✓ Checked in');
    expect(first).toContain('Party of 1');
    expect(first).toContain('Guest0 Lastname');
    expect(await focused(a.page)).toBe('field-code');
    await a.page.screenshot({ path: `${SHOTS}/door-390-after.png` });
    const bottoms = await boxBottoms(a.page);
    for (const [what, bottom] of Object.entries(bottoms)) expect([what, bottom <= PHONE.height]).toEqual([what, true]);
    for (let index = 1; index < 10; index++) await scan(a.page, codes[index]!, index + 1);
    const again = await scan(a.page, codes[3]!, 11);
    expect(again).toContain('Already checked in');
    expect(again).toMatch(/First checked in at .* at this door\./);
    expect(await scan(a.page, 'ZZZ-ZZZ', 12)).toContain('No booking has this code');
    for (let index = 8; index < 18; index++) {
      const answer = await scan(b.page, codes[index]!, index - 7);
      expect(answer).not.toContain('Lastname');
    }
    for (let walkIn = 1; walkIn <= 3; walkIn++) {
      await a.page.getByRole('button', { name: '+1 walk-in' }).click();
      await eventually(async () => ((await status(a.page)).includes(`${12 + walkIn} waiting`) ? true : undefined), 5_000, 'walk-in queued');
    }
    for (let walkIn = 1; walkIn <= 2; walkIn++) {
      await b.page.getByRole('button', { name: '+1 walk-in' }).click();
      await eventually(async () => ((await status(b.page)).includes(`${10 + walkIn} waiting`) ? true : undefined), 5_000, 'walk-in queued');
    }
    expect(await status(a.page)).toMatch(/^Offline: no signal · 15 waiting · last synced at /);
    // Each phone counts what it let in at once: door A, 10 parties (23 people) and 3 walk-ins.
    expect(await a.page.locator('[data-count="walkIns"]').innerText()).toBe('3');
    expect(await a.page.locator('[data-count="inside"]').innerText()).toBe('26');
    // Nothing with a name reached the moderator's phone.
    const keptByModerator = await keptForum(b.page);
    expect(keptByModerator).toContain(codes[0]);
    expect(keptByModerator).not.toContain('Lastname');

    // The signal returns: both queues go, once, and every count agrees.
    await a.context.setOffline(false);
    await b.context.setOffline(false);
    for (const page of [a.page, b.page]) {
      await eventually(async () => ((await status(page)).startsWith('Online · last synced') ? true : undefined), 15_000, 'synced');
    }
    const people = sizes.reduce((sum, size) => sum + size, 0);
    const attendance = await t.api.get(`/api/events/${event.id}/attendance`, { token: org.token });
    expect(attendance.body).toMatchObject({ inside: people + 5, walkIns: 5 });
    for (const page of [a.page, b.page]) {
      await eventually(
        async () => ((await page.locator('[data-count="inside"]').innerText()) === String(people + 5) ? true : undefined),
        5_000,
        'the same count on both phones',
      );
      expect(await page.locator('[data-count="walkIns"]').innerText()).toBe('5');
    }

    // The double scans are listed for organizers: in the API, and on the door page (names for organizers only).
    const conflicts = await t.api.get(`/api/events/${event.id}/check-ins/conflicts`, { token: org.token });
    expect(conflicts.body.items.map((item: { code: string }) => item.code).sort()).toEqual([codes[3], codes[8], codes[9]].sort());
    await a.page.reload();
    const listed = await a.page.locator('.double-scans').innerText();
    expect(listed).toContain(codes[8]);
    expect(listed).toContain('Guest8 Lastname');
    await b.page.reload();
    expect(await b.page.locator('.double-scans').innerText()).not.toContain('Lastname');
    expect(await fitsWidth(a.page)).toBe(true);
    await a.page.setViewportSize({ width: 1280, height: 900 });
    await a.page.screenshot({ path: `${SHOTS}/door-1280.png`, fullPage: true });
    await a.page.setViewportSize(PHONE);
    await a.page.goto(`${t.baseUrl}/console/events/${event.id}/questions`);
    await a.page.screenshot({ path: `${SHOTS}/questions-390.png` });
    await a.page.goto(`${t.baseUrl}/console/events/${event.id}/attendees`);
    await a.page.screenshot({ path: `${SHOTS}/attendees-390.png` });

    // Signing out erases what the door kept on the phone; so does the door closing, 12 hours after the end.
    await a.page.goto(doorUrl());
    await a.page.getByRole('button', { name: 'Sign out' }).click();
    await a.page.waitForURL(/\/console\?signedOut/);
    await eventually(async () => ((await keptDatabases(a.page)).includes('townhall-door') ? undefined : true), 5_000, 'erased at sign-out');
    expect(await a.page.evaluate('caches.has("townhall-door")')).toBe(false);
    t.clock.advance(15 * 3600_000);
    try {
      await b.page.reload();
      await eventually(
        async () => ((await b.page.locator('#answer').innerText()).includes('The door is closed') ? true : undefined),
        5_000,
        'the door closed',
      );
      expect(await b.page.locator('#answer').innerText()).toMatch(/The door closed on .*, 12 hours after the end\./);
      expect(await keptForum(b.page)).toBe('[]');
      expect(await b.page.evaluate('caches.match(location.pathname).then(Boolean)')).toBe(false);
    } finally {
      t.clock.reset();
    }
    await a.context.close();
    await b.context.close();
  }, 180_000);
});
