/**
 * The page survives what would lose a user's work: the analysis worker dying (a panic or
 * running out of memory kills it) and a file larger than the memory the tab can spare.
 * In both the last good result stays on screen and the user is told what happened.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkedPage, dropFiles, servePage, tableRows } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const withPage = (path, run, options = {}) => checkedPage(server.origin, run, { path, ...options });

const statusText = (page) => page.textContent('#status');

test('a worker that dies is replaced: the user is told, the ranking stays, and the page still answers', async () => {
  await withPage(
    '/',
    async ({ page }) => {
      await page.click('#demo-karate');
      await page.waitForSelector('#ranking tbody tr[data-account]');
      const before = await tableRows(page);
      // The page starts its worker as it loads: it may be there before anyone waits for it.
      const [worker] = page.workers();
      assert.ok(worker, 'the analysis worker runs');

      // An uncaught error kills the worker as a trap or an out-of-memory would.
      const replacement = page.waitForEvent('worker');
      await worker.evaluate(() => {
        setTimeout(() => {
          throw new Error('simulated crash');
        });
      });
      await replacement;
      await page.waitForFunction(() => /analysis worker stopped/.test(document.getElementById('status').textContent));
      assert.match(await statusText(page), /simulated crash.*still here/);
      assert.deepEqual(await tableRows(page), before, 'the ranking on screen is unchanged');

      // The new worker was given the data again: sorting, which asks it for an order, works.
      await page.click('th button[aria-label="Sort by In-degree"]');
      await page.waitForSelector('th[aria-sort="descending"] >> text=In-degree');
      const rows = await tableRows(page);
      const inDegree = rows.map((row) => Number(row[3]));
      assert.deepEqual(inDegree, [...inDegree].sort((a, b) => b - a), 'ordered by in-degree by the new worker');
      assert.equal(rows[0][2], '33', 'the karate club again, not an empty session');
    },
    { expectedErrors: /simulated crash/ },
  );
});

test('past the memory budget reading stops, says how far it got and what to do, and what was read is ranked', async () => {
  // 1 MiB of budget; the file is about 2 MB of edges, so reading stops part-way.
  const lines = ['source,target'];
  for (let row = 0; row < 120_000; row++) lines.push(`account${row},hub${row % 500}`);
  await withPage('/?memory-budget=1', async ({ page }) => {
    await dropFiles(page, '#drop-zone', [{ name: 'large.csv', text: lines.join('\n') }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    const accounts = Number((await page.textContent('#summary-text')).match(/^([\d,]+) accounts/)[1].replace(/,/g, ''));
    assert.ok(accounts > 500 && accounts < 120_500, `${accounts} accounts: part of the file, not none and not all`);
    const warnings = await page.textContent('#warning-list');
    assert.match(warnings, /reading stopped at line \d+/);
    assert.match(warnings, /memory budget/);
    assert.match(warnings, /command-line tool/);
    // The hubs were read first-come: the top of the ranking is a hub.
    const [top] = await tableRows(page);
    assert.match(top[2], /^hub\d+$/);
  });
});
