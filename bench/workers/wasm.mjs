/**
 * The attaché wasm worker: the module the page's Web Worker runs (www/src/pkg, built by
 * scripts/build-wasm.sh with `--target web`), loaded in Node with `initSync`, driven
 * through the same `Session` API the worker uses.
 *
 * Tasks: `ingest` pushes the file in 1 MiB chunks and calls `finish()`, which also builds
 * the snapshot (the page cannot have one without the other); `csr` rebuilds the snapshot
 * through `setKindWeights` (what changing the kind weights on the page does); the metrics
 * go through `compute`; `forceatlas2` is `startLayout` then `stepLayout(100)`. Each line's detail carries the wasm memory at the end of the task
 * (`wasm_memory`, bytes): linear memory only grows, so the last is the peak.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { measure, parseArgs, readChunks } from './common.mjs';

// ATTACHE_PKG: another build of the module to compare (a directory like www/src/pkg).
const pkg = process.env.ATTACHE_PKG
  ? pathToFileURL(`${process.env.ATTACHE_PKG.replace(/\/$/, '')}/`)
  : new URL('../../www/src/pkg/', import.meta.url);
const { initSync, Session } = await import(new URL('attache.js', pkg));
const wasm = initSync({ module: readFileSync(new URL('attache_bg.wasm', pkg)) });

const args = parseArgs();
let session = null;

const METRICS = {
  pagerank: ['pagerank', undefined],
  hits: ['authority', undefined],
  betweenness: ['betweenness', undefined],
  betweenness_sampled: ['betweenness', { k: 100 }],
  harmonic: ['harmonic', undefined],
  coreness: ['coreness', undefined],
  louvain: ['community', undefined],
  louvain_single: ['community', { restarts: 1 }],
};

function run(task, rep) {
  if (task === 'ingest') {
    session?.free();
    session = new Session();
    session.beginFile(args.file);
    const bytes = readChunks(args.file, (chunk) => session.push(chunk));
    session.endFile();
    const summary = session.finish();
    return { bytes, accounts: summary.nodes, wasm_memory: wasm.memory.buffer.byteLength };
  }
  if (task === 'csr') {
    // Away from the defaults and back: two rebuilds, the second leaves the default snapshot.
    session.setKindWeights({ follow: 0.5 + rep * 0.01 });
    session.setKindWeights({ follow: 1 });
    return { rebuilds: 2, wasm_memory: wasm.memory.buffer.byteLength };
  }
  if (task === 'forceatlas2') {
    // As the page's map does: seeded start with Gephi's defaults for the size, then steps
    // (the page asks for a few at a time; the positions it gets back are copied out once here).
    session.resetLayout();
    const settings = session.startLayout({ seed: 1 });
    session.stepLayout(100);
    return {
      iterations: session.layoutIterations(),
      barnes_hut: settings.barnesHut,
      theta: settings.barnesHutTheta,
      wasm_memory: wasm.memory.buffer.byteLength,
    };
  }
  const metric = METRICS[task];
  if (!metric) return null;
  const [id, params] = metric;
  if (rep > 0) {
    // Computed afresh, kept nowhere: a kept column would make every later repetition free.
    session.timeTrial(id, params ?? {});
    return { wasm_memory: wasm.memory.buffer.byteLength };
  }
  // The first repetition through the column the page reads, for its details (error bounds).
  session.setParams(id, params ?? {});
  const result = session.column(id);
  const details = Object.fromEntries(result.details.map((d) => [d.id, d.value]));
  return { ...details, wasm_memory: wasm.memory.buffer.byteLength };
}

await measure(args, run);
