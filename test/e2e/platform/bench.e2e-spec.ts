import { describe, expect, it } from '@jest/globals';
import { formatTable, runSuite, TINY } from '../../../bench/suite.js';
import { createTestDatabase } from '../../support/test-postgres.js';

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
    // A header, a rule and a line a row; then, after a blank line, why each missed goal was missed, where measured.
    const explained = rows.filter((row) => !row.met && row.context);
    const table = formatTable(rows);
    expect(table.split('\n')).toHaveLength(rows.length + 2 + (explained.length > 0 ? explained.length + 1 : 0));
    for (const row of explained) expect(table).toContain(row.context);
    for (const row of rows.filter((row) => row.scenario.startsWith('vote'))) expect(row.context).toMatch(/^CPU in cores of \d+: server \d/);
    const missed = { ...rows[0]!, met: false, context: 'the server was at 1.00 cores' };
    expect(formatTable([missed]).split('\n').slice(-2)).toEqual(['', `- ${missed.scenario}: goal missed; the server was at 1.00 cores`]);
  }, 180_000);
});
