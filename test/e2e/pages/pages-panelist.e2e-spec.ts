import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { foreignRequests, screenshots, seriousA11yViolations } from '../../support/browser.js';
import { newEvent } from '../../support/event-factory.js';
import { FORUM, invitePanelist, mailedAppAndBrowser } from '../../support/pages.js';
import { QaFactory } from '../../support/questions.js';

/** Issue 14, item 5: what panelists tripped over, walked on a phone. */
describe("the panelist's page on a phone", () => {
  const suite = mailedAppAndBrowser('Panel Coalition');

  /** The texts of the questions in the queue's list under `heading`. */
  const listed = (page: Page, heading: string) =>
    page.locator('#queue h3', { hasText: heading }).locator('xpath=following-sibling::ol[1]').locator('.body').allInnerTexts();

  async function draftWithPanel(title: string) {
    const { t, org } = suite.mailed;
    const event = await newEvent(t, org.token, { ...FORUM, title, questions: { enabled: true, moderation: 'pre', allowAnonymous: true } });
    const moderator = await invitePanelist(t, org, event.id, { name: 'Mora Moderadora', role: 'moderator' });
    const plain = await invitePanelist(t, org, event.id, { name: 'Pablo Panelista', language: 'es' });
    return { event, moderator, plain };
  }

  it("shows a draft's page as a preview, and its invitation carries no link that answers 404", async () => {
    const { t, sink } = suite.mailed;
    const { event, moderator } = await draftWithPanel('Draft forum for the panel');
    const invitation = await sink.waitFor(sink.to(moderator.email));
    expect(invitation.parsed.text).not.toContain(`/events/${event.slug}`);
    expect(invitation.parsed.text).toContain('Your panel page shows a preview of its public page.');
    expect((await fetch(`${t.baseUrl}/events/${event.slug}`)).status).toBe(404);

    const { context, page, requested } = await suite.browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/panel/${moderator.token}`);
    await page.getByRole('link', { name: "Preview the forum's page (not public yet)" }).click();
    await page.waitForURL(`${t.baseUrl}/panel/${moderator.token}/event`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Draft forum for the panel');
    expect(await page.innerText('main')).toContain('This forum is not announced yet');
    // The form attendees will get, off until the forum is published.
    expect(await page.innerText('main')).toContain('RSVPs open when the forum is published.');
    expect(await page.getByRole('button', { name: 'Save my seat' }).isDisabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Once published, the same link leads to the public page.
    const published = await t.api.post(`/api/events/${event.id}/publish`, undefined, { token: suite.mailed.org.token });
    await page.goto(`${t.baseUrl}/panel/${moderator.token}/event`);
    expect(page.url()).toBe(`${t.baseUrl}/events/${published.body.slug}`);
    expect(foreignRequests(requested, t.baseUrl)).toEqual([]);
    await context.close();
  });

  it('asks before declining or withdrawing, and keeps the panelist on the panel when they go back', async () => {
    const { t, sink } = suite.mailed;
    const { plain } = await draftWithPanel('Forum with a careful panel');
    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    const panelPage = `${t.baseUrl}/panel/${plain.token}`;
    await page.goto(panelPage);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.waitForURL(panelPage);

    // Above the queue: no button that withdraws in one tap.
    const beforeQueue = page.locator('#queue').locator('xpath=preceding::*[self::button or self::a]');
    expect(await beforeQueue.filter({ hasText: /Decline|Withdraw/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Decline|Withdraw/ }).count()).toBe(0);
    await page.getByRole('link', { name: 'Withdraw from the panel…' }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Withdraw from the panel?');
    expect(await page.innerText('main')).toContain('the event is removed from your calendar');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'panel-withdraw');
    await page.getByRole('link', { name: 'No, go back' }).click();
    await page.waitForURL(panelPage);
    expect((await t.api.get(`/api/panel/${plain.token}`)).body.panelist.status).toBe('confirmed');

    // A decline form posted without the confirmation (an old page, a stray script) is asked first too.
    await page.goto(`${panelPage}/decline`);
    await page.getByRole('button', { name: 'Yes, withdraw' }).click();
    await page.waitForURL(panelPage);
    expect(await page.innerText('main')).toContain('You declined.');
    const cancel = await sink.waitFor((mail) => mail.recipients.includes(plain.email.toLowerCase()) && /METHOD:CANCEL/.test(mail.raw));
    expect(cancel).toBeDefined();
    await context.close();

    // In Spanish, the same question in the panelist's words.
    const { plain: other } = await draftWithPanel('Foro con panel');
    const spanish = await suite.browser.newContext({ locale: 'es-US' });
    await spanish.page.goto(`${t.baseUrl}/panel/${other.token}`);
    await spanish.page.getByRole('link', { name: 'Rechazar…' }).click();
    expect(await spanish.page.getByRole('heading', { level: 1 }).innerText()).toBe('¿Rechazar la invitación?');
    await spanish.page.getByRole('link', { name: 'No, volver' }).click();
    expect((await t.api.get(`/api/panel/${other.token}`)).body.panelist.status).toBe('invited');
    await spanish.context.close();
  });

  it('lets a panelist take back "answered", and a moderator panelist enter a paper card and see what was rejected', async () => {
    const { t, org } = suite.mailed;
    const qa = new QaFactory(t, org);
    const event = await qa.event();
    const moderator = await qa.panelist(event.id, 'moderator');
    const plain = await qa.panelist(event.id);
    const question = await qa.approvedQuestion(event.id, 'Where can families find a lawyer?');
    const unwanted = await qa.ask(event.id, await qa.participant(event.id), { body: 'Off-topic advertising here' });

    const panelist = await suite.browser.newContext({ locale: 'en-US' });
    await panelist.page.goto(`${t.baseUrl}/panel/${plain.token}`);
    const item = panelist.page.locator(`#q-${question.id}`);
    await item.getByRole('button', { name: 'Mark answered' }).click();
    await panelist.page.waitForURL(`${t.baseUrl}/panel/${plain.token}#queue`);
    expect(await listed(panelist.page, 'Answered')).toEqual(['Where can families find a lawyer?']);
    await panelist.page.locator(`#q-${question.id}`).getByRole('button', { name: 'Not answered yet' }).click();
    await panelist.page.waitForURL(`${t.baseUrl}/panel/${plain.token}#queue`);
    expect(await listed(panelist.page, 'To answer')).toEqual(['Where can families find a lawyer?']);
    expect((await t.api.get(`/api/events/${event.id}/questions`)).body.items[0]).toMatchObject({
      id: question.id,
      status: 'approved',
      answeredAt: null,
    });
    // A plain panelist has no card form and no rejected list.
    expect(await panelist.page.getByText('Enter a question from a paper card').count()).toBe(0);
    await panelist.context.close();

    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/panel/${moderator.token}`);
    await page.locator(`#q-${unwanted.body.question.id}`).getByRole('button', { name: 'Reject' }).click();
    await page.waitForURL(`${t.baseUrl}/panel/${moderator.token}#queue`);
    await page.getByText('1 rejected question').click();
    expect(await page.locator('details.rejected .body').allInnerTexts()).toEqual(['Off-topic advertising here']);

    await page.getByText('Enter a question from a paper card').click();
    await page.getByRole('button', { name: 'Add the question' }).click(); // empty: the browser's own check stops it
    await page.getByLabel('The question on the card').fill('   ok   '); // long enough for the browser, not once trimmed
    await page.getByRole('button', { name: 'Add the question' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#error-summary').isVisible()).toBe(true);
    expect(await page.getByLabel('The question on the card').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('The question on the card').fill('Will the county fund interpreters at hearings?');
    await page.getByLabel(/Name written on the card/).fill('Card from row 3');
    await page.getByRole('button', { name: 'Add the question' }).click();
    await page.waitForURL(`${t.baseUrl}/panel/${moderator.token}?card=added#queue`);
    expect(await page.getByRole('status').first().innerText()).toBe('The question from the card is in the queue.');
    expect(await listed(page, 'To answer')).toContain('Will the county fund interpreters at hearings?');
    const cards = (await t.api.get(`/api/events/${event.id}/questions`)).body.items.filter(
      (item: { source: string }) => item.source === 'card',
    );
    expect(cards).toMatchObject([
      { body: 'Will the county fund interpreters at hearings?', authorName: 'Card from row 3', status: 'approved' },
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'panel-moderator');
    await context.close();
  });
});
