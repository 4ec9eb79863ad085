import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/server-process.js';

const MAIN = fileURLToPath(new URL('../../../dist/src/main.js', import.meta.url));
/** initdb and the demo on a loaded 2-core machine. */
const FIRST_START_TIMEOUT = 240_000;
const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/** Issue 14, item 8: what a newcomer sees running `npm start` in a terminal, and pressing Ctrl-C. */
describe('the first run in a terminal', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it(
    'prints a short readable summary with the address to open, and Ctrl-C (even pressed twice) stops it without an error line',
    async () => {
      const varDir = await mkdtemp(join(tmpdir(), 'townhall-first-run-'));
      await chmod(varDir, 0o755);
      folders.push(varDir);
      const port = await freePort();
      // `script` gives the server a real terminal: a TTY on stdout, and Ctrl-C typed into it
      // signals the terminal's whole foreground process group, as a keyboard would. `exec`, because
      // `script` runs the command through $SHELL, and a dash left waiting in between dies of that
      // Ctrl-C at once (exit 130) while the server is still stopping.
      const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
      const child = spawn('script', ['-qfec', `exec ${shellQuote(process.execPath)} ${shellQuote(MAIN)}`, '/dev/null'], {
        env: { ...parentEnv, NODE_ENV: 'development', PORT: String(port), VAR_DIR: varDir, LOG_LEVEL: 'info' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const kill = () => child.kill('SIGKILL');
      process.once('exit', kill);
      try {
        await eventually(
          async () => (output.includes('Townhall is ready') ? true : undefined),
          FIRST_START_TIMEOUT - 30_000,
          'the ready line',
        );
        expect(output).toContain(
          `Townhall is ready: open http://localhost:${port} (organizers: http://localhost:${port}/console). Stop it with Ctrl-C.`,
        );
        const started = output.split(/\r?\n/).filter((line) => line.trim());
        expect(started.length).toBeLessThanOrEqual(12);
        expect(started.some((line) => line.trim().startsWith('{'))).toBe(false);
        // eslint-disable-next-line no-control-regex -- the terminal's colour escape (ESC) is what is being matched
        expect(started.every((line) => /^(\x1b\[[\d;]*m)?\d\d:\d\d:\d\d/.test(line))).toBe(true);

        // An impatient second Ctrl-C must not cut the shutdown short.
        child.stdin.on('error', () => undefined);
        child.stdin.write('\x03');
        await new Promise((resolve) => setTimeout(resolve, 20));
        child.stdin.write('\x03');
        const exitCode = await exited;
        const stopped = output.slice(output.indexOf('Townhall is ready'));
        // The output rides along so that a failure shows what the server printed while stopping.
        expect({ exitCode, stopped }).toEqual({ exitCode: 0, stopped });
        expect(stopped).toContain('Embedded PostgreSQL stopped');
        expect(stopped).not.toMatch(/ERROR|FATAL|WARN/);
      } finally {
        process.removeListener('exit', kill);
        kill();
      }
      // The database was stopped by the app, not by the keystroke: nothing left running, and a clean shutdown in its log.
      expect(await readFile(join(varDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => 'gone')).toBe('gone');
    },
    FIRST_START_TIMEOUT,
  );
  // Through a pipe (systemd, a container) the logs stay JSON: boot.e2e-spec.ts parses every line.
});
