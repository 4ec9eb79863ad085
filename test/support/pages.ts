import { afterAll, beforeAll, jest } from '@jest/globals';
import { EventChangeNotifier } from '../../src/events/event-changes.js';
import { TestBrowser } from './browser.js';
import { newPublishedEvent, panelistBody } from './event-factory.js';
import { startMailedApp, stopMailedApp, type MailedApp } from './rsvps.js';
import type { SignedUp, TestApp } from './test-app.js';

/** A forum modelled on the demo: Pacific time, so its times differ from the server's and the browser's. */
export const FORUM = {
  title: 'Know your rights: a community forum',
  summary: 'Immigration attorneys and neighbours answer your questions.',
  description: 'Doors open at 6 PM.\nChildren are welcome.',
  startsAt: '2030-12-06T02:30:00Z', // Thursday, December 5, 2030, 6:30 PM in Los Angeles
  endsAt: '2030-12-06T04:30:00Z',
  timezone: 'America/Los_Angeles',
  venue: {
    name: 'United Presbyterian Church',
    address: '42 Main Street, Binghamton, NY',
    room: 'Fellowship hall',
    accessibilityNotes: 'Step-free entrance on Main Street; hearing loop in the hall.',
  },
  onlineUrl: 'https://stream.example.org/forum',
  capacity: 150,
  languages: ['en', 'es'],
  interpretation: 'Spanish and ASL interpretation',
};

/** Invites a panelist through the API and keeps the private link token that only the invitation email carries. */
export async function invitePanelist(t: TestApp, org: SignedUp, eventId: string, overrides: Record<string, unknown> = {}) {
  const notifier = t.app.get(EventChangeNotifier);
  const original = notifier.panelistInvited.bind(notifier);
  let token = '';
  const spy = jest.spyOn(notifier, 'panelistInvited').mockImplementationOnce((manager, panelist, event, plaintext) => {
    token = plaintext;
    return original(manager, panelist, event, plaintext);
  });
  const body = panelistBody(t, overrides);
  const response = await t.api.post(`/api/events/${eventId}/panelists`, body, { token: org.token });
  spy.mockRestore();
  if (response.status !== 201) throw new Error(`inviting a panelist failed: ${response.status} ${response.text}`);
  return { panelist: response.body, email: body.email as string, token };
}

/** The forum with one panelist who accepted and one who has not answered yet. */
export async function newForum(t: TestApp, org: SignedUp, overrides: Record<string, unknown> = {}) {
  const event = await newPublishedEvent(t, org.token, { ...FORUM, ...overrides });
  const attorney = await invitePanelist(t, org, event.id, { name: 'Ana Abogada', affiliation: 'Legal Aid of the Southern Tier' });
  await t.api.post(`/api/panel/${attorney.token}/accept`);
  const undecided = await invitePanelist(t, org, event.id, { name: 'Pedro Pendiente', affiliation: 'Undecided Society' });
  return { event, attorney, undecided };
}

/** Anything shaped like an email address. */
export const EMAIL_LIKE = /[\w.+-]+@[\w-]+\.[\w.-]+/;

/** A browser's part of the double-submit: the cookie the page set and the token its forms carry. */
export async function loadForm(t: TestApp, path: string) {
  const response = await fetch(`${t.baseUrl}${path}`);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('csrf='))!;
  const html = await response.text();
  return { cookie, cookieValue: cookie.split(';')[0]!, token: /name="_csrf" value="([^"]+)"/.exec(html)![1]!, html };
}

export function postForm(t: TestApp, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
}

/** A test file's app delivering to a real SMTP sink, and its Chromium, started before and stopped after its tests. */
export function mailedAppAndBrowser(organizationName: string): { mailed: MailedApp; browser: TestBrowser } {
  const suite = {} as { mailed: MailedApp; browser: TestBrowser };
  beforeAll(async () => {
    suite.mailed = await startMailedApp({}, organizationName);
    suite.browser = await TestBrowser.launch();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await stopMailedApp(suite.mailed);
  });
  return suite;
}
