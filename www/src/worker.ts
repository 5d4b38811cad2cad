/// <reference lib="webworker" />
/**
 * The analysis worker: the only owner of the wasm instance, whose core `Session` holds
 * everything (settings, kept columns, the layout). It reads files in chunks
 * (File.stream()), so a large file never sits whole in memory twice, forwards the page's
 * requests to the session, runs the layout in batches that stream positions to the page,
 * and posts exports. It keeps no state of the analysis and no invalidation rules of its
 * own. A panic in the core aborts the instance: the worker reports it as fatal and the
 * page replaces the worker.
 */
import init, { Session, catalogue, lastPanic, needsRandomAccess, previewTable, rankDescending, readAnalysis } from './pkg/attache.js';
import type {
  Detail,
  FileOptions,
  FileReport,
  KindWeights,
  LayoutSettingsPatch,
  MetricInfo,
  MetricParams,
  QueryRequest,
  QueryResults,
  SortKey,
  WorkerRequest,
  WorkerResponse,
} from './protocol';
import type * as api from './generated/api';
import { Pool, WINDOWS_JOB, helperCount, type HelperCopy } from './pool';
import { packStrings } from './strings';
import { TINY_NETWORK } from './tiny';

declare const self: DedicatedWorkerGlobalScope;

const ready = init();
let session: Session | null = null;
/** Account ids in account order, read once per session. */
let accountIds: string[] = [];
/** The columns the loaded files brought (a scores table's), listed after the catalogue. */
let importedColumns: MetricInfo[] = [];
/** The running layout, if any: the request that started it, and whether to stop. */
let layoutRun: { id: number; stop: boolean } | null = null;
/** Aim for batches of about this many milliseconds between position updates. */
const LAYOUT_BATCH_MS = 40;
/** The helper workers that compute the blocks of metrics that split (see pool.ts). */
const pool = new Pool(() => new Worker(new URL('./helper.ts', import.meta.url), { type: 'module', name: 'attache-helper' }));
/** The most cores one split may use, counting this worker: 8 helpers beside it. */
const MOST_CORES = 9;
/** The cores the user lets the analysis use (this worker counted); the device's by default. */
let coresWanted = availableCores();
/** Sessions loaded so far: a snapshot's key is only a key within one session. */
let generation = 0;
/** What the loaded network's size and the memory budget allow the pool. */
let poolLimits = { nodes: 0, edges: 0, interactions: 0, budget: 0 };

function post(message: WorkerResponse, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

function current(): Session {
  if (!session) throw new Error('no data loaded yet');
  return session;
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

/**
 * The most memory ingest may hold by default: a quarter of the device's memory as the
 * browser reports it (Chromium rounds and caps `navigator.deviceMemory` at 8 GiB), at most
 * 2 GiB, so that the snapshot, the metrics and the layout still fit in wasm32's 4 GiB and
 * the tab is not the one the browser kills. Past it, reading stops with a warning saying
 * how far it got and what to do, and what was read is analysed.
 */
function defaultMemoryBudget(): number {
  const deviceGiB = (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? 8;
  return Math.min(2, deviceGiB / 4) * 1024 ** 3;
}

async function load(
  id: number,
  files: File[],
  options: (FileOptions | null)[] = [],
  memoryBudget?: number,
  analysis?: string,
  cores?: number,
): Promise<void> {
  if (cores !== undefined) coresWanted = clampCores(cores);
  generation += 1;
  pool.forgetSnapshots();
  if (layoutRun) layoutRun.stop = true;
  layoutRun = null;
  session?.free();
  session = new Session();
  const budget = memoryBudget ?? defaultMemoryBudget();
  session.setMemoryBudget(budget);
  // Before the files: the analysis file says how to read them, and checks their hashes.
  if (analysis !== undefined) session.applyAnalysis(analysis);
  accountIds = [];
  importedColumns = [];
  const progress = throttled(id);
  const bytesTotal = files.reduce((sum, file) => sum + file.size, 0);
  let bytesRead = 0;
  const reports: FileReport[] = [];
  for (const [index, file] of files.entries()) {
    const fileOptions = options[index] ?? null;
    if (!fileOptions && (await isArchive(file))) {
      // A ZIP is read by random access: the core reads its directory, then only the members it needs.
      const base = bytesRead;
      const readAt = (offset: number, length: number): Uint8Array => {
        const bytes = readSlice(file, offset, length);
        const done = base + Math.min(offset + length, file.size);
        progress(`Reading ${file.name}`, bytesTotal ? done / bytesTotal : 1, { bytesRead: done, bytesTotal });
        return bytes;
      };
      reports.push(...session.ingestArchive(file.name, file.size, readAt));
      bytesRead += file.size;
      continue;
    }
    // The same content dropped twice is read once (the core says so in its report).
    const repeat = session.skipIfRepeat(file.name, file.size, (offset: number, length: number) => readSlice(file, offset, length));
    if (repeat) {
      reports.push(repeat);
      bytesRead += file.size;
      continue;
    }
    session.beginFile(file.name, fileOptions);
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      session.push(value);
      bytesRead += value.byteLength;
      progress(`Reading ${file.name}`, bytesTotal ? bytesRead / bytesTotal : 1, { bytesRead, bytesTotal });
    }
    reports.push(session.endFile());
  }
  progress('Building the network', 1, { bytesRead, bytesTotal });
  const summary = session.finish();
  accountIds = session.accountIds();
  importedColumns = session.importedColumns();
  const interactions = Object.values(summary.interactions).reduce((sum, count) => sum + (count ?? 0), 0);
  poolLimits = { nodes: summary.nodes, edges: summary.edges, interactions, budget };
  pool.resize(helpersAllowed());
  post({ type: 'loaded', id, summary, settings: { kindWeights: kindWeights(session), params: allParams(session) } });
}

/** The device's logical cores as the browser reports them, at most {@link MOST_CORES}. */
function availableCores(): number {
  return clampCores(navigator.hardwareConcurrency || 1);
}

function clampCores(cores: number): number {
  return Math.max(1, Math.min(MOST_CORES, Math.floor(cores) || 1));
}

/** Helpers for the cores wanted, fewer when the memory budget cannot hold their copies. */
function helpersAllowed(): number {
  return helperCount(coresWanted, poolLimits.nodes, poolLimits.edges, poolLimits.budget, poolLimits.interactions);
}

/** Sets the cores to use (when given) and says how many are in use. */
function cores(wanted?: number): QueryResults['cores'] {
  if (wanted !== undefined) {
    coresWanted = clampCores(wanted);
    if (session) pool.resize(helpersAllowed());
  }
  const helpers = session ? pool.size : Math.max(0, coresWanted - 1);
  return { wanted: coresWanted, available: availableCores(), using: helpers + 1, limitedByMemory: session !== null && helpers < coresWanted - 1 };
}

function kindWeights(running: Session): KindWeights {
  return running.kindWeights() as KindWeights;
}

/** The parameters set for every lens (those at their defaults left out). */
function allParams(running: Session): Record<string, MetricParams> {
  const entries = catalogue()
    .map(({ id }) => [id, running.params(id)] as const)
    .filter(([, params]) => Object.keys(params).length > 0);
  return Object.fromEntries(entries);
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

/**
 * Each metric's column under the settings in force (the session keeps them); progress
 * across all. A metric that splits is computed across the pool first, then kept by the
 * session from its parts (the same bits as computing it here alone).
 */
async function ensureColumns(id: number, metrics: string[]): Promise<{ values: Float64Array; details: Detail[] }[]> {
  const progress = throttled(id);
  const found = [];
  for (const [index, metric] of metrics.entries()) {
    const onProgress = (phase: string, fraction: number) => progress(phase, (index + fraction) / metrics.length);
    await computeAcrossPool(id, metric, onProgress);
    found.push(current().column(metric, onProgress));
  }
  return found;
}

async function computeAcrossPool(id: number, metric: string, onProgress: (phase: string, fraction: number) => void): Promise<void> {
  const running = current();
  if (pool.size === 0) return;
  const blocks = running.splitPlan(metric);
  if (blocks === undefined) return;
  const split = {
    job: metric,
    params: running.params(metric),
    blocks,
    key: running.snapshotKey(),
    phase: 'Computing',
    copy: (): HelperCopy => ({ kind: 'graph', ...running.snapshotParts() }),
    runHere: (block: number, report: Report) => running.runBlock(metric, block, report),
  };
  running.acceptBlocks(metric, await runAcrossPool(id, split, onProgress));
}

/**
 * The PageRank of every window of `width` computed across the pool, one window per block,
 * and kept by the session, which the trajectories and movers then read (the same bits as
 * computing them here alone). Nothing to do for the metrics a pass computes, for one
 * window, when the scores are kept already or too large to keep.
 */
async function computeWindowsAcrossPool(id: number, width: api.WindowWidth, metric: api.WindowMetric): Promise<void> {
  const running = current();
  if (pool.size === 0) return;
  const windows = running.windowSplitPlan(width, metric);
  if (windows === undefined) return;
  const split = {
    job: WINDOWS_JOB,
    params: {},
    blocks: windows,
    key: running.windowKey(width),
    phase: 'Windows',
    copy: (): HelperCopy => ({ kind: 'windows', ...running.windowParts(width) }),
    runHere: (window: number, report: Report) => running.runWindow(width, window, report),
  };
  running.acceptWindows(width, await runAcrossPool(id, split, throttled(id)));
}

type Report = (phase: string, fraction: number) => void;

/** One split as the session plans it: the job's blocks, the copy helpers need, a block computed here. */
interface Split {
  job: string;
  params: MetricParams;
  blocks: number;
  /** The session's key of the copy (the data generation is added here). */
  key: string;
  /** What the progress bar says until a block names its phase. */
  phase: string;
  copy: () => HelperCopy;
  runHere: (block: number, report: Report) => Float64Array;
}

/**
 * Every part of `split`, in block order, computed across the pool and here, with one
 * progress bar and the pool's notices. The copy is made once, when a helper first needs
 * it, and dropped with this call.
 */
async function runAcrossPool(id: number, split: Split, onProgress: Report): Promise<Float64Array[]> {
  let phase = split.phase;
  let copy: HelperCopy | null = null;
  return pool.run({
    metric: split.job,
    params: split.params,
    blocks: split.blocks,
    key: `${generation}:${split.key}`,
    snapshot: () => (copy ??= split.copy()),
    runHere: (block, report) =>
      split.runHere(block, (blockPhase, fraction) => {
        phase = blockPhase;
        report(fraction);
      }),
    onProgress: (fraction) => onProgress(phase, fraction),
    onNotice: (message) => post({ type: 'notice', id, message }),
  });
}

/** The index's pillars as the page's legend shows them. */
function pillars(id: number): QueryResults['pillars'] {
  const progress = throttled(id);
  const index = current().influenceIndex((phase: string, fraction: number) => progress(phase, fraction));
  const summaries = index.pillars.map(({ pillar, present, source, weight, accounts_with_value }) => ({
    pillar,
    present,
    source,
    weight,
    accounts_with_value,
  }));
  return { pillars: summaries, missing: index.missing };
}

/** Hands kind weights and parameters to the session, which decides what they make stale. */
function configure(request: Extract<QueryRequest, { type: 'configure' }>): QueryResults['configure'] {
  const running = current();
  let graphChanged = false;
  if (request.kindWeights) graphChanged = running.setKindWeights(request.kindWeights);
  // The layout ran on the old graph: the session dropped it; stop the loop driving it.
  if (graphChanged) stopLayout();
  for (const [metric, given] of Object.entries(request.params ?? {})) running.setParams(metric, given ?? {});
  return { kindWeights: kindWeights(running), graphChanged };
}

/** Times a small sample of betweenness sources (by the core's clock) and scales it to the budget. */
function calibrate(budgetMs: number): QueryResults['calibrate'] {
  const accounts = accountIds.length;
  const sample = Math.min(accounts, 16);
  if (sample < 2) return { k: 0, accounts, perSourceMs: 0 };
  const perSourceMs = Math.max(1e-3, current().timeTrial('betweenness', { k: sample, seed: 0 }) / sample);
  const affordable = Math.floor(budgetMs / perSourceMs);
  // The exact value when the whole network fits in the budget (k = 0 means exact).
  return { k: affordable >= accounts ? 0 : Math.max(2, affordable), accounts, perSourceMs };
}

/** Answers the analyses that return one value. */
function query(request: Exclude<QueryRequest, { type: 'preview' }> & { id: number }): unknown {
  const progress = throttled(request.id);
  const onProgress = (phase: string, fraction: number) => progress(phase, fraction);
  switch (request.type) {
    case 'configure':
      return configure(request);
    case 'settings':
      return current().settings(request.lenses);
    case 'read-analysis':
      return readAnalysis(request.text);
    case 'pillars':
      return pillars(request.id);
    case 'explain':
      return current().explain(request.account, request.lenses, request.contributors, onProgress);
    case 'groups':
      return current().groups(request.by, request.top, onProgress);
    case 'group-topics':
      return current().groupTopics(request.by, request.top, onProgress);
    case 'topics':
      return current().topics(request.account ?? undefined, request.top);
    case 'windows':
      return current().windows(request.width);
    case 'trajectories':
      return current().trajectories(request.width, request.metric, Uint32Array.from(request.accounts), onProgress);
    case 'group-trajectories':
      return current().groupTrajectories(request.width, request.metric, request.by, onProgress);
    case 'movers':
      return current().movers(request.width, request.metric, request.from, request.to, request.top, onProgress);
    case 'coordination':
      current().setPseudonyms(request.salt ?? undefined);
      return current().coordination(request.options, onProgress);
    case 'calibrate':
      return calibrate(request.budgetMs);
    case 'owner':
      return current().ownerView();
    case 'warnings':
      current().setPseudonyms(request.salt ?? undefined);
      return current().warnings();
    case 'structure':
      return current().structure();
    case 'gatekeeping':
      return current().gatekeeping(request.account);
    case 'attention-path':
      return current().attentionPath(request.from, request.to);
    case 'cores':
      return cores(request.cores);
  }
}

/** The first 64 KB of a table are enough to guess its shape and show its first rows. */
async function preview(file: File, options: Extract<QueryRequest, { type: 'preview' }>['options']) {
  const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  return previewTable(head, options ?? null);
}

async function scores(id: number, metrics: string[]): Promise<void> {
  const columns = (await ensureColumns(id, metrics)).map((c) => c.values.slice());
  const ids = packStrings(accountIds);
  const labels = packStrings(current().accountLabels());
  const order = rankDescending(columns[0] ?? new Float64Array(ids.ends.length));
  const attributeKeys = current().attributeKeys();
  post({ type: 'scores', id, packedIds: ids, packedLabels: labels, metrics, columns, order, attributeKeys }, [
    ...columns.map((column) => column.buffer),
    order.buffer,
    ids.ends.buffer,
    labels.ends.buffer,
  ]);
}

async function columns(id: number, metrics: string[]): Promise<void> {
  const found = await ensureColumns(id, metrics);
  const values = found.map((c) => c.values.slice());
  post(
    { type: 'columns', id, metrics, columns: values, details: found.map((c) => c.details) },
    values.map((v) => v.buffer),
  );
}

/**
 * Account indices by a metric (the core's ranking) or alphabetically; ties in account
 * order. With a salt, names are the aliases: sorting by the hidden names would leak them.
 */
async function order(id: number, sort: SortKey, salt?: string): Promise<Uint32Array> {
  if (sort.key === 'label' || sort.key === 'id') {
    const texts = salt ? current().aliases(salt) : sort.key === 'label' ? current().accountLabels() : accountIds;
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    const indices = Array.from(texts.keys());
    const sign = sort.descending ? -1 : 1;
    indices.sort((a, b) => sign * collator.compare(texts[a], texts[b]) || a - b);
    return Uint32Array.from(indices);
  }
  const [{ values }] = await ensureColumns(id, [sort.key]);
  // Ascending: rank the negated values, which keeps ties in account order and NaN last.
  return rankDescending(sort.descending ? values : values.map((v) => -v));
}

function graph(id: number): void {
  const edges = current().edges();
  const attributes: Record<string, ReturnType<Session['attribute']>> = {};
  for (const key of current().attributeKeys()) attributes[key] = current().attribute(key);
  post({ type: 'graph', id, edges, attributes }, [
    edges.sources.buffer,
    edges.targets.buffer,
    edges.weights.buffer,
    edges.neighbourOffsets.buffer,
    edges.neighbours.buffer,
    ...Object.values(attributes).map((a) => a.codes.buffer),
  ]);
}

async function runLayout(id: number, settings: LayoutSettingsPatch | undefined, limit?: number): Promise<void> {
  const running = current();
  const applied = running.startLayout(settings);
  if (layoutRun) {
    // Already running: it has taken the new settings; this request is done.
    post({ type: 'done', id });
    return;
  }
  if (limit === 0) {
    const positions = running.stepLayout(0);
    post({ type: 'positions', id, positions, iterations: running.layoutIterations(), settings: applied }, [positions.buffer]);
    post({ type: 'done', id });
    return;
  }
  const run = { id, stop: false };
  layoutRun = run;
  let batch = 1;
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  while (!run.stop && remaining > 0) {
    const start = performance.now();
    const steps = Math.min(batch, remaining);
    remaining -= steps;
    const positions = running.stepLayout(steps);
    const elapsed = performance.now() - start;
    // Grow or shrink the batch so that one takes about LAYOUT_BATCH_MS.
    batch = Math.max(1, Math.min(50, Math.round((batch * LAYOUT_BATCH_MS) / Math.max(elapsed, 1))));
    post({ type: 'positions', id, positions, iterations: running.layoutIterations(), settings: applied }, [
      positions.buffer,
    ]);
    // Let stop requests (and anything else) in before the next batch.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (layoutRun === run) layoutRun = null;
  post({ type: 'done', id });
}

function stopLayout(): void {
  if (layoutRun) layoutRun.stop = true;
  layoutRun = null;
}

async function exportFile(request: Extract<WorkerRequest, { type: 'export' }>): Promise<void> {
  // Computed with progress first; the session writes the export from the columns it keeps.
  await ensureColumns(request.id, request.metrics);
  const rows = await order(request.id, request.sort, request.salt);
  current().setPseudonyms(request.salt);
  const suffix = request.salt ? '-pseudonymised' : '';
  let bytes: Uint8Array;
  let name: string;
  let mime: string;
  if (request.format === 'csv') {
    bytes = current().exportCsv(request.metrics, rows);
    name = `attache-scores${suffix}.csv`;
    mime = 'text/csv';
  } else if (request.format === 'json') {
    const direction = request.sort.descending ? 'descending' : 'ascending';
    bytes = current().exportReport(request.metrics, rows, `${request.sort.key} ${direction}`);
    name = `attache-report${suffix}.json`;
    mime = 'application/json';
  } else if (request.format === 'study') {
    const progress = throttled(request.id);
    bytes = current().exportStudy(request.metrics, undefined, request.by, (phase: string, fraction: number) => progress(phase, fraction));
    name = `attache-study${suffix}.html`;
    mime = 'text/html';
  } else {
    bytes = current().exportGexf(request.metrics, request.sizes, request.colours);
    name = `attache-network${suffix}.gexf`;
    mime = 'application/gexf+xml';
  }
  post({ type: 'export', id: request.id, name, mime, bytes }, [bytes.buffer as ArrayBuffer]);
}

function exportCoordination(request: Extract<WorkerRequest, { type: 'coordination-export' }>): void {
  const progress = throttled(request.id);
  const onProgress = (phase: string, fraction: number) => progress(phase, fraction);
  current().setPseudonyms(request.salt);
  const suffix = request.salt ? '-pseudonymised' : '';
  const json = request.format === 'json';
  const bytes = json
    ? current().exportCoordinationJson(request.options, onProgress)
    : current().exportCoordinationCsv(request.options, onProgress);
  const name = `attache-coordination${json ? '' : '-pairs'}${suffix}.${request.format}`;
  post({ type: 'export', id: request.id, name, mime: json ? 'application/json' : 'text/csv', bytes }, [bytes.buffer as ArrayBuffer]);
}

/** Runs a lens on the tiny fixed network the Learn view explains it with. */
function example(id: number, metric: string): void {
  const tiny = new Session();
  try {
    tiny.beginFile('example.csv', null);
    tiny.push(new TextEncoder().encode(['source,target', ...TINY_NETWORK.map(([a, b]) => `${a},${b}`)].join('\n')));
    tiny.endFile();
    tiny.finish();
    const { values } = tiny.column(metric);
    post({ type: 'example', id, ids: tiny.accountIds(), edges: TINY_NETWORK, values }, [values.buffer]);
  } finally {
    tiny.free();
  }
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

/**
 * Requests are handled one after another, in the order sent: a request sent while files
 * load waits for the network instead of finding none. Two exceptions keep the layout
 * interactive: a running layout yields between batches (other requests run meanwhile),
 * and a stop request is handled at once.
 */
let queue: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'layout-stop') void handle(request);
  else queue = queue.then(() => handle(request));
};

function fail(id: number, error: unknown): void {
  post({ type: 'error', id, ...describe(error) });
}

async function handle(request: WorkerRequest): Promise<void> {
  try {
    await ready;
    switch (request.type) {
      case 'load':
        return await load(request.id, request.files, request.options, request.memoryBudget, request.analysis, request.cores);
      case 'scores':
        return await scores(request.id, request.metrics);
      case 'catalogue':
        return post({ type: 'catalogue', id: request.id, metrics: [...catalogue(), ...importedColumns] });
      case 'columns':
        return await columns(request.id, request.metrics);
      case 'order': {
        const rows = await order(request.id, request.sort, request.salt);
        return post({ type: 'order', id: request.id, order: rows }, [rows.buffer]);
      }
      case 'graph':
        return graph(request.id);
      case 'neighbours':
        return post({ type: 'neighbours', id: request.id, neighbours: current().neighbours(request.account) });
      case 'aliases':
        return post({ type: 'aliases', id: request.id, aliases: current().aliases(request.salt) });
      case 'layout-start':
        // Not awaited: the queue moves on while the layout runs between other requests.
        runLayout(request.id, request.settings, request.iterations).catch((error: unknown) => fail(request.id, error));
        return;
      case 'layout-stop':
        stopLayout();
        return post({ type: 'done', id: request.id });
      case 'layout-reset':
        stopLayout();
        current().resetLayout();
        return post({ type: 'done', id: request.id });
      case 'export':
        return await exportFile(request);
      case 'example':
        return example(request.id, request.metric);
      case 'coordination-export':
        return exportCoordination(request);
      case 'preview':
        return post({ type: 'result', id: request.id, value: await preview(request.file, request.options) });
      case 'trajectories':
      case 'group-trajectories':
      case 'movers':
        await computeWindowsAcrossPool(request.id, request.width, request.metric);
        return post({ type: 'result', id: request.id, value: query(request) });
      default:
        return post({ type: 'result', id: request.id, value: query(request) });
    }
  } catch (error) {
    fail(request.id, error);
  }
}
