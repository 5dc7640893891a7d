// "Send" end to end: the page served by `cloudreq serve` (dist/), which forwards to a stand-in
// cloud on 127.0.0.1 (tests/standin/standin.py) through `--upstream-override` + `--extra-ca`.
// The stand-in checks every signature with the official SDKs' signing code and answers with
// each API's documented success or error shapes. For each of the seven APIs: load a documented
// example, enter test credentials, Send, and see the stand-in's verdict and the page's answer.
// Then explained errors (one per cloud, plus wrong secrets), the Send blockers, the proxy's
// caller checks (token, Origin, Sec-Fetch-Site) and, last, that its logs hold no secret.
// Nothing leaves 127.0.0.1.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { CREDS, DIST, ROOT, startServe, startStandIn } from './standin.mjs';
import { clearRestoredDraft, launchLocalChromium } from './lib.mjs';

const OUT = path.join(ROOT, 'test-output', 'send-e2e');

// The hosts of the documented examples used below; each is pointed at the stand-in.
const HOSTS = {
  hwDdm: 'ddm.ap-southeast-1.myhuaweicloud.com',
  otcDdm: 'ddm.eu-de.otc.t-systems.com',
  hwDcs: 'dcs.ap-southeast-1.myhuaweicloud.com',
  tencent: 'emr.tencentcloudapi.com',
  alibaba: 'emr.cn-hangzhou.aliyuncs.com',
};

const H = CREDS.huawei;
const T = CREDS.tencent;
const A = CREDS.alibaba;
const HUAWEI_AKSK = { '#cred-huawei-id': H.ak, '#cred-huawei-secret': H.sk };
const HUAWEI_STS = { ...HUAWEI_AKSK, '#cred-huawei-session': H.security_token };
const HUAWEI_IAM = { '#cred-huawei-token': H.iam_token };
const OTC_IAM = { '#cred-otc-token': CREDS.otc.iam_token };
const TENCENT = { '#cred-tencent-id': T.secret_id, '#cred-tencent-secret': T.secret_key };
const TENCENT_TOKEN = { ...TENCENT, '#cred-tencent-session': T.token };
const ALIBABA = { '#cred-alibaba-id': A.access_key_id, '#cred-alibaba-secret': A.access_key_secret };
const ALIBABA_STS = { ...ALIBABA, '#cred-alibaba-session': A.security_token };

// Wrong secrets (the right key ids): the stand-in must refuse these signatures.
const WRONG = {
  huaweiSk: 'sendE2eWRONGHuaweiSecret9999',
  otcToken: 'MIIsendE2eWRONGOtcToken9999',
  tencentKey: 'sendE2eWRONGTencentKey9999',
  alibabaSecret: 'sendE2eWRONGAlibabaSecret9999',
};

// Every secret value that must never appear in the proxy's logs.
const SECRETS = [
  H.sk, H.security_token, H.iam_token, CREDS.otc.iam_token, T.secret_key, T.token, A.access_key_secret,
  A.security_token, ...Object.values(WRONG),
];

const isString = (v) => typeof v === 'string' && v.length > 0;

// One success case per API: a documented example, test credentials, and what the documented
// success body must hold.
const SUCCESS = [
  {
    id: 'huawei.ddm.CreateInstance',
    host: HOSTS.hwDdm,
    example: 0,
    creds: HUAWEI_AKSK,
    auth: 'aksk',
    check(b) {
      assert.deepEqual(Object.keys(b).sort(), ['id', 'job_id', 'order_id']);
      assert.match(b.id, /^[0-9a-f]{32}in09$/);
      assert.equal(b.order_id, null);
      assert.ok(isString(b.job_id));
    },
  },
  {
    id: 'otc.ddm.CreateInstance',
    host: HOSTS.otcDdm,
    example: 0,
    creds: OTC_IAM,
    auth: 'token',
    check(b) {
      assert.match(b.id, /^[0-9a-f]{32}in09$/);
      assert.equal(b.order_id, null);
      assert.ok(isString(b.job_id));
    },
  },
  {
    id: 'huawei.ddm.ExpandInstanceNodes',
    host: HOSTS.hwDdm,
    example: 1,
    creds: HUAWEI_STS,
    auth: 'aksk',
    check(b) {
      assert.equal(b.instanceId, '1f5c9fd6cd984056ba89c8c87cc03278in09');
      assert.ok(isString(b.instanceName));
      assert.ok(isString(b.jobId));
    },
  },
  {
    id: 'otc.ddm.ExpandInstanceNodes',
    host: HOSTS.otcDdm,
    example: 0,
    creds: OTC_IAM,
    auth: 'token',
    check(b) {
      assert.equal(b.instanceId, '1f5c9fd6cd984056ba89c8c87cc03278in09');
      assert.ok(isString(b.instanceName));
      assert.ok(isString(b.jobId));
    },
  },
  {
    id: 'huawei.dcs.CancelInstanceResize',
    host: HOSTS.hwDcs,
    example: 0,
    creds: HUAWEI_AKSK,
    auth: 'aksk',
    check(b) {
      assert.deepEqual(b, { result: 'success' });
    },
  },
  {
    id: 'tencent.emr.ScaleOutInstance',
    host: HOSTS.tencent,
    example: 1,
    creds: TENCENT,
    auth: 'tc3',
    check(b) {
      assert.deepEqual(Object.keys(b), ['Response']);
      assert.equal(b.Response.Error, undefined);
      assert.equal(b.Response.InstanceId, 'emr-5n3l5c83');
      assert.equal(b.Response.ClientToken, 'a9a90aa6-1a2b-4c3d-8e9f-fae36063280a');
      assert.ok(Array.isArray(b.Response.DealNames));
      assert.ok(isString(b.Response.RequestId));
    },
  },
  {
    id: 'alibaba.emr.IncreaseNodes',
    host: HOSTS.alibaba,
    example: 0,
    creds: ALIBABA,
    auth: 'acs3',
    check(b) {
      assert.deepEqual(Object.keys(b).sort(), ['OperationId', 'RequestId']);
      assert.match(b.OperationId, /^op-/);
      assert.ok(isString(b.RequestId));
    },
  },
];

// Explained errors: trigger values the stand-in answers with a documented API error, and wrong
// secrets. `field` is the form field the page must highlight (null: none).
const ERRORS = [
  {
    name: 'Huawei DDM: DBS.280001 (name "trigger-error")',
    id: 'huawei.ddm.CreateInstance',
    example: 0,
    creds: HUAWEI_AKSK,
    set: { 'instance.name': 'trigger-error' },
    status: 400,
    code: 'DBS.280001',
    field: null,
    verified: true,
  },
  {
    name: 'Huawei DDM enlarge: DBS.300375 naming flavor_id',
    id: 'huawei.ddm.ExpandInstanceNodes',
    example: 0,
    creds: HUAWEI_IAM,
    set: { flavor_id: 'trigger-error' },
    status: 400,
    code: 'DBS.300375',
    field: 'flavor_id',
    verified: true,
  },
  {
    name: 'Huawei DCS: DCS.4239 points at instance_id',
    id: 'huawei.dcs.CancelInstanceResize',
    example: 0,
    creds: HUAWEI_STS,
    set: { task_id: 'trigger-error' },
    status: 400,
    code: 'DCS.4239',
    field: 'instance_id',
    verified: true,
  },
  {
    name: 'Tencent: InvalidParameter.InvalidTimeSpan points at TimeSpan',
    id: 'tencent.emr.ScaleOutInstance',
    example: 1,
    creds: TENCENT_TOKEN,
    set: { ClientToken: 'trigger-error' },
    status: 200,
    code: 'InvalidParameter.InvalidTimeSpan',
    field: 'TimeSpan',
    verified: true,
  },
  {
    name: 'Alibaba: InvalidParameterValue names IncreaseNodeCount',
    id: 'alibaba.emr.IncreaseNodes',
    example: 0,
    creds: ALIBABA_STS,
    set: { ClusterId: 'c-trigger-error' },
    status: 400,
    code: 'InvalidParameterValue',
    field: 'IncreaseNodeCount',
    verified: true,
  },
  {
    name: 'Huawei wrong secret: APIGW.0301 with the gateway canonical request beside ours',
    id: 'huawei.dcs.CancelInstanceResize',
    example: 0,
    creds: { ...HUAWEI_AKSK, '#cred-huawei-secret': WRONG.huaweiSk },
    status: 401,
    code: 'APIGW.0301',
    field: null,
    verified: false,
    compare: true,
  },
  {
    name: 'Huawei wrong secret with a JSON body: the canonical requests still agree',
    id: 'huawei.ddm.CreateInstance',
    example: 1,
    creds: { ...HUAWEI_AKSK, '#cred-huawei-secret': WRONG.huaweiSk },
    status: 401,
    code: 'APIGW.0301',
    field: null,
    verified: false,
    compare: true,
  },
  {
    name: 'OTC wrong IAM token: APIGW.0301',
    id: 'otc.ddm.ExpandInstanceNodes',
    example: 1,
    creds: { '#cred-otc-token': WRONG.otcToken },
    status: 401,
    code: 'APIGW.0301',
    field: null,
    verified: false,
  },
  {
    name: 'Tencent wrong SecretKey: AuthFailure.SignatureFailure',
    id: 'tencent.emr.ScaleOutInstance',
    example: 2,
    creds: { ...TENCENT, '#cred-tencent-secret': WRONG.tencentKey },
    status: 200,
    code: 'AuthFailure.SignatureFailure',
    field: null,
    verified: false,
  },
  {
    name: 'Alibaba wrong AccessKey secret: SignatureDoesNotMatch',
    id: 'alibaba.emr.IncreaseNodes',
    example: 1,
    creds: { ...ALIBABA, '#cred-alibaba-secret': WRONG.alibabaSecret },
    status: 400,
    code: 'SignatureDoesNotMatch',
    field: null,
    verified: false,
  },
];

/** A POST to the running proxy with exactly these headers (node:http sets no Origin of its own). */
function rawPost(port, pathname, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => {
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Send through cloudreq serve to the stand-in cloud', { timeout: 300_000 }, () => {
  let standin;
  let serve;
  let context;
  let page;
  let userDataDir;
  const problems = [];
  const seen = []; // stand-in log entries of the sends, for the final checks

  before(async () => {
    assert.ok(existsSync(path.join(DIST, 'index.html')), 'dist/index.html is missing: run `trunk build --release --offline` first');
    await mkdir(OUT, { recursive: true });
    const hosts = Object.values(HOSTS);
    standin = await startStandIn({ hosts });
    serve = await startServe(standin, hosts);
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-send-chromium-'));
    // Only the local server may be reached; anything else is aborted and reported.
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
    if (serve) {
      await writeFile(path.join(OUT, 'proxy.stdout.txt'), serve.proc.stdout);
      await writeFile(path.join(OUT, 'proxy.stderr.txt'), serve.proc.stderr);
    }
    if (standin) await writeFile(path.join(OUT, 'standin-log.jsonl'), standin.entries().map((e) => JSON.stringify(e)).join('\n') + '\n');
    await standin?.close();
  });

  /** Opens an API page (a full load; a restored draft is cleared) and waits for its form. */
  async function open(id) {
    if (page.url() !== 'about:blank') await page.goto('about:blank');
    await page.goto(`${serve.url}#/${id}`, { waitUntil: 'load' });
    await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`, { timeout: 30_000 });
    await clearRestoredDraft(page);
  }

  async function loadExample(index) {
    await page.selectOption('select#example', String(index));
  }

  async function enterCredentials(inputs) {
    if (!(await page.$eval('details.credentials', (d) => d.open))) await page.click('details.credentials > summary');
    for (const [sel, text] of Object.entries(inputs)) await page.fill(sel, text);
  }

  async function setField(p, value) {
    await page.fill(`[data-path="${p}"]:is(input, textarea)`, value);
  }

  async function sendState() {
    return {
      disabled: await page.locator('[data-send]').isDisabled(),
      blocker: ((await page.textContent('[data-send-blocker]')) ?? '').trim(),
    };
  }

  /** Clicks Send and waits for the answer; returns what the page shows and what the stand-in saw. */
  async function send() {
    const before = standin.entries().length;
    assert.deepEqual(await sendState(), { disabled: false, blocker: '' }, 'Send is enabled');
    await page.click('[data-send]');
    await page.waitForSelector('[data-answer-status], [data-send-error]', { timeout: 30_000 });
    const failed = await page.$('[data-send-error]');
    assert.equal(failed && (await failed.textContent()), null, 'the proxy forwarded the request');
    const status = Number(await page.getAttribute('[data-answer-status]', 'data-answer-status'));
    const statusText = (await page.textContent('[data-answer-status]')).trim();
    const body = JSON.parse(await page.textContent('[data-answer-body]'));
    const explain = await page.$('.explain[data-error-code]');
    const entries = (await standin.entriesAtLeast(before + 1)).slice(before);
    assert.equal(entries.length, 1, `the stand-in saw exactly one request: ${JSON.stringify(entries)}`);
    seen.push(entries[0]);
    return {
      status,
      statusText,
      statusClass: await page.getAttribute('[data-answer-status]', 'class'),
      body,
      code: explain && (await explain.getAttribute('data-error-code')),
      highlighted: await page.$$eval('.field.highlight', (els) => els.map((e) => e.dataset.field)),
      entry: entries[0],
    };
  }

  for (const c of SUCCESS) {
    test(`${c.id}: example ${c.example} signed in the page, verified by the SDK code, 200 shown`, async () => {
      await open(c.id);
      await loadExample(c.example);
      await enterCredentials(c.creds);
      const r = await send();
      assert.equal(r.entry.api, c.id, 'the stand-in recognised the API');
      assert.equal(r.entry.host, c.host);
      assert.equal(r.entry.auth, c.auth);
      assert.equal(r.entry.verified, true, `the stand-in verified it: ${r.entry.why}`);
      assert.equal(r.status, 200);
      assert.match(r.statusText, /^HTTP 200 · \d+ ms$/);
      assert.match(r.statusClass, /\bok\b/);
      assert.equal(r.code, null, 'no error explanation for a success');
      assert.deepEqual(r.highlighted, []);
      c.check(r.body);
    });
  }

  for (const c of ERRORS) {
    test(`explained error: ${c.name}`, async () => {
      await open(c.id);
      await loadExample(c.example);
      for (const [p, v] of Object.entries(c.set ?? {})) await setField(p, v);
      await enterCredentials(c.creds);
      // A user reads before sending: the clock moves on between signing on screen and Send.
      if (c.compare) await page.waitForTimeout(1100);
      const r = await send();
      assert.equal(r.entry.api, c.id);
      assert.equal(r.entry.verified, c.verified, `stand-in verdict: ${r.entry.why}`);
      assert.equal(r.entry.code, c.code);
      assert.equal(r.status, c.status);
      assert.match(r.statusClass, /\bbad\b/);
      assert.equal(r.code, c.code, 'the error is explained');
      const text = await page.textContent('.explain');
      assert.ok(text.includes(c.code), text);
      await page.locator('section.send').screenshot({ path: path.join(OUT, `error-${c.code}-${c.id}.png`) });
      if (c.field) {
        assert.deepEqual(r.highlighted, [c.field], 'the named field is highlighted');
        assert.equal(await page.getAttribute('[data-goto-field]', 'data-goto-field'), c.field);
        await page.click('[data-goto-field]');
        const focused = await page.evaluate(() => document.activeElement?.dataset?.path ?? null);
        assert.equal(focused, c.field, 'the related-field button focuses the field');
      } else {
        assert.deepEqual(r.highlighted, [], 'no field highlighted');
        assert.equal(await page.$('[data-goto-field]'), null);
      }
      if (c.compare) {
        const [gateway, ours] = await page.$$eval('.explain .compare pre', (els) => els.map((e) => e.textContent));
        assert.ok(gateway?.startsWith('POST\n/'), `the gateway's canonical request is shown: ${gateway}`);
        assert.equal(ours, gateway, "ours equals the gateway's (only the key was wrong)");
      }
    });
  }

  test('Send is disabled without credentials, says why, and sends nothing', async () => {
    const before = standin.entries().length;
    await open('huawei.dcs.CancelInstanceResize');
    await loadExample(0);
    const s = await sendState();
    assert.equal(s.disabled, true);
    assert.match(s.blocker, /Add credentials/);
    await enterCredentials({ '#cred-huawei-id': H.ak }); // a key id without its secret
    assert.equal((await sendState()).disabled, true);
    await enterCredentials(HUAWEI_AKSK);
    assert.deepEqual(await sendState(), { disabled: false, blocker: '' });
    await page.click('details.credentials [data-forget]');
    assert.equal((await sendState()).disabled, true, 'forgetting the credentials disables Send again');
    assert.equal(standin.entries().length, before, 'nothing was sent');
  });

  test('Send is disabled while the form has errors; "ignore rules" sends it anyway', async () => {
    await open('tencent.emr.ScaleOutInstance');
    await loadExample(1);
    await enterCredentials(TENCENT);
    assert.equal((await sendState()).disabled, false);
    await setField('TimeSpan', '7'); // TimeUnit s needs TimeSpan 3600
    const s = await sendState();
    assert.equal(s.disabled, true);
    assert.match(s.blocker, /Fix the errors/);
    await page.check('#ignore-rules');
    const r = await send();
    assert.equal(r.entry.verified, true, 'still signed correctly');
    assert.equal(r.status, 200);
  });

  test('Huawei IAM token: X-Auth-Token, no signature', async () => {
    await open('huawei.dcs.CancelInstanceResize');
    await loadExample(0);
    await enterCredentials(HUAWEI_IAM);
    const r = await send();
    assert.equal(r.entry.auth, 'token');
    assert.equal(r.entry.verified, true);
    assert.ok(r.entry.header_names.map((h) => h.toLowerCase()).includes('x-auth-token'));
    assert.ok(!r.entry.header_names.map((h) => h.toLowerCase()).includes('authorization'));
    assert.deepEqual(r.body, { result: 'success' });
  });

  test('the stand-in saw only what the page sent: allowlisted headers, each API, all verified but the wrong secrets', () => {
    const apis = new Set(seen.map((e) => e.api));
    for (const c of SUCCESS) assert.ok(apis.has(c.id), `${c.id} was sent`);
    for (const e of seen) {
      const names = e.header_names.map((h) => h.toLowerCase());
      for (const dropped of ['cookie', 'origin', 'referer', 'user-agent', 'sec-fetch-site', 'x-cloudreq-token', 'forwarded']) {
        assert.ok(!names.includes(dropped), `${dropped} reached the cloud: ${names}`);
      }
    }
    const wrong = seen.filter((e) => !e.verified).length;
    assert.equal(wrong, ERRORS.filter((c) => !c.verified).length);
  });

  describe('the running proxy refuses other callers with 403', () => {
    const envelope = () =>
      JSON.stringify({ method: 'POST', url: `https://${HOSTS.hwDcs}/v2/p/instances/i/resize/cancel/t`, headers: [], body: '' });
    const cases = [
      ['no token', (t) => ({ 'content-type': 'application/json' }), 'token'],
      ['a wrong token', (t) => ({ 'content-type': 'application/json', 'x-cloudreq-token': t.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }), 'token'],
      ['an empty token', () => ({ 'content-type': 'application/json', 'x-cloudreq-token': '' }), 'token'],
      ['a foreign Origin', (t) => ({ 'content-type': 'application/json', 'x-cloudreq-token': t, origin: 'http://evil.example' }), 'origin'],
      ['a look-alike Origin', (t) => ({ 'content-type': 'application/json', 'x-cloudreq-token': t, origin: `http://127.0.0.1:${serve.port}.evil.example` }), 'origin'],
      ['Origin null', (t) => ({ 'content-type': 'application/json', 'x-cloudreq-token': t, origin: 'null' }), 'origin'],
      ['Sec-Fetch-Site cross-site', (t) => ({ 'content-type': 'application/json', 'x-cloudreq-token': t, 'sec-fetch-site': 'cross-site' }), 'origin'],
    ];
    for (const [name, headers, error] of cases) {
      test(name, async () => {
        const before = standin.entries().length;
        const r = await rawPost(serve.port, '/api/forward', headers(serve.token), envelope());
        assert.equal(r.status, 403, r.text);
        assert.equal(r.json?.error, error, r.text);
        assert.equal(standin.entries().length, before, 'the stand-in saw nothing');
      });
    }
    test('a foreign Host (DNS rebinding) is refused too', async () => {
      const r = await rawPost(serve.port, '/api/forward', { host: 'evil.example', 'content-type': 'application/json', 'x-cloudreq-token': serve.token }, envelope());
      assert.equal(r.status, 403, r.text);
    });
    test('the same request with the token and its own Origin is forwarded', async () => {
      const before = standin.entries().length;
      const r = await rawPost(
        serve.port,
        '/api/forward',
        { 'content-type': 'application/json', 'x-cloudreq-token': serve.token, origin: serve.url.replace(/\/$/, ''), 'sec-fetch-site': 'same-origin' },
        envelope(),
      );
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 401, 'the stand-in answered (unsigned: APIGW.0301)');
      assert.equal((await standin.entriesAtLeast(before + 1)).length, before + 1);
    });
  });

  test('no console errors, page errors or requests beyond 127.0.0.1', () => {
    assert.deepEqual(problems, []);
  });

  test("after the run, the proxy's output holds no secret, token, signature or body", async () => {
    await serve.close(); // flush: the process has ended and written everything
    const logs = serve.proc.stdout + serve.proc.stderr;
    assert.match(logs, /forward POST/, 'the proxy did log the forwards');
    for (const s of [...SECRETS, serve.token]) assert.ok(!logs.includes(s), `a secret is in the proxy's logs: ${s.slice(0, 6)}…`);
    for (const marker of ['Signature=', 'SDK-HMAC-SHA256', 'TC3-HMAC-SHA256', 'ACS3-HMAC-SHA256', 'ClusterId=', 'karpenter', 'a9a90aa6', 'ddm-test-001']) {
      assert.ok(!logs.includes(marker), `the proxy logged ${marker}`);
    }
    const standinLog = standin.entries().map((e) => JSON.stringify(e)).join('\n');
    for (const s of SECRETS) assert.ok(!standinLog.includes(s), `a secret is in the stand-in's log: ${s.slice(0, 6)}…`);
  });
});
