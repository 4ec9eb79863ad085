import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, TestBrowser } from '../../support/browser.js';
import { ConsoleClient, lookAt, signIn } from '../../support/console.js';
import { newPublishedEvent, tonight } from '../../support/event-factory.js';
import { eventually } from '../../support/eventually.js';
import { expectErrorShape } from '../../support/http.js';
import { booked, startMailedApp, stopMailedApp, rsvpBody, type MailedApp } from '../../support/rsvps.js';
import { TEST_PASSWORD } from '../../support/test-app.js';

describe('the door of the console: codes, QR codes, walk-ins and counters every door shares', () => {
  let mailed: MailedApp;
  let browser: TestBrowser;
  let event: { id: string; slug: string };
  let tokens: string[];
  let moderator: { email: string; token: string };
  beforeAll(async () => {
    mailed = await startMailedApp({}, 'Broome Residents Coalition');
    browser = await TestBrowser.launch();
    const { t, sink, org } = mailed;
    event = await newPublishedEvent(t, org.token, {
      capacity: 10,
      maxPartySize: 4,
      ...tonight(),
    });
    tokens = await booked(t, sink, event.id, [
      rsvpBody(t, { name: 'Rosa Residente', partySize: 3 }),
      rsvpBody(t, { name: 'Tomás Torres', partySize: 2 }),
      rsvpBody(t, { name: 'Quinn Qr', partySize: 1 }),
      rsvpBody(t, { name: 'Wanda Waiting', partySize: 4 }),
      rsvpBody(t, { name: 'Xavier Extra', partySize: 4 }),
    ]);
    moderator = await t.newMember(org.organization.id, 'moderator');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stopMailedApp(mailed);
  });

  /** The answer, once it says `text`: the script answers in place, without loading a page. */
  const answerSaying = (page: Page, text: string) =>
    eventually(
      async () => {
        const answer = await page.locator('#answer').innerText();
        return answer.includes(text) ? answer : undefined;
      },
      10_000,
      `the answer "${text}"`,
    );
  const codeOf = async (token: string) => (await mailed.t.api.get(`/api/rsvps/${token}`)).body.rsvp.checkInCode as string;

  it('checks a party in by code at one door, and the other door sees the count move within about a second', async () => {
    const { t, org } = mailed;
    const first = await browser.newContext({ locale: 'en-US' });
    const second = await browser.newContext({ locale: 'en-US' });
    await signIn(first.page, t, org.organizer.email, TEST_PASSWORD);
    await signIn(second.page, t, moderator.email, TEST_PASSWORD);
    await first.page.goto(`${t.baseUrl}/console/events/${event.id}/door`);
    await second.page.goto(`${t.baseUrl}/console/events/${event.id}/door`);
    await lookAt(second.page, 'door');
    const inside = second.page.locator('[data-count="inside"]');
    expect(await inside.innerText()).toBe('0');

    const code = await codeOf(tokens[0]!);
    await first.page.getByLabel('Check-in code').fill(code.toLowerCase());
    const started = Date.now();
    await first.page.getByRole('button', { name: 'Check in', exact: true }).click();
    await eventually(async () => ((await inside.innerText()) === '3' ? true : undefined), 5_000, 'the count at the other door');
    const seenAfterMs = Date.now() - started;
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(join(ARTIFACTS_DIR, 'door-latency.json'), `${JSON.stringify({ seenAfterMs }, null, 2)}\n`);
    console.log(`A check-in at one door was seen at the other after ${seenAfterMs} ms`);
    expect(seenAfterMs).toBeLessThan(5_000);
    const answer = await answerSaying(first.page, 'Party of 3');
    expect(answer).toContain('✓ Checked in');
    expect(answer).toContain('Party of 3');
    expect(answer).toContain('Rosa Residente');
    await lookAt(first.page, 'door-answer');

    // The same code at the moderator's door: harmless, says so, and shows no name.
    await second.page.getByLabel('Check-in code').fill(code);
    await second.page.getByRole('button', { name: 'Check in', exact: true }).click();
    const again = await answerSaying(second.page, 'Already checked in');
    expect(again).toContain('Already checked in');
    expect(again).toMatch(/First checked in at \d/);
    expect(again).not.toContain('Rosa');
    await first.context.close();
    await second.context.close();
  }, 120_000);

  it("reads the QR code of an attendee's page from a photo, and refuses a cancelled party's code and an unknown one", async () => {
    const { t, org } = mailed;
    const attendee = await browser.newContext({ locale: 'en-US' });
    await attendee.page.goto(`${t.baseUrl}/rsvp/${tokens[2]}`);
    const qr = await attendee.page.locator('.check-in img').screenshot();
    await attendee.context.close();

    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${event.id}/door`);
    // A button like the others, not the browser's raw file input; the input keeps the keyboard focus.
    const photoButton = page.locator('label[for="qr-photo"]');
    await photoButton.waitFor();
    expect(
      await page.evaluate(
        `(() => { const label = document.querySelector('label[for="qr-photo"]'); return [getComputedStyle(label).borderStyle, label.getBoundingClientRect().height >= 44]; })()`,
      ),
    ).toEqual(['solid', true]);
    await page.getByLabel('Or take a photo of the QR code').focus();
    expect(await page.evaluate('document.activeElement?.id')).toBe('qr-photo');
    await page.getByLabel('Or take a photo of the QR code').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: qr });
    expect(await answerSaying(page, 'Quinn Qr')).toContain('Party of 1');

    // A party that cancelled keeps its code, but no longer its seat.
    const cancelledCode = await codeOf(tokens[1]!);
    expect((await t.api.delete(`/api/rsvps/${tokens[1]}`)).status).toBe(200);
    await page.getByLabel('Check-in code').fill(cancelledCode);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await answerSaying(page, '✗ No seat');
    await page.getByLabel('Check-in code').fill('ZZZ-ZZZ');
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await answerSaying(page, '✗ No booking has this code');
    await context.close();
  }, 120_000);

  it('counts walk-ins with one button, without JavaScript too, never below zero, and through the API', async () => {
    const { t, org } = mailed;
    const { context, page } = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${event.id}/door`);
    const before = Number(await page.locator('[data-count="inside"]').innerText());
    await page.getByRole('button', { name: '+1 walk-in' }).click();
    await page.waitForURL(/\?walkIn$/);
    expect(Number(await page.locator('[data-count="inside"]').innerText())).toBe(before + 1);
    expect(await page.locator('[data-count="walkIns"]').innerText()).toBe('1');
    await context.close();

    const counted = await t.api.post(`/api/events/${event.id}/walk-ins`, { delta: 2 }, { token: org.token });
    expect(counted.status).toBe(200);
    expect(counted.body).toEqual({ walkIns: 3, inside: before + 3, capacity: 10, arrivalsLast10Minutes: expect.any(Number) });
    expectErrorShape(await t.api.post(`/api/events/${event.id}/walk-ins`, { delta: 0 }, { token: org.token }), 400);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/walk-ins`, { delta: 11 }, { token: org.token }), 400);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/walk-ins`, { delta: -4 }, { token: org.token }), 409);
    const other = await t.newOrganization('Another coalition');
    expectErrorShape(await t.api.post(`/api/events/${event.id}/walk-ins`, { delta: 1 }, { token: other.token }), 404);
    const parallel = await Promise.all(
      Array.from({ length: 6 }, () => t.api.post(`/api/events/${event.id}/walk-ins`, { delta: -1 }, { token: org.token })),
    );
    expect(parallel.map((response) => response.status).sort()).toEqual([200, 200, 200, 409, 409, 409]);
    expect((await t.api.get(`/api/events/${event.id}/attendance`, { token: org.token })).body.walkIns).toBe(0);
  }, 120_000);

  it('throttles codes per member, at the console door and through the API alike, so they cannot be guessed', async () => {
    const client = new ConsoleClient(mailed.t);
    await client.signIn(moderator.email, TEST_PASSWORD);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 61; attempt++) {
      statuses.push(
        (
          await client.post(
            `/console/events/${event.id}/door`,
            { code: `AAA-${String(attempt).padStart(3, 'A')}` },
            `/console/events/${event.id}/door`,
          )
        ).status,
      );
    }
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    // One budget per member: the API's check-in by code draws on the same 60 a minute.
    const code = await codeOf(tokens[0]!);
    expectErrorShape(await mailed.t.api.post(`/api/events/${event.id}/check-in`, { code }, { token: moderator.token }), 429);
    // Through the API alone: 60 a minute, in parallel too.
    const fresh = await mailed.t.newMember(mailed.org.organization.id, 'organizer');
    const organizerCodes = await Promise.all(
      Array.from({ length: 61 }, () => mailed.t.api.post(`/api/events/${event.id}/check-in`, { code: 'AAA-AAA' }, { token: fresh.token })),
    );
    expect(organizerCodes.filter((response) => response.status === 429)).toHaveLength(1);
  }, 120_000);
});
