/** The Time view's pure parts: words for windows, gaps in rank lines, whole-number ticks. */
import { describe, expect, it } from 'vitest';
import type { Trajectory, Window } from '../src/protocol';
import { integerTicks } from '../src/ticks';
import { meanRank, rankPoints, rankTicks, windowChoice, windowWarning } from '../src/time-data';

const window = (label: string, interactions: number, status: Window['status'], start = 0): Window => ({
  start,
  end: start + 86_400,
  label,
  interactions,
  status,
});

describe('windows in words', () => {
  it('says one interaction in the singular and what a thin or empty window means', () => {
    expect(windowChoice(window('2024-03', 1, 'thin'))).toBe('2024-03 (1 interaction): too thin to rank');
    expect(windowChoice(window('2024-02', 0, 'empty'))).toBe('2024-02 (0 interactions): nobody ranked');
    expect(windowChoice(window('2024-04', 1234, 'ranked'))).toBe('2024-04 (1,234 interactions)');
  });

  it('warns about thin windows and refuses empty ones, naming the minimum', () => {
    expect(windowWarning(window('2024-03', 1, 'thin'), 10)).toBe(
      '2024-03 has 1 interaction, fewer than 10: too thin to rank, so read these moves with care.',
    );
    expect(windowWarning(window('2024-02', 0, 'empty'), 10)).toMatch(/^2024-02 has no interactions: nobody has a rank there/);
    expect(windowWarning(window('2024-04', 40, 'ranked'), 10)).toBeNull();
  });
});

describe('rank lines', () => {
  const windows = [window('w1', 12, 'ranked', 0), window('w2', 0, 'empty', 86_400), window('w3', 3, 'thin', 172_800)];
  const trajectory: Trajectory = { index: 7, name: 'a', scores: Float64Array.from([0.5, NaN, 0.2]), ranks: Uint32Array.from([1, 0, 3]) };

  it('has no rank in an empty window, so the line breaks there', () => {
    const points = rankPoints([trajectory], ['A'], windows);
    expect(points.map((p) => p.rank)).toEqual([1, NaN, 3]);
    expect(points.map((p) => p.thin)).toEqual([false, false, true]);
    expect(points[2].date.toISOString()).toBe('1970-01-03T00:00:00.000Z');
    expect(points.every((p) => p.name === 'A')).toBe(true);
  });

  it('averages ranks over the windows that rank', () => {
    expect(meanRank(trajectory)).toBe(2);
    expect(meanRank({ ...trajectory, ranks: Uint32Array.from([0, 0]) })).toBe(Infinity);
  });
});

describe('whole-number ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten, never a fraction', () => {
    expect(integerTicks(1, 2)).toEqual([1, 2]);
    expect(integerTicks(0, 7)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(integerTicks(0, 12)).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect(integerTicks(-3, 9, 8)).toEqual([-2, 0, 2, 4, 6, 8]);
    expect(integerTicks(0, 430)).toEqual([0, 100, 200, 300, 400]);
    expect(integerTicks(0, 0)).toEqual([0]);
    for (const [low, high] of [[0, 3], [1, 97], [-40, 13], [2, 5000]]) {
      const ticks = integerTicks(low, high);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(9);
      expect(ticks.length).toBeGreaterThan(0);
    }
  });

  it('marks rank 1, the top, on every rank axis', () => {
    expect(rankTicks(2)).toEqual([1, 2]);
    expect(rankTicks(23)).toEqual([1, 5, 10, 15, 20]);
    expect(rankTicks(1)).toEqual([1]);
  });
});
