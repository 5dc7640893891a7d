// Bad inputs: the right message under the right field (the same findings `cloudreq validate`
// prints), the summary counts them, Copy is disabled; fixing each clears it. Then "ignore
// rules" and the clipboard.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  addRow,
  assertNoProblems,
  choose,
  cliBuild,
  cliFindings,
  counts,
  deletePath,
  findingsAt,
  openWithValues,
  outputOf,
  setPath,
  startBrowser,
  type,
  valuesFile,
} from './lib.mjs';

const DDM = 'huawei.ddm.CreateInstance';
const TENCENT = 'tencent.emr.ScaleOutInstance';
const ALIBABA = 'alibaba.emr.IncreaseNodes';

const BASES = {
  [DDM]: {
    region: 'ap-southeast-1',
    values: {
      project_id: '619d3e78f61b4be68bc5aa0b59edcf7b',
      instance: {
        name: 'ddm-test-001',
        flavor_id: 'f-1',
        node_num: 2,
        engine_id: 'e-1',
        available_zones: ['az1'],
        vpc_id: 'vpc-1',
        security_group_id: 'sg-1',
        subnet_id: 'subnet-1',
      },
    },
  },
  [TENCENT]: { region: 'ap-guangzhou', values: { TimeUnit: 's', TimeSpan: 3600, InstanceId: 'emr-5n3l5c83', PayMode: 0 } },
  [ALIBABA]: { region: 'cn-hangzhou', values: { ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 3 } },
};

// Each case: steps that break a rule, what must show where (regexes on the messages), and the
// steps that fix it. A step is [kind, path, value]; value null = clear the input.
const CASES = {
  [DDM]: [
    {
      name: 'name starting with a digit',
      steps: [['type', 'instance.name', '1abc']],
      expect: { 'instance.name': [/must start with a letter/] },
      fix: [['type', 'instance.name', 'abc1']],
    },
    {
      name: '65-character name',
      steps: [['type', 'instance.name', 'a'.repeat(65)]],
      expect: { 'instance.name': [/4 to 64 characters.*has 65/] },
      fix: [['type', 'instance.name', 'a'.repeat(64)]],
    },
    {
      name: 'password abc',
      steps: [['type', 'instance.admin_user_password', 'abc']],
      expect: { 'instance.admin_user_password': [/8 to 32 characters/, /uppercase/, /digit/, /one of ~!@#%\^\*-_\+\?/] },
      checklist: { unmet: [/8 to 32 characters/, /uppercase/, /a digit/, /contains one of/], met: [/only letters/, /lowercase/] },
      fix: [['type', 'instance.admin_user_password', 'Abcdefgh1!']],
    },
    {
      name: 'password abcdefgh1',
      steps: [['type', 'instance.admin_user_password', 'abcdefgh1']],
      expect: { 'instance.admin_user_password': [/uppercase/, /one of ~!@#/] },
      checklist: { unmet: [/uppercase/, /contains one of/], met: [/8 to 32 characters/, /only letters/, /lowercase/, /a digit/] },
      fix: [['type', 'instance.admin_user_password', 'Abcdefgh1?']],
    },
    {
      name: "password with '=' (not allowed on Huawei Cloud)",
      steps: [['type', 'instance.admin_user_password', 'Abc=defgh1?']],
      expect: { 'instance.admin_user_password': [/=/] },
      checklist: { unmet: [/only letters.*found '='/], met: [/8 to 32/, /uppercase/, /lowercase/, /a digit/, /contains one of/] },
      fix: [['type', 'instance.admin_user_password', 'Abc-defgh1?']],
    },
    {
      name: 'prePaid without a period',
      steps: [['choose', 'extend_param.charge_mode', 'prePaid']],
      expect: {
        'extend_param.period_type': [/required when extend_param.charge_mode is "prePaid"/],
        'extend_param.period_num': [/required when extend_param.charge_mode is "prePaid"/],
      },
      fix: [
        ['choose', 'extend_param.period_type', 'month'],
        ['type', 'extend_param.period_num', 1],
      ],
    },
    {
      name: 'month with period_num 10',
      steps: [['type', 'extend_param.period_num', 10]],
      expect: { 'extend_param.period_num': [/between 1 and 9 when extend_param.period_type is "month" \(is 10\)/] },
      fix: [['type', 'extend_param.period_num', 9]],
    },
  ],
  [TENCENT]: [
    {
      name: 'PayMode 0 with TimeUnit m',
      steps: [['choose', 'TimeUnit', 'm']],
      expect: { TimeUnit: [/PayMode 0\) needs TimeUnit s/], PayMode: [/TimeUnit m belongs to subscription/] },
      fix: [['choose', 'TimeUnit', 's']],
    },
    {
      name: 'TimeSpan 100 with TimeUnit s',
      steps: [['type', 'TimeSpan', 100]],
      expect: { TimeSpan: [/only accepted TimeSpan is 3600/] },
      fix: [['type', 'TimeSpan', 3600]],
    },
    {
      name: 'both TaskCount and CoreCount',
      steps: [
        ['type', 'TaskCount', 1],
        ['type', 'CoreCount', 2],
      ],
      expect: { TaskCount: [/either Task nodes or Core nodes/], CoreCount: [/either Task nodes or Core nodes/] },
      fix: [['type', 'CoreCount', null]],
    },
  ],
  [ALIBABA]: [
    {
      name: 'IncreaseNodeCount 0',
      steps: [['type', 'IncreaseNodeCount', 0]],
      expect: { IncreaseNodeCount: [/between 1 and 500 \(is 0\)/] },
      fix: [['type', 'IncreaseNodeCount', 1]],
    },
    {
      name: 'IncreaseNodeCount 501',
      steps: [['type', 'IncreaseNodeCount', 501]],
      expect: { IncreaseNodeCount: [/between 1 and 500 \(is 501\)/] },
      fix: [['type', 'IncreaseNodeCount', 500]],
    },
    {
      name: 'IncreaseNodeCount 12a (a text input takes it)',
      steps: [['type', 'IncreaseNodeCount', '12a']],
      expect: { IncreaseNodeCount: [/whole number, not the text "12a"/] },
      fix: [['type', 'IncreaseNodeCount', 12]],
    },
    {
      name: 'MinIncreaseNodeCount above IncreaseNodeCount',
      steps: [['type', 'MinIncreaseNodeCount', 13]],
      expect: { MinIncreaseNodeCount: [/cannot be larger/] },
      fix: [['type', 'MinIncreaseNodeCount', 12]],
    },
    {
      name: 'ApplicationConfigs row without ConfigItemKey',
      steps: [
        ['add', 'ApplicationConfigs', {}],
        ['type', 'ApplicationConfigs[0].ApplicationName', 'HDFS'],
        ['type', 'ApplicationConfigs[0].ConfigFileName', 'hdfs-site.xml'],
      ],
      expect: { 'ApplicationConfigs[0].ConfigItemKey': [/ConfigItemKey is required/] },
      fix: [['type', 'ApplicationConfigs[0].ConfigItemKey', 'dfs.replication']],
    },
  ],
};

describe('rules: findings at the field, counts, Copy', { timeout: 120_000 }, () => {
  let browser;
  let page;

  before(async () => {
    browser = await startBrowser({ permissions: ['clipboard-read', 'clipboard-write'] });
    page = browser.firstPage();
  });
  after(() => browser?.close());

  /** Applies steps in the page and to the mirror of its values. */
  async function apply(values, steps) {
    for (const [kind, p, v] of steps) {
      if (kind === 'add') {
        await addRow(page, p);
        const list = (values[p] ??= []);
        list.push(v);
      } else {
        if (kind === 'type') await type(page, p, v === null ? '' : String(v));
        else await choose(page, p, v === null ? '' : String(v));
        const parsed = v === null ? null : kind === 'type' && /^-?\d+$/.test(String(v)) ? Number(v) : v;
        if (parsed === null) deletePath(values, p);
        else setPath(values, p, parsed);
      }
    }
  }

  /** The page shows, at every path the CLI names (and at the expected ones), exactly the
   * CLI's findings; the counts agree. */
  async function assertLikeCli(id, values, region, paths) {
    const cli = await cliFindings(id, values, region);
    const all = new Set([...paths, ...cli.map((f) => f.path)]);
    for (const p of all) {
      const want = cli.filter((f) => f.path === p).map((f) => ({ severity: f.severity, text: f.message }));
      assert.deepEqual(await findingsAt(page, p), want, `findings at ${p}`);
    }
    const errors = cli.filter((f) => f.severity === 'error').length;
    assert.deepEqual(await counts(page), { errors, warnings: cli.length - errors }, 'summary counts');
    return errors;
  }

  for (const [id, cases] of Object.entries(CASES)) {
    test(`${id}: ${cases.map((c) => c.name).join('; ')}`, async () => {
      const { region, values: base } = BASES[id];
      const values = structuredClone(base);
      await openWithValues(page, browser.server, id, region, values);
      assert.equal(await assertLikeCli(id, values, region, []), 0, 'the base values pass');

      for (const c of cases) {
        await apply(values, c.steps);
        const errors = await assertLikeCli(id, values, region, Object.keys(c.expect));
        assert.ok(errors > 0, `${c.name}: errors counted`);
        for (const [p, patterns] of Object.entries(c.expect)) {
          const shown = await findingsAt(page, p);
          for (const re of patterns) {
            assert.ok(
              shown.some((f) => f.severity === 'error' && re.test(f.text)),
              `${c.name}: no error matching ${re} at ${p}; shown: ${JSON.stringify(shown)}`,
            );
          }
        }
        assert.equal(await page.isDisabled('[data-copy]'), true, `${c.name}: Copy disabled`);
        assert.match(await page.textContent('.blocked'), new RegExp(`^${errors} errors? above`), `${c.name}: blocked notice`);
        if (c.checklist) {
          const items = await page.$$eval('ul.checklist > li', (lis) => lis.map((li) => ({ met: li.dataset.met, text: li.textContent })));
          for (const [state, patterns] of Object.entries(c.checklist)) {
            for (const re of patterns) {
              const item = items.find((i) => re.test(i.text));
              assert.ok(item, `${c.name}: no checklist item matching ${re}: ${JSON.stringify(items)}`);
              assert.equal(item.met, String(state === 'met'), `${c.name}: checklist "${item.text}"`);
            }
          }
        }

        await apply(values, c.fix);
        assert.equal(await assertLikeCli(id, values, region, Object.keys(c.expect)), 0, `${c.name}: fixed`);
        for (const p of Object.keys(c.expect)) {
          assert.equal((await findingsAt(page, p)).filter((f) => f.severity === 'error').length, 0, `${c.name}: ${p} cleared`);
        }
        assert.equal(await page.isDisabled('[data-copy]'), false, `${c.name}: Copy enabled again`);
        assert.equal(await page.locator('.blocked').count(), 0, `${c.name}: blocked notice gone`);
        if (c.checklist) {
          const unmet = await page.$$eval('ul.checklist > li[data-met="false"]', (lis) => lis.map((li) => li.textContent));
          assert.deepEqual(unmet, [], `${c.name}: every checklist item met`);
        }
      }

      // The output still equals the CLI's for the final values.
      const file = await valuesFile(`rules-${id}`, values);
      assert.equal(await outputOf(page, 'curl'), (await cliBuild(id, file, region, 'curl')).stdout);
    });
  }

  test('the password field can be shown and hidden', async () => {
    await openWithValues(page, browser.server, DDM, 'ap-southeast-1', BASES[DDM].values);
    const input = page.locator('[data-path="instance.admin_user_password"]');
    const toggle = page.locator('.password button');
    assert.equal(await input.getAttribute('type'), 'password');
    assert.equal((await toggle.textContent()).trim(), 'Show');
    await toggle.click();
    assert.equal(await input.getAttribute('type'), 'text');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal((await toggle.textContent()).trim(), 'Hide');
    await toggle.click();
    assert.equal(await input.getAttribute('type'), 'password');
  });

  test('"ignore rules" enables Copy, shows the notice, and Copy fills the clipboard', async () => {
    const values = { ...BASES[ALIBABA].values, IncreaseNodeCount: 0 };
    await openWithValues(page, browser.server, ALIBABA, 'cn-hangzhou', values);
    assert.equal((await counts(page)).errors, 1);
    assert.equal(await page.isDisabled('[data-copy]'), true);
    assert.equal(await page.locator('.ignoring').count(), 0);

    await page.check('#ignore-rules');
    assert.equal(await page.isDisabled('[data-copy]'), false, 'Copy enabled while ignoring rules');
    assert.match(await page.textContent('.ignoring'), /Rules are ignored/);
    assert.equal(await page.locator('.blocked').count(), 0);
    // The findings stay visible; the request is what `build --force` prints.
    assert.equal((await counts(page)).errors, 1);
    const file = await valuesFile('rules-ignored', values);
    const forced = await cliBuild(ALIBABA, file, 'cn-hangzhou', 'curl', ['--force']);
    const shown = await outputOf(page, 'curl');
    assert.equal(shown, forced.stdout);

    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await page.click('[data-copy]');
    await page.waitForFunction(() => document.querySelector('.copied')?.textContent.trim().length > 0);
    assert.equal((await page.textContent('.copied')).trim(), 'Copied to the clipboard.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown, 'clipboard holds the curl tab');

    // Another tab copies its own text.
    const json = await outputOf(page, 'json');
    await page.click('[data-copy]');
    await page.waitForFunction((t) => navigator.clipboard.readText().then((c) => c === t), json);

    // Unticking blocks Copy again.
    await page.uncheck('#ignore-rules');
    assert.equal(await page.isDisabled('[data-copy]'), true);
    assert.equal(await page.locator('.ignoring').count(), 0);
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
