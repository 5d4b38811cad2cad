/// <reference lib="webworker" />
/**
 * A helper worker of the pool (see pool.ts): its own instance of the wasm module and a
 * copy of the owner's snapshot, on which it computes the blocks it is sent. It keeps no
 * session: the split is planned from the same snapshot and parameters the owner's is, so
 * the parts merge into the owner's column exactly.
 */
import init, { Snapshot } from './pkg/attache.js';
import { nextTask, type FromHelper, type ToHelper } from './pool';

declare const self: DedicatedWorkerGlobalScope;

const ready = init();
let snapshot: Snapshot | null = null;
/** Why the last snapshot could not be kept (the core refuses a bad copy). */
let refused: string | null = null;

function post(message: FromHelper, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

/** Progress at most ~20 times a second. */
function throttled(job: number, block: number): (phase: string, fraction: number) => void {
  let last = 0;
  return (_phase, fraction) => {
    const now = performance.now();
    if (now - last < 50) return;
    last = now;
    post({ type: 'progress', job, block, fraction });
  };
}

function handle(message: Exclude<ToHelper, { type: 'withdraw' }>): void {
  if (message.type === 'snapshot') {
    snapshot?.free();
    snapshot = null;
    try {
      snapshot = new Snapshot(message.nodeCount, message.offsets, message.neighbours, message.weights);
      refused = null;
    } catch (error) {
      refused = error instanceof Error ? error.message : String(error);
    }
    return;
  }
  const { job, block } = message;
  try {
    if (!snapshot) throw new Error(refused ?? 'no snapshot was sent before the block');
    const values = snapshot.runBlock(message.metric, message.params, block, throttled(job, block));
    post({ type: 'part', job, block, values }, [values.buffer]);
  } catch (error) {
    post({ type: 'error', job, block, message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Messages wait here in the order sent (a block after the snapshot it needs); between two
 * the helper yields a task, so that a withdrawal sent meanwhile removes a block not started.
 */
const waiting: Exclude<ToHelper, { type: 'withdraw' }>[] = [];
let pumping = false;

async function pump(): Promise<void> {
  await ready;
  while (waiting.length > 0) {
    handle(waiting.shift()!);
    await nextTask();
  }
  pumping = false;
}

self.onmessage = (event: MessageEvent<ToHelper>) => {
  const message = event.data;
  if (message.type === 'withdraw') {
    const at = waiting.findIndex((m) => m.type === 'block' && m.job === message.job && m.block === message.block);
    if (at >= 0) waiting.splice(at, 1);
    return;
  }
  waiting.push(message);
  if (!pumping) {
    pumping = true;
    void pump();
  }
};
