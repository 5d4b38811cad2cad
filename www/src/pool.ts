/**
 * The pool of helper workers beside the analysis worker. A metric that splits (exact or
 * sampled betweenness, closeness, harmonic, Louvain restarts: see the core's
 * `metrics::split`; and the PageRank of a timeline's windows, one block per window: see
 * `timeline::WindowEdges`) is cut by the core into blocks fixed by the graph and the parameters;
 * the owner hands blocks to its helpers, each with its own wasm instance and a copy of the
 * snapshot, computes blocks itself meanwhile, and gives the core every part in block
 * order. The core merges them, so the column has the same bits whatever the number of
 * helpers, the order in which parts arrive, or a helper lost on the way.
 *
 * No SharedArrayBuffer: the snapshot travels once per key (the data and the kind weights)
 * as transferred typed arrays, parts come back the same way. So the page works from any
 * static host, without cross-origin-isolation headers.
 *
 * This module holds only the scheduling; it touches neither the DOM nor the wasm module,
 * so it is tested with fake helpers as well as real ones.
 */
import type * as api from './generated/api';
import type { MetricParams } from './protocol';

/**
 * What a helper holds to compute blocks on: the snapshot (`Session.snapshotParts`), or
 * every window's edges (`Session.windowParts`). It holds one at a time.
 */
export type HelperCopy = ({ kind: 'graph' } & api.SnapshotParts) | ({ kind: 'windows' } & api.WindowParts);

/** The job name of a timeline's windows: its blocks are windows, computed on a `windows` copy. */
export const WINDOWS_JOB = 'windows';

/** The owner's messages to a helper. */
export type ToHelper =
  | { type: 'snapshot'; key: string; copy: HelperCopy }
  | { type: 'block'; job: number; metric: string; params: MetricParams; block: number }
  /** The owner computes `block` itself (or no longer needs it): skip it if not started. */
  | { type: 'withdraw'; job: number; block: number };

/** A helper's answers. `fraction`: the share of the whole split's work this block has done. */
export type FromHelper =
  | { type: 'part'; job: number; block: number; values: Float64Array }
  | { type: 'progress'; job: number; block: number; fraction: number }
  | { type: 'error'; job: number; block: number; message: string };

/** What the pool needs of a Worker (a fake one in tests). */
export interface HelperLike {
  postMessage(message: ToHelper, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromHelper>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** One split column to compute. */
export interface SplitJob {
  metric: string;
  params: MetricParams;
  blocks: number;
  /** The snapshot's key: helpers holding another key get a fresh copy first. */
  key: string;
  /** The copy's arrays, asked for only when some helper needs them. */
  snapshot: () => HelperCopy;
  /** Block `block` computed by the owner, with progress as the helpers report it. */
  runHere: (block: number, onProgress: (fraction: number) => void) => Float64Array;
  /** The whole split's progress, 0..1. */
  onProgress?: (fraction: number) => void;
  /** Said once per helper lost (it stopped: out of memory, most likely). */
  onNotice?: (message: string) => void;
}

/** Blocks sent ahead to each helper, so that it never waits for the owner between two. */
const BLOCKS_IN_FLIGHT = 3;

/** The bytes a helper's copy of a snapshot takes (its arrays and the in-adjacency built from them). */
export function snapshotBytes(nodeCount: number, edgeCount: number): number {
  return 2 * (4 * (nodeCount + 1) + 12 * edgeCount);
}

/**
 * The bytes a helper's copy of a timeline's windows takes beyond a snapshot's: 16 per timed
 * interaction (actor, target, weight). The window it scores is a snapshot of a part of
 * the network, no larger than the whole one's.
 */
export function windowsCopyBytes(interactionCount: number): number {
  return 16 * interactionCount;
}

/** Wasm module, stack and a block's working arrays (a few per account), per helper. */
const HELPER_BASE_BYTES = 32 * 1024 ** 2;
const WORKING_BYTES_PER_ACCOUNT = 96;

/**
 * How many helpers to run: the user's setting (the cores to use, counting the owner) less
 * one, at least one when two cores are asked for, at most 8, and fewer when `budget`
 * bytes cannot hold another helper with its copy: of the snapshot, or of the windows of
 * the `interactionCount` interactions (a helper holds one copy at a time; a copy of the
 * windows builds a window's snapshot besides).
 */
export function helperCount(cores: number, nodeCount: number, edgeCount: number, budget: number, interactionCount = 0): number {
  const wanted = Math.max(0, Math.min(8, Math.floor(cores) - 1));
  const copy = snapshotBytes(nodeCount, edgeCount) + windowsCopyBytes(interactionCount);
  const perHelper = HELPER_BASE_BYTES + copy + WORKING_BYTES_PER_ACCOUNT * nodeCount;
  return Math.max(0, Math.min(wanted, Math.floor(budget / perHelper)));
}

/**
 * The next task of this worker's event loop: a message to itself, which (unlike a nested
 * setTimeout, clamped to 4 ms) comes back at once. Between two blocks it lets queued
 * messages in (helpers' parts, a withdrawal).
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** `copy` with arrays of its own, to transfer (the owner keeps its copy for the next helper). */
function ownArrays(copy: HelperCopy): [HelperCopy, Transferable[]] {
  const transfer: Transferable[] = [];
  const fields = Object.entries(copy).map(([name, value]) => {
    if (!(value instanceof Uint32Array || value instanceof Float64Array)) return [name, value];
    const own = value.slice();
    transfer.push(own.buffer);
    return [name, own];
  });
  return [Object.fromEntries(fields) as HelperCopy, transfer];
}

interface Helper {
  worker: HelperLike;
  /** The snapshot key this helper holds. */
  key: string | null;
  /** Blocks sent and not yet answered. */
  inFlight: Set<number>;
}

interface Running {
  id: number;
  job: SplitJob;
  queue: number[];
  parts: (Float64Array | undefined)[];
  progress: number[];
  remaining: number;
  /** Wakes the owner's loop when a part arrives or a helper is lost. */
  wake: () => void;
}

export class Pool {
  private helpers: Helper[] = [];
  private nextJob = 1;
  private running: Running | null = null;

  constructor(private readonly spawn: () => HelperLike) {}

  /** Helpers alive now. */
  get size(): number {
    return this.helpers.length;
  }

  /** Starts or stops helpers until `count` run (those stopped take their snapshot with them). */
  resize(count: number): void {
    while (this.helpers.length > count) this.helpers.pop()?.worker.terminate();
    while (this.helpers.length < count) this.helpers.push(this.start());
  }

  /** Forget which snapshot each helper holds (a new session: keys may repeat). */
  forgetSnapshots(): void {
    for (const helper of this.helpers) helper.key = null;
  }

  /** Stops every helper. */
  close(): void {
    this.resize(0);
  }

  private start(): Helper {
    const worker = this.spawn();
    const helper: Helper = { worker, key: null, inFlight: new Set() };
    worker.onmessage = (event) => this.answer(helper, event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.lose(helper, event.message || 'it stopped');
    };
    return helper;
  }

  /**
   * The parts of every block of `job`, in block order. The owner computes blocks too, so
   * this works (serially) with no helper at all.
   */
  async run(job: SplitJob): Promise<Float64Array[]> {
    if (this.running) throw new Error('the pool is already computing a split');
    let wake = () => {};
    const running: Running = {
      id: this.nextJob++,
      job,
      queue: Array.from({ length: job.blocks }, (_, block) => block),
      parts: new Array(job.blocks),
      progress: new Array(job.blocks).fill(0),
      remaining: job.blocks,
      wake: () => wake(),
    };
    this.running = running;
    try {
      this.feedHelpers();
      while (running.remaining > 0) {
        // Nothing left to hand out: rather than wait, take back the last block a helper
        // has not started (it skips it; an answer for it is dropped).
        const block = running.queue.shift() ?? this.withdraw(running);
        if (block === undefined) {
          // Everything left is with the helpers: wait for an answer.
          await new Promise<void>((resolve) => (wake = resolve));
          this.feedHelpers();
          continue;
        }
        const part = job.runHere(block, (fraction) => this.report(running, block, fraction));
        this.keep(running, block, part);
        await nextTask();
        this.feedHelpers();
      }
      return running.parts as Float64Array[];
    } finally {
      this.running = null;
      // Blocks still out belong to no job now: skipped if not started, answers dropped.
      for (const helper of this.helpers) {
        for (const block of helper.inFlight) helper.worker.postMessage({ type: 'withdraw', job: running.id, block });
        helper.inFlight.clear();
      }
    }
  }

  /** The last block sent to the helper with the most waiting (one it computes is not taken). */
  private withdraw(running: Running): number | undefined {
    const busiest = this.helpers.reduce<Helper | null>(
      (most, helper) => (helper.inFlight.size > (most?.inFlight.size ?? 1) ? helper : most),
      null,
    );
    if (!busiest) return undefined;
    const block = [...busiest.inFlight].pop() as number;
    busiest.inFlight.delete(block);
    busiest.worker.postMessage({ type: 'withdraw', job: running.id, block });
    return block;
  }

  private feedHelpers(): void {
    const running = this.running;
    if (!running) return;
    for (const helper of this.helpers) {
      while (helper.inFlight.size < BLOCKS_IN_FLIGHT && running.queue.length > 0) {
        const block = running.queue.shift() as number;
        this.send(helper, running, block);
      }
    }
  }

  private send(helper: Helper, running: Running, block: number): void {
    const { job } = running;
    if (helper.key !== job.key) {
      const [copy, transfer] = ownArrays(job.snapshot());
      helper.worker.postMessage({ type: 'snapshot', key: job.key, copy }, transfer);
      helper.key = job.key;
    }
    helper.inFlight.add(block);
    helper.worker.postMessage({ type: 'block', job: running.id, metric: job.metric, params: job.params, block });
  }

  private answer(helper: Helper, message: FromHelper): void {
    const running = this.running;
    if (!running || message.job !== running.id || !helper.inFlight.has(message.block)) return;
    if (message.type === 'progress') {
      this.report(running, message.block, message.fraction);
      return;
    }
    helper.inFlight.delete(message.block);
    if (message.type === 'error') {
      // The owner computes it again: the same error there fails the job with its real message.
      this.lose(helper, message.message);
      return;
    }
    this.keep(running, message.block, message.values);
    this.feedHelpers();
    running.wake();
  }

  /** A helper that failed is stopped; its blocks go back to the queue, in block order. */
  private lose(helper: Helper, reason: string): void {
    const index = this.helpers.indexOf(helper);
    if (index < 0) return;
    this.helpers.splice(index, 1);
    helper.worker.terminate();
    const running = this.running;
    if (running) {
      for (const block of helper.inFlight) {
        running.progress[block] = 0;
        running.queue.push(block);
      }
      running.queue.sort((a, b) => a - b);
      helper.inFlight.clear();
      running.job.onNotice?.(
        `A helper worker stopped (${reason}); its share is computed again on the ${this.helpers.length + 1} core${this.helpers.length ? 's' : ''} left. The result is the same.`,
      );
      this.feedHelpers();
      running.wake();
    }
  }

  private keep(running: Running, block: number, part: Float64Array): void {
    if (running.parts[block]) return;
    running.parts[block] = part;
    running.remaining -= 1;
    // A block done counts as its last report (its share of the units).
    this.report(running, block, running.progress[block]);
  }

  private report(running: Running, block: number, fraction: number): void {
    running.progress[block] = fraction;
    running.job.onProgress?.(Math.min(1, running.progress.reduce((sum, f) => sum + f, 0)));
  }
}
