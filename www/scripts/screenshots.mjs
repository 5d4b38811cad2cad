/**
 * Regenerates the screenshots in docs/ from the built page (run `npm run build` first):
 *   node scripts/screenshots.mjs
 * One per view, on the synthetic diplomacy demo: what was read with the column mapping,
 * the rankings with the index weights, the account card, the map, groups, time, Learn,
 * and the rankings in large type with pseudonyms; then the Coordination view on the
 * hand-made collections of tests/fixtures/coordination/ (the demo has no posts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dropFiles, openPage, repoDir, servePage } from '../e2e/harness.mjs';

const server = await servePage();
const session = await openPage(server.origin, '/?e2e');
const shoot = async (page, name, element) => {
  const path = `${repoDir}/docs/screenshot-${name}.png`;
  if (element) await page.locator(element).screenshot({ path });
  else await page.screenshot({ path });
  console.log(`wrote docs/screenshot-${name}.png`);
};
const scrollTo = (page, selector) => page.evaluate((s) => document.querySelector(s).scrollIntoView(), selector);
const layoutDone = (page) =>
  page.waitForFunction(
    () => document.querySelector('#layout-toggle')?.textContent === 'Start layout' &&
      /iterations/.test(document.querySelector('#layout-status')?.textContent ?? ''),
    undefined,
    { timeout: 180_000 },
  );
try {
  const { page } = session;
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.click('#demo-diplomacy');
  await page.waitForSelector('#ranking tbody tr[data-account]');

  // What was read (the file report opens folded), and the column mapping of the accounts table.
  await page.evaluate(() => (document.getElementById('read-details').open = true));
  await page.click('[data-map-file="diplomacy-accounts.csv"]');
  await page.waitForSelector('#mapping:not([hidden]) #mapping-rows tr');
  await scrollTo(page, '#summary');
  await shoot(page, 'import');
  await page.click('#mapping-close');

  // Rankings: the index weights moved (conversation counts double), an account selected.
  await page.click('#weights-panel > summary');
  await page.fill('#pillar-conversation', '2');
  await page.waitForFunction(() => /Conversation from .*\(weight 2\)/.test(document.querySelector('#pillar-note').textContent));
  await page.click('#ranking tbody tr[data-account]:nth-child(4)');
  await page.waitForSelector('#account-ego svg');
  await scrollTo(page, '#views');
  await page.waitForTimeout(300);
  await shoot(page, 'ranking');
  await shoot(page, 'card', '#account-panel');

  await page.click('#tab-map');
  await layoutDone(page);
  await scrollTo(page, '#views');
  await page.waitForTimeout(500);
  await shoot(page, 'map');

  await page.click('#tab-groups');
  await page.waitForSelector('#groups-charts figure:nth-child(2) svg');
  await page.selectOption('#group-measure', 'pagerank_share');
  await page.waitForTimeout(300);
  await scrollTo(page, '#views');
  await shoot(page, 'groups');
  await shoot(page, 'groups-matrix', '#groups-charts figure:nth-child(2)');

  await page.click('#tab-time');
  await page.waitForSelector('#time-trajectories svg', { timeout: 60_000 });
  await page.waitForSelector('#time-movers svg', { timeout: 60_000 });
  await page.waitForTimeout(300);
  await scrollTo(page, '#views');
  await shoot(page, 'time');

  await page.click('#tab-learn');
  await page.click('.learn-nav a >> text=PageRank');
  await page.waitForSelector('#learn-pagerank table.small');
  await shoot(page, 'learn');

  await page.check('#large-type-toggle');
  await page.check('#pseudonyms-toggle');
  await page.click('#tab-rankings');
  await page.waitForFunction(() => /^Account/.test(document.querySelector('#account-title')?.textContent ?? ''));
  await page.waitForSelector('#account-ego svg');
  await scrollTo(page, '#views');
  await page.waitForTimeout(500);
  await shoot(page, 'large-type-pseudonyms');
  await shootCoordination();
} finally {
  await session.close();
  server.stop();
}

/** The Coordination view needs reposts and links with their times: the coordination fixtures. */
async function shootCoordination() {
  const fresh = await openPage(server.origin, '/?e2e');
  try {
    const { page } = fresh;
    await page.setViewportSize({ width: 1280, height: 1000 });
    const dir = `${repoDir}/tests/fixtures/coordination/`;
    const files = readdirSync(dir).sort().map((name) => ({ name, text: readFileSync(dir + name, 'utf8') }));
    await dropFiles(page, '#drop-zone', files);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    await page.click('#tab-coordination');
    await page.waitForSelector('#coordination-timeline svg.chart');
    await page.click('#coordination-table tbody tr:last-child th button');
    await page.waitForTimeout(500);
    await scrollTo(page, '#views');
    await shoot(page, 'coordination');
  } finally {
    await fresh.close();
  }
}
