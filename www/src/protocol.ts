/**
 * The typed messages between the page and the analysis worker. Requests carry an id;
 * every progress event, result or error names the request it belongs to. Large arrays
 * travel as typed arrays whose buffers are transferred, never as JSON.
 */
import type * as api from './generated/api';
import type { PackedStrings } from './strings';

/** Every type that crosses from the core is generated from the Rust definitions (src/api.rs). */
export type {
  Attribute,
  AttentionPath,
  ColumnRole,
  CoordinateBy,
  CoordinatedItem,
  CoordinationGroup,
  CoordinationGroupDetail,
  CoordinationOptions,
  CoordinationView,
  Detail,
  Edges,
  Explanation,
  FileOptions,
  FileReport,
  Format,
  Gatekeeping,
  GroupReport,
  Groups,
  GroupTopics,
  IndexColumn,
  Kind,
  LayoutSettings,
  LayoutSettingsPatch,
  LoadSummary,
  MetricInfo,
  Movers,
  Neighbours,
  OpenedAnalysis,
  ParamInfo,
  ParamValue,
  Pillar,
  SettingsView,
  Step,
  Structure,
  TableOptions,
  TablePreview,
  Topics,
  Trajectory,
  Warning,
  Window,
  WindowMetric,
  WindowWidth,
  Windows,
} from './generated/api';

/** How much one interaction of each kind counts. */
export type KindWeights = Record<api.Kind, number>;

/** A metric's parameters by id: numbers, or account ids for personalised PageRank's seeds. */
export type MetricParams = Record<string, api.ParamValue>;

/** One pillar of the influence index, as the page shows it (without the per-account arrays). */
export type PillarSummary = Omit<api.PillarColumn, 'raw' | 'percentile'>;

/** The analyses that answer with one value (typed by request), beside the column and layout messages. */
export type QueryRequest =
  /** The guess for a table file (its first 64 KB) under `options`, for the column-mapping step. */
  | { type: 'preview'; file: File; options?: api.TableOptions }
  /** Kind weights and metric parameters for every later computation; `null` params restore the defaults. */
  | { type: 'configure'; kindWeights?: Partial<KindWeights>; params?: Record<string, MetricParams | null> }
  /** The settings in force: kind weights, the methods line of `lenses`, the analysis file to save. */
  | { type: 'settings'; lenses: string[] }
  /** Checks an analysis file (its text) without touching the session: the files it names. */
  | { type: 'read-analysis'; text: string }
  /** The index's pillars under the current weights (computing the index if needed). */
  | { type: 'pillars' }
  | { type: 'explain'; account: number; lenses: string[]; contributors: number }
  | { type: 'groups'; by: string; top: number }
  | { type: 'group-topics'; by: string; top: number }
  /** An account's topics, or all posts' when `account` is null. */
  | { type: 'topics'; account: number | null; top: number }
  | { type: 'windows'; width: api.WindowWidth }
  | { type: 'trajectories'; width: api.WindowWidth; metric: api.WindowMetric; accounts: number[] }
  | { type: 'group-trajectories'; width: api.WindowWidth; metric: api.WindowMetric; by: string }
  | { type: 'movers'; width: api.WindowWidth; metric: api.WindowMetric; from: number; to: number; top: number }
  /** The coordination network under the `coordination` lens's parameters in force, named with the salt's aliases if given. */
  | { type: 'coordination'; options?: Partial<api.CoordinationOptions>; salt: string | null }
  /** How many sampled sources betweenness can afford in about `budgetMs` (0: exact fits). */
  | { type: 'calibrate'; budgetMs: number }
  /** Reading's warnings named as the page names accounts: with a salt, real names in them are hidden. */
  | { type: 'warnings'; salt: string | null }
  /** An account export's owner first: its posts that travelled, whom it engages, its months. */
  | { type: 'owner' }
  /** How the network holds together under the kind weights in force: components, cycles, reciprocity... */
  | { type: 'structure' }
  /** Whether an account holds parts of the network together, and the bridges it touches. */
  | { type: 'gatekeeping'; account: number }
  /** The path of attention from one account to another (indices). */
  | { type: 'attention-path'; from: number; to: number }
  /** Sets the cores the analysis may use (this worker counted; absent: only asks). */
  | { type: 'cores'; cores?: number };

/** The cores in use: `wanted` by the setting, `available` on the device, `using` now. */
export interface CoresInUse {
  wanted: number;
  available: number;
  using: number;
  /** Fewer helpers than wanted, because the memory budget cannot hold another copy of the network. */
  limitedByMemory: boolean;
}

/** What each query answers. */
export interface QueryResults {
  preview: api.TablePreview;
  /** The kind weights in force; `graphChanged` when they changed the weighted network (and the layout restarted). */
  configure: { kindWeights: KindWeights; graphChanged: boolean };
  settings: api.SettingsView;
  'read-analysis': api.OpenedAnalysis;
  pillars: { pillars: PillarSummary[]; missing: api.Pillar[] };
  explain: api.Explanation;
  groups: api.Groups;
  'group-topics': api.GroupTopics[];
  topics: api.Topics;
  windows: api.Windows;
  trajectories: api.Trajectory[];
  'group-trajectories': api.Trajectory[];
  movers: api.Movers;
  coordination: api.CoordinationView;
  calibrate: { k: number; accounts: number; perSourceMs: number };
  warnings: api.Warning[];
  owner: api.OwnerView | null;
  structure: api.Structure;
  gatekeeping: api.Gatekeeping;
  'attention-path': api.AttentionPath;
  cores: CoresInUse;
}

/** How the rows of an export or of the rankings are ordered. */
export interface SortKey {
  /** A metric id, or `label` / `id` for alphabetical order. */
  key: string;
  descending: boolean;
}

/** `study`: the study report, one self-contained HTML file. */
export type ExportFormat = 'csv' | 'json' | 'gexf' | 'study';

export type WorkerRequest =
  /** `options[i]`, when set, says how to read `files[i]` (a table's column mapping). */
  /** `memoryBudget`: the most bytes ingest may hold (absent: the worker's default for this device). */
  /** `analysis`: the text of an analysis file to replay (its settings, its column mappings). */
  /** `cores`: the cores the analysis may use, this worker counted (absent: as before, the device's by default). */
  | {
      type: 'load';
      id: number;
      files: File[];
      options?: (api.FileOptions | null)[];
      memoryBudget?: number;
      analysis?: string;
      cores?: number;
    }
  | { type: 'scores'; id: number; metrics: string[] }
  | { type: 'catalogue'; id: number }
  | { type: 'columns'; id: number; metrics: string[] }
  /** With a salt, `label` and `id` order by the aliases (real names must not show through the order). */
  | { type: 'order'; id: number; sort: SortKey; salt?: string }
  | { type: 'graph'; id: number }
  | { type: 'neighbours'; id: number; account: number }
  | { type: 'aliases'; id: number; salt: string }
  /** Runs the layout until stopped, or for `iterations` more iterations (0: only report the positions). */
  | { type: 'layout-start'; id: number; settings?: api.LayoutSettingsPatch; iterations?: number }
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
      /** The study report's grouping (an attribute or a metric column), if any. */
      by?: string;
    }
  | { type: 'example'; id: number; metric: string }
  /** The coordination report (JSON) or its pairs (CSV), as `attache coordination` writes them. */
  | { type: 'coordination-export'; id: number; format: 'csv' | 'json'; options?: Partial<api.CoordinationOptions>; salt?: string }
  | (QueryRequest & { id: number });

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
  details: api.Detail[][];
}

/** The network as the map needs it: edges, and every attribute as categories. */
export interface GraphData {
  edges: api.Edges;
  attributes: Record<string, api.Attribute>;
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
  /** `settings`: the kind weights and lens parameters in force (an analysis file's, when one was replayed). */
  | { type: 'loaded'; id: number; summary: api.LoadSummary; settings: { kindWeights: KindWeights; params: Record<string, MetricParams> } }
  | ({ type: 'scores'; id: number; packedIds: PackedStrings; packedLabels: PackedStrings } & Omit<Scores, 'ids' | 'labels'>)
  | { type: 'catalogue'; id: number; metrics: api.MetricInfo[] }
  | ({ type: 'columns'; id: number } & Columns)
  | { type: 'order'; id: number; order: Uint32Array }
  | ({ type: 'graph'; id: number } & GraphData)
  | { type: 'neighbours'; id: number; neighbours: api.Neighbours }
  | { type: 'aliases'; id: number; aliases: string[] }
  | { type: 'positions'; id: number; positions: Float32Array; iterations: number; settings: api.LayoutSettings }
  | { type: 'done'; id: number }
  | ({ type: 'export'; id: number } & ExportFile)
  | ({ type: 'example'; id: number } & Example)
  | { type: 'result'; id: number; value: unknown }
  /** Something the user should know that does not stop the request (a helper worker lost). */
  | { type: 'notice'; id: number; message: string }
  | { type: 'error'; id: number; message: string; fatal: boolean };

export type Progress = Extract<WorkerResponse, { type: 'progress' }>;
/** What a load gives: what was read, and the settings in force. */
export type Loaded = Omit<Extract<WorkerResponse, { type: 'loaded' }>, 'type' | 'id'>;
export type Positions = Extract<WorkerResponse, { type: 'positions' }>;
