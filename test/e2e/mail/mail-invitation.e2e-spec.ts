import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SmtpSink } from '../../support/smtp-sink.js';
import { TEST_PASSWORD, TestApp } from '../../support/test-app.js';

describe('mail: the member invitation, end to end over SMTP', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SMTP_URL: sink.url, APP_URL: 'https://townhall.example.org' });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('emails the invited colleague a link whose token sets their password', async () => {
    const { token } = await t.newOrganization('Broome Residents Coalition');
    const email = t.uniqueEmail('colleague');
    const invited = await t.api.post('/api/organization/members', { name: 'Marisol Vega', email, role: 'organizer' }, { token });
    expect(invited.status).toBe(201);
    expect(JSON.stringify(invited.body)).not.toMatch(/join\//);

    const mail = await sink.waitFor(sink.to(email));
    expect(mail.subject).toBe('Olivia Owner invited you to join Broome Residents Coalition on Townhall');
    expect(mail.parsed.to).toMatchObject({ value: [{ name: 'Marisol Vega', address: email }] });
    expect(mail.parsed.html).toContain('Marisol Vega');
    const link = mail.parsed.text?.match(/https:\/\/townhall\.example\.org\/join\/([A-Za-z0-9_-]+)/);
    expect(link).not.toBeNull();
    expect(mail.parsed.html).toContain(`href="${link![0]}"`);

    const password = `${TEST_PASSWORD} of my own`;
    const accepted = await t.api.post('/api/auth/accept-invitation', { token: link![1], password });
    expect(accepted.status).toBe(200);
    const login = await t.api.post('/api/auth/login', { email, password });
    expect(login.status).toBe(200);
    const me = await t.api.get('/api/me', { token: login.body.accessToken });
    expect(me.body.organizer).toMatchObject({ email, role: 'organizer', status: 'active' });
  });

  it("lists the invitation as sent in the organization's outbox, without its body", async () => {
    const { token } = await t.newOrganization();
    const email = t.uniqueEmail('colleague');
    await t.api.post('/api/organization/members', { name: 'Kofi Mensah', email, role: 'moderator' }, { token });
    await sink.waitFor(sink.to(email));
    const deadline = Date.now() + 5_000;
    let outbox = await t.api.get('/api/organization/outbox?status=sent', { token });
    while (outbox.body.items.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      outbox = await t.api.get('/api/organization/outbox?status=sent', { token });
    }
    expect(outbox.status).toBe(200);
    expect(outbox.body).toEqual({
      items: [
        {
          id: expect.any(String),
          template: 'member-invitation',
          recipient: email,
          status: 'sent',
          attempts: 1,
          lastError: null,
          createdAt: expect.any(String),
          sentAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
    const [row] = await t.sql('SELECT text_body, html_body FROM mail_outbox WHERE id = $1', [outbox.body.items[0].id]);
    expect(row).toEqual({ text_body: null, html_body: null });
  });
});
