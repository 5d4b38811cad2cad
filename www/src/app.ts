/**
 * What the views share: the loaded dataset, the names to show (real or pseudonyms),
 * the selected account, and a tiny event bus. Views render from this state and ask the
 * worker (through the client) for anything they need computed.
 */
import type { AnalysisClient } from './client';
import type { Detail, GraphData, LoadSummary, MetricInfo } from './protocol';

export interface Dataset {
  summary: LoadSummary;
  ids: string[];
  labels: string[];
  catalogue: MetricInfo[];
  /** Columns fetched from the worker so far, by metric id. */
  columns: Map<string, Float64Array>;
  details: Map<string, Detail[]>;
  /** Edges and attributes, fetched when the map first needs them. */
  graph: GraphData | null;
}

export type AppEvent = 'dataset' | 'names' | 'selection' | 'columns' | 'type-size';

class App {
  dataset: Dataset | null = null;
  /** Pseudonyms replace ids and labels everywhere when on. */
  pseudonyms = false;
  aliases: string[] | null = null;
  /** Per page session: the same account keeps its alias until the page is reloaded. */
  readonly salt = randomSalt();
  selected: number | null = null;
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

  /** Fetches the columns not yet here; emits `columns` when new ones arrive. */
  async ensureColumns(metrics: string[]): Promise<Float64Array[]> {
    const dataset = this.dataset;
    if (!dataset) return [];
    const missing = metrics.filter((m) => !dataset.columns.has(m));
    if (missing.length > 0) {
      const fetched = await this.client.columns(missing);
      fetched.metrics.forEach((metric, i) => {
        dataset.columns.set(metric, fetched.columns[i]);
        dataset.details.set(metric, fetched.details[i]);
      });
      if (this.dataset === dataset) this.emit('columns');
    }
    return metrics.map((m) => dataset.columns.get(m)!);
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
