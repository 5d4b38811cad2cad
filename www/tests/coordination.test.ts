/**
 * The Coordination view's pure parts (ordering by the baseline ratio, the words, the
 * timeline's points, the rings of the small network) and the wasm module's coordination
 * answer on the hand-made collections of tests/fixtures/coordination/: the same bytes as
 * the native tool (tests/reference/determinism/coordination.json, checked by
 * tests/determinism.rs: the seeded shuffle of the baseline must not depend on the width
 * of usize), the groups the page draws, and what it says when the data lack times.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectedText,
  gapText,
  namesText,
  rankByRatio,
  ratioText,
  ringLayout,
  timelinePoints,
  uniqueNames,
} from '../src/coordination-data';
import type { CoordinationGroup, CoordinationGroupDetail } from '../src/protocol';
import { readParams } from '../src/params';
import { Session, catalogue, initSync } from '../src/pkg/attache.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(root + path);
const FIXTURES = 'tests/fixtures/coordination/';

beforeAll(() => {
  initSync({ module: read('www/src/pkg/attache_bg.wasm') });
});

function group(shared: number, expected: number | null, ratio: number | null): CoordinationGroup {
  return { members: ['a', 'b'], shared, items: shared, median_gap_seconds: 5, top_items: [], expected_shared: expected, ratio };
}

describe('the coordination view, pure parts', () => {
  it('sorts groups by ratio: beyond the baseline first, without a baseline last, ties in the core order', () => {
    const groups = [group(4, 2, 2), group(3, 0, null), group(9, 0.5, 18), group(2, null, null), group(6, 3, 2)];
    expect(rankByRatio(groups)).toEqual([1, 2, 0, 4, 3]);
    expect(groups.map(ratioText)).toEqual(['×2.0', 'never by chance', '×18', 'no baseline', '×2.0']);
    expect(groups.map(expectedText)).toEqual(['2', '0', '0.5', '–', '3']);
    expect(expectedText(group(3, 0.04, 75))).toBe('< 0.1');
  });

  it('writes gaps and names as people read them', () => {
    expect([0, 8, 10.5, 60, 125, 3600, 3660 + 30, 86400].map(gapText)).toEqual([
      '0 s',
      '8 s',
      '10.5 s',
      '1 min',
      '2 min 5 s',
      '1 h',
      '1 h 2 min',
      '24 h',
    ]);
    expect(namesText(['a', 'b'])).toBe('a, b');
    expect(namesText(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
    expect(uniqueNames(['x', 'y', 'x'])).toEqual(['x', 'y', 'x (2)']);
  });

  it('colours the top items of a timeline and gathers the rest', () => {
    const detail: CoordinationGroupDetail = {
      accounts: Uint32Array.from([4, 7]),
      items: ['p1', 'p2', 'p3'],
      item_kinds: ['repost', 'repost', 'link'],
      action_accounts: Uint32Array.from([4, 7, 4, 7]),
      action_items: Uint32Array.from([0, 0, 2, 1]),
      action_times: Float64Array.from([100, 105, 200, 300]),
    };
    const { points, total, series } = timelinePoints(detail, ['p1', 'p2'], (a) => `acc${a}`);
    expect(total).toBe(4);
    expect(series).toEqual(['p1', 'p2', 'other items']);
    expect(points.map((p) => [p.member, p.date.getTime(), p.series])).toEqual([
      ['acc4', 100_000, 'p1'],
      ['acc7', 105_000, 'p1'],
      ['acc4', 200_000, 'other items'],
      ['acc7', 300_000, 'p2'],
    ]);
    expect(timelinePoints(detail, ['p1', 'p2', 'p3'], String, 2).points).toHaveLength(2);
  });

  it('puts each group on a ring of its own, apart from the others', () => {
    const groups = [Uint32Array.from([1, 2, 3, 4]), Uint32Array.from([5, 6]), Uint32Array.from([9, 8, 7])];
    const positions = ringLayout(groups);
    expect(positions.size).toBe(9);
    const centre = (members: Uint32Array) => {
      const points = Array.from(members, (m) => positions.get(m)!);
      return { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length };
    };
    const radius = (members: Uint32Array) => Math.max(...Array.from(members, (m) => Math.hypot(positions.get(m)!.x - centre(members).x, positions.get(m)!.y - centre(members).y)));
    for (let a = 0; a < groups.length; a++) {
      expect(positions.get(groups[a][0])!.group).toBe(a);
      for (let b = a + 1; b < groups.length; b++) {
        const [ca, cb] = [centre(groups[a]), centre(groups[b])];
        expect(Math.hypot(ca.x - cb.x, ca.y - cb.y)).toBeGreaterThan(radius(groups[a]) + radius(groups[b]));
      }
    }
  });

  it('reads the form against the lens’s catalogue ranges', () => {
    const lens = catalogue().find((m) => m.id === 'coordination')!;
    expect(lens.params.map((p) => p.id)).toEqual(['by', 'window', 'min_shared']);
    expect(readParams(lens.params, { by: '0', window: '30', min_shared: '3' }, [])).toEqual({
      params: { by: 0, window: 30 },
      errors: [],
    });
    expect(readParams(lens.params, { by: '2', window: '', min_shared: '0' }, []).errors).toEqual(['Minimum shared items: between 1 and 100000.']);
  });
});

/** The fixture files, in name order (the order the native reference read them in). */
function fixtures(): { name: string; text: string }[] {
  return readdirSync(root + FIXTURES)
    .filter((name) => /\.jsonl?$/.test(name))
    .sort()
    .map((name) => ({ name, text: read(FIXTURES + name).toString('utf8') }));
}

function session(files: { name: string; text: string }[]): Session {
  const s = new Session();
  for (const { name, text } of files) {
    s.beginFile(name, null);
    s.push(new TextEncoder().encode(text));
    s.endFile();
  }
  s.finish();
  return s;
}

describe('wasm coordination', () => {
  it('writes the bytes the native tool writes, baseline included', () => {
    const s = session(fixtures());
    const json = new TextDecoder().decode(s.exportCoordinationJson(undefined));
    expect(json).toBe(read('tests/reference/determinism/coordination.json').toString('utf8'));
    const report = JSON.parse(json);
    expect(report.permutations).toBeGreaterThan(0);
    expect(report.groups.every((g: CoordinationGroup) => typeof g.expected_shared === 'number')).toBe(true);
    const csv = new TextDecoder().decode(s.exportCoordinationCsv(undefined)).trim().split('\n');
    expect(csv[0]).toBe('a,b,shared,group');
    expect(csv).toHaveLength(1 + report.pairs.length);
  });

  it('answers the page with the groups, their members as indices and their actions', () => {
    const s = session(fixtures());
    const ids = s.accountIds();
    const view = s.coordination({ permutations: 5 });
    expect(view.missing).toBeNull();
    expect(view.permutations).toBe(5);
    expect(view.groups.length).toBe(view.group_details.length);
    expect(view.groups.length).toBeGreaterThan(0);
    expect(view.membership).toBeInstanceOf(Uint32Array);
    view.groups.forEach((group, g) => {
      const detail = view.group_details[g];
      expect(Array.from(detail.accounts, (a) => ids[a])).toEqual(group.members);
      for (const a of detail.accounts) expect(view.membership[a]).toBe(g);
      expect(detail.action_times.length).toBe(detail.action_accounts.length);
      // Actions come by time, each on one of the group's items.
      for (let i = 1; i < detail.action_times.length; i++) expect(detail.action_times[i]).toBeGreaterThanOrEqual(detail.action_times[i - 1]);
      for (const item of detail.action_items) expect(item).toBeLessThan(detail.items.length);
    });
    expect(view.pair_accounts.length).toBe(2 * view.pairs.length);
    expect(() => s.coordination({ permutations: 1001 })).toThrow(/at most 1000 permutations/);
  });

  it('follows the lens parameters and the pseudonyms', () => {
    const s = session(fixtures());
    const before = s.coordination({ permutations: 0 });
    s.setParams('coordination', { min_shared: 1, window: 3600 });
    const wider = s.coordination({ permutations: 0 });
    expect(wider.min_shared).toBe(1);
    expect(wider.pairs.length).toBeGreaterThan(before.pairs.length);
    s.setPseudonyms('salt');
    const hidden = JSON.stringify(s.coordination({ permutations: 0 }).groups);
    for (const id of ['"101"', '"900"', '5001', 'mast.example']) expect(hidden).not.toContain(id);
  });

  it('says what is missing when the data have no times, or no reposts and links', () => {
    const untimed = fixtures()
      .filter(({ name }) => name.startsWith('ring.twarc2'))
      .map(({ name, text }) => ({ name, text: text.replace(/"created_at": "[^"]*", /g, '') }));
    const noTimes = session(untimed).coordination(undefined);
    expect(noTimes.groups).toEqual([]);
    expect(noTimes.missing).toMatch(/no timestamp/);
    expect(noTimes.missing).toMatch(/nothing to compare/);
    const karate = session([{ name: 'karate.csv', text: read('tests/fixtures/graphs/karate.csv').toString('utf8') }]);
    expect(karate.coordination(undefined).missing).toMatch(/no reposts and no posts with links, so there is nothing to compare/);
  });
});
