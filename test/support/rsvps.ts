import { SmtpSink, type ReceivedMail } from './smtp-sink.js';
import { TestApp, type SignedUp } from './test-app.js';

export function rsvpBody(t: TestApp, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Rosa Residente', email: t.uniqueEmail('attendee'), partySize: 1, language: 'en', ...overrides };
}

/** `address`: where the request comes from, for an app started with TRUST_PROXY (one source may ask for 400 seats an hour). */
export function rsvp(t: TestApp, eventId: string, body: Record<string, unknown>, address?: string) {
  return t.api.post(`/api/events/${eventId}/rsvps`, body, address ? { headers: { 'x-forwarded-for': address } } : {});
}

/** The manage token in an attendee email's text, or undefined. */
export function manageTokenIn(mail: ReceivedMail, appUrl: string): string | undefined {
  const escaped = appUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}/rsvp/([A-Za-z0-9_-]+)`).exec(mail.parsed.text ?? '')?.[1];
}

/** RSVPs through the API and waits for each one's email; returns the manage tokens in order. */
export async function booked(t: TestApp, sink: SmtpSink, eventId: string, bodies: Record<string, unknown>[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const body of bodies) {
    const response = await rsvp(t, eventId, body);
    if (response.status !== 202) throw new Error(`RSVP failed: ${response.status} ${response.text}`);
    const mail = await sink.waitFor(sink.to(String(body.email)));
    tokens.push(manageTokenIn(mail, t.config.appUrl)!);
  }
  return tokens;
}

export interface RsvpRow {
  id: string;
  email: string | null;
  status: string;
  party_size: number;
  arrival: string;
}

export function rsvpRows(t: TestApp, eventId: string): Promise<RsvpRow[]> {
  return t.sql<RsvpRow>(`SELECT id, email, status, party_size, arrival FROM rsvps WHERE event_id = $1 ORDER BY arrival`, [eventId]);
}

export interface MailedApp {
  sink: SmtpSink;
  t: TestApp;
  org: SignedUp;
}

/** An app delivering to its own SMTP sink, with one organization; close with `stopMailedApp`. */
export async function startMailedApp(env: Record<string, string> = {}, organizationName?: string): Promise<MailedApp> {
  const sink = await SmtpSink.start();
  const t = await TestApp.start({ SMTP_URL: sink.url, ...env });
  return { sink, t, org: await t.newOrganization(organizationName) };
}

export async function stopMailedApp({ t, sink }: Partial<MailedApp>): Promise<void> {
  await t?.close();
  await sink?.stop();
}
