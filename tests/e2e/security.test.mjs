// Security of what the page shows and keeps: secret fields newly marked by the importers stay in
// memory (badge, output line; not in storage, the share link, a saved export); the page runs with
// no content security policy violation; stored records planted by another program on the same
// origin are not restored under `cloudreq serve` (seals), and the page says whose storage it is.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OUT, assertNoProblems, control, launchLocalChromium, openApi, openDetails, startBrowser, type } from './lib.mjs';
import { DIST, cloudreqBin, freePort } from './standin.mjs';

const ID = 'tencent.cvm.ResetInstancesPassword';
const PASSWORD = 'e2eSecretPw-7Qx!';

// Records every CSP violation of every page of a context.
async function watchCsp(context, violations) {
  await context.exposeFunction('__cspViolation', (v) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
}

describe('a newly marked secret field (tencent Password)', { timeout: 120_000 }, () => {
  let browser;
  let page;
  const violations = [];

  before(async () => {
    browser = await startBrowser({ enforceCsp: true });
    await watchCsp(browser.context, violations);
    page = await browser.newPage();
    await openApi(page, browser.server, ID);
    await type(page, 'InstanceIds[0]', 'ins-r8hr2upy').catch(async () => {
      await page.click('[data-add="InstanceIds"]');
      await type(page, 'InstanceIds[0]', 'ins-r8hr2upy');
    });
    await type(page, 'Password', PASSWORD);
  });
  after(() => browser?.close());

  test('the page marks it and lists it as kept in memory only', async () => {
    const label = page.locator('[data-field="Password"] [data-secret-field]');
    assert.equal(await label.count(), 1, 'a badge on the Password field');
    assert.match(await label.textContent(), /kept in memory only/);
    assert.equal(await control(page, 'Password').getAttribute('type'), 'password');
    assert.match(await page.textContent('[data-secret-fields]'), /Kept in memory only.*Password/);
  });

  test('the request carries it; storage, the share link and a saved export do not', async () => {
    await page.click('[role="tab"][data-tab="json"]');
    assert.ok((await page.textContent('pre#output-panel')).includes(PASSWORD), 'the request carries the password');
    await page.click('[data-share]');
    const link = await page.getAttribute('.share-link', 'href');
    assert.ok(!link.includes(PASSWORD) && !link.includes(encodeURIComponent(PASSWORD)), 'the password is in the link');
    assert.match(await page.textContent('[data-share-left-out]'), /Password/);
    await openDetails(page, 'details.saved');
    await page.fill('#save-name', 'reset with a password');
    await page.click('[data-save]');
    await page.waitForFunction(() => document.querySelector('[data-saved-text]')?.textContent.includes('Saved as'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-saved-export]')]);
    const file = path.join(OUT, 'e2e-values', 'security-export.json');
    await download.saveAs(file);
    const exported = await readFile(file, 'utf8');
    assert.ok(exported.includes('reset with a password') && !exported.includes(PASSWORD), 'the export holds the password');
    await page.waitForTimeout(700); // past the draft's write delay
    const stores = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(stores.includes(`cloudreq.draft.${'tencent.cvm.ResetInstancesPassword'}`), 'a draft was written');
    assert.ok(!stores.includes(PASSWORD), 'the password is in the browser storage');
  });

  test('the page says once whose storage this is, and the note stays dismissed', async () => {
    const note = page.locator('[data-origin-notice]');
    assert.equal(await note.count(), 1);
    assert.ok((await note.textContent()).includes(browser.server.url.replace(/\/$/, '')), 'the note names the origin');
    await page.click('[data-dismiss-origin-notice]');
    await note.waitFor({ state: 'detached' });
    await openApi(page, browser.server, ID, '', { keepDraft: true });
    assert.equal(await page.locator('[data-origin-notice]').count(), 0, 'shown again after dismissal');
  });

  test('no CSP violation, no console error', () => {
    assert.deepEqual(violations, []);
    assertNoProblems(browser.problems);
  });
});

describe('records planted on the origin are not restored (cloudreq serve seals what it stores)', { timeout: 120_000 }, () => {
  let proc;
  let context;
  let dir;
  let url;
  const problems = [];
  const violations = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-e2e-seal-'));
    const port = await freePort();
    proc = spawn(cloudreqBin(), ['serve', '--port', String(port), '--dist', DIST, '--storage-key-file', path.join(dir, 'key')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    proc.stdout.on('data', (d) => (stdout += d));
    const started = Date.now();
    while (!stdout.includes('cloudreq is serving on')) {
      if (Date.now() - started > 30_000) throw new Error('cloudreq serve did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    url = `http://127.0.0.1:${port}/`;
    context = await launchLocalChromium(path.join(dir, 'profile'), port, problems);
    await watchCsp(context, violations);
  });
  after(async () => {
    await context?.close().catch(() => {});
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the served page carries a storage key and the headers', async () => {
    const res = await fetch(url);
    const html = await res.text();
    assert.match(html, /<meta name="cloudreq-storage-key" content="[0-9a-f]{64}">/);
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'same-origin');
    assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  });

  test('an own draft comes back; a planted one is reported and kept aside, not restored', async () => {
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${url}#/${ID}`);
    await page.waitForSelector(`article.api-page[data-api="${ID}"] form.api-form`, { state: 'attached', timeout: 30_000 });
    await type(page, 'UserName', 'own-user');
    await page.waitForTimeout(700);
    const own = await page.evaluate((k) => [localStorage.getItem(k), localStorage.getItem(`${k}.seal`)], `cloudreq.draft.${ID}`);
    assert.ok(own[0]?.includes('own-user') && /^[0-9a-f]{64}$/.test(own[1] ?? ''), `sealed: ${own}`);
    await page.goto('about:blank');
    await page.goto(`${url}#/${ID}`);
    await page.waitForSelector('[data-draft-restored]', { timeout: 30_000 });
    assert.equal(await control(page, 'UserName').inputValue(), 'own-user', 'the own draft is restored');

    // Another program on this origin plants a draft (it cannot seal it: it has no key).
    const planted = own[0].replace('own-user', 'planted-user');
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [`cloudreq.draft.${ID}`, planted]);
    await page.goto('about:blank');
    await page.goto(`${url}#/${ID}`);
    await page.waitForSelector(`article.api-page[data-api="${ID}"] form.api-form`, { state: 'attached', timeout: 30_000 });
    await page.waitForSelector('[data-storage-notice]');
    assert.notEqual(await control(page, 'UserName').inputValue(), 'planted-user', 'the planted draft was restored');
    assert.match(await page.textContent('[data-storage-notice]'), /Not restored: cloudreq\.draft\.tencent\.cvm\.ResetInstancesPassword/);
    const aside = await page.evaluate((k) => localStorage.getItem(`${k}.unverified`), `cloudreq.draft.${ID}`);
    assert.equal(aside, planted, 'the planted record is kept, not deleted');

    // A planted history is not listed either.
    await page.evaluate(() =>
      localStorage.setItem('cloudreq.history', JSON.stringify([{ at_ms: 1, id: 'tencent.cvm.ResetInstancesPassword', region: 'ap-guangzhou', values: {}, duration_ms: 1, request: { method: 'POST', url: 'https://evil.example/', headers: [], body: '' }, error: 'planted' }])),
    );
    await page.goto('about:blank');
    await page.goto(`${url}#/${ID}`);
    await page.waitForSelector('[data-storage-notice]', { timeout: 30_000 });
    assert.match(await page.textContent('[data-storage-notice]'), /Not restored: cloudreq\.history/);
    assert.ok(!(await page.content()).includes('evil.example'), 'the planted history is shown');
    await page.close();
  });

  test('no CSP violation under the served policy, no console error', () => {
    assert.deepEqual(violations, []);
    assert.deepEqual(problems.filter((p) => !p.startsWith('blocked request')), []);
  });
});
