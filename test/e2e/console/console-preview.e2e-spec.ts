import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fitsWidth, TestBrowser } from '../../support/browser.js';
import { ConsoleClient, lookAt, signIn } from '../../support/console.js';
import { newEvent } from '../../support/event-factory.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../support/test-app.js';

/** A draft's preview is the page attendees will get: its RSVP form shown but off, and no link that answers raw JSON. */
describe("a draft's preview in the console", () => {
  let t: TestApp;
  let org: SignedUp;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Preview Coalition');
    browser = await TestBrowser.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the RSVP form with its controls disabled and says when RSVPs open; every link it offers works for the member', async () => {
    const draft = await newEvent(t, org.token, { title: 'Draft forum on bus routes' });
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const { status, html } = await client.get(`/console/events/${draft.id}/preview`);
    expect(status).toBe(200);
    expect(html).toContain('RSVPs open when the forum is published.');
    expect(html).toMatch(/<fieldset class="preview" disabled>\s*<form method="post" action="\/events\/[^"]+\/rsvp"/);
    expect(html).toContain('Your name');
    // The draft's calendar file would answer 404 JSON here: no link to it, and the page says when it comes.
    expect(html).not.toContain('event.ics');
    expect(html).toContain('The calendar file is offered once the forum is published.');
    for (const [, href] of html.matchAll(/href="(\/[^"#]*)"/g)) {
      const response = await client.get(href!);
      expect([href, response.status < 400, /^\s*\{/.test(response.html)]).toEqual([href, true, false]);
    }

    const { context, page } = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 900 } });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${draft.id}/preview`);
    expect(await page.getByLabel('Your name').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save my seat' }).isDisabled()).toBe(true);
    expect(await fitsWidth(page)).toBe(true);
    await lookAt(page, 'preview-draft');
    await context.close();

    // Once published, the public page has the live form and the forum's calendar file.
    const { slug } = (await t.api.post(`/api/events/${draft.id}/publish`, undefined, { token: org.token })).body;
    const published = await (await fetch(`${t.baseUrl}/events/${slug}`)).text();
    expect(published).not.toContain('RSVPs open when the forum is published.');
    expect(published).not.toContain('<fieldset class="preview" disabled>');
    expect(published).toContain(`/api/events/${slug}/event.ics`);
  });
});
