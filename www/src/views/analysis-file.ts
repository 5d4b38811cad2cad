/**
 * Analyses saved and opened again, and the methods line. **Save analysis** downloads the
 * session's analysis file (the files' names, sizes and SHA-256, how each was read, kind
 * weights, index weights, every lens parameter, the layout, pseudonymisation), the same
 * JSON `attache score --save-settings` writes and `--settings` replays. **Open a saved
 * analysis** checks the file in the worker first (nothing on screen changes if it cannot
 * be read), asks for the files it names, and loads them under its settings; the core
 * checks each file's hash and warns, in "What was read", about any that differ.
 * The methods line under the ranking names every setting behind the columns shown.
 */
import { element, make, type App } from '../app';
import type { OpenedAnalysis } from '../protocol';
import { formatBytes } from '../ranking';
import { download } from '../download';

/** Loads files under an analysis file's settings (main.ts's `analyse`). */
export type LoadWithAnalysis = (files: File[], analysis: string) => Promise<void>;

export class AnalysisFileView {
  private readonly openButton = element<HTMLButtonElement>('open-analysis');
  private readonly input = element<HTMLInputElement>('analysis-input');
  private readonly request = element<HTMLElement>('analysis-request');
  private readonly requestText = element<HTMLParagraphElement>('analysis-request-text');
  private readonly requestList = element<HTMLUListElement>('analysis-request-list');
  private readonly files = element<HTMLInputElement>('analysis-files');
  private readonly methods = element<HTMLParagraphElement>('methods-line');
  private pending: { text: string; opened: OpenedAnalysis } | null = null;

  constructor(
    private readonly app: App,
    private readonly load: LoadWithAnalysis,
    private readonly say: (message: string) => void,
    private readonly shownColumns: () => string[],
  ) {
    this.openButton.addEventListener('click', () => this.input.click());
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      this.input.value = '';
      if (file) void this.open(file).catch((error: unknown) => this.say(message(error)));
    });
    this.files.addEventListener('change', () => {
      const chosen = [...(this.files.files ?? [])];
      this.files.value = '';
      void this.replay(chosen).catch((error: unknown) => this.say(message(error)));
    });
    element<HTMLButtonElement>('analysis-request-close').addEventListener('click', () => this.closeRequest());
    element<HTMLButtonElement>('save-analysis').addEventListener('click', () => void this.save().catch((e: unknown) => this.say(message(e))));
    for (const event of ['dataset', 'columns', 'weights'] as const) app.on(event, () => void this.renderMethods());
  }

  /** Reads the analysis file and asks for the files it names. */
  private async open(file: File): Promise<void> {
    const text = await file.text();
    let opened: OpenedAnalysis;
    try {
      opened = await this.app.client.query({ type: 'read-analysis', text });
    } catch (error) {
      this.say(`Could not open ${file.name}: ${message(error)}. Nothing was changed.`);
      return;
    }
    this.pending = { text, opened };
    const count = opened.files.length;
    this.requestText.textContent =
      count === 0
        ? `${file.name} names no files: choose the files to analyse under its settings.`
        : `${file.name} was saved with ${count === 1 ? 'this file' : `these ${count} files`}. Choose ${count === 1 ? 'it' : 'them'} (from this computer; nothing is uploaded): each is checked against the saved hash.`;
    this.requestList.replaceChildren(
      ...opened.files.map((named) => make('li', `${named.name} (${formatBytes(named.size)})`)),
    );
    this.request.hidden = false;
    this.files.focus();
  }

  /** Loads the chosen files under the pending analysis; names it lacks are said first. */
  private async replay(chosen: File[]): Promise<void> {
    const pending = this.pending;
    if (!pending || chosen.length === 0) return;
    const names = new Set(chosen.map((file) => file.name));
    const missing = pending.opened.files.filter((named) => !names.has(named.name)).map((named) => named.name);
    this.closeRequest();
    await this.load(chosen, pending.text);
    if (missing.length > 0) this.say(`Not given, so not read: ${missing.join(', ')}. The results may differ from the saved analysis.`);
  }

  private closeRequest(): void {
    this.request.hidden = true;
    this.pending = null;
  }

  private async save(): Promise<void> {
    if (!this.app.dataset) return;
    const settings = await this.app.client.query({ type: 'settings', lenses: this.shownColumns() });
    download(settings.analysis_file, 'attache-analysis.json', 'application/json');
  }

  private async renderMethods(): Promise<void> {
    const dataset = this.app.dataset;
    if (!dataset) {
      this.methods.textContent = '';
      return;
    }
    const settings = await this.app.client.query({ type: 'settings', lenses: this.shownColumns() });
    if (this.app.dataset === dataset) this.methods.textContent = `Methods: ${settings.methods}`;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
