/**
 * The typed messages between the page and the analysis worker. Requests carry an id;
 * every progress event, result or error names the request it belongs to. Large arrays
 * travel as typed arrays whose buffers are transferred, never as JSON.
 */

export type WorkerRequest =
  | { type: 'load'; id: number; files: File[] }
  | { type: 'scores'; id: number; metrics: string[] };

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

export interface Scores {
  ids: string[];
  labels: string[];
  metrics: string[];
  /** One column per metric, one value per account, in account order. */
  columns: Float64Array[];
  /** Account indices ranked by the first metric (the core's order, as the CLI prints it). */
  order: Uint32Array;
}

export type WorkerResponse =
  | { type: 'progress'; id: number; phase: string; fraction: number; bytesRead?: number; bytesTotal?: number }
  | { type: 'loaded'; id: number; summary: LoadSummary }
  | ({ type: 'scores'; id: number } & Scores)
  | { type: 'error'; id: number; message: string; fatal: boolean };

export type Progress = Extract<WorkerResponse, { type: 'progress' }>;
