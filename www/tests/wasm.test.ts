/**
 * The wasm API under Node: the same module the page runs, fed the fixture graphs,
 * must give networkx's values (as the native tests check) and the native ranking.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session, catalogue, initSync, rankDescending } from '../src/pkg/attache.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(root + path);

beforeAll(() => {
  initSync({ module: read('www/src/pkg/attache_bg.wasm') });
});

function load(files: Record<string, Uint8Array>, chunkSize = 97): Session {
  const session = new Session();
  for (const [name, bytes] of Object.entries(files)) {
    session.beginFile(name, null);
    for (let offset = 0; offset < bytes.length; offset += chunkSize) session.push(bytes.subarray(offset, offset + chunkSize));
    session.endFile();
  }
  return session;
}

describe('wasm Session', () => {
  it('matches networkx PageRank and in-degree on every reference graph', () => {
    for (const name of ['karate', 'weighted_dangling', 'random_300']) {
      const reference = JSON.parse(read(`tests/reference/${name}.json`).toString());
      const session = load({ [`${name}.csv`]: read(reference.graph.replace(/^/, 'tests/')) });
      const summary = session.finish();
      expect(summary.warnings).toEqual([]);
      const ids = session.accountIds() as string[];
      for (const metric of ['pagerank', 'in_degree']) {
        const { values } = session.column(metric);
        expect(values).toBeInstanceOf(Float64Array);
        ids.forEach((id, i) => expect(Math.abs(values[i] - reference.metrics[metric][id])).toBeLessThanOrEqual(1e-9));
      }
    }
  });

  it('reports counts, warnings with file and line, and keeps 64-bit ids exact', () => {
    const csv = 'source;target;weight\n1440720000000000001;1440720000000000002;2,5\nbroken\n';
    const session = load({ 'ids.csv': new TextEncoder().encode(csv) }, 5);
    const summary = session.finish();
    expect(summary.nodes).toBe(2);
    expect(summary.interactions).toEqual({ link: 1 });
    expect(summary.warnings).toEqual([
      { file: 'ids.csv', line: 3, message: 'expected at least 2 columns (source, target), found 1' },
    ]);
    expect(session.accountIds()).toEqual(['1440720000000000001', '1440720000000000002']);
  });

  it('ranks like the core: descending, ties in account order', () => {
    expect([...rankDescending(new Float64Array([0.1, 0.3, 0.1, 0.3]))]).toEqual([1, 3, 0, 2]);
  });

  it('refuses unknown metrics and bad parameters with a message', () => {
    const session = load({ 'a.csv': new TextEncoder().encode('a,b\n') });
    session.finish();
    expect(() => session.column('fame')).toThrow(/unknown metric 'fame'/);
    expect(() => session.setParams('pagerank', { alpha: 2 })).toThrow(/between 0 and 1/);
    expect(() => session.setParams('pagerank', { damping: 0.9 })).toThrow(/no parameter 'damping'/);
  });

  it('reports progress through the callback, and the run details', () => {
    const session = load({ 'k.csv': read('tests/fixtures/graphs/karate.csv') });
    session.finish();
    const phases: string[] = [];
    session.setParams('pagerank', { tolerance: 1e-12 });
    const { details } = session.column('pagerank', (phase: string) => phases.push(phase));
    expect(phases.length).toBeGreaterThan(0);
    expect(phases[0]).toBe('PageRank');
    const iterations = details.find((d: { id: string }) => d.id === 'iterations');
    expect(iterations?.value).toBeGreaterThan(10);
  });

  it('lists the catalogue with explanations and parameters', () => {
    const metrics = catalogue() as { id: string; explanation: string; params: { id: string; default: number }[] }[];
    const pagerank = metrics.find((m) => m.id === 'pagerank')!;
    expect(pagerank.explanation.length).toBeGreaterThan(50);
    expect(pagerank.params.find((p) => p.id === 'alpha')!.default).toBe(0.85);
  });

  it('lays out deterministically and streams positions as Float32Array pairs', () => {
    const run = (seed: number, steps: number[]) => {
      const session = load({ 'k.csv': read('tests/fixtures/graphs/karate.csv') });
      session.finish();
      const settings = session.startLayout({ seed });
      expect(settings.barnesHut).toBe(false);
      let positions = session.stepLayout(0);
      for (const n of steps) positions = session.stepLayout(n);
      expect(session.layoutIterations()).toBe(steps.reduce((a, b) => a + b, 0));
      return positions;
    };
    const first = run(7, [100]);
    expect(first).toBeInstanceOf(Float32Array);
    expect(first).toHaveLength(68);
    expect([...run(7, [40, 60])]).toEqual([...first]);
    expect([...run(8, [100])]).not.toEqual([...first]);
    expect(first.every(Number.isFinite)).toBe(true);
  });

  it('keeps positions when settings change, and starts over after a reset', () => {
    const session = load({ 'k.csv': read('tests/fixtures/graphs/karate.csv') });
    session.finish();
    session.startLayout(undefined);
    const start = session.stepLayout(0);
    const moved = session.stepLayout(20);
    session.startLayout({ linLog: true });
    expect([...session.stepLayout(0)]).toEqual([...moved]);
    session.resetLayout();
    expect(() => session.stepLayout(1)).toThrow(/no layout: start one first/);
    session.startLayout(undefined);
    expect([...session.stepLayout(0)]).toEqual([...start]);
    expect(() => session.startLayout({ gravity: 'strong' } as never)).toThrow(/bad layout settings/);
  });

  it('gives the map its edges, neighbours and attributes', () => {
    const session = load({ 'w.csv': new TextEncoder().encode('source,target,weight\na,b,2\nc,b,1\nb,a,1\na,b,1\n') });
    session.finish();
    const edges = session.edges();
    expect([...edges.sources]).toEqual([0, 1, 2]);
    expect([...edges.targets]).toEqual([1, 0, 1]);
    expect([...edges.weights]).toEqual([3, 1, 1]);
    const b = session.neighbours(1);
    expect([...b.incoming]).toEqual([0, 2]);
    expect([...b.incomingWeights]).toEqual([3, 1]);
    expect([...b.outgoing]).toEqual([0]);
    expect(() => session.neighbours(9)).toThrow(/no account 9/);
    expect(session.attributeKeys()).toEqual([]);
    expect([...session.attribute('country').codes]).toEqual([0xffffffff, 0xffffffff, 0xffffffff]);
  });

  it('exports CSV, JSON and GEXF, with aliases when given a salt', () => {
    const session = load({ 'k.csv': read('tests/fixtures/graphs/karate.csv') });
    session.finish();
    const ids = session.accountIds() as string[];
    const pagerank = session.column('pagerank').values;
    const columns = ['pagerank'];
    const order = rankDescending(pagerank);
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

    const csv = text(session.exportCsv(columns, order)).split('\n');
    expect(csv[0]).toBe('id,label,pagerank');
    expect(csv[1].startsWith('33,33,0.1009')).toBe(true);

    const aliases = session.aliases('salt');
    expect(aliases).toEqual(session.aliases('salt'));
    expect(new Set(aliases).size).toBe(34);
    session.setPseudonyms('salt');
    const hidden = text(session.exportCsv(columns, order)).split('\n');
    expect(hidden[1].startsWith(`${aliases[order[0]]},${aliases[order[0]]},0.1009`)).toBe(true);

    const report = JSON.parse(text(session.exportReport(columns, order, 'pagerank descending')));
    expect(report.sorted_by).toBe('pagerank descending');
    expect(report.pseudonymised).toBe(true);
    expect(report.accounts).toHaveLength(34);
    expect(report.accounts[0].id).toBe(aliases[order[0]]);
    expect(report.metrics[0].name).toBe('PageRank');

    session.startLayout(undefined);
    session.stepLayout(10);
    const colours = new Uint8Array(3 * 34).fill(200);
    session.setPseudonyms(null);
    const gexf = text(session.exportGexf(columns, new Float64Array(34).fill(5), colours));
    expect(gexf.match(/<node /g)).toHaveLength(34);
    expect(gexf.match(/<viz:position /g)).toHaveLength(34);
    expect(gexf).toContain('<viz:color r="200" g="200" b="200"/>');
    expect(gexf).toContain(`<node id="${ids[0]}"`);
    expect(() => session.exportCsv(['fame'], order)).toThrow(/unknown metric 'fame'/);
    expect(() => session.exportCsv(columns, Uint32Array.from([99]))).toThrow(/there is no account 99/);
  });
});
