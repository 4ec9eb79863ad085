import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS_DIR, fitsWidth, foreignRequests, screenshots, seriousA11yViolations, TestBrowser } from '../../support/browser.js';
import { QaFactory } from '../../support/questions.js';
import { TestApp } from '../../support/test-app.js';

const LIVE_MS = 10_000;

/** Issue 14, item 7: the projector as a hall sees it, on a wide screen, a small one, and a phone. */
describe('the projector view', () => {
  let t: TestApp;
  let qa: QaFactory;
  let browser: TestBrowser;

  beforeAll(async () => {
    t = await TestApp.start();
    qa = new QaFactory(t, await t.newOrganization('Projector Coalition'));
    browser = await TestBrowser.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A computed style of the first element the selector finds (the tests' TypeScript has no DOM types). */
  const style = (page: Page, selector: string, property: string) =>
    page
      .locator(selector)
      .first()
      .evaluate(
        (element, name) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(element)[name]!,
        property,
      );
  const fontSize = async (page: Page, selector: string) => parseFloat(await style(page, selector, 'fontSize'));
  const overflows = (page: Page) =>
    page.evaluate('({ x: document.documentElement.scrollWidth > innerWidth, y: document.documentElement.scrollHeight > innerHeight })');

  it('fills the screen in large, high-contrast type with the pinned question first, a short address, and no scrollbars', async () => {
    const event = await qa.event({ moderation: 'post' });
    const long =
      "What happens to a family's lease, school enrollment and medical appointments when a parent is detained, and who can sign for the children? "
        .repeat(3)
        .trim()
        .slice(0, 480);
    for (let n = 1; n <= 5; n++) await qa.approvedQuestion(event.id, `${n}. ${long}`);
    const pinned = await qa.approvedQuestion(event.id, 'What should we do if agents come to the door?');
    await qa.moderate(pinned.id, { pinned: true });

    const { context, page, requested } = await browser.newContext({ locale: 'en-US', viewport: { width: 1920, height: 1080 } });
    await page.goto(`${t.baseUrl}/events/${event.slug}/screen`);
    expect(await page.locator('.site-header, .site-footer').count()).toBe(0);
    expect(await overflows(page)).toEqual({ x: false, y: false });
    const current = page.locator('.question.current');
    expect(await current.getAttribute('id')).toBe(`q-${pinned.id}`);
    const big = await fontSize(page, '.question.current .body');
    expect(big).toBeGreaterThan(2 * (await fontSize(page, '.question:not(.current) .body')) * 0.8);
    expect(big).toBeGreaterThanOrEqual(48);
    expect(await style(page, 'body', 'backgroundColor')).toBe('rgb(0, 0, 0)');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'projector');

    // The address in words: short, typeable, and it leads to the live Q&A.
    const address = await page.locator('.join-address strong').innerText();
    const host = t.config.appUrl.replace(/^https?:\/\//, '');
    expect(address).toMatch(new RegExp(`^${host.replace(/[.]/g, '\\.')}/q/[0-9a-f]{6}$`));
    const code = address.split('/q/')[1]!;
    const typed = await browser.newContext({ locale: 'en-US' });
    await typed.page.goto(`${t.baseUrl}/q/${code.toUpperCase()}`);
    expect(typed.page.url()).toBe(`${t.baseUrl}/events/${event.slug}/questions`);
    await typed.context.close();
    expect((await fetch(`${t.baseUrl}/q/000000`, { redirect: 'manual' })).status).toBe(404);

    // The type follows the screen: a smaller projector gets smaller type, still without scrollbars.
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await fontSize(page, '.question.current .body')).toBeLessThan(big);
    expect(await overflows(page)).toEqual({ x: false, y: false });

    // The pointer hides when the mouse rests, and comes back when it moves.
    await page.mouse.move(200, 200);
    await page.locator('body.cursor-hidden').waitFor({ state: 'attached', timeout: 5_000 });
    expect(await style(page, '.question.current', 'cursor')).toBe('none');
    await page.mouse.move(300, 300);
    expect(await page.locator('body.cursor-hidden').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Full screen' }).isVisible()).toBe(true);

    // Live: a newly pinned question becomes the current one, without a reload.
    await page.evaluate('window.notReloaded = true');
    const next = await qa.approvedQuestion(event.id, 'Can children be questioned at school?');
    await qa.moderate(pinned.id, { status: 'answered' });
    await qa.moderate(next.id, { pinned: true });
    await page.locator(`#q-${next.id}.current`).waitFor({ timeout: LIVE_MS });
    expect(await page.evaluate('window.notReloaded === true')).toBe(true);
    expect(foreignRequests(requested, t.baseUrl)).toEqual([]);
    await context.close();
  });

  /**
   * Where the join address's lines break, from each character's box (Range.getClientRects): the
   * character before each new line, and whether the text is wider than its box.
   */
  const addressBreaks = (page: Page) =>
    page.evaluate(`(() => {
      const strong = document.querySelector('.join-address strong');
      const walker = document.createTreeWalker(strong, NodeFilter.SHOW_TEXT);
      const breaks = [];
      let top = null, previous = '';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const box = range.getClientRects()[0];
          if (top !== null && box.top > top + 1) breaks.push(previous);
          top = box.top;
          previous = node.data[i];
        }
      }
      return { breaks, overflows: strong.scrollWidth > strong.clientWidth };
    })()`) as Promise<{ breaks: string[]; overflows: boolean }>;

  it('breaks the join address only after a slash or a dot, at every width', async () => {
    const event = await qa.event({ moderation: 'post' });
    await qa.approvedQuestion(event.id, 'Who can sign for the children?');
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/events/${event.slug}/screen`);
    const sizes: number[] = [];
    for (const width of [390, 768, 1280, 1920]) {
      await page.setViewportSize({ width, height: Math.round((width * 9) / 16) });
      const { breaks, overflows } = await addressBreaks(page);
      expect({ width, overflows, inWord: breaks.filter((c) => c !== '/' && c !== '.') }).toEqual({ width, overflows: false, inWord: [] });
      sizes.push(await fontSize(page, '.join-address strong'));
      if (width === 390 || width === 1920)
        await page.screenshot({ path: join(ARTIFACTS_DIR, `projector-address-${width}.png`), fullPage: true });
    }
    expect(sizes[0]).toBeLessThan(sizes[3]!);
    await context.close();
  });

  it('speaks Spanish to a Spanish hall and still reads on a phone', async () => {
    const event = await qa.event({ moderation: 'post' });
    await qa.approvedQuestion(event.id, '¿Dónde consigo un abogado gratuito?');
    const { context, page } = await browser.newContext({ locale: 'es-US', viewport: { width: 390, height: 844 } });
    await page.goto(`${t.baseUrl}/events/${event.slug}/screen`);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('.screen-join').innerText()).toMatch(/Pregunte y vote desde su celular[\s\S]*o escriba esta dirección:/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'projector-es');
    expect(await fitsWidth(page)).toBe(true);
    await context.close();
  });
});
