import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../../support/browser.js';
import { ConsoleClient, lookAt, signIn } from '../../support/console.js';
import { newPublishedEvent } from '../../support/event-factory.js';
import { booked, rsvpBody } from '../../support/rsvps.js';
import { startMailedApp, stopMailedApp, type MailedApp } from '../../support/rsvps.js';
import { TEST_PASSWORD } from '../../support/test-app.js';

const ENGLISH = {
  subject: 'Use the Court Street entrance',
  body: 'The parking lot is closed tonight.\nPark on Court Street.\n\nSee you at 6:30.',
};
const SPANISH = {
  subject: 'Use la entrada de Court Street',
  body: 'El estacionamiento está cerrado esta noche.\n\nLos esperamos a las 6:30.',
};

describe('messages in the organizer console', () => {
  let mailed: MailedApp;
  let browser: TestBrowser;
  let eventId: string;
  const emails: Record<string, string> = {};

  beforeAll(async () => {
    mailed = await startMailedApp({}, 'Pilsen Neighbors Together');
    browser = await TestBrowser.launch();
    const { t, sink, org } = mailed;
    eventId = (await newPublishedEvent(t, org.token, { title: 'Know your rights' })).id;
    const people = [
      ['ana', 'en'],
      ['beto', 'es'],
      ['cruz', 'es'],
      ['dora', 'en'],
    ] as const;
    const bodies = people.map(([name, language]) => rsvpBody(t, { name, language, email: (emails[name] = t.uniqueEmail(name)) }));
    const tokens = await booked(t, sink, eventId, bodies);
    expect((await t.api.delete(`/api/rsvps/${tokens[3]}`)).status).toBe(200); // Dora cancelled
  });
  afterAll(async () => {
    await browser?.close();
    await stopMailedApp(mailed);
  });

  it('writes in English and Spanish, previews who will get it, sends, and lists the delivery counts', async () => {
    const { t, sink, org } = mailed;
    const { page } = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${eventId}`);
    await page.getByRole('link', { name: 'Messages', exact: true }).click();
    await page.waitForURL(`${t.baseUrl}/console/events/${eventId}/messages`);
    expect(await page.innerText('main')).toContain('No messages sent yet.');
    await lookAt(page, 'messages');

    const english = page.getByRole('group', { name: 'In English' });
    const spanish = page.getByRole('group', { name: 'In Spanish' });
    // Half a translation is refused next to the missing half, and what was written stays.
    await english.getByLabel('Subject').fill(ENGLISH.subject);
    await english.getByLabel('Message').fill(ENGLISH.body);
    await spanish.getByLabel('Subject').fill(SPANISH.subject);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForLoadState();
    expect(await spanish.getByLabel('Message').getAttribute('aria-invalid')).toBe('true');
    expect(await page.innerText('main')).toContain('Write the subject and the message in Spanish both, or leave both empty.');
    expect(await english.getByLabel('Message').inputValue()).toBe(ENGLISH.body);
    await lookAt(page, 'messages-errors');

    await spanish.getByLabel('Message').fill(SPANISH.body);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(`${t.baseUrl}/console/events/${eventId}/messages/preview`);
    const preview = await page.innerText('main');
    expect(preview).toContain('3 people will get it: 1 in English, 2 in Spanish');
    expect(preview).toContain('To: Confirmed attendees');
    expect(preview).toContain('The parking lot is closed tonight.\nPark on Court Street.');
    expect(preview).toContain('Los esperamos a las 6:30.');
    await lookAt(page, 'message-preview');

    // Back to the form with everything kept, then to the waitlist (nobody) and back to confirmed attendees.
    await page.getByRole('button', { name: 'Change the message' }).click();
    await page.waitForURL(`${t.baseUrl}/console/events/${eventId}/messages/edit`);
    expect(await spanish.getByLabel('Message').inputValue()).toBe(SPANISH.body);
    await page.getByLabel('People on the waitlist').check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/\/messages\/preview$/);
    expect(await page.innerText('main')).toContain('Nobody in this group can get it');
    expect(await page.getByRole('button', { name: /^Send/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Change the message' }).click();
    await page.getByLabel('Confirmed attendees').check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/\/messages\/preview$/);

    await page.getByRole('button', { name: 'Send to 3 people' }).click();
    await page.waitForURL(`${t.baseUrl}/console/events/${eventId}/messages?sent`);
    expect(await page.innerText('main')).toContain('Your message is on its way.');

    const received = await sink.waitForCount((mail) => mail.subject.startsWith('Use'), 3, 15_000);
    // Each attendee gets their own language, exactly once; the cancelled attendee nothing.
    const subjects = (name: string) =>
      sink.messages.filter((mail) => sink.to(emails[name]!)(mail) && mail.subject.startsWith('Use')).map((mail) => mail.subject);
    expect(subjects('ana')).toEqual([`${ENGLISH.subject} · Pilsen Neighbors Together`]);
    expect(subjects('beto')).toEqual([`${SPANISH.subject} · Pilsen Neighbors Together`]);
    expect(subjects('cruz')).toEqual([`${SPANISH.subject} · Pilsen Neighbors Together`]);
    expect(subjects('dora')).toEqual([]);
    expect(received.find((mail) => sink.to(emails.beto!)(mail))!.parsed.text).toContain('El estacionamiento está cerrado esta noche.');

    // The list follows the outbox until all three are delivered.
    for (let attempt = 0; attempt < 40 && !(await page.innerText('main')).includes('3 delivered'); attempt++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    const listed = await page.innerText('main');
    expect(listed).toContain(ENGLISH.subject);
    expect(listed).toContain('3 people: 3 delivered, 0 on the way, 0 failed');
    expect(listed).toContain('by Olivia Owner');
    await lookAt(page, 'messages-sent');
  });

  it('sends a form posted twice once, and is closed to moderators', async () => {
    const { t, org } = mailed;
    const owner = new ConsoleClient(t);
    await owner.signIn(org.organizer.email, TEST_PASSWORD);
    const path = `/console/events/${eventId}/messages`;
    const form = {
      draft: crypto.randomUUID(),
      audience: 'confirmed',
      'subject.en': 'Doors open at 6',
      'body.en': 'Doors open at 6.',
      'subject.es': '',
      'body.es': '',
    };
    const before = (await t.api.get(`/api/events/${eventId}/messages`, { token: org.token })).body.items.length;
    const [first, second] = await Promise.all([owner.post(path, form), owner.post(path, form)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const after = (await t.api.get(`/api/events/${eventId}/messages`, { token: org.token })).body.items;
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ id: form.draft, recipients: 3, subject: { en: 'Doors open at 6', es: null } });

    const moderator = await t.newMember(org.organization.id, 'moderator');
    const client = new ConsoleClient(t);
    await client.signIn(moderator.email, TEST_PASSWORD);
    expect((await client.get(path)).status).toBe(403);
    expect((await client.post(path, { ...form, draft: crypto.randomUUID() }, `/console/events/${eventId}`)).status).toBe(403);
    expect((await client.get(`/console/events/${eventId}`)).html).not.toContain(`href="${path}"`);
  });
});
