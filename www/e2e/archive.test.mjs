/**
 * A ZIP archive dropped on the real page: the worker reads it by random access
 * (FileReaderSync over File.slice), central directory first, and the ranking appears.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { checkedPage, repoDir, servePage, tableRows } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

test('dropping an X archive ZIP ranks the accounts of its network', async () => {
  const zip = [...readFileSync(`${repoDir}/tests/fixtures/archives/x-archive.zip`)];
  await checkedPage(
    server.origin,
    async ({ page }) => {
      const dataTransfer = await page.evaluateHandle((bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'twitter-2024.zip', { type: 'application/zip' }));
        return transfer;
      }, zip);
      await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
      await page.waitForSelector('#ranking tbody tr');
      const rows = await tableRows(page);
      // The hand-made archive's 8 accounts (tests/ingest_archives.rs).
      assert.equal(rows.length, 8);
    },
    { path: '/', viewport: null },
  );
});
