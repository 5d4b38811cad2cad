/**
 * Opening the map of a large network does not freeze the page (issue 18, point 5): at the
 * size of musae_github (37,700 accounts, 289,003 connections; generated here with a
 * heavy-tailed degree, since tests must not depend on ../shared/datasets) the page builds
 * the map's model and restores its edges in slices. We measure main-thread long tasks
 * (PerformanceObserver 'longtask'), not the time the map takes to open: our own steps
 * must not hold the main thread for 100 ms (a rare step paused by a busy machine aside).
 * The page's long tasks and sigma's own renders are measured beside them and reported,
 * not asserted: under headless Chromium's software WebGL (SwiftShader) the long tasks are
 * the compositor's frames (BeginMainFrame → Commit → GLES2::ReadPixels, waiting for the
 * GPU process to rasterise sigma's draw calls on the CPU: seconds for a whole map of
 * 37,700 accounts on a busy two-core machine), and sigma's render of the whole map (its
 * process() of every account and edge, in one frame) can pass 100 ms by itself; neither is
 * code of ours that slicing could split.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkedPage, dropFiles, servePage, seeded, waitForFirstLayout } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const ACCOUNTS = 37_700;
const CONNECTIONS = 289_003;
/** The longest main-thread step our own map code may take. */
const LONGEST_STEP_MS = 100;
/** Our steps are slices of about 20 ms; on a machine shared with other jobs the system (or a
 * garbage collection) may still pause one midway, so a few, at most this share, may pass
 * the limit. The map as it was before slicing took a handful of steps of 400 to 600 ms. */
const OUTLIER_SHARE = 0.1;
/** The typical step stays far under the limit. */
const MEDIAN_STEP_MS = 50;

/** Distinct undirected pairs, listed once each as musae's are; targets heavy-tailed. */
function largeNetwork() {
  const random = seeded(18);
  const seen = new Set();
  const lines = ['id_1,id_2'];
  while (seen.size < CONNECTIONS) {
    const a = Math.floor(random() * ACCOUNTS);
    const b = Math.floor(random() ** 2.5 * ACCOUNTS);
    if (a === b) continue;
    const key = a < b ? a * ACCOUNTS + b : b * ACCOUNTS + a;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`${Math.min(a, b)},${Math.max(a, b)}`);
  }
  return lines.join('\n');
}

test('opening the map at 289,003 connections: our steps do not hold the main thread 100 ms', { timeout: 600_000 }, async () => {
  const text = largeNetwork();
  await checkedPage(server.origin, async ({ page, longTasks }) => {
    await dropFiles(page, '#drop-zone', [{ name: 'large.csv', text }]);
    await page.waitForSelector('#ranking tbody tr[data-account]', { timeout: 180_000 });
    assert.match(await page.textContent('#summary-text'), /^[\d,]+ accounts, 289,003 connections/);
    const before = (await longTasks()).length;

    await page.click('#tab-map');
    await page.waitForSelector('#map-container canvas', { timeout: 120_000 });
    // The first run ends by itself; then every drawn edge comes back.
    await waitForFirstLayout(page, { timeout: 400_000, polling: 1000 });
    await page.waitForTimeout(500);
    const map = await page.evaluate(() => ({
      steps: window.attache.map.stepCosts,
      durations: window.attache.map.stepDurations.slice(),
      longestStep: window.attache.map.longestStep,
      renders: window.attache.map.renderCosts.slice(),
      drawn: window.attache.map.edgeCount(),
    }));
    const tasks = (await longTasks()).slice(before);
    const slowestRender = Math.max(0, ...map.renders);
    const slowRenders = map.renders.filter((ms) => ms > LONGEST_STEP_MS).length;
    const slowTasks = tasks.filter((ms) => ms > LONGEST_STEP_MS);
    console.log(
      `map at ${CONNECTIONS} connections (${map.drawn} drawn): our longest step ${map.longestStep.toFixed(1)} ms; ` +
        `${tasks.length} long tasks, ${slowTasks.length} over ${LONGEST_STEP_MS} ms (longest ${Math.max(0, ...tasks).toFixed(0)} ms); ` +
        `${map.renders.length} sigma renders, ${slowRenders} over ${LONGEST_STEP_MS} ms (longest ${slowestRender.toFixed(0)} ms); ` +
        `longest step by kind: ${Object.entries(map.steps).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')} ms`,
    );
    assert.equal(map.drawn, 40_000);
    const over = map.durations.filter((ms) => ms > LONGEST_STEP_MS);
    console.log(`${map.durations.length} steps of ours; over ${LONGEST_STEP_MS} ms: ${over.map((ms) => ms.toFixed(0)).join(', ') || 'none'}`);
    assert.ok(map.durations.length > 20, 'the work was cut in slices');
    const median = [...map.durations].sort((a, b) => a - b)[Math.floor(map.durations.length / 2)];
    assert.ok(median < MEDIAN_STEP_MS, `the median step of ours took ${median.toFixed(0)} ms`);
    assert.ok(over.length <= OUTLIER_SHARE * map.durations.length, `${over.length} of ${map.durations.length} steps took over ${LONGEST_STEP_MS} ms`);
  });
});
