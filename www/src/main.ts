/**
 * The page: loading (drop zone, file picker, demos), what was read and the column
 * mapping, the progress bar every long request shows (phase, bytes, cancel), the views
 * (Rankings, Network map, Groups, Time, Coordination, Learn), the account card, the display toggles
 * and the exports. All heavy work happens in the worker; this thread only renders. Every
 * text from the data is set with `textContent`, never parsed as HTML.
 */
import { createApp, element, INDEX, type Dataset } from './app';
import { AnalysisClient, CancelledError, WorkerCrashedError } from './client';
import { download, svgToPng } from './download';
import type { CoresInUse, FileOptions, Progress } from './protocol';
import { formatBytes } from './ranking';
import { AccountCard } from './views/account';
import { AnalysisFileView } from './views/analysis-file';
import type { CoordinationView } from './views/coordination';
import type { GroupsView } from './views/groups';
import { ImportView } from './views/import';
import { LearnView } from './views/learn';
import { OwnerPanel } from './views/owner';
import type { MapView } from './views/map';
import { defaultColumns, RankingsView } from './views/rankings';
import type { TimeView } from './views/time';

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
  views: element<HTMLElement>('views'),
  pseudonyms: element<HTMLInputElement>('pseudonyms-toggle'),
  largeType: element<HTMLInputElement>('large-type-toggle'),
  cores: element<HTMLSelectElement>('cores-select'),
  coresNote: element<HTMLSpanElement>('cores-note'),
};

const client = new AnalysisClient(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
// `?memory-budget=MiB` tries the page as a device with less memory would run it.
const requestedBudget = Number(new URLSearchParams(location.search).get('memory-budget'));
if (requestedBudget > 0) client.memoryBudget = requestedBudget * 1024 ** 2;
client.onNotice = (message) => (ui.status.textContent = message);
const app = createApp(client);

/** The files behind what is on screen, and how each was read; a failed load leaves them (and the screen) as they were. */
let loadedFiles: File[] = [];
let fileOptions = new Map<File, FileOptions>();
let showingDemo = false;
/** The text of the analysis file the files on screen were read under, if any. */
let loadedAnalysis: string | undefined;
let busy = false;

// Long requests: the progress bar shows the latest one that reported progress or has run
// for a moment, with its phase, the bytes read and a cancel button.
interface RunningTask {
  label: string;
  progress: Progress | null;
  shown: boolean;
}
const running: RunningTask[] = [];
/** A request quicker than this never shows the bar (unless it reports progress). */
const PROGRESS_DELAY_MS = 150;

function renderProgress(): void {
  const task = [...running].reverse().find((t) => t.shown);
  ui.progress.hidden = !task;
  if (!task) return;
  const progress = task.progress;
  if (!progress) {
    ui.progressBar.removeAttribute('value');
    ui.progressText.textContent = `${task.label}…`;
    return;
  }
  ui.progressBar.value = progress.fraction;
  const bytes =
    progress.bytesTotal !== undefined ? ` (${formatBytes(progress.bytesRead ?? 0)} of ${formatBytes(progress.bytesTotal)})` : '';
  const phase = progress.phase && !progress.phase.startsWith(task.label) ? `${task.label}, ${progress.phase}` : progress.phase || task.label;
  ui.progressText.textContent = `${phase}: ${Math.round(progress.fraction * 100)}%${bytes}`;
}

app.task = async <T>(label: string, work: (onProgress: (progress: Progress) => void) => Promise<T>): Promise<T> => {
  const task: RunningTask = { label, progress: null, shown: false };
  running.push(task);
  const timer = setTimeout(() => {
    task.shown = true;
    renderProgress();
  }, PROGRESS_DELAY_MS);
  try {
    return await work((progress) => {
      task.progress = progress;
      task.shown = true;
      renderProgress();
    });
  } finally {
    clearTimeout(timer);
    running.splice(running.indexOf(task), 1);
    renderProgress();
  }
};

const rankings = new RankingsView(app);
new OwnerPanel(app);
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
/** Groups and Time (and their charts, Observable Plot) load with their tabs too. */
let groupsView: GroupsView | null = null;
let groupsLoading: Promise<GroupsView> | null = null;
function groups(): Promise<GroupsView> {
  groupsLoading ??= import('./views/groups').then(({ GroupsView }) => (groupsView = new GroupsView(app)));
  return groupsLoading;
}
let timeView: TimeView | null = null;
let timeLoading: Promise<TimeView> | null = null;
function time(): Promise<TimeView> {
  timeLoading ??= import('./views/time').then(({ TimeView }) => (timeView = new TimeView(app)));
  return timeLoading;
}
/** Coordination (sigma.js and Observable Plot) loads with its tab too. */
let coordinationView: CoordinationView | null = null;
let coordinationLoading: Promise<CoordinationView> | null = null;
function coordination(): Promise<CoordinationView> {
  coordinationLoading ??= import('./views/coordination').then(
    ({ CoordinationView }) => (coordinationView = new CoordinationView(app, () => rankings.columns)),
  );
  return coordinationLoading;
}
const learn = new LearnView(app);
const card = new AccountCard(app);
const importView = new ImportView(
  app,
  () => loadedFiles,
  (file) => fileOptions.get(file) ?? null,
  (file, options) => analyse(loadedFiles, showingDemo, new Map([[file, options]]), true, loadedAnalysis),
);
new AnalysisFileView(
  app,
  (files, analysis) => analyse(files, false, new Map(), true, analysis),
  (message) => (ui.status.textContent = message),
  () => rankings.columns,
);

/**
 * After a cancel or crash the worker is new and empty: before anything else reaches it,
 * send it the files on screen again, with the weights and parameters in force (the worker
 * handles requests in order). The columns on screen stay valid; the map's layout is lost.
 */
let reloading = false;
client.onRestart = (reason) => {
  if (reason instanceof WorkerCrashedError) {
    ui.status.textContent = `${reason.message}. What was shown before is still here; the analysis restarted.`;
  }
  if (loadedFiles.length === 0 || reloading) {
    loadedFiles = reloading ? [] : loadedFiles;
    return;
  }
  reloading = true;
  const files = loadedFiles;
  void client
    .load(files, undefined, files.map((file) => fileOptions.get(file) ?? null), loadedAnalysis)
    .catch(() => {
      // The screen still shows the last good result; the next drop starts afresh.
      loadedFiles = [];
    })
    .finally(() => (reloading = false));
  const dataset = app.dataset;
  if (dataset) {
    void client
      .query({ type: 'configure', kindWeights: dataset.kindWeights, params: Object.fromEntries(dataset.params) })
      .catch(() => {});
    dataset.graph = null;
    mapView?.reset();
  }
};

/**
 * Loads `files` (replacing the demo, adding to anything else; replacing everything when
 * `replace`) and shows the results. `options` say how to read some files (a column
 * mapping), replacing earlier ones. `analysis` (an analysis file's text) replaces
 * everything and reads the files under its settings.
 */
async function analyse(
  files: File[],
  isDemo: boolean,
  options = new Map<File, FileOptions>(),
  replace = false,
  analysis: string | undefined = undefined,
): Promise<void> {
  if (busy || files.length === 0) return;
  busy = true;
  replace ||= analysis !== undefined;
  const fresh = isDemo || showingDemo;
  const candidate = replace || fresh ? files : [...loadedFiles, ...files];
  const candidateOptions = new Map([...(replace || !fresh ? fileOptions : []), ...options]);
  const candidateAnalysis = replace || fresh ? analysis : loadedAnalysis;
  ui.status.textContent = '';
  try {
    const { summary, settings } = await app.task('Reading the files', (onProgress) =>
      client.load(candidate, onProgress, candidate.map((file) => candidateOptions.get(file) ?? null), candidateAnalysis),
    );
    void client.query({ type: 'cores' }).then(showCores).catch(() => {});
    const catalogue = await client.catalogue();
    const metrics = defaultColumns(catalogue);
    const scores = await app.task('Scoring', (onProgress) => client.scores(metrics, onProgress));
    // The scores arrived in a task that also copied them in and may collect garbage: draw the
    // table in a task of its own, so that neither blocks the page long on 100,000 accounts.
    await new Promise((resolve) => setTimeout(resolve, 0));
    loadedFiles = candidate;
    fileOptions = candidateOptions;
    loadedAnalysis = candidateAnalysis;
    showingDemo = isDemo;
    const dataset: Dataset = {
      summary,
      ids: scores.ids,
      labels: scores.labels,
      catalogue,
      columns: new Map(scores.metrics.map((metric, i) => [metric, scores.columns[i]])),
      details: new Map(),
      params: new Map(Object.entries(settings.params)),
      kindWeights: settings.kindWeights,
      pillars: null,
      groups: new Map(),
      graph: null,
      attributeKeys: scores.attributeKeys,
    };
    app.dataset = dataset;
    app.aliases = null;
    app.selected = null;
    app.highlight = null;
    app.owner = null;
    if (app.pseudonyms) await app.setPseudonyms(true);
    void importView.show(summary);
    document.body.classList.add('has-data');
    ui.views.hidden = scores.ids.length === 0;
    mapView?.reset();
    // The table's order first: rendering the old order with the new columns would read past them.
    rankings.show(scores.order);
    showView('rankings');
    learn.reset();
    app.emit('dataset');
    app.emit('selection');
    ui.clearButton.hidden = false;
  } catch (error) {
    await explainFailure(error);
  } finally {
    busy = false;
  }
}

/** Says why a load failed; a plain error (not a cancel or crash) may have left the worker half-loaded. */
async function explainFailure(error: unknown): Promise<void> {
  if (error instanceof CancelledError) ui.status.textContent = 'Cancelled. What was shown before is still here.';
  else if (error instanceof WorkerCrashedError) ui.status.textContent = `${error.message}. What was shown before is still here.`;
  else {
    ui.status.textContent = `Could not analyse the files: ${error instanceof Error ? error.message : String(error)}`;
    if (loadedFiles.length > 0) {
      try {
        await client.load(loadedFiles, undefined, loadedFiles.map((file) => fileOptions.get(file) ?? null), loadedAnalysis);
        const dataset = app.dataset;
        if (dataset) {
          await client.query({ type: 'configure', kindWeights: dataset.kindWeights, params: Object.fromEntries(dataset.params) });
          dataset.graph = null;
          mapView?.reset();
        }
      } catch {
        loadedFiles = [];
      }
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
type ViewName = 'rankings' | 'map' | 'groups' | 'time' | 'coordination' | 'learn';
const VIEWS: ViewName[] = ['rankings', 'map', 'groups', 'time', 'coordination', 'learn'];

let currentView: ViewName = 'rankings';

function showView(name: ViewName, focusTab = false): void {
  currentView = name;
  // The account card sits beside the rankings and the map; the other views need the width.
  ui.views.dataset.view = name;
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
  if (name === 'groups') void groups().then((view) => view.open()).catch(reportError);
  if (name === 'time') void time().then((view) => view.open()).catch(reportError);
  if (name === 'coordination') void coordination().then((view) => view.open()).catch(reportError);
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

// New kind weights make a new weighted network: the map starts again from it.
app.on('graph', () => {
  mapView?.reset();
  if (currentView === 'map') void map().then((view) => view.open()).catch(reportError);
});

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
  if (format === 'csv' || format === 'json' || format === 'gexf' || format === 'study') {
    const view = format === 'gexf' ? await map() : null;
    await view?.ensureGraph();
    const visual = view?.visualArrays() ?? null;
    const file = await app.task(`Writing the ${format.toUpperCase()} file`, (onProgress) =>
      client.exportFile(
        format,
        format === 'study'
          ? { metrics: rankings.columns.filter((id) => id !== INDEX), sort: rankings.currentSort(), salt, by: app.groupings()[0] }
          : { metrics, sort: rankings.currentSort(), salt, sizes: visual?.sizes, colours: visual?.colours },
        onProgress,
      ),
    );
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

// Cores: the device's by default (at most 9: the analysis worker and 8 helpers); `?cores=N`
// or the setting lowers it. The results do not depend on it.
const availableCores = Math.max(1, Math.min(9, navigator.hardwareConcurrency || 1));
const requestedCores = Number(new URLSearchParams(location.search).get('cores')) || Number(localStorage.getItem('attache-cores'));
client.cores = Math.max(1, Math.min(availableCores, Math.floor(requestedCores) || availableCores));
for (let count = 1; count <= availableCores; count++) ui.cores.add(new Option(String(count), String(count)));
ui.cores.value = String(client.cores);
ui.cores.addEventListener('change', () => {
  client.cores = Number(ui.cores.value);
  localStorage.setItem('attache-cores', ui.cores.value);
  void client.query({ type: 'cores', cores: client.cores }).then(showCores).catch(reportError);
});
function showCores(cores: CoresInUse): void {
  ui.cores.title = `Using ${cores.using} of ${cores.available} cores`;
  ui.coresNote.textContent = cores.limitedByMemory
    ? `using ${cores.using}: the memory budget holds no more copies of this network`
    : '';
}

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
  loadedAnalysis = undefined;
  fileOptions = new Map();
  showingDemo = false;
  app.dataset = null;
  app.select(null);
  mapView?.reset();
  app.emit('dataset');
  importView.hide();
  document.body.classList.remove('has-data');
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
    card,
    get map() {
      return mapView;
    },
    get groups() {
      return groupsView;
    },
    get time() {
      return timeView;
    },
    get coordination() {
      return coordinationView;
    },
  };
}

// Offline after the first visit: the service worker precaches the built page.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('./sw.js').catch(() => {
    // Without it the page still works; it just needs the server next time.
  });
}
