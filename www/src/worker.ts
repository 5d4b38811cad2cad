/// <reference lib="webworker" />
/**
 * The analysis worker: the only owner of the wasm instance. It reads files in chunks
 * (File.stream()), so a large file never sits whole in memory twice, and posts
 * progress, results and errors. A panic in the core aborts the instance: the worker
 * reports it as fatal and the page replaces the worker.
 */
import init, { Session, lastPanic, needsRandomAccess, rankDescending } from './pkg/attache.js';
import type { FileReport, WorkerRequest, WorkerResponse } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const ready = init();
let session: Session | null = null;

function post(message: WorkerResponse, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

/** Posts at most ~20 progress events a second. */
function throttled(id: number): (phase: string, fraction: number, extra?: object) => void {
  let last = 0;
  return (phase, fraction, extra = {}) => {
    const now = performance.now();
    if (now - last < 50 && fraction < 1) return;
    last = now;
    post({ type: 'progress', id, phase, fraction, ...extra });
  };
}

async function load(id: number, files: File[]): Promise<void> {
  session?.free();
  session = new Session();
  const progress = throttled(id);
  const bytesTotal = files.reduce((sum, file) => sum + file.size, 0);
  let bytesRead = 0;
  const reports: FileReport[] = [];
  for (const file of files) {
    if (await isArchive(file)) {
      // A ZIP is read by random access: the core reads its directory, then only the members it needs.
      const base = bytesRead;
      const readAt = (offset: number, length: number): Uint8Array => {
        const bytes = readSlice(file, offset, length);
        const done = base + Math.min(offset + length, file.size);
        progress(`Reading ${file.name}`, bytesTotal ? done / bytesTotal : 1, { bytesRead: done, bytesTotal });
        return bytes;
      };
      reports.push(...(session.ingestArchive(file.name, file.size, readAt) as FileReport[]));
      bytesRead += file.size;
      continue;
    }
    session.beginFile(file.name);
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      session.push(value);
      bytesRead += value.byteLength;
      progress(`Reading ${file.name}`, bytesTotal ? bytesRead / bytesTotal : 1, { bytesRead, bytesTotal });
    }
    reports.push(session.endFile() as FileReport);
  }
  progress('Building the network', 1, { bytesRead, bytesTotal });
  const summary = session.finish();
  post({ type: 'loaded', id, summary });
}

/** A ZIP (by its first bytes) must be read by random access, not streamed. */
async function isArchive(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return needsRandomAccess(head);
}

let syncReader: FileReaderSync | null = null;

/** Synchronous reads are allowed in dedicated workers: the core asks for bytes as it goes. */
function readSlice(file: File, offset: number, length: number): Uint8Array {
  syncReader ??= new FileReaderSync();
  return new Uint8Array(syncReader.readAsArrayBuffer(file.slice(offset, offset + length)));
}

function scores(id: number, metrics: string[]): void {
  if (!session) throw new Error('no data loaded yet');
  const progress = throttled(id);
  const columns = metrics.map(
    (metric, index) =>
      session!.compute(metric, undefined, (phase: string, fraction: number) =>
        progress(phase, (index + fraction) / metrics.length),
      ).values as Float64Array,
  );
  const ids = session.accountIds() as string[];
  const labels = session.accountLabels() as string[];
  const order = rankDescending(columns[0] ?? new Float64Array(ids.length));
  post({ type: 'scores', id, ids, labels, metrics, columns, order }, [
    ...columns.map((column) => column.buffer),
    order.buffer,
  ]);
}

function describe(error: unknown): { message: string; fatal: boolean } {
  // A trap (RuntimeError) means the core panicked or ran out of memory: the instance is gone.
  if (error instanceof WebAssembly.RuntimeError) {
    let panic: string | undefined;
    try {
      panic = lastPanic() ?? undefined;
    } catch {
      panic = undefined;
    }
    const message = panic ?? error.message;
    return { message: `The analysis engine stopped: ${message}`, fatal: true };
  }
  return { message: error instanceof Error ? error.message : String(error), fatal: false };
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  try {
    await ready;
    if (request.type === 'load') await load(request.id, request.files);
    else if (request.type === 'scores') scores(request.id, request.metrics);
  } catch (error) {
    post({ type: 'error', id: request.id, ...describe(error) });
  }
};
