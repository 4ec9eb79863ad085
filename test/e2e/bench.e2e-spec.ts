import { describe, expect, it } from '@jest/globals';
import { formatTable, runSuite, TINY } from '../../bench/suite.js';
import { createTestDatabase } from '../support/test-postgres.js';

/**
 * `npm run bench` at a tiny size, so the suite cannot rot: every scenario runs against the
 * built server and its reference (pgbench, bare Fastify, raw nodemailer), and each checks its
 * own correctness (seats and queue order, exact vote counts, every vote seen by every stream,
 * every message delivered, the whole export). Timings are not judged here; they are noise at this size.
 */
describe('the benchmark suite', () => {
  it('runs every scenario once at tiny size and gives a row for each goal', async () => {
    const lines: string[] = [];
    const rows = await runSuite({
      sizes: TINY,
      compiled: false,
      newDatabase: () => createTestDatabase(),
      progress: (line) => lines.push(line),
    });

    expect(rows.map((row) => row.scenario.split(/[:,(]/)[0])).toEqual([
      'RSVP burst',
      'server RSS during the RSVP burst',
      'RSVP latency',
      'RSVP for a known address vs a new one',
      'vote storm',
      'vote → 4 SSE clients ',
      '5 idle SSE streams',
      'public event GET',
      'outbox drain',
      'growth',
      'growth',
      'growth',
    ]);
    for (const row of rows) expect(Number.isFinite(row.value)).toBe(true);
    expect(lines).toHaveLength(9);
    expect(formatTable(rows).split('\n')).toHaveLength(rows.length + 2);
  }, 180_000);
});
