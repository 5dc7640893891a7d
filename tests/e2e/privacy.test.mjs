// Permalinks restore a form exactly; credentials never leave the page's memory (URL, storage,
// history, console, share link, clipboard); "Forget" clears them.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  SEED_IDS,
  FILL_PLANS,
  assertNoProblems,
  cliBuild,
  formState,
  openDetails,
  openWithValues,
  outputOf,
  planValues,
  setPath,
  startBrowser,
  type,
  valuesFile,
  clickNav,
  deletePath,
  secretPaths,
} from './lib.mjs';

const TABS = ['curl', 'curl-pwsh', 'curl-cmd', 'json', 'http', 'signature'];

// A field to change by hand before sharing, per API: [path, typed text, JSON value].
const EDITS = {
  'huawei.ddm.CreateInstance': ['instance.name', 'shared-name_1', 'shared-name_1'],
  'otc.ddm.CreateInstance': ['instance.node_num', '7', 7],
  'huawei.ddm.ExpandInstanceNodes': ['group_id', 'grp #1 & 2?', 'grp #1 & 2?'],
  'otc.ddm.ExpandInstanceNodes': ['flavor_id', 'flavor/ü', 'flavor/ü'],
  'huawei.dcs.CancelInstanceResize': ['task_id', 'task%20id', 'task%20id'],
  'tencent.emr.ScaleOutInstance': ['Tags[0].TagValue', '数据 "平台" 🚀', '数据 "平台" 🚀'],
  'alibaba.emr.IncreaseNodes': ['ApplicationConfigs[1].ConfigItemValue', "a'b=c&d#e", "a'b=c&d#e"],
};

async function allTabs(page) {
  const out = {};
  for (const tab of TABS) out[tab] = await outputOf(page, tab);
  return out;
}

describe('permalinks and credential privacy', { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    browser = await startBrowser({ permissions: ['clipboard-read', 'clipboard-write'] });
  });
  after(() => browser?.close());

  for (const id of SEED_IDS) {
    test(`${id}: share → open the link in a fresh page → same inputs, same output`, async () => {
      const plan = FILL_PLANS[id];
      const values = planValues(plan);
      const page = browser.firstPage();
      await openWithValues(page, browser.server, id, plan.region, values);
      const [p, text, value] = EDITS[id];
      await type(page, p, text);
      setPath(values, p, value);

      await page.click('[data-share]');
      const href = await page.getAttribute('a.share-link', 'href');
      assert.ok(href.startsWith(`${browser.server.url}#/${id}?`), href);
      const params = new URLSearchParams(href.split('?')[1].replace(/\+/g, '%2B'));
      assert.equal(params.get('region'), plan.region);
      // Secret fields (a password) stay in the page: the link carries every other value.
      const secrets = await secretPaths(id);
      const shared = structuredClone(values);
      for (const s of secrets) deletePath(shared, s);
      assert.deepEqual(JSON.parse(params.get('values')), shared, 'the link carries exactly the form values but secrets');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), href, 'Share copies the link');

      const before = { state: await formState(page), region: await page.inputValue('#region'), tabs: await allTabs(page) };
      const fresh = await browser.newPage();
      await fresh.goto(href, { waitUntil: 'load' });
      await fresh.waitForSelector(`article.api-page[data-api="${id}"] form.api-form`);
      const afterOpen = { state: await formState(fresh), region: await fresh.inputValue('#region'), tabs: await allTabs(fresh) };
      await fresh.close();
      const expected = structuredClone(before);
      for (const s of secrets) if (s in expected.state) expected.state[s] = '';
      if (secrets.length === 0) assert.deepEqual(afterOpen, before);
      else assert.deepEqual({ state: afterOpen.state, region: afterOpen.region }, { state: expected.state, region: expected.region });
      const file = await valuesFile(`permalink-${id}`, values);
      assert.equal(before.tabs.curl, (await cliBuild(id, file, plan.region, 'curl')).stdout);
      // The opened link builds what the CLI builds from the shared values (forced: a required
      // password may be missing).
      const sharedFile = await valuesFile(`permalink-${id}-shared`, shared);
      assert.equal(afterOpen.tabs.curl, (await cliBuild(id, sharedFile, plan.region, 'curl', ['--force'])).stdout);
    });
  }

  test('credentials appear nowhere but in their inputs; Forget clears them', async () => {
    const page = await browser.newPage();
    const secrets = {
      '#cred-tencent-id': 'AKIDprivacyTencentId4242',
      '#cred-tencent-secret': 'privacyTencentKey-9f8e7d',
      '#cred-tencent-session': 'privacyTencentToken-1a2b3c',
      '#cred-alibaba-id': 'LTAIprivacyAlibabaId77',
      '#cred-alibaba-secret': 'privacyAlibabaSecret-5e6f',
      '#cred-alibaba-session': 'privacyAlibabaSts-0c0d',
      '#cred-huawei-id': 'HPUAprivacyHuaweiAk31',
      '#cred-huawei-secret': 'privacyHuaweiSk-aa11bb',
      '#cred-huawei-session': 'privacyHuaweiSts-cc22dd',
      '#cred-otc-token': 'privacyOtcIamToken-ee33',
    };
    // The strings that must never leave the inputs (ids are not secret, but check them too).
    const needles = Object.values(secrets);
    const byCloud = {
      'tencent.emr.ScaleOutInstance': ['#cred-tencent-id', '#cred-tencent-secret', '#cred-tencent-session'],
      'alibaba.emr.IncreaseNodes': ['#cred-alibaba-id', '#cred-alibaba-secret', '#cred-alibaba-session'],
      'huawei.ddm.CreateInstance': ['#cred-huawei-id', '#cred-huawei-secret', '#cred-huawei-session'],
      'otc.ddm.ExpandInstanceNodes': ['#cred-otc-token'],
    };
    const visited = [];
    let first = true;
    for (const [id, inputs] of Object.entries(byCloud)) {
      const plan = FILL_PLANS[id];
      if (first) {
        await openWithValues(page, browser.server, id, plan.region, planValues(plan));
        first = false;
      } else {
        // In-app navigation keeps the credentials of the other clouds in memory.
        await clickNav(page, id);
        await page.waitForSelector(`article.api-page[data-api="${id}"]`);
        await page.selectOption('select#example', '0');
      }
      visited.push(page.url());
      await openDetails(page, 'details.credentials');
      for (const sel of inputs) {
        await page.locator(sel).pressSequentially(secrets[sel]);
        assert.equal(await page.getAttribute(sel, 'type'), /-id$|-ak$/.test(sel) ? 'text' : 'password', `${sel} type`);
      }
      await page.fill('#cred-at', '2025-01-24T08:00:00Z');
      for (const tab of TABS) await outputOf(page, tab);
      assert.doesNotMatch(await outputOf(page, 'signature'), /Not signed/, `${id} is signed`);
      await page.click('[data-share]');
      const share = await page.getAttribute('a.share-link', 'href');
      visited.push(share);
      for (const s of needles) assert.ok(!share.includes(s), `share link of ${id} holds ${s}`);
      assert.ok(!needles.some((s) => decodeURIComponent(share).includes(s)), 'decoded share link');
      // Follow the share link in the same tab (a history entry), as a user would.
      await page.goto(share);
      await page.waitForSelector(`article.api-page[data-api="${id}"]`);
      visited.push(page.url());
    }

    const leaks = await page.evaluate((needles) => {
      const dump = (s) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`).join('\n');
      const places = {
        href: location.href,
        decodedHref: decodeURIComponent(location.href),
        localStorage: dump(localStorage),
        sessionStorage: dump(sessionStorage),
        cookie: document.cookie,
        title: document.title,
        windowName: window.name,
        historyState: JSON.stringify(history.state),
      };
      return Object.entries(places).flatMap(([where, text]) => needles.filter((n) => text.includes(n)).map((n) => `${where}: ${n}`));
    }, needles);
    assert.deepEqual(leaks, []);

    // Forget: back on a page with credentials, every input empties and the output loses its signature.
    const id = 'tencent.emr.ScaleOutInstance';
    const plan = FILL_PLANS[id];
    await clickNav(page, id);
    await page.waitForSelector(`article.api-page[data-api="${id}"]`);
    await page.selectOption('select#example', '1');
    await openDetails(page, 'details.credentials');
    assert.equal(await page.inputValue('#cred-tencent-secret'), secrets['#cred-tencent-secret'], 'kept in memory across pages');
    assert.match(await outputOf(page, 'curl'), /Signature=[0-9a-f]{64}/);
    await page.click('[data-forget]');
    for (const sel of byCloud[id]) assert.equal(await page.inputValue(sel), '', `${sel} cleared`);
    const curl = await outputOf(page, 'curl');
    assert.doesNotMatch(curl, /Signature=[0-9a-f]{64}|privacy/);
    assert.match(curl, /<[A-Z_]+>/, 'placeholders are back');
    assert.match(await outputOf(page, 'signature'), /Not signed/);
    for (const other of ['alibaba.emr.IncreaseNodes', 'huawei.ddm.CreateInstance', 'otc.ddm.ExpandInstanceNodes']) {
      await clickNav(page, other);
      await page.waitForSelector(`article.api-page[data-api="${other}"]`);
      await openDetails(page, 'details.credentials');
      for (const sel of byCloud[other]) assert.equal(await page.inputValue(sel), '', `${sel} cleared on ${other}`);
    }
    // Walk back through this tab's history: no entry's URL holds a secret.
    const length = await page.evaluate(() => history.length);
    const urls = [page.url()];
    for (let i = 1; i < length; i++) {
      const res = await page.goBack({ waitUntil: 'commit' }).catch(() => null);
      if (res === null && urls.at(-1) === page.url()) break;
      urls.push(page.url());
    }
    assert.ok(urls.length >= 4, `walked ${urls.length} history entries`);
    for (const u of [...urls, ...visited]) {
      for (const s of needles) assert.ok(!decodeURIComponent(u).includes(s), `history URL ${u} holds ${s}`);
    }
    for (const m of browser.consoleMessages) {
      for (const s of needles) assert.ok(!m.includes(s), `console message holds a secret: ${m}`);
    }

    // The unsigned output is the CLI's again.
    await page.goto('about:blank');
    await openWithValues(page, browser.server, id, plan.region, planValues(plan));
    const file = await valuesFile('privacy-forget', planValues(plan));
    assert.equal(await outputOf(page, 'curl'), (await cliBuild(id, file, plan.region, 'curl')).stdout);
    await page.close();
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
