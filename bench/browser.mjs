/**
 * The end-to-end figure in the real browser: the built page (www/dist, served by
 * `vite preview` with its real headers) in headless Debian Chromium, a large twarc2 file
 * dropped on it, and the time from the drop to the first ranking row on screen, with the
 * longest main-thread task in between (long-task observer). A measurement, not a test:
 * it prints one JSON object for bench/run.py to report.
 *
 *   node bench/browser.mjs bench/data/synthetic-100k.jsonl > bench/data/browser.json
 *
 * The file reaches the page the way a user's does, as a File from the disk: Chromium
 * gets its path through a file input (no copy through the driver), and the page receives
 * it in a drop event on the drop zone. Reuses the browser-test harness (www/e2e/harness.mjs).
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { attachDiskFile, openPage, servePage } from '../www/e2e/harness.mjs';

const path = resolve(process.argv[2] ?? 'bench/data/synthetic-100k.jsonl');
const interactions = Number(process.argv[3] ?? 1_000_000);
const TIMEOUT_MS = 10 * 60 * 1000;

const server = await servePage();
const session = await openPage(server.origin);
const { page } = session;
page.on('crash', () => process.stderr.write('page crashed\n'));
page.on('console', (m) => process.stderr.write(`console: ${m.text()}\n`));
try {
  await attachDiskFile(page, path);
  const result = await page.evaluate(async (timeout) => {
    const file = document.getElementById('bench-file').files[0];
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const shown = new Promise((resolveShown, rejectShown) => {
      // A ranking row with an account (the virtual table's spacer rows carry none).
      const found = () => document.querySelector('#ranking tbody tr[data-account]');
      const observer = new MutationObserver(() => {
        if (found()) {
          observer.disconnect();
          resolveShown(performance.now());
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
      setTimeout(() => rejectShown(new Error('no ranking within the time limit')), timeout);
    });
    window.__longTasks.length = 0;
    const dropped = performance.now();
    document.getElementById('drop-zone').dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    const ranked = await shown;
    // Let the observer deliver the tasks that ended with the rendering.
    await new Promise((r) => setTimeout(r, 200));
    return { ms: ranked - dropped, tasks: window.__longTasks.slice() };
  }, TIMEOUT_MS);
  const errors = session.record.consoleErrors;
  const report = {
    file: basename(path),
    bytes: statSync(path).size,
    interactions,
    drop_to_ranking_ms: result.ms,
    longest_task_ms: Math.max(0, ...result.tasks),
    long_tasks: result.tasks.length,
    console_errors: errors,
    foreign_requests: session.foreignRequests(),
    chromium: session.page.context().browser().version(),
    date: new Date().toISOString(),
  };
  process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
} finally {
  await session.close();
  server.stop();
}
