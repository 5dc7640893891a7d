// Secret fields (a password, a secret key: `"secret": true` in the catalog) stay in the page's
// memory: the request uses them, but the share link, a saved request, its exported file and the
// draft do not hold them, and the page says so.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  FILL_PLANS,
  OUT,
  assertNoProblems,
  fillPlan,
  openApi,
  openDetails,
  outputOf,
  planValues,
  secretPaths,
  startBrowser,
} from './lib.mjs';

const ID = 'huawei.ddm.CreateInstance';

describe('secret fields', { timeout: 120_000 }, () => {
  let browser;
  let page;
  let secrets;
  let texts;

  before(async () => {
    browser = await startBrowser();
    page = browser.firstPage();
    secrets = await secretPaths(ID);
    assert.ok(secrets.includes('instance.admin_user_password'), `secret fields of ${ID}: ${secrets}`);
    const values = planValues(FILL_PLANS[ID]);
    texts = secrets.map((p) => p.split('.').reduce((o, k) => o?.[k], values)).filter((v) => typeof v === 'string');
    assert.ok(texts.length > 0, 'the fill plan types a password');
    await openApi(page, browser.server, ID);
    await fillPlan(page, FILL_PLANS[ID]);
  });
  after(() => browser?.close());

  test('the request itself carries the typed password', async () => {
    const body = await outputOf(page, 'json');
    for (const t of texts) assert.ok(body.includes(t), 'the password is sent');
  });

  test('the share link leaves the password out and says so', async () => {
    await page.click('[data-share]');
    const link = await page.getAttribute('.share-link', 'href');
    for (const t of texts) {
      assert.ok(!link.includes(t) && !link.includes(encodeURIComponent(t)), 'the password is in the link');
    }
    const note = await page.textContent('[data-share-left-out]');
    for (const p of secrets) assert.ok(note.includes(p), note);
  });

  test('a saved request and its exported file leave it out; so does the draft', async () => {
    await openDetails(page, 'details.saved');
    await page.fill('#save-name', 'with a password');
    await page.click('[data-save]');
    await page.waitForFunction(() => document.querySelector('[data-saved-text]')?.textContent.includes('Saved as'));
    const message = await page.textContent('[data-saved-text]');
    assert.match(message, /Not kept: instance\.admin_user_password/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-saved-export]')]);
    const file = path.join(OUT, 'e2e-values', 'secrets-export.json');
    await download.saveAs(file);
    const exported = await readFile(file, 'utf8');
    assert.ok(exported.includes('with a password'), 'the saved request was exported');
    await page.waitForTimeout(600); // past the draft's write delay
    const stores = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(stores.includes('cloudreq.draft.'), 'a draft was written');
    for (const t of texts) {
      assert.ok(!exported.includes(t), 'the password is in the exported file');
      assert.ok(!stores.includes(t), 'the password is in the browser storage');
    }
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
