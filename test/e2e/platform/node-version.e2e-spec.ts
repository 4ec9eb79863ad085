import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';

/** Runs `npm start`'s first step under this Node, made to report `version` as its own. */
function checkNode(version?: string) {
  const fake = `Object.defineProperty(process.versions, 'node', { value: '${version}' });`;
  const preload = version ? ['--import', `data:text/javascript,${encodeURIComponent(fake)}`] : [];
  return spawnSync(process.execPath, [...preload, 'scripts/check-node.mjs'], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

describe('the wrong Node stops the start with one line', () => {
  it('refuses Node 20 with one line naming the version needed and the one found', () => {
    const run = checkNode('20.20.2');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('Townhall needs Node.js 24 or newer; this is v20.20.2\n');
    expect(run.stdout).toBe('');
  });

  it('lets Node 24 and newer through silently', () => {
    for (const version of [undefined, '24.0.0', '25.1.0']) {
      const run = checkNode(version);
      expect({ version, status: run.status, stderr: run.stderr }).toEqual({ version, status: 0, stderr: '' });
    }
  });

  it('runs before the build of `npm start`, and `npm ci` refuses an unsupported Node', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    expect(scripts.prestart).toMatch(/^node scripts\/check-node\.mjs && /);
    expect(readFileSync('.npmrc', 'utf8')).toMatch(/^engine-strict=true$/m);
  });
});
