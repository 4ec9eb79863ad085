// A landed migration is never edited: migrations/checksums.json seals each one by its sha256.
// `node scripts/migration-checksums.mjs` checks (test/e2e/platform/migration-checksums.e2e-spec.ts runs it);
// `npm run migration:seal` adds the new migrations and never changes a sealed one.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
const SEALS_FILE = `${MIGRATIONS_DIR}checksums.json`;

function currentChecksums() {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d+-\w+\.ts$/.test(name))
    .sort();
  return Object.fromEntries(
    files.map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(MIGRATIONS_DIR + name))
        .digest('hex'),
    ]),
  );
}

const sealed = JSON.parse(readFileSync(SEALS_FILE, 'utf8'));
const current = currentChecksums();
const unsealed = Object.keys(current).filter((name) => !(name in sealed));

if (process.argv[2] === 'seal') {
  writeFileSync(
    SEALS_FILE,
    `${JSON.stringify({ ...sealed, ...Object.fromEntries(unsealed.map((name) => [name, current[name]])) }, null, 2)}\n`,
  );
  console.log(unsealed.length ? `Sealed ${unsealed.join(', ')}.` : 'Every migration was already sealed.');
} else {
  const problems = [
    ...Object.keys(sealed)
      .filter((name) => !existsSync(MIGRATIONS_DIR + name))
      .map((name) => `${name} was removed: a landed migration stays.`),
    ...Object.keys(sealed)
      .filter((name) => name in current && current[name] !== sealed[name])
      .map((name) => `${name} was edited after it landed: restore it and fix forward with a new migration.`),
    ...unsealed.map((name) => `${name} is new: run \`npm run migration:seal\` and commit migrations/checksums.json with it.`),
  ];
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length ? 1 : 0;
}
