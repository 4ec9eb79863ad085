import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { templatesDir } from '../../common/template-files.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Libraries served from our own origin, never a CDN: the door's QR decoder for browsers without BarcodeDetector. */
const VENDORED: Record<string, string> = {
  'jsQR.js': createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'),
};

export interface SiteAsset {
  body: Buffer;
  type: string;
  /** A hash of the content: the `?v=` of its URL and its ETag. */
  version: string;
}

/**
 * The stylesheet, scripts and icon of templates/pages/assets/, read once at start-up. Pages link
 * them with their content hash in the URL, so a browser may keep them for a year and still
 * gets a new file as soon as it changes.
 */
export class SiteAssets {
  private readonly assets = new Map<string, SiteAsset>();

  constructor(dir = join(templatesDir('pages'), 'assets')) {
    for (const file of readdirSync(dir)) this.add(file, join(dir, file));
    for (const [file, path] of Object.entries(VENDORED)) this.add(file, path);
  }

  private add(file: string, path: string): void {
    const type = TYPES[extname(file)];
    if (!type) return;
    const body = readFileSync(path);
    this.assets.set(file, { body, type, version: createHash('sha256').update(body).digest('base64url').slice(0, 12) });
  }

  get(file: string): SiteAsset | undefined {
    return this.assets.get(file);
  }

  url(file: string): string {
    const asset = this.assets.get(file);
    if (!asset) throw new Error(`There is no asset ${file} in templates/pages/assets.`);
    return `/assets/${file}?v=${asset.version}`;
  }
}
