import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { calendarPart } from '../../support/invites.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { TestApp } from '../../support/test-app.js';

describe("the demo forum's panel invitations", () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SEED_DEMO: 'true', SMTP_URL: sink.url, APP_URL: 'https://townhall.example.org' });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('sends each of the four panelists an invitation with a working private link, in their language', async () => {
    const mails = await sink.waitForCount((mail) => mail.recipients.some((address) => address.endsWith('@panel.localhost')), 4, 20_000);
    const byRecipient = new Map(mails.map((mail) => [mail.recipients[0]!, mail]));
    expect([...byRecipient.keys()].sort()).toEqual([
      'daniel.whitcomb@panel.localhost',
      'grace.kowalczyk@panel.localhost',
      'marisol.ortega@panel.localhost',
      'thomas.adeyemi@panel.localhost',
    ]);
    expect(byRecipient.get('marisol.ortega@panel.localhost')!.subject).toMatch(/le invita a participar como panelista en Community forum/);
    expect(byRecipient.get('daniel.whitcomb@panel.localhost')!.subject).toMatch(/invites you to moderate the panel of Community forum/);
    for (const mail of mails) {
      expect(calendarPart(mail)).toBeUndefined();
      expect(mail.parsed.replyTo?.value.map((address) => address.address)).toEqual(['forums@coalition.localhost']);
      const token = mail.parsed.text?.match(/https:\/\/townhall\.example\.org\/panel\/([A-Za-z0-9_-]{43,})/)?.[1];
      const panel = await t.api.get(`/api/panel/${token}`);
      expect(panel.status).toBe(200);
      expect(panel.body.panelist.email).toBe(mail.recipients[0]);
    }
  });
});
