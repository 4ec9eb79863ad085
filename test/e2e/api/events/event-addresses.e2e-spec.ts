import { describe, expect, it } from '@jest/globals';
import { lookAt, signIn } from '../../../support/console.js';
import { FORUM, mailedAppAndBrowser } from '../../../support/pages.js';
import { newEvent, newPublishedEvent } from '../../../support/event-factory.js';
import { booked, rsvpBody } from '../../../support/rsvps.js';
import { TEST_PASSWORD } from '../../../support/test-app.js';

const READABLE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Issue 14, item 3: addresses that can be read aloud, chosen by the organizer, and never go stale. */
describe('forum addresses', () => {
  const suite = mailedAppAndBrowser('Addresses Coalition');

  it('are the title and date, numbered when taken, also when many forums of one title are published at once', async () => {
    const { t, org } = suite.mailed;
    const first = await newPublishedEvent(t, org.token, { ...FORUM, title: 'Town hall: schools' });
    expect(first.slug).toBe('town-hall-schools-2030-12-05');
    const drafts = await Promise.all(Array.from({ length: 6 }, () => newEvent(t, org.token, { ...FORUM, title: 'Town hall: schools' })));
    expect(drafts.map((draft) => draft.slug)).toEqual(Array(6).fill(null));
    const together = await Promise.all(
      drafts.map((draft) => t.api.post(`/api/events/${draft.id}/publish`, undefined, { token: org.token })),
    );
    expect(together.map((response) => response.status)).toEqual(Array(6).fill(200));
    const slugs = together.map((response) => response.body.slug as string).sort((a, b) => a.length - b.length || a.localeCompare(b));
    expect(slugs).toEqual([2, 3, 4, 5, 6, 7].map((n) => `town-hall-schools-2030-12-05-${n}`));
  });

  it('move with the date: the former one answers 301 to the current one, for the API, the pages and the calendar', async () => {
    const { t, sink, org } = suite.mailed;
    const event = await newPublishedEvent(t, org.token, { ...FORUM, title: 'Moving forum' });
    expect(event.slug).toBe('moving-forum-2030-12-05');
    const [token] = await booked(t, sink, event.id, [rsvpBody(t, { email: t.uniqueEmail('mover') })]);

    const moved = await t.api.patch(
      `/api/events/${event.id}`,
      { startsAt: '2030-12-13T02:30:00Z', endsAt: '2030-12-13T04:30:00Z' },
      { token: org.token },
    );
    expect(moved.status).toBe(200);
    expect(moved.body.slug).toBe('moving-forum-2030-12-12');
    const titled = await t.api.patch(`/api/events/${event.id}`, { title: 'Moving forum, corrected' }, { token: org.token });
    expect(titled.body.slug).toBe('moving-forum-2030-12-12'); // a title fix leaves printed links alone

    for (const [path, to] of [
      [`/events/${event.slug}`, `/events/moving-forum-2030-12-12`],
      [`/events/${event.slug}/questions?asked=published`, `/events/moving-forum-2030-12-12/questions?asked=published`],
      [`/api/events/${event.slug}`, `/api/events/moving-forum-2030-12-12`],
      [`/api/events/${event.slug}/event.ics`, `/api/events/moving-forum-2030-12-12/event.ics`],
    ]) {
      const response = await fetch(`${t.baseUrl}${path}`, { redirect: 'manual' });
      expect([path, response.status, response.headers.get('location')]).toEqual([path, 301, to]);
    }
    expect((await fetch(`${t.baseUrl}/events/never-was-a-forum`, { redirect: 'manual' })).status).toBe(404);

    // The email about the move leads to the attendee's own page, where a fresh link works.
    const update = await sink.waitFor((mail) => mail.subject.includes('Moving forum') && /changed|moved/i.test(mail.subject));
    expect(update.parsed.text).toContain(`${t.config.appUrl}/events/moving-forum-2030-12-12`);
    const link = new RegExp(`${t.config.appUrl}/rsvp/([A-Za-z0-9_-]{43})`).exec(update.parsed.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(link).not.toBe(token);

    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/rsvp/${link}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Moving forum, corrected');
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    expect(page.url()).toBe(`${t.baseUrl}/events/moving-forum-2030-12-12`);

    // A party change tells the attendee with a link to their page too.
    await page.goto(`${t.baseUrl}/rsvp/${link}`);
    await page.getByLabel(/Number of people/).fill('2');
    await page.getByRole('button', { name: /Save/ }).first().click();
    const party = await sink.waitFor((mail) => /now holds seats for 2/.test(mail.parsed.text ?? ''));
    expect(party.parsed.text).toMatch(new RegExp(`${t.config.appUrl}/rsvp/[A-Za-z0-9_-]{43}`));
    await context.close();
  });

  it('can be chosen by the organizer in the console on a phone; one taken or badly formed is refused, naming the field', async () => {
    const { t, org } = suite.mailed;
    const other = await newPublishedEvent(t, org.token, { ...FORUM, title: 'Other forum', slug: 'rights-night' });
    expect(other.slug).toBe('rights-night');
    const renamed = await t.api.patch(`/api/events/${other.id}`, { slug: 'rights-night-2030' }, { token: org.token });
    expect(renamed.body.slug).toBe('rights-night-2030');
    const event = await newPublishedEvent(t, org.token, { ...FORUM, title: 'Chosen forum' });

    for (const slug of ['Rights Night', 'a', 'double--hyphen', '-edge', '123e4567-e89b-12d3-a456-426614174000']) {
      const refused = await t.api.patch(`/api/events/${event.id}`, { slug }, { token: org.token });
      expect([slug, refused.status, refused.body.details?.[0]?.field]).toEqual([slug, 400, 'slug']);
    }
    // A former address is still another forum's: it keeps leading there.
    const taken = await t.api.patch(`/api/events/${event.id}`, { slug: 'rights-night' }, { token: org.token });
    expect(taken.status).toBe(409);
    expect(taken.body.details).toEqual([{ field: 'slug', message: 'is already taken' }]);

    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${event.id}/edit`);
    const field = page.getByLabel('Web address');
    expect(await field.inputValue()).toBe('chosen-forum-2030-12-05');
    await field.fill('rights-night');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#field-slug-error').innerText()).toBe('Another forum has (or had) this address: choose another.');
    await page.getByLabel('Web address').fill('know-your-rights');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${t.baseUrl}/console/events/${event.id}?saved`);
    expect((await t.api.get(`/api/events/${event.id}`, { token: org.token })).body.slug).toBe('know-your-rights');

    // Chosen, it stays when the date moves; the automatic one it had still leads here.
    const moved = await t.api.patch(
      `/api/events/${event.id}`,
      { startsAt: '2030-12-20T02:30:00Z', endsAt: '2030-12-20T04:30:00Z' },
      { token: org.token },
    );
    expect(moved.body.slug).toBe('know-your-rights');
    expect(moved.body.slug).toMatch(READABLE);
    const old = await fetch(`${t.baseUrl}/api/events/chosen-forum-2030-12-05`, {
      redirect: 'manual',
      headers: { authorization: `Bearer ${org.token}` },
    });
    expect([old.status, old.headers.get('location')]).toEqual([301, '/api/events/know-your-rights']);
    await context.close();
  });

  it('move with the date when the day is changed in the console editor too, which posts the shown address back', async () => {
    const { t, org } = suite.mailed;
    const event = await newPublishedEvent(t, org.token, { ...FORUM, title: 'Console mover' });
    expect(event.slug).toBe('console-mover-2030-12-05');
    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${event.id}/edit`);
    expect(await page.getByLabel('Web address').inputValue()).toBe('console-mover-2030-12-05');
    await page.getByLabel('Starts').fill('2030-12-12T18:30');
    await page.getByLabel('Ends').fill('2030-12-12T20:30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${t.baseUrl}/console/events/${event.id}?saved`);
    expect((await t.api.get(`/api/events/${event.id}`, { token: org.token })).body.slug).toBe('console-mover-2030-12-12');
    await context.close();
  });

  it('are claimed by drafts only when published: an unannounced forum never shows through another organization’s address', async () => {
    const { t, org } = suite.mailed;
    const other = await t.newOrganization('Neighbouring Coalition');
    // Organization A's draft asks for "town-hall" and, automatically, for its title and date.
    const chosen = await newEvent(t, org.token, { ...FORUM, title: 'Secret budget hearing', slug: 'town-hall' });
    const automatic = await newEvent(t, org.token, { ...FORUM, title: 'Secret budget hearing' });
    expect([chosen.slug, chosen.requestedSlug, automatic.slug, automatic.requestedSlug]).toEqual([null, 'town-hall', null, null]);
    expect((await t.api.get(`/api/events/${chosen.id}`, { token: org.token })).status).toBe(200);

    // Organization B gets exactly what it asks for: no 409, no "-2".
    const theirs = await newPublishedEvent(t, other.token, { ...FORUM, title: 'Town hall', slug: 'town-hall' });
    expect(theirs.slug).toBe('town-hall');
    const sameTitle = await newPublishedEvent(t, other.token, { ...FORUM, title: 'Secret budget hearing' });
    expect(sameTitle.slug).toBe('secret-budget-hearing-2030-12-05');
    for (const address of ['town-hall', 'secret-budget-hearing-2030-12-05']) {
      expect((await t.api.get(`/api/events/${address}`)).body.organization.name).toBe('Neighbouring Coalition');
    }

    // A's publish then finds its chosen address taken: 409 and still a draft; the automatic one is numbered.
    const refused = await t.api.post(`/api/events/${chosen.id}/publish`, undefined, { token: org.token });
    expect([refused.status, refused.body.code]).toEqual([409, 'slug-taken']);
    expect((await t.api.get(`/api/events/${chosen.id}`, { token: org.token })).body.status).toBe('draft');
    const numbered = await t.api.post(`/api/events/${automatic.id}/publish`, undefined, { token: org.token });
    expect(numbered.body.slug).toBe('secret-budget-hearing-2030-12-05-2');
    expect((await t.api.patch(`/api/events/${chosen.id}`, { slug: 'town-hall-east' }, { token: org.token })).status).toBe(200);
    const published = await t.api.post(`/api/events/${chosen.id}/publish`, undefined, { token: org.token });
    expect([published.status, published.body.slug, published.body.requestedSlug]).toEqual([200, 'town-hall-east', null]);

    // The console's publish step says why instead of failing.
    const draft = await newEvent(t, org.token, { ...FORUM, title: 'Another hearing', slug: 'town-hall' });
    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${draft.id}/edit`);
    expect(await page.getByLabel('Web address').inputValue()).toBe('town-hall');
    await page.goto(`${t.baseUrl}/console/events/${draft.id}/publish`);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').innerText()).toContain(
      'The address /events/town-hall chosen for this forum belongs to another forum: nothing was published.',
    );
    await lookAt(page, 'publish-slug-taken');
    await context.close();
  });
});
