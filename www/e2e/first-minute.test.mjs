/**
 * The first minute, and what leaves the page: after a drop the ranking's first row and a
 * one-paragraph answer are on the first screen at 1280×800 (the file report folds into a
 * line that opens); values too small to mean anything read `≈ 0` with the exact value on
 * hover; long numeric ids are shortened with the full id on hover; the exported map (SVG
 * and PNG) carries its title and legend.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { checkedPage, downloadFrom, dropFiles, repoDir, servePage } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const kpop = () => readFileSync(`${repoDir}/tests/fixtures/twarc2/kpop.jsonl`, 'utf8');

test('the first screen after a drop answers: the ranking and a summary, without scrolling', async () => {
  await checkedPage(
    server.origin,
    async ({ page }) => {
      await dropFiles(page, '#drop-zone', [{ name: 'kpop.jsonl', text: kpop() }]);
      await page.waitForSelector('#ranking tbody tr[data-account]');
      const first = await page.$eval('#ranking tbody tr[data-account]', (row) => row.getBoundingClientRect().bottom);
      assert.ok(first <= 800, `the first row ends at ${first}px, below the fold`);
      const answer = await page.textContent('#answer');
      assert.match(answer, /^114 accounts and 88 connections from 1 twarc2 file\. By PageRank, itsLIVEofficial leads/);
      assert.equal(await page.isVisible('#file-list'), false, 'the file report is folded');
      assert.match(await page.textContent('#read-details > summary'), /114 accounts.*1 warning/);
      await page.click('#read-details > summary');
      assert.equal(await page.isVisible('#file-list'), true);

      const ids = await page.$$eval('#ranking tbody tr[data-account] td:nth-child(3)', (cells) =>
        cells.map((cell) => ({ text: cell.textContent, title: cell.title })),
      );
      const long = ids.find((cell) => cell.title);
      assert.ok(long, 'a 19-digit id is shortened');
      assert.match(long.text, /^\d{4}…\d{4}$/);
      assert.match(long.title, /^\d{13,}$/);

      // Authority scores of 1e-86 and less in this collection: `≈ 0` on screen, the exact value on hover.
      await page.click('#column-chooser > summary');
      await page.check('#column-options input[value="authority"]');
      await page.waitForFunction(() => [...document.querySelectorAll('#ranking tbody td.number')].some((cell) => cell.textContent === '≈ 0'));
      const tiny = await page.$$eval('#ranking tbody td.number', (cells) =>
        cells.filter((cell) => cell.textContent === '≈ 0').map((cell) => cell.title),
      );
      assert.ok(tiny.length > 0);
      assert.ok(tiny.every((title) => title !== '' && Number(title) > 0 && Number(title) < 1e-12), tiny.join(' '));

      // The card opens on a click and Escape closes it.
      await page.click('#ranking tbody tr[data-account] td:nth-child(2)');
      await page.waitForSelector('#account-panel:not([hidden])');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#account-panel[hidden]', { state: 'attached' });
    },
    { viewport: { width: 1280, height: 800 } },
  );
});

test('the exported map carries its title and legend, in SVG and PNG', async () => {
  await checkedPage(server.origin, async ({ page }) => {
    await dropFiles(page, '#drop-zone', [{ name: 'kpop.jsonl', text: kpop() }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    const svg = (await downloadFrom(page, '[data-export="svg"]')).bytes.toString('utf8');
    assert.match(svg, />Who sways the conversation: the network map<\/text>/);
    assert.match(svg, />Legend<\/text>/);
    assert.match(svg, /Size: [^<]+\. Colour: [^<]+\./);
    assert.match(svg, /Data: kpop\.jsonl\. Made with attaché on/);
    const png = (await downloadFrom(page, '[data-export="png"]')).bytes;
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    // The map is 1600 × 1200 (×2 for the PNG's resolution, if any): the legend band is below it.
    assert.ok(height / width > 1200 / 1600 + 0.05, `a ${width}×${height} PNG has room for the legend`);
  });
});
