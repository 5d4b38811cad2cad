/**
 * The page: loading (drop zone, file picker, demos, progress, cancel), the summary, the
 * three views (Rankings, Network map, Learn), the selected account, the display
 * toggles and the exports. All heavy work happens in the worker; this thread only
 * renders. Every text from the data is set with `textContent`, never parsed as HTML.
 */
import { createApp, element, make, type Dataset } from './app';
import { AnalysisClient, CancelledError, WorkerCrashedError } from './client';
import { download, svgToPng } from './download';
import type { LoadSummary, Progress } from './protocol';
import { formatBytes } from './ranking';
import { AccountPanel } from './views/account';
import { LearnView } from './views/learn';
import type { MapView } from './views/map';
import { DEFAULT_COLUMNS, RankingsView } from './views/rankings';

const DEMOS: Record<string, { name: string; url: string }[]> = {
  diplomacy: [
    { name: 'diplomacy-interactions.csv', url: './demo/diplomacy-interactions.csv' },
    { name: 'diplomacy-accounts.csv', url: './demo/diplomacy-accounts.csv' },
  ],
  karate: [{ name: 'karate.csv', url: './demo/karate.csv' }],
};

const ui = {
  dropZone: element<HTMLDivElement>('drop-zone'),
  fileInput: element<HTMLInputElement>('file-input'),
  clearButton: element<HTMLButtonElement>('clear-button'),
  progress: element<HTMLDivElement>('progress'),
  progressBar: element<HTMLProgressElement>('progress-bar'),
  progressText: element<HTMLSpanElement>('progress-text'),
  cancelButton: element<HTMLButtonElement>('cancel-button'),
  status: element<HTMLParagraphElement>('status'),
  summary: element<HTMLElement>('summary'),
  summaryText: element<HTMLParagraphElement>('summary-text'),
  fileList: element<HTMLUListElement>('file-list'),
  warnings: element<HTMLDetailsElement>('warnings'),
  warningsTitle: element<HTMLElement>('warnings-title'),
  warningList: element<HTMLUListElement>('warning-list'),
  views: element<HTMLElement>('views'),
  pseudonyms: element<HTMLInputElement>('pseudonyms-toggle'),
  largeType: element<HTMLInputElement>('large-type-toggle'),
};

const client = new AnalysisClient(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
const app = createApp(client);
const rankings = new RankingsView(app);
/** The map (sigma.js, graphology) loads with its tab or its first export, not with the page. */
let mapView: MapView | null = null;
let mapLoading: Promise<MapView> | null = null;
function map(): Promise<MapView> {
  mapLoading ??= import('./views/map').then(({ MapView }) => {
    mapView = new MapView(app);
    mapView.reset();
    return mapView;
  });
  return mapLoading;
}
const learn = new LearnView(app);
new AccountPanel(app);

/** The files behind what is on screen; a failed load leaves them (and the screen) as they were. */
let loadedFiles: File[] = [];
let showingDemo = false;
let busy = false;

function showProgress(progress: Progress | null): void {
  ui.progress.hidden = progress === null;
  if (!progress) return;
  ui.progressBar.value = progress.fraction;
  const bytes =
    progress.bytesTotal !== undefined ? ` (${formatBytes(progress.bytesRead ?? 0)} of ${formatBytes(progress.bytesTotal)})` : '';
  ui.progressText.textContent = `${progress.phase}: ${Math.round(progress.fraction * 100)}%${bytes}`;
}

function showSummary(summary: LoadSummary): void {
  const kinds = Object.entries(summary.interactions)
    .map(([kind, count]) => `${count.toLocaleString('en-US')} ${kind}`)
    .join(', ');
  ui.summaryText.textContent =
    `${summary.nodes.toLocaleString('en-US')} accounts, ${summary.edges.toLocaleString('en-US')} connections` +
    (kinds ? `; interactions: ${kinds}` : '') +
    (summary.self_interactions ? `; ${summary.self_interactions} self-interactions left out` : '');
  ui.fileList.replaceChildren(
    ...summary.files.map((file) =>
      make('li', `${file.path}: ${file.format.replace('_', ' ')}, ${file.records} records, ${file.skipped} skipped`),
    ),
  );
  ui.warnings.hidden = summary.warnings.length === 0;
  ui.warningsTitle.textContent = `${summary.warnings.length} warning${summary.warnings.length === 1 ? '' : 's'}`;
  ui.warningList.replaceChildren(
    ...summary.warnings.map((w) => make('li', `${w.file}${w.line !== null ? `, line ${w.line}` : ''}: ${w.message}`)),
  );
  ui.summary.hidden = false;
}

/** Loads `files` (replacing the demo, adding to anything else) and shows the results. */
async function analyse(files: File[], isDemo: boolean): Promise<void> {
  if (busy || files.length === 0) return;
  busy = true;
  const candidate = isDemo || showingDemo ? files : [...loadedFiles, ...files];
  ui.status.textContent = '';
  try {
    const summary = await client.load(candidate, showProgress);
    const catalogue = await client.catalogue();
    const metrics = DEFAULT_COLUMNS.filter((id) => catalogue.some((m) => m.id === id));
    const scores = await client.scores(metrics, showProgress);
    loadedFiles = candidate;
    showingDemo = isDemo;
    const dataset: Dataset = {
      summary,
      ids: scores.ids,
      labels: scores.labels,
      catalogue,
      columns: new Map(scores.metrics.map((metric, i) => [metric, scores.columns[i]])),
      details: new Map(),
      graph: null,
    };
    app.dataset = dataset;
    app.aliases = null;
    app.selected = null;
    if (app.pseudonyms) await app.setPseudonyms(true);
    showSummary(summary);
    ui.views.hidden = scores.ids.length === 0;
    mapView?.reset();
    showView('rankings');
    rankings.show(scores.order);
    learn.reset();
    app.emit('dataset');
    app.emit('selection');
    ui.clearButton.hidden = false;
  } catch (error) {
    await recover(error);
  } finally {
    showProgress(null);
    busy = false;
  }
}

/** After a cancel or crash the worker is new and empty: reload what is on screen. */
async function recover(error: unknown): Promise<void> {
  if (error instanceof CancelledError) ui.status.textContent = 'Cancelled. What was shown before is still here.';
  else if (error instanceof WorkerCrashedError) ui.status.textContent = `${error.message}. What was shown before is still here.`;
  else ui.status.textContent = `Could not analyse the files: ${error instanceof Error ? error.message : String(error)}`;
  if (loadedFiles.length > 0) {
    try {
      await client.load(loadedFiles);
      // Columns and the map's data belong to the old worker: fetch them again on demand.
      if (app.dataset) {
        app.dataset.graph = null;
        mapView?.reset();
      }
    } catch {
      // The screen still shows the last good result; the next drop starts afresh.
      loadedFiles = [];
    }
  }
}

async function openDemo(name: string): Promise<void> {
  const files = await Promise.all(
    DEMOS[name].map(async ({ name: fileName, url }) => {
      const blob = await (await fetch(url)).blob();
      return new File([blob], fileName, { type: 'text/csv' });
    }),
  );
  await analyse(files, true);
}

// Views: a tab list (arrow keys move between tabs, as WAI-ARIA describes).
type ViewName = 'rankings' | 'map' | 'learn';
const VIEWS: ViewName[] = ['rankings', 'map', 'learn'];

function showView(name: ViewName, focusTab = false): void {
  for (const view of VIEWS) {
    const tab = element<HTMLButtonElement>(`tab-${view}`);
    const active = view === name;
    tab.setAttribute('aria-selected', String(active));
    tab.tabIndex = active ? 0 : -1;
    element<HTMLElement>(`view-${view}`).hidden = !active;
    if (active && focusTab) tab.focus();
  }
  if (name === 'rankings') rankings.render();
  if (name === 'map') void map().then((view) => view.open()).catch(reportError);
  if (name === 'learn') learn.render();
}

for (const view of VIEWS) {
  const tab = element<HTMLButtonElement>(`tab-${view}`);
  tab.addEventListener('click', () => showView(view));
  tab.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    showView(VIEWS[(VIEWS.indexOf(view) + step + VIEWS.length) % VIEWS.length], true);
  });
}

app.learn = (topic: string) => {
  showView('learn');
  learn.render(topic);
};
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-learn]')) {
  button.addEventListener('click', () => app.learn(button.dataset.learn!));
}

function reportError(error: unknown): void {
  if (error instanceof CancelledError) return;
  ui.status.textContent = error instanceof Error ? error.message : String(error);
}
// A request that failed while nobody waited for it (the worker was replaced meanwhile):
// say so in the page rather than in the console.
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  reportError(event.reason);
});

// Exports: the core writes CSV, JSON and GEXF; the map is drawn to SVG (and PNG) here.
async function exportAs(format: string): Promise<void> {
  const dataset = app.dataset;
  if (!dataset) return;
  const salt = app.pseudonyms ? app.salt : undefined;
  const metrics = dataset.catalogue.map((m) => m.id).filter((id) => dataset.columns.has(id));
  if (format === 'csv' || format === 'json' || format === 'gexf') {
    const view = format === 'gexf' ? await map() : null;
    await view?.ensureGraph();
    const visual = view?.visualArrays() ?? null;
    const file = await client.exportFile(format, {
      metrics,
      sort: rankings.currentSort(),
      salt,
      sizes: visual?.sizes,
      colours: visual?.colours,
    });
    download(file.bytes as Uint8Array<ArrayBuffer>, file.name, file.mime);
    return;
  }
  const svg = await (await map()).svg();
  const suffix = salt ? '-pseudonymised' : '';
  if (format === 'svg') download(svg, `attache-map${suffix}.svg`, 'image/svg+xml');
  else download(await svgToPng(svg), `attache-map${suffix}.png`, 'image/png');
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-export]')) {
  button.addEventListener('click', () => {
    button.disabled = true;
    void exportAs(button.dataset.export!)
      .catch(reportError)
      .finally(() => (button.disabled = false));
  });
}

// Display toggles.
ui.pseudonyms.addEventListener('change', () => void app.setPseudonyms(ui.pseudonyms.checked).catch(reportError));
function setLargeType(on: boolean): void {
  document.documentElement.classList.toggle('large-type', on);
  ui.largeType.checked = on;
  localStorage.setItem('attache-large-type', on ? '1' : '0');
  app.emit('type-size');
}
ui.largeType.addEventListener('change', () => setLargeType(ui.largeType.checked));
setLargeType(localStorage.getItem('attache-large-type') === '1');

// Loading.
ui.fileInput.addEventListener('change', () => {
  void analyse([...(ui.fileInput.files ?? [])], false);
  ui.fileInput.value = '';
});
ui.dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  ui.dropZone.classList.add('dragging');
});
ui.dropZone.addEventListener('dragleave', () => ui.dropZone.classList.remove('dragging'));
ui.dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.dropZone.classList.remove('dragging');
  void analyse([...(event.dataTransfer?.files ?? [])], false);
});
ui.dropZone.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    ui.fileInput.click();
  }
});
element<HTMLButtonElement>('demo-diplomacy').addEventListener('click', () => void openDemo('diplomacy'));
element<HTMLButtonElement>('demo-karate').addEventListener('click', () => void openDemo('karate'));
ui.cancelButton.addEventListener('click', () => client.cancel());
ui.clearButton.addEventListener('click', () => {
  loadedFiles = [];
  showingDemo = false;
  app.dataset = null;
  app.select(null);
  mapView?.reset();
  ui.summary.hidden = true;
  ui.views.hidden = true;
  ui.clearButton.hidden = true;
  ui.status.textContent = '';
});
// Files dropped outside the zone must not navigate away from the page.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());

// Browser tests reach the views through this handle (only when the URL asks for it).
if (new URLSearchParams(location.search).has('e2e')) {
  (window as unknown as { attache: object }).attache = {
    app,
    rankings,
    get map() {
      return mapView;
    },
  };
}

// Offline after the first visit: the service worker precaches the built page.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('./sw.js').catch(() => {
    // Without it the page still works; it just needs the server next time.
  });
}
