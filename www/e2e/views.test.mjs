/**
 * The views as a user works with them: sort, search and choose columns in the rankings,
 * move through them by keyboard, lay out the map and watch it move, hover and click an
 * account, read the Learn entry behind a column, pseudonymise and export every format
 * (checking the files hold aliases, never the real handles), switch to large type, and
 * reopen the page offline. Every test asserts that no request leaves the page's origin
 * and that no console error appears.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkedPage, downloadFrom, servePage, tableRows } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const withPage = (run, path = '/?e2e') => checkedPage(server.origin, run, { path });

async function openDemo(page, which) {
  await page.click(`#demo-${which}`);
  await page.waitForSelector('#ranking tbody tr[data-account]');
}

const ids = async (page) => (await tableRows(page)).map((row) => row[2]);

test('rankings: sort by any lens, search, choose columns, move by keyboard', async () => {
  await withPage(async ({ page }) => {
    await openDemo(page, 'karate');
    const byPagerank = await ids(page);
    assert.equal(byPagerank[0], '33');
    // One leader on screen: the first column is the one the table is sorted by, named above it.
    const lensHeaders = async () => (await page.$$eval('#ranking thead th', (cells) => cells.map((th) => th.textContent.replace(/[▼▲?⚙ ]+$/u, '')))).slice(3);
    assert.deepEqual(await lensHeaders(), ['PageRank', 'Influence index', 'In-degree']);
    assert.equal(await page.getAttribute('#ranking thead th:nth-child(4)', 'aria-sort'), 'descending');
    assert.equal(await page.textContent('#ranking-note'), 'Sorted by PageRank, highest first; 34 accounts.');

    // Sorting by in-degree, then flipping it to ascending.
    await page.click('th button[aria-label="Sort by In-degree"]');
    await page.waitForSelector('th[aria-sort="descending"] >> text=In-degree');
    const byInDegree = await tableRows(page);
    // Rank, account, id, then the sorted column first: in-degree, PageRank, influence index.
    assert.deepEqual(await lensHeaders(), ['In-degree', 'PageRank', 'Influence index']);
    assert.match(await page.textContent('#ranking-note'), /^Sorted by In-degree, highest first; /);
    const degrees = byInDegree.map((row) => Number(row[3]));
    assert.deepEqual(degrees, [...degrees].sort((a, b) => b - a), 'in-degree descending');
    await page.click('th button[aria-label="Sort by In-degree"]');
    await page.waitForSelector('th[aria-sort="ascending"] >> text=In-degree');
    const ascending = (await tableRows(page)).map((row) => Number(row[3]));
    assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b), 'in-degree ascending');

    // Search by id.
    await page.fill('#search', '33');
    await page.waitForFunction(() => document.querySelectorAll('#ranking tbody tr[data-account]').length === 1);
    assert.deepEqual(await ids(page), ['33']);
    assert.match(await page.textContent('#ranking-note'), /1 of 34 accounts match/);
    await page.fill('#search', '');

    // A new column, computed by the worker on demand.
    await page.click('#column-chooser summary');
    await page.check('#column-options input[value="out_strength"]');
    await page.waitForSelector('th >> text=Out-strength');
    const headers = await page.$$eval('#ranking thead th', (cells) => cells.map((th) => th.textContent));
    assert.ok(headers.some((h) => h.startsWith('Out-strength')), headers.join('|'));
    // Rank, account, id, the sorted column, PageRank and the index, then the others in catalogue order.
    const firstRow = (await tableRows(page))[0];
    assert.equal(firstRow.length, 7);
    assert.ok(headers.findIndex((h) => h.startsWith('Out-strength')) === 6, headers.join('|'));
    assert.match(firstRow[6], /^\d/);

    // Keyboard: into the table, two rows down, Enter selects the account.
    await page.click('th button[aria-label="Sort by PageRank"]');
    await page.waitForSelector('th[aria-sort="descending"] >> text=PageRank');
    await page.focus('#ranking-scroll');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#account-panel:not([hidden])');
    assert.equal(await page.textContent('#account-title'), byPagerank[2]);
    assert.match(await page.textContent('#account-scores'), /PageRank/);
    assert.ok((await page.$$('#account-sources li')).length > 0);
    const focusVisible = await page.evaluate(() => {
      const row = document.querySelector('#ranking tr.cursor td');
      return row ? getComputedStyle(row).boxShadow !== 'none' : false;
    });
    assert.ok(focusVisible, 'the keyboard cursor is visible');

    // The Learn entry behind a column header.
    await page.click('th button[aria-label="What is In-degree?"]');
    await page.waitForSelector('#view-learn:not([hidden])');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'learn-in_degree-title');
    const entry = await page.textContent('#learn-in_degree');
    assert.match(entry, /The top account by In-degree is 33 with 17/);
    assert.match(entry, /A large audience is not influence/);
    await page.waitForSelector('#learn-in_degree table.small');
    const example = await page.$$eval('#learn-in_degree table.small tr', (rows) => rows.map((r) => r.textContent));
    assert.equal(example[1], 'Cleo3', 'the tiny example: Cleo is reached by three accounts');
  });
});

test('the map lays out, streams positions, highlights on hover and selects on click', async () => {
  await withPage(async ({ page, longTasks }) => {
    await openDemo(page, 'karate');
    await page.click('#tab-map');
    await page.waitForSelector('#map-container canvas');
    // The first run stops by itself; then Start and Stop are the user's.
    await page.waitForFunction(() => document.querySelector('#layout-toggle')?.textContent === 'Start layout' &&
      Number(document.querySelector('#map-container')?.dataset.positionsVersion) > 1);
    const before = await page.evaluate(() => window.attache.map.viewportPosition(0));
    const version = Number(await page.getAttribute('#map-container', 'data-positions-version'));
    await page.click('#layout-toggle');
    await page.waitForFunction((v) => Number(document.querySelector('#map-container').dataset.positionsVersion) > v + 3, version);
    assert.equal(await page.textContent('#layout-toggle'), 'Stop layout');
    await page.click('#layout-toggle');
    await page.waitForFunction(() => document.querySelector('#layout-toggle')?.textContent === 'Start layout');
    assert.match(await page.textContent('#layout-status'), /\d+ iterations/);
    const stopped = Number(await page.getAttribute('#map-container', 'data-positions-version'));
    await page.waitForTimeout(300);
    assert.equal(Number(await page.getAttribute('#map-container', 'data-positions-version')), stopped, 'stopped means stopped');

    // Hover the club's administrator (id 33): the map highlights it; a click selects.
    await page.locator('#map-container').scrollIntoViewIfNeeded();
    const box = await page.locator('#map-container').boundingBox();
    const administrator = await page.evaluate(() => window.attache.app.dataset.ids.indexOf('33'));
    const at = await page.evaluate((account) => window.attache.map.viewportPosition(account), administrator);
    assert.ok(at && before, 'positions are known');
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await page.waitForFunction((account) => document.querySelector('#map-container').dataset.hovered === String(account), administrator);
    // Sigma picks the node under the pointer: the administrator, or a neighbour drawn over it.
    const underPointer = await page.evaluate((point) => {
      const { map, app } = window.attache;
      return app.dataset.ids.map((_, i) => i).filter((i) => {
        const p = map.viewportPosition(i);
        return Math.hypot(p.x - point.x, p.y - point.y) < 25;
      });
    }, at);
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector('#account-panel:not([hidden])');
    const selected = await page.evaluate(() => window.attache.app.selected);
    assert.ok(underPointer.includes(selected), `selected ${selected}, under the pointer: ${underPointer}`);
    assert.equal(await page.textContent('#account-title'), await page.evaluate((a) => window.attache.app.label(a), selected));
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.waitForFunction(() => document.querySelector('#map-container').dataset.hovered === undefined);

    // Size and colour by another lens; the legend follows.
    await page.selectOption('#size-by', 'metric:in_degree');
    await page.selectOption('#colour-by', 'metric:pagerank');
    await page.waitForFunction(() => document.querySelectorAll('#map-legend li').length > 1);
    const slowest = Math.max(0, ...(await longTasks()));
    assert.ok(slowest < 500, `the main thread blocked for ${slowest} ms`);
  });
});

test('pseudonyms hide every handle in the view and in every export', async () => {
  await withPage(async ({ page }) => {
    await openDemo(page, 'diplomacy');
    const realIds = await ids(page);
    assert.ok(realIds.every((id) => /^[a-z]+_/.test(id)), realIds.join(','));
    await page.check('#pseudonyms-toggle');
    await page.waitForFunction(() => document.querySelector('#ranking tbody tr[data-account] td:nth-child(2)')?.textContent?.startsWith('Account '));
    const rows = await tableRows(page);
    assert.ok(rows.every((row) => /^Account \d{4}$/.test(row[1]) && row[1] === row[2]));
    // Searching finds aliases, not the hidden handles.
    await page.fill('#search', realIds[0]);
    await page.waitForFunction(() => document.querySelectorAll('#ranking tbody tr[data-account]').length === 0);
    await page.fill('#search', '');
    // Sorted by name, the order follows the aliases: the hidden names must not show through it.
    await page.click('th button[aria-label="Sort by Account"]');
    await page.waitForFunction(() => document.querySelector('#ranking tbody tr[data-account] td:nth-child(2)')?.textContent === 'Account 0001');
    const aliasesInOrder = (await tableRows(page)).map((row) => row[1]);
    assert.deepEqual(aliasesInOrder, [...aliasesInOrder].sort());
    await page.click('th button[aria-label="Sort by PageRank"]');
    await page.waitForFunction((first) => document.querySelector('#ranking tbody tr[data-account] td:nth-child(2)')?.textContent === first, rows[0][1]);

    const leaked = (text) => realIds.filter((id) => text.includes(id));
    for (const format of ['csv', 'json', 'gexf', 'svg']) {
      const file = await downloadFrom(page, `[data-export="${format}"]`);
      assert.match(file.name, new RegExp(`pseudonymised\\.${format}$`));
      const text = file.bytes.toString('utf8');
      assert.deepEqual(leaked(text), [], `${format} names no real account`);
      assert.match(text, /Account \d{4}/, `${format} carries aliases`);
      if (format === 'json') {
        const report = JSON.parse(text);
        assert.equal(report.pseudonymised, true);
        assert.equal(report.accounts[0].id, rows[0][2], 'the same alias in the view and the export');
      }
      if (format === 'gexf') assert.match(text, /<viz:position x="[-\d.e]+" y="[-\d.e]+"/);
    }
    const png = await downloadFrom(page, '[data-export="png"]');
    assert.equal(png.name, 'attache-map-pseudonymised.png');
    assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
    assert.ok(png.bytes.length > 10000);

    // Real names come back when the switch is off, in the view and the exports.
    await page.uncheck('#pseudonyms-toggle');
    await page.waitForFunction((first) => document.querySelector('#ranking tbody tr[data-account] td:nth-child(3)')?.textContent === first, realIds[0]);
    const csv = await downloadFrom(page, '[data-export="csv"]');
    assert.equal(csv.name, 'attache-scores.csv');
    assert.ok(csv.bytes.toString('utf8').includes(`\n${realIds[0]},`));
  });
});

test('large type, keyboard-only tabs, and the page offline after its first load', async () => {
  await withPage(async ({ page, context }) => {
    await page.check('#large-type-toggle');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '22px');
    // Keyboard only: focus the karate demo button, press Enter, then move between tabs with arrows.
    await page.focus('#demo-karate');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#ranking tbody tr[data-account]');
    await page.focus('#tab-rankings');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-map');
    await page.waitForSelector('#view-map:not([hidden])');
    for (const next of ['groups', 'time', 'learn']) {
      await page.keyboard.press('ArrowRight');
      await page.waitForSelector(`#view-${next}:not([hidden])`);
      assert.equal(await page.evaluate(() => document.activeElement?.id), `tab-${next}`);
    }
    assert.equal(await page.getAttribute('#tab-learn', 'aria-selected'), 'true');
    // Names change while the map is hidden; it still draws when it comes back.
    await page.check('#pseudonyms-toggle');
    await page.click('#tab-map');
    await page.waitForSelector('#map-container canvas');
    await page.waitForFunction(() => Number(document.querySelector('#map-container').dataset.positionsVersion) > 1);

    // Offline: once the service worker has cached the page, it reloads and works without the server.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(async () => (await caches.keys()).some((key) => key.startsWith('attache-')));
    await context.setOffline(true);
    await page.reload();
    await openDemo(page, 'karate');
    assert.equal((await ids(page))[0], '33');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '22px', 'large type is remembered');
    await page.click('#tab-map');
    await page.waitForSelector('#map-container canvas');
    await context.setOffline(false);
  });
});
