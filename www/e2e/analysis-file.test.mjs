/**
 * Analyses saved and replayed: lens parameters set in the page reach every answer (the
 * column, the index, the account card), the methods line says them, **Save analysis**
 * writes a file that `attache score --settings` replays to the same bits, and **Open a
 * saved analysis** asks for the files it names, reads them under its settings, warns
 * about a file that differs, and changes nothing when the analysis cannot be read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { attache, checkedPage, downloadFrom, dropFiles, repoDir, servePage } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

/** `id → value` of one column of `attache score --format csv` (values read back as numbers). */
function csvColumn(csv, metric) {
  const [header, ...rows] = csv.trim().split('\n').map((line) => line.split(','));
  const column = header.indexOf(metric);
  return new Map(rows.map((row) => [row[0], row[column] === '' ? NaN : Number(row[column])]));
}

test('lens parameters reach every answer, and a saved analysis replays bit for bit on the command line', async () => {
  const fixture = 'tests/fixtures/graphs/karate.csv';
  await checkedPage(server.origin, async ({ page }) => {
    await dropFiles(page, '#drop-zone', [{ name: 'karate.csv', text: readFileSync(`${repoDir}/${fixture}`, 'utf8') }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    await page.evaluate(() =>
      window.attache.app.configure({ params: { pagerank: { seeds: ['0', '33'], alpha: 0.8 } } }, ['pagerank', 'influence_index']),
    );
    await page.waitForFunction(() => /damping factor 0\.8, seed accounts: 2 accounts/.test(document.getElementById('methods-line').textContent));
    const answers = await page.evaluate(async () => {
      const { app } = window.attache;
      const pagerank = [...app.dataset.columns.get('pagerank')];
      const ids = app.dataset.ids;
      const explanation = await app.client.query({ type: 'explain', account: 5, lenses: ['pagerank'], contributors: 3 });
      const pillars = await app.client.query({ type: 'pillars' });
      return { pagerank, ids, explained: explanation.pagerank, lensValue: explanation.lenses[0].value, pillars };
    });
    assert.equal(answers.explained, answers.pagerank[5], 'the card reads the personalised PageRank');
    assert.equal(answers.lensValue, answers.pagerank[5]);
    assert.ok(answers.pillars.pillars.some((p) => p.pillar === 'network' && p.present));

    const saved = await downloadFrom(page, '#save-analysis');
    assert.equal(saved.name, 'attache-analysis.json');
    const analysis = JSON.parse(saved.bytes.toString('utf8'));
    assert.equal(analysis.files[0].name, 'karate.csv');
    assert.deepEqual(analysis.params.pagerank.seeds, ['0', '33']);
    const path = join(mkdtempSync(join(tmpdir(), 'attache-analysis-')), 'attache-analysis.json');
    writeFileSync(path, saved.bytes);
    const cli = csvColumn(await attache(['score', fixture, '--metrics', 'pagerank', '--format', 'csv', '--settings', path]), 'pagerank');
    const differing = answers.ids.filter((id, i) => !Object.is(cli.get(id), answers.pagerank[i]));
    assert.deepEqual(differing, [], 'the page and the command line give the same bits');
  });
});

test('opening a saved analysis asks for its files, replays it, and a bad one changes nothing', async () => {
  const native = readFileSync(`${repoDir}/tests/reference/determinism/kpop.analysis.csv`, 'utf8');
  const expected = csvColumn(native, 'pagerank');
  const analysisFile = {
    name: 'kpop.attache.json',
    mimeType: 'application/json',
    buffer: readFileSync(`${repoDir}/tests/fixtures/analysis/kpop.attache.json`),
  };
  const kpop = readFileSync(`${repoDir}/tests/fixtures/twarc2/kpop.jsonl`);
  await checkedPage(server.origin, async ({ page }) => {
    await page.click('#demo-karate');
    await page.waitForSelector('#ranking tbody tr[data-account]');

    await page.setInputFiles('#analysis-input', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ nope') });
    await page.waitForFunction(() => /Could not open broken\.json/.test(document.getElementById('status').textContent));
    assert.equal(await page.isHidden('#analysis-request'), true);
    assert.equal(await page.evaluate(() => window.attache.app.dataset.ids.length), 34, 'the karate club is still on screen');

    await page.setInputFiles('#analysis-input', analysisFile);
    await page.waitForSelector('#analysis-request:not([hidden])');
    assert.match(await page.textContent('#analysis-request-list'), /kpop\.jsonl/);
    await page.setInputFiles('#analysis-files', { name: 'kpop.jsonl', mimeType: 'application/json', buffer: kpop });
    await page.waitForFunction(() => window.attache.app.dataset?.ids.length > 34);
    await page.waitForFunction(() => /seed accounts: 2 accounts/.test(document.getElementById('methods-line').textContent));
    const shown = await page.evaluate(() => {
      const { app } = window.attache;
      return { ids: app.dataset.ids, pagerank: [...app.dataset.columns.get('pagerank')], kinds: app.dataset.kindWeights };
    });
    assert.equal(shown.kinds.follow, 2, 'the kind weights of the analysis');
    const differing = shown.ids.filter((id, i) => !Object.is(expected.get(id), shown.pagerank[i]));
    assert.deepEqual(differing, [], 'the scores of attache score --settings');
    assert.doesNotMatch(await page.textContent('#summary'), /differs from the one/);

    // The same name with other bytes: read, with a warning naming the file.
    await page.setInputFiles('#analysis-input', analysisFile);
    await page.waitForSelector('#analysis-request:not([hidden])');
    const changed = Buffer.concat([kpop, Buffer.from('\n')]);
    await page.setInputFiles('#analysis-files', { name: 'kpop.jsonl', mimeType: 'application/json', buffer: changed });
    await page.waitForFunction(() => /differs from the one the analysis was saved with/.test(document.getElementById('summary').textContent));
  });
});

test('the study report is one self-contained HTML file, the same the command line writes', async () => {
  const fixture = 'tests/fixtures/graphs/karate.csv';
  await checkedPage(server.origin, async ({ page, context }) => {
    await dropFiles(page, '#drop-zone', [{ name: 'karate.csv', text: readFileSync(`${repoDir}/${fixture}`, 'utf8') }]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    const study = await downloadFrom(page, '[data-export="study"]');
    assert.equal(study.name, 'attache-study.html');
    const html = study.bytes.toString('utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /<script|<link|@import|url\(|src=/, 'nothing to fetch, nothing to run');
    assert.deepEqual(html.match(/https?:\/\/[^"\s<]+/g)?.filter((u) => u !== 'http://www.w3.org/2000/svg') ?? [], []);
    const shown = await page.evaluate(() => ({
      lenses: window.attache.rankings.columns.filter((id) => id !== 'influence_index'),
      by: window.attache.app.groupings()[0],
      methods: document.getElementById('methods-line').textContent,
    }));
    assert.match(html, /The influence index puts <strong>[^<]+<\/strong> first/);
    assert.match(html, /PageRank \(damping factor 0\.85/);
    assert.match(html, /<h2>The map<\/h2>/);
    assert.match(html, /Legend: each dot is an account/);

    // The page's own view of the report, opened: it names the leader the table shows first.
    const opened = await context.newPage();
    await opened.setContent(html);
    assert.match(await opened.textContent('h1'), /Who sways the conversation/);
    await opened.close();

    const saved = await downloadFrom(page, '#save-analysis');
    const path = join(mkdtempSync(join(tmpdir(), 'attache-study-')), 'analysis.json');
    writeFileSync(path, saved.bytes);
    const args = ['report', fixture, '--settings', path, '--lenses', shown.lenses.join(',')];
    if (shown.by) args.push('--by', shown.by);
    const cli = await attache(args);
    assert.equal(cli, html, 'the command line writes the same document');
    assert.ok(shown.methods.length > 0);
  });
});
