/**
 * Regenerates the screenshots in docs/ from the built page (run `npm run build` first):
 *   node scripts/screenshots.mjs
 * One per view, on the synthetic diplomacy demo, plus the map in large type with pseudonyms.
 */
import { openPage, repoDir, servePage } from '../e2e/harness.mjs';

const server = await servePage();
const session = await openPage(server.origin, '/?e2e');
const shoot = async (page, name) => {
  await page.screenshot({ path: `${repoDir}/docs/screenshot-${name}.png` });
  console.log(`wrote docs/screenshot-${name}.png`);
};
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
  await page.click('#column-chooser summary');
  await page.check('#column-options input[value="out_degree"]');
  await page.waitForSelector('th >> text=Out-degree');
  await page.click('#column-chooser summary');
  await page.click('#ranking tbody tr[data-account]:nth-child(4)');
  await page.evaluate(() => document.querySelector('#views').scrollIntoView());
  await shoot(page, 'ranking');

  await page.click('#tab-map');
  await layoutDone(page);
  await page.evaluate(() => document.querySelector('#views').scrollIntoView());
  await page.waitForTimeout(500);
  await shoot(page, 'map');

  await page.click('#tab-learn');
  await page.click('.learn-nav a >> text=PageRank');
  await page.waitForSelector('#learn-pagerank table.small');
  await shoot(page, 'learn');

  await page.check('#large-type-toggle');
  await page.check('#pseudonyms-toggle');
  await page.click('#tab-map');
  await page.waitForFunction(() => /^Account/.test(document.querySelector('#account-title')?.textContent ?? ''));
  await page.evaluate(() => document.querySelector('#views').scrollIntoView());
  await page.waitForTimeout(500);
  await shoot(page, 'large-type-pseudonyms');
} finally {
  await session.close();
  server.stop();
}
