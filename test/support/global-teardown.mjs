import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export default async function globalTeardown() {
  const embedded = globalThis.townhallTestPostgres;
  if (!embedded) return;
  await embedded.stop();
  await rm(dirname(embedded.dataDir), { recursive: true, force: true });
}
