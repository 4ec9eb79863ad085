import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { fitsWidth, foreignRequests, screenshots, seriousA11yViolations, TestBrowser } from '../../support/browser.js';
import { eventually } from '../../support/eventually.js';
import { expectErrorShape } from '../../support/http.js';
import { EMAIL_LIKE } from '../../support/pages.js';
import { QaFactory } from '../../support/questions.js';
import { QuestionStream } from '../../../src/questions/question-stream.js';
import { TestApp } from '../../support/test-app.js';

/** Bounded waits for what the live script should bring without a reload. */
const LIVE_MS = 10_000;

async function ask(page: Page, body: string, authorName?: string) {
  await page.getByLabel('Your question').fill(body);
  if (authorName) await page.getByLabel('Name to show (optional)').fill(authorName);
  await page.getByRole('button', { name: 'Send my question' }).click();
  await page.waitForURL(/\?asked=\w+#ask$/);
}

/** Marks the document, so that a test can tell a live update from a reload. */
const markDocument = (page: Page) => page.evaluate('window.notReloaded = true');
const stillSameDocument = (page: Page) => page.evaluate('window.notReloaded === true');

/** Waits until `read` gives `expected`, for at most LIVE_MS. */
const expectEventually = (read: () => Promise<string>, expected: string) =>
  eventually(async () => ((await read()) === expected ? true : undefined), LIVE_MS, `"${expected}"`);

describe('Q&A, panelist queue and projector pages in a browser', () => {
  let t: TestApp;
  let qa: QaFactory;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await TestApp.start();
    qa = new QaFactory(t, await t.newOrganization('Broome Residents Coalition'));
    browser = await TestBrowser.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('asks and votes in one browser while another sees the list change live', async () => {
    const event = await qa.event({ moderation: 'post' });
    const asker = await browser.newContext({ locale: 'en-US' });
    const watcher = await browser.newContext({ locale: 'en-US' });
    const path = `${t.baseUrl}/events/${event.slug}/questions`;
    await asker.page.goto(path);
    await watcher.page.goto(path);
    expect(await watcher.page.innerText('main')).toContain('No questions yet.');
    expect(await asker.page.innerText('main')).toContain('Shown publicly with your question. Leave it empty to ask anonymously.');
    await markDocument(watcher.page);

    await ask(asker.page, 'Where can families get free legal advice?', 'Lucía');
    expect(await asker.page.getByRole('status').innerText()).toContain('Your question is in the list below.');
    const mine = asker.page.locator('li', { hasText: 'Where can families get free legal advice?' });
    expect(await mine.innerText()).toContain('Asked by Lucía');
    const seen = watcher.page.locator('li', { hasText: 'Where can families get free legal advice?' });
    await seen.waitFor({ timeout: LIVE_MS });

    await mine.getByRole('button', { name: 'Vote for this question' }).click();
    await asker.page.waitForURL(/#q-/);
    expect(await mine.getByRole('button', { name: 'Take back my vote' }).isVisible()).toBe(true);
    await expectEventually(() => seen.locator('[data-votes-count]').innerText(), '1');

    // A question with more votes moves above it, live.
    const other = await qa.approvedQuestion(event.id, 'Will the police ask about immigration status?');
    await watcher.page.locator(`#q-${other.id}`).waitFor({ timeout: LIVE_MS });
    for (let voter = 0; voter < 2; voter++) await qa.vote(other.id, await qa.participant(event.id));
    await expectEventually(async () => (await watcher.page.locator('.questions > li').first().getAttribute('id')) ?? '', `q-${other.id}`);

    await mine.getByRole('button', { name: 'Take back my vote' }).click();
    await asker.page.waitForURL(/#q-/);
    await expectEventually(() => seen.locator('[data-votes-count]').innerText(), '0');

    // Rejected: gone from the list, counted.
    const [mineId] = ((await seen.getAttribute('id')) ?? '').split('q-').slice(1);
    await qa.moderate(mineId!, { status: 'rejected' });
    await seen.waitFor({ state: 'detached', timeout: LIVE_MS });
    await watcher.page.getByText('1 question was not published.').waitFor({ timeout: LIVE_MS });
    expect(await stillSameDocument(watcher.page)).toBe(true);

    expect(await seriousA11yViolations(watcher.page)).toEqual([]);
    await screenshots(watcher.page, 'questions');
    expect(await fitsWidth(watcher.page)).toBe(true);
    for (const context of [asker, watcher]) {
      expect(foreignRequests(context.requested, t.baseUrl)).toEqual([]);
      await context.context.close();
    }
  });

  it('comes back on its own when its stream was refused, and shows what was approved meanwhile', async () => {
    const event = await qa.event({ moderation: 'post' });
    const limits = t.app.get(QuestionStream).limits;
    const shareOfAnAddress = limits.perAddress;
    limits.perAddress = 0;
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    try {
      const refused = page.waitForResponse((response) => response.url().includes('/questions/stream') && response.status() === 429);
      await page.goto(`${t.baseUrl}/events/${event.slug}/questions`);
      await refused;
      const missed = await qa.approvedQuestion(event.id, 'Is the clinic open on Saturdays?');
      limits.perAddress = shareOfAnAddress;
      // The first retry comes 2.5 to 7.5 seconds after the refusal.
      await page.locator(`#q-${missed.id}`).waitFor({ timeout: 15_000 });
      const later = await qa.approvedQuestion(event.id, 'Who can come with me to court?');
      await page.locator(`#q-${later.id}`).waitFor({ timeout: LIVE_MS });
    } finally {
      limits.perAddress = shareOfAnAddress;
      await context.close();
    }
  });

  it('applies each changed question from the stream in place, never re-reading the page, with user text kept as text', async () => {
    const event = await qa.event({ moderation: 'pre' });
    const path = `/events/${event.slug}/questions`;
    const { context, page, requested } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}${path}`);
    const pageReads = () => requested.filter((url) => new URL(url).pathname === path).length;
    expect(pageReads()).toBe(1);

    const older = await qa.approvedQuestion(event.id, 'How do we find a lawyer we can afford?');
    const asked = await qa.ask(event.id, await qa.participant(event.id), {
      body: '<img src=x onerror=alert(1)> Who pays?',
      authorName: 'Rosa',
    });
    const newer = asked.body.question as { id: string };
    await qa.moderate(newer.id, { status: 'approved' });
    const item = page.locator(`#q-${newer.id}`);
    await item.waitFor({ timeout: LIVE_MS });
    expect(await item.locator('.body').innerText()).toBe('<img src=x onerror=alert(1)> Who pays?');
    expect(await item.innerText()).toContain('Asked by Rosa');
    expect(await page.locator(`#q-${older.id}`).innerText()).toContain('Anonymous');
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    await qa.vote(newer.id, await qa.participant(event.id));
    await expectEventually(async () => (await page.locator('.questions > li').first().getAttribute('id')) ?? '', `q-${newer.id}`);
    await qa.moderate(older.id, { pinned: true });
    await expectEventually(async () => (await page.locator('.questions > li').first().getAttribute('id')) ?? '', `q-${older.id}`);
    expect(await page.locator(`#q-${older.id}`).innerText()).toContain('Pinned');
    await qa.moderate(newer.id, { status: 'answered' });
    await expectEventually(async () => ((await item.innerText()).includes('Answered') ? 'answered' : ''), 'answered');
    expect(await item.getByRole('button').count()).toBe(0);

    // The vote button of a question that arrived live works like the server-rendered one.
    await page.locator(`#q-${older.id}`).getByRole('button', { name: 'Vote for this question' }).click();
    await page.waitForURL(/#q-/);
    expect(await page.locator(`#q-${older.id} [data-votes-count]`).innerText()).toBe('1');
    expect(pageReads()).toBe(2);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('holds a pre-moderated question for the moderators, keeps the participant in an HttpOnly cookie, and works without JavaScript', async () => {
    const event = await qa.event({ moderation: 'pre' });
    const { context, page } = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    const path = `${t.baseUrl}/events/${event.slug}/questions`;
    await page.goto(path);
    await ask(page, 'Is it safe to call 911 if I have no papers?');
    expect(await page.getByRole('status').innerText()).toContain('Your question is waiting for the moderators');
    expect(await page.innerText('main')).toContain('No questions yet.');
    const [cookie] = (await context.cookies(path)).filter((candidate) => candidate.name === 'participant');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: `/events/${event.slug}/questions` });

    const [pending] = (await t.api.get(`/api/events/${event.id}/questions?status=pending`, { token: qa.org.token })).body.items;
    expect(pending).toMatchObject({ body: 'Is it safe to call 911 if I have no papers?', authorName: null });
    await qa.moderate(pending.id, { status: 'approved' });
    await page.goto(path);
    await page.getByRole('button', { name: 'Vote for this question' }).click();
    await page.waitForURL(/#q-/);
    expect(await page.locator('[data-votes-count]').innerText()).toBe('1');
    expect(await page.getByRole('button', { name: 'Take back my vote' }).count()).toBe(1);
    // The same participant, so voting was not counted twice.
    await page.goto(path);
    expect(await page.getByRole('button', { name: 'Take back my vote' }).count()).toBe(1);
    await context.close();
  });

  it('says what is wrong with a question beside its field, in Spanish too, and asks for a name where anonymity is off', async () => {
    const named = await qa.event({ allowAnonymous: false });
    const { context, page } = await browser.newContext({ locale: 'es-MX' });
    await page.goto(`${t.baseUrl}/events/${named.slug}/questions`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.innerText('main')).toContain('Este foro no recibe preguntas anónimas.');
    await page.evaluate(`document.querySelector('form.form').noValidate = true`);
    await page.getByLabel('Su pregunta').fill('¿?');
    await page.getByRole('button', { name: 'Enviar mi pregunta' }).click();
    await page.waitForLoadState();
    expect(await page.innerText('main')).toContain('Use de 3 a 500 caracteres.');
    expect(await page.innerText('main')).toContain('Complete este campo.');
    expect(await page.getByLabel('Nombre que se mostrará').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'questions-es-errors');
    await context.close();
  });

  it('says so when questions are off or the forum is cancelled', async () => {
    const off = await qa.event({ enabled: false });
    expect((await t.api.get(`/events/${off.slug}/questions`)).text).toContain('This forum does not take questions on this site.');
    const cancelled = await qa.event();
    // A question sent from a page loaded before the cancellation gets the reason.
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/events/${cancelled.slug}/questions`);
    await t.api.post(`/api/events/${cancelled.id}/cancel`, { reason: 'Storm' }, { token: qa.org.token });
    await page.getByLabel('Your question').fill('Is the forum still on?');
    const sent = page.waitForResponse((candidate) => candidate.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send my question' }).click();
    const response = await sent;
    expect(response.status()).toBe(403);
    await page.waitForLoadState();
    expect(await page.innerText('main')).toContain('This forum has been cancelled, so it takes no questions.');
    expect(await page.locator('textarea[name="body"]').count()).toBe(0);
    await context.close();
  });

  it("updates a panelist's queue live, and a moderator panelist sees new questions waiting", async () => {
    const event = await qa.event({ moderation: 'pre' });
    const moderator = await qa.panelist(event.id, 'moderator');
    const { context, page, requested } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/panel/${moderator.token}`);
    await markDocument(page);
    await qa.ask(event.id, await qa.participant(event.id), { body: 'Who pays for a lawyer in immigration court?' });
    const waiting = page.locator('li', { hasText: 'Who pays for a lawyer in immigration court?' });
    await waiting.getByRole('button', { name: 'Approve' }).waitFor({ timeout: LIVE_MS });
    await waiting.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/#queue$/);
    await waiting.getByRole('button', { name: 'Pin to the top' }).click();
    await page.waitForURL(/#queue$/);
    expect(await waiting.innerText()).toContain('Pinned');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    expect(foreignRequests(requested, t.baseUrl)).toEqual([]);
    await context.close();
  });

  it('shows the projector view: top open questions, pinned first, a QR code to the Q&A page, updated live', async () => {
    const event = await qa.event({ moderation: 'post' });
    const first = await qa.approvedQuestion(event.id, 'How do we find out where someone is detained?');
    const pinned = await qa.approvedQuestion(event.id, 'What should we do if agents come to the door?');
    await qa.moderate(pinned.id, { pinned: true });
    const { context, page, requested } = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(`${t.baseUrl}/events/${event.slug}/screen`);
    expect(await page.locator('.questions > li').evaluateAll((items) => items.map((item) => item.id))).toEqual([
      `q-${pinned.id}`,
      `q-${first.id}`,
    ]);
    const qr = page.getByRole('img', { name: `QR code of the link ${t.config.appUrl}/events/${event.slug}/questions` });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await page.innerText('main')).toContain('Ask and vote from your phone');
    await markDocument(page);
    await qa.moderate(first.id, { status: 'answered' });
    await page.locator(`#q-${first.id}`).waitFor({ state: 'detached', timeout: LIVE_MS });
    const late = await qa.approvedQuestion(event.id, 'Can children be questioned at school?');
    await page.locator(`#q-${late.id}`).waitFor({ timeout: LIVE_MS });
    expect(await stillSameDocument(page)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'screen');
    expect(await fitsWidth(page)).toBe(true);
    expect(await page.content()).not.toMatch(EMAIL_LIKE);
    expect(foreignRequests(requested, t.baseUrl)).toEqual([]);
    await context.close();
  });

  it('answers unknown paths outside /api with the HTML 404 page and keeps the JSON shape under /api', async () => {
    for (const path of ['/no-such-page', '/events/x/y/z', '/rsvp']) {
      const response = await t.api.get(path, { headers: { 'accept-language': 'es' } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.text).toContain('Página no encontrada');
    }
    expectErrorShape(await t.api.get('/api/no-such-route'), 404);
    expectErrorShape(await t.api.get('/api'), 404);
  });
});
