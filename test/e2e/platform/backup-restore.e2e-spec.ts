import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newPublishedEvent } from '../../support/event-factory.js';
import { clusterDumpableBy, newestClientTools, type ClientTools, type DumpableCluster } from '../../support/postgres-tools.js';
import { booked, rsvpBody } from '../../support/rsvps.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { TEST_PASSWORD, TestApp } from '../../support/test-app.js';
import { databaseUrl, uniqueDatabaseName, withAdmin } from '../../support/test-postgres.js';

const BACKUP_SCRIPT = fileURLToPath(new URL('../../../scripts/database-backup.sh', import.meta.url));

/** The backup procedure of docs/operations.md, exactly as a sysadmin runs it. */
describe('backup and restore with scripts/database-backup.sh', () => {
  let tools: ClientTools;
  let cluster: DumpableCluster;
  let sink: SmtpSink;
  let folder: string;
  const apps: TestApp[] = [];

  const script = (...args: string[]) =>
    promisify(execFile)('bash', [BACKUP_SCRIPT, ...args], { env: { ...process.env, PG_BIN: tools.bin } });
  const createDatabase = async (prefix: string) => {
    const name = uniqueDatabaseName(prefix);
    await withAdmin(cluster.adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    return { name, url: databaseUrl(cluster.adminUrl, name) };
  };
  const start = async (url: string) => {
    const app = await TestApp.start({ DATABASE_URL: url, SMTP_URL: sink.url });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    tools = await newestClientTools();
    cluster = await clusterDumpableBy(tools, process.env.TOWNHALL_TEST_ADMIN_URL!);
    sink = await SmtpSink.start();
    folder = await mkdtemp(join(tmpdir(), 'townhall-backup-'));
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await sink?.stop();
    await cluster?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('brings back a forum and its RSVPs after the database was dropped, and the waitlist still moves', async () => {
    // A fresh, empty database as a new install has: the app migrates it at start.
    const source = await createDatabase('townhall_live');
    const before = await start(source.url);
    const org = await before.newOrganization('Riverside Tenants Union');
    const event = await newPublishedEvent(before, org.token, { title: 'Rent stabilization forum', capacity: 2 });
    const [confirmedToken, waitingToken] = await booked(before, sink, event.id, [
      rsvpBody(before, { partySize: 2, name: 'Rosa Residente' }),
      rsvpBody(before, { name: 'Walter Waiting' }),
    ]);
    const eventBefore = (await before.api.get(`/api/events/${event.id}`, { token: org.token })).body;
    const rsvpsBefore = (await before.api.get(`/api/events/${event.id}/rsvps`, { token: org.token })).body.items;
    expect(rsvpsBefore.map((rsvp: { status: string }) => rsvp.status).sort()).toEqual(['confirmed', 'waitlisted']);

    // Backed up while the server runs, as a nightly job does.
    const dump = join(folder, 'townhall.dump');
    await script('backup', source.url, dump);
    expect((await stat(dump)).size).toBeGreaterThan(0);

    await before.close();
    await withAdmin(cluster.adminUrl, (client) => client.query(`DROP DATABASE ${source.name} WITH (FORCE)`));

    const target = await createDatabase('townhall_restored');
    await script('restore', target.url, dump);
    // A second restore would land on live data: refused, nothing touched.
    await expect(script('restore', target.url, dump)).rejects.toThrow(/already has \d+ tables/);

    const after = await start(target.url);
    const login = await after.api.post('/api/auth/login', { email: org.organizer.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.accessToken;
    expect((await after.api.get(`/api/events/${event.id}`, { token })).body).toEqual(eventBefore);
    expect((await after.api.get(`/api/events/${event.id}/rsvps`, { token })).body.items).toEqual(rsvpsBefore);
    expect((await after.api.get(`/api/events/${event.id}`)).body.title).toBe('Rent stabilization forum');

    // The attendees' private links from before the loss still work.
    const waiting = await after.api.get(`/api/rsvps/${waitingToken}`);
    expect(waiting.status).toBe(200);
    expect(waiting.body.rsvp).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    // And the restored queue and mail jobs work: a cancellation promotes the waiting attendee, who is emailed.
    const mailsBefore = sink.messages.length;
    expect((await after.api.delete(`/api/rsvps/${confirmedToken}`)).status).toBe(200);
    expect((await after.api.get(`/api/rsvps/${waitingToken}`)).body.rsvp).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    const walter = rsvpsBefore.find((rsvp: { name: string }) => rsvp.name === 'Walter Waiting');
    await sink.waitFor((mail) => sink.messages.indexOf(mail) >= mailsBefore && sink.to(walter.email)(mail));
  }, 180_000);
});
