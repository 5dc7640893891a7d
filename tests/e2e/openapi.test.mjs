// `cloudreq export openapi` in Swagger UI: every exported document (Tencent's `/#Action` keys,
// Alibaba's `/?Action=` keys, Huawei's and OTC's REST paths) is loaded into swagger-ui-dist (npm,
// served from 127.0.0.1 with the documents) in headless Debian Chromium, and every operation of
// each must be rendered, deprecated ones marked, with no error. Nothing leaves 127.0.0.1.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { serveDir } from './serve.mjs';
import { ROOT, cloudreqBin, launchLocalChromium } from './lib.mjs';

const DOCUMENTS = ['tencent.emr.2019-01-03', 'tencent.cvm.2017-03-12', 'alibaba.emr.2021-03-20', 'alibaba.ecs.2014-05-26', 'huawei.ddm.v1', 'huawei.dcs.v2', 'huawei.ecs.v2', 'otc.ddm.v1', 'otc.dcs.v2'];
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

/** A page that renders the document named in its query (`?doc=<key>`), with Swagger UI's own bundle. */
const INDEX = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenAPI export</title>
<link rel="stylesheet" href="swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="swagger-ui-bundle.js"></script>
<script>
  const doc = new URLSearchParams(location.search).get('doc');
  window.ui = SwaggerUIBundle({
    url: 'openapi/' + doc + '.openapi.json',
    dom_id: '#ui',
    validatorUrl: null,
    deepLinking: false,
    displayOperationId: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: -1,
  });
</script></body></html>
`;

function operationsOf(doc) {
  const out = [];
  for (const [key, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (METHODS.has(method)) out.push({ key, method, id: op.operationId, deprecated: op.deprecated === true });
    }
  }
  return out;
}

describe('OpenAPI export in Swagger UI', { timeout: 300_000 }, () => {
  let site;
  let server;
  let userDataDir;
  let context;
  const problems = [];

  before(async () => {
    site = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-e2e-openapi-'));
    const dist = path.join(ROOT, 'node_modules', 'swagger-ui-dist');
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) copyFileSync(path.join(dist, file), path.join(site, file));
    writeFileSync(path.join(site, 'index.html'), INDEX);
    mkdirSync(path.join(site, 'openapi'));
    execFileSync(cloudreqBin(), ['export', 'openapi', '--out', path.join(site, 'openapi')], { cwd: ROOT, stdio: 'pipe' });
    server = await serveDir(site);
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-e2e-chromium-'));
    context = await launchLocalChromium(userDataDir, server.port, problems);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    if (site) await rm(site, { recursive: true, force: true });
  });

  for (const key of DOCUMENTS) {
    test(`${key}: every operation is rendered`, async () => {
      const doc = JSON.parse(readFileSync(path.join(site, 'openapi', `${key}.openapi.json`), 'utf8'));
      const expected = operationsOf(doc);
      assert.ok(expected.length > 50, `${key} has ${expected.length} operations`);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
      });
      await page.goto(`${server.url}?doc=${encodeURIComponent(key)}`);
      await page.waitForSelector('.info .title', { timeout: 60_000 });
      await page.waitForSelector('.opblock', { timeout: 60_000 });
      assert.equal(await page.locator('.info .title').innerText().then((t) => t.includes(doc.info.title)), true);
      // Swagger UI mounts only the operations near the viewport of a long list: scroll down
      // the page and keep every operation seen.
      const seen = new Map();
      let settled = 0;
      for (let step = 0; step < 3000 && settled < 5; step += 1) {
        const { blocks, atEnd } = await page.evaluate(() => ({
          blocks: [...document.querySelectorAll('.opblock')].map((b) => ({
            method: b.querySelector('.opblock-summary-method')?.textContent.trim().toLowerCase(),
            // Deprecated operations have their own path class; both carry data-path.
            key: b.querySelector('[data-path]')?.getAttribute('data-path'),
            id: b.querySelector('.opblock-summary-operation-id')?.textContent.trim(),
            deprecated: b.classList.contains('opblock-deprecated'),
          })),
          atEnd: window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
        }));
        for (const b of blocks) seen.set(`${b.method} ${b.key} ${b.id}`, b);
        if (atEnd && seen.size >= expected.length) break;
        // At the bottom with operations missing: a few more looks, then the assertion says which.
        if (atEnd) settled += 1;
        await page.mouse.wheel(0, 600);
        await page.waitForTimeout(atEnd ? 500 : 50);
      }
      const rendered = [...seen.values()];
      const sortBy = (list) => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      assert.equal(rendered.length, expected.length);
      assert.deepEqual(sortBy(rendered), sortBy(expected));
      // Opening one operation shows its parameters (or body) without a render error.
      await page.evaluate(() => window.scrollTo(0, 0));
      const first = page.locator('.opblock').first();
      await first.locator('.opblock-summary-control').click();
      await first.locator('.opblock-body').waitFor({ timeout: 30_000 });
      assert.equal(await page.locator('.errors-wrapper').count(), 0, 'Swagger UI reports errors in the document');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('nothing but 127.0.0.1 was asked for', () => {
    assert.deepEqual(problems, []);
  });
});
