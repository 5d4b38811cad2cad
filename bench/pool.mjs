/**
 * The page's worker pool, measured in the real browser: the built page (www/dist) in
 * headless Debian Chromium, a CSV edge list dropped on it, then exact betweenness,
 * closeness and harmonic asked for one after the other as columns, with the Cores setting
 * at 1 (the analysis worker alone) and at every core (`?cores=N`: helpers beside it).
 * Wall time from asking for a column to the column in the page (the best of `--reps`
 * fresh pages); then the time view's PageRank of every daily window (the trajectories of
 * ten accounts, asked for through the page's client: one window per block across the pool);
 * and graphology's exact betweenness on the same file in the same run (Node,
 * bench/workers/graphology.mjs). A measurement, not a test: it prints one JSON object,
 * which bench/run.py reports.
 *
 *   node bench/pool.mjs bench/data/synthetic-10k.csv [--reps 3] [--markdown bench/POOL.md] > bench/data/pool.json
 *   node bench/pool.mjs bench/data/synthetic-100k.csv --only windows   # some rows only (a look by hand)
 *
 * With --markdown it also writes the section bench/run.py includes in RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachDiskFile, openPage, servePage } from '../www/e2e/harness.mjs';

const path = resolve(process.argv[2] ?? 'bench/data/synthetic-10k.csv');
const repsAt = process.argv.indexOf('--reps');
const reps = repsAt > 0 ? Number(process.argv[repsAt + 1]) : 3;
const markdownAt = process.argv.indexOf('--markdown');
const markdown = markdownAt > 0 ? process.argv[markdownAt + 1] : null;
const onlyAt = process.argv.indexOf('--only');
const wanted = (row) => onlyAt < 0 || process.argv[onlyAt + 1].split(',').includes(row);
const LENSES = ['betweenness', 'closeness', 'harmonic'].filter(wanted);
/** The row of the time view's windows (PageRank of every day, the trajectories of ten accounts). */
const WINDOWS = 'windows';
const ROWS = [...LENSES, ...[WINDOWS].filter(wanted)];
const TIMEOUT_MS = 10 * 60 * 1000;
const bench = fileURLToPath(new URL('.', import.meta.url));

/** One fresh page with `cores`: the file dropped, then each lens's time to its column. */
async function timeLenses(origin, cores) {
  const session = await openPage(origin, `/?e2e&cores=${cores}`);
  const { page } = session;
  try {
    await attachDiskFile(page, path);
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(document.getElementById('bench-file').files[0]);
      document.getElementById('drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector('#ranking tbody tr[data-account]', { timeout: TIMEOUT_MS });
    const using = await page.getAttribute('#cores-select', 'title');
    await page.click('#column-chooser summary');
    const seconds = {};
    for (const lens of LENSES) {
      // Timed inside the page, from the click to the app's 'columns' event that brings the
      // column: no polling through the driver, which would take a core from the workers.
      const arrived = page.evaluate(
        (id) =>
          new Promise((resolve) => {
            const app = window.attache.app;
            const started = performance.now();
            app.on('columns', () => {
              if (app.dataset.columns.has(id)) resolve(performance.now() - started);
            });
            document.querySelector(`#column-options input[value="${id}"]`).click();
          }),
        lens,
      );
      seconds[lens] = (await arrived) / 1000;
    }
    if (ROWS.includes(WINDOWS)) {
      seconds[WINDOWS] =
        (await page.evaluate(async () => {
          const app = window.attache.app;
          const started = performance.now();
          const accounts = Array.from({ length: 10 }, (_, account) => account);
          await app.client.query({ type: 'trajectories', width: 'day', metric: 'pagerank', accounts });
          return performance.now() - started;
        })) / 1000;
    }
    const longest = Math.max(0, ...(await session.longTasks()));
    return { seconds, using, longest_task_ms: longest };
  } finally {
    await session.close();
  }
}

function graphologyBetweenness() {
  const run = spawnSync(
    'node',
    ['--max-old-space-size=16384', `${bench}/workers/graphology.mjs`, '--file', path, '--tasks', 'ingest,betweenness', '--reps', '1'],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) return null;
  const line = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((text) => JSON.parse(text))
    .find((record) => record.task === 'betweenness');
  return line ? Math.min(...line.seconds) : null;
}

/** The section of RESULTS.md. */
function section(result) {
  const rows = ROWS.map((lens) => {
    const target = lens === 'betweenness' ? ' (target ≥ 1.8×)' : '';
    const name = lens === WINDOWS ? 'PageRank of every daily window (time view)' : lens;
    return `| ${name} | ${result.seconds[1][lens].toFixed(2)} s | ${result.seconds[result.cores][lens].toFixed(2)} s | **${result.speed_up[lens].toFixed(2)}×**${target} |`;
  });
  const versus = result.betweenness_vs_graphology
    ? `graphology's exact betweenness on the same file, in Node in the same run: ${result.graphology_betweenness_seconds.toFixed(2)} s, so the page with ${result.cores} workers is **${result.betweenness_vs_graphology.toFixed(1)}×** graphology (target ≥ 4×).`
    : 'graphology was not measured (bench/setup.sh installs it).';
  return [
    '# The page\'s worker pool (wall time)',
    '',
    `\`bench/pool.mjs\` on ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores: the built page in headless Chromium, \`${result.file.replace(/.*\/bench\//, 'bench/')}\` dropped on it, each lens asked for as a column, then the trajectories over daily windows; the best of ${result.reps} fresh pages. One worker is \`?cores=1\` (the analysis worker alone); ${result.cores} is the analysis worker and ${result.cores - 1} helper${result.cores > 2 ? 's' : ''} (${result.using}). The columns are the same bits either way (www/e2e/pool.test.mjs).`,
    '',
    `| lens (exact, 10k / 50k) | 1 worker | ${result.cores} workers | speed-up |`,
    '|---|---|---|---|',
    ...rows,
    '',
    versus,
    `Longest main-thread task in any of these runs: ${result.longest_task_ms.toFixed(0)} ms.`,
    '',
  ].join('\n');
}

const cores = Math.max(2, Math.min(9, availableParallelism()));
const server = await servePage();
try {
  const best = {};
  const runs = {};
  for (const count of [1, cores]) {
    runs[count] = [];
    for (let rep = 0; rep < reps; rep++) runs[count].push(await timeLenses(server.origin, count));
    best[count] = Object.fromEntries(ROWS.map((lens) => [lens, Math.min(...runs[count].map((r) => r.seconds[lens]))]));
  }
  const graphology = LENSES.includes('betweenness') ? graphologyBetweenness() : null;
  const speedUp = Object.fromEntries(ROWS.map((lens) => [lens, best[1][lens] / best[cores][lens]]));
  const result = {
    file: path,
    cores,
    reps,
    seconds: best,
    speed_up: speedUp,
    using: runs[cores][0].using,
    longest_task_ms: Math.max(...Object.values(runs).flat().map((r) => r.longest_task_ms)),
    graphology_betweenness_seconds: graphology,
    betweenness_vs_graphology: graphology ? graphology / best[cores].betweenness : null,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (markdown) writeFileSync(markdown, section(result));
} finally {
  server.stop();
}
