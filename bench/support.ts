import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { readFile, writeFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One line of the table: what was measured, beside what it is compared with, and the goal. */
export interface ResultRow {
  scenario: string;
  result: string;
  reference: string | null;
  /** result / reference, or the figure the goal is about when there is no reference. */
  value: number;
  goal: string;
  met: boolean;
  /** What was measured beside the result that explains it, printed under the table when the goal is missed. */
  context?: string;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export const sortedNumbers = (values: number[]): number[] => [...values].sort((a, b) => a - b);

/** Each simulated person comes from their own address (the server trusts X-Forwarded-For), so per-address limits stay on. */
export const fromAddress = (n: number): Record<string, string> => ({
  'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
});

export interface Answer {
  status: number;
  json: any;
  text: string;
  headers: IncomingHttpHeaders;
}

/**
 * Keep-alive connections without limit, as browsers and phones hold theirs. node:http rather
 * than fetch: on two cores the load generator shares the CPU with the server and PostgreSQL,
 * and fetch cost it about twice as much per request.
 */
const agent = new Agent({ keepAlive: true });

export function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = body === undefined ? options.headers : { 'content-type': 'application/json', ...options.headers };
  return new Promise((resolve, reject) => {
    const sent = request(`${base}${path}`, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const json = text && response.headers['content-type']?.includes('json') ? JSON.parse(text) : undefined;
        resolve({ status: response.statusCode!, json, text, headers: response.headers });
      });
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** The same call, failing on anything but the expected status. */
export async function expectStatus(
  status: number,
  base: string,
  method: string,
  path: string,
  options: Parameters<typeof call>[3] = {},
): Promise<Answer> {
  const answer = await call(base, method, path, options);
  if (answer.status !== status)
    throw new Error(`${method} ${path} answered ${answer.status} (expected ${status}): ${answer.text.slice(0, 300)}`);
  return answer;
}

/** Runs the tasks `concurrency` at a time (a closed loop); returns the seconds it took. */
export async function closedLoop(tasks: number, concurrency: number, task: (index: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks) }, async () => {
      while (next < tasks) await task(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clock ticks a process has run, user and system (Linux reports them at 100 a second). */
async function processTicks(pid: number | string): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

/** Every PostgreSQL process on this machine (the embedded cluster's, or a local one's), by pid. */
async function postgresTicks(): Promise<Map<string, number>> {
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  const ticks = new Map<string, number>();
  for (const pid of pids) {
    const command = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (command.trim() === 'postgres') ticks.set(pid, await processTicks(pid));
  }
  return ticks;
}

/**
 * Where the machine's CPU went while `work` ran, in cores: the server, PostgreSQL (when it runs
 * on this machine) and this process (the load generator and its listeners). On a small machine
 * they share the cores, and this says which of them a result was waiting for.
 */
export async function cpuShares<T>(serverPid: number | undefined, work: () => Promise<T>): Promise<{ result: T; shares: string }> {
  const started = performance.now();
  const [server, postgres, own] = [serverPid ? await processTicks(serverPid) : 0, await postgresTicks(), process.cpuUsage()];
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const serverTicks = serverPid ? (await processTicks(serverPid)) - server : 0;
  let postgresTicksUsed = 0;
  for (const [pid, ticks] of await postgresTicks()) postgresTicksUsed += ticks - (postgres.get(pid) ?? 0);
  const ownUsage = process.cpuUsage(own);
  const cores = (ticks: number) => (ticks / 100 / seconds).toFixed(2);
  const shares =
    `CPU in cores of ${cpus().length}: server ${cores(serverTicks)}, PostgreSQL ${cores(postgresTicksUsed)}, ` +
    `load generator ${((ownUsage.user + ownUsage.system) / 1e6 / seconds).toFixed(2)}`;
  return { result, shares };
}

/** Highest resident set size of a process while `work` runs, sampled every 50 ms (Linux). */
export async function peakRss<T>(pid: number | undefined, work: () => Promise<T>): Promise<{ result: T; startMb: number; peakMb: number }> {
  const sample = async () => {
    if (pid === undefined) return Number.NaN;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  };
  const startMb = await sample();
  let peakMb = startMb;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peakMb = Math.max(peakMb, await sample());
      await sleep(50);
    }
  })();
  try {
    return { result: await work(), startMb, peakMb };
  } finally {
    running = false;
    await sampler;
  }
}

/** pgbench: PG_BIN's, else the newest of Debian's /usr/lib/postgresql/<major>/bin, else the PATH's. */
export function pgbenchPath(): string {
  const root = '/usr/lib/postgresql';
  const folders = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync(root)
      ? readdirSync(root)
          .sort((a, b) => Number(b) - Number(a))
          .map((major) => join(root, major, 'bin'))
      : [];
  return folders.map((folder) => join(folder, 'pgbench')).find((path) => existsSync(path)) ?? 'pgbench';
}

export interface PgbenchResult {
  tps: number;
  latenciesMs: number[];
}

/** Runs a custom pgbench script: `clients` connections, `transactions` in all, variables passed with -D. */
export async function pgbench(
  databaseUrl: string,
  script: string,
  clients: number,
  transactions: number,
  variables: Record<string, string>,
): Promise<PgbenchResult> {
  const folder = await mkdtemp(join(tmpdir(), 'townhall-pgbench-'));
  try {
    await writeFile(join(folder, 'script.sql'), script);
    const prefix = join(folder, 'log');
    const { stdout } = await run(
      pgbenchPath(),
      [
        '-n',
        '-c',
        String(clients),
        '-j',
        '2',
        '-t',
        String(Math.max(1, Math.ceil(transactions / clients))),
        '-f',
        join(folder, 'script.sql'),
        '-l',
        `--log-prefix=${prefix}`,
        ...Object.entries(variables).flatMap(([name, value]) => ['-D', `${name}=${value}`]),
        databaseUrl,
      ],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    const latenciesMs: number[] = [];
    for (const file of (await readdir(folder)).filter((name) => name.startsWith('log'))) {
      for (const line of (await readFile(join(folder, file), 'utf8')).trim().split('\n'))
        if (line) latenciesMs.push(Number(line.split(' ')[2]) / 1000);
    }
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no rate:\n${stdout}`);
    return { tps, latenciesMs: sortedNumbers(latenciesMs) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export const perSecond = (value: number, unit: string) => `${value.toFixed(0)} ${unit}/s`;
export const millis = (value: number) => `${value.toFixed(0)} ms`;

export { sql } from '../test/support/test-postgres.js';
