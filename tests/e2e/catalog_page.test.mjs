// End-to-end: the release build in dist/ (run `trunk build --release --offline` first), served on
// 127.0.0.1, loaded in headless Debian Chromium through playwright-core. Nothing leaves 127.0.0.1.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serveDir } from './serve.mjs';
import { ALL_IDS, launchLocalChromium, unfoldNavigator } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const SHOTS = path.join(ROOT, 'test-output', 'screenshots');

describe('catalog page', { timeout: 120_000 }, () => {
  let server;
  let userDataDir;
  let context;
  let page;
  const problems = []; // console errors, page errors, failed or non-local requests

  before(async () => {
    assert.ok(
      existsSync(path.join(DIST, 'index.html')),
      'dist/index.html is missing: run `trunk build --release --offline` first',
    );
    server = await serveDir(DIST);
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-e2e-chromium-'));
    // Only the local server may be reached; anything else is aborted and reported.
    context = await launchLocalChromium(userDataDir, server.port, problems, { viewport: { width: 1100, height: 900 }, colorScheme: 'light', serviceWorkers: 'allow' });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) =>
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
    );
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
    });

    await page.goto(server.url, { waitUntil: 'load' });
    // The app mounts after the wasm module loads: wait for the navigator, or an alert.
    await page.waitForSelector('[data-nav-ready], [role="alert"]', { timeout: 30_000 });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  test('shows the page header', async () => {
    assert.equal((await page.textContent('h1'))?.trim(), 'cloudreq');
    assert.equal(await page.title(), 'cloudreq');
  });

  test('the catalog loaded (no load-error alert)', async () => {
    const alerts = await page.$$eval('[role="alert"]', (els) => els.map((e) => e.textContent));
    assert.deepEqual(alerts, []);
  });

  test('renders every expected API id, with its id in <code> and a title', async () => {
    await unfoldNavigator(page);
    const items = await page.$$eval('li[data-api-id]', (els) =>
      els.map((li) => ({
        id: li.dataset.apiId,
        code: li.querySelector('code')?.textContent ?? '',
        title: li.querySelector('.api-title')?.textContent ?? '',
        cloud: li.closest('[data-cloud]')?.dataset.cloud ?? '',
      })),
    );
    const ids = items.map((i) => i.id);
    const rendered = new Set(ids);
    const missing = ALL_IDS.filter((id) => !rendered.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${ALL_IDS.length} ids are not rendered`);
    assert.equal(rendered.size, ids.length, 'an id is rendered twice');
    assert.equal(ids.length, ALL_IDS.length, 'only the catalog\'s ids are rendered');
    for (const item of items) {
      assert.equal(item.code, item.id, `<code> of ${item.id}`);
      assert.ok(item.title.trim().length > 0, `title of ${item.id}`);
      assert.equal(item.cloud, item.id.split('.')[0], `${item.id} is grouped under ${item.cloud}`);
    }
  });

  test('light and dark screenshots', async () => {
    await mkdir(SHOTS, { recursive: true });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    // The app picks the theme from the system preference when it starts (data-theme on
    // <html>); the toggle switches it afterwards.
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
    const light = await background();
    await page.screenshot({ path: path.join(SHOTS, 'catalog-light.png'), fullPage: true });

    await page.click('[data-theme-toggle]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    const dark = await background();
    await page.screenshot({ path: path.join(SHOTS, 'catalog-dark.png'), fullPage: true });
    assert.notEqual(light, dark, 'dark scheme changes the background');

    await page.click('[data-theme-toggle]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');

    // A system that prefers dark starts dark.
    const second = await context.newPage();
    await second.emulateMedia({ colorScheme: 'dark' });
    await second.goto(server.url, { waitUntil: 'load' });
    await second.waitForSelector('[data-nav-ready]');
    assert.equal(await second.getAttribute('html', 'data-theme'), 'dark');
    assert.equal(await second.evaluate(() => getComputedStyle(document.body).backgroundColor), dark);
    await second.close();
  });

  test('no console errors, page errors or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
