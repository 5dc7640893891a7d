// History of sent requests, end to end: the page served by `cloudreq serve` sends signed
// requests to the stand-in cloud (tests/e2e/standin.mjs); every Send adds an entry with time,
// API, region, status, duration, the request without Authorization, signature or token
// headers, and the answer. An entry reopens its values (on another API's page too); "Clear
// history" empties it. Then every store the page could write (localStorage, sessionStorage,
// IndexedDB, the history, an exported saved-requests file) is searched for the credentials.
// Nothing leaves 127.0.0.1.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { CREDS, DIST, ROOT, startServe, startStandIn } from './standin.mjs';
import { clearRestoredDraft, display, formState, launchLocalChromium, leaves, openDetails, secretPaths, type } from './lib.mjs';

const OUT = path.join(ROOT, 'test-output', 'history-e2e');
const H = CREDS.huawei;
const T = CREDS.tencent;
const A = CREDS.alibaba;

// Headers that authenticate a request: never in the history.
const SECRET_HEADERS = ['authorization', 'x-auth-token', 'x-security-token', 'x-tc-token', 'x-acs-security-token'];

const CASES = [
  {
    id: 'huawei.dcs.CancelInstanceResize',
    host: 'dcs.ap-southeast-1.myhuaweicloud.com',
    example: 0,
    creds: { '#cred-huawei-id': H.ak, '#cred-huawei-secret': H.sk, '#cred-huawei-session': H.security_token },
    removed: ['authorization', 'x-security-token'],
  },
  {
    // A password typed into the form (a secret field): the history keeps it masked.
    id: 'huawei.ddm.CreateInstance',
    host: 'ddm.ap-southeast-1.myhuaweicloud.com',
    example: 0,
    type: { 'instance.admin_user_name': 'root_user', 'instance.admin_user_password': 'Hist0ry!Pw#9' },
    creds: { '#cred-huawei-id': H.ak, '#cred-huawei-secret': H.sk },
    removed: ['authorization'],
  },
  {
    id: 'huawei.ddm.ExpandInstanceNodes',
    host: 'ddm.ap-southeast-1.myhuaweicloud.com',
    example: 1,
    creds: { '#cred-huawei-token': H.iam_token },
    removed: ['x-auth-token'],
  },
  {
    id: 'otc.ddm.ExpandInstanceNodes',
    host: 'ddm.eu-de.otc.t-systems.com',
    example: 0,
    creds: { '#cred-otc-token': CREDS.otc.iam_token },
    removed: ['x-auth-token'],
  },
  {
    id: 'tencent.emr.ScaleOutInstance',
    host: 'emr.tencentcloudapi.com',
    example: 1,
    creds: { '#cred-tencent-id': T.secret_id, '#cred-tencent-secret': T.secret_key, '#cred-tencent-session': T.token },
    removed: ['authorization', 'x-tc-token'],
  },
  {
    id: 'alibaba.emr.IncreaseNodes',
    host: 'emr.cn-hangzhou.aliyuncs.com',
    example: 0,
    creds: { '#cred-alibaba-id': A.access_key_id, '#cred-alibaba-secret': A.access_key_secret, '#cred-alibaba-session': A.security_token },
    removed: ['authorization', 'x-acs-security-token'],
  },
];

// Every credential (secrets, tokens, and the key ids, which appear only in signatures).
const NEEDLES = [
  H.ak, H.sk, H.security_token, H.iam_token, CREDS.otc.iam_token, T.secret_id, T.secret_key, T.token,
  A.access_key_id, A.access_key_secret, A.security_token,
];

/** Every store the page can reach, as text: localStorage, sessionStorage and IndexedDB. */
async function everyStore(page) {
  return page.evaluate(async () => {
    const dump = (s) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`).join('\n');
    const idb = [];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open(info.name);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const store of db.objectStoreNames) {
        const all = await new Promise((res, rej) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        idb.push(`${info.name}/${store}=${JSON.stringify(all)}`);
      }
      db.close();
    }
    return { localStorage: dump(localStorage), sessionStorage: dump(sessionStorage), indexedDB: idb.join('\n'), cookie: document.cookie };
  });
}

describe('history of sent requests', { timeout: 300_000 }, () => {
  let standin;
  let serve;
  let context;
  let page;
  let userDataDir;
  const problems = [];
  const sent = []; // {id, status, at}

  before(async () => {
    assert.ok(existsSync(path.join(DIST, 'index.html')), 'dist/index.html is missing: run `trunk build --release --offline` first');
    await mkdir(OUT, { recursive: true });
    const hosts = [...new Set(CASES.map((c) => c.host))];
    standin = await startStandIn({ hosts });
    serve = await startServe(standin, hosts);
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-history-chromium-'));
    context = await launchLocalChromium(userDataDir, serve.port, problems);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error: ${msg.text()}`));
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  });

  after(async () => {
    await context?.close().catch(() => {});
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await serve?.close();
    await standin?.close();
  });

  async function open(id) {
    if (page.url() !== 'about:blank') await page.goto('about:blank');
    await page.goto(`${serve.url}#/${id}`, { waitUntil: 'load' });
    await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`, { timeout: 30_000 });
    await clearRestoredDraft(page);
  }

  const storedHistory = () => page.evaluate(() => JSON.parse(localStorage.getItem('cloudreq.history') ?? '[]'));

  for (const c of CASES) {
    test(`${c.id}: Send adds an entry without ${c.removed.join(', ')}`, async () => {
      await open(c.id);
      await page.selectOption('select#example', String(c.example));
      for (const [p, v] of Object.entries(c.type ?? {})) await type(page, p, v);
      await openDetails(page, 'details.credentials');
      for (const [sel, value] of Object.entries(c.creds)) await page.fill(sel, value);
      const before = (await storedHistory()).length;
      const t0 = Date.now();
      await page.waitForSelector('[data-send]:not([disabled])');
      await page.click('[data-send]');
      await page.waitForSelector('[data-answer-status]', { timeout: 30_000 });
      const status = Number(await page.getAttribute('[data-answer-status]', 'data-answer-status'));
      const t1 = Date.now();
      sent.push({ id: c.id, status });

      const list = await storedHistory();
      assert.equal(list.length, before + 1, 'one entry per Send');
      const e = list[0];
      assert.equal(e.id, c.id);
      assert.equal(e.region, await page.inputValue('#region'));
      assert.equal(e.answer.status, status, 'the status the page showed');
      assert.ok(e.at_ms >= t0 - 1000 && e.at_ms <= t1 + 1000, `time ${e.at_ms}`);
      assert.ok(e.duration_ms > 0 && e.duration_ms < t1 - t0 + 1000, `duration ${e.duration_ms}`);
      assert.ok(e.request.url.startsWith(`https://${c.host}/`), e.request.url);
      const headerNames = e.request.headers.map(([k]) => k.toLowerCase());
      for (const h of SECRET_HEADERS) assert.ok(!headerNames.includes(h), `${h} recorded`);
      assert.ok(headerNames.length > 0, 'the other headers are kept');
      assert.ok(e.answer.body.length > 0, 'the answer is kept');
      const state = await formState(page);
      for (const [p, v] of leaves(e.values)) assert.equal(state[p], display(v), `values: ${p}`);
      // Secret fields (passwords, secret keys) are neither in the values nor in the request.
      for (const p of await secretPaths(c.id)) {
        const typed = c.type?.[p];
        assert.equal(p.split('.').reduce((o, k) => o?.[k], e.values), undefined, `${p} kept in the values`);
        if (typed) {
          const stores = JSON.stringify(await everyStore(page));
          assert.ok(!stores.includes(typed), `${p}: the typed secret is in a store`);
          assert.ok(e.request.body.includes('<secret, not kept>'), `${p}: masked in the recorded body`);
        }
      }

      // The panel shows it, and the request it shows has no such header either.
      await openDetails(page, 'details.history');
      assert.equal(await page.locator('.history-list li').count(), before + 1);
      const first = page.locator('.history-list li').first();
      assert.equal(await first.getAttribute('data-history-id'), c.id);
      assert.equal((await first.locator('[data-history-status]').textContent()).trim(), `HTTP ${status}`);
      await first.locator('[data-history-show]').click();
      const shown = await page.textContent('[data-history-request]');
      for (const h of SECRET_HEADERS) assert.doesNotMatch(shown, new RegExp(`^${h}:`, 'im'), `${h} shown`);
      assert.match(await page.textContent('[data-history-answer]'), new RegExp(`^HTTP ${status}\\n`));
    });
  }

  test('an entry reopens its values, on the page of another API too', async () => {
    await open('huawei.ddm.CreateInstance');
    const list = await storedHistory();
    const i = list.findIndex((e) => e.id === 'tencent.emr.ScaleOutInstance');
    assert.ok(i >= 0);
    await openDetails(page, 'details.history');
    await page.click(`.history-list li[data-history="${i}"] [data-history-open]`);
    await page.waitForSelector('article.api-page[data-api="tencent.emr.ScaleOutInstance"] [data-restored-from]');
    assert.match(await page.getAttribute('[data-restored-from]', 'data-restored-from'), /^the history entry of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    assert.equal(await page.inputValue('#region'), list[i].region);
    const state = await formState(page);
    const expected = leaves(list[i].values);
    assert.ok(expected.length >= 3);
    for (const [p, v] of expected) assert.equal(state[p], display(v), `input ${p}`);
  });

  test('no credential in any store, the history or an exported saved-requests file', async () => {
    // Credentials in memory: save the current values and export them.
    await open('tencent.emr.ScaleOutInstance');
    await page.selectOption('select#example', '1');
    await openDetails(page, 'details.credentials');
    for (const [sel, value] of Object.entries(CASES.find((c) => c.id === 'tencent.emr.ScaleOutInstance').creds)) await page.fill(sel, value);
    await openDetails(page, 'details.saved');
    await page.fill('#save-name', 'with credentials in memory');
    await page.click('[data-save]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-saved-export]')]);
    const file = path.join(OUT, 'export.json');
    await download.saveAs(file);
    const exported = await readFile(file, 'utf8');
    assert.match(exported, /with credentials in memory/);

    const stores = await everyStore(page);
    assert.match(stores.localStorage, /cloudreq\.history=/, 'the history is there to search');
    const places = { ...stores, exported, historyPanel: await page.textContent('details.history') };
    const leaks = Object.entries(places).flatMap(([where, text]) => NEEDLES.filter((n) => text.includes(n)).map((n) => `${where}: ${n}`));
    assert.deepEqual(leaks, []);
    // No signature either (their algorithm names appear only in Authorization headers).
    assert.doesNotMatch(stores.localStorage, /HMAC-SHA256|Signature=|Credential=/);
  });

  test('Clear history empties it', async () => {
    await openDetails(page, 'details.history');
    await page.click('[data-clear-history]');
    assert.equal(await page.locator('.history-list li').count(), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem('cloudreq.history')), null);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('form.api-form');
    await openDetails(page, 'details.history');
    assert.equal(await page.locator('.history-list li').count(), 0);
  });

  test('no console errors, page errors or requests beyond 127.0.0.1', () => {
    assert.deepEqual(problems, []);
    assert.equal(sent.length, CASES.length);
  });
});
