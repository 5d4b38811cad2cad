/**
 * The page's pool, in the wasm build: a metric that splits, computed in blocks by helper
 * copies of the snapshot (here `Snapshot` instances behind fake workers that answer in a
 * shuffled order, after random delays), kept by the session from the parts, has exactly the
 * bits the session computes alone, for 0, 1, 2, 3 or 8 helpers, and when a helper dies on
 * the way; so do the trajectories and movers over a timeline's windows, each window's
 * PageRank computed by a `WindowCopy`. A bad copy and a wrong set of parts are refused.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { held, runBlock, type Held } from '../src/helper-copy';
import { Session, Snapshot, WindowCopy, initSync } from '../src/pkg/attache.js';
import { Pool, WINDOWS_JOB, helperCount, snapshotBytes, windowsCopyBytes, type FromHelper, type HelperLike, type ToHelper } from '../src/pool';
import type { MetricParams } from '../src/protocol';

const root = fileURLToPath(new URL('../../', import.meta.url));

beforeAll(() => {
  initSync({ module: readFileSync(root + 'www/src/pkg/attache_bg.wasm') });
});

function read(fixture: string, params: Record<string, MetricParams> = {}): Session {
  const session = new Session();
  session.beginFile(fixture, null);
  session.push(readFileSync(root + 'tests/fixtures/graphs/' + fixture));
  session.endFile();
  session.finish();
  for (const [metric, given] of Object.entries(params)) session.setParams(metric, given);
  return session;
}

/** A seeded generator, so that a failing order can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A helper worker in this process: it keeps a `Snapshot` and answers each block after a
 * random delay (so parts arrive out of order). `dieOnBlock`: the n-th block it is sent
 * makes it stop as an out-of-memory worker would.
 */
class FakeHelper implements HelperLike {
  onmessage: ((event: MessageEvent<FromHelper>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  snapshots = 0;
  private snapshot: Held | null = null;
  private dead = false;
  private blocksSeen = 0;

  constructor(
    private readonly delay: () => number,
    private readonly dieOnBlock = Number.POSITIVE_INFINITY,
  ) {}

  withdrawn = 0;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  postMessage(message: ToHelper): void {
    if (message.type === 'withdraw') {
      const key = `${message.job}:${message.block}`;
      if (this.timers.has(key)) this.withdrawn += 1;
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
      return;
    }
    if (message.type === 'snapshot') {
      this.snapshots += 1;
      this.snapshot = held(message.copy);
      return;
    }
    this.blocksSeen += 1;
    const dies = this.blocksSeen >= this.dieOnBlock;
    const key = `${message.job}:${message.block}`;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (this.dead) return;
      if (dies) {
        this.dead = true;
        this.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
        return;
      }
      const values = runBlock(this.snapshot!, message);
      this.onmessage?.({ data: { type: 'part', job: message.job, block: message.block, values } } as MessageEvent<FromHelper>);
    }, this.delay());
    this.timers.set(key, timer);
  }

  terminate(): void {
    this.dead = true;
  }
}

async function computeWithPool(session: Session, metric: string, pool: Pool, notices: string[] = []): Promise<Float64Array> {
  const blocks = session.splitPlan(metric);
  expect(blocks).toBeGreaterThan(1);
  const parts = await pool.run({
    metric,
    params: session.params(metric),
    blocks: blocks!,
    key: session.snapshotKey(),
    snapshot: () => ({ kind: 'graph', ...session.snapshotParts() }),
    runHere: (block, report) => session.runBlock(metric, block, (_phase: string, fraction: number) => report(fraction)),
    onNotice: (message) => notices.push(message),
  });
  session.acceptBlocks(metric, parts);
  // Kept now: it no longer splits, and `column` serves the merged parts.
  expect(session.splitPlan(metric)).toBeUndefined();
  return session.column(metric).values;
}

const bits = (values: Float64Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length * 2));

const CASES: { name: string; fixture: string; metric: string; params?: MetricParams }[] = [
  { name: 'exact betweenness', fixture: 'random_300.csv', metric: 'betweenness' },
  { name: 'sampled betweenness', fixture: 'random_300.csv', metric: 'betweenness', params: { k: 40, seed: 3 } },
  { name: 'closeness', fixture: 'random_300.csv', metric: 'closeness' },
  { name: 'harmonic', fixture: 'random_300.csv', metric: 'harmonic' },
  { name: 'Louvain restarts', fixture: 'planted_200.csv', metric: 'community', params: { restarts: 5 } },
];

describe('a split computed across the pool', () => {
  for (const { name, fixture, metric, params } of CASES) {
    it(`gives the bits computed alone: ${name}`, async () => {
      const given = params ? { [metric]: params } : {};
      const alone = bits(read(fixture, given).column(metric).values);
      for (const [helpers, seed] of [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [8, 5],
      ]) {
        const next = random(seed);
        const pool = new Pool(() => new FakeHelper(() => Math.floor(next() * 4)));
        pool.resize(helpers);
        const session = read(fixture, given);
        expect(bits(await computeWithPool(session, metric, pool)), `${helpers} helpers`).toEqual(alone);
        pool.close();
      }
    });
  }

  it('blocks computed in any order by separate copies merge into the same column', () => {
    const session = read('random_300.csv');
    const alone = bits(read('random_300.csv').column('harmonic').values);
    const parts = session.snapshotParts();
    const copies = [0, 1].map(() => new Snapshot(parts.nodeCount, parts.offsets, parts.neighbours, parts.weights));
    const blocks = session.splitPlan('harmonic')!;
    const order = Array.from({ length: blocks }, (_, block) => block);
    const next = random(9);
    order.sort(() => next() - 0.5);
    const computed = new Array<Float64Array>(blocks);
    order.forEach((block, i) => (computed[block] = copies[i % 2].runBlock('harmonic', {}, block)));
    session.acceptBlocks('harmonic', computed);
    expect(bits(session.column('harmonic').values)).toEqual(alone);
  });

  it('sends each helper the snapshot once per key, and again when the kind weights change it', async () => {
    const session = read('random_300.csv');
    const helpers: FakeHelper[] = [];
    const pool = new Pool(() => {
      const helper = new FakeHelper(() => 0);
      helpers.push(helper);
      return helper;
    });
    pool.resize(2);
    await computeWithPool(session, 'closeness', pool);
    await computeWithPool(session, 'harmonic', pool);
    expect(helpers.map((h) => h.snapshots)).toEqual([1, 1]);
    const keyBefore = session.snapshotKey();
    session.setKindWeights({ follow: 0.5 });
    expect(session.snapshotKey()).not.toEqual(keyBefore);
    await computeWithPool(session, 'closeness', pool);
    expect(helpers.map((h) => h.snapshots)).toEqual([2, 2]);
    pool.close();
  });

  it('loses a helper that dies, says so, and still gives the same bits', async () => {
    const alone = bits(read('random_300.csv').column('betweenness').values);
    const session = read('random_300.csv');
    let spawned = 0;
    const pool = new Pool(() => new FakeHelper(() => 1, spawned++ === 0 ? 3 : Number.POSITIVE_INFINITY));
    pool.resize(2);
    const notices: string[] = [];
    expect(bits(await computeWithPool(session, 'betweenness', pool, notices))).toEqual(alone);
    expect(pool.size).toBe(1);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/helper worker stopped \(out of memory\).*2 cores left/);
  });

  it('takes back blocks a slow helper has not started, with the same bits', async () => {
    const alone = bits(read('random_300.csv').column('closeness').values);
    const session = read('random_300.csv');
    const slow = new FakeHelper(() => 1000);
    const pool = new Pool(() => slow);
    pool.resize(1);
    // The helper answers late: the owner computes the blocks, then takes back those the
    // helper holds but has not started (all but the first), and waits only for that one.
    expect(bits(await computeWithPool(session, 'closeness', pool))).toEqual(alone);
    expect(slow.withdrawn).toBe(2);
    pool.close();
  });

  it('handles networks too small to split: one account, no edges, one edge', async () => {
    const cases: [string, string][] = [
      ['lonely.csv', 'id,label\nsolo,Solo\n'],
      ['pair.csv', 'source,target\na,b\n'],
      ['triangle.csv', 'source,target\na,b\nb,c\nc,a\n'],
    ];
    for (const [name, text] of cases) {
      for (const metric of ['betweenness', 'closeness', 'harmonic', 'community']) {
        const fresh = () => {
          const session = new Session();
          session.beginFile(name, null);
          session.push(new TextEncoder().encode(text));
          session.endFile();
          session.finish();
          return session;
        };
        const alone = bits(fresh().column(metric).values);
        const session = fresh();
        const pool = new Pool(() => new FakeHelper(() => 0));
        pool.resize(2);
        const blocks = session.splitPlan(metric);
        if (blocks !== undefined) {
          const parts = await pool.run({
            metric,
            params: session.params(metric),
            blocks,
            key: session.snapshotKey(),
            snapshot: () => ({ kind: 'graph', ...session.snapshotParts() }),
            runHere: (block) => session.runBlock(metric, block),
          });
          session.acceptBlocks(metric, parts);
        }
        expect(bits(session.column(metric).values), `${name} ${metric}`).toEqual(alone);
        pool.close();
      }
    }
  });

  it('refuses a bad copy of the snapshot', () => {
    const parts = read('random_300.csv').snapshotParts();
    const offsets = parts.offsets.slice();
    offsets[5] = offsets[offsets.length - 1] + 10;
    expect(() => new Snapshot(parts.nodeCount, offsets, parts.neighbours, parts.weights)).toThrow();
    const neighbours = parts.neighbours.slice();
    neighbours[0] = parts.nodeCount + 7;
    expect(() => new Snapshot(parts.nodeCount, parts.offsets, neighbours, parts.weights)).toThrow();
    expect(() => new Snapshot(parts.nodeCount, parts.offsets, parts.neighbours, parts.weights.subarray(1))).toThrow();
  });

  it('refuses parts that are not the split: too few, or of the wrong length', () => {
    const session = read('random_300.csv');
    const blocks = session.splitPlan('closeness')!;
    const parts = Array.from({ length: blocks }, (_, block) => session.runBlock('closeness', block));
    expect(() => session.acceptBlocks('closeness', parts.slice(1))).toThrow();
    const short = parts.map((part, block) => (block === 0 ? part.subarray(1) : part));
    expect(() => session.acceptBlocks('closeness', short)).toThrow();
    // Nothing was kept from the refused parts; the right ones are accepted.
    expect(session.splitPlan('closeness')).toBe(blocks);
    session.acceptBlocks('closeness', parts);
    expect(bits(session.column('closeness').values)).toEqual(bits(read('random_300.csv').column('closeness').values));
  });
});

/**
 * 200 accounts over nine weeks of 2024 (the fourth empty), with retweets, replies, quotes
 * and mentions; the kind weights leave mentions out, so some timed interactions are no edge.
 */
function timedSession(seed: number): Session {
  const next = random(seed);
  const kinds = ['retweet', 'reply', 'quote', 'mention'];
  const lines = ['source,target,type,timestamp'];
  const monday = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 2400; i++) {
    const week = [0, 1, 2, 4, 5, 6, 7, 8][i % 8];
    const time = new Date(monday + (week * 7 + next() * 7) * 86_400_000).toISOString();
    const source = Math.floor(next() * 200);
    const target = Math.floor(next() ** 2 * 200);
    if (source !== target) lines.push(`u${source},u${target},${kinds[i % 4]},${time}`);
  }
  const session = new Session();
  session.beginFile('timed.csv', null);
  session.push(new TextEncoder().encode(lines.join('\n') + '\n'));
  session.endFile();
  session.finish();
  session.setKindWeights({ mention: 0, quote: 0.5 });
  return session;
}

async function windowsWithPool(session: Session, pool: Pool, notices: string[] = []): Promise<void> {
  const windows = session.windowSplitPlan('week', 'pagerank');
  expect(windows).toBe(9);
  const parts = await pool.run({
    metric: WINDOWS_JOB,
    params: {},
    blocks: windows!,
    key: session.windowKey('week'),
    snapshot: () => ({ kind: 'windows', ...session.windowParts('week') }),
    runHere: (window, report) => session.runWindow('week', window, (_phase: string, fraction: number) => report(fraction)),
    onNotice: (message) => notices.push(message),
  });
  session.acceptWindows('week', parts);
  // Kept now: nothing more to split, and the answers read the kept scores.
  expect(session.windowSplitPlan('week', 'pagerank')).toBeUndefined();
}

/** What the time view asks of the windows: every account's trajectory, groups, movers. */
function timeAnswers(session: Session): unknown {
  const everyone = Uint32Array.from({ length: session.accountIds().length }, (_, a) => a);
  const trajectories = session.trajectories('week', 'pagerank', everyone).map((t) => [t.name, bits(Float64Array.from(t.scores)), [...t.ranks]]);
  const movers = session.movers('week', 'pagerank', 2, 4, 10);
  return { trajectories, movers };
}

describe("a timeline's windows computed across the pool", () => {
  it('give the trajectories and movers computed alone, for 0 to 8 helpers and a helper lost', async () => {
    const alone = timeAnswers(timedSession(21));
    expect(JSON.stringify(alone)).toContain('"rank_from"');
    // The lost helper dies on the first block it is sent: the pool never takes back a
    // helper's only block in flight, so that block is sure to be answered, by dying.
    for (const [helpers, seed, dieOnBlock] of [
      [0, 1, Infinity],
      [1, 2, Infinity],
      [2, 3, Infinity],
      [3, 4, 1],
      [8, 5, Infinity],
    ]) {
      const next = random(seed);
      let spawned = 0;
      const pool = new Pool(() => new FakeHelper(() => Math.floor(next() * 4), spawned++ === 0 ? dieOnBlock : Infinity));
      pool.resize(helpers);
      const session = timedSession(21);
      const notices: string[] = [];
      await windowsWithPool(session, pool, notices);
      expect(timeAnswers(session), `${helpers} helpers`).toEqual(alone);
      expect(notices, `${helpers} helpers`).toHaveLength(dieOnBlock === Infinity ? 0 : 1);
      pool.close();
    }
  });

  it('are computed again when the kind weights or the PageRank settings change', async () => {
    const session = timedSession(22);
    const pool = new Pool(() => new FakeHelper(() => 0));
    pool.resize(2);
    await windowsWithPool(session, pool);
    const key = session.windowKey('week');
    session.setKindWeights({ mention: 1 });
    expect(session.windowKey('week')).not.toEqual(key);
    await windowsWithPool(session, pool);
    const reference = timedSession(22);
    reference.setKindWeights({ mention: 1 });
    expect(timeAnswers(session)).toEqual(timeAnswers(reference));
    session.setParams('pagerank', { alpha: 0.7 });
    reference.setParams('pagerank', { alpha: 0.7 });
    await windowsWithPool(session, pool);
    expect(timeAnswers(session)).toEqual(timeAnswers(reference));
    pool.close();
  });

  it('refuses a bad copy, a block sent to the wrong copy, and parts that are not the windows', () => {
    const session = timedSession(23);
    const parts = session.windowParts('week');
    const copy = (change: Partial<typeof parts>) => {
      const p = { ...parts, ...change };
      return new WindowCopy(p.nodeCount, p.offsets, p.actors, p.targets, p.weights, p.interactions, p.alpha, p.tolerance, p.maxIterations, p.seeds);
    };
    expect(() => copy({ nodeCount: 10 })).toThrow(/past the 10 accounts/);
    expect(() => copy({ weights: parts.weights.subarray(1) })).toThrow();
    expect(() => copy({ seeds: Uint32Array.from([parts.nodeCount]) })).toThrow(/seed/);
    const good = copy({});
    expect(() => good.runWindow(99)).toThrow(/no window 99/);
    const block = { type: 'block', job: 1, metric: 'closeness', params: {}, block: 0 } as const;
    expect(() => runBlock(good, block)).toThrow(/holding another copy/);
    expect(good.runWindow(3)).toHaveLength(0);

    const computed = Array.from({ length: 9 }, (_, w) => good.runWindow(w));
    expect(() => session.acceptWindows('week', computed.slice(1))).toThrow(/8 parts for 9 windows/);
    const filled = computed.map((part, w) => (w === 3 ? new Float64Array(parts.nodeCount) : part));
    expect(() => session.acceptWindows('week', filled)).toThrow(/window 3/);
    expect(session.windowSplitPlan('week', 'pagerank')).toBe(9);
    session.acceptWindows('week', computed);
    expect(timeAnswers(session)).toEqual(timeAnswers(timedSession(23)));
  });

  it('split only PageRank: in-degree and in-strength cost one pass', () => {
    const session = timedSession(24);
    expect(session.windowSplitPlan('week', 'in_degree')).toBeUndefined();
    expect(session.windowSplitPlan('week', 'in_strength')).toBeUndefined();
  });
});

describe('the pool size', () => {
  it('is the cores less one, at most 8, and fewer when the budget cannot hold another copy', () => {
    const gib = 1024 ** 3;
    expect(helperCount(1, 1000, 5000, gib)).toBe(0);
    expect(helperCount(2, 1000, 5000, gib)).toBe(1);
    expect(helperCount(16, 1000, 5000, gib)).toBe(8);
    // 1M accounts and 10M interactions: ~0.24 GB per copy plus working arrays.
    expect(snapshotBytes(1e6, 1e7)).toBeGreaterThan(0.2e9);
    expect(helperCount(8, 1e6, 1e7, 2 * gib)).toBe(5);
    expect(helperCount(8, 1e6, 1e7, 0.1 * gib)).toBe(0);
    // A helper may hold a copy of the windows instead: 16 bytes per interaction more.
    expect(windowsCopyBytes(1e7)).toBe(1.6e8);
    expect(helperCount(8, 1e6, 1e7, 2 * gib, 1e7)).toBe(3);
    expect(helperCount(2, 1000, 5000, gib, 8000)).toBe(1);
  });
});
