import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { eventually } from '../../support/eventually.js';
import { expectErrorShape } from '../../support/http.js';
import { enqueue, invitationTo } from '../../support/mail.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { TestApp } from '../../support/test-app.js';

/** A request as if from another machine: the socket's peer, whatever the headers claim. */
function fromAfar(t: TestApp, url: string) {
  return t.app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'GET', url, remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '127.0.0.1' } });
}

describe('mail: without SMTP_URL, .eml files and the development mailbox', () => {
  let t: TestApp;
  let mailDir: string;
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: 'true', APP_URL: 'http://townhall.test:8080' });
    mailDir = join(t.config.varDir, 'mail');
  });
  afterAll(() => t.close());

  async function delivered(address: string): Promise<string> {
    return eventually(
      async () => {
        const files = (await readdir(mailDir).catch(() => [])).filter((file) => file.endsWith('.eml'));
        for (const file of files) if ((await readFile(join(mailDir, file), 'utf8')).includes(address)) return file;
        return undefined;
      },
      10_000,
      `an .eml file for ${address}`,
    );
  }

  it('writes each message as an .eml file under var/mail/', async () => {
    const address = t.uniqueEmail('eml');
    const id = await enqueue(t, invitationTo(address));
    const file = await delivered(address);
    expect(file).toMatch(new RegExp(`^\\d{8}T\\d{9}Z-${id}\\.eml$`));
    const mail = await simpleParser(await readFile(join(mailDir, file)));
    expect(mail.subject).toBe('Olivia Owner invited you to join Broome Residents Coalition on Townhall');
    expect(mail.messageId).toBe(`<${id}@localhost>`);
    expect(mail.text).toContain('https://townhall.example.org/join/abc');
  });

  it('lists the messages newest first and shows one, with its text, its HTML sandboxed and the .eml to download', async () => {
    const older = t.uniqueEmail('older');
    const newer = t.uniqueEmail('newer');
    await enqueue(t, invitationTo(older));
    await delivered(older);
    await enqueue(t, invitationTo(newer, { data: { ...invitationTo(newer).data, memberName: '<b>Bold</b> "Quoted"' } }));
    const file = await delivered(newer);

    const list = await t.api.get('/dev/mail');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/^text\/html/);
    expect(list.text.indexOf(newer)).toBeGreaterThan(-1);
    expect(list.text.indexOf(newer)).toBeLessThan(list.text.indexOf(older));
    expect(list.text).toContain(`href="/dev/mail/${file}"`);

    const shown = await t.api.get(`/dev/mail/${file}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<iframe title="HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="');
    expect(shown.text).toContain('Hello &lt;b&gt;Bold&lt;/b&gt; &quot;Quoted&quot;');
    expect(shown.text).toContain('<a href="https://townhall.example.org/join/abc" target="_blank" rel="noopener noreferrer">');
    expect(shown.text).not.toContain('<b>Bold</b>');

    const raw = await t.api.get(`/dev/mail/${file}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^message\/rfc822/);
    expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="${file}"`);
    expect(raw.text).toContain(newer);
  });

  it('is 404 to requests from other machines, even with X-Forwarded-For saying loopback', async () => {
    const address = t.uniqueEmail('private');
    await enqueue(t, invitationTo(address));
    const file = await delivered(address);
    for (const url of ['/dev/mail', `/dev/mail/${file}`, `/dev/mail/${file}/raw`]) {
      const response = await fromAfar(t, url);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'not-found', message: 'The page was not found.' });
      expect(response.body).not.toContain(address);
    }
  });

  it('is 404 to a request relayed by a reverse proxy on this machine', async () => {
    for (const headers of [{ 'x-forwarded-for': '198.51.100.7' }, { forwarded: 'for=198.51.100.7' }]) {
      const response = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url: '/dev/mail', remoteAddress: '127.0.0.1', headers });
      expect(response.statusCode).toBe(404);
    }
    const direct = await t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/dev/mail', remoteAddress: '127.0.0.1' });
    expect(direct.statusCode).toBe(200);
  });

  it('is 404 to a page whose name re-binds to 127.0.0.1 (DNS rebinding): Host must name this machine', async () => {
    const address = t.uniqueEmail('rebound');
    await enqueue(t, invitationTo(address));
    const file = await delivered(address);
    const withHost = (host: string, url: string) =>
      t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, remoteAddress: '127.0.0.1', headers: { host } });
    for (const host of [
      'rebind.attacker.example',
      'rebind.attacker.example:3000',
      'localhost.attacker.example',
      '127.0.0.1.nip.io',
      'localhost@attacker.example',
    ]) {
      for (const url of ['/dev/mail', `/dev/mail/${file}`, `/dev/mail/${file}/raw`]) {
        const response = await withHost(host, url);
        expect({ host, url, status: response.statusCode }).toEqual({ host, url, status: 404 });
        expect(response.body).not.toContain(address);
      }
    }
    const appHost = new URL(t.config.appUrl).host;
    for (const host of ['localhost', 'localhost:3102', 'LOCALHOST:80', '127.0.0.1:8080', '[::1]', '[::1]:3000', appHost]) {
      const response = await withHost(host, '/dev/mail');
      expect({ host, status: response.statusCode }).toEqual({ host, status: 200 });
      expect(response.body).toContain(address);
    }
  });

  it('opens no file outside var/mail/ and nothing that is not a message', async () => {
    for (const name of ['..%2F..%2Fjwt-secret', '..%2Fjwt-secret', 'jwt-secret', '20250101T000000000Z-x.eml', '%2Fetc%2Fpasswd']) {
      expectErrorShape(await t.api.get(`/dev/mail/${name}`), 404);
      expectErrorShape(await t.api.get(`/dev/mail/${name}/raw`), 404);
    }
  });
});

describe('mail: the development mailbox is closed with SMTP_URL or in production', () => {
  it('answers 404 when mail goes to an SMTP server', async () => {
    const sink = await SmtpSink.start();
    const t = await TestApp.start({ SMTP_URL: sink.url });
    try {
      expectErrorShape(await t.api.get('/dev/mail'), 404);
    } finally {
      await t.close();
      await sink.stop();
    }
  });

  it('answers 404 in production', async () => {
    const t = await TestApp.start({ NODE_ENV: 'production', WORKERS_ENABLED: 'false' });
    try {
      expectErrorShape(await t.api.get('/dev/mail'), 404);
    } finally {
      await t.close();
    }
  });
});
