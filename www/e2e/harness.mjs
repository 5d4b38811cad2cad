/**
 * What every browser test needs: the built page served by `vite preview` (with its
 * real Content-Security-Policy header), Debian's Chromium driven by playwright-core,
 * and a record of every request and console error so tests can assert that nothing
 * leaves the page's origin and nothing goes wrong quietly.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const wwwDir = fileURLToPath(new URL('..', import.meta.url));
export const repoDir = fileURLToPath(new URL('../..', import.meta.url));

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Serves www/dist on a free port; resolves with the origin and a stop function. */
export async function servePage() {
  if (!existsSync(`${wwwDir}/dist/index.html`)) throw new Error('www/dist is missing: run `npm run build` first');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(
    process.execPath,
    [`${wwwDir}/node_modules/vite/bin/vite.js`, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: wwwDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(origin);
      if (response.ok) return { origin, stop: () => server.kill() };
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.kill();
  throw new Error(`vite preview did not start:\n${output}`);
}

/** A fresh browser page on `origin` + `path`, recording requests, console errors and long main-thread tasks. */
export async function openPage(origin, path = '/') {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const record = { requests: [], consoleErrors: [] };
  page.on('request', (request) => record.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') record.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => record.consoleErrors.push(String(error)));
  await page.addInitScript(() => {
    // Content-Security-Policy refusals (an inline style sheet, a foreign script...).
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}`),
    );
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(origin + path);
  return {
    page,
    context,
    record,
    /** Requests that went anywhere but the page's origin (data: and blob: URLs are local). */
    foreignRequests: () =>
      record.requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)),
    /** What the Content-Security-Policy refused since the page loaded. */
    cspViolations: () => page.evaluate(() => window.__cspViolations.slice()),
    /** Main-thread tasks longer than 50 ms since the page loaded, in ms. */
    longTasks: () => page.evaluate(() => window.__longTasks.slice()),
    close: () => browser.close(),
  };
}

/**
 * Runs `run(session)` on a fresh page at `origin` + `path`, then asserts what every test
 * must hold: no request left the page's origin and no console error appeared (except
 * those matching `expectedErrors`), after the file's own `check(session)`; closes the
 * browser whatever happens.
 */
export async function checkedPage(origin, run, { path = '/?e2e', viewport = { width: 1280, height: 900 }, expectedErrors, check } = {}) {
  const session = await openPage(origin, path);
  try {
    if (viewport) await session.page.setViewportSize(viewport);
    await run(session);
    await check?.(session);
    assert.deepEqual(session.foreignRequests(), [], 'requests left the page origin');
    const errors = session.record.consoleErrors.filter((text) => !expectedErrors?.test(text));
    assert.deepEqual(errors, [], 'console errors');
  } finally {
    await session.close();
  }
}

/** Clicks `selector` and returns the file it downloads: its suggested name and bytes. */
export async function downloadFrom(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/**
 * Gives the page the file at `path` on disk as a File, through a hidden file input with id
 * `inputId` (Chromium reads the path itself: no copy through the driver), for a drop that
 * the page's own script then dispatches.
 */
export async function attachDiskFile(page, path, inputId = 'bench-file') {
  await page.evaluate((id) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = id;
    input.hidden = true;
    document.body.append(input);
  }, inputId);
  await page.setInputFiles(`#${inputId}`, path);
}

/** Drops files onto an element the way a user's drag and drop does. */
export async function dropFiles(page, selector, files) {
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const { name, text } of items) transfer.items.add(new File([text], name, { type: 'text/csv' }));
    return transfer;
  }, files);
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

/** The ranking table's rows as arrays of cell texts. */
export function tableRows(page) {
  return page.$$eval('#ranking tbody tr[data-account]', (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
}

/** Runs the command-line tool (built by cargo if needed) and returns its stdout. */
export async function attache(args) {
  const child = spawn('cargo', ['run', '--quiet', '--bin', 'attache', '--', ...args], {
    cwd: repoDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`attache ${args.join(' ')} exited with ${code}`);
  return stdout;
}

/** mulberry32: a small seeded generator, so the network is the same on every run. */
export function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Waits until the map's first layout run (800 iterations) has ended by itself and every
 * edge hidden while it ran is drawn again.
 */
export async function waitForFirstLayout(page, { timeout = 60_000, polling = 'raf' } = {}) {
  await page.waitForFunction(
    () =>
      document.querySelector('#layout-toggle')?.textContent === 'Start layout' &&
      /800 iterations/.test(document.querySelector('#layout-status')?.textContent ?? '') &&
      window.attache.map.shownEdgeCount() === window.attache.map.edgeCount(),
    undefined,
    { timeout, polling },
  );
}
