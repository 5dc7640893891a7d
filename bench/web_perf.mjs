#!/usr/bin/env node
// Web app performance, measured on the release build in dist/ (run `trunk build --release
// --offline` first) in headless Chromium on 127.0.0.1. Not a test: it prints a table and
// writes test-output/web-perf.json.
//
//   node bench/web_perf.mjs [--runs N] [--keys N] [--rows N]
//
// 1. Transfer sizes of dist/: wasm, js, css; raw, gzip -9 and brotli (quality 11). Then what the
//    first screen really fetches (home until the navigator is drawn and the network is idle),
//    and what a link straight to the largest operation fetches, summed as gzip -9.
// 2. Navigation start → `cr-form-ready` mark, per API (median of N fresh loads, default 5): the
//    seed operations and the three largest operation files of the catalog; and the same
//    operations opened from the running page (link → form in the DOM, its file fetched).
// 3. `cr-keystroke-to-output` measures (the app's own: input handler → output recomputed),
//    median and p95, over N keystrokes (default 120) on the Tencent form, and on the Alibaba
//    form after importing R ApplicationConfigs rows (default 1000) through the import box;
//    also keydown → next animation frame (what the user waits for, including the wait for the
//    display's next refresh), and, from a Chrome timeline recorded in a second pass of the same
//    keys, the main thread's work per key until the frame showing it is committed (`work`: the
//    refresh wait left out), and how many keys were drawn a refresh (or more) later than the
//    first frame they could have made.
//    A bare page (a text box copied into a <pre>) gives the floor of these measures. Also how
//    long the import took until the rows were rendered.
// 4. Drafts: bytes stored per draft (each seed API filled by its FILL_PLANS, and the R-row
//    import), the time to restore the R-row draft on open (read + parse + fit, and navigation
//    → all rows rendered, median of N loads), and localStorage against IndexedDB for writing
//    and reading that draft's text.

import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';

import { DIST, FILL_PLANS, SEED_IDS, OUT, fillPlan, openApi, openDetails, startBrowser } from '../tests/e2e/lib.mjs';
import { keystrokeWork, traced } from './timeline.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt('runs', 5);
/** One refresh of headless Chromium's display (60 Hz). */
const REFRESH_MS = 1000 / 60;
const KEYS = opt('keys', 120);
const ROWS = opt('rows', 1000);

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

async function sizes() {
  const out = [];
  for (const name of (await readdir(DIST)).sort()) {
    const ext = path.extname(name).slice(1);
    if (!['wasm', 'js', 'css', 'html'].includes(ext)) continue;
    const raw = await readFile(path.join(DIST, name));
    const gzip = gzipSync(raw, { level: 9 }).length;
    const brotli = typeof brotliCompressSync === 'function'
      ? brotliCompressSync(raw, {
          params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: raw.length, [zc.BROTLI_PARAM_MODE]: ext === 'wasm' ? zc.BROTLI_MODE_GENERIC : zc.BROTLI_MODE_TEXT },
        }).length
      : null;
    out.push({ file: name, kind: ext, raw: raw.length, gzip9: gzip, brotli11: brotli });
  }
  const total = (k) => out.reduce((a, f) => a + (f[k] ?? 0), 0);
  out.push({ file: 'total', kind: '', raw: total('raw'), gzip9: total('gzip9'), brotli11: total('brotli11') });
  return out;
}

/** What a screen really fetches: loads `hash` in a fresh page, waits until the screen is drawn
 * (`ready`) and the network is idle, and sums gzip -9 of every file it asked for (from dist/). */
async function screenTransfer(browser, page, hash, ready) {
  const asked = new Set();
  const onRequest = (r) => {
    const url = new URL(r.url());
    if (url.origin === new URL(browser.server.url).origin) asked.add(decodeURIComponent(url.pathname));
  };
  await page.goto('about:blank');
  page.on('request', onRequest);
  try {
    await page.goto(`${browser.server.url}${hash}`, { waitUntil: 'load' });
    await page.waitForSelector(ready, { state: 'attached', timeout: 30_000 });
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('request', onRequest);
  }
  const files = [];
  for (const p of [...asked].sort()) {
    const file = p === '/' ? 'index.html' : p.slice(1);
    const raw = await readFile(path.join(DIST, file));
    files.push({ file, raw: raw.length, gzip9: gzipSync(raw, { level: 9 }).length });
  }
  return { files, gzip9: files.reduce((a, f) => a + f.gzip9, 0), raw: files.reduce((a, f) => a + f.raw, 0) };
}

/** The `n` operations whose files in dist/catalog/ops are the largest (what the page fetches). */
let bySize;
async function largestIds(n) {
  bySize ??= (async () => {
    const dir = path.join(DIST, 'catalog', 'ops');
    const files = await readdir(dir);
    const sized = await Promise.all(files.map(async (f) => [(await stat(path.join(dir, f))).size, f.replace(/\.json$/, '')]));
    return sized.sort((a, b) => b[0] - a[0]).map(([, id]) => id);
  })();
  return (await bySize).slice(0, n);
}

async function formReady(browser, page) {
  const result = {};
  for (const id of [...SEED_IDS, ...(await largestIds(3))]) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await openApi(page, browser.server, id);
      times.push(await page.evaluate(() => performance.getEntriesByName('cr-form-ready', 'mark').at(-1)?.startTime ?? NaN));
    }
    result[id] = { median: median(times), runs: times };
  }
  return result;
}

/** In the running page (home loaded, navigator ready): the hash change a navigator link makes →
 * the operation's form in the DOM, its file fetched on the way (the first open in this page). */
async function openInPage(browser, page) {
  const result = {};
  for (const id of [...SEED_IDS, ...(await largestIds(3))]) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto('about:blank');
      await page.goto(browser.server.url, { waitUntil: 'load' });
      await page.waitForSelector('[data-nav-ready]', { state: 'attached', timeout: 30_000 });
      const t = await page.evaluate(
        (id) =>
          new Promise((resolve) => {
            const ready = () => document.querySelector(`article.api-page[data-api="${id}"] form.api-form`);
            const t0 = performance.now();
            const obs = new MutationObserver(() => {
              if (ready()) {
                obs.disconnect();
                resolve(performance.now() - t0);
              }
            });
            obs.observe(document.body, { childList: true, subtree: true });
            location.hash = `#/${id}`;
          }),
        id,
      );
      times.push(t);
    }
    result[id] = { median: median(times), runs: times };
  }
  return result;
}

/** Records keydown → next frame for every key, next to the app's own measures. */
async function instrument(page) {
  await page.evaluate(() => {
    performance.clearMeasures('cr-keystroke-to-output');
    window.__frames = [];
    window.__onKey ??= (ev) => {
      const t0 = ev.timeStamp;
      requestAnimationFrame(() => setTimeout(() => window.__frames.push(performance.now() - t0), 0));
    };
    document.removeEventListener('keydown', window.__onKey, true);
    document.addEventListener('keydown', window.__onKey, true);
  });
}

async function collect(page, keys, work) {
  await page.waitForTimeout(200);
  const { measures, frames } = await page.evaluate(() => ({
    measures: performance.getEntriesByName('cr-keystroke-to-output', 'measure').map((m) => m.duration),
    frames: window.__frames,
  }));
  return {
    keystrokes: keys,
    measures: measures.length,
    median: median(measures),
    p95: quantile(measures, 0.95),
    max: Math.max(...measures),
    frameMedian: median(frames),
    frameP95: quantile(frames, 0.95),
    // A key whose frame came more than half a refresh after the first one possible was drawn
    // one refresh (or more) late: the count that says whether typing keeps up with the display.
    lateFrames: frames.filter((f) => f > REFRESH_MS * 1.5).length,
    traced: work.busy.length,
    workMedian: median(work.busy),
    workP95: quantile(work.busy, 0.95),
    commitMedian: median(work.toCommit),
    commitP95: quantile(work.toCommit, 0.95),
  };
}

/** Types `n` characters into a field, one key at a time as a user does, waiting for the
 * frame after each key (so the figures are per keystroke, not a backlog of queued keys):
 * once with a timeline recorded (for `work`), once without (for the other figures). */
async function typeKeys(page, selector, n) {
  const el = page.locator(selector);
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const type = async (ready) => {
    await el.click();
    await el.fill('');
    await ready();
    for (let i = 0; i < n; i++) {
      await page.keyboard.press(chars[i % chars.length]);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    }
  };
  // Twice: the timeline's own cost would show in the first pass's times.
  const events = await traced(page, () => type(async () => {}));
  await type(() => instrument(page));
  return collect(page, n, keystrokeWork(events));
}

/** The floor of these measures: a bare page whose text box copies each key into a <pre>. */
async function barePage(page) {
  const html = '<!doctype html><textarea id="t"></textarea><pre id="o"></pre><script>t.oninput = () => { o.textContent = t.value; };</script>';
  await page.goto(`data:text/html,${encodeURIComponent(html)}`);
  return typeKeys(page, '#t', KEYS);
}

async function tencent(browser, page) {
  await openApi(page, browser.server, 'tencent.emr.ScaleOutInstance');
  await page.selectOption('select#example', '1');
  return typeKeys(page, '[data-path="ClientToken"]', KEYS);
}

async function alibaba(browser, page) {
  await openApi(page, browser.server, 'alibaba.emr.IncreaseNodes');
  const values = {
    ClusterId: 'c-b933c5aac8fe1234',
    NodeGroupId: 'ng-869471354ecd5678',
    IncreaseNodeCount: 3,
    ApplicationConfigs: Array.from({ length: ROWS }, (_, i) => ({
      ApplicationName: 'HDFS',
      ConfigFileName: 'hdfs-site.xml',
      ConfigItemKey: `dfs.key.${i}`,
      ConfigItemValue: `value ${i}`,
      ConfigScope: i % 2 ? 'NODE_GROUP' : 'CLUSTER',
      ...(i % 2 ? { NodeGroupName: `group-${i}` } : {}),
    })),
  };
  await openDetails(page, 'details.import');
  await page.fill('#import-text', JSON.stringify(values));
  const importMs = await page.evaluate(async (rows) => {
    const t0 = performance.now();
    document.querySelector('[data-import]').click();
    // Long lists are drawn a page at a time: wait for the list to hold every row.
    const all = `fieldset[data-path="ApplicationConfigs"][data-rows="${rows}"] li[data-row]`;
    while (!document.querySelector(all)) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  }, ROWS);
  const rows = Number(await page.getAttribute('fieldset[data-path="ApplicationConfigs"]', 'data-rows'));
  const drawnRows = await page.locator('li[data-row^="ApplicationConfigs["]').count();
  const typing = await typeKeys(page, '[data-path="ClusterId"]', KEYS);
  const shownRow = Math.min(25, ROWS - 1);
  const rowTyping = await typeKeys(page, `[data-path="ApplicationConfigs[${shownRow}].ConfigItemValue"]`, Math.min(KEYS, 100));
  return { rows, drawnRows, importMs, typing, rowTyping };
}

const draftBytes = (page, id) =>
  page.evaluate((k) => {
    const t = localStorage.getItem(k);
    return t === null ? null : new TextEncoder().encode(t).length;
  }, `cloudreq.draft.${id}`);

/** Bytes of each seed API's draft after filling its plan by hand. */
async function draftSizes(browser, page) {
  const out = {};
  for (const id of SEED_IDS) {
    await openApi(page, browser.server, id);
    await fillPlan(page, FILL_PLANS[id]);
    await page.waitForTimeout(500); // past the draft's write delay
    out[id] = await draftBytes(page, id);
  }
  return { perApi: out, median: median(Object.values(out)) };
}

/** The R-row draft left by `alibaba()`: its size, restore times, and the two stores. */
async function bigDraft(browser, page) {
  const id = 'alibaba.emr.IncreaseNodes';
  await page.waitForTimeout(500);
  const bytes = await draftBytes(page, id);
  // The app's own measure of each draft write (serialize + setItem) while typing above.
  const writeMs = await page.evaluate(() => performance.getEntriesByName('cr-draft-write', 'measure').map((m) => m.duration));
  const restoreMs = [];
  const renderedMs = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto('about:blank');
    await page.goto(`${browser.server.url}#/${id}`, { waitUntil: 'commit' });
    const r = await page.evaluate(async (rows) => {
      const all = `fieldset[data-path="ApplicationConfigs"][data-rows="${rows}"] li[data-row]`;
      while (!document.querySelector(all)) await new Promise((res) => setTimeout(res, 2));
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      return {
        rendered: performance.now(),
        restore: performance.getEntriesByName('cr-draft-restore', 'measure').at(-1)?.duration ?? NaN,
      };
    }, ROWS);
    restoreMs.push(r.restore);
    renderedMs.push(r.rendered);
  }
  const stores = await page.evaluate(async (key) => {
    const text = localStorage.getItem(key);
    const n = 20;
    const time = async (f) => {
      const xs = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await f();
        xs.push(performance.now() - t0);
      }
      xs.sort((a, b) => a - b);
      return xs[Math.floor(n / 2)];
    };
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('cloudreq-bench', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('drafts');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const idb = (mode, f) =>
      new Promise((res, rej) => {
        const tx = db.transaction('drafts', mode);
        const req = f(tx.objectStore('drafts'));
        tx.oncomplete = () => res(req.result);
        tx.onerror = () => rej(tx.error);
      });
    const result = {
      localStorageWrite: await time(() => localStorage.setItem('cloudreq.bench', text)),
      localStorageRead: await time(() => localStorage.getItem('cloudreq.bench')),
      indexedDbWrite: await time(() => idb('readwrite', (s) => s.put(text, 'k'))),
      indexedDbRead: await time(() => idb('readonly', (s) => s.get('k'))),
    };
    localStorage.removeItem('cloudreq.bench');
    db.close();
    await new Promise((res) => {
      const r = indexedDB.deleteDatabase('cloudreq-bench');
      r.onsuccess = r.onerror = r.onblocked = () => res();
    });
    return result;
  }, `cloudreq.draft.${id}`);
  return { rows: ROWS, bytes, writeMedian: median(writeMs), writes: writeMs.length, restoreMedian: median(restoreMs), renderedMedian: median(renderedMs), restoreMs, renderedMs, stores };
}

async function main() {
  const browser = await startBrowser({ viewport: { width: 1440, height: 900 } });
  const page = browser.firstPage();
  try {
    const report = { date: new Date().toISOString(), chromium: browser.context.browser()?.version() ?? null, runs: RUNS };
    report.sizes = await sizes();
    report.firstScreen = await screenTransfer(browser, page, '', '[data-nav-ready]');
    const [largest] = await largestIds(1);
    report.deepLink = { id: largest, ...(await screenTransfer(browser, page, `#/${largest}`, `article.api-page[data-api="${largest}"] form.api-form`)) };
    report.formReady = await formReady(browser, page);
    report.openInPage = await openInPage(browser, page);
    report.barePage = await barePage(page);
    report.tencent = await tencent(browser, page);
    report.alibaba = await alibaba(browser, page);
    report.bigDraft = await bigDraft(browser, page);
    report.drafts = await draftSizes(browser, page);
    report.problems = browser.problems;

    console.log('\nTransfer sizes (dist/)');
    console.table(Object.fromEntries(report.sizes.map((s) => [s.file, { raw: kib(s.raw), 'gzip -9': kib(s.gzip9), brotli: s.brotli11 === null ? 'n/a' : kib(s.brotli11) }])));
    const screen = (r) => Object.fromEntries([...r.files.map((f) => [f.file, { raw: kib(f.raw), 'gzip -9': kib(f.gzip9) }]), ['total', { raw: kib(r.raw), 'gzip -9': `${kib(r.gzip9)} (${(r.gzip9 / 1000).toFixed(1)} KB)` }]]);
    console.log('First screen (home, navigator drawn, network idle): every file the page asked for');
    console.table(screen(report.firstScreen));
    console.log(`A link straight to the largest operation (${report.deepLink.id}): every file until its form is drawn`);
    console.table(screen(report.deepLink));
    console.log(`Navigation → cr-form-ready (median of ${RUNS} fresh loads)`);
    console.table(Object.fromEntries(Object.entries(report.formReady).map(([id, r]) => [id, { median: ms(r.median), min: ms(Math.min(...r.runs)), max: ms(Math.max(...r.runs)) }])));
    console.log(`Open from the page: link (hash change) → form in the DOM, fetch included (median of ${RUNS})`);
    console.table(Object.fromEntries(Object.entries(report.openInPage).map(([id, r]) => [id, { median: ms(r.median), min: ms(Math.min(...r.runs)), max: ms(Math.max(...r.runs)) }])));
    const k = (r) => ({
      keystrokes: r.keystrokes,
      measures: r.measures,
      'median (app)': ms(r.median),
      'p95 (app)': ms(r.p95),
      'median keydown→frame': ms(r.frameMedian),
      'p95 keydown→frame': ms(r.frameP95),
      'keys drawn a refresh late': r.lateFrames,
      'median work': ms(r.workMedian),
      'p95 work': ms(r.workP95),
      'p95 keydown→commit': ms(r.commitP95),
    });
    console.log('Keystroke → output: the app (cr-keystroke-to-output), keydown → next frame, and from a trace the main thread\'s work until that frame is committed');
    console.table({
      'Bare page (a textarea copied into a <pre>)': k(report.barePage),
      'Tencent (example 2), ClientToken': k(report.tencent),
      [`Alibaba, ${report.alibaba.rows} rows, ClusterId`]: k(report.alibaba.typing),
      [`Alibaba, ${report.alibaba.rows} rows, row ${Math.min(25, ROWS - 1) + 1} value`]: k(report.alibaba.rowTyping),
    });
    console.log(`Import of ${ROWS} ApplicationConfigs rows until rendered (${report.alibaba.drawnRows} drawn, the first page): ${ms(report.alibaba.importMs)}`);
    console.log('Drafts (bytes of UTF-8 stored per API draft)');
    console.table(report.drafts.perApi);
    const b = report.bigDraft;
    console.log(`Draft bytes: median ${report.drafts.median} over the seed APIs; ${b.rows}-row draft ${b.bytes}`);
    console.log(`Restore of the ${b.rows}-row draft on open: read + parse + fit ${ms(b.restoreMedian)}; navigation → all rows rendered ${ms(b.renderedMedian)} (median of ${RUNS})`);
    console.log(`Writing the ${b.rows}-row draft in the page (serialize + store): median ${ms(b.writeMedian)} over ${b.writes} writes`);
    console.log(`Same text, median of 20: localStorage write ${ms(b.stores.localStorageWrite)}, read ${ms(b.stores.localStorageRead)}; IndexedDB write ${ms(b.stores.indexedDbWrite)}, read ${ms(b.stores.indexedDbRead)}`);
    if (report.problems.length) console.log('Problems seen:', report.problems);

    await mkdir(OUT, { recursive: true });
    const file = path.join(OUT, 'web-perf.json');
    await writeFile(file, JSON.stringify(report, null, 2) + '\n');
    console.log(`\nwritten: ${path.relative(process.cwd(), file)}`);
  } finally {
    await browser.close();
  }
}

await main();
