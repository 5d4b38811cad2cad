/**
 * The page's handle on the analysis worker: promise-based requests with progress
 * callbacks. Cancelling terminates the worker and starts a fresh one (the core runs
 * synchronously, so terminating is the only way to stop it at once). A crashed
 * worker is replaced the same way; the caller decides what to reload.
 */
import type {
  Columns,
  CoordinationOptions,
  Example,
  ExportFile,
  ExportFormat,
  FileOptions,
  GraphData,
  LayoutSettingsPatch,
  Loaded,
  MetricInfo,
  Neighbours,
  Positions,
  Progress,
  QueryRequest,
  QueryResults,
  Scores,
  SortKey,
  WorkerRequest,
  WorkerResponse,
} from './protocol';
import { unpackStrings } from './strings';

/** The request was cancelled by the user. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The worker died (panic, out of memory): its state is lost. */
export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

type Response<K extends WorkerResponse['type']> = Extract<WorkerResponse, { type: K }>;

interface Pending {
  resolve: (value: WorkerResponse) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: Progress) => void;
  onPositions?: (positions: Positions) => void;
}

/** The subset of `Worker` the client uses, so tests can supply a fake. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export class AnalysisClient {
  private worker: WorkerLike;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /**
   * Called with the new worker in place, before pending requests are rejected: the page
   * sends it the data back (the worker handles requests in order, so anything sent after
   * finds the network loaded again). `reason` says why: a `CancelledError` or a
   * `WorkerCrashedError` (a crash can come while no request waits, e.g. out of memory).
   */
  onRestart: ((reason: Error) => void) | null = null;
  /** The most bytes ingest may hold, sent with every load (undefined: the worker's default). */
  memoryBudget: number | undefined = undefined;
  /** The cores the analysis may use, sent with every load (undefined: the device's). */
  cores: number | undefined = undefined;
  /** Told what the user should know without the request failing (a helper worker lost). */
  onNotice: ((message: string) => void) | null = null;

  constructor(private readonly spawnWorker: () => WorkerLike) {
    this.worker = this.spawn();
  }

  /**
   * Reads `files` into a new session; `options[i]` says how to read `files[i]` (a table
   * mapping); `analysis` is the text of an analysis file to replay. Resolves with what was
   * read and the settings in force.
   */
  load(
    files: File[],
    onProgress?: (progress: Progress) => void,
    options?: (FileOptions | null)[],
    analysis?: string,
  ): Promise<Loaded> {
    const request = { type: 'load' as const, files, options, memoryBudget: this.memoryBudget, analysis, cores: this.cores };
    return this.ask(request, 'loaded', onProgress).then(
      ({ summary, settings }) => ({ summary, settings }),
    );
  }

  /** One analysis (explain, groups, time windows...), computed in the worker. */
  query<K extends QueryRequest['type']>(
    request: Extract<QueryRequest, { type: K }>,
    onProgress?: (progress: Progress) => void,
  ): Promise<QueryResults[K]> {
    return this.ask(request as Request, 'result', onProgress).then((r) => r.value as QueryResults[K]);
  }

  /** Columns with the core's ranking by the first (used when a dataset opens). */
  scores(metrics: string[], onProgress?: (progress: Progress) => void): Promise<Scores> {
    return this.ask({ type: 'scores', metrics }, 'scores', onProgress).then(({ packedIds, packedLabels, ...rest }) => ({
      ...rest,
      ids: unpackStrings(packedIds),
      labels: unpackStrings(packedLabels),
    }));
  }

  catalogue(): Promise<MetricInfo[]> {
    return this.ask({ type: 'catalogue' }, 'catalogue').then((r) => r.metrics);
  }

  /** Metric columns, computed on demand (and kept by the worker for exports). */
  columns(metrics: string[], onProgress?: (progress: Progress) => void): Promise<Columns> {
    return this.ask({ type: 'columns', metrics }, 'columns', onProgress);
  }

  /** Account indices in the given order, computed in the worker (never blocks the page). */
  order(sort: SortKey, salt?: string, onProgress?: (progress: Progress) => void): Promise<Uint32Array> {
    return this.ask({ type: 'order', sort, salt }, 'order', onProgress).then((r) => r.order);
  }

  graph(): Promise<GraphData> {
    return this.ask({ type: 'graph' }, 'graph');
  }

  neighbours(account: number): Promise<Neighbours> {
    return this.ask({ type: 'neighbours', account }, 'neighbours').then((r) => r.neighbours);
  }

  aliases(salt: string): Promise<string[]> {
    return this.ask({ type: 'aliases', salt }, 'aliases').then((r) => r.aliases);
  }

  /**
   * Runs the layout until `stopLayout()` (or for `iterations` more iterations; 0 only
   * reports the positions): `onPositions` receives the positions as they move. Resolves
   * when it has stopped. A running layout takes the new settings and keeps running.
   */
  startLayout(
    settings: LayoutSettingsPatch | undefined,
    onPositions: (positions: Positions) => void,
    iterations?: number,
  ): Promise<void> {
    return this.ask({ type: 'layout-start', settings, iterations }, 'done', undefined, onPositions).then(() => undefined);
  }

  stopLayout(): Promise<void> {
    return this.ask({ type: 'layout-stop' }, 'done').then(() => undefined);
  }

  resetLayout(): Promise<void> {
    return this.ask({ type: 'layout-reset' }, 'done').then(() => undefined);
  }

  exportFile(
    format: ExportFormat,
    options: { metrics: string[]; sort: SortKey; salt?: string; sizes?: Float64Array; colours?: Uint8Array; by?: string },
    onProgress?: (progress: Progress) => void,
  ): Promise<ExportFile> {
    return this.ask({ type: 'export', format, ...options }, 'export', onProgress);
  }

  /** The coordination report as the command line writes it: `json`, or the pairs as `csv`. */
  exportCoordination(
    format: 'csv' | 'json',
    options: { options?: Partial<CoordinationOptions>; salt?: string },
    onProgress?: (progress: Progress) => void,
  ): Promise<ExportFile> {
    return this.ask({ type: 'coordination-export', format, ...options }, 'export', onProgress);
  }

  example(metric: string): Promise<Example> {
    return this.ask({ type: 'example', metric }, 'example');
  }

  /** Stops whatever runs: pending requests reject with CancelledError. */
  cancel(): void {
    this.restart(() => new CancelledError());
  }

  private ask<K extends WorkerResponse['type']>(
    message: Request,
    expected: K,
    onProgress?: (progress: Progress) => void,
    onPositions?: (positions: Positions) => void,
  ): Promise<Response<K>> {
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, onPositions });
      this.worker.postMessage({ ...message, id });
    }).then((response) => {
      if (response.type !== expected) throw new Error(`expected ${expected}, got ${response.type}`);
      return response as Response<K>;
    });
  }

  private spawn(): WorkerLike {
    const worker = this.spawnWorker();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault?.();
      this.restart(() => new WorkerCrashedError(event.message ? `The analysis worker stopped: ${event.message}` : 'The analysis worker stopped'));
    };
    return worker;
  }

  private receive(response: WorkerResponse): void {
    if (response.type === 'notice') {
      this.onNotice?.(response.message);
      return;
    }
    const pending = this.pending.get(response.id);
    if (!pending) return;
    if (response.type === 'progress') {
      pending.onProgress?.(response);
      return;
    }
    if (response.type === 'positions') {
      pending.onPositions?.(response);
      return;
    }
    this.pending.delete(response.id);
    if (response.type === 'error') {
      if (response.fatal) {
        this.pending.set(response.id, pending);
        this.restart(() => new WorkerCrashedError(response.message));
      } else {
        pending.reject(new Error(response.message));
      }
      return;
    }
    pending.resolve(response);
  }

  private restart(reason: () => Error): void {
    this.worker.terminate();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.worker = this.spawn();
    this.onRestart?.(reason());
    for (const pending of waiting) pending.reject(reason());
  }
}
