/** The pure helpers behind the views: virtual rows, search, colours, sizes, the SVG map, ranks, caveats. */
import { describe, expect, it } from 'vitest';
import { rankOf } from '../src/app';
import { caveatsFor, topic, TOPICS } from '../src/learn-content';
import { colourByCategory, colourByValues, nodeSizes, OTHER_COLOUR, rgb, SEQUENTIAL_COLOURS } from '../src/palette';
import { filterOrder, searchTexts } from '../src/search';
import { escapeXml, mapSvg } from '../src/svg';
import { scrollToShow, visibleRange } from '../src/virtual';

describe('virtual rows', () => {
  it('renders only the rows in view plus a margin, for any length', () => {
    expect(visibleRange(0, 360, 36, 100_000, 5)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(36 * 50_000, 360, 36, 100_000, 5)).toEqual({ start: 49_995, end: 50_016 });
    expect(visibleRange(1e9, 360, 36, 100, 5)).toEqual({ start: 94, end: 100 });
    expect(visibleRange(0, 360, 36, 0)).toEqual({ start: 0, end: 0 });
  });

  it('scrolls just enough to show a row', () => {
    expect(scrollToShow(10, 0, 360, 36)).toBe(36 * 11 - 360);
    expect(scrollToShow(3, 0, 360, 36)).toBe(0);
    expect(scrollToShow(2, 500, 360, 36)).toBe(72);
  });
});

describe('search', () => {
  it('matches labels and ids without case, keeping the order', () => {
    const texts = searchTexts(['Embassy of France', 'MFA Chile', 'Press'], ['emb_fr', 'mfa_cl', '1440720000000000001']);
    const order = Uint32Array.from([2, 1, 0]);
    expect([...filterOrder(order, texts, 'FRANCE')]).toEqual([0]);
    expect([...filterOrder(order, texts, 'mfa')]).toEqual([1]);
    expect([...filterOrder(order, texts, '14407200000')]).toEqual([2]);
    expect(filterOrder(order, texts, '  ')).toBe(order);
    expect([...filterOrder(order, texts, 'nobody')]).toEqual([]);
  });
});

describe('colours and sizes', () => {
  it('gives the most frequent categories their own colour and the rest grey', () => {
    const { colours, legend } = colourByCategory(['DE', 'FR', 'XX'], [1, 1, 0, 4294967295, 1]);
    expect(legend.map((e) => [e.label, e.count])).toEqual([['FR', 3], ['DE', 1], ['other or none', 1]]);
    expect(colours[0]).toBe(colours[1]);
    expect(colours[0]).not.toBe(colours[2]);
    expect(colours[3]).toBe(OTHER_COLOUR);
  });

  it('reads a whole-number column with few values as a partition, others as an ordered gradient', () => {
    const partition = colourByValues(Float64Array.from([0, 1, 1, 2]), String);
    expect(partition.legend.map((e) => e.label)).toEqual(['1', '0', '2']);
    expect(partition.gradient).toBeUndefined();
    const scores = colourByValues(Float64Array.from({ length: 101 }, (_, i) => i / 100 + 0.001), String);
    expect(scores.gradient).toBe(true);
    expect(scores.colours[0]).toBe(SEQUENTIAL_COLOURS[0]);
    expect(scores.colours[50]).toBe(SEQUENTIAL_COLOURS[2]);
    expect(scores.colours[100]).toBe(SEQUENTIAL_COLOURS[4]);
    // Between two stops, a colour between theirs: darker as the value grows.
    const darkness = (colour: string) => rgb(colour).reduce((a, b) => a + b, 0);
    expect(darkness(scores.colours[10])).toBeLessThan(darkness(scores.colours[0]));
    expect(darkness(scores.colours[10])).toBeGreaterThan(darkness(scores.colours[25]));
    // The legend: lowest, quartiles, highest, in order, with every account counted once.
    expect(scores.legend.map((e) => e.label)).toEqual(['0.001', '0.251', '0.501', '0.751', '1.001']);
    expect(scores.legend.reduce((sum, e) => sum + e.count, 0)).toBe(101);
    // A heavy tail: most accounts at zero share the lightest colour; the stops do not repeat.
    const tail = colourByValues(Float64Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : i / 7)), String);
    expect(new Set(tail.colours.slice(0, 30))).toEqual(new Set([SEQUENTIAL_COLOURS[0]]));
    expect(new Set(tail.legend.map((e) => e.label)).size).toBe(tail.legend.length);
    expect(tail.legend.map((e) => [e.label, e.count])).toEqual([['0', 39], [String(39 / 7), 1]]);
    expect(colourByValues(Float64Array.from([NaN, 0.5, 0.25]), String).colours[0]).toBe(OTHER_COLOUR);
    // Forty communities: the twelve largest get colours, the rest share grey.
    const communities = Float64Array.from({ length: 400 }, (_, i) => (i < 100 ? 0 : i % 40));
    const coloured = colourByValues(communities, String, true);
    expect(coloured.legend[0]).toMatchObject({ label: '0', count: 100 + 7 });
    expect(coloured.legend).toHaveLength(13);
    expect(coloured.legend[12].label).toBe('other or none');
  });

  it('sizes nodes by area, the largest value at the maximum', () => {
    const sizes = nodeSizes(Float64Array.from([0, 1, 4, NaN]), 4, 2, 18);
    expect([...sizes]).toEqual([2, 10, 18, 2]);
    expect([...nodeSizes(null, 2, 3)]).toEqual([3, 3]);
    expect(rgb('#1F5FBF')).toEqual([31, 95, 191]);
  });
});

describe('the SVG map', () => {
  it('escapes labels and titles so data never becomes markup', () => {
    expect(escapeXml(`<img src=x onerror="alert('1')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&apos;1&apos;)&quot;&gt;&amp;');
    expect(escapeXml('bell\u0007')).toBe('bell\uFFFD');
    const svg = mapSvg({
      nodes: [
        { x: 0, y: 0, size: 4, colour: '#000000', label: '<script>alert(1)</script>' },
        { x: 10, y: 5, size: 8, colour: '#ff0000' },
      ],
      edges: [[0, 1]],
      width: 200,
      height: 100,
      title: 'a & b',
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('<title>a &amp; b</title>');
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg.match(/<line /g)).toHaveLength(1);
    // y points up on the map and down in SVG: the higher node is drawn nearer the top.
    const cy = [...svg.matchAll(/cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(cy[1]).toBeLessThan(cy[0]);
  });

  it('carries its legend: title, what size and colour encode, the colour key, the sample, the data', () => {
    const picture = {
      nodes: [
        { x: 0, y: 0, size: 4, colour: '#1f77b4' },
        { x: 10, y: 5, size: 8, colour: '#ff7f0e' },
      ],
      edges: [[0, 1]] as [number, number][],
      width: 400,
      height: 300,
      title: 'The network map',
    };
    const bare = mapSvg(picture);
    const withLegend = mapSvg({
      ...picture,
      legend: {
        sizeBy: 'PageRank',
        colourBy: 'country',
        colours: [
          { label: 'FR (3)', colour: '#1f77b4' },
          { label: '<b>DE</b> (2)', colour: '#ff7f0e' },
        ],
        sample: 'Connections: 1 of 9 drawn, an even sample.',
        source: 'Data: kpop.jsonl. Made with attaché on 3 December 2026.',
      },
    });
    expect(bare).not.toContain('Legend');
    expect(withLegend).toContain('>Legend</text>');
    expect(withLegend).toContain('Size: PageRank. Colour: country.');
    expect(withLegend).toContain('&lt;b&gt;DE&lt;/b&gt; (2)');
    expect(withLegend).toContain('1 of 9 drawn');
    expect(withLegend).toContain('Data: kpop.jsonl');
    // The band is added below the map: the picture grows, the map keeps its size.
    const height = (svg: string) => Number(/height="(\d+)"/.exec(svg)![1]);
    expect(height(withLegend)).toBeGreaterThan(height(bare));
    expect(withLegend.match(/<rect x=/g)).toHaveLength(2);
  });
});

describe('ranks and caveats', () => {
  it('ranks like the core: descending, ties in account order, NaN last', () => {
    const values = Float64Array.from([0.1, 0.3, 0.1, NaN, 0.3]);
    expect([0, 1, 2, 3, 4].map((a) => rankOf(values, a))).toEqual([3, 1, 4, 5, 2]);
  });

  it('qualifies every lens, and the audience counts with the million follower fallacy', () => {
    expect(caveatsFor('in_degree')[0]).toBe('million-follower-fallacy');
    expect(caveatsFor('betweenness')).toContain('sampling-error');
    expect(caveatsFor('core_number')).toContain('k-cores');
    expect(caveatsFor('something_new')).toEqual(['data-coverage']);
    for (const id of ['pagerank', 'in_degree', 'betweenness', 'community']) {
      for (const caveat of caveatsFor(id)) expect(topic(caveat)).toBeDefined();
    }
    expect(new Set(TOPICS.map((t) => t.id)).size).toBe(TOPICS.length);
  });
});

describe('packed strings', () => {
  it('round-trip any strings, empty and astral ones included', async () => {
    const { packStrings, unpackStrings } = await import('../src/strings');
    const strings = ['', 'a', '1440720000000000001', 'émoji 🙂', '', '<img onerror=x>'];
    const packed = packStrings(strings);
    expect(packed.ends).toHaveLength(strings.length);
    expect(unpackStrings(packed)).toEqual(strings);
    expect(unpackStrings(packStrings([]))).toEqual([]);
  });
});
