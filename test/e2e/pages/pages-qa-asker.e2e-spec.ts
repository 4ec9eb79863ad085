import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fitsWidth, screenshots, seriousA11yViolations, TestBrowser } from '../../support/browser.js';
import { QaFactory } from '../../support/questions.js';
import { TestApp } from '../../support/test-app.js';

/** What the Q&A page shows to whom: the asker's own waiting question, and answered ones below the open ones. */
describe('the Q&A page for the asker and the audience', () => {
  let t: TestApp;
  let qa: QaFactory;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await TestApp.start();
    qa = new QaFactory(t, await t.newOrganization('Asker Coalition'));
    browser = await TestBrowser.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const questionsPage = async (slug: string, participantToken?: string) => {
    const response = await fetch(`${t.baseUrl}/events/${slug}/questions`, {
      headers: participantToken ? { cookie: `participant=${participantToken}` } : {},
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('shows a question waiting for the moderators to its asker only, never in the public list or API', async () => {
    const event = await qa.event({ moderation: 'pre' });
    const asker = await qa.participant(event.id);
    const neighbour = await qa.participant(event.id);
    expect((await qa.ask(event.id, asker, { body: 'Can the library stay open until nine?' })).status).toBe(201);

    const own = await questionsPage(event.slug, asker);
    expect(own).toContain('waiting for the moderators');
    expect(own).toContain('Can the library stay open until nine?');
    for (const html of [await questionsPage(event.slug, neighbour), await questionsPage(event.slug)]) {
      expect(html).not.toContain('waiting for the moderators');
      expect(html).not.toContain('Can the library stay open until nine?');
    }
    const { context, page } = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 900 } });
    await context.addCookies([{ name: 'participant', value: asker, url: t.baseUrl }]);
    await page.goto(`${t.baseUrl}/events/${event.slug}/questions`);
    const waiting = page.getByRole('region', { name: 'Yours, waiting for the moderators (only you see these)' });
    expect(await waiting.innerText()).toContain('Can the library stay open until nine?');
    expect(await fitsWidth(page)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'questions-waiting');
    await context.close();

    const api = await t.api.get(`/api/events/${event.id}/questions`, { headers: { 'x-participant-token': asker } });
    expect(api.body.items).toEqual([]);

    // Once approved it is in the public list, and no longer among the waiting ones.
    const [{ id }] = await t.sql<{ id: string }>('SELECT id FROM questions WHERE event_id = $1', [event.id]);
    await qa.moderate(id, { status: 'approved' });
    const after = await questionsPage(event.slug, asker);
    expect(after).not.toContain('waiting for the moderators');
    expect(after).toContain(`id="q-${id}"`);
  });

  it('puts an answered question below the open ones even when it is pinned, on the page and in the API', async () => {
    const event = await qa.event({ moderation: 'pre' });
    const answered = await qa.approvedQuestion(event.id, 'When does the bus route change?');
    await qa.moderate(answered.id, { pinned: true, status: 'answered' });
    const open = await qa.approvedQuestion(event.id, 'Who fixes the streetlights?');

    const html = await questionsPage(event.slug);
    expect(html.indexOf(`id="q-${open.id}"`)).toBeGreaterThan(-1);
    expect(html.indexOf(`id="q-${open.id}"`)).toBeLessThan(html.indexOf(`id="q-${answered.id}"`));

    const all = await t.api.get(`/api/events/${event.id}/questions`);
    expect(all.body.items.map((item: { id: string }) => item.id)).toEqual([open.id, answered.id]);
    // Paged one at a time, the cursor carries the same order.
    const first = await t.api.get(`/api/events/${event.id}/questions?limit=1`);
    const second = await t.api.get(`/api/events/${event.id}/questions?limit=1&cursor=${first.body.nextCursor}`);
    expect([first.body.items[0].id, second.body.items[0].id]).toEqual([open.id, answered.id]);
    expect(second.body.nextCursor).toBeNull();
  });
});
