/**
 * The pipeline in the real page, as a user meets it: drop a CSV, watch the ranking
 * appear, in the same order the command-line tool prints; bad rows are reported by
 * file and line; the demo opens in one click. No request may leave the page's origin,
 * no console error may appear, and the main thread must never block for long.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { attache, checkedPage, downloadFrom, dropFiles, repoDir, servePage, tableRows } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const withPage = (run) => checkedPage(server.origin, run, { path: '/', viewport: null });

test('dropping a CSV edge list shows the ranking in the order the CLI prints', async () => {
  const fixture = 'tests/fixtures/graphs/random_300.csv';
  // The page opens with PageRank, in-degree and the influence index as columns.
  const cli = await attache(['score', fixture, '--metrics', 'pagerank,in_degree,influence_index', '--format', 'csv']);
  const cliOrder = cli.trim().split('\n').slice(1).map((line) => line.split(',')[0]);

  await withPage(async ({ page, longTasks }) => {
    await page.evaluate(() => {
      window.__progressShown = false;
      const bar = document.getElementById('progress');
      new MutationObserver(() => (window.__progressShown ||= !bar.hidden)).observe(bar, { attributes: true });
    });
    // Long tasks count from the drop on: loading the page itself is not computing.
    await page.evaluate(() => (window.__longTasks.length = 0));
    await dropFiles(page, '#drop-zone', [{ name: 'random_300.csv', text: readFileSync(`${repoDir}/${fixture}`, 'utf8') }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    // The table renders only the rows in view; they are the head of the CLI's order.
    const rows = await tableRows(page);
    assert.ok(rows.length >= 10 && rows.length < 300, `${rows.length} rows rendered`);
    assert.deepEqual(
      rows.map((row) => row[2]),
      cliOrder.slice(0, rows.length),
      'page and CLI rank the accounts in the same order',
    );
    assert.equal(rows[0][0], '1');
    assert.equal(await page.getAttribute('#ranking', 'aria-rowcount'), '301');
    // The whole order, as the page exports it, is the CLI's, byte for byte.
    const exported = await downloadFrom(page, '[data-export="csv"]');
    assert.equal(exported.name, 'attache-scores.csv');
    assert.equal(exported.bytes.toString('utf8'), cli, 'the exported CSV equals `attache score --metrics ... --format csv`');
    const summary = await page.textContent('#summary-text');
    assert.match(summary, /^300 accounts/);
    assert.equal(await page.evaluate(() => window.__progressShown), true, 'a progress bar was shown');
    const slowest = Math.max(0, ...(await longTasks()));
    assert.ok(slowest < 200, `the main thread blocked for ${slowest} ms`);
  });
});

test('bad rows are reported with file, line and reason, and the rest loads', async () => {
  await withPage(async ({ page }) => {
    const text = 'source;target;weight\nemb_b;mfa_a;2\nlonely\nngo_f;mfa_a;heavy\nngo_f;emb_b;1\n';
    await dropFiles(page, '#drop-zone', [{ name: 'partly-bad.csv', text }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    const rows = await tableRows(page);
    assert.equal(rows[0][1], 'mfa_a');
    // What was read folds into one line that opens.
    await page.click('#read-details > summary');
    await page.click('#warnings-title');
    const warnings = await page.$$eval('#warning-list li', (items) => items.map((li) => li.textContent));
    assert.deepEqual(warnings, [
      'partly-bad.csv, line 3: expected at least 2 columns (source, target), found 1',
      "partly-bad.csv, line 4: weight 'heavy' is not a number; expected a number such as 1 or 2.5",
    ]);
  });
});

test('each demo opens in one click', async () => {
  await withPage(async ({ page }) => {
    await page.click('#demo-karate');
    await page.waitForSelector('#ranking tbody tr[data-account]');
    const rows = await tableRows(page);
    assert.equal(await page.getAttribute('#ranking', 'aria-rowcount'), '35');
    assert.deepEqual(rows[0].slice(0, 3), ['1', '33', '33']);

    await page.click('#demo-diplomacy');
    await page.waitForFunction(() => document.querySelector('#summary-text')?.textContent?.includes('2,517 accounts'));
    const summary = await page.textContent('#summary-text');
    for (const kind of ['follow', 'repost', 'quote', 'reply', 'mention']) assert.match(summary, new RegExp(`\\d ${kind}`));
    const files = await page.$$eval('#file-list > li', (items) => items.map((li) => li.textContent));
    assert.equal(files.length, 2, 'interactions and accounts files');
    assert.match(files[0], /diplomacy-interactions\.csv: edge table/);
    assert.match(files[1], /node table .*2,517 rows \(2,517 matched by id\)/);
    const [top] = await tableRows(page);
    assert.equal(top[0], '1');
  });
});

test('the file picker loads files too, and labels are shown as text', async () => {
  await withPage(async ({ page }) => {
    await page.setInputFiles('#file-input', {
      name: 'labels.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('source,target\n<img src=x onerror=alert(1)>,b\nc,b\n'),
    });
    await page.waitForSelector('#ranking tbody tr[data-account]');
    const rows = await tableRows(page);
    assert.ok(rows.some((row) => row[1] === '<img src=x onerror=alert(1)>'));
    assert.equal(await page.$$eval('#ranking img', (images) => images.length), 0);
  });
});
