/**
 * Loading as a user does it: drop each kind of file (an edge list, a twarc2 collection, a
 * GEXF file, a node table with an edge table, an X archive ZIP) and read what the page
 * says about each; map the columns of a table the guess got wrong; watch the progress
 * of a large file and cancel it. No request may leave the page's origin, no console
 * error may appear (CSP refusals included).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { checkedPage, dropFiles, repoDir, servePage, tableRows } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const withPage = (run) => checkedPage(server.origin, run);

const fixture = (path) => readFileSync(`${repoDir}/tests/fixtures/${path}`, 'utf8');

/** The reports of the file list: one text per file (nested members separately). */
const fileReports = (page) => page.$$eval('#file-list li.file', (items) => items.map((li) => li.querySelector('.file-head').textContent + ' | ' + [...li.querySelectorAll(':scope > .file-facts > li')].map((f) => f.textContent).join(' | ')));

async function dropAndWait(page, files) {
  await page.evaluate(() => (window.__loaded = document.querySelector('#summary-text')?.textContent ?? ''));
  await dropFiles(page, '#drop-zone', files);
  await page.waitForFunction(() => {
    const text = document.querySelector('#summary-text')?.textContent ?? '';
    return text !== window.__loaded && !document.querySelector('#summary').hidden;
  });
}

test('each kind of file says what it is and what it held', async () => {
  await withPage(async ({ page }) => {
    // A twarc2 collection: posts, reposts and mentions, and the topics they carry.
    await dropAndWait(page, [{ name: 'kpop.jsonl', text: fixture('twarc2/kpop.jsonl') }]);
    let reports = await fileReports(page);
    assert.equal(reports.length, 1);
    assert.match(reports[0], /^kpop\.jsonl: twarc2 JSONL \(X API v2\)/);
    // A file's posts are its collected posts (100 tweets), not the stubs of ids they reference.
    assert.match(reports[0], /new: 114 accounts, 100 posts/);
    assert.match(reports[0], /Interactions: 78 repost, 13 mention/);
    assert.match(await page.textContent('#summary-text'), /^114 accounts, 88 connections, 121 posts/);
    // Posts carry topics: the account that posted most shows its hashtags, domains and languages.
    await page.evaluate(async () => {
      const { app } = window.attache;
      const [posts] = await app.ensureColumns(['posts']);
      app.select(posts.indexOf(Math.max(...posts)));
    });
    await page.waitForFunction(() => /Hashtags: #/.test(document.querySelector('#account-topics').textContent));
    assert.match(await page.textContent('#account-topics'), /^From \d+ of its posts\.Hashtags: #\S+ \(\d+\).*Languages: \w+ \(\d+\)/);
    // And so do groups: the communities' hashtags.
    await page.click('#tab-groups');
    await page.waitForSelector('#groups-table tbody tr');
    const topicHeaders = await page.$$eval('#groups-table thead th', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(topicHeaders.slice(-3), ['Hashtags', 'Domains', 'Languages']);
    const hashtags = await page.$$eval('#groups-table tbody tr td:nth-child(7)', (cells) => cells.map((c) => c.textContent));
    assert.ok(hashtags.some((h) => h.includes('#kpop')), hashtags.join('|'));
    await page.click('#tab-rankings');
    await page.click('#clear-button');

    // A GEXF file from Gephi.
    await dropAndWait(page, [{ name: 'miserables.gexf', text: fixture('gexf/graphology_les_miserables.gexf') }]);
    reports = await fileReports(page);
    assert.match(reports[0], /^miserables\.gexf: GEXF \(Gephi\)/);
    assert.match(reports[0], /new: 77 accounts/);
    assert.equal(await page.getAttribute('#ranking', 'aria-rowcount'), '78');
    assert.equal(await page.$('[data-map-file]'), null, 'no column mapping for a GEXF file');
    await page.click('#clear-button');

    // A node table with an edge table: the rows join the accounts by id.
    await dropAndWait(page, [
      { name: 'mentions.csv', text: fixture('tables/mentions.csv') },
      { name: 'attributes.csv', text: fixture('tables/attributes.csv') },
    ]);
    reports = await fileReports(page);
    assert.equal(reports.length, 2);
    assert.match(reports[0], /^mentions\.csv: edge table/);
    assert.match(reports[0], /Interactions: .*1 mention/);
    assert.match(reports[1], /^attributes\.csv: node table \(accounts and attributes\)/);
    assert.match(reports[1], /Account rows: \d+ rows \(\d+ matched by id/);
    assert.equal((await page.$$('[data-map-file]')).length, 2, 'both tables can be mapped');
    // The table's attributes are groupings now.
    const groupings = await page.$$eval('#filter-by option', (options) => options.map((o) => o.value));
    assert.deepEqual(groupings.filter((g) => g && g !== 'community'), ['category', 'country']);
  });
});

test('an X archive ZIP lists the members it read, with the notes about what it is', async () => {
  const zip = [...readFileSync(`${repoDir}/tests/fixtures/archives/x-archive.zip`)];
  await withPage(async ({ page }) => {
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'twitter-2024.zip', { type: 'application/zip' }));
      return transfer;
    }, zip);
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
    await page.waitForSelector('#file-list .members', { state: 'attached' });
    await page.evaluate(() => (document.getElementById('read-details').open = true));
    await page.waitForSelector('#file-list .members');
    const archive = await page.textContent('#file-list > li.file > .file-head');
    assert.match(archive, /^twitter-2024\.zip: ZIP archive/);
    const notes = await page.$$eval('#file-list > li.file > .file-facts .note', (items) => items.map((li) => li.textContent));
    assert.ok(notes.some((n) => /not opened/.test(n)), notes.join('|'));
    const members = await page.$$eval('#file-list .members > li .file-head strong', (items) => items.map((s) => s.textContent));
    assert.ok(members.includes('twitter-2024.zip/data/tweets.js'), members.join('|'));
    const memberText = await page.textContent('#file-list .members');
    assert.match(memberText, /X archive file/);
    assert.match(memberText, /ego network/);
    assert.match(memberText, /1 warning: twitter-2024\.zip\/data\/tweets-part1\.js, line 108/);
    assert.equal(await page.$('[data-map-file]'), null, 'members of a ZIP are not mapped by hand');
  });
});

test('the mapping step reads a table the guess got wrong', async () => {
  await withPage(async ({ page }) => {
    // `user,replied_to,count,note` looks like a table of accounts: two accounts, no interactions.
    await dropAndWait(page, [{ name: 'replies.csv', text: fixture('tables/mapping_override.csv') }]);
    assert.match(await page.textContent('#summary-text'), /^2 accounts, 0 connections/);
    await page.evaluate(() => (document.getElementById('read-details').open = true));
    await page.click('[data-map-file="replies.csv"]');
    await page.waitForSelector('#mapping:not([hidden]) #mapping-rows tr');
    assert.equal(await page.inputValue('#mapping-shape'), 'nodes');
    const preview = await page.$$eval('#mapping-rows tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    assert.deepEqual(preview[1], ['carol', 'bob', '1', 'second, with a comma']);
    const headers = await page.$$eval('#mapping-headers th', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(headers, ['user', 'replied_to', 'count', 'note']);

    // Rows are interactions: user → replied_to, weighted by count.
    await page.selectOption('#mapping-shape', 'edges');
    await page.selectOption('#mapping-roles select[data-column="2"]', 'weight');
    // Two sources cannot be: the page says so and waits.
    await page.selectOption('#mapping-roles select[data-column="1"]', 'source');
    assert.match(await page.textContent('#mapping-problems'), /Only one column can hold the source/);
    assert.equal(await page.isDisabled('#mapping-apply'), true);
    await page.selectOption('#mapping-roles select[data-column="1"]', 'target');
    assert.equal(await page.textContent('#mapping-problems'), '');
    await page.click('#mapping-apply');
    await page.waitForFunction(() => /^3 accounts, 2 connections/.test(document.querySelector('#summary-text').textContent));
    assert.equal(await page.isHidden('#mapping'), true);
    const rows = await tableRows(page);
    assert.equal(rows[0][2], 'bob', 'bob receives every reply');
    const report = (await fileReports(page))[0];
    assert.match(report, /replies\.csv: edge table/);
    assert.match(report, /Interactions: 2 link/);

    // Opened again, the mapping starts from what was applied; the separator re-cuts the preview.
    await page.evaluate(() => (document.getElementById('read-details').open = true));
    await page.click('[data-map-file="replies.csv"]');
    await page.waitForSelector('#mapping:not([hidden]) #mapping-rows tr');
    assert.equal(await page.inputValue('#mapping-shape'), 'edges');
    assert.equal(await page.inputValue('#mapping-roles select[data-column="2"]'), 'weight');
    await page.selectOption('#mapping-delimiter', ';');
    await page.waitForFunction(() => document.querySelectorAll('#mapping-headers th').length === 1);
    await page.click('#mapping-close');
    assert.equal(await page.isHidden('#mapping'), true);
  });
});

test('a large file shows its progress, and cancel keeps what was shown', async () => {
  await withPage(async ({ page }) => {
    await page.click('#demo-karate');
    await page.waitForSelector('#ranking tbody tr[data-account]');
    await page.evaluate(() => {
      window.__progressTexts = [];
      const text = document.getElementById('progress-text');
      new MutationObserver(() => window.__progressTexts.push(text.textContent)).observe(text, { childList: true, characterData: true, subtree: true });
    });
    // About 30 MB of interactions, made in the page.
    const dataTransfer = await page.evaluateHandle(() => {
      const lines = ['source,target,weight'];
      for (let i = 0; i < 1_500_000; i++) lines.push(`account_${i % 50_000},account_${(i * 7919) % 50_000},${1 + (i % 3)}`);
      const transfer = new DataTransfer();
      transfer.items.add(new File([lines.join('\n')], 'large.csv', { type: 'text/csv' }));
      return transfer;
    });
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
    await page.waitForSelector('#progress:not([hidden])');
    await page.waitForFunction(() => window.__progressTexts.some((t) => /Reading large\.csv: \d+% \([\d.]+ [KM]B of [\d.]+ MB\)/.test(t)));
    await page.click('#cancel-button');
    await page.waitForFunction(() => /Cancelled/.test(document.querySelector('#status').textContent));
    assert.equal(await page.isHidden('#progress'), true);
    // Karate is still on screen, and the new worker has it again: sorting still works.
    assert.equal(await page.getAttribute('#ranking', 'aria-rowcount'), '35');
    await page.click('th button[aria-label="Sort by In-degree"]');
    await page.waitForSelector('th[aria-sort="descending"] >> text=In-degree');
    assert.equal((await tableRows(page))[0][2], '33');
  });
});

test('with pseudonyms on, file reports name no real account; the same file dropped twice counts once', async () => {
  await withPage(async ({ page }) => {
    const kpop = fixture('twarc2/kpop.jsonl');
    await dropAndWait(page, [{ name: 'kpop.jsonl', text: kpop }]);
    const summary = await page.textContent('#summary-text');
    // The API error names a suspended account: shown as it is, until pseudonyms are on.
    assert.match(await page.textContent('#file-list'), /leeseunggi/);
    const handles = await page.evaluate(() => window.attache.app.dataset.labels.filter((label) => /^[A-Za-z_]\w{3,}$/.test(label)));
    assert.ok(handles.length > 50, `${handles.length} handles`);
    await page.check('#pseudonyms-toggle');
    await page.waitForFunction(() => !/leeseunggi/.test(document.querySelector('#file-list').textContent));
    const reports = await page.textContent('#file-list');
    assert.match(reports, /the API could not return 1 referenced objects/);
    const leaked = handles.filter((handle) => new RegExp(`\\b${handle}\\b`).test(reports));
    assert.deepEqual(leaked, [], 'no handle in the file reports');
    const table = await page.textContent('#ranking');
    assert.deepEqual(handles.filter((handle) => table.includes(handle)), [], 'no handle in the table');

    // Dropping the same content again (under another name) adds nothing, and says why.
    await page.uncheck('#pseudonyms-toggle');
    await dropFiles(page, '#drop-zone', [{ name: 'kpop-again.jsonl', text: kpop }]);
    await page.waitForFunction(() => /kpop-again\.jsonl/.test(document.querySelector('#file-list').textContent));
    assert.equal(await page.textContent('#summary-text'), summary);
    assert.match(await page.textContent('#file-list'), /the same content as kpop\.jsonl \(SHA-256 [0-9a-f]{12}…\), read already: not read again/);
  });
});
