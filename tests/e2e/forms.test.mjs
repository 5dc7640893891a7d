// Filling each API's form like a new user (typing, choosing, adding rows) gives exactly the
// request `cloudreq build` prints for the same values and region; so does "Load example".

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  SEED_IDS,
  FILL_PLANS,
  assertNoProblems,
  cliBuild,
  control,
  counts,
  display,
  exampleValues,
  fillPlan,
  formState,
  leaves,
  loadExample,
  openApi,
  outputOf,
  planValues,
  runCli,
  startBrowser,
  valuesFile,
  clickNav,
} from './lib.mjs';

const FORMATS = ['curl', 'curl-pwsh', 'curl-cmd', 'json', 'http'];

describe('forms: typed values and examples give the CLI\'s request', { timeout: 170_000 }, () => {
  let browser;
  let page;

  before(async () => {
    browser = await startBrowser();
    page = browser.firstPage();
  });
  after(() => browser?.close());

  for (const id of SEED_IDS) {
    test(`${id}: filled by hand, every output tab equals cloudreq build`, async () => {
      const plan = FILL_PLANS[id];
      await openApi(page, browser.server, id);
      await fillPlan(page, plan);
      const values = planValues(plan);
      const file = await valuesFile(`typed-${id}`, values);

      // The form holds what was typed, and the rules pass (warnings allowed).
      const state = await formState(page);
      for (const [p, v] of leaves(values)) assert.equal(state[p], display(v), `input ${p}`);
      assert.equal((await counts(page)).errors, 0, 'no errors after filling');
      assert.equal(await page.isDisabled('[data-copy]'), false, 'Copy is enabled');
      assert.equal(await page.textContent('[data-host]'), (await cliHost(id, file, plan.region)), 'host');

      for (const format of FORMATS) {
        const cli = await cliBuild(id, file, plan.region, format);
        assert.equal(await outputOf(page, format), cli.stdout, `${format} tab of ${id}`);
      }
    });
  }

  test('a field hidden by an `ignored` rule appears once its condition changes', async () => {
    await openApi(page, browser.server, 'huawei.ddm.CreateInstance');
    const hidden = (p) => page.$eval(`.field[data-field="${p}"]`, (e) => e.classList.contains('hidden'));
    assert.equal(await hidden('extend_param.period_type'), true);
    assert.equal(await hidden('extend_param.period_num'), true);
    await control(page, 'extend_param.charge_mode').selectOption('prePaid');
    assert.equal(await hidden('extend_param.period_type'), false);
    assert.equal(await hidden('extend_param.period_num'), false);
    await control(page, 'extend_param.charge_mode').selectOption('postPaid');
    assert.equal(await hidden('extend_param.period_num'), true);
  });

  test('selects the user changed show the values of a loaded example (redrawn in place)', async () => {
    await openApi(page, browser.server, 'huawei.ddm.CreateInstance');
    const mode = control(page, 'extend_param.charge_mode');
    await mode.selectOption('prePaid');
    await mode.selectOption('postPaid');
    await control(page, 'instance.time_zone').selectOption('UTC-05:00');
    await loadExample(page, 0); // no extend_param, no time_zone
    assert.equal(await mode.inputValue(), '');
    assert.equal(await control(page, 'instance.time_zone').inputValue(), '');
    await loadExample(page, 1); // prePaid
    assert.equal(await mode.inputValue(), 'prePaid');
    assert.equal(await control(page, 'extend_param.period_type').inputValue(), 'month');
    // The same through in-app navigation to another API with the same field.
    await mode.selectOption('postPaid');
    await clickNav(page, 'otc.ddm.CreateInstance');
    await page.waitForSelector('article.api-page[data-api="otc.ddm.CreateInstance"]');
    assert.equal(await control(page, 'extend_param.charge_mode').inputValue(), '');
  });

  test('every documented example fills the form and gives the CLI\'s request', async () => {
    let checked = 0;
    for (const id of SEED_IDS) {
      const show = await runCli(['show', id, '--json']);
      assert.equal(show.code, 0, show.stderr);
      const entry = JSON.parse(show.stdout);
      for (const [i, example] of entry.examples.entries()) {
        await openApi(page, browser.server, id);
        await loadExample(page, i);
        const { values, region } = exampleValues(entry, example);
        assert.equal(await page.inputValue('#region'), region, `region of ${id} example ${i}`);
        const state = await formState(page);
        for (const [p, v] of leaves(values)) assert.equal(state[p], display(v), `${id} example ${i}: input ${p}`);
        const file = await valuesFile(`example-${id}-${i}`, values);
        for (const format of ['curl', 'json']) {
          const cli = await cliBuild(id, file, region, format);
          assert.equal(await outputOf(page, format), cli.stdout, `${format} tab of ${id} example ${i}`);
        }
        checked++;
      }
    }
    assert.ok(checked >= 7, `only ${checked} examples`);
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});

async function cliHost(id, file, region) {
  const http = await cliBuild(id, file, region, 'http');
  return http.stdout.match(/^Host: (.+)$/m)?.[1]?.trim();
}
