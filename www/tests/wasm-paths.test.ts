/**
 * The wasm API of how influence travels, under Node: the structure summary, an
 * account's gatekeeping, the path of attention (and none), under the kind weights in
 * force, and the clock of the time budget (web-sys's Performance). Values worked out by
 * hand on a small network.
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
 * Two cycles of attention, a → b → c → a and d → e → f → d, joined by c → h → d (the
 * reply c → h is the only way from the first to the second); x reposts y twice, apart.
 * Accounts in order of appearance: a 0, b 1, c 2, h 3, d 4, e 5, f 6, x 7, y 8.
 */
const CSV = `source,target,type
a,b,retweet
b,c,retweet
c,a,mention
c,h,reply
h,d,retweet
d,e,retweet
e,f,mention
f,d,retweet
x,y,retweet
x,y,mention
`;

function session(): Session {
  const s = new Session();
  s.beginFile('joined.csv', null);
  s.push(new TextEncoder().encode(CSV));
  s.endFile();
  s.finish();
  return s;
}

describe('wasm structure and paths API', () => {
  it('summarises how the network holds together', () => {
    const structure = session().structure();
    expect(structure.accounts).toBe(9);
    expect(structure.components).toBe(2);
    expect(structure.largest_component).toBe(7);
    expect(structure.largest_component_share).toBeCloseTo(7 / 9, 12);
    expect(structure.strong_components).toBe(5);
    expect(structure.largest_strong_component).toBe(3);
    expect(structure.accounts_in_cycles).toBe(6);
    expect(structure.strong_component_sizes).toEqual([
      { size: 3, count: 2 },
      { size: 1, count: 3 },
    ]);
    expect(structure.has_cycle).toBe(true);
    expect(structure.reciprocity).toBe(0);
    expect(structure.density).toBeCloseTo(9 / 72, 12);
  });

  it('says whether an account is a gatekeeper, into how many parts, and its bridges', () => {
    const s = session();
    expect(s.gatekeeping(3)).toEqual({ account: 3, gatekeeper: true, parts: 2, bridges_to: [2, 4] });
    expect(s.gatekeeping(2)).toEqual({ account: 2, gatekeeper: true, parts: 2, bridges_to: [3] });
    expect(s.gatekeeping(0)).toEqual({ account: 0, gatekeeper: false, parts: 1, bridges_to: [] });
    expect(() => s.gatekeeping(9)).toThrow();
  });

  it('finds the path of attention with each step by kind, and says when there is none', () => {
    const s = session();
    const path = s.attentionPath(0, 6);
    expect(path.hops).toBe(6);
    expect(path.path).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(path.steps.map((step) => step.kinds)).toEqual([
      { repost: 1 },
      { repost: 1 },
      { reply: 1 },
      { repost: 1 },
      { repost: 1 },
      { mention: 1 },
    ]);
    expect(s.attentionPath(7, 8).steps[0].kinds).toEqual({ repost: 1, mention: 1 });
    expect(s.attentionPath(6, 0)).toEqual({ from: 6, to: 0, hops: null, path: [], steps: [] });
    expect(s.attentionPath(4, 4)).toMatchObject({ hops: 0, path: [4], steps: [] });
    // Without replies the first cycle no longer reaches the second.
    s.setKindWeights({ reply: 0 });
    expect(s.attentionPath(0, 6).hops).toBeNull();
    expect(s.structure().components).toBe(3);
    expect(s.gatekeeping(3).gatekeeper).toBe(false);
  });

  it('times a trial by the clock of the time budgets', () => {
    const s = session();
    const ms = s.timeTrial('betweenness', { k: 4, seed: 0 });
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(() => s.timeTrial('fame', {})).toThrow(/fame/);
  });

  it('reports, before iterating, that eigenvector centrality is undefined without a cycle', () => {
    const s = new Session();
    s.beginFile('chain.csv', null);
    s.push(new TextEncoder().encode('source,target\na,b\nb,c\n'));
    s.endFile();
    s.finish();
    const details = s.column('eigenvector').details;
    expect(details.find((d) => d.id === 'has_cycle')?.value).toBe(0);
    expect(s.structure().has_cycle).toBe(false);
  });
});
