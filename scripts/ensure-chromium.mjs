// Before `npm test`: the page tests drive the system's Chromium (never a downloaded browser).
// On Debian as root, install it with apt when it is missing; otherwise say what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  const canInstall = !process.env.CHROMIUM_PATH && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      `The page tests need Chromium at ${path}: install your system's chromium package ` +
        '(Debian: apt-get install chromium), or set CHROMIUM_PATH to its executable.',
    );
    process.exit(1);
  }
  console.log('Installing Debian\'s chromium for the page tests (apt-get)…');
  const apt = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  execFileSync('apt-get', ['update', '-qq'], apt);
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], apt);
}
