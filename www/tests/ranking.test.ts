import { describe, expect, it } from 'vitest';
import { answerText, columnFormat, exactTitle, formatBytes, formatScore, rankingRows, shortId, tiedAtTop } from '../src/ranking';
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
  it('prints counts whole and other values to three significant digits, never in exponent form', () => {
    expect(formatScore(17)).toBe('17');
    expect(formatScore(-0)).toBe('0');
    expect(formatScore(12345)).toBe('12,345');
    expect(formatScore(0.100917)).toBe('0.101');
    expect(formatScore(0.0000123)).toBe('0.0000123');
    expect(formatScore(1427012.34)).toBe('1,427,012');
    expect(formatScore(-2.5)).toBe('-2.50');
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
      leader: { name: 'itsLIVEofficial', value: '0.086642', next: { name: 'koreatimescokr', value: '0.082452' }, tied: 1 },
      indexLeader: 'BTS_twt',
    });
    expect(text).toBe(
      '413 accounts and 214 connections from 2 twarc2 files and 1 edge list file. By PageRank, itsLIVEofficial leads (0.086642), ahead of koreatimescokr (0.082452). The influence index puts BTS_twt first.',
    );
  });

  it('says when the lens cannot separate the accounts at the top', () => {
    const text = answerText({
      accounts: 30,
      connections: 12,
      files: ['edge_list'],
      lens: 'Influence index',
      descending: true,
      leader: { name: 'a', value: '100.0', next: { name: 'b', value: '100.0' }, tied: 8 },
      indexLeader: null,
    });
    expect(text).toBe(
      '30 accounts and 12 connections from 1 edge list file. By Influence index, 8 accounts tie at the top (100.0): the lens cannot separate them on these data; a is listed first by account order.',
    );
  });

  it('counts the accounts tied at the top of an order', () => {
    expect(tiedAtTop([2, 0, 1], [5, 3, 5])).toBe(2);
    expect(tiedAtTop([0, 1], [2, 1])).toBe(1);
    expect(tiedAtTop([], [])).toBe(0);
  });
});

describe('columnFormat', () => {
  it('gives a column one number of decimals, from its largest value', () => {
    const format = columnFormat('share', [0.0866, 0.1, 0.00012, 0]);
    expect([0.0866, 0.1, 0.00012, 0].map(format)).toEqual(['0.087', '0.100', '< 0.001', '0']);
  });

  it('writes counts whole, weighted counts with at most two decimals, the index with one', () => {
    expect([3, 12000].map(columnFormat('count', [3, 12000]))).toEqual(['3', '12,000']);
    expect([2.5, 0.125].map(columnFormat('count', [2.5, 0.125]))).toEqual(['2.50', '0.13']);
    expect([99.84, 0].map(columnFormat('index', [99.84, 0]))).toEqual(['99.8', '0.0']);
  });

  it('never prints an exponent, and marks what is zero at the inputs\' precision', () => {
    const values = [1.5e6 + 0.25, 3.2, 9.709e-253, Number.NaN];
    expect(values.map(columnFormat('score', values))).toEqual(['1,500,000', '3', '≈ 0', '–']);
  });

  it('prints sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});
