// `npm run test:image`: builds the Containerfile with podman on a local stand-in for the official
// Node 24 base, runs it as a self-hoster would (one volume, settings from the environment) and
// checks it over HTTP: first with its embedded database, then against a PostgreSQL outside it.
// Where it cannot run (not root, no Debian to install podman from, no mirror), it says why in one
// line and exits 0. `npm test` does not run it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { BASE_LABEL, localBaseImage, podman, run, ulimitArgs, whyContainersCannotStartHere, whyTheImageTestCannotRun } from './podman.mjs';

const reason = (await whyTheImageTestCannotRun()) ?? whyContainersCannotStartHere(localBaseImage());
if (reason) {
  console.log(`test:image skipped: ${reason}.`);
  process.exit(0);
}

const IMAGE = 'localhost/townhall-test:latest';
const BUILD_STAGE = 'localhost/townhall-test:build';
const RUN_ID = `${process.pid}-${randomBytes(3).toString('hex')}`;
const limits = ulimitArgs();
const containers = new Set();
const volumes = new Set();

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the image the way the README does (a named volume at /data), on the host's network. */
async function startContainer(name, volume, env) {
  containers.add(name);
  volumes.add(volume);
  const settings = Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const started = performance.now();
  podman(['run', '--detach', '--name', name, '--network', 'host', ...limits, '--volume', `${volume}:/data`, ...settings, IMAGE]);
  await healthy(env.PORT, name);
  return performance.now() - started;
}

async function healthy(port, name, timeoutMs = 60_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
    const status = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
  }
  throw new Error(`/health never answered 200 within ${timeoutMs / 1000} s. Logs:\n${logs(name).split('\n').slice(-20).join('\n')}`);
}

const logs = (name) => run('podman', ['logs', name], { stdio: ['ignore', 'pipe', 'pipe'] });
const volumeDir = (volume) => podman(['volume', 'inspect', '--format', '{{.Mountpoint}}', volume]);

async function api(port, path, init = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body && JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

/** The demo forum, found through the public API rather than by a name this test assumes. */
async function demoForum(port) {
  const { items } = (await api(port, '/api/events')).json();
  assert.ok(items.length > 0, 'the demo forum is listed');
  return items[0];
}

const escapeHtml = (text) => text.replace(/[&<>"'`=]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);

/** RSVPs through the API; returns the manage token from the email the volume's mailbox received. */
async function rsvpByEmail(port, volume, eventId) {
  const email = `image-test-${randomBytes(4).toString('hex')}@example.org`;
  const response = await api(port, `/api/events/${eventId}/rsvps`, {
    method: 'POST',
    body: { name: 'Rosa Residente', email, partySize: 2, language: 'en' },
  });
  assert.equal(response.status, 202, response.text);
  const mailDir = join(volumeDir(volume), 'mail');
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
    const files = existsSync(mailDir) ? readdirSync(mailDir).filter((file) => file.endsWith('.eml')) : [];
    for (const file of files) {
      const mail = await simpleParser(readFileSync(join(mailDir, file)));
      if (mail.to?.text.includes(email)) {
        const token = /\/rsvp\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
        assert.ok(token, `the confirmation carries a manage link:\n${mail.text}`);
        return { email, token };
      }
    }
  }
  throw new Error(`no email to ${email} in ${mailDir}`);
}

/** `podman stop` sends the image's STOPSIGNAL; waits up to 30 s before killing. */
function stopAndTime(name) {
  const started = performance.now();
  podman(['stop', '--time', '30', name]);
  return { seconds: (performance.now() - started) / 1000, exitCode: Number(podman(['inspect', '--format', '{{.State.ExitCode}}', name])) };
}

before(() => {
  const base = localBaseImage();
  const secret = [process.env.NODE_EXTRA_CA_CERTS, process.env.SSL_CERT_FILE, '/etc/ssl/certs/ca-certificates.crt'].find(
    (f) => f && existsSync(f),
  );
  const build = [
    'build',
    ...limits,
    '--network',
    'host',
    '--format',
    'docker', // keeps HEALTHCHECK, which the OCI format drops
    '--build-arg',
    `BASE=${base}`,
    '--build-arg',
    `NPM_CONFIG_REGISTRY=${run('npm', ['config', 'get', 'registry'])}`,
    ...(secret ? ['--secret', `id=ca,src=${secret}`] : []),
    '--file',
    'Containerfile',
  ];
  console.log(`Building the image on ${base}…`);
  // The build stage is tagged so that its `npm ci` layer stays cached for the next run.
  podman([...build, '--target', 'build', '--tag', BUILD_STAGE, '.']);
  podman([...build, '--tag', IMAGE, '.']);
});

after(() => {
  for (const name of containers) spawnQuietly(['rm', '--force', '--time', '0', name]);
  for (const volume of volumes) spawnQuietly(['volume', 'rm', '--force', volume]);
  // Earlier builds' layers, now untagged; only images made on the local base.
  spawnQuietly(['image', 'prune', '--force', '--filter', `label=${BASE_LABEL}`]);
});

function spawnQuietly(args) {
  try {
    podman(args);
  } catch (error) {
    console.error(String(error));
  }
}

describe('the image with its embedded database', () => {
  const name = `townhall-test-${RUN_ID}`;
  const volume = `townhall-test-data-${RUN_ID}`;
  let port;
  let forum;
  let booking;

  before(async () => {
    port = await freePort();
    const size = Number(podman(['image', 'inspect', '--format', '{{.Size}}', IMAGE]));
    const firstStart = await startContainer(name, volume, { PORT: port });
    console.log(
      `Image size ${(size / 1e6).toFixed(0)} MB; first start (empty volume) to /health 200 in ${(firstStart / 1000).toFixed(1)} s.`,
    );
  });

  test('answers /health, and its HEALTHCHECK passes', async () => {
    assert.equal((await api(port, '/health')).status, 200);
    podman(['healthcheck', 'run', name]);
  });

  test('runs as an unprivileged user that owns everything in the volume', () => {
    const uid = podman(['exec', name, 'id', '-u']);
    assert.notEqual(uid, '0');
    const dir = volumeDir(volume);
    for (const entry of ['postgres', 'jwt-secret', 'mail']) assert.equal(String(statSync(join(dir, entry)).uid), uid, entry);
  });

  test("serves the demo forum's page", async () => {
    forum = await demoForum(port);
    const page = await api(port, `/events/${forum.slug}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(escapeHtml(forum.title)), `the page shows "${forum.title}"`);
  });

  test("an RSVP's email lands in the volume's mailbox", async () => {
    booking = await rsvpByEmail(port, volume, forum.id);
    const { rsvp } = (await api(port, `/api/rsvps/${booking.token}`)).json();
    assert.equal(rsvp.status, 'confirmed');
    assert.equal(rsvp.partySize, 2);
  });

  test('the RSVP and the generated secret survive a restart of the container', async () => {
    const secret = readFileSync(join(volumeDir(volume), 'jwt-secret'), 'utf8');
    podman(['restart', '--time', '30', name]);
    await healthy(port, name);
    const after = await api(port, `/api/rsvps/${booking.token}`);
    assert.equal(after.status, 200, after.text);
    assert.equal(after.json().rsvp.partySize, 2);
    assert.equal(readFileSync(join(volumeDir(volume), 'jwt-secret'), 'utf8'), secret);
  });

  test('stops cleanly on SIGTERM, and a new container on the same volume finds the data', async () => {
    const { seconds, exitCode } = stopAndTime(name);
    assert.equal(exitCode, 0, logs(name));
    assert.ok(seconds < 10, `stopped in ${seconds.toFixed(1)} s`);
    assert.match(logs(name), /Embedded PostgreSQL stopped/);
    // What an upgrade does: the old container goes, a new one mounts the same volume.
    podman(['rm', name]);
    await startContainer(name, volume, { PORT: port });
    assert.equal((await api(port, `/api/rsvps/${booking.token}`)).status, 200);
    assert.equal(stopAndTime(name).exitCode, 0);
  });
});

describe('the image against a PostgreSQL outside the container (DATABASE_URL)', () => {
  const name = `townhall-test-external-${RUN_ID}`;
  const volume = `townhall-test-external-data-${RUN_ID}`;
  let database;
  let folder;
  let port;
  let databaseUrl;

  before(async () => {
    // The same embedded PostgreSQL the Jest suite starts, here on the host's loopback.
    const { EmbeddedPostgres } = await import('../../dist/src/database/embedded-postgres.js');
    folder = mkdtempSync(join(tmpdir(), 'townhall-image-test-'));
    chmodSync(folder, 0o755); // as root, the server runs as `postgres`, which must reach it
    database = new EmbeddedPostgres(join(folder, 'postgres'));
    databaseUrl = await database.start();
    port = await freePort();
    await startContainer(name, volume, {
      PORT: port,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      SEED_DEMO: 'true',
    });
  });

  after(async () => {
    spawnQuietly(['rm', '--force', '--time', '0', name]);
    await database?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('migrates that database, books into it, and keeps only the mailbox in the volume', async () => {
    const forum = await demoForum(port);
    assert.equal((await api(port, `/events/${forum.slug}`)).status, 200);
    const { email } = await rsvpByEmail(port, volume, forum.id);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT status FROM rsvps WHERE email = $1', [email]);
      assert.deepEqual(rows, [{ status: 'confirmed' }]);
    } finally {
      await client.end();
    }
    assert.deepEqual(readdirSync(volumeDir(volume)), ['mail']);
  });

  test('stops cleanly on SIGTERM', () => {
    const { seconds, exitCode } = stopAndTime(name);
    assert.equal(exitCode, 0, logs(name));
    assert.ok(seconds < 10, `stopped in ${seconds.toFixed(1)} s`);
  });
});
