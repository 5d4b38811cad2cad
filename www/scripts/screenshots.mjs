/**
 * Regenerates the screenshots in docs/ from the built page (run `npm run build` first):
 *   node scripts/screenshots.mjs
 */
import { openPage, repoDir, servePage } from '../e2e/harness.mjs';

const server = await servePage();
const session = await openPage(server.origin);
try {
  const { page } = session;
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.click('#demo-button');
  await page.waitForSelector('#ranking tbody tr');
  await page.screenshot({ path: `${repoDir}/docs/screenshot-ranking.png` });
  console.log('wrote docs/screenshot-ranking.png');
} finally {
  await session.close();
  server.stop();
}
