import { readFileSync } from 'node:fs';
import { openPage, servePage, dropFiles, repoDir } from './harness.mjs';
const server = await servePage();
const s = await openPage(server.origin, '/?e2e');
const { page } = s;
const mode = process.argv[2];
try {
  if (mode === 'time') {
    await page.setViewportSize({ width: 1280, height: 900 });
    await dropFiles(page, '#drop-zone', [{ name: 'gap_month.csv', text: readFileSync(`${repoDir}/tests/fixtures/tables/gap_month.csv`, 'utf8') }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    await page.click('#tab-time');
    await page.waitForSelector('#time-movers .movers-tables table');
    await page.locator('#view-time').screenshot({ path: '/tmp/tf/time.png' });
  } else {
    await page.setViewportSize({ width: 1280, height: 720 });
    if (mode.includes('large')) await page.check('#large-type-toggle');
    await page.click(`#demo-${process.argv[3] ?? 'diplomacy'}`);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    if (mode.includes('card')) { await page.click('#ranking tbody tr[data-account]:nth-child(2)'); await page.waitForTimeout(1500); }
    if (mode.includes('columns')) { await page.click('#column-chooser summary'); await page.waitForTimeout(300); }
    if (mode.includes('groups')) { await page.click('#tab-groups'); await page.waitForTimeout(3000); await page.locator('#groups-charts').screenshot({ path: `/tmp/tf/${mode}-charts.png` }); }
    await page.screenshot({ path: `/tmp/tf/${mode}.png` });
    if (mode.includes('scroll')) { await page.locator('#ranking-scroll').scrollIntoViewIfNeeded(); await page.screenshot({ path: `/tmp/tf/${mode}-2.png` }); }
  }
} finally { await s.close(); server.stop(); }
