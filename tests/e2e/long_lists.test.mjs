// Long lists are shown a page of rows at a time: the request still holds every row, the pager
// moves through them, a finding or a cloud error naming a row on another page turns to it, and
// an added row is shown where it lands; a huge output shows its first part, and all of it on
// request.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems,
  cliBuild,
  cliFindings,
  openApi,
  outputOf,
  pasteImport,
  startBrowser,
  type,
  valuesFile,
} from './lib.mjs';

const ID = 'alibaba.emr.IncreaseNodes';
const REGION = 'cn-hangzhou';

/** Rows whose values differ per row, so a shown row tells which one it is. */
function rows(n) {
  return Array.from({ length: n }, (_, i) => ({
    ApplicationName: 'HDFS',
    ConfigFileName: 'hdfs-site.xml',
    ConfigItemKey: `key.${i}`,
    ConfigItemValue: `value-${i}`,
  }));
}

const paste = (page, values) => pasteImport(page, JSON.stringify(values));

async function shownRows(page) {
  return page.$$eval('li[data-row^="ApplicationConfigs["]', (lis) => lis.map((li) => li.dataset.row));
}

async function status(page) {
  return (await page.textContent('[data-pager="ApplicationConfigs"] .pager-status')).trim();
}

describe('long lists', { timeout: 120_000 }, () => {
  let browser;
  let page;

  before(async () => {
    browser = await startBrowser({ permissions: ['clipboard-read', 'clipboard-write'] });
    page = browser.firstPage();
  });
  after(() => browser?.close());

  test('a short list has no pager and shows every row', async () => {
    await openApi(page, browser.server, ID);
    const values = { ClusterId: 'c-short', NodeGroupId: 'ng-short', IncreaseNodeCount: 1, ApplicationConfigs: rows(50) };
    assert.equal(await paste(page, values), 'Imported.');
    assert.equal((await shownRows(page)).length, 50);
    assert.equal(await page.locator('[data-pager]').count(), 0);
  });

  test('120 rows: a page at a time, every row in the request', async () => {
    await openApi(page, browser.server, ID);
    const values = { ClusterId: 'c-long', NodeGroupId: 'ng-long', IncreaseNodeCount: 2, ApplicationConfigs: rows(120) };
    assert.equal(await paste(page, values), 'Imported.');
    assert.equal(await status(page), 'Rows 1–50 of 120');
    let shown = await shownRows(page);
    assert.deepEqual(shown, Array.from({ length: 50 }, (_, i) => `ApplicationConfigs[${i}]`));
    await page.click('[data-pager="ApplicationConfigs"] button:has-text("Next")');
    assert.equal(await status(page), 'Rows 51–100 of 120');
    shown = await shownRows(page);
    assert.equal(shown[0], 'ApplicationConfigs[50]');
    assert.equal(await page.inputValue('[data-path="ApplicationConfigs[50].ConfigItemKey"]'), 'key.50');
    await page.selectOption('[data-pager="ApplicationConfigs"] select', '2');
    assert.equal(await status(page), 'Rows 101–120 of 120');
    assert.equal((await shownRows(page)).length, 20);
    // Editing a row on the last page changes the request like any other field.
    await type(page, 'ApplicationConfigs[119].ConfigItemValue', 'edited');
    values.ApplicationConfigs[119].ConfigItemValue = 'edited';
    const file = await valuesFile('long-list-120', values);
    assert.equal(await outputOf(page, 'http'), (await cliBuild(ID, file, REGION, 'http')).stdout);
    // Adding a row shows the page it lands on.
    await page.click('[data-add="ApplicationConfigs"]');
    await page.waitForSelector('li[data-row="ApplicationConfigs[120]"]');
    assert.equal(await status(page), 'Rows 101–121 of 121');
  });

  test('a finding on a row of another page turns to it and focuses the field', async () => {
    await openApi(page, browser.server, ID);
    const values = { ClusterId: 'c-f', NodeGroupId: 'ng-f', IncreaseNodeCount: 1, ApplicationConfigs: rows(1000) };
    delete values.ApplicationConfigs[733].ConfigItemKey;
    assert.equal(await paste(page, values), 'Imported.');
    assert.equal(await status(page), 'Rows 1–50 of 1000');
    assert.ok((await shownRows(page)).length <= 50, 'at most a page of rows is drawn');
    const expected = await cliFindings(ID, values, REGION);
    const missing = expected.find((f) => f.path.startsWith('ApplicationConfigs[733]'));
    assert.ok(missing, `the CLI reports row 734: ${JSON.stringify(expected)}`);
    const link = page.locator(`.summary-list a:has(code:text-is("${missing.path}"))`);
    await link.click();
    await page.waitForFunction(() => document.querySelector('[data-pager="ApplicationConfigs"] .pager-status')?.textContent.includes('701–750'));
    const focused = await page.evaluate(() => document.activeElement?.dataset?.path);
    assert.equal(focused, missing.path);
  });

  test('a huge output shows its first 16 KB; Show all shows the rest, Copy copies all of it', async () => {
    await openApi(page, browser.server, ID);
    const values = { ClusterId: 'c-big', NodeGroupId: 'ng-big', IncreaseNodeCount: 1, ApplicationConfigs: rows(400) };
    assert.equal(await paste(page, values), 'Imported.');
    const expected = (await cliBuild(ID, await valuesFile('long-list-400', values), REGION, 'curl')).stdout;
    const bytes = Buffer.from(expected, 'utf8');
    assert.ok(bytes.length > 16 * 1024 * 2, `the curl output is long (${bytes.length} bytes)`);
    await page.click('[role="tab"][data-tab="curl"]');
    await page.waitForSelector('[data-output-cut="first"]');
    const kb = Math.ceil(bytes.length / 1024);
    assert.equal(
      (await page.textContent('[data-output-cut]')).trim(),
      `Showing the first 16 KB of ${kb} KB; Copy copies all of it. Show all ${kb} KB`,
    );
    assert.equal(await page.textContent('pre#output-panel'), `${bytes.subarray(0, 16 * 1024).toString('utf8')}…`);
    await page.click('[data-copy]');
    await page.waitForSelector('.copied:has-text("Copied")');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected, 'Copy copies the whole text');
    await page.click('[data-output-show-all]');
    await page.waitForSelector('[data-output-cut="all"]');
    assert.equal(await page.textContent('pre#output-panel'), expected);
    await page.click('[data-output-show-less]');
    await page.waitForSelector('[data-output-cut="first"]');
    assert.equal((await page.textContent('pre#output-panel')).length, 16 * 1024 + 1);
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
