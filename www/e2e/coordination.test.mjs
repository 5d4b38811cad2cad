/**
 * The Coordination view as a user meets it: drop the hand-made collections with
 * coordinated reposts (tests/fixtures/coordination/), open the tab, see groups with their
 * baseline ratio, change the window, highlight a group's members and find them marked in
 * the rankings ("Show only them") and pointed out on the map, download the JSON the
 * command line writes, and read what the view says about a collection without times and
 * the Learn entry behind its ?.
 * Every test asserts that no request leaves the page's origin and no console error appears.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { checkedPage, downloadFrom, dropFiles, repoDir, servePage, tableRows } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

const withPage = (run) => checkedPage(server.origin, run);
const FIXTURES = `${repoDir}/tests/fixtures/coordination/`;

function fixtures() {
  return readdirSync(FIXTURES)
    .filter((name) => /\.jsonl?$/.test(name))
    .sort()
    .map((name) => ({ name, text: readFileSync(FIXTURES + name, 'utf8') }));
}

async function load(page, files) {
  await dropFiles(page, '#drop-zone', files);
  await page.waitForSelector('#ranking tbody tr[data-account]');
}

async function openCoordination(page) {
  await page.click('#tab-coordination');
  await page.waitForSelector('#view-coordination:not([hidden])');
}

test('groups with their baseline ratio, highlighted in the rankings and the map', async () => {
  await withPage(async ({ page }) => {
    await load(page, fixtures());
    await openCoordination(page);
    await page.waitForSelector('#coordination-table tbody tr');
    assert.equal(await page.isHidden('#coordination-missing'), true);
    const note = await page.textContent('#coordination-note');
    assert.match(note, /pairs of accounts in \d+ groups/);
    assert.match(note, /seed 15/);
    assert.match(note, /not proof/);
    const rows = await page.$$eval('#coordination-table tbody tr', (trs) =>
      trs.map((tr) => ({ group: tr.dataset.group, cells: [...tr.cells].map((c) => c.textContent) })),
    );
    assert.ok(rows.length >= 2, JSON.stringify(rows));
    // Every group has a ratio against the shuffled baseline.
    for (const { cells } of rows) assert.match(cells[6], /^×\d|never by chance/, cells.join(' | '));
    const ring = rows.find(({ cells }) => cells[1].includes('ring_a1'));
    assert.ok(ring, 'the ring of three reposters is a group');
    assert.match(ring.cells[1], /^3: ring_a1, ring_a2, ring_a3$/);
    assert.match(ring.cells[2], /repost of 5001 by news_desk \(3 members\)/);
    // The network is drawn, and the chosen group's timeline.
    await page.waitForSelector('#coordination-network canvas');
    await page.waitForSelector('#coordination-timeline svg.chart');
    await page.click(`#coordination-table tr[data-group="${ring.group}"] th button`);
    await page.waitForFunction((g) => document.querySelector('#coordination-timeline .chart-title')?.textContent?.includes(`group ${Number(g) + 1}:`), ring.group);
    const members = await page.$$eval('#coordination-timeline svg.chart [aria-label="y-axis tick label"] text', (texts) => texts.map((t) => t.textContent));
    assert.deepEqual(members.sort(), ['ring_a1', 'ring_a2', 'ring_a3']);

    // Highlight: the rankings mark the members and can show only them; the map says so.
    await page.click(`#coordination-table tr[data-group="${ring.group}"] button[data-highlight-group]`);
    assert.equal(await page.textContent(`#coordination-table tr[data-group="${ring.group}"] button[data-highlight-group]`), 'Highlighted ✓');
    await page.click('#tab-rankings');
    await page.waitForSelector('#ranking-highlight:not([hidden])');
    assert.match(await page.textContent('#ranking-highlight-text'), new RegExp(`3 accounts of coordination group ${Number(ring.group) + 1}`));
    const marked = (await tableRows(page)).filter((row) => row[1].startsWith('◆ ')).map((row) => row[1].slice(2));
    assert.deepEqual(marked.sort(), ['ring_a1', 'ring_a2', 'ring_a3']);
    await page.click('#ranking-highlight-only');
    await page.waitForFunction(() => document.querySelectorAll('#ranking tbody tr[data-account]').length === 3);
    assert.match(await page.textContent('#ranking-note'), /3 of \d+ accounts match/);
    await page.click('#tab-map');
    await page.waitForSelector('#map-highlight-note:not([hidden])');
    assert.match(await page.textContent('#map-highlight-text'), /coordination group/);
    await page.click('#map-highlight-clear');
    await page.click('#tab-rankings');
    await page.waitForSelector('#ranking-highlight', { state: 'hidden' });
    assert.ok((await tableRows(page)).length > 3, 'everyone is listed again');
    assert.ok((await tableRows(page)).every((row) => !row[1].startsWith('◆')));

    // A wider window and a lower threshold find more pairs (the lens's parameters).
    await openCoordination(page);
    const pairsBefore = Number(/(\d+) pairs of accounts/.exec(await page.textContent('#coordination-note'))[1]);
    await page.fill('#coordination-window', '3600');
    await page.fill('#coordination-min_shared', '2');
    await page.click('#coordination-form button[type="submit"]');
    await page.waitForFunction((before) => {
      const match = /(\d+) pairs of accounts/.exec(document.querySelector('#coordination-note')?.textContent ?? '');
      return match && Number(match[1]) > before;
    }, pairsBefore);
    assert.match(await page.textContent('#coordination-note'), /at least 2 of the same items within 1 h/);

    // The download is the command line's JSON under the settings in force.
    const file = await downloadFrom(page, '[data-coordination-export="json"]');
    assert.equal(file.name, 'attache-coordination.json');
    const report = JSON.parse(file.bytes.toString('utf8'));
    assert.equal(report.window, 3600);
    assert.equal(report.min_shared, 2);
    assert.ok(report.groups.length > 0 && report.groups.every((g) => 'ratio' in g));
  });
});

test('pseudonyms reach the groups and the exports', async () => {
  await withPage(async ({ page }) => {
    await load(page, fixtures());
    await page.check('#pseudonyms-toggle');
    await openCoordination(page);
    await page.waitForSelector('#coordination-table tbody tr');
    const text = await page.textContent('#coordination-table');
    for (const name of ['ring_a1', 'news_desk', '5001']) assert.ok(!text.includes(name), `${name} in ${text}`);
    const file = await downloadFrom(page, '[data-coordination-export="csv"]');
    assert.equal(file.name, 'attache-coordination-pairs-pseudonymised.csv');
    const csv = file.bytes.toString('utf8');
    assert.match(csv, /^a,b,shared,group\n/);
    for (const id of ['101', '102', 'mast.example']) assert.ok(!csv.includes(id), `${id} in ${csv}`);
  });
});

test('a collection without times says why nothing can be compared', async () => {
  await withPage(async ({ page }) => {
    const ring = fixtures().find(({ name }) => name === 'ring.twarc2.jsonl');
    await load(page, [{ name: 'untimed.jsonl', text: ring.text.replace(/"created_at": "[^"]*", /g, '') }]);
    await openCoordination(page);
    await page.waitForSelector('#coordination-missing:not([hidden])');
    assert.match(await page.textContent('#coordination-missing'), /no timestamp.*nothing to compare/);
    assert.equal(await page.isHidden('#coordination-body'), true);
    // The form's ? opens the Learn entry: the method, its settings, the baseline, the caveats.
    await page.click('#coordination-form .learn-link');
    await page.waitForSelector('#view-learn:not([hidden])');
    const entry = await page.textContent('#learn-coordinated-amplification');
    assert.match(entry, /not proof of inauthenticity/);
    assert.match(entry, /observed \/ expected/);
  });
});
