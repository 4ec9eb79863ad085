// Before `npm test`: the page tests drive the system's Chromium (never a downloaded browser), and
// the backup test runs PostgreSQL's pg_dump and pg_restore. On Debian as root, what is missing
// is installed with apt; otherwise the script says what to do.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasPostgresTools = () =>
  Boolean(process.env.PG_BIN) ||
  (existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((major) => existsSync(`/usr/lib/postgresql/${major}/bin/pg_dump`)));

const missing = [
  !existsSync(chromium) && { package: 'chromium', why: `the page tests need Chromium at ${chromium} (or set CHROMIUM_PATH)` },
  !hasPostgresTools() && { package: 'postgresql', why: 'the backup test needs pg_dump and pg_restore (or set PG_BIN to their folder)' },
].filter(Boolean);

if (missing.length) {
  const canInstall = !process.env.CHROMIUM_PATH && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    for (const { package: name, why } of missing) console.error(`Missing: ${why}. Debian: apt-get install ${name}.`);
    process.exit(1);
  }
  const packages = missing.map((tool) => tool.package);
  console.log(`Installing Debian's ${packages.join(' and ')} for the tests (apt-get)…`);
  const apt = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  execFileSync('apt-get', ['update', '-qq'], apt);
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], apt);
}
