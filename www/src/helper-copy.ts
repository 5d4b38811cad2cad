/**
 * What a helper worker computes on (see helper.ts): the core's copy of the snapshot or of
 * a timeline's windows, and a block run on it. Apart from the worker's message loop so
 * that the tests drive the same code behind fake workers.
 */
import { Snapshot, WindowCopy } from './pkg/attache.js';
import { WINDOWS_JOB, type HelperCopy, type ToHelper } from './pool';

export type Held = Snapshot | WindowCopy;

/** The core's copy from its arrays (it refuses a bad one). */
export function held(copy: HelperCopy): Held {
  if (copy.kind === 'graph') return new Snapshot(copy.nodeCount, copy.offsets, copy.neighbours, copy.weights);
  const { nodeCount, offsets, actors, targets, weights, interactions, alpha, tolerance, maxIterations, seeds } = copy;
  return new WindowCopy(nodeCount, offsets, actors, targets, weights, interactions, alpha, tolerance, maxIterations, seeds);
}

/** Block `message.block` computed on `copy`, which must be the kind of copy the job needs. */
export function runBlock(
  copy: Held,
  message: Extract<ToHelper, { type: 'block' }>,
  onProgress?: (phase: string, fraction: number) => void,
): Float64Array {
  if (copy instanceof WindowCopy !== (message.metric === WINDOWS_JOB)) {
    throw new Error(`a block of ${message.metric} was sent to a helper holding another copy`);
  }
  return copy instanceof WindowCopy
    ? copy.runWindow(message.block, onProgress)
    : copy.runBlock(message.metric, message.params, message.block, onProgress);
}
