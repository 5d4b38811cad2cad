/**
 * The page on a projector (issue 18, points 8 and 10): at 1280 × 720 in large type with
 * the account card open the table still shows its first lens column and five rows, and
 * the charts' text is larger; opening the Columns chooser leaves the search row where it
 * is; the groups matrix writes its axis labels whole and its counts inside their cells.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkedPage, servePage } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const PROJECTOR = { width: 1280, height: 720 };
const withPage = (run) => checkedPage(server.origin, run, { viewport: PROJECTOR });

async function openDemo(page, which) {
  await page.click(`#demo-${which}`);
  await page.waitForSelector('#ranking tbody tr[data-account]');
}

test('large type at 1280 × 720: with the card open the table shows its first lens column and five rows', async () => {
  await withPage(async ({ page }) => {
    await openDemo(page, 'diplomacy');
    await page.click('#ranking tbody tr[data-account]:nth-child(3)');
    await page.waitForSelector('#account-panel:not([hidden]) svg.chart');
    const normalChartText = await page.$eval('#account-panel svg.chart', (svg) => parseFloat(getComputedStyle(svg).fontSize));
    await page.check('#large-type-toggle');
    await page.waitForFunction((before) => parseFloat(getComputedStyle(document.querySelector('#account-panel svg.chart')).fontSize) > before, normalChartText);
    await page.$eval('#ranking-scroll', (scroll) => scroll.scrollIntoView({ block: 'start' }));
    const seen = await page.evaluate(() => {
      const view = { right: document.documentElement.clientWidth, bottom: window.innerHeight };
      const scroll = document.querySelector('#ranking-scroll').getBoundingClientRect();
      const inside = (r) => r.left >= Math.max(0, scroll.left) - 1 && r.right <= Math.min(view.right, scroll.right) + 1 && r.top >= Math.max(0, scroll.top) - 1 && r.bottom <= Math.min(view.bottom, scroll.bottom) + 1;
      const firstLens = document.querySelector('#ranking thead th:nth-child(4)');
      const rows = [...document.querySelectorAll('#ranking tbody tr[data-account]')].filter((row) => inside(row.cells[3].getBoundingClientRect()));
      const card = document.querySelector('#account-panel').getBoundingClientRect();
      return {
        lens: firstLens.textContent,
        lensShown: inside(firstLens.getBoundingClientRect()),
        rows: rows.length,
        pageWidth: document.documentElement.scrollWidth,
        cardBelow: card.top >= scroll.bottom,
        chartText: parseFloat(getComputedStyle(document.querySelector('#account-panel svg.chart')).fontSize),
      };
    });
    assert.match(seen.lens, /^PageRank/);
    assert.ok(seen.lensShown, 'the first lens column is on screen');
    assert.ok(seen.rows >= 5, `${seen.rows} rows on screen`);
    assert.equal(seen.pageWidth, PROJECTOR.width, 'nothing wider than the screen');
    assert.ok(seen.cardBelow, 'the card goes below the table');
    assert.ok(seen.chartText > normalChartText, `chart text ${seen.chartText}px in large type, ${normalChartText}px before`);
  });
});

test('opening Columns leaves the search row where it is', async () => {
  await withPage(async ({ page }) => {
    await openDemo(page, 'diplomacy');
    const place = () =>
      page.evaluate(() => {
        const box = (selector) => document.querySelector(selector).getBoundingClientRect();
        return { search: Math.round(box('#search').top), table: Math.round(box('#ranking-scroll').top) };
      });
    const before = await place();
    await page.click('#column-chooser summary');
    await page.waitForSelector('#column-options input[type="checkbox"]');
    assert.ok(await page.isVisible('#column-options'));
    assert.deepEqual(await place(), before, 'neither the search row nor the table moved');
    // It still works: a lens checked appears as a column.
    await page.check('#column-options label:has-text("Out-degree") input');
    await page.waitForFunction(() => [...document.querySelectorAll('#ranking thead th')].some((th) => th.textContent.startsWith('Out-degree')));
    // It floats like a menu: Escape closes it (focus back on its summary), so does a press elsewhere.
    await page.keyboard.press('Escape');
    assert.equal(await page.$eval('#column-chooser', (details) => details.open), false);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Columns');
    await page.click('#column-chooser summary');
    await page.click('#ranking-note');
    assert.equal(await page.$eval('#column-chooser', (details) => details.open), false);
  });
});

test('the groups matrix writes its axis labels whole and its counts inside the cells', async () => {
  await withPage(async ({ page }) => {
    await page.check('#large-type-toggle');
    let previous = null;
    for (const demo of ['karate', 'diplomacy']) {
      await openDemo(page, demo);
      await page.click('#tab-groups');
      // The new data's matrix, not the one drawn before, measured in the same task in
      // which it is found drawn (the view may draw it again, detached for a moment).
      const found = await page.waitForFunction((old) => {
        const svg = document.querySelector('#groups-charts figure:nth-child(2) svg');
        const cellRect = svg?.querySelector('[aria-label="cell"] rect');
        if (!svg || svg === old || !(cellRect?.getBoundingClientRect().width > 0)) return null;
        const frame = svg.getBoundingClientRect();
        const labels = [...svg.querySelectorAll('[aria-label="x-axis label"], [aria-label="y-axis label"]')].map((g) => {
          const r = g.getBoundingClientRect();
          return { text: g.textContent, whole: r.left >= frame.left - 1 && r.right <= frame.right + 1 && r.top >= frame.top - 1 };
        });
        const cell = cellRect.getBoundingClientRect().width;
        const widest = Math.max(0, ...[...svg.querySelectorAll('[aria-label="text"] text')].map((t) => t.getBoundingClientRect().width));
        return { labels, cell, widest };
      }, previous);
      const fit = await found.jsonValue();
      previous = await page.$('#groups-charts figure:nth-child(2) svg');
      assert.equal(fit.labels.length, 2, demo);
      for (const label of fit.labels) assert.ok(label.whole, `${demo}: "${label.text}" is clipped`);
      assert.ok(fit.widest < fit.cell, `${demo}: a count ${fit.widest}px wide in a cell of ${fit.cell}px`);
      await page.click('#tab-rankings');
    }
  });
});
