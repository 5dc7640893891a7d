// Shared helpers for the browser tests: the static server, a locked-down headless Chromium,
// page helpers that follow the app's DOM contract (data-path, data-tab, data-add…), and the
// `cloudreq` CLI the page's output is compared with. Nothing leaves 127.0.0.1.

import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { serveDir } from './serve.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
export const OUT = path.join(ROOT, 'test-output');
export const SHOTS = path.join(OUT, 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Belt and braces: no host name resolves to anything but loopback.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/**
 * Launches headless Debian Chromium with a fresh profile in `userDataDir` that may reach only
 * 127.0.0.1:`port`: every other request is aborted and recorded in `problems`.
 */
export async function launchLocalChromium(userDataDir, port, problems, options = {}) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
    ...options,
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.host === `127.0.0.1:${port}`) return route.continue();
    problems.push(`blocked request to ${url.href}`);
    return route.abort();
  });
  return context;
}

/**
 * Serves dist/ and launches Chromium with a fresh profile. Every request that is not for the
 * local server is aborted and recorded in `problems`, as are console errors, page errors,
 * failed requests and HTTP errors of every page opened through `newPage()`.
 */
export async function startBrowser({ colorScheme = 'light', permissions = [], viewport, enforceCsp = false } = {}) {
  assert.ok(
    existsSync(path.join(DIST, 'index.html')),
    'dist/index.html is missing: run `trunk build --release --offline` first',
  );
  const server = await serveDir(DIST);
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-e2e-chromium-'));
  const problems = [];
  const consoleMessages = [];
  const context = await launchLocalChromium(userDataDir, server.port, problems, {
    viewport: viewport ?? { width: 1280, height: 900 },
    colorScheme,
    // The page's content security policy forbids string evaluation and inline scripts, which
    // some test helpers need (waitForFunction polling, axe injected as a script tag). The CSP
    // itself is checked with it enforced in security.test.mjs (`enforceCsp: true`).
    bypassCSP: !enforceCsp,
  });
  if (permissions.length) await context.grantPermissions(permissions, { origin: server.url.replace(/\/$/, '') });
  const watch = (page) => {
    page.on('console', (msg) => {
      consoleMessages.push(`${msg.type()}: ${msg.text()}`);
      if (msg.type() === 'error') problems.push(`console ${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => {
      // A catalog file still on its way when a test leaves the page is cut off by the
      // browser (ERR_ABORTED): the page asked for nothing wrong.
      if (req.failure()?.errorText === 'net::ERR_ABORTED' && new URL(req.url()).pathname.startsWith('/catalog/')) return;
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
    });
    return page;
  };
  const first = context.pages()[0];
  return {
    server,
    context,
    problems,
    consoleMessages,
    /** The first tab (a new one on later calls unless `reuse`). */
    async newPage() {
      return watch(await context.newPage());
    },
    firstPage() {
      return watch(first);
    },
    async close() {
      await context?.close().catch(() => {});
      await server?.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The app's URL for a catalog id (optionally with an already-encoded `?query`). */
export function apiUrl(server, id, query = '') {
  return `${server.url}#/${id}${query}`;
}

/** Waits until the wasm app has mounted and fetched the catalog's index (or shows an alert). */
export async function waitForApp(page) {
  await page.waitForSelector('[data-nav-ready], [role="alert"]', { timeout: 30_000 });
}

/**
 * Unfolds every cloud and service of the navigator and waits until every operation is listed
 * (each service's list is fetched when it is opened). Resolves to the ids listed, in order.
 */
export async function unfoldNavigator(page) {
  await page.waitForSelector('[data-nav-ready]', { timeout: 30_000 });
  // A clicked toggle stops matching, so the first folded one is always the next to open.
  for (const folded of ['[data-cloud-toggle][aria-expanded="false"]', '[data-service-toggle][aria-expanded="false"]']) {
    while (await page.locator(folded).count()) await page.locator(folded).first().click();
  }
  const total = Number(await page.getAttribute('[data-nav-ready]', 'data-nav-ready'));
  await page.waitForFunction((n) => document.querySelectorAll('.tree li[data-api-id]').length === n, total, { timeout: 30_000 });
  return page.$$eval('.tree li[data-api-id]', (lis) => lis.map((li) => li.dataset.apiId));
}

/** Clicks an operation in the navigator's tree, unfolding every cloud and service first if it is not shown. */
export async function clickNav(page, id) {
  const link = page.locator(`nav .tree a[href="#/${id}"]`);
  if (!(await link.count())) await unfoldNavigator(page);
  await link.click();
}

/**
 * Opens an API page (a full load) and waits for its form. The page restores the draft an
 * earlier test left; unless `keepDraft`, "Clear form" then starts afresh, as a user would.
 */
export async function openApi(page, server, id, query = '', { keepDraft = false } = {}) {
  // A real load every time (a hash-only change would keep the previous page's state).
  if (page.url() !== 'about:blank') await page.goto('about:blank');
  await page.goto(apiUrl(server, id, query), { waitUntil: 'load' });
  // (Attached, not visible: the form of an operation without parameters is empty.)
  await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`, { state: 'attached', timeout: 30_000 });
  if (!keepDraft) await clearRestoredDraft(page);
}

/** Clicks "Clear form" when the page restored a draft. */
export async function clearRestoredDraft(page) {
  if (await page.locator('[data-draft-restored]').count()) {
    await page.click('[data-clear-form]');
    await page.waitForSelector('[data-draft-restored]', { state: 'detached' });
  }
}

/** The control of a field path. */
export function control(page, p) {
  return page.locator(`[data-path="${p}"]:is(input, select, textarea)`);
}

/** Types text into a field the way a user does: focus, clear, one key at a time. */
export async function type(page, p, text) {
  const el = control(page, p);
  await el.click();
  await el.fill('');
  await el.pressSequentially(String(text));
}

/** Chooses an option of a select field by its value (the wire value as text; '' = not set). */
export async function choose(page, p, value) {
  await control(page, p).selectOption(String(value));
}

/** Clicks "Add … item" of a list and waits for the new row. */
export async function addRow(page, p) {
  const before = await page.locator(`li[data-row^="${p}["]`).count();
  await page.click(`[data-add="${p}"]`);
  await page.waitForSelector(`li[data-row="${p}[${before}]"]`);
}

/** Switches to an output tab and returns the panel's text. */
export async function outputOf(page, tab) {
  await page.click(`[role="tab"][data-tab="${tab}"]`);
  await page.waitForSelector(`pre#output-panel[data-output="${tab}"]`);
  // A long output shows its first part until asked for all of it.
  if (await page.locator('[data-output-show-all]').count()) {
    await page.click('[data-output-show-all]');
    await page.waitForSelector('[data-output-cut="all"]');
  }
  return page.textContent('pre#output-panel');
}

/** The findings shown under a field: [{severity, text}]. */
export async function findingsAt(page, p) {
  return page.$$eval(`ul[data-finding-for="${p}"] > li`, (lis) =>
    lis.map((li) => {
      // The finding as `cloudreq validate` writes it: the message, then `[source: “quote”]`.
      const cite = li.querySelector('.rule-source');
      let text = li.textContent.trim();
      if (cite) {
        const message = [...li.childNodes].filter((n) => n !== cite).map((n) => n.textContent).join('').trim();
        const source = cite.querySelector('.origin').dataset.source;
        const quote = cite.querySelector('.quote').textContent;
        text = source ? `${message} [${source}: “${quote}”]` : `${message} [“${quote}”]`;
      }
      const severity = li.classList.contains('error') ? 'error' : li.classList.contains('warning') ? 'warning' : '?';
      return { severity, text };
    }),
  );
}

/** The summary counts. */
export async function counts(page) {
  const el = page.locator('.counts');
  return { errors: Number(await el.getAttribute('data-errors')), warnings: Number(await el.getAttribute('data-warnings')) };
}

/** Opens a <details> panel by clicking its summary, if closed. */
export async function openDetails(page, selector) {
  const open = await page.$eval(selector, (d) => d.open);
  if (!open) await page.click(`${selector} > summary`);
}

/** Loads a documented example through the picker. */
export async function loadExample(page, index) {
  await page.selectOption('select#example', String(index));
}

/** Every field control's current value by path (for round trips). */
export async function formState(page) {
  return page.$$eval('form.api-form [data-path]:is(input, select, textarea)', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.path, e.value])),
  );
}

// ---------------------------------------------------------------------------------------------
// The CLI.

let cliPath;

/** The cloudreq binary: $CLOUDREQ_BIN, else target/debug/cloudreq (built once if missing). */
export function cloudreqBin() {
  if (cliPath) return cliPath;
  const fromEnv = process.env.CLOUDREQ_BIN;
  if (fromEnv) {
    assert.ok(existsSync(fromEnv), `CLOUDREQ_BIN=${fromEnv} does not exist`);
    return (cliPath = fromEnv);
  }
  const local = path.join(ROOT, 'target', 'debug', 'cloudreq');
  if (!existsSync(local)) {
    execFileSync('cargo', ['build', '-p', 'cloudreq-cli', '--locked'], { cwd: ROOT, stdio: 'inherit' });
  }
  return (cliPath = local);
}

/**
 * Every operation id, as `cloudreq list --json` gives them (the catalog as built, in its order).
 * The browser suite drives the seed operations (SEED_IDS) and a sample of the generated ones
 * (SAMPLE_IDS); per-operation checks over every operation live in the native and Python tests.
 * Tests that say "the navigator lists everything" compare with ALL_IDS.
 */
export const ALL_IDS = JSON.parse(execFileSync(cloudreqBin(), ['list', '--json'], { cwd: ROOT, encoding: 'utf8' })).map((e) => e.id);

/** Runs cloudreq; resolves to {code, stdout, stderr} (never rejects on a non-zero exit). */
export function runCli(args, { env = {}, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cloudreqBin(),
      args,
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err);
        resolve({ code: err ? err.code : 0, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

let valuesDir;

/** Writes a values file (JSON keyed by wire names) and returns its path. */
export async function valuesFile(name, values) {
  valuesDir ??= path.join(OUT, 'e2e-values');
  await mkdir(valuesDir, { recursive: true });
  const file = path.join(valuesDir, `${name}.json`);
  await writeFile(file, JSON.stringify(values, null, 2) + '\n');
  return file;
}

/**
 * The CLI's text as the page words it: an unsigned request's signature placeholders say where
 * to sign, `--sign` in the CLI and "open Credentials" in the page. Nothing else differs.
 */
export function inPageWords(text) {
  return text.replaceAll(': use --sign>', ': open Credentials>');
}

/**
 * `cloudreq build` stdout for values in a region and format, in the page's words (see
 * `inPageWords`; the CLI's own text is `cliStdout`); asserts exit 0.
 */
export async function cliBuild(id, file, region, format, extra = [], env = {}) {
  const r = await runCli(['build', id, '--values', file, '--region', region, '--format', format, ...extra], { env });
  assert.equal(r.code, 0, `cloudreq build ${id} --format ${format} failed (${r.code}): ${r.stderr}`);
  return { ...r, cliStdout: r.stdout, stdout: inPageWords(r.stdout) };
}

/** Asserts no console errors / page errors / blocked or failed requests were recorded. */
export function assertNoProblems(problems, what = 'the page') {
  assert.deepEqual(problems, [], `${what}: console errors, page errors or failed requests`);
}

// ---------------------------------------------------------------------------------------------
// Values by path (the app's path syntax: `a.b`, `list[2].c`).

function segments(p) {
  return p.split('.').flatMap((part) => {
    const m = part.match(/^([^[]+)((?:\[\d+\])*)$/);
    assert.ok(m, `bad path ${p}`);
    return [m[1], ...[...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))];
  });
}

/** Sets `value` at path `p` inside `root` (creating objects and arrays on the way). */
export function setPath(root, p, value) {
  const segs = segments(p);
  let cur = root;
  segs.forEach((seg, i) => {
    if (i === segs.length - 1) {
      cur[seg] = value;
      return;
    }
    cur[seg] ??= typeof segs[i + 1] === 'number' ? [] : {};
    cur = cur[seg];
  });
  return root;
}

/** The text an input shows for a JSON value (strings without quotes). */
export function display(v) {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** Every scalar leaf of a values object as [path, value]. */
export function leaves(v, base = '') {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${base}[${i}]`));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, base ? `${base}.${k}` : k));
  return [[base, v]];
}

// ---------------------------------------------------------------------------------------------
// How a new user fills each form: typed text, chosen options and added rows. The JSON value of
// each step is what the field holds afterwards, so the plan also yields the values file.

export const FILL_PLANS = {
  'huawei.ddm.CreateInstance': {
    region: 'cn-north-4',
    steps: [
      ['type', 'project_id', '0a1b2c3d4e5f60718293a4b5c6d7e8f9'],
      ['type', 'instance.name', 'ddm-e2e_01'],
      ['type', 'instance.flavor_id', '8f2e696c-a9c1-30bd-af90-25522bc67606'],
      ['type', 'instance.node_num', 2],
      ['type', 'instance.engine_id', '2325a707-0361-8be6-dd01-13474bbac437'],
      ['type', 'instance.enterprise_project_id', '0'],
      ['add', 'instance.available_zones'],
      ['type', 'instance.available_zones[0]', 'cn-north-4a'],
      ['add', 'instance.available_zones'],
      ['type', 'instance.available_zones[1]', 'cn-north-4b'],
      ['type', 'instance.vpc_id', 'e1d886ec-cfe7-4cd4-b748-fc55a10b4172'],
      ['type', 'instance.security_group_id', '035b70ed-319b-4086-9fd7-62a2e8548b2e'],
      ['type', 'instance.subnet_id', 'f942f970-1a02-4eee-8927-0123456789ab'],
      ['choose', 'instance.time_zone', 'UTC+08:00'],
      ['type', 'instance.admin_user_name', 'root_admin'],
      ['type', 'instance.admin_user_password', 'Test@12345678'],
      ['choose', 'extend_param.charge_mode', 'prePaid'],
      ['choose', 'extend_param.period_type', 'month'],
      ['type', 'extend_param.period_num', 3],
      ['choose', 'extend_param.is_auto_renew', 'true'],
      ['choose', 'extend_param.is_auto_pay', 'false'],
    ],
  },
  'otc.ddm.CreateInstance': {
    region: 'eu-de',
    steps: [
      ['type', 'project_id', '619d3e78f61b4be68bc5aa0b59edcf7b'],
      ['type', 'instance.name', 'ddm-otc-7'],
      ['type', 'instance.flavor_id', 'flavor-1'],
      ['type', 'instance.node_num', 1],
      ['type', 'instance.engine_id', 'engine-2'],
      ['add', 'instance.available_zones'],
      ['type', 'instance.available_zones[0]', 'eu-de-01'],
      ['type', 'instance.vpc_id', 'vpc-3'],
      ['type', 'instance.security_group_id', 'sg-4'],
      ['type', 'instance.subnet_id', 'subnet-5'],
      ['type', 'instance.param_group_id', 'pg-6'],
      ['choose', 'instance.time_zone', 'UTC-03:00'],
      ['type', 'instance.admin_user_name', 'admin'],
      ['type', 'instance.admin_user_password', 'Otc=Pass1word'],
    ],
  },
  'huawei.ddm.ExpandInstanceNodes': {
    region: 'eu-west-101',
    steps: [
      ['type', 'project_id', '619d3e78f61b4be68bc5aa0b59edcf7b'],
      ['type', 'instance_id', '1f5c9fd6cd984056ba89c8c87cc03278in09'],
      ['type', 'flavor_id', '8f2e696c-a9c1-30bd-af90-25522bc67606'],
      ['type', 'node_number', 2],
      ['type', 'group_id', 'f080abf2010d45118068c28c8958f5fcgr09'],
      ['choose', 'is_auto_pay', true],
      ['add', 'available_zones'],
      ['type', 'available_zones[0]', 'eu-west-101a'],
      ['add', 'available_zones'],
      ['type', 'available_zones[1]', 'eu-west-101b'],
    ],
  },
  'otc.ddm.ExpandInstanceNodes': {
    region: 'eu-de',
    steps: [
      ['type', 'project_id', '619d3e78f61b4be68bc5aa0b59edcf7b'],
      ['type', 'instance_id', 'inst/with space'],
      ['type', 'flavor_id', 'flavor-x'],
      ['type', 'node_number', 3],
    ],
  },
  'huawei.dcs.CancelInstanceResize': {
    region: 'cn-east-3',
    steps: [
      ['type', 'project_id', '619d3e78f61b4be68bc5aa0b59edcf7b'],
      ['type', 'instance_id', '5560df16-cebf-4473-95c4-d1b573c16e79'],
      ['type', 'task_id', 'ff8080818f0c3a2e018f0c6a9b2d0041'],
    ],
  },
  'tencent.emr.ScaleOutInstance': {
    region: 'ap-shanghai',
    steps: [
      ['choose', 'TimeUnit', 'm'],
      ['type', 'TimeSpan', 2],
      ['type', 'InstanceId', 'emr-cf00laqw'],
      ['choose', 'PayMode', 1],
      ['type', 'ClientToken', "tok-'quoted' & $dollar"],
      ['type', 'TaskCount', 3],
      ['add', 'SoftDeployInfo'],
      ['type', 'SoftDeployInfo[0]', 1],
      ['add', 'SoftDeployInfo'],
      ['type', 'SoftDeployInfo[1]', 25],
      ['add', 'DisasterRecoverGroupIds'],
      ['type', 'DisasterRecoverGroupIds[0]', 'ps-ery9dr5n'],
      ['add', 'Tags'],
      ['type', 'Tags[0].TagKey', 'owner'],
      ['type', 'Tags[0].TagValue', '数据平台'],
      ['add', 'Tags'],
      ['type', 'Tags[1].TagKey', 'env'],
      ['type', 'Tags[1].TagValue', 'a "b" c'],
      ['choose', 'HardwareResourceType', 'HOST'],
      ['choose', 'StartServiceAfterScaleOut', 'true'],
      ['type', 'ZoneId', 200003],
      ['choose', 'AutoRenew', 1],
    ],
  },
  'alibaba.emr.IncreaseNodes': {
    region: 'cn-shanghai',
    steps: [
      ['type', 'ClusterId', 'c-b933c5aac8fe1234'],
      ['type', 'NodeGroupId', 'ng-869471354ecd5678'],
      ['type', 'IncreaseNodeCount', 5],
      ['choose', 'AutoPayOrder', true],
      ['choose', 'AutoRenew', false],
      ['choose', 'PaymentDuration', 12],
      ['choose', 'PaymentDurationUnit', 'Month'],
      ['add', 'ApplicationConfigs'],
      ['type', 'ApplicationConfigs[0].ApplicationName', 'HDFS'],
      ['type', 'ApplicationConfigs[0].ConfigFileName', 'hdfs-site.xml'],
      ['type', 'ApplicationConfigs[0].ConfigItemKey', 'dfs.namenode.checkpoint.period'],
      ['type', 'ApplicationConfigs[0].ConfigItemValue', '3600s'],
      ['choose', 'ApplicationConfigs[0].ConfigScope', 'CLUSTER'],
      ['add', 'ApplicationConfigs'],
      ['type', 'ApplicationConfigs[1].ApplicationName', 'YARN'],
      ['type', 'ApplicationConfigs[1].ConfigFileName', 'mapred-site.xml'],
      ['type', 'ApplicationConfigs[1].ConfigItemKey', 'mapreduce.map.java.opts'],
      ['type', 'ApplicationConfigs[1].ConfigItemValue', '-Xmx2048m -XX:+UseG1GC -Dlog=/var/log/*.log'],
      ['choose', 'ApplicationConfigs[1].ConfigScope', 'NODE_GROUP'],
      ['type', 'ApplicationConfigs[1].NodeGroupName', 'core-1'],
      ['type', 'MinIncreaseNodeCount', 2],
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Documented examples and the CLI's sample values as values objects.

/** The values a documented example stands for, read from its URL and body (independently of
 * the app's import): path parameters from the path template, JSON body members, or for RPC
 * APIs the flattened query (`List.N.Member`, N from 1), typed by the catalog fields. */
export function exampleValues(entry, example) {
  const url = new URL(example.url);
  const values = {};
  const names = [];
  const pattern = entry.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n) => {
    names.push(n);
    return '([^/]+)';
  });
  const m = url.pathname.match(new RegExp(`^${pattern}$`));
  assert.ok(m, `${example.url} does not match ${entry.path}`);
  names.forEach((n, i) => (values[n] = decodeURIComponent(m[i + 1])));
  if (example.body) Object.assign(values, structuredClone(example.body));
  if (entry.style === 'rpc') {
    const field = (list, name) => list.find((f) => f.name === name);
    const typed = (f, text) => {
      const ty = f?.type;
      if (ty === 'integer' || ty === 'number') return Number(text);
      if (ty === 'boolean') return text === 'true';
      if (ty === 'enum' && f.values.some((v) => typeof v.value === 'number')) return Number(text);
      return text;
    };
    for (const pair of url.search.slice(1).split('&').filter(Boolean)) {
      const [k, v] = pair.split('=').map(decodeURIComponent);
      const parts = k.split('.');
      if (parts.length === 3) {
        const list = field(entry.fields, parts[0]);
        setPath(values, `${parts[0]}[${Number(parts[1]) - 1}].${parts[2]}`, typed(field(list.items.fields, parts[2]), v));
      } else {
        values[k] = typed(field(entry.fields, k), v);
      }
    }
  }
  let region = example.region;
  if (!region) {
    const hostPattern = entry.endpoint.host.replace(/\./g, '\\.').replace('{region}', '([a-z0-9-]+)');
    region = url.host.match(new RegExp(`^${hostPattern}$`))?.[1] ?? entry.endpoint.default_region;
  }
  return { values, region };
}

/** A documented value as the form holds it: typed by its catalog field (query text → JSON). */
function typedText(f, text) {
  if (f?.encode === 'json') return JSON.parse(text);
  const ty = f?.type;
  if (ty === 'integer' || ty === 'number') return Number(text);
  if (ty === 'boolean') return text === 'true';
  if (ty === 'enum' && f.values.some((v) => typeof v.value === 'number')) return Number(text);
  if (ty === 'enum' && f.values.some((v) => typeof v.value === 'boolean')) return text === 'true';
  return text;
}

/**
 * Values from flattened RPC keys (`A=1`, `List.1=x`, `List.2.Member=y`, `Obj.Member=z`, a
 * JSON-encoded field as one key), typed by the catalog fields. Fields filled from the region
 * (`region_default`, Alibaba `RegionId`) are left out, as the CLI's sample leaves them out.
 */
export function rpcValues(fields, pairs) {
  const values = {};
  for (const [key, text] of pairs) {
    const parts = key.split('.');
    let field = fields.find((f) => f.name === parts[0]);
    assert.ok(field, `${key}: no such field`);
    if (field.region_default) continue;
    let p = field.name;
    for (let i = 1; i < parts.length && field.encode !== 'json'; i++) {
      if (field.type === 'array') {
        p += `[${Number(parts[i]) - 1}]`;
        field = field.items;
      } else {
        assert.equal(field.type, 'object', `${key}: ${p} is neither a list nor an object`);
        field = field.fields.find((f) => f.name === parts[i]);
        assert.ok(field, `${key}: no member ${parts[i]}`);
        p += `.${parts[i]}`;
      }
    }
    setPath(values, p, typedText(field, text));
  }
  return values;
}

/** `cloudreq build <id> --sample --format http` split into request line, headers and body. */
function parseHttp(text) {
  const [head, ...rest] = text.split('\r\n\r\n');
  const [requestLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const target = requestLine.split(' ')[1];
  return { target, headers, body: rest.join('\r\n\r\n') };
}

const formPairs = (text) =>
  text
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=').map((x) => decodeURIComponent(x.replace(/\+/g, ' '))));

/**
 * The CLI's sample values of an operation (`cloudreq build <id> --sample`: a documented example
 * that passes its rules, else a value for every required field), as a values object read back
 * from the sample's HTTP request: path parameters from the path template, query and header
 * parameters by name, a JSON body as it is; an RPC request's query and form body unflattened.
 * Asserts that building these values gives the sample's request byte for byte, so the values
 * are the sample.
 */
export async function sampleValues(id) {
  const op = opFile(id);
  const region = op.endpoint.default_region;
  const http = await runCli(['build', id, '--sample', '--region', region, '--format', 'http']);
  assert.equal(http.code, 0, `cloudreq build ${id} --sample: ${http.stderr}`);
  const req = parseHttp(http.stdout);
  const [pathname, query = ''] = req.target.split('?');
  const pairs = formPairs(query);
  const field = (name, where) => {
    const f = op.fields.find((x) => x.name === name && (x.in ?? 'body') === where);
    assert.ok(f, `${id}: the sample's ${where} parameter ${name} is not a field`);
    return f;
  };
  let values = {};
  if (op.style === 'rpc') {
    if (/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) pairs.push(...formPairs(req.body));
    values = rpcValues(op.fields, pairs);
  } else {
    const names = [];
    const pattern = op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n) => {
      names.push(n);
      return '([^/]+)';
    });
    const m = pathname.match(new RegExp(`^${pattern}$`));
    assert.ok(m, `${id}: ${pathname} does not match ${op.path}`);
    names.forEach((n, i) => (values[n] = typedText(field(n, 'path'), decodeURIComponent(m[i + 1]))));
    for (const [k, text] of pairs) {
      const f = field(k, 'query');
      if (f.type === 'array') (values[k] ??= []).push(typedText(f.items, text));
      else values[k] = typedText(f, text);
    }
    for (const f of op.fields.filter((x) => x.in === 'header')) {
      const text = req.headers[f.name.toLowerCase()];
      if (text !== undefined) values[f.name] = typedText(f, text);
    }
    if (req.body.trim()) Object.assign(values, JSON.parse(req.body));
  }
  const file = await numberedValuesFile(`sample-${id}`, op.fields, values);
  const again = await runCli(['build', id, '--values', file, '--region', region, '--format', 'http']);
  assert.equal(again.code, 0, `${id}: the values read from the sample do not build: ${again.stderr}`);
  // The same request; a JSON body compared as JSON (JavaScript has one number type: the
  // sample's 1.0 reads back as 1, which the CLI writes as 1, and Content-Length follows).
  const a = parseHttp(again.stdout);
  const b = parseHttp(http.stdout);
  const json = /json/.test(b.headers['content-type'] ?? '') && b.body.trim();
  assert.equal(a.target, b.target, `${id}: the values read from the sample build the sample's URL`);
  if (json) {
    delete a.headers['content-length'];
    delete b.headers['content-length'];
    assert.deepEqual(JSON.parse(a.body), JSON.parse(b.body), `${id}: the values read from the sample build the sample's body`);
  } else {
    assert.equal(a.body, b.body, `${id}: the values read from the sample build the sample's body`);
  }
  assert.deepEqual(a.headers, b.headers, `${id}: the values read from the sample build the sample's headers`);
  return { values, region, file };
}

/**
 * The text for a value of a `number` field: a whole number as `1.0`, the CLI sample's own
 * spelling (JavaScript cannot tell 1.0 from 1). Typed so and written so in the values file, the
 * page and the CLI must both keep 1.0; the number test in imported.test.mjs types 1.
 */
function numberText(field, value) {
  return field?.type === 'number' && Number.isInteger(value) ? `${value}.0` : null;
}

/** Writes a values file in which whole numbers of `number` fields are written `1.0`. */
export async function numberedValuesFile(name, fields, values) {
  const mark = (fs, v) => {
    if (Array.isArray(v)) return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => {
        const f = fs?.find((y) => y.name === k);
        const one = (ff, xx) =>
          numberText(ff, xx) !== null ? `@@number:${numberText(ff, xx)}@@` : xx !== null && typeof xx === 'object' && !Array.isArray(xx) ? mark(ff?.fields, xx) : xx;
        return [k, Array.isArray(x) ? x.map((item) => one(f?.items, item)) : one(f, x)];
      }),
    );
  };
  const file = await valuesFile(name, {});
  const text = JSON.stringify(mark(fields, values), null, 2).replace(/"@@number:([-0-9.e]+)@@"/g, '$1');
  await writeFile(file, text + '\n');
  return file;
}

/**
 * Fills a form from a values object the way a user does: for each value in order, a row added
 * per list item, an option chosen for selects, text typed into inputs and text areas (a whole
 * number of a `number` field as `1.0`, unless `plainNumbers`).
 */
export async function fillValues(page, fields, values, base = '', options = {}) {
  for (const [name, value] of Object.entries(values)) {
    const field = fields.find((f) => f.name === name);
    assert.ok(field, `${base}${name}: no such field`);
    await fillValue(page, field, base ? `${base}.${name}` : name, value, options);
  }
}

async function fillValue(page, field, p, value, options) {
  // A JSON-encoded field is encoded on the wire only: the form has its members and rows.
  if (field.type === 'object') return fillValues(page, field.fields, value, p, options);
  if (field.type === 'array') {
    for (const [i, item] of value.entries()) {
      await addRow(page, p);
      await fillValue(page, field.items, `${p}[${i}]`, item, options);
    }
    return;
  }
  const tag = await control(page, p).evaluate((e) => e.tagName);
  if (tag === 'SELECT') await choose(page, p, display(value));
  else await type(page, p, (!options.plainNumbers && numberText(field, value)) || display(value));
}

// ---------------------------------------------------------------------------------------------
// Which operations the browser suite drives.

/** The seven hand-curated operations (each has a FILL_PLANS entry). */
const SEVEN = [
  'alibaba.emr.IncreaseNodes',
  'huawei.dcs.CancelInstanceResize',
  'huawei.ddm.CreateInstance',
  'huawei.ddm.ExpandInstanceNodes',
  'otc.ddm.CreateInstance',
  'otc.ddm.ExpandInstanceNodes',
  'tencent.emr.ScaleOutInstance',
];

/** The hand-curated operations, in catalog order: those with a fill plan. */
export const SEED_IDS = ALL_IDS.filter((id) => Object.hasOwn(FILL_PLANS, id));
assert.deepEqual([...SEED_IDS].sort(), SEVEN, 'the seed operations are the seven hand-curated ones, each listed by the CLI with a fill plan');

const OPS_DIR = path.join(DIST, 'catalog', 'ops');

/** An operation file as the page fetches it (dist/catalog/ops/<id>.json). */
export function opFile(id) {
  return JSON.parse(readFileSync(path.join(OPS_DIR, `${id}.json`), 'utf8'));
}

/** Every field of a field list, at every depth (members and list items). */
export function allFields(fields) {
  return (fields ?? []).flatMap((f) => [f, ...allFields(f.fields), ...(f.items ? allFields([f.items]) : [])]);
}

/**
 * A deterministic sample of the generated operations (every id that is not a seed), read from
 * the exported operation files so it follows the catalog. Per service: the first and the last
 * id and the one with the largest operation file (the largest form); then the first operation
 * with a form-body parameter (`"in": "body"`), the first with a JSON-encoded field
 * (`"encode": "json"`), the first deprecated Tencent operation, the first Tencent operation
 * described in Chinese (`"lang": "zh"`) and the first Tencent operation without parameters. Each criterion must find an operation.
 * `SAMPLE` is [{id, why: [...]}] in catalog order; `SAMPLE_IDS` the ids.
 */
function pickSample() {
  assert.ok(
    existsSync(OPS_DIR),
    `${OPS_DIR} is missing: run \`trunk build --release --offline\` first (it exports the catalog)`,
  );
  const generated = ALL_IDS.filter((id) => !SEED_IDS.includes(id));
  const exported = new Set(readdirSync(OPS_DIR).map((n) => n.replace(/\.json$/, '')));
  for (const id of ALL_IDS) assert.ok(exported.has(id), `${id} is listed by the CLI but dist/catalog/ops/${id}.json is missing: rebuild dist/`);
  const facts = new Map(
    generated.map((id) => {
      const op = opFile(id);
      const fields = allFields(op.fields);
      return [
        id,
        {
          service: id.split('.').slice(0, 2).join('.'),
          size: statSync(path.join(OPS_DIR, `${id}.json`)).size,
          body: op.fields.some((f) => f.in === 'body'),
          json: fields.some((f) => f.encode === 'json'),
          deprecated: op.deprecated === true,
          zh: op.lang === 'zh',
          noParams: op.fields.length === 0,
        },
      ];
    }),
  );
  const why = new Map();
  const pick = (id, reason) => {
    assert.ok(id, `no generated operation is ${reason}`);
    why.set(id, [...(why.get(id) ?? []), reason]);
  };
  const services = [...new Set(generated.map((id) => facts.get(id).service))];
  for (const service of services) {
    const ids = generated.filter((id) => facts.get(id).service === service);
    pick(ids[0], `first of ${service}`);
    pick(ids.at(-1), `last of ${service}`);
    const largest = ids.reduce((a, b) => (facts.get(b).size > facts.get(a).size ? b : a));
    pick(largest, `largest operation file of ${service} (${facts.get(largest).size} bytes)`);
  }
  const first = (test) => generated.find((id) => test(facts.get(id), id));
  pick(first((f, id) => f.body && id.startsWith('alibaba.emr.')), 'a form-body parameter ("in": "body", Alibaba EMR)');
  pick(first((f) => f.json), 'a JSON-encoded field ("encode": "json")');
  pick(first((f, id) => f.deprecated && id.startsWith('tencent.')), 'deprecated (Tencent)');
  pick(first((f, id) => f.zh && id.startsWith('tencent.')), 'described in Chinese ("lang": "zh", Tencent)');
  pick(first((f, id) => f.noParams && id.startsWith('tencent.')), 'no parameters (Tencent)');
  // Facts the firsts above happen to have too, so the report says why each is interesting.
  for (const [id, reasons] of why) {
    const f = facts.get(id);
    if (f.zh && !reasons.some((r) => r.includes('Chinese'))) reasons.push('described in Chinese');
    if (f.deprecated && !reasons.some((r) => r.startsWith('deprecated'))) reasons.push('deprecated');
    if (f.json && !reasons.some((r) => r.includes('JSON-encoded'))) reasons.push('has a JSON-encoded field');
    if (f.body && !reasons.some((r) => r.includes('form-body'))) reasons.push('has a form-body parameter');
  }
  return generated.filter((id) => why.has(id)).map((id) => ({ id, why: why.get(id) }));
}

export const SAMPLE = pickSample();
export const SAMPLE_IDS = SAMPLE.map((s) => s.id);

/** The operations whose pages the "every page" tests open: the seeds and the sample. */
export const PAGE_IDS = ALL_IDS.filter((id) => SEED_IDS.includes(id) || SAMPLE_IDS.includes(id));

/** The values file a plan produces. */
export function planValues(plan) {
  const values = {};
  for (const [kind, p, v] of plan.steps) {
    if (kind === 'add') {
      // A new row starts empty; the following steps fill it.
      continue;
    }
    setPath(values, p, v);
  }
  return values;
}

/** Carries out a plan in the page: region, then every step in order. */
export async function fillPlan(page, plan) {
  const region = page.locator('#region');
  if ((await region.evaluate((e) => e.tagName)) === 'SELECT') await region.selectOption(plan.region);
  else {
    await region.fill('');
    await region.pressSequentially(plan.region);
  }
  for (const [kind, p, v] of plan.steps) {
    if (kind === 'add') await addRow(page, p);
    else if (kind === 'type') await type(page, p, display(v));
    else if (kind === 'choose') {
      // A plan chooses where the hand-curated form has a select; where the catalog now has a
      // text field (otc.ddm.CreateInstance instance.time_zone since the OTC import), it types.
      if ((await control(page, p).evaluate((e) => e.tagName)) === 'SELECT') await choose(page, p, display(v));
      else await type(page, p, display(v));
    }
    else throw new Error(`unknown step ${kind}`);
  }
}

/** A page URL carrying region and values (the app's permalink format). */
export function linkUrl(server, id, region, values) {
  return apiUrl(server, id, `?region=${encodeURIComponent(region)}&values=${encodeURIComponent(JSON.stringify(values))}`);
}

/** Opens an API page pre-filled through a permalink. */
export async function openWithValues(page, server, id, region, values) {
  if (page.url() !== 'about:blank') await page.goto('about:blank');
  await page.goto(linkUrl(server, id, region, values), { waitUntil: 'load' });
  await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`, { timeout: 30_000 });
}

/** Removes the value at a path (as clearing an input does). */
export function deletePath(root, p) {
  const segs = segments(p);
  let cur = root;
  for (const seg of segs.slice(0, -1)) {
    cur = cur?.[seg];
    if (cur === undefined) return root;
  }
  delete cur[segs.at(-1)];
  return root;
}

/** `cloudreq validate` findings: [{path, severity, message}]. */
export async function cliFindings(id, values, region) {
  const file = await valuesFile(`validate-${id}`, values);
  const r = await runCli(['validate', id, '--values', file, '--region', region]);
  assert.ok(r.code === 0 || r.code === 1, `cloudreq validate failed (${r.code}): ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = line.match(/^(.*?): (error|warning): (.*)$/);
      assert.ok(m, `unexpected validate line ${line}`);
      return { path: m[1], severity: m[2], message: m[3] };
    });
}

/** Dotted paths of the fields `cloudreq show <id> --json` marks secret (kept in memory only). */
export async function secretPaths(id) {
  const r = await runCli(['show', id, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = [];
  const walk = (fields, base) => {
    for (const f of fields ?? []) {
      const here = base ? `${base}.${f.name}` : f.name;
      if (f.secret) out.push(here);
      walk(f.fields, here);
    }
  };
  walk(JSON.parse(r.stdout).fields, '');
  return out;
}

/** Pastes text into the import box and imports it; resolves to the message shown. */
export async function pasteImport(page, text) {
  await openDetails(page, 'details.import');
  await page.fill('#import-text', text);
  await page.click('[data-import]');
  await page.waitForFunction(() => document.querySelector('.import-message')?.textContent.trim().length > 0);
  return (await page.textContent('.import-message')).trim();
}
