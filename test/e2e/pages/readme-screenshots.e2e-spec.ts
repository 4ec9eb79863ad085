import { describe, expect, it } from '@jest/globals';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS_DIR, seriousA11yViolations } from '../../support/browser.js';
import { mailedAppAndBrowser, newForum } from '../../support/pages.js';
import { booked, rsvpBody } from '../../support/rsvps.js';

/**
 * The two pictures at the top of the README: the forum page and the attendee's page, on a phone,
 * as Chromium draws them. Saved under test-artifacts/ on every run; `README_SCREENSHOTS=1` also
 * writes them to docs/images/, to refresh the README after a change to the pages.
 */
const TARGETS = [ARTIFACTS_DIR, ...(process.env.README_SCREENSHOTS === '1' ? [join(process.cwd(), 'docs', 'images')] : [])];

describe("the README's pictures", () => {
  const suite = mailedAppAndBrowser('Southern Tier Neighbors Coalition');

  it("show the forum page and the attendee's page on a phone", async () => {
    const { t, sink, org } = suite.mailed;
    const { event } = await newForum(t, org, { capacity: 120 });
    const [token] = await booked(t, sink, event.id, [
      rsvpBody(t, { name: 'Rosa Residente', partySize: 3, accessibilityNeeds: 'A seat near the interpreter' }),
    ]);
    const { context, page } = await suite.browser.newContext({
      locale: 'en-US',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
    });
    for (const target of TARGETS) await mkdir(target, { recursive: true });

    for (const [name, path] of [
      ['forum-page', `/events/${event.slug}`],
      ['attendee-page', `/rsvp/${token}`],
    ] as const) {
      await page.goto(`${t.baseUrl}${path}`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      for (const target of TARGETS) await page.screenshot({ path: join(target, `${name}.png`) });
    }
    await context.close();
  });
});
