import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's chromium (.ci/run installs it); a browser is never downloaded. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts');

/**
 * Without the background-networking flags Chromium calls home at start-up, which the closed
 * network refuses. Playwright adds --headless and a fresh temporary --user-data-dir itself
 * (and refuses one in `args`), so every launch starts from an empty profile.
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** One Chromium per test file; a fresh context (cookies, cache) per test, each recording every URL it requests. */
export class TestBrowser {
  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<TestBrowser> {
    return new TestBrowser(await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS }));
  }

  async newContext(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; requested: string[] }> {
    const context = await this.browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
    const requested: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    return { context, page: await context.newPage(), requested };
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/** What a context asked for that is not from the app itself: every page must load nothing from elsewhere. */
export const foreignRequests = (requested: string[], base: string) => requested.filter((url) => !url.startsWith(`${base}/`));

/** Whether the page, at `width` px, has nothing that scrolls sideways (the pages must work at 320 px). */
export async function fitsWidth(page: Page, width = 320): Promise<boolean> {
  await page.setViewportSize({ width, height: 640 });
  return ((await page.evaluate('document.documentElement.scrollWidth')) as number) <= width;
}

/** Full-page screenshots at a phone's and a desktop's width, saved as test-artifacts/<name>-<width>.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}-${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/**
 * Runs axe-core in the page against WCAG 2.2 A/AA and its best practices and returns the
 * serious and critical violations. Evaluated through the DevTools protocol, which the page's
 * strict CSP (scripts from 'self' only) does not apply to.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
}

/** Bytes of one page load over the wire (headers and bodies), counted by the DevTools protocol's Network domain. */
export async function measurePageWeight(context: BrowserContext, page: Page, url: string) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const responses = new Map<string, { url: string; bodyBytes?: number }>();
  let transferred = 0;
  cdp.on('Network.responseReceived', ({ requestId, response }) => responses.set(requestId, { url: response.url }));
  cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
    const entry = responses.get(requestId);
    if (entry) entry.bodyBytes = (entry.bodyBytes ?? 0) + dataLength;
  });
  cdp.on('Network.loadingFinished', ({ encodedDataLength }) => (transferred += encodedDataLength));
  await page.goto(url, { waitUntil: 'networkidle' });
  await cdp.detach();
  const resources = [...responses.values()].map(({ url: resource, bodyBytes = 0 }) => ({ url: new URL(resource).pathname, bodyBytes }));
  return { transferredBytes: transferred, bodyBytes: resources.reduce((sum, r) => sum + r.bodyBytes, 0), resources };
}
