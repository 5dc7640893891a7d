// The generated operations (imported from the official SDKs), through the sample SAMPLE_IDS
// (see lib.mjs: per service the first, the last and the largest form; a form-body parameter, a
// JSON-encoded field, a deprecated, a Chinese-described and a parameterless operation). Each
// opens from its link without console errors or failed requests and shows its title and every
// top-level field of its operation file as a labelled control; its request after "Load example"
// (or, without examples, after typing the CLI's sample values) is what `cloudreq build` prints
// for the same values. Then a few are sent from the page through `cloudreq serve` to the
// stand-in cloud, which verifies the signature and answers 2xx. Every operation is signed,
// validated and answered in the native and Python tests; this is the page's side of it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { CREDS, startServe, startStandIn } from './standin.mjs';
import {
  SAMPLE,
  apiUrl,
  assertNoProblems,
  clearRestoredDraft,
  cliBuild,
  counts,
  display,
  exampleValues,
  fillValues,
  formState,
  inPageWords,
  launchLocalChromium,
  leaves,
  loadExample,
  numberedValuesFile,
  opFile,
  openApi,
  outputOf,
  runCli,
  sampleValues,
  startBrowser,
  valuesFile,
} from './lib.mjs';

const FORMATS = ['json', 'curl', 'http'];
const TABS = ['curl', 'curl-pwsh', 'curl-cmd', 'json', 'http', 'signature'];

/** `cloudreq show <id> --json`. */
async function show(id) {
  const r = await runCli(['show', id, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/**
 * The values the page is filled with, and how: the first documented example through "Load
 * example" when there is one (its values read from its URL and body, independently of the
 * page), else the CLI's sample values typed field by field.
 */
async function valuesFor(id) {
  const op = opFile(id);
  if (op.examples.length) {
    const { values, region } = exampleValues(await show(id), op.examples[0]);
    return { how: 'example', values, region, file: await valuesFile(`imported-example-${id}`, values) };
  }
  const v = await sampleValues(id);
  // The operations sampled for their JSON-encoded field or form body get every top-level
  // JSON-encoded field too (the sample fills required fields only), so the page encodes one.
  if (SAMPLE.find((s) => s.id === id).why.some((w) => /JSON-encoded|form-body/.test(w))) {
    const encoded = op.fields.filter((f) => f.encode === 'json' && !(f.name in v.values));
    for (const f of encoded) v.values[f.name] = demoValue(f);
    if (encoded.length) v.file = await numberedValuesFile(`imported-encoded-${id}`, op.fields, v.values);
  }
  return { how: 'sample', ...v };
}

/** A value for a field made up for the test: two rows per list, text that needs escaping. */
function demoValue(f, n = 1) {
  switch (f.type) {
    case 'object':
      return Object.fromEntries(f.fields.filter((m) => m.type !== 'object').map((m) => [m.name, demoValue(m)]));
    case 'array':
      return [demoValue(f.items, 1), demoValue(f.items, 2)];
    case 'enum':
      return f.values[0].value;
    case 'boolean':
      return true;
    case 'string_bool':
      return 'true';
    case 'integer':
    case 'number':
      return f.default ?? f.example ?? f.min ?? 1;
    case 'json_string':
      return '{"e2e": [1, "ü"]}';
    default:
      return `e2e ${f.name === 'item' ? 'item' : f.name} ${n} "ü" & =`;
  }
}

/** Fills the open page with `v` (from `valuesFor`). */
async function fill(page, id, v) {
  if (v.how === 'example') {
    await loadExample(page, 0);
  } else {
    const region = page.locator('#region');
    if ((await region.inputValue()) !== v.region) {
      if ((await region.evaluate((e) => e.tagName)) === 'SELECT') await region.selectOption(v.region);
      else await region.fill(v.region);
    }
    await fillValues(page, opFile(id).fields, v.values);
  }
}

describe('generated operations: the sample opens, renders every field and builds as the CLI does', { timeout: 300_000 }, () => {
  let browser;
  let page;

  before(async () => {
    browser = await startBrowser();
    page = browser.firstPage();
  });
  after(() => browser?.close());

  for (const { id, why } of SAMPLE) {
    const how = opFile(id).examples.length ? 'its first documented example loaded' : "the CLI's sample values typed";
    test(`${id} (${why.join('; ')}): opens from its link, every field labelled; ${how}, the ${FORMATS.join(', ')} tabs equal cloudreq build`, async () => {
      const op = opFile(id);
      const before = browser.problems.length;
      await page.goto('about:blank');
      await page.goto(apiUrl(browser.server, id), { waitUntil: 'load' });
      // (Attached: the form of an operation without parameters is empty, so not "visible".)
      await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`, { state: 'attached', timeout: 30_000 });
      await clearRestoredDraft(page);
      assert.equal(await page.locator('.fatal, main [role="alert"]').count(), 0, 'no alert');
      assert.equal((await page.textContent('article.api-page h2')).trim(), op.title, 'the title');
      assert.equal(await page.locator('header.api-head .meta code').first().textContent(), id);

      // Every top-level field, in the file's order, is a labelled control (a group for lists
      // and objects), visible unless a rule hides it.
      const top = await page.$$eval('form.api-form > .field', (els) => els.map((e) => e.dataset.field));
      assert.deepEqual(top, op.fields.map((f) => f.name), 'the form has exactly the top-level fields of the operation file');
      for (const f of op.fields) {
        const where = `${id}: ${f.name}`;
        if (f.type === 'object' || f.type === 'array') {
          const group = page.locator(`form.api-form > .field > fieldset[data-path="${f.name}"]`);
          assert.equal(await group.count(), 1, `${where}: a group`);
          assert.equal(await group.locator(':scope > legend code.wire').textContent(), f.name, `${where}: its legend names it`);
          if (f.type === 'array') assert.equal(await page.locator(`[data-add="${f.name}"]`).count(), 1, `${where}: an Add button`);
        } else {
          const el = page.locator(`[data-path="${f.name}"]:is(input, select, textarea)`);
          assert.equal(await el.count(), 1, `${where}: one control`);
          const domId = await el.getAttribute('id');
          assert.ok(domId, `${where}: the control has an id`);
          const label = page.locator(`label[for="${domId}"]`);
          assert.equal(await label.count(), 1, `${where}: one label for it`);
          assert.equal(await label.locator('code.wire').textContent(), f.name, `${where}: the label names it`);
          const hidden = await page.$eval(`form.api-form > .field[data-field="${f.name}"]`, (e) => e.classList.contains('hidden'));
          if (!hidden) assert.ok(await el.isVisible(), `${where}: visible`);
          if (f.type === 'enum') {
            const options = await el.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
            assert.deepEqual(options, f.values.map((v) => display(v.value)), `${where}: the enum's values`);
          }
        }
      }
      if (!op.fields.length) assert.equal(await page.locator('form.api-form [data-path]').count(), 0, 'no inputs');

      // The request: the first example loaded, or the CLI's sample values typed.
      const v = await valuesFor(id);
      await fill(page, id, v);
      assert.equal(await page.inputValue('#region'), v.region, 'region');
      const state = await formState(page);
      for (const [p, x] of leaves(v.values)) {
        if (typeof x === 'number') assert.equal(Number(state[p]), x, `input ${p}: ${state[p]}`);
        else assert.equal(state[p], display(x), `input ${p}`);
      }
      assert.equal((await counts(page)).errors, 0, 'no errors (the CLI builds these values without --force)');
      for (const format of FORMATS) {
        const cli = await cliBuild(id, v.file, v.region, format);
        assert.equal(await outputOf(page, format), cli.stdout, `${format} tab of ${id}`);
      }
      // A JSON-encoded field travels as one key holding its JSON (form body or query).
      const http = await outputOf(page, 'http');
      for (const f of op.fields.filter((f) => f.encode === 'json' && f.name in v.values)) {
        assert.match(http, new RegExp(`[?&\\n]${f.name}=%(7B|5B)`), `${f.name} is sent JSON-encoded`);
      }
      // The form is not a stand-in for an empty request: the values reach the output.
      if (Object.keys(v.values).length) {
        const empty = await runCli(['build', id, '--values', await valuesFile('empty', {}), '--region', v.region, '--format', 'http', '--force']);
        assert.notEqual(http, inPageWords(empty.stdout), 'the values changed the request');
      }
      // Every tab of every documented example, without console or page errors.
      for (let i = 0; i < op.examples.length; i++) {
        await loadExample(page, i);
        for (const tab of TABS) assert.ok((await outputOf(page, tab)).length > 0, `example ${i}: ${tab} tab`);
      }
      if (!op.examples.length) for (const tab of TABS) assert.ok((await outputOf(page, tab)).length > 0, `${tab} tab`);
      assertNoProblems(browser.problems.slice(before), id);
    });
  }

  // A `number` field typed as 1 is sent as 1, as `cloudreq build` sends the value 1 (the page
  // sent 1.0 until d1961ff: crates/core/src/form.rs parsed every number as f64).
  const numbered = SAMPLE.map((s) => s.id).find((id) => opFile(id).style !== 'rpc' && opFile(id).fields.some((f) => f.type === 'number' && f.required));
  if (numbered) {
    test(`${numbered}: a number field typed as 1 gives the CLI's request for 1 (not 1.0)`, async () => {
      const { values, region } = await sampleValues(numbered);
      const field = opFile(numbered).fields.find((f) => f.type === 'number' && f.required);
      values[field.name] = 1;
      const file = await valuesFile(`number-${numbered}`, values);
      await openApi(page, browser.server, numbered);
      await fillValues(page, opFile(numbered).fields, values, '', { plainNumbers: true });
      assert.equal(await outputOf(page, 'json'), (await cliBuild(numbered, file, region, 'json')).stdout, `json tab: ${field.name}`);
    });
  }

  // `"deprecated": true` shows as a marker in the header (data-deprecated); others have none.
  test('a deprecated operation says so in its header; the others do not', async () => {
    const deprecated = SAMPLE.filter((s) => opFile(s.id).deprecated).map((s) => s.id);
    assert.ok(deprecated.length > 0, 'the sample has a deprecated operation');
    const current = SAMPLE.find((s) => !opFile(s.id).deprecated).id;
    for (const id of [...deprecated, current]) {
      await openApi(page, browser.server, id);
      assert.equal(await page.locator('header.api-head [data-deprecated]').count(), deprecated.includes(id) ? 1 : 0, `${id}: the marker`);
      const text = await page.$$eval('header.api-head > :not(details)', (els) => els.map((e) => e.textContent).join(' '));
      assert.equal(/deprecated/i.test(text), deprecated.includes(id), `${id}: the header ${deprecated.includes(id) ? 'says' : 'does not say'} "deprecated": ${text}`);
    }
  });

  test('no console errors, page errors or failed requests', () => assertNoProblems(browser.problems));
});

// ---------------------------------------------------------------------------------------------
// Send, through `cloudreq serve`, to the stand-in cloud.

// Per cloud: the credential inputs and the stand-in's name for the signature it checks.
const CLOUDS = {
  tencent: { creds: { '#cred-tencent-id': CREDS.tencent.secret_id, '#cred-tencent-secret': CREDS.tencent.secret_key }, auth: 'tc3' },
  alibaba: { creds: { '#cred-alibaba-id': CREDS.alibaba.access_key_id, '#cred-alibaba-secret': CREDS.alibaba.access_key_secret }, auth: 'acs3' },
  huawei: { creds: { '#cred-huawei-id': CREDS.huawei.ak, '#cred-huawei-secret': CREDS.huawei.sk }, auth: 'aksk' },
  otc: { creds: { '#cred-otc-token': CREDS.otc.iam_token }, auth: 'token' },
};
const cloudOf = (id) => CLOUDS[id.split('.')[0]];

/**
 * The sample operations sent: the first of each cloud, the form-body and the JSON-encoded
 * ones, the deprecated and the parameterless one.
 */
const SENT = SAMPLE.filter(
  (s, i) =>
    SAMPLE.findIndex((t) => t.id.split('.')[0] === s.id.split('.')[0]) === i ||
    s.why.some((w) => /form-body|JSON-encoded field \(|^deprecated \(|no parameters/.test(w)),
).map((s) => s.id);

describe('generated operations: Send through cloudreq serve to the stand-in cloud', { timeout: 300_000 }, () => {
  let standin;
  let serve;
  let context;
  let page;
  let userDataDir;
  const problems = [];
  const plans = {};

  before(async () => {
    assert.ok(SENT.some((id) => id.startsWith('tencent.')) && SENT.some((id) => id.startsWith('alibaba.')), `both clouds: ${SENT}`);
    // What each page will hold, and the host its request goes to (from the CLI).
    const hosts = new Set();
    for (const id of SENT) {
      const v = await valuesFor(id);
      const http = await cliBuild(id, v.file, v.region, 'http');
      v.host = http.stdout.match(/^Host: (.+)$/m)[1].trim();
      v.length = Number(http.stdout.match(/^Content-Length: (\d+)\r?$/m)?.[1] ?? 0);
      hosts.add(v.host);
      plans[id] = v;
    }
    standin = await startStandIn({ hosts: [...hosts] });
    serve = await startServe(standin, [...hosts]);
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-imported-send-'));
    context = await launchLocalChromium(userDataDir, serve.port, problems);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error: ${msg.text()}`));
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  });

  after(async () => {
    await context?.close().catch(() => {});
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await serve?.close();
    await standin?.close();
  });

  for (const id of SENT) {
    test(`${id}: signed in the page, sent, verified by the stand-in, 2xx shown`, async () => {
      const v = plans[id];
      if (page.url() !== 'about:blank') await page.goto('about:blank');
      await page.goto(`${serve.url}#/${id}`, { waitUntil: 'load' });
      await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`, { state: 'attached', timeout: 30_000 });
      await clearRestoredDraft(page);
      await fill(page, id, v);
      assert.equal((await counts(page)).errors, 0, 'no errors');
      await page.click('details.credentials > summary');
      for (const [sel, text] of Object.entries(cloudOf(id).creds)) await page.fill(sel, text);

      const seen = standin.entries().length;
      assert.equal(await page.locator('[data-send]').isDisabled(), false, `Send is enabled: ${await page.textContent('[data-send-blocker]')}`);
      await page.click('[data-send]');
      await page.waitForSelector('[data-answer-status], [data-send-error]', { timeout: 30_000 });
      assert.equal(await page.locator('[data-send-error]').count(), 0, 'the proxy forwarded the request');
      const entries = (await standin.entriesAtLeast(seen + 1)).slice(seen);
      assert.equal(entries.length, 1, `the stand-in saw one request: ${JSON.stringify(entries)}`);
      const [e] = entries;
      assert.equal(e.api, id, 'the stand-in recognised the operation');
      assert.equal(e.host, v.host);
      assert.equal(e.auth, cloudOf(id).auth);
      assert.equal(e.verified, true, `the stand-in verified the signature: ${e.why}`);
      assert.equal(e.body_bytes, v.length, 'the body the CLI builds for the same values');
      if (opFile(id).fields.some((f) => f.in === 'body' && f.name in v.values)) assert.ok(e.body_bytes > 0, 'a form body was sent');
      const status = Number(await page.getAttribute('[data-answer-status]', 'data-answer-status'));
      assert.ok(status >= 200 && status < 300, `HTTP ${status}`);
      assert.equal(status, e.status);
      assert.match(await page.getAttribute('[data-answer-status]', 'class'), /\bok\b/);
      const body = JSON.parse(await page.textContent('[data-answer-body]'));
      if (id.startsWith('tencent.')) {
        assert.equal(body.Response?.Error, undefined, JSON.stringify(body));
        assert.equal(typeof body.Response?.RequestId, 'string');
      } else if (id.startsWith('alibaba.')) {
        assert.equal(typeof body.RequestId, 'string', JSON.stringify(body));
      }
      assert.equal(await page.locator('.explain[data-error-code]').count(), 0, 'no error explanation');
    });
  }

  test('no console errors, page errors or requests beyond 127.0.0.1', () => assert.deepEqual(problems, []));
});
