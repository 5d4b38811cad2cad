import { describe, expect, it } from 'vitest';
import { answerText, exactTitle, formatBytes, formatScore, rankingRows, shortId } from '../src/ranking';
import type { Scores } from '../src/protocol';

const scores: Scores = {
  ids: ['1440720000000000001', 'b', 'c'],
  labels: ['<img src=x onerror=alert(1)>', 'B', 'C'],
  metrics: ['pagerank', 'in_degree'],
  columns: [new Float64Array([0.2, 0.5, 0.3]), new Float64Array([1, 4, 2])],
  order: new Uint32Array([1, 2, 0]),
  attributeKeys: [],
};

describe('rankingRows', () => {
  it('follows the core order and keeps ids as exact strings', () => {
    const rows = rankingRows(scores, 10);
    expect(rows.map((r) => r.id)).toEqual(['b', 'c', '1440720000000000001']);
    expect(rows[0]).toEqual({ rank: 1, id: 'b', label: 'B', values: [0.5, 4] });
    expect(rows[2].label).toBe('<img src=x onerror=alert(1)>');
  });

  it('stops at the limit', () => {
    expect(rankingRows(scores, 2)).toHaveLength(2);
  });
});

describe('formatScore', () => {
  it('prints counts whole and shares with five digits', () => {
    expect(formatScore(17)).toBe('17');
    expect(formatScore(-0)).toBe('0');
    expect(formatScore(12345)).toBe('12,345');
    expect(formatScore(0.100917)).toBe('0.10092');
    expect(formatScore(0.0000123)).toBe('1.230e-5');
    expect(formatScore(Number.NaN)).toBe('–');
    expect(formatScore(9.709e-253)).toBe('≈ 0');
    expect(exactTitle(9.709e-253, '≈ 0')).toBe('9.709e-253');
    expect(exactTitle(17, '17')).toBeNull();
    expect(exactTitle(12345, '12,345')).toBeNull();
  });

  it('shortens long numeric ids only', () => {
    expect(shortId('1133645883965263872')).toBe('1133…3872');
    expect(shortId('552548889')).toBe('552548889');
    expect(shortId('itsLIVEofficial')).toBe('itsLIVEofficial');
  });

  it('answers first: what was read, who leads under the sort, and the index leader when it differs', () => {
    const text = answerText({
      accounts: 413,
      connections: 214,
      files: ['twarc2', 'twarc2', 'edge_list'],
      lens: 'PageRank',
      descending: true,
      leader: { name: 'itsLIVEofficial', value: '0.086642', next: { name: 'koreatimescokr', value: '0.082452' } },
      indexLeader: 'BTS_twt',
    });
    expect(text).toBe(
      '413 accounts and 214 connections from 2 twarc2 files and 1 edge list file. By PageRank, itsLIVEofficial leads (0.086642), ahead of koreatimescokr (0.082452). The influence index puts BTS_twt first.',
    );
  });

  it('prints sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});
