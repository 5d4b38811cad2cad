/**
 * The page's handle on the analysis worker: promise-based requests with progress
 * callbacks. Cancelling terminates the worker and starts a fresh one (the core runs
 * synchronously, so terminating is the only way to stop it at once). A crashed
 * worker is replaced the same way; the caller decides what to reload.
 */
import type { LoadSummary, Progress, Scores, WorkerRequest, WorkerResponse } from './protocol';

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

interface Pending {
  resolve: (value: WorkerResponse) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: Progress) => void;
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

  constructor(private readonly spawnWorker: () => WorkerLike) {
    this.worker = this.spawn();
  }

  load(files: File[], onProgress?: (progress: Progress) => void): Promise<LoadSummary> {
    return this.request({ type: 'load', files }, onProgress).then((response) => {
      if (response.type !== 'loaded') throw new Error(`unexpected ${response.type}`);
      return response.summary;
    });
  }

  scores(metrics: string[], onProgress?: (progress: Progress) => void): Promise<Scores> {
    return this.request({ type: 'scores', metrics }, onProgress).then((response) => {
      if (response.type !== 'scores') throw new Error(`unexpected ${response.type}`);
      return response;
    });
  }

  /** Stops whatever runs: pending requests reject with CancelledError. */
  cancel(): void {
    this.restart(() => new CancelledError());
  }

  private request(message: Request, onProgress?: (progress: Progress) => void): Promise<WorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...message, id });
    });
  }

  private spawn(): WorkerLike {
    const worker = this.spawnWorker();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault?.();
      this.restart(() => new WorkerCrashedError(event.message || 'the analysis worker stopped'));
    };
    return worker;
  }

  private receive(response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    if (response.type === 'progress') {
      pending.onProgress?.(response);
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
    for (const pending of waiting) pending.reject(reason());
  }
}
