/**
 * The map at the size the issue names: 20,000 accounts and 200,000 connections. The map
 * draws an even sample of the connections and says so, hover knows every neighbour, and
 * the layout streams positions while the page answers. (Speed itself is measured by the
 * benchmarks, not here.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkedPage, dropFiles, servePage, seeded } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

/** 20,000 accounts in 20 communities; targets heavy-tailed within a community, some across. */
function largeNetwork() {
  const random = seeded(7);
  const lines = ['source,target'];
  for (let i = 0; i < 200_000; i++) {
    const source = Math.floor(random() * 20_000);
    const community = Math.floor(source / 1000);
    const target =
      random() < 0.8 ? community * 1000 + Math.floor(random() ** 1.3 * 1000) : Math.floor(random() ** 1.3 * 20_000);
    lines.push(`a${source},a${target}`);
  }
  return lines.join('\n');
}

test('20,000 accounts and 200,000 connections: the map draws a sample, says so, knows every neighbour, and lays out', async () => {
  const text = largeNetwork();
  await checkedPage(server.origin, async ({ page }) => {
    await dropFiles(page, '#drop-zone', [{ name: 'large.csv', text }]);
    await page.waitForSelector('#ranking tbody tr[data-account]', { timeout: 60_000 });
    assert.match(await page.textContent('#summary-text'), /^20,000 accounts, 199,093 connections/);

    await page.click('#tab-map');
    await page.waitForSelector('#map-container canvas');
    await page.waitForFunction(() => window.attache.map?.edgeCount() > 0, undefined, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.attache.map.edgeCount()), 40_000);
    assert.equal(await page.evaluate(() => window.attache.map.connectionCount()), 199_093);
    assert.match(await page.textContent('#map-edges-note'), /draws 40,000 of 199,093 connections, an even sample/);

    // Hover highlights every neighbour, drawn or not: compare with the file's own pairs.
    const account = 'a0';
    const expected = new Set();
    for (const line of text.split('\n').slice(1)) {
      const [source, target] = line.split(',');
      if (source === target) continue;
      if (source === account) expected.add(target);
      if (target === account) expected.add(source);
    }
    const neighbours = await page.evaluate((id) => {
      const { app, map } = window.attache;
      return [...map.neighboursOf(app.dataset.ids.indexOf(id))].map((i) => app.dataset.ids[Number(i)]);
    }, account);
    assert.deepEqual(new Set(neighbours), expected);

    // The first run (800 iterations) ends by itself; a run the user starts streams positions.
    const idle = () => document.querySelector('#layout-toggle')?.textContent === 'Start layout';
    await page.waitForFunction(idle, undefined, { timeout: 120_000 });
    assert.match(await page.textContent('#layout-status'), /800 iterations/);
    const version = Number(await page.getAttribute('#map-container', 'data-positions-version'));
    await page.click('#layout-toggle');
    await page.waitForFunction((v) => Number(document.querySelector('#map-container').dataset.positionsVersion) > v + 1, version, {
      timeout: 60_000,
    });
    await page.evaluate(() => window.attache.map.stopLayout());
    await page.waitForFunction(idle);
  });
});
