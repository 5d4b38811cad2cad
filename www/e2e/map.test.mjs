/**
 * The map of real star-shaped data (issue 18, point 1): on a twarc2 collection of retweets
 * (kpop.jsonl: a few hubs, most accounts with one neighbour, many without any) the layout
 * chooses LinLog and dissuade hubs and says so, the drawn edges are long enough to see,
 * the accounts without interactions are parked in rows under the map as the page says,
 * the zoom buttons work, and a numeric lens colours by an ordered gradient.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { checkedPage, dropFiles, repoDir, servePage, waitForFirstLayout } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const kpop = () => readFileSync(`${repoDir}/tests/fixtures/twarc2/kpop.jsonl`, 'utf8');

/** The longest drawn edge must span at least this share of the canvas's width. */
const LONGEST_EDGE_SHARE = 0.15;
/** Half of the drawn edges must span at least this share of the canvas's width. */
const MEDIAN_EDGE_SHARE = 0.02;

/** Opens the map and waits until its first layout run has ended and every edge is back. */
async function openSettledMap(page) {
  await page.click('#tab-map');
  await page.waitForSelector('#map-container canvas');
  await waitForFirstLayout(page, { timeout: 60_000 });
}

/** Every account's place on screen, whether it has a neighbour, and the drawn edges' lengths. */
function drawing(page) {
  return page.evaluate(() => {
    const { app, map } = window.attache;
    const count = app.dataset.ids.length;
    const points = Array.from({ length: count }, (_, i) => map.viewportPosition(i));
    const connected = Array.from({ length: count }, (_, i) => map.neighboursOf(i).size > 0);
    const canvas = document.querySelector('#map-container').getBoundingClientRect();
    const lengths = [];
    for (const [source, target] of map.drawnEdges()) {
      const [a, b] = [points[source], points[target]];
      lengths.push(Math.hypot(a.x - b.x, a.y - b.y));
    }
    return { points, connected, lengths, width: canvas.width, height: canvas.height };
  });
}

test('a star-shaped collection: LinLog and dissuade hubs, visible edges, parked isolated accounts, zoom, a gradient legend', async () => {
  await checkedPage(server.origin, async ({ page }) => {
    await dropFiles(page, '#drop-zone', [{ name: 'kpop.jsonl', text: kpop() }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    await openSettledMap(page);

    // The core chose the star-shaped defaults; the page shows them in the form and says why.
    assert.equal(await page.isChecked('#fa2-linlog'), true);
    assert.equal(await page.isChecked('#fa2-dissuade-hubs'), true);
    assert.equal(await page.isChecked('#fa2-prevent-overlap'), true);
    assert.match(await page.textContent('#map-defaults-note'), /single other, around a few hubs: .*LinLog and dissuade hubs/);

    // (a) The edges are drawn long enough to see, not a few pixels under their hub.
    const { points, connected, lengths, width } = await drawing(page);
    assert.ok(lengths.length > 50, `${lengths.length} edges drawn`);
    const sorted = [...lengths].sort((a, b) => a - b);
    const longest = sorted[sorted.length - 1];
    console.log(`edges: ${lengths.length}, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} px, longest ${longest.toFixed(1)} px of ${width}`);
    const median = sorted[Math.floor(sorted.length / 2)];
    assert.ok(longest >= LONGEST_EDGE_SHARE * width, `the longest edge is ${longest.toFixed(1)} px of ${width}`);
    assert.ok(median >= MEDIAN_EDGE_SHARE * width, `the median edge is ${median.toFixed(1)} px of ${width}`);

    // (c) The accounts without interactions: as many as the page says, parked in rows under the map.
    const isolated = connected.map((c, i) => (c ? -1 : i)).filter((i) => i >= 0);
    assert.ok(isolated.length >= 10, `${isolated.length} accounts without interactions`);
    const note = await page.textContent('#map-isolated-note');
    assert.match(note, new RegExp(`^${isolated.length} accounts have no interaction with the others: parked in rows under the map`));
    // Screen y grows downwards: every parked account is below every connected one.
    const lowestConnected = Math.max(...points.filter((_, i) => connected[i]).map((p) => p.y));
    const parked = isolated.map((i) => points[i]);
    assert.ok(parked.every((p) => p.y > lowestConnected), 'parked under the map');
    const rows = new Set(parked.map((p) => Math.round(p.y)));
    assert.ok(rows.size < parked.length / 3, `${parked.length} parked accounts in ${rows.size} rows`);

    // Zoom in, out and back to the whole map.
    const ratio = () => page.evaluate(() => window.attache.map.cameraRatio());
    assert.equal(await ratio(), 1);
    await page.click('#map-zoom-in');
    await page.waitForFunction(() => window.attache.map.cameraRatio() < 0.9);
    await page.click('#map-zoom-out');
    await page.click('#map-zoom-out');
    await page.waitForFunction(() => window.attache.map.cameraRatio() > 1.1);
    await page.click('#map-zoom-fit');
    await page.waitForFunction(() => window.attache.map.cameraRatio() === 1);

    // A numeric lens colours by a gradient whose legend runs from the lowest value up.
    await page.selectOption('#colour-by', 'metric:pagerank');
    await page.waitForSelector('#map-legend.gradient li .ramp');
    const stops = await page.$$eval('#map-legend.gradient li:not(.legend-title)', (items) => items.map((li) => li.dataset.value));
    const values = stops.map(Number);
    assert.ok(values.length >= 2 && values.every(Number.isFinite), stops.join(' | '));
    assert.deepEqual(values, [...values].sort((a, b) => a - b), 'lowest first');
    assert.ok(values[0] < values[values.length - 1]);

    // Unparked, the page says they float instead.
    await page.click('#layout-settings > summary');
    await page.uncheck('#fa2-park-isolated');
    await page.click('#layout-reset');
    await page.waitForFunction(() => /float around the map/.test(document.querySelector('#map-isolated-note').textContent));
  });
});
