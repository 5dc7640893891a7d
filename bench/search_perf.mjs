#!/usr/bin/env node
// Navigator search over a synthetic catalog of N operations (default 50,000: 1,000 services,
// a 20,000-name vocabulary, 12–31 wire names per operation), on the release build in dist/.
// The page's own index files are replaced by the synthetic ones through request interception;
// nothing else changes. Not a test: prints a table and writes test-output/search-perf.json.
//
//   node bench/search_perf.mjs [--ops N] [--keys N]
//
// Measures, per keystroke in the search box: the app's `cr-search-done` measure (query →
// matches) and keydown → next animation frame (what the user waits for: matches, count and
// the drawn results); and, in a second pass of the same keys with a Chrome timeline recorded,
// the main thread's work per key until the frame showing it is committed (bench/timeline.mjs).
// The first keystroke fetches and prepares the search index; it is reported apart.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { OUT, startBrowser } from '../tests/e2e/lib.mjs';
import { keystrokeWork, traced } from './timeline.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const OPS = opt('ops', 50_000);
const KEYS = opt('keys', 60);
const PER_SERVICE = 50;

function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

/** A deterministic pseudo-random sequence (no Math.random: the same catalog every run). */
function rng(seed) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function synthetic() {
  const rand = rng(42);
  const syll = ['in', 'stan', 'ce', 'node', 'clus', 'ter', 'vol', 'ume', 'zone', 'pay', 'mode', 'net', 'work', 'port', 'size', 'disk', 'tag', 'key', 'val', 'id'];
  const word = () => {
    let w = '';
    const n = 2 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) w += syll[Math.floor(rand() * syll.length)];
    return w[0].toUpperCase() + w.slice(1);
  };
  const words = [...new Set(Array.from({ length: 20_000 }, word))].sort();
  const clouds = ['huawei', 'tencent', 'alibaba'];
  const services = [];
  const ops = [];
  const verbs = ['Describe', 'Create', 'Delete', 'Modify', 'List', 'Scale', 'Restart', 'Attach'];
  for (let s = 0; ops.length < OPS; s++) {
    const cloud = clouds[s % clouds.length];
    services.push({ cloud, service: `svc${s}`, version: 'v1', count: PER_SERVICE, default_region: 'region-1', common_errors: 0 });
    for (let j = 0; j < PER_SERVICE && ops.length < OPS; j++) {
      const action = `${verbs[j % verbs.length]}${word()}${j}`;
      const w = Array.from({ length: 12 + Math.floor(rand() * 20) }, () => Math.floor(rand() * words.length));
      ops.push({ id: `${cloud}.svc${s}.${action}`, title: `${verbs[j % verbs.length]} a ${word().toLowerCase()} of service ${s}`, s: services.length - 1, w });
    }
  }
  return {
    index: JSON.stringify({ format: 3, total: ops.length, clouds: clouds.map((cloud) => ({ cloud, name: cloud })), services }),
    search: JSON.stringify({ words, ops }),
  };
}

const { index, search } = synthetic();
const browser = await startBrowser();
const page = browser.firstPage();
await page.route('**/catalog/index.json', (r) => r.fulfill({ contentType: 'application/json', body: index }));
await page.route('**/catalog/search.json', (r) => r.fulfill({ contentType: 'application/json', body: search }));
await page.goto(browser.server.url, { waitUntil: 'load' });
await page.waitForSelector('[data-nav-ready]', { timeout: 60_000 });
await page.evaluate(() => {
  window.__frames = [];
  document.addEventListener(
    'keydown',
    (ev) => {
      const t0 = ev.timeStamp;
      requestAnimationFrame(() => setTimeout(() => window.__frames.push(performance.now() - t0), 0));
    },
    true,
  );
});
await page.click('#api-search');

// The first keystroke: the index is fetched and prepared, then the first search runs.
const t0 = Date.now();
await page.keyboard.press('i');
await page.waitForFunction(() => !document.querySelector('.nav-search .loading, [role="status"].loading'), null, { timeout: 120_000 });
await page.waitForFunction(() => performance.getEntriesByName('cr-search-done', 'measure').length > 0, null, { timeout: 120_000 });
const firstMs = Date.now() - t0;
await page.evaluate(() => {
  performance.clearMeasures('cr-search-done');
  window.__frames = [];
});

// Then typing and erasing, as a user refines and corrects: every keystroke searches.
const queries = ['nstance', '\b\b\b\b', 'clus', '\b\b\b\b\b', 'zone pay', '\b\b\b\b\b\b\b\b', 'describe disk'];
async function typeQueries() {
  let n = 0;
  for (const q of queries) {
    for (const c of q) {
      if (n >= KEYS) break;
      await page.keyboard.press(c === '\b' ? 'Backspace' : c === ' ' ? 'Space' : c);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      n++;
    }
  }
  return n;
}
// Twice, from the same first letter: once with a timeline recorded (the main thread's work per
// key), once without it (the app's measures and keydown → frame, free of the timeline's cost).
const work = keystrokeWork(await traced(page, typeQueries));
await page.fill('#api-search', 'i');
await page.waitForTimeout(200);
await page.evaluate(() => {
  performance.clearMeasures('cr-search-done');
  window.__frames = [];
});
const keys = await typeQueries();
await page.waitForTimeout(200);
const { measures, frames, shown } = await page.evaluate(() => ({
  measures: performance.getEntriesByName('cr-search-done', 'measure').map((m) => m.duration),
  frames: window.__frames,
  shown: document.querySelector('#api-search')?.closest('section')?.textContent.match(/\d[\d,]* operations? of [\d,]+ match/)?.[0] ?? null,
}));
await browser.close();

const report = {
  operations: OPS,
  searchIndex: { bytes: Buffer.byteLength(search), gzip9: gzipSync(search, { level: 9 }).length },
  indexJson: { bytes: Buffer.byteLength(index), gzip9: gzipSync(index, { level: 9 }).length },
  firstKeystrokeMs: firstMs,
  keystrokes: keys,
  search: { n: measures.length, median: quantile(measures, 0.5), p95: quantile(measures, 0.95), max: Math.max(...measures) },
  frame: { n: frames.length, median: quantile(frames, 0.5), p95: quantile(frames, 0.95), max: Math.max(...frames) },
  work: { n: work.busy.length, median: quantile(work.busy, 0.5), p95: quantile(work.busy, 0.95), max: Math.max(...work.busy) },
  lastCountShown: shown,
};
await mkdir(OUT, { recursive: true });
await writeFile(path.join(OUT, 'search-perf.json'), JSON.stringify(report, null, 2));
const f = (x) => `${x.toFixed(2)} ms`;
console.log(`Synthetic catalog: ${OPS} operations; search.json ${report.searchIndex.bytes} B (${report.searchIndex.gzip9} B gzip), index.json ${report.indexJson.bytes} B (${report.indexJson.gzip9} B gzip)`);
console.log(`First keystroke (fetch + prepare the index + search): ${firstMs} ms`);
console.log(`Search, query → matches (cr-search-done, ${measures.length} keystrokes): median ${f(report.search.median)}, p95 ${f(report.search.p95)}, max ${f(report.search.max)}`);
console.log(`Keydown → next frame (${frames.length}): median ${f(report.frame.median)}, p95 ${f(report.frame.p95)}, max ${f(report.frame.max)}`);
console.log(`Main thread per keystroke until its frame is committed (timeline, ${work.busy.length}): median ${f(report.work.median)}, p95 ${f(report.work.p95)}, max ${f(report.work.max)}`);
console.log(`Last count shown: ${shown}`);
