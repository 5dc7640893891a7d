// Paste a curl command: one for the open operation fills the form (values replaced, region
// set) and lists what it could not place; one for another operation names it and links to it,
// changing nothing. The page is served from $CLOUDREQ_DIST when set (a separate build), else
// from dist/.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { DIST, assertNoProblems, cliBuild, formState, launchLocalChromium, openApi, outputOf, pasteImport, valuesFile } from './lib.mjs';
import { serveDir } from './serve.mjs';

describe('import a curl command', { timeout: 90_000 }, () => {
  let server;
  let context;
  let page;
  let userDataDir;
  const problems = [];

  before(async () => {
    server = await serveDir(process.env.CLOUDREQ_DIST || DIST);
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'cloudreq-e2e-import-curl-'));
    context = await launchLocalChromium(userDataDir, server.port, problems);
    page = context.pages()[0];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error: ${msg.text()}`));
  });
  after(async () => {
    await context?.close().catch(() => {});
    await server?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  test("the CLI's curl for the open operation fills the form and the page then prints the same curl", async () => {
    const id = 'alibaba.emr.IncreaseNodes';
    const values = {
      ClusterId: "c-'q' $HOME `x` 数据 🚀",
      NodeGroupId: 'ng-1',
      IncreaseNodeCount: 2,
      ApplicationConfigs: [{ ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'k', ConfigItemValue: 'v w', ConfigScope: 'CLUSTER' }],
    };
    const file = await valuesFile('import-curl-alibaba', values);
    const built = await cliBuild(id, file, 'cn-shanghai', 'curl');
    await openApi(page, server, id);
    const message = await pasteImport(page, `${built.cliStdout.trimEnd()} \\\n  -H 'X-Trace: 1'\n`);
    assert.match(message, /^Imported from the curl command; 1 item\(s\) could not be placed/);
    assert.deepEqual(await page.$$eval('.import-unplaced li', (lis) => lis.map((li) => li.textContent.trim())), ['header:X-Trace']);
    assert.equal(await page.inputValue('#region'), 'cn-shanghai');
    const state = await formState(page);
    assert.equal(state.ClusterId, values.ClusterId);
    assert.equal(state['ApplicationConfigs[0].ConfigItemValue'] ?? state['ApplicationConfigs.0.ConfigItemValue'], 'v w');
    assert.equal(await outputOf(page, 'curl'), built.stdout, 'the form holds exactly what the command sent');
    assertNoProblems(problems);
  });

  test('a command for another operation names it, links to it and changes nothing', async () => {
    const id = 'alibaba.emr.IncreaseNodes';
    await openApi(page, server, id);
    const before = await formState(page);
    const message = await pasteImport(
      page,
      "curl -X POST https://cvm.tencentcloudapi.com -H 'X-TC-Action: DescribeZones' -H 'X-TC-Version: 2017-03-12' -d '{}'",
    );
    assert.equal(message, `This curl command calls tencent.cvm.DescribeZones, not ${id}. Nothing was changed.`);
    assert.equal(await page.getAttribute('.import-elsewhere a', 'href'), '#/tencent.cvm.DescribeZones');
    assert.deepEqual(await formState(page), before);
    const huawei = await pasteImport(page, 'curl https://ddm.ap-southeast-1.myhuaweicloud.com/v1/p/instances');
    assert.match(huawei, /is not for alibaba\.emr\.IncreaseNodes\. Nothing was changed\.$/);
    assert.match(await pasteImport(page, "curl 'https://x"), /^This curl command cannot be read: .*single quote is not closed/);
    assertNoProblems(problems);
  });

  test("the CLI's tccli command fills the form; an aliyun command for another operation names it", async () => {
    const id = 'tencent.emr.ScaleOutInstance';
    const values = { InstanceId: "emr-'q' $HOME `x` 数据 🚀", ClientToken: '-t', TimeSpan: 3600, TimeUnit: 's', PayMode: 0 };
    const file = await valuesFile('import-tccli-tencent', values);
    const built = await cliBuild(id, file, 'ap-shanghai', 'tccli');
    await openApi(page, server, id);
    const message = await pasteImport(page, `${built.cliStdout.trimEnd()} \\\n  --NoSuchParam 1 --secretKey hidden\n`);
    assert.match(message, /^Imported from the tccli command; 1 item\(s\) could not be placed/);
    assert.deepEqual(await page.$$eval('.import-unplaced li', (lis) => lis.map((li) => li.textContent.trim())), ['NoSuchParam']);
    assert.equal(await page.inputValue('#region'), 'ap-shanghai');
    const state = await formState(page);
    assert.equal(state.InstanceId, values.InstanceId);
    assert.equal(state.ClientToken, '-t');
    const before = await formState(page);
    const other = await pasteImport(page, 'aliyun ecs DescribeRegions --region cn-hangzhou --access-key-id AK');
    assert.equal(other, `This aliyun command calls alibaba.ecs.DescribeRegions, not ${id}. Nothing was changed.`);
    assert.equal(await page.getAttribute('.import-elsewhere a', 'href'), '#/alibaba.ecs.DescribeRegions');
    assert.deepEqual(await formState(page), before);
    assertNoProblems(problems);
  });
});
