import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** templates/<kind>, found by walking up, so the same code works from src/ (tests) and dist/src/ (production). */
export function templatesDir(kind: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates', kind);
    if (existsSync(candidate)) return candidate;
    if (dir === dirname(dir)) throw new Error(`templates/${kind} was not found above ${fileURLToPath(import.meta.url)}.`);
  }
}

/** The `.hbs` files of a folder by name without the extension; none when the folder is missing. */
export function hbsFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.hbs')) files.set(basename(file, '.hbs'), readFileSync(join(dir, file), 'utf8'));
  }
  return files;
}
