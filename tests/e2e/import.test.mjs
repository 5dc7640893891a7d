// The import box: invalid JSON gives a clear message and changes nothing; a pasted body (or a
// `cloudreq build` values file) fills the fields, merged over what is there.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertNoProblems,
  cliBuild,
  counts,
  display,
  formState,
  leaves,
  openApi,
  outputOf,
  pasteImport,
  startBrowser,
  type,
  valuesFile,
} from './lib.mjs';

const paste = pasteImport;

describe('import', { timeout: 60_000 }, () => {
  let browser;
  let page;

  before(async () => {
    browser = await startBrowser();
    page = browser.firstPage();
  });
  after(() => browser?.close());

  test('invalid JSON: a clear message with line and column, nothing changes', async () => {
    const id = 'huawei.ddm.CreateInstance';
    await openApi(page, browser.server, id);
    await type(page, 'instance.name', 'keep-me');
    const before = { state: await formState(page), curl: await outputOf(page, 'curl') };

    const msg = await paste(page, '{\n  "instance": {"name": "x",\n}');
    assert.match(msg, /^Not valid JSON: .+ \(line 3, column 1\)\.$/);
    assert.deepEqual(await formState(page), before.state, 'fields unchanged');
    assert.equal(await outputOf(page, 'curl'), before.curl, 'output unchanged');

    assert.match(await paste(page, '[1, 2]'), /must be an object/);
    assert.match(await paste(page, 'not json at all'), /^Not valid JSON: .+\(line 1, column \d+\)\.$/);
    assert.match(await paste(page, ''), /^Not valid JSON/);
    assert.deepEqual(await formState(page), before.state, 'still unchanged');
  });

  test('a pasted request body fills the fields (merged over the typed path parameter)', async () => {
    const id = 'huawei.ddm.CreateInstance';
    await openApi(page, browser.server, id);
    await type(page, 'project_id', '619d3e78f61b4be68bc5aa0b59edcf7b');
    const body = {
      instance: {
        name: 'ddm-imported',
        flavor_id: '8f2e696c-a9c1-30bd-af90-25522bc67606',
        node_num: 4,
        engine_id: '2325a707-0361-8be6-dd01-13474bbac437',
        available_zones: ['az1', 'az2', 'az3'],
        vpc_id: 'e1d886ec-cfe7-4cd4-b748-fc55a10b4172',
        security_group_id: '035b70ed-319b-4086-9fd7-62a2e8548b2e',
        subnet_id: 'f942f970-1a02-4eee-8927-xxxxxxxx',
        time_zone: 'UTC+08:00',
      },
      extend_param: { charge_mode: 'prePaid', period_type: 'year', period_num: 1, is_auto_renew: 'false', is_auto_pay: 'true' },
    };
    assert.equal(await paste(page, JSON.stringify(body, null, 2)), 'Imported.');
    const values = { project_id: '619d3e78f61b4be68bc5aa0b59edcf7b', ...body };
    const state = await formState(page);
    for (const [p, v] of leaves(values)) assert.equal(state[p], display(v), `input ${p}`);
    assert.equal(await page.locator('li[data-row^="instance.available_zones["]').count(), 3);
    assert.equal(await page.$eval('.field[data-field="extend_param.period_num"]', (e) => e.classList.contains('hidden')), false);
    assert.equal((await counts(page)).errors, 0);
    const file = await valuesFile('import-ddm', values);
    for (const format of ['curl', 'json']) {
      assert.equal(await outputOf(page, format), (await cliBuild(id, file, 'ap-southeast-1', format)).stdout, format);
    }
  });

  test('a values file with list rows fills an Alibaba form', async () => {
    const id = 'alibaba.emr.IncreaseNodes';
    await openApi(page, browser.server, id);
    const values = {
      ClusterId: 'c-imported',
      NodeGroupId: 'ng-imported',
      IncreaseNodeCount: 10,
      MinIncreaseNodeCount: 5,
      ApplicationConfigs: [
        { ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'dfs.replication', ConfigItemValue: '2' },
        { ApplicationName: 'YARN', ConfigFileName: 'yarn-site.xml', ConfigItemKey: 'k', ConfigScope: 'NODE_GROUP', NodeGroupId: 'ng-1' },
        { ApplicationName: 'SPARK', ConfigFileName: 'spark-defaults.conf', ConfigItemKey: 'spark.x', ConfigItemValue: 'a b&c' },
      ],
    };
    assert.equal(await paste(page, JSON.stringify(values)), 'Imported.');
    assert.equal(await page.locator('li[data-row^="ApplicationConfigs["]').count(), 3);
    const state = await formState(page);
    for (const [p, v] of leaves(values)) assert.equal(state[p], display(v), `input ${p}`);
    const file = await valuesFile('import-alibaba', values);
    assert.equal(await outputOf(page, 'curl'), (await cliBuild(id, file, 'cn-hangzhou', 'curl')).stdout);
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
