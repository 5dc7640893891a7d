// The cloud's own CLI and SDK tabs: each operation shows exactly the tabs of its cloud
// (tccli for Tencent, aliyun for Alibaba, hcloud for Huawei, Python for all but OTC), and each
// tab's text is what `cloudreq build --format …` prints for the same values and region.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertNoProblems, cliBuild, openWithValues, outputOf, sampleValues, startBrowser, valuesFile } from './lib.mjs';

const COMMON = ['curl', 'curl-pwsh', 'curl-cmd', 'json', 'http'];
const CASES = [
  ['tencent.emr.ScaleOutInstance', 'ap-guangzhou', ['tccli', 'python']],
  ['alibaba.emr.IncreaseNodes', 'cn-hangzhou', ['aliyun', 'python']],
  ['huawei.ddm.ExpandInstanceNodes', 'ap-southeast-1', ['hcloud', 'python']],
  ['otc.ddm.ExpandInstanceNodes', 'eu-de', []],
];

describe('output formats per cloud', { timeout: 180_000 }, () => {
  let browser;
  let page;

  before(async () => {
    browser = await startBrowser();
    page = browser.firstPage();
  });
  after(() => browser?.close());

  for (const [id, region, own] of CASES) {
    test(`${id}: the tabs of its cloud, each as the CLI prints it`, async () => {
      const { values } = await sampleValues(id);
      await openWithValues(page, browser.server, id, region, values);
      const tabs = await page.$$eval('[role="tablist"] [role="tab"]', (els) => els.map((e) => e.dataset.tab));
      assert.deepEqual(tabs, [...COMMON, ...own, 'signature']);
      const file = await valuesFile(`formats-${id}`, values);
      for (const tab of own) {
        const shown = await outputOf(page, tab);
        assert.equal(shown, (await cliBuild(id, file, region, tab, ['--force'])).stdout, `${id} ${tab}`);
      }
    });
  }

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
