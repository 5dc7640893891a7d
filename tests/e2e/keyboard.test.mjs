// Keyboard only: from page load, Tab to the search, type, Tab to the result and Enter; fill the
// Huawei enlarge form with Tab, typing and arrow keys (selects, list rows, reordering); switch
// output tabs with the arrow keys; copy. Focus is visible at every step.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertNoProblems, cliBuild, counts, startBrowser, valuesFile, waitForApp } from './lib.mjs';

const ID = 'huawei.ddm.ExpandInstanceNodes';

describe('keyboard only', { timeout: 60_000 }, () => {
  let browser;
  let page;
  let focusChecks = 0;

  before(async () => {
    browser = await startBrowser({ permissions: ['clipboard-read', 'clipboard-write'] });
    page = browser.firstPage();
  });
  after(() => browser?.close());

  /** The focused element, and whether its focus ring shows. */
  const focused = () =>
    page.evaluate(() => {
      const e = document.activeElement;
      const cs = getComputedStyle(e);
      return {
        tag: e.tagName.toLowerCase(),
        id: e.id,
        path: e.dataset.path ?? null,
        href: e.getAttribute('href'),
        tab: e.dataset.tab ?? null,
        add: e.dataset.add ?? null,
        label: e.getAttribute('aria-label'),
        copy: e.hasAttribute('data-copy'),
        focusVisible: e.matches(':focus-visible'),
        outline: `${cs.outlineStyle} ${cs.outlineWidth}`,
        visible: e.getClientRects().length > 0,
      };
    });

  async function assertFocusVisible(why) {
    const f = await focused();
    assert.notEqual(f.tag, 'body', `${why}: focus was lost`);
    assert.ok(f.focusVisible, `${why}: ${f.tag}#${f.id} does not match :focus-visible`);
    assert.ok(!f.outline.startsWith('none') && !f.outline.endsWith(' 0px'), `${why}: outline is ${f.outline}`);
    assert.ok(f.visible, `${why}: the focused ${f.tag}#${f.id} is not rendered`);
    focusChecks++;
    return f;
  }

  /** Presses `key` (Tab by default) until the focused element satisfies `want`. */
  async function pressUntil(want, what, { key = 'Tab', max = 40 } = {}) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press(key);
      const f = await assertFocusVisible(`${key} #${i + 1} towards ${what}`);
      if (want(f)) return f;
    }
    assert.fail(`${what} not reached with ${max} × ${key}; focus on ${JSON.stringify(await focused())}`);
  }

  async function press(key, why) {
    await page.keyboard.press(key);
    return assertFocusVisible(why);
  }

  test('search, open, fill, reorder, switch tabs, copy', async () => {
    await page.goto(browser.server.url, { waitUntil: 'load' });
    await waitForApp(page);

    await pressUntil((f) => f.id === 'api-search', 'the search box', { max: 6 });
    await page.keyboard.type('enlarge huawei');
    // What is rendered, not just what is marked as filtered.
    await page.waitForSelector('[data-match-count]');
    assert.equal(await page.getAttribute('[data-match-count]', 'data-match-count'), '1');
    const shown = await page.$$eval('li[data-api-id]', (lis) =>
      lis.filter((li) => li.getClientRects().length > 0).map((li) => li.dataset.apiId),
    );
    assert.deepEqual(shown, [ID], 'the search leaves one result');
    await pressUntil((f) => f.href === `#/${ID}`, 'the result', { max: 1 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`article.api-page[data-api="${ID}"] form.api-form`);
    await assertFocusVisible('after Enter on the result');

    // Region with the arrow keys.
    await pressUntil((f) => f.id === 'region', 'the region');
    await press('ArrowDown', 'region ArrowDown');
    assert.equal(await page.inputValue('#region'), 'ap-southeast-3');
    assert.equal(await page.textContent('[data-host]'), 'ddm.ap-southeast-3.myhuaweicloud.com');

    const typed = {
      project_id: '619d3e78f61b4be68bc5aa0b59edcf7b',
      instance_id: '1f5c9fd6cd984056ba89c8c87cc03278in09',
      flavor_id: '8f2e696c-a9c1-30bd-af90-25522bc67606',
      node_number: '2',
      group_id: 'f080abf2010d45118068c28c8958f5fcgr09',
    };
    for (const [p, text] of Object.entries(typed)) {
      await pressUntil((f) => f.path === p, p);
      await page.keyboard.type(text);
      assert.equal(await page.inputValue(`[data-path="${p}"]`), text);
    }
    await pressUntil((f) => f.path === 'is_auto_pay', 'is_auto_pay');
    await press('ArrowDown', 'is_auto_pay ArrowDown');
    await press('ArrowDown', 'is_auto_pay ArrowDown');
    assert.equal(await page.inputValue('[data-path="is_auto_pay"]'), 'false');
    await press('ArrowUp', 'is_auto_pay ArrowUp');
    assert.equal(await page.inputValue('[data-path="is_auto_pay"]'), 'true');

    // Two rows: Enter on "Add", Shift+Tab into the new row, type.
    await pressUntil((f) => f.add === 'available_zones', 'Add available_zones item');
    for (const [i, zone] of ['az-one', 'az-two'].entries()) {
      await press(i === 0 ? 'Enter' : 'Space', 'Add pressed');
      assert.equal(await page.locator('li[data-row^="available_zones["]').count(), i + 1);
      const f = await press('Shift+Tab', 'into the new row');
      assert.equal(f.path, `available_zones[${i}]`);
      await page.keyboard.type(zone);
      await press('Tab', 'back to Add');
    }
    // Move row 2 up with the keyboard.
    await pressUntil((f) => f.label === 'Move available_zones item 2 up', 'Move item 2 up', { key: 'Shift+Tab', max: 6 });
    await press('Enter', 'Move up pressed');
    const zones = await page.$$eval('[data-path^="available_zones["]', (els) => els.map((e) => e.value));
    assert.deepEqual(zones, ['az-two', 'az-one']);

    // Rules pass apart from warnings; the output equals the CLI's.
    assert.equal((await counts(page)).errors, 0);
    const values = {
      ...typed,
      node_number: 2,
      is_auto_pay: true,
      available_zones: ['az-two', 'az-one'],
    };
    const file = await valuesFile('keyboard', values);

    // Output tabs: Tab into the tab list, then arrows (focus follows the selection).
    const start = await pressUntil((f) => f.tab !== null, 'the output tabs');
    assert.equal(start.tab, 'curl');
    // A Huawei operation also has the hcloud and Python tabs.
    const order = ['curl-pwsh', 'curl-cmd', 'json', 'http', 'hcloud', 'python', 'signature', 'curl'];
    for (const tab of order) {
      const f = await press('ArrowRight', `ArrowRight to ${tab}`);
      assert.equal(f.tab, tab);
      assert.equal(await page.getAttribute('pre#output-panel', 'data-output'), tab);
      assert.equal(await page.getAttribute(`[data-tab="${tab}"]`, 'aria-selected'), 'true');
    }
    let f = await press('ArrowLeft', 'ArrowLeft wraps');
    assert.equal(f.tab, 'signature');
    for (const tab of ['python', 'hcloud', 'http', 'json']) {
      f = await press('ArrowLeft', `ArrowLeft to ${tab}`);
      assert.equal(f.tab, tab);
    }
    const json = await page.textContent('pre#output-panel');
    assert.equal(json, (await cliBuild(ID, file, 'ap-southeast-3', 'json')).stdout);

    // Copy with the keyboard.
    await pressUntil((f) => f.copy, 'Copy', { max: 3 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.copied')?.textContent.trim().length > 0);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), json);
    await assertFocusVisible('after Copy');

    // The curl tab too.
    await pressUntil((f) => f.tab === 'json', 'back to the tabs', { key: 'Shift+Tab', max: 2 });
    for (let i = 0; i < 3; i++) await press('ArrowLeft', 'ArrowLeft to curl');
    assert.equal(await page.getAttribute('pre#output-panel', 'data-output'), 'curl');
    assert.equal(await page.textContent('pre#output-panel'), (await cliBuild(ID, file, 'ap-southeast-3', 'curl')).stdout);
    assert.ok(focusChecks > 40, `${focusChecks} focus checks`);
  });

  test('no console errors or page errors', () => assertNoProblems(browser.problems));
});
