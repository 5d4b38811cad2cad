/** How influence travels, in words, and the components a filter offers (src/paths.ts). */
import { describe, expect, it } from 'vitest';
import {
  bridgesSentence,
  componentLabel,
  componentSizes,
  defaultMapComponent,
  gatekeepingSentence,
  MAP_LARGEST_COMPONENT_ABOVE,
  pathSentence,
  stepKinds,
  stepLines,
  structureSentences,
} from '../src/paths';
import type { AttentionPath, Structure } from '../src/protocol';

const names = ['Minister', 'Ambassador', 'Journalist', 'Think tank'];
const name = (account: number) => names[account];

const path: AttentionPath = {
  from: 0,
  to: 2,
  hops: 2,
  path: [0, 1, 2],
  steps: [
    { from: 0, to: 1, weight: 3, kinds: { mention: 1, repost: 2 } },
    { from: 1, to: 2, weight: 1, kinds: { reply: 1 } },
  ],
};

describe('paths in words', () => {
  it('lists each step with its interactions, most first', () => {
    expect(stepKinds(path.steps[0])).toBe('2 reposts, 1 mention');
    expect(stepLines(path, name)).toEqual(['Minister → Ambassador: 2 reposts, 1 mention', 'Ambassador → Journalist: 1 reply']);
    expect(pathSentence(path, name)).toBe('Attention reaches Journalist from Minister in 2 steps, through 1 account in between:');
  });

  it('says "no path" in words, and one step as direct attention', () => {
    const none: AttentionPath = { from: 2, to: 0, hops: null, path: [], steps: [] };
    expect(pathSentence(none, name)).toMatch(/^No path: no chain of interactions leads from Journalist to Minister/);
    const direct: AttentionPath = { ...path, to: 1, hops: 1, path: [0, 1], steps: [path.steps[0]] };
    expect(pathSentence(direct, name)).toBe('Minister pays Ambassador attention directly, in one step:');
  });

  it('says what removing an account would do and names the bridges', () => {
    expect(gatekeepingSentence({ account: 1, gatekeeper: true, parts: 3, bridges_to: [0, 2] })).toMatch(/split into 3 parts/);
    expect(gatekeepingSentence({ account: 1, gatekeeper: false, parts: 1, bridges_to: [] })).toMatch(/^Not a gatekeeper: without it/);
    expect(gatekeepingSentence({ account: 3, gatekeeper: false, parts: 0, bridges_to: [] })).toMatch(/interacts with no one/);
    expect(bridgesSentence({ account: 1, gatekeeper: true, parts: 3, bridges_to: [0, 2] }, name)).toBe(
      'It touches 2 bridges, each the only link between two parts of the network: to Minister, Journalist.',
    );
    expect(bridgesSentence({ account: 1, gatekeeper: true, parts: 3, bridges_to: [0, 2, 3] }, name, 1)).toMatch(/to Minister and 2 more\.$/);
    expect(bridgesSentence({ account: 0, gatekeeper: false, parts: 1, bridges_to: [] }, name)).toMatch(/no bridge/);
  });
});

const structure: Structure = {
  accounts: 200,
  edges: 400,
  components: 3,
  largest_component: 190,
  largest_component_share: 0.95,
  isolated_accounts: 2,
  strong_components: 120,
  largest_strong_component: 60,
  accounts_in_cycles: 80,
  strong_component_sizes: [],
  reciprocity: 0.125,
  density: 400 / (200 * 199),
  has_cycle: true,
};

describe('the structure summary in words', () => {
  it('gives components, strong components, reciprocity, density and cycles', () => {
    expect(structureSentences(structure)).toEqual([
      '3 separate components, 2 of them accounts without interactions; the largest holds 190 accounts (95%).',
      '120 strong components, the largest, 60 accounts that reach each other both ways.',
      'Reciprocity 13%: the share of interactions returned.',
      'Density 0.0101 of the possible actor → target pairs.',
      'Attention goes round in cycles (80 accounts are on one).',
    ]);
  });

  it('says one conversation, and no cycle with what it means for eigenvector centrality', () => {
    const chain = { ...structure, components: 1, isolated_accounts: 0, largest_strong_component: 1, has_cycle: false, reciprocity: null };
    const sentences = structureSentences(chain);
    expect(sentences[0]).toMatch(/^One conversation/);
    expect(sentences[1]).toMatch(/none larger than one account/);
    expect(sentences.some((s) => s.startsWith('Reciprocity'))).toBe(false);
    expect(sentences.at(-1)).toMatch(/eigenvector centrality is undefined/);
    expect(structureSentences({ ...structure, accounts: 0 })).toEqual([]);
  });
});

describe('components for the filters', () => {
  it('counts the members of each component, the largest first', () => {
    const sizes = componentSizes(Float64Array.from([2, 1, 1, 3, 1, 2]));
    expect(sizes).toEqual([
      { component: 1, size: 3 },
      { component: 2, size: 2 },
      { component: 3, size: 1 },
    ]);
    expect(componentLabel(sizes[0])).toBe('component 1, the largest (3 accounts)');
    expect(componentLabel(sizes[2])).toBe('component 3 (1 account)');
  });

  it('opens a large map of several components on the largest', () => {
    const several = componentSizes(Float64Array.from([1, 1, 2]));
    expect(defaultMapComponent(MAP_LARGEST_COMPONENT_ABOVE + 1, several)).toBe(1);
    expect(defaultMapComponent(MAP_LARGEST_COMPONENT_ABOVE, several)).toBeNull();
    expect(defaultMapComponent(MAP_LARGEST_COMPONENT_ABOVE + 1, componentSizes(Float64Array.from([1, 1])))).toBeNull();
  });
});
