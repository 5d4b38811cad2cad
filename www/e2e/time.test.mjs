/**
 * Honest time (issue 18, point 3) on a collection with a gap: January, no February,
 * March, April, and three interactions in May (tests/fixtures/tables/gap_month.csv). The
 * empty month draws no rank (the lines break there), the thin month is marked, the
 * movers compare the two largest adjacent months, an empty month cannot be chosen and a
 * thin one is warned about; axes count in whole numbers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { checkedPage, dropFiles, repoDir, servePage } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const gapMonth = () => readFileSync(`${repoDir}/tests/fixtures/tables/gap_month.csv`, 'utf8');

test('an empty month draws no rank, a thin month is marked, movers compare the two largest adjacent months', async () => {
  await checkedPage(server.origin, async ({ page }) => {
    await dropFiles(page, '#drop-zone', [{ name: 'gap_month.csv', text: gapMonth() }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    await page.click('#tab-time');
    await page.waitForSelector('#time-trajectories svg [aria-label="line"] path');
    assert.equal(await page.textContent('#time-note'), '5 months from 2024-01 to 2024-05.');

    // No dot in February, and every line that ranks in January and March breaks between them.
    const dots = await page.$$eval('#time-trajectories svg [aria-label="dot"] title', (titles) => titles.map((t) => t.textContent));
    assert.ok(dots.length > 0);
    assert.ok(!dots.some((title) => title.includes('2024-02')), dots.join('|'));
    assert.ok(dots.some((title) => /2024-05: #\d+ .*too thin to rank/.test(title)), dots.join('|'));
    const pieces = await page.$$eval('#time-trajectories svg [aria-label="line"] path', (paths) =>
      paths.map((path) => (path.getAttribute('d').match(/M/g) ?? []).length),
    );
    assert.ok(pieces.length >= 2 && pieces.every((n) => n === 2), `each line in two pieces: ${pieces}`);
    assert.match(await page.textContent('#time-trajectories .chart-note'), /Gaps: 1 month without interactions.*Shaded, hollow dots: 1 month with fewer than 10 interactions, too thin to rank/);
    // Thin May is shaded: one rectangle spanning the frame.
    assert.equal(await page.$$eval('#time-trajectories svg [aria-label="rect"] rect', (rects) => rects.length), 1);
    // Ranks in whole numbers, 1 (the top) marked.
    const rankTicks = await page.$$eval('#time-trajectories svg [aria-label="y-axis tick label"] text', (texts) => texts.map((t) => t.textContent));
    assert.ok(rankTicks.includes('1'), rankTicks.join('|'));
    assert.ok(rankTicks.every((t) => /^\d+$/.test(t)), rankTicks.join('|'));

    // The movers compare March and April (25 and 20 interactions), not the last two (20 and 3).
    const choice = (selector) => page.$eval(selector, (select) => select.selectedOptions[0].textContent);
    await page.waitForSelector('#time-movers .movers-tables table');
    assert.equal(await choice('#movers-from'), '2024-03 (25 interactions)');
    assert.equal(await choice('#movers-to'), '2024-04 (20 interactions)');
    assert.equal(await page.isHidden('#time-movers .movers-warning'), true, 'no warning between ranked months');
    const options = await page.$$eval('#movers-from option', (list) => list.map((o) => [o.textContent, o.disabled]));
    assert.deepEqual(options, [
      ['2024-01 (30 interactions)', false],
      ['2024-02 (0 interactions): nobody ranked', true],
      ['2024-03 (25 interactions)', false],
      ['2024-04 (20 interactions)', false],
      ['2024-05 (3 interactions): too thin to rank', false],
    ]);
    const changes = await page.$$eval('#time-movers svg [aria-label="x-axis tick label"] text', (texts) => texts.map((t) => t.textContent));
    assert.ok(changes.length > 1 && changes.every((t) => /^[−-]?\d+$/.test(t)), changes.join('|'));

    // A thin month can be compared, with a warning that names the minimum.
    await page.selectOption('#movers-to', '4');
    await page.waitForFunction(() => /2024-05 has 3 interactions, fewer than 10: too thin to rank/.test(document.querySelector('#time-movers .movers-warning').textContent));
  });
});

test('one interaction is said in the singular', async () => {
  const text = ['source,target,type,timestamp', 'a,b,retweet,2024-01-02T10:00:00Z', 'b,c,retweet,', 'c,a,retweet,2024-03-02T10:00:00Z'].join('\n');
  await checkedPage(server.origin, async ({ page }) => {
    await dropFiles(page, '#drop-zone', [{ name: 'three.csv', text }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    await page.click('#tab-time');
    await page.waitForSelector('#time-trajectories svg');
    assert.equal(await page.textContent('#time-note'), '3 months from 2024-01 to 2024-03; 1 interaction without a timestamp is in no window.');
    const options = await page.$$eval('#movers-from option', (list) => list.map((o) => o.textContent));
    assert.deepEqual(options, [
      '2024-01 (1 interaction): too thin to rank',
      '2024-02 (0 interactions): nobody ranked',
      '2024-03 (1 interaction): too thin to rank',
    ]);
    // Only thin months: the two of them are compared, with the warning.
    assert.match(await page.textContent('#time-movers .movers-warning'), /^2024-01 has 1 interaction, fewer than 10/);
  });
});
