// Error display: unknown ids and broken links show a readable alert; no page (of the seed
// operations) logs a console error or throws, whatever is clicked.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { ALL_IDS, SEED_IDS, assertNoProblems, openApi, openDetails, outputOf, runCli, startBrowser, unfoldNavigator, waitForApp } from './lib.mjs';

const TABS = ['curl', 'curl-pwsh', 'curl-cmd', 'json', 'http', 'signature'];

describe('error display', { timeout: 180_000 }, () => {
  let browser;
  let page;

  before(async () => {
    browser = await startBrowser();
    page = browser.firstPage();
  });
  after(() => browser?.close());

  async function alertAt(hash) {
    await page.goto('about:blank');
    await page.goto(`${browser.server.url}${hash}`, { waitUntil: 'load' });
    await waitForApp(page);
    await page.waitForSelector('main [role="alert"]');
    // A fetch failure shows its message in a paragraph next to its Retry button.
    const message = page.locator('main [role="alert"] p');
    return {
      text: ((await message.count()) ? await message.first().textContent() : await page.textContent('main [role="alert"]')).trim(),
      forms: await page.locator('form.api-form').count(),
    };
  }

  test('an unknown id shows a readable alert, and the navigation still works', async () => {
    // Neither asks the server for an operation file: no cloud or service of that name is in
    // the index, and the second could not be a file name at all.
    for (const [hash, id] of [['#/nope.x.Y', 'nope.x.Y'], ['#/no%20such/id', 'no such/id']]) {
      const shown = await alertAt(hash);
      assert.equal(shown.text, `There is no API with id "${id}".`);
      assert.equal(shown.forms, 0);
    }
    assert.deepEqual(await unfoldNavigator(page), ALL_IDS, 'the navigator still lists every API');
    await page.click(`nav a[href="#/${ALL_IDS[0]}"]`);
    await page.waitForSelector(`article.api-page[data-api="${ALL_IDS[0]}"]`);
    assert.equal(await page.locator('main [role="alert"]').count(), 0);
  });

  test('broken permalinks show readable alerts', async () => {
    const id = 'huawei.ddm.CreateInstance';
    assert.match((await alertAt(`#/${id}?values=%7Bbad`)).text, /^the link's values are not valid JSON: /);
    assert.equal((await alertAt(`#/${id}?values=%5B1%5D`)).text, "the link's values must be a JSON object");
    assert.equal((await alertAt(`#/${id}?values=%FF`)).text, 'the link is not valid UTF-8');
  });

  test('the home page has no alert', async () => {
    await page.goto('about:blank');
    await page.goto(browser.server.url, { waitUntil: 'load' });
    await waitForApp(page);
    assert.equal(await page.locator('[role="alert"]').count(), 0);
    assert.match(await page.textContent('main'), /Pick an API/);
  });

  // The seed operations (the sample of generated ones goes through every example and tab in
  // imported.test.mjs).
  for (const id of SEED_IDS) {
    test(`${id}: every example, tab and panel without console or page errors`, async () => {
      const show = JSON.parse((await runCli(['show', id, '--json'])).stdout);
      await openApi(page, browser.server, id);
      await page.$$eval('details', (ds) => ds.forEach((d) => (d.open = true)));
      for (const tab of TABS) assert.ok((await outputOf(page, tab)).length > 0);
      for (let i = 0; i < show.examples.length; i++) {
        await page.selectOption('select#example', String(i));
        for (const tab of TABS) assert.ok((await outputOf(page, tab)).length > 0);
      }
      await openDetails(page, 'details.credentials');
      await page.fill('#cred-at', '2025-01-24T08:00:00Z');
      await page.click('[data-theme-toggle]');
      // The output column is sticky: when it is taller than the window (a long form with every
      // panel open), its foot (Share link) shows once the form is scrolled to its end.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.click('[data-share]');
      await page.waitForSelector('a.share-link');
      assert.equal(await page.locator('.fatal, main [role="alert"]').count(), 0, 'no alert');
      assertNoProblems(browser.problems, id);
    });
  }

  test('no console errors or page errors anywhere', () => assertNoProblems(browser.problems));
});
