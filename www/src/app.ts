/**
 * What the views share: the loaded dataset, the names to show (real or pseudonyms),
 * the selected account, and a tiny event bus. Views render from this state and ask the
 * worker (through the client) for anything they need computed.
 */
import type { AnalysisClient } from './client';
import type {
  Columns,
  Detail,
  GraphData,
  Groups,
  KindWeights,
  LoadSummary,
  MetricInfo,
  MetricParams,
  Progress,
  QueryResults,
} from './protocol';

export interface Dataset {
  summary: LoadSummary;
  ids: string[];
  labels: string[];
  catalogue: MetricInfo[];
  /** Columns fetched from the worker so far, by metric id (under the current weights and parameters). */
  columns: Map<string, Float64Array>;
  details: Map<string, Detail[]>;
  /** Parameters set by the user, by metric id (absent: the catalogue's defaults). */
  params: Map<string, MetricParams>;
  /** How much each kind of interaction counts (all 1 at first). */
  kindWeights: KindWeights;
  /** The influence index's pillars under the current weights, once computed. */
  pillars: QueryResults['pillars'] | null;
  /** Group reports by grouping, kept until the weights change. */
  groups: Map<string, Promise<Groups>>;
  /** Edges and attributes, fetched when the map first needs them. */
  graph: GraphData | null;
  /** Attribute keys any account has (country, category...). */
  attributeKeys: string[];
}

/**
 * `weights`: the kind weights or a lens's parameters changed, so scores did too; `graph`:
 * the kind weights changed the weighted network itself (the map's edges and layout).
 */
export type AppEvent = 'dataset' | 'names' | 'selection' | 'columns' | 'weights' | 'graph' | 'type-size' | 'highlight';

/**
 * Accounts another view asks the rankings and the map to point out (a coordination group,
 * a path of attention), with what they are, in words, for the note beside them. `path`:
 * the accounts in order when consecutive ones are linked, so the map draws those steps.
 */
export interface Highlight {
  accounts: Set<number>;
  path: number[] | null;
  what: string;
}

export type ProgressCallback = (progress: Progress) => void;

export const INDEX = 'influence_index';

class App {
  dataset: Dataset | null = null;
  /** Pseudonyms replace ids and labels everywhere when on. */
  pseudonyms = false;
  aliases: string[] | null = null;
  /** Per page session: the same account keeps its alias until the page is reloaded. */
  readonly salt = randomSalt();
  selected: number | null = null;
  highlight: Highlight | null = null;
  /** The owner of an account export read (the centre of its ego network), if any. */
  owner: number | null = null;
  private readonly listeners = new Map<AppEvent, Set<() => void>>();

  constructor(readonly client: AnalysisClient) {}

  on(event: AppEvent, listener: () => void): void {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }

  label(account: number): string {
    if (this.pseudonyms && this.aliases) return this.aliases[account];
    return this.dataset?.labels[account] ?? '';
  }

  id(account: number): string {
    if (this.pseudonyms && this.aliases) return this.aliases[account];
    return this.dataset?.ids[account] ?? '';
  }

  metric(id: string): MetricInfo | undefined {
    return this.dataset?.catalogue.find((m) => m.id === id);
  }

  metricName(id: string): string {
    return this.metric(id)?.name ?? id;
  }

  /**
   * What a pillar is made of, in words: the core names it by lens ids
   * ("reposts_in + quotes_in"), the page by the lenses' names ("Reposts received and
   * Quotes received"). A reason it is left out is already words and stays as it is.
   */
  sourceName(source: string): string {
    if (!/^[a-z_]+( \+ [a-z_]+)*$/.test(source)) return source;
    const names = source.split(' + ').map((id) => (id === 'followers' && !this.metric(id) ? 'the follower count' : this.metricName(id)));
    return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  }

  /** Fetches the columns not yet here; emits `columns` when new ones arrive. */
  async ensureColumns(metrics: string[]): Promise<Float64Array[]> {
    const dataset = this.dataset;
    if (!dataset) return [];
    const missing = metrics.filter((m) => !dataset.columns.has(m));
    if (missing.length > 0) {
      const names = missing.map((m) => this.metricName(m)).join(', ');
      const fetched = await this.task(`Computing ${names}`, (onProgress) => this.client.columns(missing, onProgress));
      fetched.metrics.forEach((metric, i) => {
        dataset.columns.set(metric, fetched.columns[i]);
        dataset.details.set(metric, fetched.details[i]);
      });
      if (this.dataset === dataset) this.emit('columns');
    }
    return metrics.map((m) => dataset.columns.get(m)!);
  }

  /** Accounts in the order the rankings show them (set by the rankings view). */
  shownOrder: () => Uint32Array = () => new Uint32Array(0);

  /**
   * Runs a long request with the progress bar (phase, bytes, cancel) in view. Set by
   * main.ts; rejects with CancelledError when the user cancels.
   */
  task: <T>(label: string, work: (onProgress: ProgressCallback) => Promise<T>) => Promise<T> = (_label, work) =>
    work(() => {});

  /**
   * Changes kind weights and/or lens parameters in the worker's session, which decides
   * what they make stale; the page drops every column it holds and fetches those in
   * `refresh` again (the session hands back the ones it kept at once). Emits `weights`
   * then `columns` (and `graph` when the weighted network itself changed).
   */
  async configure(
    change: { kindWeights?: Partial<KindWeights>; params?: Record<string, MetricParams | null> },
    refresh: string[],
  ): Promise<void> {
    const dataset = this.dataset;
    if (!dataset) return;
    const before = { kindWeights: dataset.kindWeights, params: new Map(dataset.params) };
    const { kindWeights, graphChanged } = await this.client.query({ type: 'configure', ...change });
    if (this.dataset !== dataset) return;
    dataset.kindWeights = kindWeights;
    for (const [metric, params] of Object.entries(change.params ?? {})) {
      if (params) dataset.params.set(metric, params);
      else dataset.params.delete(metric);
    }
    dataset.pillars = null;
    dataset.groups.clear();
    if (graphChanged) dataset.graph = null;
    let fresh: Columns = { metrics: [], columns: [], details: [] };
    try {
      if (refresh.length) fresh = await this.task('Scoring', (onProgress) => this.client.columns(refresh, onProgress));
    } catch (error) {
      // Cancelled or failed: back to the settings the columns on screen were computed with.
      if (this.dataset === dataset) {
        dataset.kindWeights = before.kindWeights;
        dataset.params = before.params;
        const params = Object.fromEntries(Object.keys(change.params ?? {}).map((m) => [m, before.params.get(m) ?? null]));
        await this.client.query({ type: 'configure', kindWeights: before.kindWeights, params }).catch(() => {});
        // The worker dropped its layout with the weights: the map starts again.
        if (graphChanged) this.emit('graph');
      }
      throw error;
    }
    if (this.dataset !== dataset) return;
    dataset.columns.clear();
    dataset.details.clear();
    fresh.metrics.forEach((metric, i) => {
      dataset.columns.set(metric, fresh.columns[i]);
      dataset.details.set(metric, fresh.details[i]);
    });
    if (graphChanged) this.emit('graph');
    this.emit('weights');
    this.emit('columns');
  }

  /** The index's pillars (which are present, what feeds them) under the current weights. */
  async pillars(): Promise<QueryResults['pillars'] | null> {
    const dataset = this.dataset;
    if (!dataset) return null;
    dataset.pillars ??= await this.client.query({ type: 'pillars' });
    return dataset.pillars;
  }

  /** A grouping's report (members, index, flows, membership), computed once per weights. */
  groupReport(by: string): Promise<Groups> {
    const dataset = this.dataset;
    if (!dataset) return Promise.reject(new Error('no data loaded'));
    let report = dataset.groups.get(by);
    if (!report) {
      report = this.task(`Grouping by ${by}`, (onProgress) => this.client.query({ type: 'groups', by, top: 5 }, onProgress));
      dataset.groups.set(by, report);
      // A failed or cancelled grouping is asked again next time.
      report.catch(() => dataset.groups.delete(by));
    }
    return report;
  }

  /** Groupings offered everywhere: the data's attributes, then communities and components. */
  groupings(): string[] {
    const dataset = this.dataset;
    if (!dataset) return [];
    const attributes = dataset.attributeKeys;
    const metrics = ['community', 'component'].filter((id) => dataset.catalogue.some((m) => m.id === id));
    return [...attributes, ...metrics];
  }

  async ensureGraph(): Promise<GraphData | null> {
    const dataset = this.dataset;
    if (!dataset) return null;
    dataset.graph ??= await this.client.graph();
    return dataset.graph;
  }

  async setPseudonyms(on: boolean): Promise<void> {
    if (on && this.dataset && !this.aliases) this.aliases = await this.client.aliases(this.salt);
    this.pseudonyms = on;
    this.emit('names');
  }

  select(account: number | null): void {
    this.selected = account;
    this.emit('selection');
  }

  /** Points accounts out in the rankings and the map (null: none); a new dataset clears it. */
  highlightAccounts(highlight: Highlight | null): void {
    this.highlight = highlight;
    this.emit('highlight');
  }

  /** Opens the Learn entry for a lens or topic (set by main.ts). */
  learn: (topic: string) => void = () => {};
}

export type { App };

export function createApp(client: AnalysisClient): App {
  return new App(client);
}

function randomSalt(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Position (1-based) of `account` when accounts are ranked by `values`, highest first, ties in account order. */
export function rankOf(values: Float64Array, account: number): number {
  const value = values[account];
  if (Number.isNaN(value)) return values.length;
  let rank = 1;
  for (let i = 0; i < values.length; i++) {
    const other = values[i];
    if (other > value || (other === value && i < account)) rank++;
  }
  return rank;
}

export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} missing from the page`);
  return found as T;
}

export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (text !== undefined) created.textContent = text;
  if (className) created.className = className;
  return created;
}
