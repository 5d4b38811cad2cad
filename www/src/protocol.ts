/**
 * The typed messages between the page and the analysis worker. Requests carry an id;
 * every progress event, result or error names the request it belongs to. Large arrays
 * travel as typed arrays whose buffers are transferred, never as JSON.
 */
import type {
  AttributeColumn,
  ColumnRole,
  EdgeArrays,
  ExplanationObject,
  FileOptions,
  GroupReportObject,
  InteractionKind,
  KindWeightsObject,
  LayoutSettings,
  MoversObject,
  Neighbours,
  PillarId,
  TableOptions,
  TablePreview,
  TimelineObject,
  TopicsObject,
  TrajectoryObject,
  WindowMetricId,
  WindowWidthId,
} from './pkg/attache.js';
import type { PackedStrings } from './strings';

export type {
  AttributeColumn,
  ColumnRole,
  EdgeArrays,
  ExplanationObject,
  FileOptions,
  GroupReportObject,
  InteractionKind,
  KindWeightsObject,
  LayoutSettings,
  MoversObject,
  Neighbours,
  PillarId,
  TableOptions,
  TablePreview,
  TimelineObject,
  TopicsObject,
  TrajectoryObject,
  WindowMetricId,
  WindowWidthId,
};

/** A metric's parameters by id: numbers, or account ids for personalised PageRank's seeds. */
export type MetricParams = Record<string, number | string[]>;

/** One pillar of the influence index, as the page shows it (without the per-account arrays). */
export interface PillarSummary {
  pillar: PillarId;
  present: boolean;
  /** The lens behind it ('follows_in', 'reposts_in + quotes_in'...), or why it is left out. */
  source: string;
  weight: number;
  accounts_with_value: number;
}

/** The analyses that answer with one value (typed by request), beside the column and layout messages. */
export type QueryRequest =
  /** The guess for a table file (its first 64 KB) under `options`, for the column-mapping step. */
  | { type: 'preview'; file: File; options?: TableOptions }
  /** Kind weights and metric parameters for every later computation; `null` params restore the defaults. */
  | { type: 'configure'; kindWeights?: Partial<KindWeightsObject>; params?: Record<string, MetricParams | null> }
  /** The index's pillars under the current weights (computing the index if needed). */
  | { type: 'pillars' }
  | { type: 'explain'; account: number; lenses: string[]; contributors: number }
  | { type: 'groups'; by: string; top: number }
  | { type: 'group-topics'; by: string; top: number }
  /** An account's topics, or all posts' when `account` is null. */
  | { type: 'topics'; account: number | null; top: number }
  | { type: 'windows'; width: WindowWidthId }
  | { type: 'trajectories'; width: WindowWidthId; metric: WindowMetricId; accounts: number[] }
  | { type: 'group-trajectories'; width: WindowWidthId; metric: WindowMetricId; by: string }
  | { type: 'movers'; width: WindowWidthId; metric: WindowMetricId; from: number; to: number; top: number }
  /** How many sampled sources betweenness can afford in about `budgetMs` (0: exact fits). */
  | { type: 'calibrate'; budgetMs: number };

/** What each query answers. */
export interface QueryResults {
  preview: TablePreview;
  configure: KindWeightsObject;
  pillars: { pillars: PillarSummary[]; missing: PillarId[] };
  explain: ExplanationObject;
  groups: GroupReportObject;
  'group-topics': { name: string; topics: TopicsObject }[];
  topics: TopicsObject;
  windows: TimelineObject;
  trajectories: TrajectoryObject[];
  'group-trajectories': TrajectoryObject[];
  movers: MoversObject;
  calibrate: { k: number; accounts: number; perSourceMs: number };
}

/** How the rows of an export or of the rankings are ordered. */
export interface SortKey {
  /** A metric id, or `label` / `id` for alphabetical order. */
  key: string;
  descending: boolean;
}

export type ExportFormat = 'csv' | 'json' | 'gexf';

export type WorkerRequest =
  /** `options[i]`, when set, says how to read `files[i]` (a table's column mapping). */
  | { type: 'load'; id: number; files: File[]; options?: (FileOptions | null)[] }
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
  | { type: 'example'; id: number; metric: string }
  | (QueryRequest & { id: number });

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
  /** How the rows of a node table joined the accounts (all zero for other files). */
  node_rows: { rows: number; matched_by_id: number; matched_by_handle: number; added: number; ambiguous: number };
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
  params: MetricParam[];
}

/** A parameter of a lens: a number (with its range), or a list of accounts. */
export interface MetricParam {
  id: string;
  name: string;
  help: string;
  type: 'number' | 'accounts';
  default?: number;
  min?: number;
  max?: number;
  integer?: boolean;
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
  /** Attribute keys any account has (country, category...), sorted. */
  attributeKeys: string[];
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
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string; fatal: boolean };

export type Progress = Extract<WorkerResponse, { type: 'progress' }>;
export type Positions = Extract<WorkerResponse, { type: 'positions' }>;
