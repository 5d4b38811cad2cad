/**
 * What the Node workers of the benchmark share: arguments, the measuring loop and its
 * JSON-lines protocol (wall and CPU seconds per repetition: on a shared machine the CPU
 * time of a single-threaded task is the steadier figure) (the same as `attache-bench measure` and `peers.py`), peak memory
 * per task (VmHWM, reset through /proc/self/clear_refs), and a streaming reader of edge
 * lists for the peers that have no reader of their own.
 */
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';

export function parseArgs(argv = process.argv.slice(2)) {
  const option = (name, fallback) => {
    const at = argv.indexOf(name);
    return at >= 0 && at + 1 < argv.length ? argv[at + 1] : fallback;
  };
  const file = option('--file');
  if (!file) throw new Error('--file is required');
  return {
    file,
    tasks: option('--tasks', 'ingest').split(','),
    reps: Number(option('--reps', '3')),
  };
}

/** Resets the process's peak resident set (Linux); elsewhere the peak is cumulative. */
export function resetPeakMemory() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not allowed: the peak stays cumulative
  }
}

/** Peak resident set since the last reset, in bytes (0 where unknown). */
export function peakMemory() {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** A task slower than this runs once: its median would not be worth the wait. */
export const SLOW_SECONDS = 10;

/**
 * Runs each task `reps` times and prints one JSON line per task. `run(task)` returns a
 * detail object, or `null` when this tool has no such task (printed as unavailable).
 */
export async function measure({ tasks, reps }, run) {
  for (const task of tasks) {
    const seconds = [];
    const cpu = [];
    let peak = 0;
    let detail = {};
    for (let rep = 0; rep < reps; rep++) {
      resetPeakMemory();
      const started = process.hrtime.bigint();
      const cpuStarted = process.cpuUsage();
      const outcome = await run(task, rep);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpuStarted);
      peak = Math.max(peak, peakMemory());
      if (outcome === null) {
        seconds.length = 0;
        cpu.length = 0;
        detail = { unavailable: 'no such function' };
        break;
      }
      seconds.push(elapsed);
      cpu.push((used.user + used.system) / 1e6);
      detail = { ...detail, ...outcome }; // later repetitions may report less (wasm: no details)
      if (elapsed > SLOW_SECONDS) break;
    }
    process.stdout.write(`${JSON.stringify({ task, seconds, cpu, peak_rss: peak, detail })}\n`);
  }
}

/** Reads a file in 1 MiB chunks, calling `onChunk(Uint8Array)` (a view reused between calls). */
export function readChunks(path, onChunk) {
  const fd = openSync(path, 'r');
  const buffer = new Uint8Array(1 << 20);
  let total = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      total += read;
      onChunk(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return total;
}

/**
 * The `source,target` pairs of an edge list (comma, tab or space separated; a first line
 * with letters is a header), one call per row: what a peer user writes to load a CSV.
 */
export function readEdgePairs(path, onPair) {
  const decoder = new TextDecoder();
  let rest = '';
  let first = true;
  let delimiter = null;
  const line = (text) => {
    if (text.length === 0) return;
    if (delimiter === null) delimiter = text.includes(',') ? ',' : text.includes('\t') ? '\t' : ' ';
    if (first) {
      first = false;
      if (/[A-Za-z]/.test(text)) return;
    }
    const a = text.indexOf(delimiter);
    if (a < 0) return;
    let b = text.indexOf(delimiter, a + 1);
    if (b < 0) b = text.length;
    onPair(text.slice(0, a), text.slice(a + 1, b).trim());
  };
  const bytes = readChunks(path, (chunk) => {
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      line(text.slice(start, end).replace(/\r$/, ''));
      start = end + 1;
    }
    rest = text.slice(start);
  });
  line((rest + decoder.decode()).replace(/\r$/, ''));
  return bytes;
}
