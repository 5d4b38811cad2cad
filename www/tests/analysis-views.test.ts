/**
 * The pure helpers behind the second round of views: file reports, the column mapping,
 * live controls (debounce, latest only), parameter forms, filters, the ego drawing and
 * the group charts.
 */
import { describe, expect, it, vi } from 'vitest';
import { dodge } from '../src/dodge';
import { egoLayout } from '../src/ego';
import { canMapColumns, formatName, groupArchiveMembers, kindCounts, plural, reportLines } from '../src/formats';
import { flowMatrix, OTHER_GROUPS, rankGroups } from '../src/groups-data';
import { debounce, LatestOnly } from '../src/latest';
import { defaultRoles, mappingProblems, roleFor, stateFromPreview, tableOptions } from '../src/mapping';
import { readParams } from '../src/params';
import type { FileReport, Groups, ParamInfo, TablePreview } from '../src/protocol';
import { formatMetric } from '../src/ranking';
import { filterBy, receivedColumn } from '../src/search';

function report(overrides: Partial<FileReport>): FileReport {
  return {
    path: 'a.csv',
    format: 'edge_list',
    bytes: 10,
    records: 0,
    skipped: 0,
    accounts: 0,
    posts: 0,
    interactions: {},
    warnings: 0,
    node_rows: { rows: 0, matched_by_id: 0, matched_by_handle: 0, added: 0, ambiguous: 0 },
    notes: [],
    looks_undirected: false,
    ...overrides,
  };
}

describe('file reports', () => {
  it('names formats in plain words, and unknown ones by their id', () => {
    expect(formatName('twarc2')).toBe('twarc2 JSONL (X API v2)');
    expect(formatName('gexf')).toBe('GEXF (Gephi)');
    expect(formatName('some_new_format')).toBe('some new format');
  });

  it('writes kinds in the plural', () => {
    expect([plural('repost'), plural('reply'), plural('mention')]).toEqual(['reposts', 'replies', 'mentions']);
  });

  it('lists interactions by kind, most frequent first', () => {
    expect(kindCounts({ reply: 3, repost: 10, follow: 0, mention: 3 })).toBe('10 repost, 3 mention, 3 reply');
    expect(kindCounts({})).toBe('');
  });

  it('describes counts, kinds and how account rows joined', () => {
    const lines = reportLines(
      report({
        records: 2517,
        skipped: 2,
        accounts: 3,
        posts: 1,
        interactions: { follow: 4 },
        node_rows: { rows: 10, matched_by_id: 7, matched_by_handle: 1, added: 2, ambiguous: 0 },
      }),
    );
    expect(lines).toEqual([
      '2,517 records, 2 skipped; new: 3 accounts, 1 post',
      'Interactions: 4 follow',
      'Account rows: 10 rows (7 matched by id, 1 by handle, 2 added as new accounts)',
    ]);
  });

  it('puts the members read from a ZIP under it', () => {
    const files = [
      report({ path: 'x.zip', format: 'zip' }),
      report({ path: 'x.zip/data/tweets.js', format: 'x_archive' }),
      report({ path: 'other.csv' }),
      report({ path: 'x.zip/data/follower.js', format: 'x_archive' }),
    ];
    const grouped = groupArchiveMembers(files);
    expect(grouped.map((g) => [g.file.path, g.members.map((m) => m.path)])).toEqual([
      ['x.zip', ['x.zip/data/tweets.js', 'x.zip/data/follower.js']],
      ['other.csv', []],
    ]);
  });

  it('offers the mapping step for dropped tables only', () => {
    expect(canMapColumns(report({ path: 'a.csv', format: 'edge_list' }), ['a.csv'])).toBe(true);
    expect(canMapColumns(report({ path: 'n.csv', format: 'node_table' }), ['n.csv'])).toBe(true);
    expect(canMapColumns(report({ path: 'g.gexf', format: 'gexf' }), ['g.gexf'])).toBe(false);
    expect(canMapColumns(report({ path: 'x.zip/a.csv', format: 'edge_list' }), ['x.zip'])).toBe(false);
  });
});

describe('column mapping', () => {
  const preview: TablePreview = {
    format: 'edge_list',
    delimiter: ';',
    skip_rows: 0,
    has_header: true,
    shape: 'edges',
    columns: [
      { header: 'from', role: 'source' },
      { header: 'to', role: 'target' },
      { header: 'when', role: 'time' },
      { header: 'note', role: 'ignore' },
    ],
    rows: [['a', 'b', '2024-01-01', 'x']],
  };

  it('starts from the core guess and writes it back as table options', () => {
    const state = stateFromPreview(preview);
    expect(state.shape).toBe('edges');
    expect(state.roles.map((r) => r.role)).toEqual(['source', 'target', 'time', 'ignore']);
    expect(tableOptions(state)).toEqual({
      delimiter: ';',
      has_header: true,
      skip_rows: 0,
      columns: [{ role: 'source' }, { role: 'target' }, { role: 'time' }, { role: 'ignore' }],
      undirected: false,
    });
    expect(mappingProblems(state)).toEqual([]);
  });

  it('names attributes after their header, or their position', () => {
    expect(roleFor('attribute', ['id', 'Country', null], 1)).toEqual({ role: 'attribute', name: 'Country' });
    expect(roleFor('attribute', ['id', 'Country', null], 2)).toEqual({ role: 'attribute', name: 'column 3' });
    expect(defaultRoles('nodes', ['id', 'country'])).toEqual([{ role: 'id' }, { role: 'attribute', name: 'country' }]);
    expect(defaultRoles('edges', ['a', 'b', 'c']).map((r) => r.role)).toEqual(['source', 'target', 'ignore']);
  });

  it('says what is missing or doubled before the mapping can be applied', () => {
    const state = stateFromPreview(preview);
    state.roles[1] = { role: 'source' };
    expect(mappingProblems(state)).toEqual([
      'Only one column can hold the source (who acts).',
      'Choose the column that holds the target (who receives attention).',
    ]);
    const nodes = { ...state, shape: 'nodes' as const, roles: defaultRoles('nodes', state.headers) };
    nodes.roles[0] = { role: 'ignore' };
    expect(mappingProblems(nodes)).toEqual(['Choose the column that holds the account id.']);
  });

  it('keeps undirected for edge tables only', () => {
    const state = { ...stateFromPreview(preview, true) };
    expect(tableOptions(state).undirected).toBe(true);
    expect(tableOptions({ ...state, shape: 'nodes' }).undirected).toBe(false);
  });

  it('replaces a guess that does not fit the shape', () => {
    const odd = { ...preview, shape: 'nodes' as const };
    expect(stateFromPreview(odd).roles.map((r) => r.role)).toEqual(['id', 'attribute', 'attribute', 'attribute']);
  });
});

describe('live controls', () => {
  it('runs one job at a time, and of those waiting only the latest', async () => {
    const latest = new LatestOnly();
    const ran: number[] = [];
    const release: (() => void)[] = [];
    const job = (n: number) => () =>
      new Promise<void>((resolve) => {
        ran.push(n);
        release.push(resolve);
      });
    const first = latest.submit(job(1));
    const second = latest.submit(job(2));
    const third = latest.submit(job(3));
    expect(ran).toEqual([1]);
    expect(latest.busy).toBe(true);
    release[0]();
    await vi.waitFor(() => expect(ran).toEqual([1, 3]));
    release[1]();
    await Promise.all([first, second, third]);
    expect(ran).toEqual([1, 3]);
    expect(latest.busy).toBe(false);
  });

  it('keeps going after a failed job', async () => {
    const latest = new LatestOnly();
    const ran: string[] = [];
    const failing = latest.submit(async () => {
      ran.push('fails');
      throw new Error('boom');
    });
    await latest.submit(async () => void ran.push('next'));
    await failing;
    expect(ran).toEqual(['fails', 'next']);
  });

  it('debounces to the last call of a burst', () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const debounced = debounce((n: number) => calls.push(n), 100);
    debounced(1);
    debounced(2);
    vi.advanceTimersByTime(99);
    expect(calls).toEqual([]);
    debounced(3);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual([3]);
    debounced(4);
    debounced.flush();
    expect(calls).toEqual([3, 4]);
    vi.useRealTimers();
  });
});

describe('lens parameters', () => {
  const pagerank: ParamInfo[] = [
    { id: 'alpha', name: 'Damping factor', help: '', type: 'number', default: 0.85, min: 0, max: 1, integer: false },
    { id: 'seeds', name: 'Seed accounts', help: '', type: 'accounts' },
    { id: 'max_iterations', name: 'Maximum iterations', help: '', type: 'number', default: 1000, min: 1, max: 100000, integer: true },
  ];

  it('keeps what differs from the defaults, with the seeds as ids', () => {
    expect(readParams(pagerank, { alpha: '0.5', max_iterations: '' }, ['1440720000000000001'])).toEqual({
      params: { alpha: 0.5, seeds: ['1440720000000000001'] },
      errors: [],
    });
    expect(readParams(pagerank, { alpha: '0.85' }, [])).toEqual({ params: {}, errors: [] });
  });

  it('refuses values out of range, not numbers and fractions where whole numbers are needed', () => {
    const { errors } = readParams(pagerank, { alpha: '1.5', max_iterations: '2.5' }, []);
    expect(errors).toEqual(['Damping factor: between 0 and 1.', 'Maximum iterations: a whole number is needed.']);
    expect(readParams(pagerank, { alpha: 'much' }, []).errors).toEqual(['Damping factor: not a number.']);
  });
});

describe('filters', () => {
  it('keeps the accounts a predicate accepts, in order', () => {
    expect([...filterBy(Uint32Array.from([3, 1, 2, 0]), (a) => a % 2 === 1)]).toEqual([3, 1]);
  });

  it('finds the received-count column of a kind', () => {
    expect(receivedColumn('repost')).toBe('reposts_in');
    expect(receivedColumn('reply')).toBe('replies_in');
    expect(receivedColumn('follow')).toBe('follows_in');
  });

  it('shows the index with one decimal and other lenses as scores', () => {
    expect(formatMetric('influence_index', 99.8214)).toBe('99.8');
    expect(formatMetric('influence_index', Number.NaN)).toBe('–');
    expect(formatMetric('pagerank', 0.0160221)).toBe('0.0160');
  });
});

describe('ego network', () => {
  // Account 0 is the ego: 1 and 2 pay it attention, it pays 3 attention, 4 both ways.
  const neighbours = {
    incoming: Uint32Array.from([1, 2, 4]),
    incomingWeights: Float64Array.from([5, 1, 2]),
    outgoing: Uint32Array.from([3, 4]),
    outgoingWeights: Float64Array.from([1, 3]),
  };

  it('places those who only give attention left, the others right, with an arrow per direction', () => {
    const picture = egoLayout(0, neighbours);
    const byAccount = new Map(picture.nodes.map((n) => [n.account, n]));
    expect(byAccount.get(1)!.role).toBe('in');
    expect(byAccount.get(1)!.x).toBeLessThan(0);
    expect(byAccount.get(2)!.x).toBeLessThan(0);
    expect(byAccount.get(3)!.x).toBeGreaterThan(0);
    expect(byAccount.get(4)!.role).toBe('both');
    expect(byAccount.get(4)!.y).toBeGreaterThan(byAccount.get(3)!.y);
    const links = picture.links.map((l) => [l.source, l.target, l.weight]);
    expect(links).toEqual(
      expect.arrayContaining([
        [1, 0, 5],
        [2, 0, 1],
        [4, 0, 2],
        [0, 4, 3],
        [0, 3, 1],
      ]),
    );
    expect(picture.links).toHaveLength(5);
    for (const node of picture.nodes) expect(Math.hypot(node.x, node.y)).toBeCloseTo(1, 12);
  });

  it('keeps the strongest neighbours and counts the others', () => {
    const picture = egoLayout(0, neighbours, 2);
    expect(picture.nodes.map((n) => n.account).sort()).toEqual([1, 4]);
    expect(picture.hidden).toBe(2);
  });
});

describe('group charts', () => {
  const reportOf = (sizes: number[]): Groups => ({
    by: 'country',
    source: 'attribute',
    index_column: 'influence_index',
    pagerank_column: 'pagerank',
    groups: sizes.map((members, i) => ({
      name: `G${i}`,
      members,
      index_sum: members * 10,
      index_median: i === 2 ? null : 50 - i,
      pagerank_share: members / 100,
      top_members: [],
    })),
    flows: [
      { from: 0, to: 1, kinds: { repost: 3, reply: 1 }, total: 4 },
      { from: 2, to: 1, kinds: { repost: 2 }, total: 2 },
      { from: 3, to: 1, kinds: { repost: 5 }, total: 5 },
      { from: 3, to: 2, kinds: { mention: 7 }, total: 7 },
    ],
    membership: new Uint32Array(0),
  });

  it('ranks groups by a measure and leaves out those without a value', () => {
    const report = reportOf([10, 30, 20, 5]);
    expect(rankGroups(report, 'members').map((g) => g.name)).toEqual(['G1', 'G2', 'G0', 'G3']);
    expect(rankGroups(report, 'index_median').map((g) => g.name)).toEqual(['G0', 'G1', 'G3']);
  });

  it('counts interactions between the largest groups and merges the rest', () => {
    const matrix = flowMatrix(reportOf([10, 30, 20, 5]), 'repost', 2);
    expect(matrix.names).toEqual(['G1', 'G2', OTHER_GROUPS]);
    const value = (from: string, to: string) => matrix.cells.find((c) => c.from === from && c.to === to)!.value;
    expect(value('G2', 'G1')).toBe(2);
    expect(value(OTHER_GROUPS, 'G1')).toBe(3 + 5);
    expect(value(OTHER_GROUPS, 'G2')).toBe(0);
    expect(matrix.cells).toHaveLength(9);
    expect(matrix.max).toBe(8);
    expect(matrix.merged).toBe(2);
    const all = flowMatrix(reportOf([10, 30, 20, 5]), null);
    expect(all.names).toEqual(['G1', 'G2', 'G0', 'G3']);
    expect(all.cells.find((c) => c.from === 'G3' && c.to === 'G2')!.value).toBe(7);
  });
});

describe('label dodging', () => {
  it('keeps labels where they are when they are apart', () => {
    expect(dodge([1, 5, 9], 2)).toEqual([1, 5, 9]);
  });

  it('pushes tied or close labels apart, in their order', () => {
    expect(dodge([3, 3, 4], 2)).toEqual([3, 5, 7]);
    expect(dodge([4, 3], 2)).toEqual([5, 3]);
  });

  it('shifts the tail back inside the range', () => {
    expect(dodge([9, 10, 10], 2, 0, 10)).toEqual([6, 8, 10]);
  });
});
