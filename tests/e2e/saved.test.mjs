// Saved requests: Save as, replace only when asked, rename, delete, open across APIs; export
// to one file that `cloudreq build --saved` builds exactly as the page shows; delete all →
// import the file back (a round trip); a second import changes nothing; different contents
// under a taken name are replaced only when asked; malformed and foreign files are refused
// with a clear message and change nothing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import {
  FILL_PLANS,
  OUT,
  assertNoProblems,
  display,
  formState,
  inPageWords,
  leaves,
  openDetails,
  openWithValues,
  outputOf,
  planValues,
  runCli,
  startBrowser,
  type,
} from './lib.mjs';

const stored = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('cloudreq.saved') ?? 'null'));
const message = async (page) => (await page.textContent('[data-saved-text]')).trim();
const names = (page, list) => page.$$eval(`[data-saved-list="${list}"] li[data-saved]`, (lis) => lis.map((li) => li.dataset.saved));

async function saveAs(page, name) {
  await openDetails(page, 'details.saved');
  await page.fill('#save-name', name);
  await page.click('[data-save]');
}

async function exportFile(page, to) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-saved-export]')]);
  assert.equal(download.suggestedFilename(), 'cloudreq-saved-requests.json');
  await download.saveAs(to);
  return readFile(to, 'utf8');
}

async function importFile(page, file) {
  const before = await message(page);
  await page.setInputFiles('[data-saved-import]', file);
  await page.waitForFunction((b) => document.querySelector('[data-saved-text]').textContent.trim() !== b, before);
  return message(page);
}

describe('saved requests', { timeout: 300_000 }, () => {
  let browser;
  let page;
  const T = 'tencent.emr.ScaleOutInstance';
  const A = 'alibaba.emr.IncreaseNodes';

  before(async () => {
    browser = await startBrowser();
    page = browser.firstPage();
  });
  after(() => browser?.close());

  test('save, replace only when asked, rename, delete; listed per API and across APIs', async () => {
    await openWithValues(page, browser.server, T, FILL_PLANS[T].region, planValues(FILL_PLANS[T]));
    await saveAs(page, 'tencent prod');
    assert.equal(await message(page), 'Saved as “tencent prod”.');
    await openWithValues(page, browser.server, A, FILL_PLANS[A].region, planValues(FILL_PLANS[A]));
    await saveAs(page, 'ali one');
    await type(page, 'ClusterId', 'c-second-version');
    await saveAs(page, 'ali one');
    assert.match(await message(page), /already named “ali one”/);
    assert.equal((await stored(page)).requests.find((r) => r.name === 'ali one').values.ClusterId, 'c-b933c5aac8fe1234', 'not replaced yet');
    await page.click('[data-save-replace]');
    assert.equal((await stored(page)).requests.find((r) => r.name === 'ali one').values.ClusterId, 'c-second-version');
    await saveAs(page, '   ');
    assert.match(await message(page), /Not saved: the name is empty/);
    await saveAs(page, 'temporary');
    assert.deepEqual(await names(page, 'this'), ['ali one', 'temporary']);
    await page.click('[data-saved-list="this"] li[data-saved="temporary"] [data-saved-delete]');
    await page.click('[data-saved-list="this"] li[data-saved="ali one"] [data-saved-rename]');
    await page.fill('[data-rename-input]', 'tencent prod');
    await page.click('[data-rename-ok]');
    assert.match(await message(page), /Not renamed: two saved requests are named "tencent prod"/);
    await page.fill('[data-rename-input]', 'alibaba scale');
    await page.click('[data-rename-ok]');
    assert.deepEqual(await names(page, 'this'), ['alibaba scale']);
    await openDetails(page, 'details.saved-all');
    assert.deepEqual(await names(page, 'all'), ['tencent prod', 'alibaba scale']);
    assert.deepEqual((await stored(page)).requests.map((r) => [r.name, r.id]), [['tencent prod', T], ['alibaba scale', A]]);

    // Open the Tencent one from the Alibaba page: the page switches API and fills the form.
    await page.click('[data-saved-list="all"] li[data-saved="tencent prod"] [data-saved-open]');
    await page.waitForSelector(`article.api-page[data-api="${T}"]`);
    assert.equal(await page.getAttribute('[data-restored-from]', 'data-restored-from'), 'saved request “tencent prod”');
    assert.equal(await page.inputValue('#region'), FILL_PLANS[T].region);
    const state = await formState(page);
    for (const [p, v] of leaves(planValues(FILL_PLANS[T]))) assert.equal(state[p], display(v), `input ${p}`);
  });

  test('export → the CLI builds each exported request as the page shows it', async () => {
    const file = path.join(OUT, 'e2e-values', 'saved-export.json');
    await openDetails(page, 'details.saved');
    const text = await exportFile(page, file);
    const exported = JSON.parse(text);
    assert.equal(exported.format, 'cloudreq-saved-requests');
    assert.deepEqual(exported, await stored(page));
    await openDetails(page, 'details.saved-all');
    for (const r of exported.requests) {
      await page.click(`[data-saved-list="all"] li[data-saved="${r.name}"] [data-saved-open]`);
      await page.waitForSelector(`article.api-page[data-api="${r.id}"] [data-restored-from="saved request “${r.name}”"]`);
      for (const format of ['curl', 'http']) {
        const cli = await runCli(['build', '--saved', file, '--name', r.name, '--format', format]);
        assert.equal(cli.code, 0, cli.stderr);
        assert.equal(await outputOf(page, format), inPageWords(cli.stdout), `${r.name} ${format}`);
      }
      await openDetails(page, 'details.saved');
      await openDetails(page, 'details.saved-all');
    }
  });

  test('delete all → import the export: the same requests; importing again changes nothing', async () => {
    const file = path.join(OUT, 'e2e-values', 'saved-export.json');
    const before = await stored(page);
    await page.click('[data-saved-clear]');
    assert.equal(await message(page), 'Deleted 2 saved requests.');
    assert.deepEqual((await stored(page)).requests, []);
    assert.deepEqual(await names(page, 'all'), []);
    assert.equal(await importFile(page, file), 'Imported 2 saved requests from saved-export.json.');
    assert.deepEqual(await stored(page), before);
    assert.match(await importFile(page, file), /^Imported 0 saved requests from saved-export\.json; 2 already saved with the same values\.$/);
    assert.deepEqual(await stored(page), before);
    // Delete all, then Undo.
    await page.click('[data-saved-clear]');
    await page.click('[data-saved-undo]');
    assert.deepEqual(await stored(page), before);
  });

  test('a taken name with other contents is replaced only when asked', async () => {
    const original = await stored(page);
    const changed = structuredClone(original);
    changed.requests[0].values.InstanceId = 'emr-from-the-file';
    changed.requests.push({ name: 'brand new', id: A, region: 'cn-beijing', values: { ClusterId: 'c-new' } });
    const file = path.join(OUT, 'e2e-values', 'saved-changed.json');
    await writeFile(file, JSON.stringify(changed, null, 2));
    assert.match(await importFile(page, file), /Imported 1 saved request from saved-changed\.json; 1 already saved with the same values\. Already saved with other values: “tencent prod”\. Replace them/);
    const kept = await stored(page);
    assert.equal(kept.requests.length, 3);
    assert.equal(kept.requests[0].values.InstanceId, original.requests[0].values.InstanceId, 'not overwritten before the answer');
    await page.click('[data-import-keep]');
    assert.equal((await stored(page)).requests[0].values.InstanceId, original.requests[0].values.InstanceId);
    await importFile(page, file);
    await page.click('[data-import-replace]');
    assert.equal((await stored(page)).requests[0].values.InstanceId, 'emr-from-the-file');
  });

  test('malformed and foreign files are refused with a clear message and change nothing', async () => {
    const before = await stored(page);
    const cases = [
      ['broken.json', '{\n  "format": "cloudreq-saved-requests",\n  "requests": [\n}\n', /^Not imported: broken\.json: the file is not valid JSON: .+ \(line 4, column 1\)\.$/],
      ['values.json', JSON.stringify(planValues(FILL_PLANS[T])), /^Not imported: values\.json: this is not a cloudreq saved-requests file: it has no "format"/],
      ['postman.json', JSON.stringify({ info: { name: 'x' }, item: [] }), /not a cloudreq saved-requests file/],
      ['future.json', JSON.stringify({ format: 'cloudreq-saved-requests', version: 7, requests: [] }), /version 7 is not supported/],
      ['unknown.json', JSON.stringify({ format: 'cloudreq-saved-requests', version: 1, requests: [{ name: 'u', id: 'nope.x.Y' }] }), /request 1 \("u"\): there is no API with id "nope\.x\.Y"/],
      ['array.json', '[]', /not a cloudreq saved-requests file/],
    ];
    for (const [name, body, expected] of cases) {
      const file = path.join(OUT, 'e2e-values', name);
      await writeFile(file, body);
      assert.match(await importFile(page, file), expected, name);
      assert.equal(await page.locator('[data-saved-message][data-problem]').count(), 1, `${name} is shown as a problem`);
      assert.deepEqual(await stored(page), before, `${name} changed nothing`);
      // The CLI refuses the same file too.
      const cli = await runCli(['build', '--saved', file, '--name', 'u']);
      assert.equal(cli.code, 2, `${name}: ${cli.stderr}`);
    }
  });

  test('another tab follows the saved requests as they change', async () => {
    const other = await browser.newPage();
    await other.goto(`${browser.server.url}#/${A}`, { waitUntil: 'load' });
    await other.waitForSelector(`article.api-page[data-api="${A}"] form.api-form`);
    await openDetails(other, 'details.saved');
    await openDetails(other, 'details.saved-all');
    await saveAs(page, 'from tab one');
    await other.waitForSelector('[data-saved-list="all"] li[data-saved="from tab one"]');
    await other.click('[data-saved-list="all"] li[data-saved="from tab one"] [data-saved-delete]');
    await page.waitForSelector('li[data-saved="from tab one"]', { state: 'detached' });
    assert.ok(!(await stored(page)).requests.some((r) => r.name === 'from tab one'));
    await other.close();
  });

  test('stored requests for an API this version does not have: the others are listed, those named and kept aside', async () => {
    const original = await stored(page);
    const withRetired = structuredClone(original);
    withRetired.requests.push({ name: 'retired one', id: 'retired.api.Op', region: 'r', values: {} });
    await page.goto('about:blank');
    await page.goto(browser.server.url, { waitUntil: 'load' });
    await page.waitForSelector('[data-nav-ready]');
    await page.evaluate((t) => localStorage.setItem('cloudreq.saved', t), JSON.stringify(withRetired));
    await page.goto('about:blank');
    await page.goto(`${browser.server.url}#/${T}`, { waitUntil: 'load' });
    await page.waitForSelector(`article.api-page[data-api="${T}"] form.api-form`);
    assert.match(await page.textContent('[data-storage-notice]'), /not listed: “retired one” \(retired\.api\.Op\); the stored copy with them is kept under cloudreq\.saved\.unreadable/);
    await openDetails(page, 'details.saved');
    await openDetails(page, 'details.saved-all');
    assert.deepEqual(await names(page, 'all'), original.requests.map((r) => r.name));
    assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem('cloudreq.saved.unreadable'))), withRetired);
    await page.evaluate((t) => {
      localStorage.setItem('cloudreq.saved', t);
      localStorage.removeItem('cloudreq.saved.unreadable');
    }, JSON.stringify(original));
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
