import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventJobs } from '../../../src/events/event-jobs.js';
import { newEvent, newPublishedEvent, panelistBody } from '../../support/event-factory.js';
import { parseCalendar, rawLines } from '../../support/ics.js';
import { calendarPart } from '../../support/invites.js';
import { SmtpSink, type ReceivedMail } from '../../support/smtp-sink.js';
import { TestApp, type SignedUp } from '../../support/test-app.js';

const APP_URL = 'https://townhall.example.org';
const ORGANIZATION = 'Broome Residents Coalition';
const CONTACT = 'forums@coalition.example.org';
/** 6:30 pm in New York on 28 October 2027 (EDT), and on 11 November, after daylight saving time ends (EST). */
const OCTOBER = { startsAt: '2027-10-28T22:30:00.000Z', endsAt: '2027-10-29T00:30:00.000Z' };
const NOVEMBER = { startsAt: '2027-11-11T23:30:00.000Z', endsAt: '2027-11-12T01:30:00.000Z' };
const VENUE = { name: 'United Presbyterian Church', room: 'Fellowship hall', address: '42 Riverside Dr, Binghamton, NY' };

/** ICU writes thin and narrow no-break spaces in dates; plain spaces keep the expectations readable. */
const plain = (text: string | false | undefined) => (text || '').replace(/[\u2009\u202f\u00a0]/g, ' ');

describe('panelist emails, received over SMTP', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SMTP_URL: sink.url, APP_URL });
    org = await t.newOrganization(ORGANIZATION);
    expect((await t.api.patch('/api/organization', { contactEmail: CONTACT }, { token: org.token })).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  /** The `n`th message (from 1) the address received. */
  const mailTo = async (address: string, n: number) => (await sink.waitForCount(sink.to(address), n, 15_000))[n - 1]!;
  /** Every message ever queued for the address, delivered or not. */
  const queuedFor = async (address: string) =>
    (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM mail_outbox WHERE recipient_address = $1', [address]))[0]!.n;
  const event = (overrides: Record<string, unknown> = {}) => newPublishedEvent(t, org.token, { ...OCTOBER, venue: VENUE, ...overrides });
  const answer = async (token: string, verb: 'accept' | 'decline') =>
    expect((await t.api.post(`/api/panel/${token}/${verb}`)).status).toBe(200);
  const change = async (eventId: string, fields: object) =>
    expect((await t.api.patch(`/api/events/${eventId}`, fields, { token: org.token })).status).toBe(200);

  /** Invites through the API; the private token is read from the invitation, as the panelist would. */
  async function invite(eventId: string, overrides: Record<string, unknown> = {}) {
    const body = panelistBody(t, overrides);
    const email = String(body.email);
    const response = await t.api.post(`/api/events/${eventId}/panelists`, body, { token: org.token });
    expect(response.status).toBe(201);
    const invitation = await mailTo(email, 1);
    const token = invitation.parsed.text?.match(/https:\/\/townhall\.example\.org\/panel\/([A-Za-z0-9_-]{43,})/)?.[1];
    expect(token).toBeDefined();
    return { id: String(response.body.id), email, token: token!, invitation };
  }

  /** The invite a message carries, held to the rules every invite follows, parsed as a calendar application would. */
  function inviteIn(mail: ReceivedMail, email: string) {
    const part = calendarPart(mail);
    expect(part).toBeDefined();
    const calendar = parseCalendar(part!.ics);
    expect(part!.contentTypeMethod).toBe(calendar.method);
    expect(calendar.events).toHaveLength(1);
    const vevent = calendar.events[0]!;
    expect(vevent.organizer).toEqual({ name: ORGANIZATION, address: `mailto:${CONTACT}` });
    expect(vevent.attendees).toEqual([`mailto:${email}`]);
    expect(rawLines(part!.ics, 'ATTENDEE')).toEqual([expect.stringMatching(/;PARTSTAT=ACCEPTED[;:]/)]);
    expect(rawLines(part!.ics, 'DTSTAMP')).toEqual([expect.stringMatching(/^DTSTAMP:\d{8}T\d{6}Z$/)]);
    expect(mail.parsed.replyTo?.value.map((address) => address.address)).toEqual([CONTACT]);
    return { method: calendar.method, zones: calendar.zones, ...vevent };
  }

  it("invites with the private link, what is expected, the time in the event's zone, venue, access and interpretation, and no invite", async () => {
    const forum = await event({
      title: 'Know your rights',
      venue: { ...VENUE, accessibilityNotes: 'Step-free entrance from the parking lot' },
      interpretation: 'Spanish and ASL interpretation',
      questions: { enabled: true, moderation: 'pre', allowAnonymous: true },
    });
    const { email, token, invitation } = await invite(forum.id, {
      name: 'Daniel Whitcomb',
      role: 'moderator',
      affiliation: 'Host congregation',
    });
    expect(invitation.subject).toBe(`${ORGANIZATION} invites you to moderate the panel of Know your rights`);
    expect(invitation.parsed.replyTo?.value.map((address) => address.address)).toEqual([CONTACT]);
    const text = plain(invitation.parsed.text);
    expect(text).toContain('When: Thursday, October 28, 2027, 6:30 – 8:30 PM EDT');
    expect(text).toContain('Where: United Presbyterian Church, Fellowship hall, 42 Riverside Dr, Binghamton, NY');
    expect(text).toContain('Accessibility: Step-free entrance from the parking lot');
    expect(text).toContain('Interpretation: Spanish and ASL interpretation');
    expect(text).toContain('accept or decline on your panel page');
    expect(text).toMatch(/As the moderator, .*new questions wait for your approval/);
    expect(text).toContain('You will be introduced as Daniel Whitcomb, Host congregation.');
    expect(invitation.parsed.html).toContain(`href="${APP_URL}/panel/${token}"`);
    expect(calendarPart(invitation)).toBeUndefined();
    const own = await t.api.get(`/api/panel/${token}`);
    expect(own.status).toBe(200);
    expect(own.body.panelist).toMatchObject({ email, status: 'invited' });
  });

  it('keeps one UID, SEQUENCE rising over accept → move → move → cancel, times right across the DST change', async () => {
    const forum = await event({ title: 'Forum on enforcement' });
    const ana = await invite(forum.id, { name: 'Ana Abogada' });
    const tom = await invite(forum.id, { name: 'Thomas Adeyemi' });
    const grace = await invite(forum.id, { name: 'Grace Kowalczyk' });
    await answer(ana.token, 'accept');
    await answer(grace.token, 'decline');
    const [row] = await t.sql<{ invite_uid: string }>('SELECT invite_uid FROM panelists WHERE id = $1', [ana.id]);

    const accepted = await mailTo(ana.email, 2);
    expect(accepted.subject).toBe('You are on the panel: Forum on enforcement');
    const request = inviteIn(accepted, ana.email);
    expect(request).toMatchObject({
      method: 'REQUEST',
      status: 'CONFIRMED',
      uid: `panelist-${row!.invite_uid}@townhall.example.org`,
      zones: ['America/New_York'],
      startZone: 'America/New_York',
      startLocal: '2027-10-28T18:30:00',
    });
    expect(request.start.toISOString()).toBe(OCTOBER.startsAt);

    await change(forum.id, NOVEMBER);
    const moved = await mailTo(ana.email, 3);
    const update = inviteIn(moved, ana.email);
    expect(update).toMatchObject({ method: 'REQUEST', status: 'CONFIRMED', uid: request.uid, startLocal: '2027-11-11T18:30:00' });
    expect(update.start.toISOString()).toBe(NOVEMBER.startsAt);
    expect(update.end.toISOString()).toBe(NOVEMBER.endsAt);
    expect(update.sequence).toBeGreaterThan(request.sequence);
    expect(plain(moved.parsed.text)).toContain(
      'When: Thursday, November 11, 2027, 6:30 – 8:30 PM EST (before: Thursday, October 28, 2027, 6:30 – 8:30 PM EDT)',
    );
    const toldOfMove = await mailTo(tom.email, 2);
    expect(calendarPart(toldOfMove)).toBeUndefined();
    expect(plain(toldOfMove.parsed.text)).toContain('(before: Thursday, October 28, 2027');
    expect(toldOfMove.parsed.text).toContain('please accept or decline with the link in your invitation email');

    await change(forum.id, { venue: { ...VENUE, name: 'Broome County Public Library', room: 'Auditorium' } });
    const relocated = await mailTo(ana.email, 4);
    const second = inviteIn(relocated, ana.email);
    expect(second).toMatchObject({
      method: 'REQUEST',
      uid: request.uid,
      location: expect.stringContaining('Broome County Public Library'),
    });
    expect(second.sequence).toBeGreaterThan(update.sequence);
    expect(relocated.parsed.text).toContain(
      'Where: Broome County Public Library, Auditorium, 42 Riverside Dr, Binghamton, NY (before: United Presbyterian Church',
    );

    expect((await t.api.post(`/api/events/${forum.id}/cancel`, { reason: 'The hall flooded.' }, { token: org.token })).status).toBe(200);
    const cancelled = await mailTo(ana.email, 5);
    expect(cancelled.subject).toBe('Cancelled: Forum on enforcement');
    const cancel = inviteIn(cancelled, ana.email);
    expect(cancel).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: request.uid });
    expect(cancel.sequence).toBeGreaterThan(second.sequence);
    expect(cancelled.parsed.text).toContain('“The hall flooded.”');
    // Tom's news of the relocation and of the cancellation may arrive in either order.
    const toldOfCancel = await sink.waitFor((mail) => sink.to(tom.email)(mail) && mail.subject.startsWith('Cancelled:'), 15_000);
    expect(calendarPart(toldOfCancel)).toBeUndefined();
    expect(toldOfCancel.parsed.text).toContain('You no longer need to answer the invitation.');
    // Grace declined: her invitation and the acknowledgement, nothing about the moves or the cancellation.
    expect(await queuedFor(grace.email)).toBe(2);
    expect(calendarPart(await mailTo(grace.email, 2))).toBeUndefined();
  });

  it('leaves each panelist who answers while the forum moves with the right last invite, and never deadlocks', async () => {
    const forum = await event({ title: 'Racing forum' });
    const accepting = await Promise.all(Array.from({ length: 4 }, () => invite(forum.id)));
    const declining = await Promise.all(Array.from({ length: 2 }, () => invite(forum.id)));
    for (const { token } of declining) await answer(token, 'accept');
    await Promise.all([
      ...accepting.map(({ token }) => answer(token, 'accept')),
      ...declining.map(({ token }) => answer(token, 'decline')),
      change(forum.id, NOVEMBER),
    ]);
    /** The invite with the highest SEQUENCE among all the address received: what its calendar shows. */
    const lastInvite = async (email: string) => {
      const mails = await sink.waitForCount(sink.to(email), await queuedFor(email), 15_000);
      const invites = mails.filter((mail) => calendarPart(mail)).map((mail) => inviteIn(mail, email));
      return invites.reduce((a, b) => (b.sequence > a.sequence ? b : a));
    };
    for (const { email } of accepting) {
      expect(await lastInvite(email)).toMatchObject({ method: 'REQUEST', startLocal: '2027-11-11T18:30:00' });
    }
    for (const { email } of declining) expect(await lastInvite(email)).toMatchObject({ method: 'CANCEL', status: 'CANCELLED' });
  });

  it('acknowledges a decline in words, withdraws a held invite with CANCEL, and a change of mind raises SEQUENCE again', async () => {
    const forum = await event({ title: "Tenants' rights" });
    const ana = await invite(forum.id);
    await answer(ana.token, 'decline');
    const acknowledged = await mailTo(ana.email, 2);
    expect(acknowledged.subject).toBe("Thank you for your answer: Tenants' rights");
    expect(calendarPart(acknowledged)).toBeUndefined();

    await answer(ana.token, 'accept');
    const request = inviteIn(await mailTo(ana.email, 3), ana.email);
    await answer(ana.token, 'decline');
    const withdrawn = await mailTo(ana.email, 4);
    expect(withdrawn.subject).toBe("You have left the panel of Tenants' rights");
    const cancel = inviteIn(withdrawn, ana.email);
    expect(cancel).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: request.uid });
    expect(cancel.sequence).toBeGreaterThan(request.sequence);
    await answer(ana.token, 'accept');
    const again = inviteIn(await mailTo(ana.email, 5), ana.email);
    expect(again).toMatchObject({ method: 'REQUEST', status: 'CONFIRMED', uid: request.uid });
    expect(again.sequence).toBeGreaterThan(cancel.sequence);
  });

  it('tells a removed panelist in words, with CANCEL only if they had accepted', async () => {
    const forum = await event();
    const ana = await invite(forum.id);
    const tom = await invite(forum.id);
    await answer(ana.token, 'accept');
    const request = inviteIn(await mailTo(ana.email, 2), ana.email);
    for (const { id } of [ana, tom]) {
      expect((await t.api.delete(`/api/events/${forum.id}/panelists/${id}`, { token: org.token })).status).toBe(204);
    }
    const removed = await mailTo(ana.email, 3);
    expect(removed.subject).toBe('Your invitation to the panel of Community forum was withdrawn');
    expect(removed.parsed.text).toContain('the attached cancellation removes it from your calendar');
    const cancel = inviteIn(removed, ana.email);
    expect(cancel).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: request.uid });
    expect(cancel.sequence).toBeGreaterThan(request.sequence);
    const told = await mailTo(tom.email, 2);
    expect(told.subject).toBe(removed.subject);
    expect(calendarPart(told)).toBeUndefined();
  });

  it('sends an accepted panelist of a draft an updated invite when the draft moves', async () => {
    const draft = await newEvent(t, org.token, { ...OCTOBER, venue: VENUE });
    const ana = await invite(draft.id);
    await answer(ana.token, 'accept');
    const first = inviteIn(await mailTo(ana.email, 2), ana.email);
    await change(draft.id, NOVEMBER);
    const update = inviteIn(await mailTo(ana.email, 3), ana.email);
    expect(update).toMatchObject({ method: 'REQUEST', uid: first.uid, startLocal: '2027-11-11T18:30:00' });
    expect(update.sequence).toBeGreaterThan(first.sequence);
  });

  it('invites a corrected address afresh with a new link, and writes nothing more to the old one', async () => {
    const forum = await event();
    const wrong = await invite(forum.id, { name: 'Rosa Delgado' });
    await answer(wrong.token, 'accept');
    await mailTo(wrong.email, 2);
    const right = t.uniqueEmail('rosa');
    const patched = await t.api.patch(`/api/events/${forum.id}/panelists/${wrong.id}`, { email: right }, { token: org.token });
    expect(patched.body).toMatchObject({ email: right, status: 'invited' });
    const invitation = await mailTo(right, 1);
    expect(invitation.subject).toMatch(/invit/i);
    const token = invitation.parsed.text?.match(/\/panel\/([A-Za-z0-9_-]{43,})/)?.[1];
    expect((await t.api.get(`/api/panel/${token}`)).status).toBe(200);
    expect((await t.api.get(`/api/panel/${wrong.token}`)).status).toBe(404);
    await change(forum.id, NOVEMBER);
    await mailTo(right, 2);
    expect(await queuedFor(wrong.email)).toBe(2);
  });

  it('resends an invitation with a new link to a panelist who has not answered, and refuses once they have', async () => {
    const forum = await event();
    const ana = await invite(forum.id);
    const resent = await t.api.post(`/api/events/${forum.id}/panelists/${ana.id}/resend-invitation`, undefined, { token: org.token });
    expect(resent.status).toBe(200);
    const again = await mailTo(ana.email, 2);
    const token = again.parsed.text?.match(/\/panel\/([A-Za-z0-9_-]{43,})/)?.[1];
    expect(token).not.toBe(ana.token);
    expect((await t.api.get(`/api/panel/${ana.token}`)).status).toBe(404);
    await answer(token!, 'accept');
    const refused = await t.api.post(`/api/events/${forum.id}/panelists/${ana.id}/resend-invitation`, undefined, { token: org.token });
    expect(refused.status).toBe(409);
  });

  it("withdraws the invitations of a deleted draft's panel, and tells nobody again about a cancelled event", async () => {
    const draft = await newEvent(t, org.token, { ...OCTOBER, title: 'Draft forum' });
    const ana = await invite(draft.id);
    await answer(ana.token, 'accept');
    const request = inviteIn(await mailTo(ana.email, 2), ana.email);
    expect((await t.api.delete(`/api/events/${draft.id}`, { token: org.token })).status).toBe(204);
    const withdrawn = inviteIn(await mailTo(ana.email, 3), ana.email);
    expect(withdrawn).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: request.uid });

    const forum = await event();
    const tom = await invite(forum.id);
    expect((await t.api.post(`/api/events/${forum.id}/cancel`, { reason: 'Snow.' }, { token: org.token })).status).toBe(200);
    await mailTo(tom.email, 2);
    expect((await t.api.delete(`/api/events/${forum.id}/panelists/${tom.id}`, { token: org.token })).status).toBe(204);
    expect(await queuedFor(tom.email)).toBe(2);
  });

  it('reminds accepted panelists once per start time, and nobody who has not accepted', async () => {
    // Accepted far ahead, so the minute's reminder scan cannot find the forum before the panel is set.
    const forum = await event({ title: 'Reminded forum' });
    const ana = await invite(forum.id, { language: 'es' });
    const tom = await invite(forum.id);
    await answer(ana.token, 'accept');
    const soon = new Date(Date.now() + 6 * 3600_000);
    await change(forum.id, { startsAt: soon.toISOString(), endsAt: new Date(soon.getTime() + 7200_000).toISOString() });
    await t.app.get(EventJobs).sendDueReminders();
    await t.app.get(EventJobs).sendDueReminders();
    // The acceptance, the change and the reminder are queued close together: match the reminder by subject.
    const reminder = await sink.waitFor((mail) => sink.to(ana.email)(mail) && mail.subject.startsWith('Recordatorio'), 15_000);
    expect(reminder.subject).toBe('Recordatorio: su panel en Reminded forum');
    expect(calendarPart(reminder)).toBeUndefined();
    expect(await queuedFor(ana.email)).toBe(4);
    expect(await queuedFor(tom.email)).toBe(2);
  });

  it('writes Spanish for a Spanish-speaking panelist, and escapes a <script> title and a quoted name', async () => {
    const title = '<script>alert("x")</script> Foro';
    const forum = await event({ title, interpretation: 'Interpretación al español' });
    const ana = await invite(forum.id, { name: 'Ana "La Jefa" O\'Neil', language: 'es' });
    expect(ana.invitation.subject).toBe(`${ORGANIZATION} le invita a participar como panelista en ${title}`);
    const html = ana.invitation.parsed.html || '';
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Foro');
    expect(html).toContain('Hola, Ana &quot;La Jefa&quot; O&#x27;Neil:');
    expect(html).toContain('<html lang="es">');
    const text = plain(ana.invitation.parsed.text);
    expect(text).toContain('Hola, Ana "La Jefa" O\'Neil:');
    expect(text).toContain('Cuándo: jueves, 28 de octubre de 2027, 18:30–20:30');
    expect(text).toContain('Qué le pedimos:');

    await answer(ana.token, 'accept');
    const accepted = await mailTo(ana.email, 2);
    expect(accepted.subject).toBe(`Ya forma parte del panel: ${title}`);
    expect(inviteIn(accepted, ana.email).summary).toBe(title);
    expect(accepted.parsed.html).not.toContain('<script>');
  });

  it('shows none of it in the public API: no email, token, invite UID or SEQUENCE', async () => {
    const forum = await event();
    const ana = await invite(forum.id);
    await answer(ana.token, 'accept');
    await mailTo(ana.email, 2);
    const [row] = await t.sql<{ invite_uid: string }>('SELECT invite_uid FROM panelists WHERE id = $1', [ana.id]);
    const views = [
      await t.api.get(`/api/events/${forum.id}`),
      await t.api.get(`/api/events/${forum.id}/panelists`),
      await t.api.get('/api/events'),
      await t.api.get(`/api/events/${forum.id}/event.ics`),
      await t.api.get(`/api/organizations/${org.organization.slug}/events.ics`),
    ];
    const publicPanel = views[1]!.body.items;
    expect(publicPanel).toEqual([expect.objectContaining({ id: ana.id })]);
    for (const view of views) {
      expect(view.status).toBe(200);
      for (const secret of [ana.email, ana.token, row!.invite_uid, 'inviteSequence', 'inviteUid']) expect(view.text).not.toContain(secret);
    }
  });
});
