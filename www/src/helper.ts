/// <reference lib="webworker" />
/**
 * A helper worker of the pool (see pool.ts): its own instance of the wasm module and a
 * copy of the owner's snapshot (or of a timeline's windows), on which it computes the
 * blocks it is sent. It keeps no session: the split is planned from the same snapshot and
 * parameters the owner's is, a window scored with the owner's settings, so the parts merge
 * into what the owner computes alone, exactly.
 */
import { held, runBlock, type Held } from './helper-copy';
import init from './pkg/attache.js';
import { nextTask, type FromHelper, type ToHelper } from './pool';

declare const self: DedicatedWorkerGlobalScope;

const ready = init();
let snapshot: Held | null = null;
/** Why the last snapshot could not be kept (the core refuses a bad copy). */
let refused: string | null = null;
/** Blocks this helper has computed, by job (a metric, or `windows`): the tests read it. */
const computed: Record<string, number> = {};
(self as unknown as { computed: Record<string, number> }).computed = computed;

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
      snapshot = held(message.copy);
      refused = null;
    } catch (error) {
      refused = error instanceof Error ? error.message : String(error);
    }
    return;
  }
  const { job, block } = message;
  try {
    if (!snapshot) throw new Error(refused ?? 'no snapshot was sent before the block');
    const values = runBlock(snapshot, message, throttled(job, block));
    computed[message.metric] = (computed[message.metric] ?? 0) + 1;
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
