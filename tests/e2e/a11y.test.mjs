// axe-core on the home page and on the pages of the seed operations and the sample of generated
// ones (SEED_IDS + SAMPLE_IDS), light and dark: no violation of impact serious or critical.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { PAGE_IDS, SAMPLE_IDS, SEED_IDS, assertNoProblems, openApi, startBrowser } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the page (or the part `context` selects); returns every violation (all impacts), compactly. */
async function axe(page, context) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((context) =>
    window.axe.run(context ? { include: [context] } : document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }),
    context ?? null,
  );
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`),
  }));
}

/** Opens every <details> and ticks "ignore rules", so their content is checked too. */
async function revealEverything(page) {
  await page.$$eval('details', (ds) => ds.forEach((d) => (d.open = true)));
  await page.check('#ignore-rules');
  await page.waitForSelector('.ignoring');
}

describe('accessibility (axe-core)', { timeout: 180_000 }, () => {
  let browser;
  let page;
  const minor = [];

  before(async () => {
    browser = await startBrowser({ colorScheme: 'light' });
    page = browser.firstPage();
  });
  after(() => {
    if (minor.length) console.log(`# axe: ${minor.length} moderate/minor findings (not failing):\n${minor.join('\n')}`);
    return browser?.close();
  });

  test('the home page, light and dark', async () => {
    await page.goto(browser.server.url, { waitUntil: 'load' });
    await page.waitForSelector('[data-nav-ready]');
    for (const theme of ['light', 'dark']) {
      if ((await page.getAttribute('html', 'data-theme')) !== theme) await page.click('[data-theme-toggle]');
      const blocking = (await axe(page)).filter((v) => BLOCKING.has(v.impact));
      assert.deepEqual(blocking, [], `home (${theme}):\n${JSON.stringify(blocking, null, 2)}`);
    }
  });

  // The seeds in both themes; the sample of generated operations in one theme each, light and
  // dark in turn (the themes differ in colours only, which the seeds check for every control).
  const themesOf = (id) => (SEED_IDS.includes(id) ? ['light', 'dark'] : [SAMPLE_IDS.indexOf(id) % 2 ? 'dark' : 'light']);
  for (const id of PAGE_IDS) {
    test(`${id}, ${themesOf(id).join(' and ')}`, async () => {
      await openApi(page, browser.server, id);
      await revealEverything(page);
      for (const theme of themesOf(id)) {
        if ((await page.getAttribute('html', 'data-theme')) !== theme) {
          await page.click('[data-theme-toggle]');
          assert.equal(await page.getAttribute('html', 'data-theme'), theme);
          assert.equal(await page.getAttribute('[data-theme-toggle]', 'aria-pressed'), String(theme === 'dark'));
        }
        // (The sample's pages: the main part; the navigator is the seeds' and the home page's.)
        const violations = await axe(page, SEED_IDS.includes(id) ? null : 'main');
        for (const v of violations.filter((v) => !BLOCKING.has(v.impact))) minor.push(`${id} ${theme}: ${v.impact} ${v.id}: ${v.help}`);
        const blocking = violations.filter((v) => BLOCKING.has(v.impact));
        if (blocking.length) console.log(JSON.stringify({ id, theme, blocking }, null, 2));
        assert.deepEqual(blocking, [], `${id} (${theme}) has serious/critical axe violations`);
      }
    });
  }

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
