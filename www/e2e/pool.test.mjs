/**
 * The worker pool in the real page: with two cores the analysis worker starts a helper
 * worker (its own wasm instance), hands it blocks of betweenness, closeness, harmonic and
 * the Louvain restarts, and the export is byte for byte the one computed on one core, and
 * the command line's. The page says how many cores it uses, and the setting lowers it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { attache, checkedPage, downloadFrom, dropFiles, seeded, servePage } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

/** 1,500 accounts, 7,500 interactions: enough blocks for both workers to take some. */
function network() {
  const random = seeded(14);
  const lines = ['source,target,type'];
  const kinds = ['retweet', 'reply', 'mention', 'quote'];
  for (let i = 0; i < 7500; i++) {
    const source = Math.floor(random() * 1500);
    const target = Math.floor(random() ** 2 * 1500);
    if (source !== target) lines.push(`u${source},u${target},${kinds[i % 4]}`);
  }
  return lines.join('\n') + '\n';
}

const LENSES = ['betweenness', 'closeness', 'harmonic', 'community'];

/** Drops the network, adds the lenses that split as columns, and exports the CSV. */
async function exportWithCores(cores, text) {
  let exported;
  let coresTitle;
  let helperScripts;
  await checkedPage(
    server.origin,
    async ({ page, record }) => {
      await dropFiles(page, '#drop-zone', [{ name: 'pool.csv', text }]);
      await page.waitForSelector('#ranking tbody tr[data-account]');
      await page.click('#column-chooser summary');
      for (const lens of LENSES) {
        await page.check(`#column-options input[value="${lens}"]`);
        // Each column is computed (across the pool) before the next is asked for.
        await page.waitForFunction((id) => window.attache.app.dataset.columns.has(id), lens, { timeout: 120_000 });
      }
      exported = (await downloadFrom(page, '[data-export="csv"]')).bytes;
      coresTitle = await page.getAttribute('#cores-select', 'title');
      assert.equal(await page.inputValue('#cores-select'), String(cores));
      helperScripts = record.requests.filter((url) => /helper/.test(url));
    },
    { path: `/?e2e&cores=${cores}` },
  );
  return { exported, coresTitle, helperScripts };
}

test('two cores give the bytes one core gives, and the command line', async () => {
  const text = network();
  const one = await exportWithCores(1, text);
  const two = await exportWithCores(2, text);
  assert.match(one.coresTitle, /^Using 1 of \d+ cores$/);
  assert.match(two.coresTitle, /^Using 2 of \d+ cores$/, 'the page starts a helper for the second core');
  assert.deepEqual(one.helperScripts, [], 'one core: no helper worker');
  assert.ok(two.helperScripts.length > 0, 'two cores: the helper worker is loaded');
  assert.ok(one.exported.length > 1000);
  assert.ok(one.exported.equals(two.exported), 'the export is the same bytes on one core and on two');

  // The page's columns in its order, sorted by PageRank: what the command line prints.
  const dir = mkdtempSync(join(tmpdir(), 'attache-pool-'));
  writeFileSync(join(dir, 'pool.csv'), text);
  const header = one.exported.toString('utf8').split('\n')[0].split(',');
  const metrics = header.filter((column) => !['rank', 'id', 'label'].includes(column) && !column.startsWith('community_'));
  const cli = await attache(['score', join(dir, 'pool.csv'), '--metrics', metrics.join(','), '--format', 'csv']);
  assert.equal(one.exported.toString('utf8').split('\n')[0], cli.split('\n')[0], 'same header as the command line');
  assert.equal(one.exported.toString('utf8'), cli, 'the page exports what `attache score` prints');
});

/** The same kind of network over six months of 2024: the time view's windows split. */
function timedNetwork() {
  const random = seeded(16);
  const lines = ['source,target,type,timestamp'];
  const kinds = ['retweet', 'reply', 'mention', 'quote'];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 7500; i++) {
    const source = Math.floor(random() * 1500);
    const target = Math.floor(random() ** 2 * 1500);
    const time = new Date(start + random() * 182 * 86_400_000).toISOString();
    if (source !== target) lines.push(`u${source},u${target},${kinds[i % 4]},${time}`);
  }
  return lines.join('\n') + '\n';
}

/** The time view's trajectories (as the chart's SVG) and movers, and what the helpers computed. */
async function timeViewWithCores(cores, text) {
  let found;
  await checkedPage(
    server.origin,
    async ({ page }) => {
      await dropFiles(page, '#drop-zone', [{ name: 'timed.csv', text }]);
      await page.waitForSelector('#ranking tbody tr[data-account]');
      await page.click('#tab-time');
      // A line can be flat (rank 1 every month): attached, not necessarily of visible height.
      await page.waitForSelector('#time-trajectories svg [aria-label="line"] path', { state: 'attached', timeout: 60_000 });
      await page.waitForSelector('#time-movers .movers-tables table');
      assert.equal(await page.textContent('#time-note'), '6 months from 2024-01 to 2024-06.');
      const trajectories = (await downloadFrom(page, '#time-trajectories [data-chart-export="svg"]')).bytes;
      const movers = await page.$$eval('#time-movers .movers-tables tr', (rows) => rows.map((row) => row.textContent));
      const helpers = page.workers().filter((worker) => /helper/.test(worker.url()));
      const computed = await Promise.all(helpers.map((worker) => worker.evaluate(() => self.computed)));
      found = { trajectories, movers, computed };
    },
    { path: `/?e2e&cores=${cores}` },
  );
  return found;
}

test("two cores score the time view's windows across the pool, with the trajectories and movers of one core", async () => {
  const text = timedNetwork();
  const one = await timeViewWithCores(1, text);
  const two = await timeViewWithCores(2, text);
  assert.deepEqual(one.computed, [], 'one core: no helper');
  assert.equal(two.computed.length, 1, 'two cores: one helper');
  assert.ok(two.computed[0].windows > 0, `the helper scored windows: ${JSON.stringify(two.computed)}`);
  assert.ok(one.movers.length > 5, 'the movers are listed');
  assert.deepEqual(two.movers, one.movers, 'the same movers');
  assert.ok(one.trajectories.length > 1000);
  assert.ok(two.trajectories.equals(one.trajectories), 'the same trajectories, to the byte');
});

test('a memory budget that cannot hold another copy of the network runs on fewer cores, and says so', async () => {
  await checkedPage(
    server.origin,
    async ({ page }) => {
      await dropFiles(page, '#drop-zone', [{ name: 'pool.csv', text: network() }]);
      await page.waitForSelector('#ranking tbody tr[data-account]');
      await page.waitForFunction(() => document.querySelector('#cores-select').title !== '');
      assert.match(await page.getAttribute('#cores-select', 'title'), /^Using 1 of \d+ cores$/);
      assert.match(await page.textContent('#cores-note'), /using 1: the memory budget holds no more copies of this network/);
      // Asking for more changes nothing while the budget is the limit; the lens still computes.
      await page.click('#column-chooser summary');
      await page.check('#column-options input[value="harmonic"]');
      await page.waitForFunction(() => window.attache.app.dataset.columns.has('harmonic'));
    },
    // 16 MiB holds the network (a few MB) but not a helper with its copy.
    { path: '/?e2e&cores=2&memory-budget=16' },
  );
});

/** A network on which exact betweenness takes seconds: long enough to be cancelled mid-way. */
function slowNetwork() {
  const random = seeded(15);
  const lines = ['source,target'];
  for (let i = 0; i < 60_000; i++) {
    const source = Math.floor(random() * 12_000);
    const target = Math.floor(random() ** 2 * 12_000);
    if (source !== target) lines.push(`u${source},u${target}`);
  }
  return lines.join('\n') + '\n';
}

test('cancel stops the analysis worker and its helpers at once, keeps the table, and the pool works again', async () => {
  await checkedPage(
    server.origin,
    async ({ page }) => {
      // The analysis worker started with the page; its helpers start later.
      const workers = [];
      const follow = (worker) => {
        const seen = { url: worker.url(), closed: false };
        workers.push(seen);
        worker.on('close', () => {
          seen.closed = true;
        });
      };
      page.workers().forEach(follow);
      page.on('worker', follow);
      await dropFiles(page, '#drop-zone', [{ name: 'slow.csv', text: slowNetwork() }]);
      await page.waitForSelector('#ranking tbody tr[data-account]');
      const rows = await page.$$eval('#ranking tbody tr[data-account]', (trs) => trs.length);
      await page.click('#column-chooser summary');
      await page.check('#column-options input[value="betweenness"]');
      await page.waitForSelector('#progress:not([hidden])');
      // The helper has started and is working when the cancel comes.
      await page.waitForFunction(() => /\d/.test(document.querySelector('#progress')?.textContent ?? ''));
      await waitUntil(() => workers.some((w) => /helper/.test(w.url) && !w.closed), 'a helper worker runs');
      const running = workers.filter((w) => !w.closed);
      assert.ok(running.length >= 2, `the analysis worker and a helper run (${running.map((w) => w.url)})`);
      await page.click('#cancel-button');
      await waitUntil(() => running.every((w) => w.closed), 'every worker that ran is stopped');
      await page.waitForSelector('#progress', { state: 'hidden' });
      assert.equal(await page.evaluate(() => window.attache.app.dataset.columns.has('betweenness')), false);
      assert.equal(await page.$$eval('#ranking tbody tr[data-account]', (trs) => trs.length), rows, 'the table stays');
      // The new worker gets the network back and its pool computes the next lens.
      if (!(await page.$eval('#column-chooser', (details) => details.open))) await page.click('#column-chooser summary');
      await page.check('#column-options input[value="harmonic"]');
      await page.waitForFunction(() => window.attache.app.dataset.columns.has('harmonic'), undefined, { timeout: 120_000 });
      assert.ok(
        workers.some((w) => /helper/.test(w.url) && !running.includes(w)),
        'a new helper worked for the new analysis worker',
      );
    },
    { path: '/?e2e&cores=2' },
  );
});

/** Polls `condition` (in the test, not the page) until it holds, for up to 30 s. */
async function waitUntil(condition, what) {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
