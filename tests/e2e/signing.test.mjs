// Signing in the page: with test credentials, a fixed clock and (Alibaba) a fixed nonce, every
// output tab equals `cloudreq build --sign …` and the Signature tab equals its `--explain`.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  FILL_PLANS,
  assertNoProblems,
  cliBuild,
  openDetails,
  openWithValues,
  outputOf,
  planValues,
  runCli,
  startBrowser,
  valuesFile,
} from './lib.mjs';

const AT = '2025-01-24T08:00:00Z';
const NONCE = 'e2e-nonce-3f9c0d2a';
const FORMATS = ['curl', 'curl-pwsh', 'curl-cmd', 'json', 'http'];

// Test credentials only (made up, in the shape each cloud uses).
export const CASES = [
  {
    name: 'Huawei Cloud AK/SK',
    id: 'huawei.ddm.CreateInstance',
    inputs: { '#cred-huawei-id': 'HPUAE2ETESTAKID0001', '#cred-huawei-secret': 'e2eHuaweiSecretKey0001xyz' },
    args: ['--access-key-id', 'HPUAE2ETESTAKID0001', '--secret-key-env', 'SK'],
    env: { SK: 'e2eHuaweiSecretKey0001xyz' },
  },
  {
    name: 'Huawei Cloud AK/SK with a security token',
    id: 'huawei.dcs.CancelInstanceResize',
    inputs: {
      '#cred-huawei-id': 'HPUAE2ETESTAKID0002',
      '#cred-huawei-secret': 'e2eHuaweiSecretKey0002xyz',
      '#cred-huawei-session': 'e2eHuaweiSessionToken0002',
    },
    args: ['--access-key-id', 'HPUAE2ETESTAKID0002', '--secret-key-env', 'SK', '--security-token-env', 'STS'],
    env: { SK: 'e2eHuaweiSecretKey0002xyz', STS: 'e2eHuaweiSessionToken0002' },
  },
  {
    name: 'Huawei Cloud IAM token',
    id: 'huawei.ddm.ExpandInstanceNodes',
    inputs: { '#cred-huawei-token': 'MIIe2eHuaweiIamToken0003' },
    args: ['--token-env', 'TOKEN'],
    env: { TOKEN: 'MIIe2eHuaweiIamToken0003' },
  },
  {
    name: 'Open Telekom Cloud IAM token',
    id: 'otc.ddm.CreateInstance',
    inputs: { '#cred-otc-token': 'MIIe2eOtcIamToken0004' },
    args: ['--token-env', 'TOKEN'],
    env: { TOKEN: 'MIIe2eOtcIamToken0004' },
  },
  {
    name: 'Tencent Cloud',
    id: 'tencent.emr.ScaleOutInstance',
    inputs: { '#cred-tencent-id': 'AKIDe2eTencentSecretId0005', '#cred-tencent-secret': 'e2eTencentSecretKey0005' },
    args: ['--access-key-id', 'AKIDe2eTencentSecretId0005', '--secret-key-env', 'SK'],
    env: { SK: 'e2eTencentSecretKey0005' },
  },
  {
    name: 'Alibaba Cloud with an STS token',
    id: 'alibaba.emr.IncreaseNodes',
    inputs: {
      '#cred-alibaba-id': 'STS.e2eAlibabaKeyId0006',
      '#cred-alibaba-secret': 'e2eAlibabaSecret0006',
      '#cred-alibaba-session': 'e2eAlibabaSecurityToken0006',
      '#cred-nonce': NONCE,
    },
    args: ['--access-key-id', 'STS.e2eAlibabaKeyId0006', '--secret-key-env', 'SK', '--security-token-env', 'STS', '--nonce', NONCE],
    env: { SK: 'e2eAlibabaSecret0006', STS: 'e2eAlibabaSecurityToken0006' },
  },
];

describe('signing in the page equals cloudreq build --sign', { timeout: 90_000 }, () => {
  let browser;
  let page;

  before(async () => {
    browser = await startBrowser();
    page = browser.firstPage();
  });
  after(() => browser?.close());

  for (const c of CASES) {
    test(`${c.name} (${c.id})`, async () => {
      const plan = FILL_PLANS[c.id];
      const values = planValues(plan);
      await openWithValues(page, browser.server, c.id, plan.region, values);

      // Unsigned first: placeholders, and the Signature tab says why.
      assert.match(await outputOf(page, 'signature'), /Not signed/);
      const file = await valuesFile(`signing-${c.id}`, values);
      assert.equal(await outputOf(page, 'curl'), (await cliBuild(c.id, file, plan.region, 'curl')).stdout);

      await openDetails(page, 'details.credentials');
      for (const [sel, text] of Object.entries(c.inputs)) await page.fill(sel, text);
      await page.fill('#cred-at', AT);

      const validate = await runCli(['validate', c.id, '--values', file, '--region', plan.region]);
      for (const format of FORMATS) {
        const cli = await cliBuild(c.id, file, plan.region, format, ['--sign', '--at', AT, '--explain', ...c.args], c.env);
        assert.equal(await outputOf(page, format), cli.stdout, `${format} tab, signed`);
        if (format === 'curl') {
          // stderr: the findings (as `validate` prints them), then the signature stages.
          assert.ok(cli.stderr.startsWith(validate.stdout), 'stderr starts with the findings');
          const explain = cli.stderr.slice(validate.stdout.length);
          assert.match(explain, c.inputs['#cred-huawei-token'] || c.inputs['#cred-otc-token'] ? /^token: no signature/ : /^== algorithm\n/);
          assert.equal(await outputOf(page, 'signature'), explain, 'Signature tab = --explain');
        }
      }
    });
  }

  test('a malformed signing time is reported, and the output falls back to placeholders', async () => {
    const c = CASES[4];
    const plan = FILL_PLANS[c.id];
    await openWithValues(page, browser.server, c.id, plan.region, planValues(plan));
    await openDetails(page, 'details.credentials');
    for (const [sel, text] of Object.entries(c.inputs)) await page.fill(sel, text);
    await page.fill('#cred-at', '24/01/2025 08:00');
    assert.match(await outputOf(page, 'signature'), /not an RFC 3339 time/);
    assert.doesNotMatch(await outputOf(page, 'curl'), /TC3-HMAC-SHA256 Credential=/);
    await page.fill('#cred-at', AT);
    assert.match(await outputOf(page, 'curl'), /TC3-HMAC-SHA256 Credential=AKIDe2eTencentSecretId0005/);
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
