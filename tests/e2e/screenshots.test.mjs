// Screenshots of the seed operations' pages (whole, light and dark) and of the sample of generated
// ones (the first screenful, one theme each, in turn), with the first documented example loaded when there is one, into
// test-output/screenshots/ (git-ignored), for a human to look at.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { PAGE_IDS, SAMPLE_IDS, SEED_IDS, SHOTS, assertNoProblems, loadExample, opFile, openApi, startBrowser } from './lib.mjs';

describe('screenshots', { timeout: 180_000 }, () => {
  let browser;
  let page;

  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    browser = await startBrowser({ colorScheme: 'light', viewport: { width: 1440, height: 900 } });
    page = browser.firstPage();
  });
  after(() => browser?.close());

  // The seeds in both themes; the sample of generated operations in one theme each, light and
  // dark in turn.
  const themesOf = (id) => (SEED_IDS.includes(id) ? ['light', 'dark'] : [SAMPLE_IDS.indexOf(id) % 2 ? 'dark' : 'light']);
  for (const id of PAGE_IDS) {
    test(`${id}, ${themesOf(id).join(' and ')}`, async () => {
      await openApi(page, browser.server, id);
      if (opFile(id).examples.length) await loadExample(page, 0);
      const backgrounds = {};
      for (const theme of themesOf(id)) {
        if ((await page.getAttribute('html', 'data-theme')) !== theme) await page.click('[data-theme-toggle]');
        assert.equal(await page.getAttribute('html', 'data-theme'), theme);
        backgrounds[theme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const file = path.join(SHOTS, `${id}-${theme}.png`);
        // The seeds' whole pages; the sample's first screenful (a long generated form is tall).
        await page.screenshot({ path: file, fullPage: SEED_IDS.includes(id) });
        assert.ok((await stat(file)).size > 10_000, `${file} is suspiciously small`);
      }
      if (backgrounds.dark && backgrounds.light) assert.notEqual(backgrounds.light, backgrounds.dark, 'the dark theme changes the background');
      // Nothing sticks out sideways: the page does not scroll horizontally.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${id}: the page is ${overflow}px wider than the window`);
    });
  }

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
