import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../../support/browser.js';
import { ConsoleClient, lookAt, signIn } from '../../support/console.js';
import { eventually } from '../../support/eventually.js';
import { QaFactory } from '../../support/questions.js';
import { SseClient } from '../../support/sse.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../support/test-app.js';

describe('live moderation in the console', () => {
  let t: TestApp;
  let org: SignedUp;
  let qa: QaFactory;
  let browser: TestBrowser;
  let moderator: { email: string };
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Eastside Tenants Union');
    qa = new QaFactory(t, org);
    moderator = await t.newMember(org.organization.id, 'moderator');
    browser = await TestBrowser.launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows pending questions live; a moderator approves, pins, answers and rejects by keyboard, and the public Q&A follows', async () => {
    const event = await qa.event({ moderation: 'pre' });
    const desk = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await signIn(desk.page, t, moderator.email, TEST_PASSWORD);
    const path = `/console/events/${event.id}/questions`;
    await desk.page.goto(`${t.baseUrl}${path}`);
    await desk.page.evaluate('window.sameDocument = true');
    const pageReads = () => desk.requested.filter((url) => new URL(url).pathname === path).length;
    const hall = await browser.newContext({ locale: 'en-US' });
    await hall.page.goto(`${t.baseUrl}/events/${event.slug}/questions`);

    // Asked in the hall: it arrives on the moderator's page by itself, and not on the public one.
    const asked = await qa.ask(event.id, await qa.participant(event.id), { body: 'Will rents be frozen this winter?', authorName: 'Ana' });
    const section = (heading: RegExp) => desk.page.locator('section', { has: desk.page.getByRole('heading', { name: heading }) });
    const pending = section(/^Waiting for approval \(1\)/);
    await pending.getByText('Will rents be frozen this winter?').waitFor({ timeout: 10_000 });
    expect(await hall.page.getByText('Will rents be frozen').count()).toBe(0);
    await lookAt(desk.page, 'questions');

    // J selects the first question, A approves it: the public page and the projector box show it.
    await desk.page.keyboard.press('j');
    await desk.page.keyboard.press('a');
    const open = section(/^To answer/);
    await open.getByText('Will rents be frozen this winter?').waitFor({ timeout: 10_000 });
    await hall.page.getByText('Will rents be frozen this winter?').waitFor({ timeout: 10_000 });
    expect(await desk.page.locator('.on-screen .now').innerText()).toBe('Will rents be frozen this winter?');

    // A second question, approved with the mouse, then pinned by keyboard: it goes on top of the projector.
    const second = await qa.ask(event.id, await qa.participant(event.id), { body: 'Who inspects the boilers?' });
    const secondItem = desk.page.locator(`#q-${second.body.question.id}`);
    await secondItem.getByRole('button', { name: 'Approve' }).click();
    await open.getByText('Who inspects the boilers?').waitFor({ timeout: 10_000 });
    await desk.page.locator(`#q-${second.body.question.id}`).click({ position: { x: 5, y: 5 } });
    await desk.page.keyboard.press('p');
    await eventually(
      async () => ((await desk.page.locator('.on-screen .now').innerText()) === 'Who inspects the boilers?' ? true : undefined),
      10_000,
      'the pinned question on the projector',
    );
    await eventually(
      async () => ((await hall.page.locator('.questions > li').first().innerText()).includes('Pinned') ? true : undefined),
      10_000,
      'the pin on the public page',
    );

    // D marks the selected (pinned) question answered; the public page says so.
    await desk.page.keyboard.press('d');
    await desk.page.getByRole('heading', { name: 'Answered (1)' }).waitFor({ timeout: 10_000 });
    await eventually(
      async () => ((await hall.page.locator(`#q-${second.body.question.id}`).innerText()).includes('Answered') ? true : undefined),
      10_000,
      'answered on the public page',
    );

    // R rejects the first: gone from the public page, counted there and here.
    await desk.page.locator(`#q-${asked.body.question.id}`).focus();
    await desk.page.keyboard.press('r');
    await desk.page.getByRole('heading', { name: 'Not published (1)' }).waitFor({ timeout: 10_000 });
    await hall.page.getByText('1 question was not published.').waitFor({ timeout: 10_000 });
    expect(await hall.page.getByText('Will rents be frozen').count()).toBe(0);

    // Every act happened without reloading the page (only the lists were re-read).
    expect(await desk.page.evaluate('window.sameDocument')).toBe(true);
    expect(pageReads()).toBeGreaterThan(1);
    await lookAt(desk.page, 'questions-moderated');
    await desk.context.close();
    await hall.context.close();
  }, 120_000);

  it('says what each key did and where it moved, why a key does not apply, and promises keys only with JavaScript', async () => {
    const event = await qa.event({ moderation: 'pre' });
    const path = `${t.baseUrl}/console/events/${event.id}/questions`;
    const plain = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    await signIn(plain.page, t, moderator.email, TEST_PASSWORD);
    await plain.page.goto(path);
    expect(await plain.page.getByText('No questions are waiting.').isVisible()).toBe(true);
    expect(await plain.page.getByText('New ones appear here by themselves.').isVisible()).toBe(false);
    expect(await plain.page.getByText('Keyboard shortcuts').isVisible()).toBe(false);
    await plain.context.close();

    const first = await qa.ask(event.id, await qa.participant(event.id), { body: 'Is the library open on Sundays?' });
    const second = await qa.ask(event.id, await qa.participant(event.id), { body: 'Can the bus stop move closer?' });
    const desk = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    await signIn(desk.page, t, moderator.email, TEST_PASSWORD);
    await desk.page.goto(path);
    expect(await desk.page.getByText('Keyboard shortcuts').isVisible()).toBe(true);
    const said = desk.page.locator('[data-said]');
    await desk.page.keyboard.press('a');
    expect(await said.innerText()).toBe('Select a question first: press J, or click it.');
    await desk.page.keyboard.press('j');
    await desk.page.keyboard.press('a');
    await eventually(
      async () => ((await said.innerText()) === 'Approved. Next: Can the bus stop move closer?' ? true : undefined),
      10_000,
      'the message',
    );
    await eventually(
      async () => ((await desk.page.evaluate('document.activeElement?.id')) === `q-${second.body.question.id}` ? true : undefined),
      10_000,
      'the focus on the next question',
    );
    await desk.page.locator(`#q-${first.body.question.id}`).focus();
    await desk.page.keyboard.press('a');
    expect(await said.innerText()).toBe('Already approved.');
    await desk.context.close();
  }, 120_000);

  it('takes a paper card, approved at once, with C to jump to its form, in Spanish', async () => {
    const event = await qa.event({ moderation: 'pre', allowAnonymous: false });
    const desk = await browser.newContext({ locale: 'en-US' });
    await signIn(desk.page, t, org.organizer.email, TEST_PASSWORD);
    await desk.page.goto(`${t.baseUrl}/console/events/${event.id}/questions?lang=es`);
    await desk.page.keyboard.press('c');
    expect(await desk.page.evaluate('document.activeElement.id')).toBe('field-body');
    await desk.page.keyboard.type('¿Habrá intérpretes en las audiencias?');
    // No name on a forum that takes no anonymous questions (past the browser's own check): said, nothing added.
    await desk.page.evaluate(`document.querySelector('#card form').noValidate = true`);
    await desk.page.getByRole('button', { name: 'Añadir la tarjeta' }).click();
    await desk.page.locator('#error-summary').waitFor();
    expect(await desk.page.locator('#field-body').inputValue()).toBe('¿Habrá intérpretes en las audiencias?');
    await desk.page.getByLabel('Nombre que se mostrará').fill('Tarjeta 12');
    await desk.page.getByRole('button', { name: 'Añadir la tarjeta' }).click();
    await desk.page.getByText('La tarjeta se añadió y está en la lista pública.').waitFor();
    await lookAt(desk.page, 'questions-es');
    const list = await t.api.get(`/api/events/${event.id}/questions`);
    expect(list.body.items.map((item: { body: string; authorName: string }) => [item.body, item.authorName])).toEqual([
      ['¿Habrá intérpretes en las audiencias?', 'Tarjeta 12'],
    ]);
    await desk.context.close();
  }, 60_000);

  it("answers each button's form post (no JavaScript) as the API would: only this forum's questions, known actions, members only", async () => {
    const event = await qa.event({ moderation: 'pre' });
    const elsewhere = await qa.event({ moderation: 'pre' });
    const asked = await qa.ask(event.id, await qa.participant(event.id), { body: 'Can the bus stop move?' });
    const id = asked.body.question.id as string;
    const member = new ConsoleClient(t);
    await member.signIn(moderator.email, TEST_PASSWORD);
    const page = `/console/events/${event.id}/questions`;

    expect((await member.post(`${page}/${id}`, { action: 'launch' }, page)).status).toBe(400);
    expect((await member.post(`/console/events/${elsewhere.id}/questions/${id}`, { action: 'approve' }, page)).status).toBe(404);
    expect((await t.api.get(`/api/events/${event.id}/questions`)).body.items).toEqual([]);
    const approved = await member.post(`${page}/${id}`, { action: 'approve' }, page);
    expect(approved.status).toBe(303);
    expect(approved.location).toBe(`${page}#q-${id}`);
    const publicList = await t.api.get(`/api/events/${event.id}/questions`);
    expect(publicList.body.items.map((item: { id: string }) => item.id)).toEqual([id]);

    // The page's stream gives a member the pending questions; the public stream never does.
    const cookie = { cookie: member.cookieHeader };
    const since = /questions\/stream\?since&#x3D;(\d+)/.exec((await member.get(page)).html)![1]!;
    const stream = await SseClient.open(`${t.baseUrl}${page}/stream?since=${since}`, cookie);
    const publicStream = await SseClient.open(`${t.baseUrl}/api/events/${event.id}/questions/stream?since=${since}`);
    try {
      const later = await qa.ask(event.id, await qa.participant(event.id), { body: 'Private until approved' });
      const created = await stream.next((message) => message.event === 'question.created');
      expect(JSON.parse(created.data).id).toBe(later.body.question.id);
      await qa.moderate(id, { pinned: true });
      await publicStream.next((message) => message.event === 'question.pinned');
      expect(publicStream.raw).not.toContain('Private until approved');
    } finally {
      stream.close();
      publicStream.close();
    }

    // Once the forum has ended it takes no cards: the page says so, and nothing is added.
    t.clock.advance(Date.parse(event.endsAt) - Date.now());
    try {
      const lateCard = await member.post(`${page}/cards`, { body: 'A card after the end', authorName: 'Late' }, page);
      expect(lateCard.status).toBe(409);
      expect(lateCard.html).toContain('has ended');
      expect(lateCard.html).not.toContain('id="card"');
    } finally {
      t.clock.reset();
    }
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM questions WHERE event_id = $1 AND body = 'A card after the end'`, [event.id]),
    ).toEqual([{ n: 0 }]);

    // Signed out: the page and its stream send to the sign-in form.
    const stranger = new ConsoleClient(t);
    expect((await stranger.get(page)).status).toBe(303);
    expect((await stranger.get(`${page}/stream`)).location).toBe(`/console?next=${encodeURIComponent(`${page}/stream`)}`);
  }, 60_000);
});
