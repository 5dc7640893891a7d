// Drafts: what is typed survives a reload (every seed API, and a 1,000-row list);
// a draft from an older catalog restores what fits and names the rest; "Clear form" with
// undo; two tabs on one API; corrupted, full and disabled storage keep the page usable with
// a message. The page's output after a restore is checked against `cloudreq build`.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ALL_IDS,
  FILL_PLANS,
  SAMPLE,
  SEED_IDS,
  assertNoProblems,
  cliBuild,
  control,
  deletePath,
  display,
  fillPlan,
  formState,
  leaves,
  openApi,
  openDetails,
  openWithValues,
  outputOf,
  planValues,
  runCli,
  secretPaths,
  startBrowser,
  type,
  unfoldNavigator,
  valuesFile,
} from './lib.mjs';

const draftKey = (id) => `cloudreq.draft.${id}`;

/** The stored draft of an API, parsed (null when absent). */
async function storedDraft(page, id) {
  const text = await page.evaluate((k) => localStorage.getItem(k), draftKey(id));
  return text === null ? null : JSON.parse(text);
}

/** Waits until the stored draft of `id` satisfies `pred` (run in the page on its values). */
async function waitForDraft(page, id, pred) {
  await page.waitForFunction(
    ([k, src]) => {
      const t = localStorage.getItem(k);
      let d = null;
      try {
        d = t === null ? null : JSON.parse(t);
      } catch {
        return false; // not (yet) a readable draft
      }
      return new Function('d', `return (${src})(d)`)(d);
    },
    [draftKey(id), pred.toString()],
    { timeout: 10_000 },
  );
}

/**
 * Writes storage keys from the home page (no form open there, so no pending draft write of
 * the page can land after them), then opens the page of `id` as a fresh load.
 */
async function plantAndOpen(page, server, id, items) {
  await page.goto('about:blank');
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForSelector('[data-nav-ready]');
  await page.evaluate((items) => {
    for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
  }, items);
  await openApi(page, server, id, '', { keepDraft: true });
}

/** Reloads and waits for the form of `id`. */
async function reload(page, id) {
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`, { timeout: 30_000 });
}

/** 1,000 (or n) ApplicationConfigs rows with distinct contents. */
function manyRows(n) {
  return Array.from({ length: n }, (_, i) => ({
    ApplicationName: ['HDFS', 'YARN', 'SPARK', 'HIVE'][i % 4],
    ConfigFileName: `file-${i}.xml`,
    ConfigItemKey: `key.${i}`,
    ConfigItemValue: `value ${i} & "quoted" ü`,
    ...(i % 3 === 0 ? { ConfigScope: 'CLUSTER' } : {}),
  }));
}

export const sizes = {};

describe('drafts', { timeout: 600_000 }, () => {
  let browser;
  let page;

  before(async () => {
    browser = await startBrowser();
    page = browser.firstPage();
  });
  after(() => browser?.close());

  test('every seed API: typed values and region come back after a reload, and build as the CLI does', async (t) => {
    for (const id of SEED_IDS) {
      const plan = FILL_PLANS[id];
      assert.ok(plan, `no fill plan for ${id}: add one to FILL_PLANS in lib.mjs`);
      await openApi(page, browser.server, id);
      assert.equal(await storedDraft(page, id), null, `${id}: no draft after Clear form`);
      await fillPlan(page, plan);
      // Passwords and secret keys are kept in memory only: the draft holds everything else.
      const typed = planValues(plan);
      const secrets = await secretPaths(id);
      const secretTexts = secrets.map((p) => p.split('.').reduce((o, k) => o?.[k], typed)).filter((v) => typeof v === 'string');
      const values = structuredClone(typed);
      for (const p of secrets) deletePath(values, p);
      // Reload at once: the draft of the last keystrokes is written when the page goes away.
      await reload(page, id);
      assert.equal(await page.locator('[data-draft-restored]').count(), 1, `${id}: says the draft was restored`);
      assert.equal(await page.locator('[data-left-out]').count(), 0, `${id}: nothing left out`);
      assert.equal(await page.inputValue('#region'), plan.region, `${id}: region`);
      const state = await formState(page);
      for (const [p, v] of leaves(values)) assert.equal(state[p], display(v), `${id}: input ${p}`);
      for (const p of secrets) assert.equal(state[p] ?? '', '', `${id}: secret ${p} is not restored`);
      const everything = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
      for (const text of secretTexts) assert.ok(!everything.includes(text), `${id}: a secret is in storage`);
      const stored = await storedDraft(page, id);
      assert.deepEqual({ region: stored.region, values: stored.values }, { region: plan.region, values }, `${id}: the stored draft`);
      const file = await valuesFile(`draft-${id}`, values);
      assert.equal(await outputOf(page, 'curl'), (await cliBuild(id, file, plan.region, 'curl')).stdout, `${id}: curl after restore`);
      sizes[id] = await page.evaluate((k) => new TextEncoder().encode(localStorage.getItem(k)).length, draftKey(id));
    }
    const sorted = Object.values(sizes).sort((a, b) => a - b);
    t.diagnostic(`draft bytes per API: ${JSON.stringify(sizes)}; median ${sorted[Math.floor(sorted.length / 2)]}`);
  });

  test('1,000 imported ApplicationConfigs rows come back after a reload', async (t) => {
    const id = 'alibaba.emr.IncreaseNodes';
    await openApi(page, browser.server, id);
    const values = { ClusterId: 'c-thousand', NodeGroupId: 'ng-thousand', IncreaseNodeCount: 3, ApplicationConfigs: manyRows(1000) };
    await openDetails(page, 'details.import');
    await page.fill('#import-text', JSON.stringify(values));
    await page.click('[data-import]');
    const list = 'fieldset[data-path="ApplicationConfigs"]';
    await page.waitForSelector(`${list}[data-rows="1000"]`);
    await waitForDraft(page, id, (d) => d !== null && d.values.ApplicationConfigs?.length === 1000);
    await reload(page, id);
    assert.equal(await page.getAttribute(list, 'data-rows'), '1000', 'the list holds every row again');
    // Long lists are drawn a page at a time: every drawn input holds its row's value.
    const state = await formState(page);
    const drawn = leaves(values).filter(([p]) => p in state);
    assert.ok(drawn.filter(([p]) => p.startsWith('ApplicationConfigs[')).length >= 50 * 4, `${drawn.length} inputs drawn`);
    for (const [p, v] of drawn) assert.equal(state[p], display(v), `input ${p}`);
    for (const p of ['ClusterId', 'NodeGroupId', 'IncreaseNodeCount']) assert.ok(p in state, p);
    assert.deepEqual((await storedDraft(page, id)).values, values, 'the stored draft holds every row');
    // The output is the CLI's (the page shows a capped output for a request this big: compare that much).
    const file = await valuesFile('draft-thousand', values);
    const shown = await outputOf(page, 'curl');
    const cli = (await cliBuild(id, file, 'cn-hangzhou', 'curl')).stdout;
    assert.ok(shown.length > 10_000, `${shown.length} characters shown`);
    assert.equal(shown.slice(0, 10_000), cli.slice(0, 10_000));
    const bytes = await page.evaluate((k) => new TextEncoder().encode(localStorage.getItem(k)).length, draftKey(id));
    t.diagnostic(`1,000-row draft: ${bytes} bytes`);
    await page.click('[data-clear-form]');
  });

  test('a draft written by an older catalog restores what fits and names the rest', async () => {
    const id = 'huawei.ddm.CreateInstance';
    const show = JSON.parse((await runCli(['show', id, '--json'])).stdout);
    const top = show.fields.map((f) => f.name);
    const instance = show.fields.find((f) => f.name === 'instance').fields.map((f) => f.name);
    // The names set aside below must really be unknown to the catalog.
    for (const gone of ['renamed_top', 'legacy_flag']) assert.ok(!top.includes(gone), gone);
    assert.ok(!instance.includes('old_name'));
    const old = {
      v: 1,
      id,
      region: 'xx-retired-1',
      values: {
        project_id: 'p-kept',
        renamed_top: 'x',
        instance: { name: 'kept-name', old_name: 'gone', available_zones: ['az-kept'] },
        legacy_flag: { nested: true },
      },
    };
    await plantAndOpen(page, browser.server, id, { [draftKey(id)]: JSON.stringify(old) });
    const leftOut = await page.$$eval('[data-left-out] li', (lis) => lis.map((li) => li.textContent.trim()));
    assert.deepEqual(leftOut.sort(), ['instance.old_name', 'legacy_flag', 'region xx-retired-1', 'renamed_top'].sort());
    assert.equal(await control(page, 'project_id').inputValue(), 'p-kept');
    assert.equal(await control(page, 'instance.name').inputValue(), 'kept-name');
    assert.equal(await control(page, 'instance.available_zones[0]').inputValue(), 'az-kept');
    assert.equal(await page.inputValue('#region'), show.endpoint.default_region);
    await page.click('[data-clear-form]');
  });

  test('Clear form starts afresh, Undo brings the values back; a cleared form stays cleared after a reload', async () => {
    const id = 'tencent.emr.ScaleOutInstance';
    await openApi(page, browser.server, id);
    await page.fill('#region', 'ap-beijing');
    await type(page, 'InstanceId', 'emr-undo');
    await waitForDraft(page, id, (d) => d?.values?.InstanceId === 'emr-undo');
    await page.click('[data-clear-form]');
    assert.equal(await control(page, 'InstanceId').inputValue(), '');
    const show = JSON.parse((await runCli(['show', id, '--json'])).stdout);
    assert.equal(await page.inputValue('#region'), show.endpoint.default_region);
    await waitForDraft(page, id, (d) => d === null);
    await page.click('[data-undo-clear]');
    assert.equal(await control(page, 'InstanceId').inputValue(), 'emr-undo');
    assert.equal(await page.inputValue('#region'), 'ap-beijing');
    await waitForDraft(page, id, (d) => d?.values?.InstanceId === 'emr-undo' && d.region === 'ap-beijing');
    await page.click('[data-clear-form]');
    await reload(page, id);
    assert.equal(await page.locator('[data-draft-restored]').count(), 0);
    assert.equal(await control(page, 'InstanceId').inputValue(), '');
  });

  test('a link with values wins over the draft, which is offered back until the form changes', async () => {
    const id = 'huawei.dcs.CancelInstanceResize';
    await openApi(page, browser.server, id);
    await type(page, 'task_id', 'from-the-draft');
    await waitForDraft(page, id, (d) => d?.values?.task_id === 'from-the-draft');
    await openWithValues(page, browser.server, id, 'cn-east-3', { task_id: 'from-the-link' });
    assert.equal(await control(page, 'task_id').inputValue(), 'from-the-link');
    assert.equal(await page.locator('[data-draft-restored]').count(), 0);
    assert.equal(await page.getAttribute('[data-restored-from]', 'data-restored-from'), 'link');
    assert.equal((await storedDraft(page, id)).values.task_id, 'from-the-draft', 'kept while the form is unchanged');
    await page.click('[data-restore-previous]');
    assert.equal(await control(page, 'task_id').inputValue(), 'from-the-draft');
    assert.equal(await page.inputValue('#region'), (await storedDraft(page, id)).region);
    // Opening the same link again and typing: the link's values become the draft.
    await openWithValues(page, browser.server, id, 'cn-east-3', { task_id: 'from-the-link' });
    await type(page, 'instance_id', 'typed-after-link');
    await waitForDraft(page, id, (d) => d?.values?.task_id === 'from-the-link' && d.values.instance_id === 'typed-after-link');
    await page.click('[data-clear-form]');
  });

  test('two tabs on one API: the other tab is told, can load the change, and the last write wins', async () => {
    const id = 'tencent.emr.ScaleOutInstance';
    const a = page;
    await openApi(a, browser.server, id);
    const b = await browser.newPage();
    await b.goto(`${browser.server.url}#/${id}`, { waitUntil: 'load' });
    await b.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`);
    await type(a, 'InstanceId', 'emr-tab-a');
    await waitForDraft(b, id, (d) => d?.values?.InstanceId === 'emr-tab-a');
    await b.waitForSelector('[data-draft-elsewhere]');
    assert.equal(await control(b, 'InstanceId').inputValue(), '', 'b keeps its own values until asked');
    await b.click('[data-load-elsewhere]');
    assert.equal(await control(b, 'InstanceId').inputValue(), 'emr-tab-a');
    assert.equal(await b.locator('[data-draft-elsewhere]').count(), 0);
    await type(b, 'ClientToken', 'tok-from-b');
    await a.waitForSelector('[data-draft-elsewhere]');
    await waitForDraft(a, id, (d) => d?.values?.ClientToken === 'tok-from-b' && d.values.InstanceId === 'emr-tab-a');
    // A writes again without loading B's version: A's values win, whole and readable.
    await type(a, 'TaskCount', '4');
    await waitForDraft(b, id, (d) => d?.values?.TaskCount === 4);
    const stored = await storedDraft(b, id);
    assert.deepEqual(stored.values, { InstanceId: 'emr-tab-a', TaskCount: 4 });
    await b.close();
    await a.click('[data-clear-form]');
  });

  test('a corrupted store: the page works, says what could not be read, and keeps the broken text aside', async () => {
    const id = 'tencent.emr.ScaleOutInstance';
    await plantAndOpen(page, browser.server, id, {
      [draftKey(id)]: '{"v":1,"id":',
      'cloudreq.history': 'not json at all',
      'cloudreq.saved': '{"format": 5',
    });
    const notice = await page.textContent('[data-storage-notice]');
    assert.match(notice, /draft of tencent\.emr\.ScaleOutInstance could not be restored: the stored draft is not valid JSON/);
    assert.match(notice, /stored history is not readable/);
    assert.match(notice, /saved requests are unreadable/);
    assert.equal(await page.evaluate(() => localStorage.getItem('cloudreq.history.unreadable')), 'not json at all');
    assert.equal(await page.evaluate(() => localStorage.getItem('cloudreq.saved.unreadable')), '{"format": 5');
    // The form works, and the next write replaces the broken draft.
    const plan = FILL_PLANS[id];
    await fillPlan(page, plan);
    const file = await valuesFile('draft-corrupted', planValues(plan));
    assert.equal(await outputOf(page, 'curl'), (await cliBuild(id, file, plan.region, 'curl')).stdout);
    await waitForDraft(page, id, (d) => d?.values?.InstanceId === 'emr-cf00laqw');
    await page.click('[data-dismiss-notice]');
    assert.equal(await page.locator('[data-storage-notice]').count(), 0);
    await page.evaluate(() => {
      for (const k of ['cloudreq.history', 'cloudreq.history.unreadable', 'cloudreq.saved', 'cloudreq.saved.unreadable']) localStorage.removeItem(k);
    });
    await page.click('[data-clear-form]');
  });

  test('a full store (quota exceeded): a message, and the page goes on working in memory', async (t) => {
    const id = 'alibaba.emr.IncreaseNodes';
    await openApi(page, browser.server, id);
    // Fill this origin's storage to the brim, with ever smaller strings.
    const filled = await page.evaluate(() => {
      let n = 0;
      for (let size = 1 << 20; size >= 1; size >>= 1) {
        const chunk = 'x'.repeat(size);
        for (;;) {
          try {
            localStorage.setItem(`filler-${n}`, chunk);
            n++;
          } catch {
            break;
          }
        }
      }
      return n;
    });
    assert.ok(filled > 0);
    const chars = await page.evaluate(() => Object.entries(localStorage).reduce((n, [k, v]) => n + k.length + v.length, 0));
    t.diagnostic(`localStorage of this origin was full at ${chars} characters (keys + values) in ${filled} filler items`);
    const plan = FILL_PLANS[id];
    await fillPlan(page, plan);
    await page.waitForSelector('[data-storage-notice]');
    assert.match(await page.textContent('[data-storage-notice]'), /Browser storage is full: could not store the draft of alibaba\.emr\.IncreaseNodes/);
    const file = await valuesFile('draft-full', planValues(plan));
    assert.equal(await outputOf(page, 'curl'), (await cliBuild(id, file, plan.region, 'curl')).stdout, 'the form still works');
    // Saving works in memory and says it could not be stored.
    await openDetails(page, 'details.saved');
    await page.fill('#save-name', 'kept in memory');
    await page.click('[data-save]');
    assert.match(await page.textContent('[data-saved-message]'), /Saved as “kept in memory”/);
    assert.match(await page.textContent('[data-storage-notice]'), /could not store the saved requests/);
    assert.equal(await page.locator('[data-saved-list="this"] li[data-saved="kept in memory"]').count(), 1);
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('filler-')) localStorage.removeItem(k);
    });
    await page.click('[data-clear-form]');
    await page.click('[data-saved-clear]');
  });

  test('storage disabled (private mode, site setting): a message, and the page works', async () => {
    const id = 'huawei.ddm.ExpandInstanceNodes';
    const p = await browser.newPage();
    await p.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The user denied storage', 'SecurityError');
        },
      });
    });
    await p.goto(`${browser.server.url}#/${id}`, { waitUntil: 'load' });
    await p.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`);
    assert.match(await p.textContent('[data-storage-notice]'), /Browser storage is unavailable/);
    const plan = FILL_PLANS[id];
    await fillPlan(p, plan);
    const file = await valuesFile('draft-disabled', planValues(plan));
    assert.equal(await outputOf(p, 'curl'), (await cliBuild(id, file, plan.region, 'curl')).stdout);
    await p.close();
  });

  test('moving between APIs in the page draws a fresh page: every credential input is visible', async () => {
    // The seeds and the first sample operation of each generated service, in catalog order.
    const firsts = SAMPLE.filter((s) => s.why.some((w) => w.startsWith('first of '))).map((s) => s.id);
    const ids = ALL_IDS.filter((id) => SEED_IDS.includes(id) || firsts.includes(id));
    await openApi(page, browser.server, ids[0]);
    // Every service unfolded in the navigator (it stays so while the page moves between APIs).
    assert.deepEqual(await unfoldNavigator(page), ALL_IDS);
    // Through all of them, and back to the first two.
    for (const id of [...ids.slice(1), ...ids.slice(0, 2)]) {
      await page.click(`nav a[href="#/${id}"]`);
      await page.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`, { state: 'attached' });
      await openDetails(page, 'details.credentials');
      const hidden = await page.$$eval('details.credentials input', (es) => es.filter((e) => !e.checkVisibility()).map((e) => e.id));
      assert.deepEqual(hidden, [], `${id}: inputs without layout`);
      await page.click('details.credentials > summary');
    }
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
