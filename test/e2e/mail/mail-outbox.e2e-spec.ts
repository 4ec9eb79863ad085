import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MailOutbox } from '../../../src/notifications/mail-outbox.js';
import { OutboxWorker } from '../../../src/notifications/outbox-worker.js';
import { calendarPart, parseInvite } from '../../support/invites.js';
import { enqueue, INVITATION_DATA, invitationTo, outboxRow, outboxRowWhen } from '../../support/mail.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { TestApp } from '../../support/test-app.js';

const REQUEST_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Townhall//Tests//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:rsvp-0001@townhall.test',
  'SEQUENCE:0',
  'DTSTAMP:20250901T120000Z',
  'DTSTART:20250911T223000Z',
  'DTEND:20250912T003000Z',
  'SUMMARY:Know your rights: a community panel',
  'ORGANIZER;CN=Broome Residents Coalition:mailto:forums@example.org',
  'ATTENDEE;PARTSTAT=ACCEPTED;CN=Ana Torres:mailto:ana@example.org',
  'STATUS:CONFIRMED',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('mail: the outbox and what it sends', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SMTP_URL: sink.url, MAIL_FROM: 'Townhall <no-reply@townhall.example.org>' });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('sends text and HTML as alternatives, and an invite as a text/calendar part whose method= is its METHOD', async () => {
    const address = t.uniqueEmail('attendee');
    const id = await enqueue(
      t,
      invitationTo(address, { calendar: { method: 'REQUEST', ics: REQUEST_ICS }, replyTo: 'forums@example.org' }),
    );
    const mail = await sink.waitFor(sink.to(address));

    // nodemailer's layout for invites: mixed[alternative[text, html, calendar], invite.ics attachment].
    expect(mail.parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/mixed' });
    const parts = [...mail.raw.matchAll(/^Content-Type: ([^;\r\n]+)/gm)].map((match) => match[1]);
    expect(parts).toEqual(['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html', 'text/calendar', 'application/ics']);
    expect(mail.parsed.text).toContain('Marisol Vega');
    expect(mail.parsed.html).toContain('<html lang="en">');
    expect(mail.parsed.from?.value).toEqual([{ name: 'Townhall', address: 'no-reply@townhall.example.org' }]);
    expect(mail.parsed.replyTo?.text).toBe('forums@example.org');
    const part = calendarPart(mail)!;
    expect(part.contentTypeMethod).toBe('REQUEST');
    const invite = parseInvite(part.ics);
    expect(invite).toMatchObject({ method: 'REQUEST', uid: 'rsvp-0001@townhall.test', sequence: 0 });
    expect(invite.attendees).toEqual(['mailto:ana@example.org']);

    const row = await outboxRow(t, id);
    expect(row.message_id).toBe(`<${id}@townhall.example.org>`);
    expect(mail.messageId).toBe(row.message_id);
  });

  it('queues a pg-boss job that carries only the outbox id, with the delivery policy', async () => {
    const id = await enqueue(t, invitationTo(t.uniqueEmail('policy')));
    const [job] = await t.sql(
      `SELECT data, retry_limit, retry_delay, retry_backoff, retry_delay_max, expire_seconds FROM pgboss.job WHERE data->>'outboxId' = $1`,
      [id],
    );
    expect(job).toEqual({
      data: { outboxId: id },
      retry_limit: 360,
      retry_delay: 5,
      retry_backoff: true,
      retry_delay_max: 240,
      expire_seconds: 120,
    });
  });

  it('writes Spanish from the Spanish templates', async () => {
    const address = t.uniqueEmail('es');
    await enqueue(t, invitationTo(address, { language: 'es' }));
    const mail = await sink.waitFor(sink.to(address));
    expect(mail.subject).toBe('Olivia Owner le invita a unirse a Broome Residents Coalition en Townhall');
    expect(mail.parsed.html).toContain('<html lang="es">');
    expect(mail.parsed.text).toContain('Hola, Marisol Vega:');
    expect(mail.parsed.text).toContain('El enlace caduca dentro de 7 días');
    expect(mail.parsed.html).toContain('Elegir mi contraseña');
  });

  it('renders a <script> title and a name with quotes as text in the HTML part', async () => {
    const address = t.uniqueEmail('escape');
    const organizationName = '<script>alert("x")</script> & Friends';
    const memberName = 'Zoë "Z" O\'Brien';
    await enqueue(t, invitationTo(address, { data: { ...INVITATION_DATA, organizationName, memberName } }));
    const mail = await sink.waitFor(sink.to(address));
    const html = mail.parsed.html as string;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Friends');
    expect(html).toContain('Zoë &quot;Z&quot; O&#x27;Brien');
    // Plain text and the subject are not HTML: they carry the characters as typed.
    expect(mail.parsed.text).toContain(organizationName);
    expect(mail.subject).toContain(organizationName);
  });

  it('sends nothing when the transaction that queued the message rolls back', async () => {
    const rolledBack = t.uniqueEmail('rolled-back');
    await expect(
      enqueue(t, invitationTo(rolledBack), async () => {
        throw new Error('the change failed after the email was queued');
      }),
    ).rejects.toThrow('the change failed');
    // A message committed afterwards is a marker: once it arrives, the other would have too.
    const marker = t.uniqueEmail('marker');
    await enqueue(t, invitationTo(marker));
    await sink.waitFor(sink.to(marker));
    expect(sink.messages.filter(sink.to(rolledBack))).toEqual([]);
    expect(await t.sql('SELECT id FROM mail_outbox WHERE recipient_address = $1', [rolledBack])).toEqual([]);
  });

  it('queues one message per idempotency key', async () => {
    const address = t.uniqueEmail('once');
    const first = await enqueue(t, invitationTo(address));
    const again = await enqueue(t, invitationTo(address));
    expect(again).toBe(first);
    const marker = t.uniqueEmail('marker');
    await enqueue(t, invitationTo(marker));
    await sink.waitFor(sink.to(marker));
    await sink.waitFor(sink.to(address));
    expect(sink.messages.filter(sink.to(address))).toHaveLength(1);
  });

  it('opens its own transaction when called outside one', async () => {
    const address = t.uniqueEmail('no-transaction');
    await t.app.get(MailOutbox).enqueue(t.app.get(DataSource).manager, invitationTo(address));
    await sink.waitFor(sink.to(address));
  });

  it('shows each organization only its own messages, newest first, page by page', async () => {
    const mine = await t.newOrganization();
    const theirs = await t.newOrganization();
    const addresses = [t.uniqueEmail('a'), t.uniqueEmail('b'), t.uniqueEmail('c')];
    for (const address of addresses) await enqueue(t, invitationTo(address, { organizationId: mine.organization.id }));
    await enqueue(t, invitationTo(t.uniqueEmail('other'), { organizationId: theirs.organization.id }));

    const first = await t.api.get('/api/organization/outbox?limit=2', { token: mine.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { recipient: string }) => item.recipient)).toEqual([addresses[2], addresses[1]]);
    const second = await t.api.get(`/api/organization/outbox?limit=2&cursor=${first.body.nextCursor}`, { token: mine.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ recipient: addresses[0] })], nextCursor: null });

    const moderator = await t.newMember(mine.organization.id, 'moderator');
    expect((await t.api.get('/api/organization/outbox', { token: moderator.token })).status).toBe(403);
    expect((await t.api.get('/api/organization/outbox?status=lost', { token: mine.token })).status).toBe(400);
  });

  it('erases finished messages, and their recipients, RETENTION_DAYS after they were queued', async () => {
    const old = await enqueue(t, invitationTo(t.uniqueEmail('long-ago')));
    const recent = await enqueue(t, invitationTo(t.uniqueEmail('recent')));
    await outboxRowWhen(t, old, (row) => row.status === 'sent');
    await outboxRowWhen(t, recent, (row) => row.status === 'sent');
    await t.sql(`UPDATE mail_outbox SET created_at = now() - interval '31 days' WHERE id = $1`, [old]);
    expect(await t.app.get(OutboxWorker).erasePast()).toBeGreaterThanOrEqual(1);
    expect(await t.sql('SELECT id FROM mail_outbox WHERE id = ANY($1)', [[old, recent]])).toEqual([{ id: recent }]);
  });
});
