import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startReferenceServer, type ReferenceServer } from '../reference-server.js';
import type { Bench } from '../suite.js';
import { call, closedLoop, perSecond, type ResultRow } from '../support.js';

/** The reference in a process of its own when compiled (as the server runs), else in this one. */
async function reference(bench: Bench): Promise<ReferenceServer> {
  const file = fileURLToPath(new URL('../reference-server.js', import.meta.url));
  if (!bench.compiled || !existsSync(file)) return startReferenceServer(bench.databaseUrl);
  const child = spawn(process.execPath, [file, bench.databaseUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`The reference server exited (${code}).`)));
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A keep-alive connection the server closed just as a request went out: the request never reached it. */
const isClosedKeepAlive = (error: unknown) => (error as { code?: string }).code === 'ECONNRESET';

/** Requests a second for `GET /api/events/:id` at `concurrency`, against any base URL. */
async function readRate(base: string, eventId: string, requests: number, concurrency: number): Promise<number> {
  const path = `/api/events/${eventId}`;
  const get = () => call(base, 'GET', path);
  const seconds = await closedLoop(requests, concurrency, async () => {
    const { status } = await get().catch((error: unknown) => (isClosedKeepAlive(error) ? get() : Promise.reject(error)));
    if (status !== 200) throw new Error(`GET ${path} answered ${status}.`);
  });
  return requests / seconds;
}

/** The public event, 100 concurrent, against bare Fastify + pg answering from the same rows; the two take turns. */
export async function publicReads(bench: Bench): Promise<ResultRow> {
  const { requests, concurrency } = bench.sizes.reads;
  const eventId = await bench.newEvent({ capacity: 150 });
  const bare = await reference(bench);
  let ours = 0;
  let theirs = 0;
  try {
    for (let turn = 0; turn < 2; turn++) {
      theirs += (await readRate(bare.url, eventId, requests / 2, concurrency)) / 2;
      ours += (await readRate(bench.base, eventId, requests / 2, concurrency)) / 2;
    }
  } finally {
    await bare.close();
  }
  bench.progress(`public event GET: ${perSecond(ours, 'requests')}; bare Fastify + pg ${perSecond(theirs, 'requests')}`);
  return {
    scenario: `public event GET, ${concurrency} concurrent`,
    result: perSecond(ours, 'requests'),
    reference: `bare Fastify + pg: ${perSecond(theirs, 'requests')}`,
    value: ours / theirs,
    goal: '≥ 1.0',
    met: ours / theirs >= 1,
  };
}
