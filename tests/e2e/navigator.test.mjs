// The catalog as the page fetches it (catalog/ in dist/, written by `cloudreq catalog export`):
// the navigator (cloud → service → operation) and its search with a count, operations fetched
// when opened (by URL hash too), fetch failures with Retry, narrow screens, the theme following
// the system's setting, and the app served by a plain static server. Expected values come from
// the CLI (`cloudreq list/show --json`), not from the page.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import {
  ALL_IDS,
  DIST,
  PAGE_IDS,
  apiUrl,
  assertNoProblems,
  inPageWords,
  launchLocalChromium,
  openApi,
  outputOf,
  runCli,
  valuesFile,
  startBrowser,
  unfoldNavigator,
  waitForApp,
} from './lib.mjs';

/** `cloudreq show <id> --json` of every operation (16 at a time; once per run). */
let allShown;
function shows() {
  return (allShown ??= showEvery());
}

async function showEvery() {
  const out = {};
  const queue = [...ALL_IDS];
  const worker = async () => {
    for (let id; (id = queue.shift()); ) {
      const r = await runCli(['show', id, '--json']);
      assert.equal(r.code, 0, r.stderr);
      out[id] = JSON.parse(r.stdout);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return out;
}

/** Every wire name of a `show --json` field list, at every depth. */
function wireNames(fields) {
  return (fields ?? []).flatMap((f) => [f.name, ...wireNames(f.fields), ...wireNames(f.items?.fields)]);
}

/** Ids whose id, title or wire names hold every word of `query` (case-insensitive). */
function expectedMatches(all, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return ALL_IDS.filter((id) => {
    const s = all[id];
    const hay = [id, s.title, ...wireNames(s.fields), s.action ?? ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** How many search results the page lists (src/navigator.rs SHOWN_RESULTS). */
const SHOWN_RESULTS = 50;

/** The search results shown: the count and the ids listed. */
async function searchFor(page, query) {
  await page.fill('#api-search', query);
  await page.waitForFunction(
    (q) => document.querySelector('#api-search').value === q && document.querySelector('[data-match-count]'),
    query,
  );
  // The count and the list are drawn together.
  return {
    count: Number(await page.getAttribute('[data-match-count]', 'data-match-count')),
    ids: await page.$$eval('[data-search-results] li[data-api-id]', (lis) => lis.map((li) => li.dataset.apiId)),
  };
}

test('the release wasm carries no catalog: no title, note or example value of any operation', async () => {
  const all = await shows();
  // The first-screen module and the API page's chunk.
  const wasm = (await readdir(DIST)).filter((f) => f.endsWith('.wasm'));
  assert.deepEqual(wasm.sort(), ['cloudreq-app_bg.wasm', 'split_api_page.wasm']);
  const bytes = Buffer.concat(await Promise.all(wasm.map((f) => readFile(path.join(DIST, f)))));
  const needles = new Set(['dfs.namenode.checkpoint.period']);
  for (const s of Object.values(all)) {
    needles.add(s.title);
    for (const n of s.notes ?? []) needles.add(n.slice(0, 40));
    for (const e of s.errors ?? []) if (e.meaning?.length > 20) needles.add(e.meaning.slice(0, 40));
  }
  const found = [...needles].filter((n) => n.length >= 12 && bytes.includes(Buffer.from(n)));
  assert.deepEqual(found, [], 'catalog text inside the wasm');
  // The same search finds what the catalog files hold (the check can fail).
  const op = await readFile(path.join(DIST, 'catalog', 'ops', `${ALL_IDS[0]}.json`));
  assert.ok(op.includes(Buffer.from(all[ALL_IDS[0]].title)));
});

describe('navigator and the fetched catalog', { timeout: 300_000 }, () => {
  let browser;
  let page;
  let all;
  const requests = [];

  before(async () => {
    all = await shows();
    browser = await startBrowser();
    page = browser.firstPage();
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  });
  after(() => browser?.close());

  test('cloud → service → operation, each service listed when opened, counts as the CLI has them', async () => {
    requests.length = 0;
    await page.goto(browser.server.url, { waitUntil: 'load' });
    await waitForApp(page);
    assert.ok(requests.includes('/catalog/index.json'));
    assert.deepEqual(requests.filter((p) => p.startsWith('/catalog/') && p !== '/catalog/index.json'), [], 'only the index at start');
    // Clouds in catalog order, each with its number of operations.
    const clouds = [...new Set(ALL_IDS.map((id) => id.split('.')[0]))];
    const shown = await page.$$eval('[data-cloud]', (els) =>
      els.map((e) => ({ cloud: e.dataset.cloud, count: Number(e.querySelector('[data-cloud-toggle] .count').textContent) })),
    );
    assert.deepEqual(shown, clouds.map((c) => ({ cloud: c, count: ALL_IDS.filter((id) => id.startsWith(`${c}.`)).length })));
    // Every service with its number of operations, as the CLI lists them and the index says.
    const index = JSON.parse(await readFile(path.join(DIST, 'catalog', 'index.json'), 'utf8'));
    assert.equal(index.total, ALL_IDS.length, 'index.json total');
    for (const c of clouds) if ((await page.getAttribute(`[data-cloud-toggle="${c}"]`, 'aria-expanded')) === 'false') await page.click(`[data-cloud-toggle="${c}"]`);
    const services = await page.$$eval('[data-service-toggle]', (els) =>
      els.map((e) => ({ service: e.dataset.serviceToggle, count: Number(e.querySelector('.count').textContent) })),
    );
    const perService = (cloud, service) => ALL_IDS.filter((id) => id.startsWith(`${cloud}.${service}.`)).length;
    assert.deepEqual(services, index.services.map((s) => ({ service: `${s.cloud}.${s.service}.${s.version}`, count: s.count })), 'the services as index.json has them');
    for (const s of index.services) assert.equal(s.count, perService(s.cloud, s.service), `${s.cloud}.${s.service}: index.json count against the CLI`);
    assert.deepEqual(requests.filter((p) => p.startsWith('/catalog/') && p !== '/catalog/index.json'), [], 'unfolding clouds fetches nothing');
    // Opening one service fetches its list alone and lists exactly its operations.
    const service = await page.getAttribute('[data-service]', 'data-service');
    const [cloud, code] = service.split('.');
    await page.click(`[data-service-toggle="${service}"]`);
    await page.waitForSelector(`[data-service="${service}"] li[data-api-id]`);
    const listed = await page.$$eval(`[data-service="${service}"] li[data-api-id]`, (lis) => lis.map((li) => li.dataset.apiId));
    assert.deepEqual(listed, ALL_IDS.filter((id) => id.startsWith(`${cloud}.${code}.`)));
    assert.deepEqual(requests.filter((p) => p.startsWith('/catalog/services/')), [`/catalog/services/${service}.json`]);
    assert.equal(await page.getAttribute(`[data-service-toggle="${service}"]`, 'aria-expanded'), 'true');
    // Folding it hides the list again.
    await page.click(`[data-service-toggle="${service}"]`);
    assert.equal(await page.locator(`[data-service="${service}"] li[data-api-id]`).count(), 0);
    // Everything unfolded (one click per cloud and service) lists every id once, in the CLI's order.
    assert.deepEqual(await unfoldNavigator(page), ALL_IDS);
  });

  test('search over id, title and wire names, with the count of matches', async () => {
    requests.length = 0;
    await page.goto('about:blank');
    await page.goto(browser.server.url, { waitUntil: 'load' });
    await waitForApp(page);
    assert.ok(!requests.includes('/catalog/search.json'), 'the search index waits for the first keystroke');
    // A title word of one operation, a nested wire name, a part of an id, a cloud and a word
    // from the path of another operation's fields: all compared with the CLI's data.
    // (A member of a list of objects, of the first Alibaba operation that has one.)
    const nested = ALL_IDS.filter((id) => id.startsWith('alibaba.'))
      .map((id) => all[id].fields.find((f) => f.items?.fields?.length)?.items?.fields?.[0]?.name)
      .find(Boolean);
    assert.ok(nested, 'a nested wire name to look for');
    const titleWord = all[ALL_IDS[0]].title.split(/\s+/).find((w) => w.length > 4);
    for (const query of [nested, nested.toLowerCase(), 'ddm', 'huawei ddm', titleWord, 'project_id', 'ScaleOut', 'no-such-thing-anywhere']) {
      const got = await searchFor(page, query);
      const want = expectedMatches(all, query);
      assert.equal(got.count, want.length, `count for ${JSON.stringify(query)}`);
      // The first SHOWN_RESULTS are listed, with a hint when there are more.
      assert.deepEqual(got.ids, want.slice(0, SHOWN_RESULTS), `results for ${JSON.stringify(query)}`);
      const hint = await page.locator('[data-search-results] .hint').count();
      assert.equal(hint, want.length > SHOWN_RESULTS ? 1 : 0, `the "first ${SHOWN_RESULTS}" hint for ${JSON.stringify(query)}`);
      assert.match(await page.textContent('[data-match-count]'), new RegExp(`^${want.length} operations? of ${ALL_IDS.length} match$`));
    }
    // "show … more" draws the next results; a new query starts from the first ones again.
    const wantMany = expectedMatches(all, 'ddm');
    assert.ok(wantMany.length > SHOWN_RESULTS, `"ddm" matches more than ${SHOWN_RESULTS}`);
    await searchFor(page, 'ddm');
    const drawn = () => page.$$eval('[data-search-results] li[data-api-id]', (lis) => lis.map((li) => li.dataset.apiId));
    assert.equal((await page.textContent('[data-search-more]')).trim(), `show ${Math.min(SHOWN_RESULTS, wantMany.length - SHOWN_RESULTS)} more`);
    await page.click('[data-search-more]');
    const twoPages = Math.min(2 * SHOWN_RESULTS, wantMany.length);
    await page.waitForFunction((n) => document.querySelectorAll('[data-search-results] li[data-api-id]').length === n, twoPages);
    assert.deepEqual(await drawn(), wantMany.slice(0, twoPages));
    assert.equal(await page.locator('[data-search-more]').count(), wantMany.length > twoPages ? 1 : 0);
    await searchFor(page, 'ddm ');
    assert.equal((await drawn()).length, SHOWN_RESULTS);
    assert.equal(requests.filter((p) => p === '/catalog/search.json').length, 1, 'the search index is fetched once');
    // The tree is hidden while searching and back when the box is cleared.
    assert.equal(await page.isVisible('.tree'), false);
    await page.fill('#api-search', '');
    assert.equal(await page.isVisible('.tree'), true);
    assert.equal(await page.locator('[data-match-count]').count(), 0);
    // A result opens its operation.
    const r = await searchFor(page, nested);
    await page.click(`[data-search-results] a[href="#/${r.ids[0]}"]`);
    await page.waitForSelector(`article.api-page[data-api="${r.ids[0]}"] form.api-form`);
  });

  test('an operation opened by URL hash is fetched, once per page session, and its form is the CLI\'s', async () => {
    for (const id of [ALL_IDS.at(-1), ALL_IDS[0]]) {
      requests.length = 0;
      await openApi(page, browser.server, id);
      assert.deepEqual(requests.filter((p) => p.startsWith('/catalog/ops/')), [`/catalog/ops/${id}.json`]);
      // The navigator and the page both need the index: one request serves both.
      assert.equal(requests.filter((p) => p === '/catalog/index.json').length, 1, 'index.json once');
      const paths = await page.$$eval('form.api-form [data-path]:is(input, select, textarea)', (els) => els.map((e) => e.dataset.path));
      for (const f of all[id].fields) {
        if (f.type !== 'array' && f.type !== 'object') assert.ok(paths.includes(f.name), `${id}: ${f.name} has an input`);
      }
      // The navigator shows where it is: its service unfolded, the operation marked current.
      assert.equal(await page.getAttribute(`.tree li[data-api-id="${id}"] a`, 'aria-current'), 'page');
    }
    // Within one page session an operation is fetched once: there and back again.
    await unfoldNavigator(page);
    requests.length = 0;
    for (const id of [ALL_IDS.at(-1), ALL_IDS[0], ALL_IDS.at(-1)]) {
      await page.click(`nav a[href="#/${id}"]`);
      await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`);
    }
    // (With the service's common error codes, fetched once with its first operation, when
    // index.json says it has some.)
    const last = ALL_IDS.at(-1);
    const index = JSON.parse(await readFile(path.join(DIST, 'catalog', 'index.json'), 'utf8'));
    const service = index.services.find((s) => last.startsWith(`${s.cloud}.${s.service}.`));
    const errors = service.common_errors ? [`/catalog/errors/${service.cloud}.${service.service}.${service.version}.json`] : [];
    assert.deepEqual(requests.filter((p) => p.startsWith('/catalog/')), [`/catalog/ops/${last}.json`, ...errors]);
  });

  test('the form comes first: a deep link unfolds its service in the navigator only once its page is drawn', async () => {
    const id = ALL_IDS[0];
    const row = `.tree li[data-api-id="${id}"] a`;
    for (const outcome of ['drawn', 'failed']) {
      // Hold the operation's file until the navigator has had every chance to unfold.
      let release;
      const held = new Promise((r) => (release = r));
      const file = `**/catalog/ops/${id}.json`;
      await page.route(file, async (route) => {
        await held;
        if (outcome === 'drawn') await route.continue();
        else await route.abort('internetdisconnected');
      });
      await page.goto('about:blank');
      await page.goto(apiUrl(browser.server, id), { waitUntil: 'load' });
      await page.waitForSelector(`[data-loading="${id}"]`);
      await waitForApp(page);
      await page.waitForTimeout(400);
      assert.equal(await page.locator(row).count(), 0, `${outcome}: the service stays folded while its operation loads`);
      release();
      await page.waitForSelector(outcome === 'drawn' ? `article.api-page[data-api="${id}"] form.api-form` : '[data-fetch-error]');
      // Then it unfolds, with the operation marked as the open one.
      await page.waitForSelector(`${row}[aria-current="page"]`, { state: 'attached' });
      await page.unroute(file);
    }
    // The one failure staged above is all that was recorded.
    assert.deepEqual(browser.problems.filter((p) => !/Failed to load resource|catalog\/ops\//.test(p)), []);
    browser.problems.length = 0;
  });

  test('fetch failures (no answer, 404, damaged JSON) show a message, and Retry recovers', async () => {
    const id = 'tencent.emr.ScaleOutInstance';
    const file = `**/catalog/ops/${id}.json`;
    const cases = [
      ['no answer', (route) => route.abort('internetdisconnected'), /could not be loaded: catalog\/ops\/tencent\.emr\.ScaleOutInstance\.json could not be fetched: no answer/],
      ['404', (route) => route.fulfill({ status: 404, body: 'gone' }), /^There is no API with id "tencent\.emr\.ScaleOutInstance"\.$/],
      ['500', (route) => route.fulfill({ status: 500, body: 'oops' }), /the server answered 500/],
      ['damaged JSON', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"id": "tencent.emr.Scale' }), /is damaged: not the expected JSON/],
      ['another operation', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"id": 1}' }), /is damaged/],
    ];
    for (const [what, handler, message] of cases) {
      await page.route(file, handler);
      await page.goto('about:blank');
      await page.goto(apiUrl(browser.server, id), { waitUntil: 'load' });
      await page.waitForSelector('main [data-fetch-error]');
      assert.match((await page.textContent('main [data-fetch-error] p')).trim(), message, what);
      assert.equal(await page.locator('form.api-form').count(), 0);
      assert.equal(await page.locator('.fatal').count(), 0, `${what}: no panic`);
      // Still failing: Retry shows the message again.
      await page.click('main [data-retry]');
      await page.waitForSelector('main [data-fetch-error]');
      await page.unroute(file);
      await page.click('main [data-retry]');
      await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`);
      assert.equal(await page.locator('main [data-fetch-error]').count(), 0, what);
    }
    // The navigator's own fetches fail the same way: the index…
    await page.route('**/catalog/index.json', (route) => route.abort('internetdisconnected'));
    await page.goto('about:blank');
    await page.goto(browser.server.url, { waitUntil: 'load' });
    await page.waitForSelector('nav [data-fetch-error]');
    assert.match(await page.textContent('nav [data-fetch-error] p'), /The list of APIs could not be loaded: catalog\/index\.json could not be fetched/);
    await page.unroute('**/catalog/index.json');
    await page.click('nav [data-retry]');
    await page.waitForSelector('[data-nav-ready]');
    // …a service's list…
    const service = await page.getAttribute('[data-service]', 'data-service');
    await page.route(`**/catalog/services/${service}.json`, (route) => route.fulfill({ status: 200, body: '[{"id"' }));
    await page.click(`[data-service-toggle="${service}"]`);
    await page.waitForSelector(`[data-service="${service}"] [data-fetch-error]`);
    await page.unroute(`**/catalog/services/${service}.json`);
    await page.click(`[data-service="${service}"] [data-retry]`);
    await page.waitForSelector(`[data-service="${service}"] li[data-api-id]`);
    // …and the search index.
    await page.route('**/catalog/search.json', (route) => route.fulfill({ status: 404, body: '' }));
    await page.fill('#api-search', 'ddm');
    await page.waitForSelector('[data-search-results] [data-fetch-error]');
    assert.match(await page.textContent('[data-search-results] [data-fetch-error] p'), /The search index could not be loaded: .*404/);
    await page.unroute('**/catalog/search.json');
    await page.click('[data-search-results] [data-retry]');
    await page.waitForSelector('[data-match-count]');
    // Only the failures staged above were recorded.
    const unexpected = browser.problems.filter(
      (p) => !/Failed to load resource|catalog\/(ops|index|services|search)/.test(p),
    );
    assert.deepEqual(unexpected, []);
    browser.problems.length = 0;
  });

  test('an unsigned request says "open Credentials" where the CLI says --sign', async () => {
    // The seeds and the sample (every operation's unsigned request is the CLI's: tests/oracle).
    const hinted = PAGE_IDS.filter((id) => /^(tencent|alibaba)\./.test(id));
    assert.ok(hinted.length > 0);
    const file = await valuesFile('empty', {});
    for (const id of hinted) {
      await openApi(page, browser.server, id);
      const region = await page.inputValue('#region');
      const forced = await runCli(['build', id, '--values', file, '--force', '--region', region, '--format', 'http']);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /signature: use --sign>/, `${id}: the CLI's hint`);
      const shown = await outputOf(page, 'http');
      assert.match(shown, /signature: open Credentials>/, `${id}: the page's hint`);
      assert.doesNotMatch(shown, /--sign/);
      assert.equal(shown, inPageWords(forced.stdout), `${id}: otherwise the CLI's request`);
    }
  });

  test('the theme follows the system setting while the page is open', async () => {
    await openApi(page, browser.server, ALL_IDS[0]);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    assert.notEqual(await background(), light);
    assert.equal(await page.textContent('[data-theme-toggle]'), 'Light theme');
    // The toggle still overrides it, until the system changes again.
    await page.click('[data-theme-toggle]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
    // (Media changes are reported once per frame: let one pass between the two.)
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});

describe('narrow screens', { timeout: 120_000 }, () => {
  let browser;
  let page;
  before(async () => {
    browser = await startBrowser({ viewport: { width: 390, height: 844 } });
    page = browser.firstPage();
  });
  after(() => browser?.close());

  test('the navigator folds behind a button, so the form comes first; output tabs stay on one row', async () => {
    const [first, second] = [ALL_IDS[0], ALL_IDS.at(-1)];
    await openApi(page, browser.server, first);
    assert.equal(await page.isVisible('#navigator'), false, 'the navigator is folded');
    assert.equal(await page.isVisible('[data-nav-toggle]'), true);
    assert.equal(await page.getAttribute('[data-nav-toggle]', 'aria-expanded'), 'false');
    // Nothing widens the page past the screen (a long id, the toolbar, the output).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    const formTop = (await page.locator('form.api-form').boundingBox()).y;
    const toggle = await page.locator('[data-nav-toggle]').boundingBox();
    assert.ok(toggle.height < 80 && formTop < 844 * 2, `the form starts at ${formTop}px`);
    // Open it, pick another operation: the navigator folds again and the form is there.
    await page.click('[data-nav-toggle]');
    assert.equal(await page.isVisible('#navigator'), true);
    assert.equal(await page.getAttribute('[data-nav-toggle]', 'aria-expanded'), 'true');
    await unfoldNavigator(page);
    await page.click(`nav a[href="#/${second}"]`);
    await page.waitForSelector(`article.api-page[data-api="${second}"] form.api-form`);
    assert.equal(await page.isVisible('#navigator'), false);
    // The tabs: one row, scrolled sideways when they do not fit.
    const tabs = await page.$$eval('[role="tablist"] [role="tab"]', (els) => els.map((e) => e.getBoundingClientRect().top));
    assert.equal(new Set(tabs.map(Math.round)).size, 1, `tab rows at ${tabs}`);
    assert.equal(await page.$eval('[role="tablist"]', (e) => getComputedStyle(e).overflowX), 'auto');
    // Still reachable: the last tab scrolls into view when chosen.
    assert.ok((await outputOf(page, 'signature')).length > 0);
    assertNoProblems(browser.problems);
  });

  test('wide screens show the navigator and no toggle', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.equal(await page.isVisible('#navigator'), true);
    assert.equal(await page.isVisible('[data-nav-toggle]'), false);
  });
});

/** A free port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('served by a plain static server (python3 -m http.server)', { timeout: 120_000 }, () => {
  let server;
  let context;
  let userDataDir;
  const problems = [];

  before(async () => {
    const port = await freePort();
    server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', DIST], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}/`;
    for (let i = 0; i < 100; i++) {
      if (await fetch(url).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    server.url = url;
    server.port = port;
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-e2e-chromium-'));
    context = await launchLocalChromium(userDataDir, port, problems);
  });
  after(async () => {
    await context?.close();
    server?.kill();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  test('navigator, search, form and output work; Send says it needs cloudreq serve', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    const id = ALL_IDS.find((x) => x.startsWith('tencent.')) ?? ALL_IDS[0];
    await page.goto(server.url, { waitUntil: 'load' });
    await waitForApp(page);
    assert.deepEqual(await unfoldNavigator(page), ALL_IDS);
    await page.fill('#api-search', id);
    await page.waitForSelector('[data-match-count="1"]');
    await page.click(`[data-search-results] a[href="#/${id}"]`);
    await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`);
    assert.match(await outputOf(page, 'curl'), /^curl /m);
    assert.equal(await page.isDisabled('[data-send]'), true);
    assert.match(await page.textContent('[data-send-blocker]'), /needs the local server.*cloudreq serve/);
    assert.deepEqual(problems, []);
  });
});
