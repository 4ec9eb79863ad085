import { describe, expect, it } from '@jest/globals';
import { ConsoleClient, lookAt, signIn } from '../../../support/console.js';
import { newEvent } from '../../../support/event-factory.js';
import { FORUM, mailedAppAndBrowser } from '../../../support/pages.js';
import { TEST_PASSWORD } from '../../../support/test-app.js';

/** What the editor posts beside its fields, as a browser would send the form. */
const FORM_BASICS = {
  startsAt: '2030-12-05T18:30',
  endsAt: '2030-12-05T20:30',
  timezone: FORUM.timezone,
  maxPartySize: '4',
  rsvpContact: 'email-required',
  languages: 'en',
  'questions.moderation': 'pre',
};
const decodeHtml = (text: string) =>
  text.replace(
    /&(quot|amp|lt|gt|#x27|#x3D|#x60);/g,
    (entity) => ({ '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#x27;': "'", '&#x3D;': '=', '&#x60;': '`' })[entity]!,
  );

/** Two members editing one forum: the later save no longer silently reverts the earlier. */
describe('editing a forum that changed meanwhile', () => {
  const suite = mailedAppAndBrowser('Versions Coalition');

  it('gives members the version as ETag; a stale If-Match is 412 and changes nothing; a malformed one is 400', async () => {
    const { t, org } = suite.mailed;
    const created = await t.api.post('/api/events', { ...FORUM, title: 'Versioned forum' }, { token: org.token });
    expect([created.status, created.body.version, created.headers.get('etag')]).toEqual([201, 1, '"1"']);
    const id = created.body.id as string;

    const read = await t.api.get(`/api/events/${id}`, { token: org.token });
    expect([read.body.version, read.headers.get('etag')]).toEqual([1, '"1"']);
    const listed = await t.api.get('/api/organization/events', { token: org.token });
    expect(listed.body.items.find((item: { id: string }) => item.id === id).version).toBe(1);

    const first = await t.api.patch(
      `/api/events/${id}`,
      { title: 'Versioned forum, first' },
      { token: org.token, headers: { 'if-match': '"1"' } },
    );
    expect([first.status, first.body.version, first.headers.get('etag')]).toEqual([200, 2, '"2"']);
    const stale = await t.api.patch(
      `/api/events/${id}`,
      { title: 'Versioned forum, late' },
      { token: org.token, headers: { 'if-match': '"1"' } },
    );
    expect([stale.status, stale.body.code]).toEqual([412, 'stale-version']);
    expect((await t.api.get(`/api/events/${id}`, { token: org.token })).body.title).toBe('Versioned forum, first');

    for (const header of ['1', 'W/"2"', '"two"', '"2", "3"', '"0"']) {
      const malformed = await t.api.patch(
        `/api/events/${id}`,
        { title: 'Malformed' },
        { token: org.token, headers: { 'if-match': header } },
      );
      expect([header, malformed.status, malformed.body.code]).toEqual([header, 400, 'invalid-if-match']);
    }
    // API clients that send no If-Match keep working; every saved change (publish too) raises the version.
    const blind = await t.api.patch(`/api/events/${id}`, { summary: 'Without If-Match' }, { token: org.token });
    expect([blind.status, blind.body.version]).toEqual([200, 3]);
    const published = await t.api.post(`/api/events/${id}/publish`, undefined, { token: org.token });
    expect([published.body.version, published.headers.get('etag')]).toEqual([4, '"4"']);

    // Anonymous readers get a content validator, not the version members edit with.
    const anonymous = await t.api.get(`/api/events/${id}`);
    expect(anonymous.body.version).toBeUndefined();
    expect(anonymous.headers.get('etag')).not.toBe('"4"');
  });

  it('lets exactly one of many saves made on one version through, however many arrive at once', async () => {
    const { t, org } = suite.mailed;
    const event = await newEvent(t, org.token, { ...FORUM, title: 'Contested forum' });
    const saves = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        t.api.patch(`/api/events/${event.id}`, { title: `Contested forum ${n}` }, { token: org.token, headers: { 'if-match': '"1"' } }),
      ),
    );
    const statuses = saves.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array(29).fill(412)]);
    const winner = saves.find((response) => response.status === 200)!;
    const stored = await t.api.get(`/api/events/${event.id}`, { token: org.token });
    expect([stored.body.title, stored.body.version]).toEqual([winner.body.title, 2]);
  });

  it('in the console, shows the colleague’s changes field by field instead of overwriting them, keeping what was typed', async () => {
    const { t, org } = suite.mailed;
    const event = await newEvent(t, org.token, { ...FORUM, title: 'Library forum', summary: 'Shared summary.' });
    const { context: first, page: mine } = await suite.browser.newContext({ locale: 'en-US' });
    const { context: second, page: colleague } = await suite.browser.newContext({ locale: 'en-US' });
    for (const page of [mine, colleague]) {
      await signIn(page, t, org.organizer.email, TEST_PASSWORD);
      await page.goto(`${t.baseUrl}/console/events/${event.id}/edit`);
    }

    // The colleague renames the forum and saves first.
    await colleague.locator('#field-title').fill('Library forum on housing');
    await colleague.getByRole('button', { name: 'Save' }).click();
    await colleague.waitForURL(`${t.baseUrl}/console/events/${event.id}?saved`);

    // My form, loaded before, changes the summary and the room.
    await mine.locator('#field-summary').fill('Tenants ask, lawyers answer.');
    await mine.getByLabel('Room').fill('Reading room');
    await mine.getByRole('button', { name: 'Save' }).click();
    await mine.waitForLoadState();
    const notice = mine.getByRole('alert').filter({ hasText: 'Someone saved this forum' });
    expect((await notice.locator('li').allInnerTexts()).sort()).toEqual(['Title: was “Library forum”, now “Library forum on housing”.']);
    expect(await mine.locator('#field-title').inputValue()).toBe('Library forum on housing');
    expect(await mine.locator('#field-summary').inputValue()).toBe('Tenants ask, lawyers answer.');
    expect(await mine.getByLabel('Room').inputValue()).toBe('Reading room');
    let stored = (await t.api.get(`/api/events/${event.id}`, { token: org.token })).body;
    expect([stored.title, stored.summary, stored.venue.room]).toEqual(['Library forum on housing', 'Shared summary.', FORUM.venue.room]);
    await lookAt(mine, 'editor-changed-meanwhile');

    // The colleague changes the summary too: both changed it, and mine stays in the form.
    await colleague.goto(`${t.baseUrl}/console/events/${event.id}/edit`);
    await colleague.locator('#field-summary').fill('Housing questions, answered.');
    await colleague.getByRole('button', { name: 'Save' }).click();
    await colleague.waitForURL(`${t.baseUrl}/console/events/${event.id}?saved`);
    await mine.getByRole('button', { name: 'Save' }).click();
    await mine.waitForLoadState();
    expect(await notice.innerText()).toContain(
      'Summary: was “Shared summary.”, now “Housing questions, answered.”. You typed “Tenants ask, lawyers answer.”: kept in the form.',
    );
    expect(await mine.locator('#field-summary').inputValue()).toBe('Tenants ask, lawyers answer.');

    // Saving again applies what the form shows, the colleague's title included.
    await mine.getByRole('button', { name: 'Save' }).click();
    await mine.waitForURL(`${t.baseUrl}/console/events/${event.id}?saved`);
    stored = (await t.api.get(`/api/events/${event.id}`, { token: org.token })).body;
    expect([stored.title, stored.summary, stored.venue.room]).toEqual([
      'Library forum on housing',
      'Tenants ask, lawyers answer.',
      'Reading room',
    ]);
    await first.close();
    await second.close();
  });

  it('in the console, says so when a colleague only published meanwhile, and saves nothing until asked again', async () => {
    const { t, org } = suite.mailed;
    // Its address was chosen, so publishing changes none of the editor's fields.
    const event = await newEvent(t, org.token, { ...FORUM, title: 'Quietly published forum', slug: 'quiet-forum' });
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const form = (await client.get(`/console/events/${event.id}/edit`)).html;
    const hidden = (name: string) => decodeHtml(new RegExp(`name="${name}" value="([^"]*)"`).exec(form)![1]!);
    expect((await t.api.post(`/api/events/${event.id}/publish`, undefined, { token: org.token })).status).toBe(200);

    const fields = {
      ...FORM_BASICS,
      title: 'Renamed after publishing',
      slug: 'quiet-forum',
      version: hidden('version'),
      loaded: hidden('loaded'),
    };
    const stale = await client.post(`/console/events/${event.id}/edit`, fields, `/console/events/${event.id}/edit`);
    expect(stale.status).toBe(409);
    expect(stale.html.replace(/\s+/g, ' ')).toContain('Their save changed none of these fields');
    expect((await t.api.get(`/api/events/${event.id}`, { token: org.token })).body.title).toBe('Quietly published forum');
    // Whatever a tampered form carries as its marks, the answer is the same page, never a 500.
    for (const loaded of ['{"title": 5, "slug": null}', '[1, 2]', 'not json', '"text"']) {
      const tampered = await client.post(`/console/events/${event.id}/edit`, { ...fields, loaded }, `/console/events/${event.id}/edit`);
      expect([loaded, tampered.status]).toEqual([loaded, 409]);
    }
  });
});
