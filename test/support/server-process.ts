import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

/** The Node flags of `npm start` (package.json), so that tests and benchmarks run the server as it runs. */
const START_FLAGS: string[] = startScript()
  .split(' ')
  .filter((word) => word.startsWith('--'));

/** From test/support/ or its build under dist/, the nearest package.json up is the project's. */
function startScript(): string {
  for (let folder = new URL('./', import.meta.url); folder.pathname !== '/'; folder = new URL('../', folder)) {
    const manifest = new URL('package.json', folder);
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts: { start: string } }).scripts.start;
  }
  throw new Error('package.json not found above test/support');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The built server (`node dist/src/main.js`) as a real process, as `npm start` runs it. */
export class ServerProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly baseUrl: string,
  ) {
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // A test run that ends early must not leave servers behind.
    const killChild = () => child.kill('SIGKILL');
    process.once('exit', killChild);
    void this.exited.then(() => process.removeListener('exit', killChild));
  }

  /** The process id, for reading its memory use. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** `main`: the entry point, for callers compiled into dist/ themselves (the benchmarks). */
  static async start(env: Record<string, string>, main = MAIN): Promise<ServerProcess> {
    const port = env.PORT ?? String(await freePort());
    const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
    const child = spawn(process.execPath, [...START_FLAGS, main], {
      env: { ...parentEnv, NODE_ENV: 'development', PORT: port, ...env },
      stdio: 'pipe',
    });
    return new ServerProcess(child, `http://127.0.0.1:${port}`);
  }

  /** Waits (bounded) until /health answers 200, or the process exits. */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      const status = await fetch(`${this.baseUrl}/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`The server did not become healthy. Output:\n${this.output}`);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000) {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
