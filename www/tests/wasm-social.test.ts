/**
 * The wasm API of the influence index, explain, groups, topics, time windows and kind
 * weights under Node: the shapes the page relies on (typed arrays where columns are
 * long) and the values of a small network worked out by hand.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session, initSync } from '../src/pkg/attache.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

beforeAll(() => {
  initSync({ module: readFileSync(root + 'www/src/pkg/attache_bg.wasm') });
});

/**
 * b reposts a twice and replies to c; c mentions a; d follows a. Two weeks of March 2021.
 * Accounts in order of appearance: b (0), a (1), c (2), d (3).
 */
const CSV = `source,target,weight,type,timestamp
b,a,1,retweet,2021-03-01T10:00:00Z
b,a,1,retweet,2021-03-02T10:00:00Z
b,c,1,reply,2021-03-09T10:00:00Z
c,a,1,mention,2021-03-10T10:00:00Z
d,a,1,follow,
`;

function session(): Session {
  const s = new Session();
  s.beginFile('social.csv', null);
  s.push(new TextEncoder().encode(CSV));
  s.endFile();
  s.finish();
  return s;
}

describe('wasm social API', () => {
  it('reads and sets kind weights, refusing unknown kinds and negative weights', () => {
    const s = session();
    expect(s.settings([]).kind_weights).toEqual({ follow: 1, repost: 1, quote: 1, reply: 1, mention: 1, link: 1 });
    const before = s.column('in_strength').values[1];
    expect(s.setKindWeights({ repost: 3 })).toBe(true);
    expect(s.setKindWeights({ repost: 3 })).toBe(false);
    expect(s.settings([]).kind_weights.repost).toBe(3);
    expect(s.column('in_strength').values[1]).toBe(before + 4);
    expect(() => s.setKindWeights({ fame: 1 } as never)).toThrow(/unknown interaction kind 'fame'/);
    expect(() => s.setKindWeights({ reply: -1 })).toThrow(/≥ 0/);
  });

  it('returns the index with its pillars as typed arrays', () => {
    const s = session();
    const index = s.influenceIndex();
    expect(index.values).toBeInstanceOf(Float64Array);
    expect(index.values.length).toBe(4);
    expect(index.missing).toEqual([]);
    const reach = index.pillars.find((p) => p.pillar === 'reach')!;
    expect(reach.source).toBe('follows_in');
    expect([...reach.raw]).toEqual([0, 1, 0, 0]);
    expect(reach.percentile[1]).toBe(1);
    s.setParams('influence_index', { reach: 0, amplification: 0, conversation: 0 });
    const onlyNetwork = s.influenceIndex();
    expect(Math.max(...onlyNetwork.values)).toBe(100);
    expect(() => s.setParams('influence_index', { reach: -1 })).toThrow(/between 0 and 100/);
    expect(() => s.setParams('influence_index', { fame: 1 })).toThrow(/no parameter 'fame'/);
    // A refused setting changes nothing.
    expect(s.params('influence_index')).toEqual({ reach: 0, amplification: 0, conversation: 0 });
  });

  it('explains an account: pillars, lens ranks and who passes it PageRank', () => {
    const s = session();
    const explanation = s.explain(1, ['reposts_in', 'pagerank'], 2);
    expect(explanation.account).toEqual({ index: 1, id: 'a', label: 'a' });
    expect(explanation.index_rank).toBe(1);
    expect(explanation.lenses.map((l) => [l.id, l.value, l.rank])).toEqual([
      ['reposts_in', 2, 1],
      ['pagerank', explanation.pagerank, 1],
    ]);
    expect(explanation.in_neighbours).toBe(3);
    expect(explanation.contributors.length).toBe(2);
    const b = explanation.contributors.find((c) => c.id === 'b');
    if (b) expect(b.interactions).toEqual({ repost: 2 });
    const points = explanation.pillars.reduce((sum, p) => sum + (p.contribution ?? 0), 0);
    expect(points).toBeCloseTo(explanation.influence_index!, 12);
    expect(() => s.explain(9)).toThrow(/there is no account 9/);
  });

  it('groups by a metric column or a missing attribute, with flows and membership', () => {
    const s = session();
    const report = s.groups('in_degree', 1);
    expect(report.source).toBe('metric');
    expect(report.groups.map((g) => g.name)).toEqual(['0', '1', '3']);
    expect(report.membership).toBeInstanceOf(Uint32Array);
    expect([...report.membership]).toEqual([0, 2, 1, 0]);
    const shares = report.groups.reduce((sum, g) => sum + g.pagerank_share, 0);
    expect(shares).toBeCloseTo(1, 12);
    // b and d (in-degree 0) → a (in-degree 3): two reposts and a follow.
    const flow = report.flows.find((f) => f.from === 0 && f.to === 2)!;
    expect(flow.kinds).toEqual({ follow: 1, repost: 2 });
    const none = s.groups('country');
    expect(none.source).toBe('attribute');
    expect(none.groups.map((g) => [g.name, g.members])).toEqual([['(none)', 4]]);
  });

  it('has no topics without posts', () => {
    const s = session();
    expect(s.topics()).toEqual({ posts: 0, hashtags: [], domains: [], languages: [] });
    expect(s.groupTopics('country', 3)[0].name).toBe('(none)');
  });

  it('cuts weeks from Monday and follows ranks across them', () => {
    const s = session();
    const timeline = s.windows('week');
    expect(timeline.untimed).toBe(1);
    expect(timeline.windows.map((w) => [w.label, w.interactions])).toEqual([
      ['2021-03-01', 2],
      ['2021-03-08', 2],
    ]);
    // Two interactions a week: both thin, still the pair compared first (the rules are the core's).
    expect(timeline.windows.map((w) => w.status)).toEqual(['thin', 'thin']);
    expect(timeline.min_interactions).toBe(10);
    expect(timeline.compare).toEqual([0, 1]);
    expect([...s.windowScores('week', 0, 'in_degree')]).toEqual([0, 1, 0, 0]);
    const [a, c] = s.trajectories('week', 'in_strength', Uint32Array.from([1, 2]));
    expect([...a.scores]).toEqual([2, 1]);
    expect(a.ranks).toBeInstanceOf(Uint32Array);
    expect([...c.ranks]).toEqual([2, 1]);
    const movers = s.movers('week', 'in_strength', 0, 1, 5);
    expect(movers.risers.map((m) => [m.id, m.change])).toEqual([['c', 1]]);
    // a keeps the top (tied with c); b, active but receiving nothing, drops behind c.
    expect(movers.fallers.map((m) => [m.id, m.change])).toEqual([['b', -1]]);
    expect(s.groupTrajectories('week', 'pagerank', 'country')[0].scores[0]).toBeCloseTo(1, 9);
    expect(() => s.windows('year' as never)).toThrow(/unknown window 'year'/);
    expect(() => s.windowScores('week', 9, 'pagerank')).toThrow(/no window 9/);
  });

  it('uses the lens parameters in force everywhere: the column, the index, explain and groups', () => {
    const s = session();
    const plain = s.column('pagerank').values;
    s.setParams('pagerank', { seeds: ['d'], alpha: 0.7 });
    const seeded = s.column('pagerank').values;
    expect(seeded[1]).not.toBe(plain[1]);
    const network = s.influenceIndex().pillars.find((p) => p.pillar === 'network')!;
    expect([...network.raw]).toEqual([...seeded]);
    expect(s.explain(1).pagerank).toBe(seeded[1]);
    const shares = s.groups('in_degree').groups.map((g) => g.pagerank_share);
    const total = seeded.reduce((sum, v) => sum + v, 0);
    expect(shares[2]).toBeCloseTo(seeded[1] / total, 12);
    expect(s.settings(['pagerank']).methods).toMatch(/PageRank \(damping factor 0\.7, seed accounts: 1 account/);
    expect(() => s.setParams('pagerank', { seeds: ['nobody'] })).toThrow(/'nobody'/);
  });

  it('saves an analysis that another session replays bit for bit, and refuses a bad one whole', () => {
    const s = session();
    s.setParams('pagerank', { seeds: ['d'] });
    s.setKindWeights({ follow: 2 });
    const saved = s.settings([]).analysis_file;
    const replay = new Session();
    const opened = replay.applyAnalysis(saved);
    expect(opened.files.map((f) => f.name)).toEqual(['social.csv']);
    expect(opened.kind_weights.follow).toBe(2);
    replay.beginFile('social.csv', null);
    replay.push(new TextEncoder().encode(CSV));
    replay.endFile();
    const summary = replay.finish();
    expect(summary.warnings).toEqual([]);
    expect([...replay.column('pagerank').values]).toEqual([...s.column('pagerank').values]);

    const changed = new Session();
    changed.applyAnalysis(saved);
    changed.beginFile('social.csv', null);
    changed.push(new TextEncoder().encode(CSV + 'e,a,1,follow,\n'));
    changed.endFile();
    expect(changed.finish().warnings.map((w) => w.message).join(' ')).toMatch(/differs from the one the analysis was saved with/);

    const refused = new Session();
    expect(() => refused.applyAnalysis('{"format":"attache-analysis","version":99}')).toThrow(/version/);
    expect(() => refused.applyAnalysis('not json')).toThrow();
  });
});
