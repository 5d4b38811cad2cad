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
    session.beginFile(name);
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
        const { values } = session.compute(metric, undefined, undefined);
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
    expect(() => session.compute('fame', undefined, undefined)).toThrow(/unknown metric 'fame'/);
    expect(() => session.compute('pagerank', { alpha: 2 }, undefined)).toThrow(/between 0 and 1/);
  });

  it('reports progress through the callback, and the run details', () => {
    const session = load({ 'k.csv': read('tests/fixtures/graphs/karate.csv') });
    session.finish();
    const phases: string[] = [];
    const { details } = session.compute('pagerank', { tolerance: 1e-12 }, (phase: string) => phases.push(phase));
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
});
