/**
 * The analyses as a user meets them on the diplomacy demo: move the pillar and kind
 * weights and watch the order change, filter by group and by kind received, set lens
 * parameters (a betweenness time budget, communities, personalised PageRank seeds), read
 * an account's card, compare groups, follow ranks over time, export the charts, switch to
 * pseudonyms; and a file whose names are markup, shown as text in every view and export.
 * Every test asserts that no request leaves the origin, that no console error appears
 * and that the Content-Security-Policy refused nothing (Plot's style elements included).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkedPage, downloadFrom, dropFiles, servePage, tableRows } from './harness.mjs';

let server;
before(async () => {
  server = await servePage();
});
after(() => server?.stop());

/**
 * The longest main-thread task allowed while the worker computes (the page only renders).
 * The issue's 100 ms is measured on a quiet machine by the benchmarks' browser figure
 * (bench/RESULTS.md); here, on a shared CI machine with software WebGL, a busy neighbour
 * stretches a 60 ms task past 100 ms. This bound still catches the real fault, work done
 * on the main thread, which takes seconds on these networks.
 */
const LONGEST_TASK_MS = 250;

/** Besides the usual checks: nothing refused by the Content-Security-Policy, no inline style. */
const withPage = (run) =>
  checkedPage(server.origin, run, {
    check: async (session) => {
      assert.deepEqual(await session.cspViolations(), [], 'the Content-Security-Policy refused something');
      const inlineStyles = await session.page.evaluate(() => document.querySelectorAll('body style').length);
      assert.equal(inlineStyles, 0, 'no style element entered the page');
    },
  });

async function openDemo(page) {
  await page.click('#demo-diplomacy');
  await page.waitForSelector('#ranking tbody tr[data-account]');
}

const ids = async (page) => (await tableRows(page)).map((row) => row[2]);
const header = async (page) => page.$$eval('#ranking thead th', (cells) => cells.map((th) => th.textContent));
const column = async (page, name) => {
  const index = (await header(page)).findIndex((h) => h.startsWith(name));
  return (await tableRows(page)).map((row) => Number(row[index].replace(/,/g, '')));
};
const isDescending = (values) => values.every((v, i) => i === 0 || values[i - 1] >= v);

test('pillar and kind weights re-rank live, computed in the worker', async () => {
  await withPage(async ({ page, longTasks }) => {
    await openDemo(page);
    // The panel opens on demand: the ranking comes first.
    assert.equal(await page.isVisible('#pillar-reach'), false);
    await page.click('#weights-panel > summary');
    assert.match(await page.textContent('#pillar-note'), /Reach from Follows received[,.]/);
    await page.click('th button[aria-label="Sort by Influence index"]');
    await page.waitForSelector('th[aria-sort="descending"] >> text=Influence index');
    const equal = await ids(page);
    assert.ok(isDescending(await column(page, 'Influence index')));
    await page.evaluate(() => (window.__longTasks.length = 0));

    // Only the network counts, then mostly the audience: the order follows each time.
    await page.fill('#pillar-network', '0');
    await page.fill('#pillar-reach', '5');
    await page.waitForFunction(() => /Reach from Follows received \(weight 5\)/.test(document.querySelector('#pillar-note').textContent));
    await page.waitForFunction((before) => {
      const rows = [...document.querySelectorAll('#ranking tbody tr[data-account]')].map((r) => r.cells[2].textContent);
      return rows.join() !== before.join();
    }, equal);
    assert.match(await page.textContent('#pillar-note'), /Weighted 0: Network/);
    assert.ok(isDescending(await column(page, 'Influence index')), 'sorted by the new index');
    assert.equal(await page.textContent('output[for="pillar-reach"]'), '5');

    // Follows count for nothing: PageRank changes, and the PageRank order with it.
    await page.click('th button[aria-label="Sort by PageRank"]');
    await page.waitForSelector('th[aria-sort="descending"] >> text=PageRank');
    const withFollows = await column(page, 'PageRank');
    await page.fill('#kind-follow', '0');
    await page.waitForFunction((first) => {
      const cells = [...document.querySelectorAll('#ranking thead th')].map((th) => th.textContent);
      const index = cells.findIndex((h) => h.startsWith('PageRank'));
      const row = document.querySelector('#ranking tbody tr[data-account]');
      return row && Number(row.cells[index].textContent) !== first;
    }, withFollows[0]);
    assert.ok(isDescending(await column(page, 'PageRank')), 'PageRank order under the new weights');
    assert.equal(await page.isDisabled('#kind-link'), true, 'the demo has no untyped links');
    assert.match(await page.textContent('#kind-note'), /Not in these data: link/);
    const slowest = Math.max(0, ...(await longTasks()));
    assert.ok(slowest < LONGEST_TASK_MS, `the main thread blocked for ${slowest} ms`);

    // By keyboard: a slider takes arrow keys, and the index follows.
    await page.focus('#pillar-conversation');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.textContent('output[for="pillar-conversation"]'), '2');
    await page.waitForFunction(() => /Conversation from .*\(weight 2\)/.test(document.querySelector('#pillar-note').textContent));

    // The map draws the weighted network: without follows, fewer connections.
    await page.click('#tab-map');
    await page.waitForFunction(() => window.attache.map?.edgeCount() > 0);
    const withoutFollows = await page.evaluate(() => window.attache.map.edgeCount());
    await page.click('#tab-rankings');
    await page.fill('#kind-follow', '1');
    await page.waitForFunction(() => window.attache.map.edgeCount() === null, undefined, { timeout: 10_000 });
    await page.click('#tab-map');
    await page.waitForFunction((before) => window.attache.map.edgeCount() > before, withoutFollows);
    await page.click('#tab-rankings');

    // Back to 1: the equal-weights order comes back (moving the pillars sorts by the index).
    await page.click('#kind-reset');
    await page.click('#pillar-reset');
    await page.waitForSelector('th[aria-sort="descending"] >> text=Influence index');
    await page.waitForFunction((expected) => {
      const rows = [...document.querySelectorAll('#ranking tbody tr[data-account]')].map((r) => r.cells[2].textContent);
      return rows.slice(0, 10).join() === expected.slice(0, 10).join();
    }, equal);
  });
});

test('filters by group and by the kind received, and lens settings with their details', async () => {
  await withPage(async ({ page }) => {
    await openDemo(page);
    await page.selectOption('#filter-by', 'country');
    await page.waitForFunction(() => !document.querySelector('#filter-group').hidden && document.querySelectorAll('#filter-group option').length > 1);
    const franceValue = await page.$eval('#filter-group', (select) => [...select.options].find((o) => o.textContent.startsWith('France ')).value);
    await page.selectOption('#filter-group', franceValue);
    const members = Number((await page.$eval(`#filter-group option[value="${franceValue}"]`, (o) => o.textContent)).match(/\(([\d,]+)\)/)[1].replace(/,/g, ''));
    await page.waitForFunction((n) => document.querySelector('#ranking-note').textContent.endsWith(`; ${n} of 2,517 accounts match.`), members);
    const shown = await page.$$eval('#ranking tbody tr[data-account]', (rows) => rows.map((r) => Number(r.dataset.account)));
    const countries = await page.evaluate(async (accounts) => {
      const report = await window.attache.app.groupReport('country');
      return [...new Set(accounts.map((a) => report.groups[report.membership[a]].name))];
    }, shown);
    assert.deepEqual(countries, ['France']);

    // Of those, only the accounts somebody reposted.
    await page.selectOption('#filter-kind', 'repost');
    await page.waitForFunction((n) => {
      const match = document.querySelector('#ranking-note').textContent.match(/; ([\d,]+) of/);
      return match && Number(match[1].replace(/,/g, '')) < n;
    }, members);
    const reposted = await page.$$eval('#ranking tbody tr[data-account]', (rows) =>
      rows.map((r) => window.attache.app.dataset.columns.get('reposts_in')[Number(r.dataset.account)]),
    );
    assert.ok(reposted.every((n) => n > 0), 'every account shown was reposted');
    await page.selectOption('#filter-kind', '');
    await page.selectOption('#filter-by', '');
    await page.waitForFunction(() => document.querySelector('#ranking-note').textContent === 'Sorted by PageRank, highest first; 2,517 accounts.');

    // Sampled betweenness within a time budget: the error bound shows beside the table.
    await page.click('#lens-settings summary');
    await page.selectOption('#lens-settings-lens', 'betweenness');
    await page.selectOption('#lens-budget', '1000');
    await page.click('#lens-settings button[type="submit"]');
    await page.waitForFunction(() => /Betweenness \(custom settings\): sources searched [\d,]+, error bound/.test(document.querySelector('#column-details').textContent), undefined, { timeout: 60_000 });
    assert.ok((await header(page)).some((h) => h.startsWith('Betweenness ⚙')));
    assert.match(await page.textContent('#lens-settings'), /sampled sources \(one takes about/);

    // Exact betweenness takes a while: cancelled, it leaves the table as it was.
    await page.selectOption('#lens-budget', '0');
    await page.click('#lens-settings button[type="submit"]');
    await page.waitForSelector('#progress:not([hidden])');
    await page.click('#cancel-button');
    await page.waitForFunction(() => /Cancelled/.test(document.querySelector('#lens-settings').textContent));
    assert.ok((await header(page)).some((h) => h.startsWith('Betweenness ⚙')), 'the sampled column stays');
    assert.match(await page.textContent('#column-details'), /Betweenness \(custom settings\): sources searched/);
    assert.ok(await page.evaluate(() => window.attache.app.dataset.params.get('betweenness').k > 0), 'the sampled settings stay');

    // Communities: the modularity reached.
    await page.selectOption('#lens-settings-lens', 'community');
    await page.fill('#lens-param-resolution', '2');
    await page.click('#lens-settings button[type="submit"]');
    await page.waitForFunction(() => /Community \(custom settings\): modularity 0\.\d+, communities \d+/.test(document.querySelector('#column-details').textContent));

    // PageRank personalised to the French ministry, chosen by typing.
    await page.selectOption('#lens-settings-lens', 'pagerank');
    const picker = '#lens-settings .picker input';
    await page.fill(picker, 'mfa_fr');
    const suggestion = await page.$eval('#lens-settings .picker datalist option', (o) => o.value);
    assert.match(suggestion, /· mfa_fr$/);
    await page.fill(picker, suggestion);
    await page.waitForSelector('#lens-settings .chip');
    await page.click('#lens-settings button[type="submit"]');
    const customPagerank = (custom) =>
      ([...document.querySelectorAll('#ranking thead th')].find((th) => th.textContent.startsWith('PageRank'))?.textContent ?? '').includes('⚙') === custom;
    await page.waitForFunction(customPagerank, true);
    // The table still sorts by PageRank, now personalised.
    await page.waitForFunction(() => document.querySelector('#ranking tbody tr[data-account]')?.cells[2].textContent === 'mfa_fr');
    assert.match(await page.textContent('#column-details'), /PageRank \(custom settings\): iterations \d+/);
    // Back to the defaults: the ministry is no longer first.
    await page.click('#lens-settings button >> text=Back to defaults');
    await page.waitForFunction(customPagerank, false);
    assert.notEqual((await ids(page))[0], 'mfa_fr');
  });
});

test('the account card explains a rank; groups and time compare; charts export; pseudonyms hide names', async () => {
  await withPage(async ({ page, longTasks }) => {
    await openDemo(page);
    const [, , topId] = (await tableRows(page))[1];
    const topLabel = (await tableRows(page))[1][1];
    await page.evaluate(() => (window.__longTasks.length = 0));
    await page.click('#ranking tbody tr[data-account]:nth-child(3)');
    await page.waitForSelector('#account-ego svg');
    assert.equal(await page.textContent('#account-title'), topLabel);
    assert.match(await page.textContent('#account-index'), /^Influence index \d+\.\d of 100: #\d+ of 2,517\.$/);
    const pillarText = await page.$$eval('#account-pillars svg text', (texts) => texts.map((t) => t.textContent));
    for (const pillar of ['Reach', 'Amplification', 'Conversation', 'Network']) assert.ok(pillarText.includes(pillar), pillarText.join('|'));
    assert.ok(pillarText.some((t) => /^\d+\.\d$/.test(t)), pillarText.join('|'));
    const pillarRows = await page.$$eval('#account-pillars table tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    assert.deepEqual(pillarRows[0], ['Pillar', 'Points', 'Above', 'Value']);
    assert.deepEqual(pillarRows.slice(1).map((r) => r[0]), ['Reach', 'Amplification', 'Conversation', 'Network']);
    assert.match(pillarRows[1].slice(1).join('|'), /^\d+\.\d\|\d+\.\d%\|[\d,]+$/);
    const points = pillarRows.slice(1).reduce((sum, r) => sum + Number(r[1]), 0);
    const index = Number((await page.textContent('#account-index')).match(/index ([\d.]+)/)[1]);
    assert.ok(Math.abs(points - index) < 0.25, `the pillars' points (${points}) add up to the index (${index})`);
    const ranks = await page.textContent('#account-scores');
    assert.match(ranks, /PageRank0\.\d+ \(#2 of 2,517\)/);
    assert.match(ranks, /Reposts received\d+ \(#\d+ of 2,517\)/);
    const sources = await page.$$eval('#account-sources li', (items) => items.map((li) => li.textContent));
    assert.ok(sources[0].match(/: \d+\.\d% of its PageRank, through \d+ (repost|mention|repl|quote|follow)/), sources[0]);
    assert.match(await page.textContent('#account-topics'), /No posts of its own in these data/);
    const egoText = await page.$$eval('#account-ego svg text', (texts) => texts.map((t) => t.textContent));
    assert.ok(egoText.length >= 5, egoText.join('|'));
    assert.match(await page.textContent('#account-ego figcaption'), new RegExp(`Ego network of ${topLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const ego = await downloadFrom(page, '#account-ego [data-chart-export="svg"]');
    assert.equal(ego.name, 'attache-account-ego-network.svg');
    const egoSvg = ego.bytes.toString('utf8');
    assert.match(egoSvg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg/);
    assert.ok(egoSvg.includes(`<title>Ego network of ${topLabel}</title>`));
    assert.ok(!egoSvg.includes('<style'), 'the exported SVG needs no style sheet');
    assert.ok(egoText.every((label) => egoSvg.includes(`>${label.replace(/&/g, '&amp;').replace(/</g, '&lt;')}<`)));

    // Groups: countries by default, repost flows, every group in the table.
    await page.click('#tab-groups');
    await page.waitForSelector('#groups-charts figure:nth-child(2) svg');
    assert.equal(await page.isHidden('#account-panel'), true, 'the card leaves the width to the charts');
    assert.equal(await page.inputValue('#group-by'), 'country');
    assert.equal(await page.inputValue('#flow-kind'), 'repost');
    const bars = await page.$$eval('#groups-charts figure:nth-child(1) svg text', (texts) => texts.map((t) => t.textContent));
    assert.ok(bars.includes('United States'), bars.join('|'));
    const groupRows = await page.$$eval('#groups-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    assert.equal(groupRows.length, 25);
    assert.deepEqual(
      groupRows.map((r) => Number(r[1].replace(/,/g, ''))).reduce((a, b) => a + b, 0),
      2517,
      'every account is in one group',
    );
    assert.match(await page.textContent('#groups-table caption'), /no hashtags, domains or languages/);
    await page.selectOption('#group-measure', 'pagerank_share');
    await page.waitForFunction(() => [...document.querySelectorAll('#groups-charts figure:nth-child(1) svg text')].some((t) => /^\d+\.\d%$/.test(t.textContent)));
    await page.selectOption('#flow-kind', 'reply');
    await page.waitForFunction(() => /more replies/.test(document.querySelector('#groups-charts figure:nth-child(2) .chart-note').textContent));
    const matrix = await downloadFrom(page, '#groups-charts figure:nth-child(2) [data-chart-export="png"]');
    assert.equal(matrix.name, 'attache-groups-matrix.png');
    assert.deepEqual([...matrix.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const barsSvg = (await downloadFrom(page, '#groups-charts figure:nth-child(1) [data-chart-export="svg"]')).bytes.toString('utf8');
    assert.match(barsSvg, /<text[^>]*>United States<\/text>/);
    await page.selectOption('#group-by', 'category');
    await page.waitForFunction(() => document.querySelector('#groups-note').textContent.includes('groups by category'));

    // Time: the top four accounts by month, then weeks, then groups; risers and fallers.
    await page.click('#tab-time');
    await page.waitForSelector('#time-trajectories svg', { timeout: 60_000 });
    assert.match(await page.textContent('#time-note'), /^12 months from 2024-01 to 2024-12; [\d,]+ interactions without a timestamp/);
    const chips = await page.$$eval('#time-picks .chip span', (spans) => spans.map((s) => s.textContent));
    assert.equal(chips.length, 4);
    const lines = await page.$$eval('#time-trajectories svg [aria-label="line"] path', (paths) => paths.length);
    assert.equal(lines, 4);
    await page.waitForSelector('#time-movers table tr:nth-child(11)');
    const risers = await page.$$eval('#time-movers .movers-tables div:first-child tr', (rows) => rows.slice(1).map((r) => Number(r.cells[3].textContent)));
    assert.equal(risers.length, 10);
    assert.ok(risers.every((change) => change > 0) && isDescending(risers), risers.join(','));
    await page.selectOption('#time-width', 'week');
    await page.waitForFunction(() => /^5[23] weeks from/.test(document.querySelector('#time-note').textContent), undefined, { timeout: 60_000 });
    await page.selectOption('#time-compare', 'group:country');
    await page.waitForSelector('#time-picks .group-choices input');
    await page.waitForFunction(() => document.querySelectorAll('#time-picks .group-choices input:checked').length === 4);
    await page.waitForFunction(() => document.querySelectorAll('#time-trajectories svg [aria-label="line"] path').length === 4);
    const trajectory = await downloadFrom(page, '#time-trajectories [data-chart-export="svg"]');
    assert.equal(trajectory.name, 'attache-rank-trajectories.svg');
    const slowest = Math.max(0, ...(await longTasks()));
    assert.ok(slowest < LONGEST_TASK_MS, `the main thread blocked for ${slowest} ms`);

    // Pseudonyms: the card, the tables, the chips and the charts' files name no one.
    await page.selectOption('#time-compare', 'accounts');
    await page.check('#pseudonyms-toggle');
    await page.waitForFunction(() => [...document.querySelectorAll('#time-picks .chip span')].every((s) => /^Account \d{4}$/.test(s.textContent)));
    const hidden = await downloadFrom(page, '#time-trajectories [data-chart-export="svg"]');
    assert.equal(hidden.name, 'attache-rank-trajectories-pseudonymised.svg');
    const hiddenSvg = hidden.bytes.toString('utf8');
    assert.match(hiddenSvg, />Account \d{4}</);
    for (const name of chips) assert.ok(!hiddenSvg.includes(name.split(' · ')[0]), `${name} leaked into the chart`);
    await page.click('#tab-groups');
    await page.waitForFunction(() => [...document.querySelectorAll('#groups-table tbody td:nth-child(6)')].every((td) => td.textContent.split(', ').every((n) => /^Account \d{4}$/.test(n))));
    await page.click('#tab-rankings');
    await page.waitForFunction(() => /^Account \d{4}$/.test(document.querySelector('#account-title').textContent));
    const card = await page.textContent('#account-panel');
    assert.ok(!card.includes(topId) && !card.includes(topLabel), 'the card names no one');
    const egoHidden = (await downloadFrom(page, '#account-ego [data-chart-export="svg"]')).bytes.toString('utf8');
    assert.ok(!egoHidden.includes(topLabel));
  });
});

test('a network without timestamps says why the time view is empty; Learn is reachable from the new controls', async () => {
  await withPage(async ({ page }) => {
    await page.click('#demo-karate');
    await page.waitForSelector('#ranking tbody tr[data-account]');
    await page.click('#tab-time');
    await page.waitForSelector('#time-empty:not([hidden])');
    assert.match(await page.textContent('#time-empty'), /none of its 156 interactions has a timestamp/);
    assert.equal(await page.isHidden('#time-body'), true);
    await page.click('#tab-groups');
    await page.waitForSelector('#groups-charts svg');
    assert.equal(await page.inputValue('#group-by'), 'community');
    await page.click('button[aria-label="How are groups compared?"]');
    await page.waitForSelector('#view-learn:not([hidden])');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'learn-groups-title');
    await page.click('#tab-rankings');
    // The weights panel opens on demand (the ranking comes first); it stays open after.
    await page.evaluate(() => (document.getElementById('weights-panel').open = true));
    for (const [control, topic] of [
      ['What are the pillars?', 'pillars'],
      ['What do kind weights do?', 'kind-weights'],
      ['How do the filters work?', 'filters'],
    ]) {
      await page.click(`button[aria-label="${control}"]`);
      await page.waitForFunction((id) => document.activeElement?.id === `learn-${id}-title`, topic);
      await page.click('#tab-rankings');
    }
    const index = await page.textContent('#learn-influence_index');
    assert.match(index, /The top account by Influence index is 33/);
    assert.match(index, /The influence index and its four pillars/);
  });
});

test('names that are markup stay text in every view and every chart file', async () => {
  const evil = '<img src=x onerror=window.__xss=1>';
  const label = '<script>window.__xss=2</script>';
  const group = '<b>Markup land</b>';
  const edges = [
    'source,target,type,timestamp',
    `${evil},b,retweet,2024-01-02T10:00:00Z`,
    `c,${evil},reply,2024-01-09T10:00:00Z`,
    `b,${evil},mention,2024-02-01T10:00:00Z`,
    `d,${evil},retweet,2024-02-03T10:00:00Z`,
    'c,b,quote,2024-01-20T10:00:00Z',
    'd,c,retweet,2024-02-10T10:00:00Z',
    'b,d,reply,2024-03-05T10:00:00Z',
    `${evil},c,mention,2024-03-07T10:00:00Z`,
  ].join('\n');
  const nodes = ['id,label,country', `${evil},${label},${group}`, 'b,B,Plain', 'c,C,Plain', `d,D,${group}`].join('\n');
  await withPage(async ({ page }) => {
    const scripts = await page.evaluate(() => document.scripts.length);
    await dropFiles(page, '#drop-zone', [
      { name: 'edges.csv', text: edges },
      { name: 'nodes.csv', text: nodes },
    ]);
    await page.waitForSelector('#ranking tbody tr[data-account]');
    const rows = await tableRows(page);
    assert.deepEqual(rows[0].slice(1, 3), [label, evil]);
    await page.click('#ranking tbody tr[data-account]:nth-child(2)');
    await page.waitForSelector('#account-ego svg');
    assert.equal(await page.textContent('#account-title'), label);
    assert.equal(await page.textContent('#account-id'), `id ${evil}`);
    const egoSvg = (await downloadFrom(page, '#account-ego [data-chart-export="svg"]')).bytes.toString('utf8');
    assert.ok(egoSvg.includes('&lt;script&gt;window.__xss=2&lt;/script&gt;'));
    assert.ok(!egoSvg.includes('<script') && !egoSvg.includes('<img'));

    await page.click('#tab-groups');
    await page.selectOption('#group-by', 'country');
    await page.waitForFunction((name) => [...document.querySelectorAll('#groups-charts svg text')].some((t) => t.textContent === name), group);
    assert.ok((await page.$$eval('#groups-table tbody th', (cells) => cells.map((c) => c.textContent))).includes(group));
    const barsSvg = (await downloadFrom(page, '#groups-charts figure:nth-child(1) [data-chart-export="svg"]')).bytes.toString('utf8');
    assert.ok(barsSvg.includes('&lt;b&gt;Markup land&lt;/b&gt;'));

    await page.click('#tab-time');
    await page.waitForSelector('#time-trajectories svg');
    const chips = await page.$$eval('#time-picks .chip span', (spans) => spans.map((s) => s.textContent));
    assert.ok(chips.includes(`${label} · ${evil}`), chips.join('|'));
    const lineLabels = await page.$$eval('#time-trajectories svg text', (texts) => texts.map((t) => t.textContent));
    assert.ok(lineLabels.some((t) => t.startsWith('<script>')), lineLabels.join('|'));

    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no markup ran');
    assert.equal(await page.$$eval('body img', (images) => images.length), 0);
    assert.equal(await page.evaluate(() => document.scripts.length), scripts);
    assert.equal(await page.$$eval('b', (bold) => bold.length), 0);
  });
});
