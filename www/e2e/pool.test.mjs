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
