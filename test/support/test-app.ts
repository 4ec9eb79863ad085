import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { hashPassword } from '../../src/common/passwords.js';
import { slugify } from '../../src/common/slugs.js';
import type { Role } from '../../src/accounts/organizer.entity.js';
import { Api } from './http.js';
import { TestClock } from './test-clock.js';
import { createTestDatabase } from './test-postgres.js';
import { guardTransactions } from './transaction-guard.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';
export const TEST_PASSWORD = 'a long enough password';

export interface SignedUp {
  token: string;
  organizer: { id: string; organizationId: string; email: string; role: Role };
  organization: { id: string; name: string; slug: string };
}

/** The real app on its own database copy, listening on a free loopback port. */
export class TestApp {
  readonly api: Api;
  private counter = 0;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly databaseUrl: string,
    readonly baseUrl: string,
    /** The app's clock: `t.clock.advance(ms)` moves the app's time instead of waiting. */
    readonly clock: TestClock,
    /** Queries that went to the pool from inside a transaction (see guardTransactions). */
    private readonly poolInsideTransaction: Error[],
  ) {
    this.api = new Api(baseUrl);
  }

  /** `transactionGuard: false` runs the server exactly as production does (test/e2e/pool-exhaustion). */
  static async start(env: Record<string, string> = {}, { transactionGuard = true } = {}): Promise<TestApp> {
    const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase());
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO: 'false',
      VAR_DIR: await mkdtemp(join(tmpdir(), 'townhall-var-')),
      ...env,
      DATABASE_URL: databaseUrl,
    });
    const clock = new TestClock();
    const app = await createApp(config, clock);
    const violations = transactionGuard ? guardTransactions(app.get(DataSource)) : [];
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    if (!address || typeof address === 'string') throw new Error('The test app is not listening.');
    return new TestApp(app, config, databaseUrl, `http://127.0.0.1:${address.port}`, clock, violations);
  }

  async close(): Promise<void> {
    await this.app.close();
    const [first] = this.poolInsideTransaction;
    if (first)
      throw new Error(`${this.poolInsideTransaction.length} queries left their transaction for the pool; the first:\n${first.message}`);
  }

  /** Runs SQL against this app's database, for setting up states and checking what was stored. */
  async sql<Row extends pg.QueryResultRow = any>(text: string, values: unknown[] = []): Promise<Row[]> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query<Row>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  uniqueEmail(label = 'person'): string {
    return `${label}.${++this.counter}.${randomBytes(3).toString('hex')}@example.org`;
  }

  /**
   * A new organization and its owner, as if the owner had confirmed their address (the
   * unconfirmed state has tests of its own). Made in the database: sign-ups are limited per
   * client address, and all of a test's requests come from one.
   */
  async newOrganization(name = 'Neighbors United'): Promise<SignedUp> {
    const [organization] = await this.sql<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id`, [
      name,
      `${slugify(name, 48)}-${randomBytes(4).toString('hex')}`,
    ]);
    const email = this.uniqueEmail('owner');
    await this.sql(
      `INSERT INTO organizers (organization_id, name, email, role, password_hash, email_confirmed_at) VALUES ($1, 'Olivia Owner', $2, 'owner', $3, now())`,
      [organization!.id, email, await hashPassword(TEST_PASSWORD)],
    );
    const login = await this.api.post('/api/auth/login', { email, password: TEST_PASSWORD });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
    const me = await this.api.get('/api/me', { token: login.body.accessToken });
    return { token: login.body.accessToken, organizer: me.body.organizer, organization: me.body.organization };
  }

  /** A member with a password already set, signed in; the invitation flow has tests of its own. */
  async newMember(organizationId: string, role: Role): Promise<{ token: string; id: string; email: string }> {
    const email = this.uniqueEmail(role);
    const [row] = await this.sql<{ id: string }>(
      `INSERT INTO organizers (organization_id, name, email, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [organizationId, `Test ${role}`, email, role, await hashPassword(TEST_PASSWORD)],
    );
    const login = await this.api.post('/api/auth/login', { email, password: TEST_PASSWORD });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
    return { token: login.body.accessToken, id: row!.id, email };
  }
}
