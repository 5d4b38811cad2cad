/**
 * The page: drop zone, demo, progress, summary and ranking. All heavy work happens in
 * the worker; this thread only renders. Every text from the data is set with
 * `textContent`, never parsed as HTML.
 */
import { AnalysisClient, CancelledError, WorkerCrashedError } from './client';
import type { LoadSummary, Progress, Scores } from './protocol';
import { formatBytes, formatScore, rankingRows } from './ranking';

/** Rows rendered in the ranking table. */
const TABLE_ROWS = 1000;
const RANKING_METRICS = ['pagerank', 'in_degree'];
const DEMO = { name: 'karate.csv', url: './demo/karate.csv' };

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} missing from the page`);
  return found as T;
}

const ui = {
  dropZone: element<HTMLDivElement>('drop-zone'),
  fileInput: element<HTMLInputElement>('file-input'),
  demoButton: element<HTMLButtonElement>('demo-button'),
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
  results: element<HTMLElement>('results'),
  rankingNote: element<HTMLParagraphElement>('ranking-note'),
  rankingBody: document.querySelector<HTMLTableSectionElement>('#ranking tbody')!,
};

const client = new AnalysisClient(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));

/** The files behind what is on screen; a failed load leaves them (and the screen) as they were. */
let loadedFiles: File[] = [];
let showingDemo = false;
let busy = false;

function item(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

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
      item(`${file.path}: ${file.format.replace('_', ' ')}, ${file.records} records, ${file.skipped} skipped`),
    ),
  );
  ui.warnings.hidden = summary.warnings.length === 0;
  ui.warningsTitle.textContent = `${summary.warnings.length} warning${summary.warnings.length === 1 ? '' : 's'}`;
  ui.warningList.replaceChildren(
    ...summary.warnings.map((w) => item(`${w.file}${w.line !== null ? `, line ${w.line}` : ''}: ${w.message}`)),
  );
  ui.summary.hidden = false;
}

function showRanking(scores: Scores): void {
  const rows = rankingRows(scores, TABLE_ROWS);
  ui.rankingBody.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      const cells = [String(row.rank), row.label, row.id, ...row.values.map(formatScore)];
      cells.forEach((text, index) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (index === 0 || index > 2) td.className = 'number';
        tr.append(td);
      });
      return tr;
    }),
  );
  ui.rankingNote.textContent =
    scores.order.length > rows.length
      ? `Showing the top ${rows.length.toLocaleString('en-US')} of ${scores.order.length.toLocaleString('en-US')} accounts.`
      : `${scores.order.length.toLocaleString('en-US')} accounts.`;
  ui.results.hidden = scores.order.length === 0;
}

/** Loads `files` (replacing the demo, adding to anything else) and shows the ranking. */
async function analyse(files: File[], isDemo: boolean): Promise<void> {
  if (busy || files.length === 0) return;
  busy = true;
  const candidate = isDemo || showingDemo ? files : [...loadedFiles, ...files];
  ui.status.textContent = '';
  try {
    const summary = await client.load(candidate, showProgress);
    const scores = await client.scores(RANKING_METRICS, showProgress);
    loadedFiles = candidate;
    showingDemo = isDemo;
    showSummary(summary);
    showRanking(scores);
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
    } catch {
      // The screen still shows the last good result; the next drop starts afresh.
      loadedFiles = [];
    }
  }
}

async function openDemo(): Promise<void> {
  const response = await fetch(DEMO.url);
  const blob = await response.blob();
  await analyse([new File([blob], DEMO.name, { type: 'text/csv' })], true);
}

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
ui.demoButton.addEventListener('click', () => void openDemo());
ui.cancelButton.addEventListener('click', () => client.cancel());
ui.clearButton.addEventListener('click', () => {
  loadedFiles = [];
  showingDemo = false;
  ui.summary.hidden = true;
  ui.results.hidden = true;
  ui.clearButton.hidden = true;
  ui.status.textContent = '';
});
// Files dropped outside the zone must not navigate away from the page.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());
