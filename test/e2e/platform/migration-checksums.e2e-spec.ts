import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../scripts/migration-checksums.mjs', import.meta.url));

describe('migrations', () => {
  it('that landed are unchanged, and every new one is sealed', () => {
    const check = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
