import { createHmac } from 'node:crypto';
import { Global, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { PeriodicTasks } from './periodic-tasks.js';
import { TooManyRequestsError } from './throttling.js';

const PURGE_EVERY_MS = 60_000;

/** How much of something one subject may do in a window. */
export interface Allowance {
  limit: number;
  ttlMs: number;
}

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Every throttle's counts, in PostgreSQL so that N instances are no looser than one. A fixed
 * window per key, counted by one upsert: the row lock makes concurrent hits (on any instance)
 * add up exactly, with no read-then-write race. Keys are HMACs under the server's secret, so
 * no address (or email, or token) is stored in a form anyone could look up; rows are deleted
 * once their window has passed.
 */
@Injectable()
export class ThrottleCounts implements ThrottlerStorage, OnApplicationBootstrap {
  private readonly secret: string;
  private waiting: (Increment & { resolve(counted: Counted): void; reject(error: unknown): void })[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: PeriodicTasks,
    config: AppConfig,
  ) {
    this.secret = `throttle-keys:${config.jwtSecret}`;
  }

  onApplicationBootstrap(): void {
    this.tasks.schedule('Purging expired throttle counts', PURGE_EVERY_MS, () =>
      this.dataSource.query(`DELETE FROM throttle_counts WHERE resets_at < now()`),
    );
  }

  /** @nestjs/throttler's hook: blocked until the window that went over the limit ends. */
  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<StorageRecord> {
    const { hits, secondsLeft } = await this.count(`${throttlerName}:${key}`, 1, ttl);
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 };
  }

  /**
   * Spends `amount` of what `subject` may do under `name` in the window; 429 (with Retry-After)
   * once the allowance is spent. A refused spend still counts, so hammering does not help.
   * Given the caller's `manager`, the count is part of its transaction (and holds no second connection).
   */
  async spend(name: string, subject: string, amount: number, { limit, ttlMs }: Allowance, manager?: EntityManager): Promise<void> {
    const { hits, secondsLeft } = await this.count(`${name}:${subject}`, amount, ttlMs, manager);
    if (hits > limit) throw new TooManyRequestsError(secondsLeft);
  }

  /** True only the first time `subject` is counted under `name` within the window: a ticket that works once. */
  async firstUse(name: string, subject: string, ttlMs: number): Promise<boolean> {
    const { hits } = await this.count(`${name}:${subject}`, 1, ttlMs);
    return hits === 1;
  }

  /** Starts `subject`'s count under `name` afresh (e.g. a client's failed sign-ins, once it signs in). */
  async forget(name: string, subject: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM throttle_counts WHERE key = $1`, [this.digest(`${name}:${subject}`)]);
  }

  private digest(key: string): Buffer {
    return createHmac('sha256', this.secret).update(key).digest();
  }

  private async count(key: string, amount: number, ttlMs: number, manager?: EntityManager): Promise<Counted> {
    const digest = this.digest(key);
    // Inside a caller's transaction the count must be its own statement; otherwise it joins the next batch.
    if (manager) return countedOf((await upsert(manager, [{ digest, amount, ttlMs }]))[0]!);
    return new Promise<Counted>((resolve, reject) => {
      if (this.waiting.push({ digest, amount, ttlMs, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  /**
   * The counts asked for since the last flush, in one statement: the guards of a crowd's
   * concurrent requests cost one round trip instead of one each. Within a batch, requests count
   * in the order they asked, each seeing the hits up to its own, as separate statements would.
   */
  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    const totals = new Map<string, Increment>();
    for (const { digest, amount, ttlMs } of batch) {
      const hex = digest.toString('hex');
      const total = totals.get(hex) ?? { digest, amount: 0, ttlMs };
      total.amount += amount;
      totals.set(hex, total);
    }
    try {
      // Sorted, so concurrent batches (here or on other instances) lock their rows in one order.
      const rows = await upsert(
        this.dataSource.manager,
        [...totals.keys()].sort().map((hex) => totals.get(hex)!),
      );
      const after = new Map(rows.map((row) => [row.key.toString('hex'), row]));
      for (const waiting of batch.reverse()) {
        const row = after.get(waiting.digest.toString('hex'))!;
        waiting.resolve(countedOf(row));
        row.hits -= waiting.amount;
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}

interface Increment {
  digest: Buffer;
  amount: number;
  ttlMs: number;
}

interface Counted {
  hits: number;
  secondsLeft: number;
}

interface CountRow {
  key: Buffer;
  hits: number;
  ms_left: number;
}

/** One upsert per key (ON CONFLICT may touch a row once per statement): a fixed window, restarted once it has passed. */
async function upsert(manager: EntityManager, increments: Increment[]): Promise<CountRow[]> {
  return manager.query(
    `INSERT INTO throttle_counts AS count (key, hits, resets_at)
     SELECT key, hits, now() + make_interval(secs => ttl_ms / 1000)
     FROM unnest($1::bytea[], $2::int[], $3::double precision[]) AS increment(key, hits, ttl_ms)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN count.resets_at <= now() THEN EXCLUDED.hits ELSE count.hits + EXCLUDED.hits END,
       resets_at = CASE WHEN count.resets_at <= now() THEN EXCLUDED.resets_at ELSE count.resets_at END
     RETURNING key, hits, (extract(epoch FROM resets_at - now()) * 1000)::float8 AS ms_left`,
    [
      increments.map((increment) => increment.digest),
      increments.map((increment) => increment.amount),
      increments.map((increment) => increment.ttlMs),
    ],
  );
}

const countedOf = (row: CountRow): Counted => ({ hits: row.hits, secondsLeft: Math.max(1, Math.ceil(row.ms_left / 1000)) });

@Global()
@Module({ providers: [ThrottleCounts], exports: [ThrottleCounts] })
export class ThrottleCountsModule {}
