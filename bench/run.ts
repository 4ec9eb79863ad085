/**
 * `npm run bench`: every scenario against the server and beside its reference in the same run,
 * on a PostgreSQL of its own (an embedded one in a temporary folder, or a fresh database on
 * the cluster at BENCH_DATABASE_URL, whose role may create databases), with a local SMTP sink.
 * Prints a progress line per scenario, then the table; writes it as JSON under bench/results/.
 * BENCH_SIZE=tiny runs everything at the size `npm test` uses; BENCH_ONLY=votes,reads (of rsvps,
 * votes, reads, outbox, growth) runs some scenarios only.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migrateDatabase } from '../src/database/migrations.js';
import { formatTable, FULL, runSuite, TINY } from './suite.js';
import { StatementProfile } from './statement-profile.js';
import { sql } from './support.js';

/** Loops are bounded one by one; this bounds the whole run, whatever hangs. */
const RUN_LIMIT_MS = 15 * 60_000;
setTimeout(() => {
  console.error(`The benchmark did not finish within ${RUN_LIMIT_MS / 60_000} minutes.`);
  process.exit(1);
}, RUN_LIMIT_MS).unref();

const sizes = process.env.BENCH_SIZE === 'tiny' ? TINY : FULL;
const started = performance.now();
const progress = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);

const folder = await mkdtemp(join(tmpdir(), 'townhall-bench-'));
await chmod(folder, 0o755); // as root, the embedded server runs as `postgres`, which must reach it
const profileFolder = process.env.BENCH_PROFILE;
// When profiling, PostgreSQL's side too: time per statement (pg_stat_statements), planning and functions' statements included.
const statementStatistics = profileFolder
  ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all', 'pg_stat_statements.track_planning=on']
  : [];
const embedded = process.env.BENCH_DATABASE_URL ? undefined : new EmbeddedPostgres(join(folder, 'postgres'), statementStatistics);
const adminUrl = process.env.BENCH_DATABASE_URL ?? (await embedded!.start());
const databases: string[] = [];
const urlOf = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
/** 0 when every goal was met, 2 when one was missed. */
let exitCode: 0 | 2;
try {
  const template = `townhall_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${template}`);
  databases.push(template);
  await migrateDatabase(urlOf(template));
  const [{ server_version: postgres }] = await sql(adminUrl, 'SHOW server_version');
  progress(`PostgreSQL ${postgres} ${embedded ? '(embedded)' : '(BENCH_DATABASE_URL)'}, migrated; scenarios follow`);
  const statements = profileFolder ? await StatementProfile.start(admin) : undefined;

  const rows = await runSuite({
    sizes,
    compiled: true,
    only: process.env.BENCH_ONLY?.split(','),
    main: fileURLToPath(new URL('../src/main.js', import.meta.url)),
    progress,
    newDatabase: async () => {
      const name = `${template}_${databases.length}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      databases.push(name);
      return urlOf(name);
    },
  });

  if (statements) console.log(`Statements: ${await statements.write(join(profileFolder!, 'statements.txt'))}`);
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres,
  };
  console.log(`\n${formatTable(rows)}\n`);
  console.log(
    `${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${postgres}; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`,
  );
  const results = fileURLToPath(new URL('../../bench/results/', import.meta.url));
  await mkdir(results, { recursive: true });
  const file = join(results, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ ranAt: new Date().toISOString(), size: sizes === FULL ? 'full' : 'tiny', machine, rows }, null, 2)}\n`,
  );
  console.log(`Written to ${file}`);
  exitCode = rows.every((row) => row.met) ? 0 : 2;
} finally {
  for (const name of databases.reverse()) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await embedded?.stop();
  await rm(folder, { recursive: true, force: true });
}
// Explicitly: embedded-postgres's exit hook otherwise ends the process with 0, whatever process.exitCode says.
process.exit(exitCode);
