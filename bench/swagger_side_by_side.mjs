#!/usr/bin/env node
// cloudreq against Swagger UI 5 (swagger-ui-dist from npm) showing the OpenAPI documents that
// `cloudreq export openapi` writes for the same services, in the same headless Chromium run,
// both served from 127.0.0.1. Not a test: prints a table and writes
// test-output/swagger-side-by-side.json. Needs the release build in dist/ and target/debug/cloudreq
// (or CLOUDREQ_BIN).
//
//   node bench/swagger_side_by_side.mjs [--runs N]
//
// Per service and tool, median of N fresh profiles (default 5):
// - first-load transfer: every response the page received until the first operation's form was
//   usable, each body gzip -9 (what a gzip-serving host would send);
// - navigation → the first operation's form usable. Both open it from a link: cloudreq's
//   `#/<id>` (the form with its inputs in the DOM); Swagger UI's deep link `#/<tag>/<operationId>`
//   (the document loaded and rendered, the row expanded, "Try it out" pressed as soon as it
//   appears — an instant user — and its inputs or body editor in the DOM);
// - JS heap after load (CDP Runtime.getHeapUsage after a forced GC), and for cloudreq its wasm
//   linear memory beside it;
// - opening one more operation of the same service the same way (cloudreq: a link, i.e. a hash
//   change; Swagger UI: expand + Try it out).

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { DIST, OUT, ROOT, cloudreqBin, launchLocalChromium } from '../tests/e2e/lib.mjs';
import { serveDir } from '../tests/e2e/serve.mjs';

const args = process.argv.slice(2);
const RUNS = (() => {
  const i = args.indexOf('--runs');
  return i >= 0 ? Number(args[i + 1]) : 5;
})();

/** Service document, the operation opened first, and the one opened next. */
const CASES = [
  { doc: 'tencent.emr.2019-01-03', first: 'tencent.emr.ScaleOutInstance', next: 'tencent.emr.DescribeInstances' },
  { doc: 'alibaba.ecs.2014-05-26', first: 'alibaba.ecs.RunInstances', next: 'alibaba.ecs.DescribeInstances' },
  { doc: 'huawei.ddm.v1', first: 'huawei.ddm.CreateInstance', next: 'huawei.ddm.ExpandInstanceNodes' },
];

const SWAGGER_INDEX = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Swagger UI</title>
<link rel="stylesheet" href="/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/swagger-ui-bundle.js"></script>
<script>
  const doc = new URLSearchParams(location.search).get('doc');
  window.ui = SwaggerUIBundle({ url: '/openapi/' + doc + '.openapi.json', dom_id: '#ui', validatorUrl: null,
    deepLinking: true, displayOperationId: true, docExpansion: 'list', defaultModelsExpandDepth: -1 });
</script></body></html>
`;

/** Installed in every page before its scripts: watchers that record when a form is usable. */
const WATCHERS = () => {
  window.__t = {};
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__wasm = e.detail?.wasm;
  });
  // cloudreq: the operation's form, with at least one control when the operation has fields.
  window.__cloudreqReady = (id) =>
    new Promise((resolve) => {
      const ready = () => {
        const form = document.querySelector(`article.api-page[data-api="${id}"] form.api-form`);
        return form && (form.querySelector('input, select, textarea') || !form.childElementCount);
      };
      if (ready()) return resolve(performance.now());
      const obs = new MutationObserver(() => {
        if (ready()) {
          obs.disconnect();
          resolve(performance.now());
        }
      });
      obs.observe(document.documentElement, { childList: true, subtree: true });
    });
  // Swagger UI: expand the operation's row, press "Try it out", wait for its inputs.
  window.__swaggerReady = (id) =>
    new Promise((resolve) => {
      const clicked = new Set();
      const block = () =>
        [...document.querySelectorAll('.opblock')].find((b) => b.querySelector('.opblock-summary-operation-id')?.textContent.trim() === id);
      const step = () => {
        const b = block();
        if (!b) {
          // Rows far below the visible part may not be drawn yet: scroll on, as a user would.
          // (From the bottom it starts again at the top.)
          if (document.querySelector('.opblock')) {
            const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
            window.scrollTo(0, atEnd ? 0 : window.scrollY + window.innerHeight);
          }
          return false;
        }
        // Each button is pressed once (a second press while React updates would undo it).
        if (!b.classList.contains('is-open')) {
          if (!clicked.has('open')) (b.querySelector('button.opblock-summary-control') ?? b.querySelector('.opblock-summary'))?.click();
          clicked.add('open');
          return false;
        }
        const tryOut = b.querySelector('button.try-out__btn:not(.cancel)');
        if (tryOut) {
          if (!clicked.has('try')) tryOut.click();
          clicked.add('try');
          return false;
        }
        return Boolean(b.querySelector('.parameters input, .parameters select, textarea.body-param__text, .execute'));
      };
      if (step()) return resolve(performance.now());
      const finish = () => {
        obs.disconnect();
        clearInterval(timer);
        resolve(performance.now());
      };
      const obs = new MutationObserver(() => step() && finish());
      const timer = setInterval(() => step() && finish(), 50);
      obs.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
    });
};

/** A promise that fails after 120 s, naming what it waited for. */
function withTimeout(promise, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 120_000);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(tool, site, c) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-bench-chromium-'));
  const problems = [];
  const context = await launchLocalChromium(userDataDir, site.port, problems);
  try {
    await context.addInitScript(WATCHERS);
    const page = context.pages()[0];
    const bodies = [];
    page.on('response', async (res) => {
      try {
        bodies.push({ url: res.url(), gzip: gzipSync(await res.body(), { level: 9 }).length });
      } catch {
        /* a response without a body */
      }
    });
    // Both open the operation from a link: cloudreq's `#/<id>`, Swagger UI's deep link
    // `#/<tag>/<operationId>` (the tag is the service).
    const tag = c.first.split('.').slice(0, 2).join('.');
    const url = tool === 'cloudreq' ? `${site.url}#/${c.first}` : `${site.url}index.html?doc=${c.doc}#/${tag}/${c.first}`;
    await page.goto(url, { waitUntil: 'commit' });
    const readyFn = tool === 'cloudreq' ? '__cloudreqReady' : '__swaggerReady';
    const usable = await withTimeout(page.evaluate(([fn, id]) => window[fn](id), [readyFn, c.first]), `${tool} ${c.first}`);
    await page.waitForTimeout(300); // responses of the form's own fetches settle
    const transfer = bodies.reduce((a, b) => a + b.gzip, 0);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasmMemory = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? null);
    let next;
    if (tool === 'cloudreq') {
      next = page.evaluate(async (id) => {
        const t0 = performance.now();
        const done = window.__cloudreqReady(id);
        location.hash = `#/${id}`;
        return (await done) - t0;
      }, c.next);
    } else {
      next = page.evaluate(async (id) => {
        const t0 = performance.now();
        return (await window.__swaggerReady(id)) - t0;
      }, c.next);
    }
    next = await withTimeout(next, `${tool} ${c.next}`);
    console.error(`  ${tool} ${c.doc}: usable ${usable.toFixed(0)} ms, next ${next.toFixed(0)} ms, ${bodies.length} responses`);
    if (problems.length) throw new Error(`${tool} ${c.doc}: ${problems.join('; ')}`);
    return { usable, transfer, heap: usedSize, wasmMemory, next, requests: bodies.length };
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

async function main() {
  const swaggerSite = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-bench-swagger-'));
  const swaggerDist = path.join(ROOT, 'node_modules', 'swagger-ui-dist');
  for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css']) copyFileSync(path.join(swaggerDist, f), path.join(swaggerSite, f));
  writeFileSync(path.join(swaggerSite, 'index.html'), SWAGGER_INDEX);
  mkdirSync(path.join(swaggerSite, 'openapi'));
  execFileSync(cloudreqBin(), ['export', 'openapi', '--out', path.join(swaggerSite, 'openapi')], { cwd: ROOT, stdio: 'pipe' });
  const sites = { cloudreq: await serveDir(DIST), swagger: await serveDir(swaggerSite) };
  const report = { date: new Date().toISOString(), runs: RUNS, cases: [] };
  try {
    for (const c of CASES) {
      const row = { ...c };
      for (const tool of ['cloudreq', 'swagger']) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await measure(tool, sites[tool], c));
        const pick = (k) => median(runs.map((r) => r[k]));
        row[tool] = { transfer: pick('transfer'), usable: pick('usable'), heap: pick('heap'), next: pick('next'), requests: pick('requests'), wasmMemory: runs[0].wasmMemory, runs };
      }
      report.cases.push(row);
    }
  } finally {
    await sites.cloudreq.close();
    await sites.swagger.close();
    await rm(swaggerSite, { recursive: true, force: true });
  }
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  const ms = (n) => `${n.toFixed(1)} ms`;
  const mb = (n) => (n === null ? 'n/a' : `${(n / 1e6).toFixed(1)} MB`);
  const table = {};
  for (const r of report.cases) {
    const a = r.cloudreq;
    const b = r.swagger;
    table[`${r.doc}: first-load transfer (gzip)`] = { cloudreq: kb(a.transfer), 'Swagger UI': kb(b.transfer), ratio: (a.transfer / b.transfer).toFixed(2) };
    table[`${r.doc}: navigation → form usable`] = { cloudreq: ms(a.usable), 'Swagger UI': ms(b.usable), ratio: (a.usable / b.usable).toFixed(2) };
    table[`${r.doc}: JS heap after load`] = { cloudreq: `${mb(a.heap)} (+ wasm ${mb(a.wasmMemory)})`, 'Swagger UI': mb(b.heap), ratio: (a.heap / b.heap).toFixed(2) };
    table[`${r.doc}: open one more operation`] = { cloudreq: ms(a.next), 'Swagger UI': ms(b.next), ratio: (a.next / b.next).toFixed(2) };
  }
  console.log(`cloudreq vs Swagger UI ${swaggerVersion()} (median of ${RUNS} fresh profiles each)`);
  console.table(table);
  await mkdir(OUT, { recursive: true });
  await writeFile(path.join(OUT, 'swagger-side-by-side.json'), JSON.stringify(report, null, 2));
  console.log('written: test-output/swagger-side-by-side.json');
}

function swaggerVersion() {
  try {
    return JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("swagger-ui-dist/package.json").version)'], { cwd: ROOT, encoding: 'utf8' }));
  } catch {
    return '5';
  }
}

await main();
