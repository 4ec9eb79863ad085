import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { ServerProcess } from '../../support/server-process.js';
import { createTestDatabase } from '../../support/test-postgres.js';
import { TEST_PASSWORD } from '../../support/test-app.js';

/** initdb and two starts on a loaded 2-core machine can take longer than Jest's default. */
const EMBEDDED_START_TIMEOUT = 240_000;

function postgresProcessesUsing(dataDir: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes('postgres') && line.includes(dataDir));
}

describe('starting the server', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  async function varDir(): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), 'townhall-boot-'));
    await chmod(folder, 0o755);
    folders.push(folder);
    return folder;
  }

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ APP_URL: 'not a url' }, 'APP_URL'],
    [{ RETENTION_DAYS: '-1' }, 'RETENTION_DAYS'],
    [{ SIGNUP_ENABLED: 'maybe' }, 'SIGNUP_ENABLED'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM'],
    [{ NODE_ENV: 'production', JWT_SECRET: '' }, 'JWT_SECRET'],
  ])('stops at once with one line naming the wrong variable (%j)', async (env, variable) => {
    const server = await ServerProcess.start(env as Record<string, string>);
    const { code } = await server.exited;
    expect(code).toBe(1);
    const lines = server.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
  });

  it('uses DATABASE_URL when set, starting no database of its own', async () => {
    const server = await ServerProcess.start({
      DATABASE_URL: await createTestDatabase({ empty: true }),
      VAR_DIR: await varDir(),
      SEED_DEMO: 'false',
    });
    await server.ready();
    expect(server.output).not.toContain('Embedded PostgreSQL');
    expect(server.output).toContain('Foundation1763900000000');
    expect((await server.stop('SIGTERM')).code).toBe(0);
  });

  it(
    'starts an embedded PostgreSQL under VAR_DIR, keeps its data across restarts and stops it cleanly',
    async () => {
      const dir = await varDir();
      const first = await ServerProcess.start({ VAR_DIR: dir });
      await first.ready(120_000);
      const email = 'restart.check@example.org';
      const signup = await fetch(`${first.baseUrl}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organizationName: 'Restart Check', name: 'Rita', email, password: TEST_PASSWORD }),
      });
      expect(signup.status).toBe(201);
      const { accessToken } = (await signup.json()) as { accessToken: string };
      // Pages and API routes that carry a secret in the path or a cookie; none of it may be logged.
      const linkToken = 'Zq9'.repeat(15);
      await fetch(`${first.baseUrl}/panel/${linkToken}`, { headers: { cookie: `lang=es; secret=${linkToken}` } });
      await fetch(`${first.baseUrl}/api/rsvps/${linkToken}`);
      await fetch(`${first.baseUrl}/`);
      expect(first.output).toContain('Seeded the demo forum');
      // Where to find the demo login and the panelists' invitations, without the password itself.
      expect(first.output).toMatch(/README\.md/);
      expect(first.output).toContain(`${first.baseUrl.replace('127.0.0.1', 'localhost')}/dev/mail`);
      expect(first.output).not.toContain('townhall-demo-only');
      expect((await first.stop('SIGINT')).code).toBe(0);
      expect(postgresProcessesUsing(dir)).toEqual([]);

      const second = await ServerProcess.start({ VAR_DIR: dir });
      await second.ready(60_000);
      const login = await fetch(`${second.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: TEST_PASSWORD }),
      });
      expect(login.status).toBe(200);
      expect(second.output).not.toContain('Seeded the demo forum');
      expect((await second.stop('SIGTERM')).code).toBe(0);
      expect(existsSync(join(dir, 'postgres', 'postmaster.pid'))).toBe(false);

      // Structured logs: JSON lines with request ids, and nothing personal or secret.
      const lines = [...first.output.split('\n'), ...second.output.split('\n')].filter((line) => line.trim());
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.context === 'HTTP');
      expect(requests.map((entry) => `${entry.method} ${entry.route} ${entry.statusCode}`)).toEqual(
        expect.arrayContaining(['POST /api/auth/signup 201', 'POST /api/auth/login 200']),
      );
      for (const entry of requests) expect(entry.reqId).toEqual(expect.any(String));
      const all = lines.join('\n');
      for (const secret of [email, TEST_PASSWORD, accessToken, linkToken, '127.0.0.1"', 'remoteAddress', 'cookie']) {
        expect(all).not.toContain(secret);
      }
    },
    EMBEDDED_START_TIMEOUT,
  );

  it(
    'recovers when the previous process was killed and left PostgreSQL running',
    async () => {
      const dir = await varDir();
      const first = await ServerProcess.start({ VAR_DIR: dir, SEED_DEMO: 'false' });
      await first.ready(120_000);
      await first.stop('SIGKILL');
      const second = await ServerProcess.start({ VAR_DIR: dir, SEED_DEMO: 'false' });
      await second.ready(60_000);
      expect((await second.stop()).code).toBe(0);
      expect(postgresProcessesUsing(dir)).toEqual([]);
    },
    EMBEDDED_START_TIMEOUT,
  );
});

describe('a second server on the same data or port', () => {
  it(
    'refuses to start, says why, and leaves the running one working',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'townhall-twice-'));
      await chmod(dir, 0o755);
      try {
        const first = await ServerProcess.start({ VAR_DIR: dir, SEED_DEMO: 'false' });
        await first.ready(120_000);
        const port = new URL(first.baseUrl).port;

        const sameData = await ServerProcess.start({ VAR_DIR: dir, SEED_DEMO: 'false' });
        expect((await sameData.exited).code).toBe(1);
        expect(sameData.output).toMatch(/Another Townhall process \(pid \d+\) is already running/);

        const samePort = await ServerProcess.start({
          PORT: port,
          DATABASE_URL: await createTestDatabase(),
          SEED_DEMO: 'false',
          VAR_DIR: dir,
        });
        expect((await samePort.exited).code).toBe(1);
        expect(samePort.output).toContain(`port ${port} is already in use`);

        expect((await fetch(`${first.baseUrl}/health`)).status).toBe(200);
        expect((await first.stop()).code).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    EMBEDDED_START_TIMEOUT,
  );
});

describe('stopping the server', () => {
  it('does not wait for a connection that a browser opened ahead and never used', async () => {
    const server = await ServerProcess.start({ DATABASE_URL: await createTestDatabase(), SEED_DEMO: 'false' });
    await server.ready();
    const { port } = new URL(server.baseUrl);
    const idle = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => idle.once('connect', resolve));
    const stoppedAt = Date.now();
    expect((await server.stop('SIGTERM')).code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    idle.destroy();
  });
});
