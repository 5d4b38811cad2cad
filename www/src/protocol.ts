/**
 * The typed messages between the page and the analysis worker. Requests carry an id;
 * every progress event, result or error names the request it belongs to. Large arrays
 * travel as typed arrays whose buffers are transferred, never as JSON.
 */
import type { AttributeColumn, EdgeArrays, LayoutSettings, Neighbours } from './pkg/attache.js';
import type { PackedStrings } from './strings';

export type { AttributeColumn, EdgeArrays, LayoutSettings, Neighbours };

/** How the rows of an export or of the rankings are ordered. */
export interface SortKey {
  /** A metric id, or `label` / `id` for alphabetical order. */
  key: string;
  descending: boolean;
}

export type ExportFormat = 'csv' | 'json' | 'gexf';

export type WorkerRequest =
  | { type: 'load'; id: number; files: File[] }
  | { type: 'scores'; id: number; metrics: string[] }
  | { type: 'catalogue'; id: number }
  | { type: 'columns'; id: number; metrics: string[] }
  /** With a salt, `label` and `id` order by the aliases (real names must not show through the order). */
  | { type: 'order'; id: number; sort: SortKey; salt?: string }
  | { type: 'graph'; id: number }
  | { type: 'neighbours'; id: number; account: number }
  | { type: 'aliases'; id: number; salt: string }
  /** Runs the layout until stopped, or for `iterations` more iterations (0: only report the positions). */
  | { type: 'layout-start'; id: number; settings?: Partial<LayoutSettings>; iterations?: number }
  | { type: 'layout-stop'; id: number }
  | { type: 'layout-reset'; id: number }
  | {
      type: 'export';
      id: number;
      format: ExportFormat;
      metrics: string[];
      sort: SortKey;
      /** Pseudonymise with this salt; real names when absent. */
      salt?: string;
      sizes?: Float64Array;
      colours?: Uint8Array;
    }
  | { type: 'example'; id: number; metric: string };

export interface FileReport {
  path: string;
  format: string;
  bytes: number;
  records: number;
  skipped: number;
  /** Accounts and posts first seen in this file. */
  accounts: number;
  posts: number;
  /** Interactions this file added, by kind. */
  interactions: Record<string, number>;
  warnings: number;
  /** Things to know that are not problems (an archive is an ego network, private posts left out...). */
  notes: string[];
}

export interface Warning {
  file: string;
  line: number | null;
  message: string;
}

/** What `Session.finish()` returns: network counts, warnings and per-file reports. */
export interface LoadSummary {
  nodes: number;
  edges: number;
  interactions: Record<string, number>;
  posts: number;
  self_interactions: number;
  duplicates: number;
  warnings: Warning[];
  files: FileReport[];
}

/** One lens of the catalogue, as `catalogue()` describes it. */
export interface MetricInfo {
  id: string;
  name: string;
  explanation: string;
  reference: string;
  complexity: string;
  params: { id: string; name: string; help: string; type: string; default?: number; min?: number; max?: number }[];
}

export interface Detail {
  id: string;
  name: string;
  value: number;
}

export interface Scores {
  ids: string[];
  labels: string[];
  metrics: string[];
  /** One column per metric, one value per account, in account order. */
  columns: Float64Array[];
  /** Account indices ranked by the first metric (the core's order, as the CLI prints it). */
  order: Uint32Array;
}

export interface Columns {
  metrics: string[];
  columns: Float64Array[];
  details: Detail[][];
}

/** The network as the map needs it: edges, and every attribute as categories. */
export interface GraphData {
  edges: EdgeArrays;
  attributes: Record<string, AttributeColumn>;
}

/** A lens run on a tiny fixed network, for the Learn view. */
export interface Example {
  ids: string[];
  edges: [string, string][];
  values: Float64Array;
}

export interface ExportFile {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

export type WorkerResponse =
  | { type: 'progress'; id: number; phase: string; fraction: number; bytesRead?: number; bytesTotal?: number }
  | { type: 'loaded'; id: number; summary: LoadSummary }
  | ({ type: 'scores'; id: number; packedIds: PackedStrings; packedLabels: PackedStrings } & Omit<Scores, 'ids' | 'labels'>)
  | { type: 'catalogue'; id: number; metrics: MetricInfo[] }
  | ({ type: 'columns'; id: number } & Columns)
  | { type: 'order'; id: number; order: Uint32Array }
  | ({ type: 'graph'; id: number } & GraphData)
  | { type: 'neighbours'; id: number; neighbours: Neighbours }
  | { type: 'aliases'; id: number; aliases: string[] }
  | { type: 'positions'; id: number; positions: Float32Array; iterations: number; settings: LayoutSettings }
  | { type: 'done'; id: number }
  | ({ type: 'export'; id: number } & ExportFile)
  | ({ type: 'example'; id: number } & Example)
  | { type: 'error'; id: number; message: string; fatal: boolean };

export type Progress = Extract<WorkerResponse, { type: 'progress' }>;
export type Positions = Extract<WorkerResponse, { type: 'positions' }>;
