// Before `npm test`: the page tests drive the system's Chromium (never a downloaded browser), the
// backup test runs PostgreSQL's pg_dump and pg_restore, and the benchmark suite pgbench (Debian's
// postgresql package holds all three). On Debian as root, what is missing is installed with apt;
// otherwise the script says what to do. With the argument `postgres` (before `npm run bench`) only
// PostgreSQL's tools are checked.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const postgresOnly = process.argv[2] === 'postgres';
const hasPostgresTools = () =>
  Boolean(process.env.PG_BIN) ||
  (existsSync('/usr/lib/postgresql') &&
    readdirSync('/usr/lib/postgresql').some((major) =>
      ['pg_dump', 'pgbench'].every((tool) => existsSync(`/usr/lib/postgresql/${major}/bin/${tool}`)),
    ));

const missing = [
  !postgresOnly &&
    !existsSync(chromium) && { package: 'chromium', why: `the page tests need Chromium at ${chromium} (or set CHROMIUM_PATH)` },
  !hasPostgresTools() && {
    package: 'postgresql',
    why: 'the backup test needs pg_dump and pg_restore, the benchmarks pgbench (or set PG_BIN to their folder)',
  },
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
