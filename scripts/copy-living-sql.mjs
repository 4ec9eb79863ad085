// The living SQL files (src/<feature>/sql/*.sql) go beside the compiled code, where the migration
// runner reads them (src/database/migrations.ts); tsc copies no .sql.
import { cpSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
cpSync(`${root}src`, `${root}dist/src`, {
  recursive: true,
  filter: (path) => statSync(path).isDirectory() || path.endsWith('.sql'),
});
