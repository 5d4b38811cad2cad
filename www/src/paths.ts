/**
 * How influence travels, in words: the path of attention from one account to another,
 * an account's place among the gatekeepers, the network's structure summary, and the
 * components a filter offers. Names come through `name` (the page's labels, aliases
 * under pseudonyms), never from what the worker returned. Pure.
 */
import { plural } from './formats';
import type { AttentionPath, Gatekeeping, Step, Structure } from './protocol';
import { formatCount, formatScore } from './ranking';

type Name = (account: number) => string;

/** `2 reposts, 1 mention`: a step's interactions, most first (ties by kind). */
export function stepKinds(step: Step): string {
  return Object.entries(step.kinds)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([a, x], [b, y]) => (y ?? 0) - (x ?? 0) || a.localeCompare(b))
    .map(([kind, n]) => `${formatScore(n!)} ${n === 1 ? kind : plural(kind)}`)
    .join(', ');
}

/** One line per step: `A → B: 2 reposts, 1 mention`. */
export function stepLines(path: AttentionPath, name: Name): string[] {
  return path.steps.map((step) => `${name(step.from)} → ${name(step.to)}: ${stepKinds(step)}`);
}

/** What the path says, in one sentence (the steps follow it). */
export function pathSentence(path: AttentionPath, name: Name): string {
  const [from, to] = [name(path.from), name(path.to)];
  if (path.hops === null) {
    return `No path: no chain of interactions leads from ${from} to ${to}, so attention paid by ${from} does not reach ${to} in these data.`;
  }
  if (path.hops === 0) return `${from} is this account.`;
  if (path.hops === 1) return `${from} pays ${to} attention directly, in one step:`;
  return `Attention reaches ${to} from ${from} in ${formatCount(path.hops)} steps, through ${formatCount(path.hops - 1)} ${path.hops === 2 ? 'account' : 'accounts'} in between:`;
}

/** What the map's note calls a path. */
export function pathTitle(path: AttentionPath, name: Name): string {
  return `the path of attention from ${name(path.from)} to ${name(path.to)}`;
}

/** Gatekeeper or not, in words, with what removing it would do. */
export function gatekeepingSentence(found: Gatekeeping): string {
  if (found.parts === 0) return 'Not a gatekeeper: it interacts with no one, so nothing depends on it.';
  if (!found.gatekeeper) {
    return 'Not a gatekeeper: without it, the accounts it interacts with would still be linked to each other by other chains of interactions.';
  }
  return `A gatekeeper: without it, its part of the network would split into ${formatCount(found.parts)} parts that no chain of interactions links.`;
}

/** The bridges it touches: links that are the only connection between two parts. */
export function bridgesSentence(found: Gatekeeping, name: Name, shown = 5): string {
  const count = found.bridges_to.length;
  if (count === 0) return 'It touches no bridge: each of its links could be lost without cutting anyone off.';
  const names = found.bridges_to.slice(0, shown).map(name);
  const more = count > shown ? ` and ${formatCount(count - shown)} more` : '';
  const what = count === 1 ? 'bridge, the only link' : 'bridges, each the only link';
  return `It touches ${formatCount(count)} ${what} between two parts of the network: to ${names.join(', ')}${more}.`;
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 && share > 0 ? 1 : 0)}%`;

/** How the network holds together, in a few sentences for "What was read". */
export function structureSentences(found: Structure): string[] {
  if (found.accounts === 0) return [];
  const sentences: string[] = [];
  if (found.components === 1) {
    sentences.push(`One conversation: every account is linked to every other by some chain of interactions (1 component).`);
  } else {
    const isolated = found.isolated_accounts
      ? `, ${formatCount(found.isolated_accounts)} of them accounts without interactions`
      : '';
    sentences.push(
      `${formatCount(found.components)} separate components${isolated}; the largest holds ${formatCount(found.largest_component)} accounts (${percent(found.largest_component_share)}).`,
    );
  }
  const strong =
    found.largest_strong_component > 1
      ? `the largest, ${formatCount(found.largest_strong_component)} accounts that reach each other both ways`
      : 'none larger than one account';
  sentences.push(`${formatCount(found.strong_components)} strong components, ${strong}.`);
  if (found.reciprocity !== null) sentences.push(`Reciprocity ${percent(found.reciprocity)}: the share of interactions returned.`);
  sentences.push(`Density ${formatScore(found.density)} of the possible actor → target pairs.`);
  sentences.push(
    found.has_cycle
      ? `Attention goes round in cycles (${formatCount(found.accounts_in_cycles)} accounts are on one).`
      : 'No cycle: attention never comes back to where it started, so eigenvector centrality is undefined here.',
  );
  return sentences;
}

/** A component and how many accounts it holds. */
export interface ComponentSize {
  /** Its number: 1 is the largest. */
  component: number;
  size: number;
}

/** The components of a `component` column (values 1, 2, ...), in their order: the largest first. */
export function componentSizes(column: ArrayLike<number>): ComponentSize[] {
  const sizes: number[] = [];
  for (let i = 0; i < column.length; i++) {
    const k = column[i];
    if (Number.isInteger(k) && k >= 1) sizes[k - 1] = (sizes[k - 1] ?? 0) + 1;
  }
  return Array.from(sizes, (size, i) => ({ component: i + 1, size: size ?? 0 }));
}

/** Maps with more accounts than this open on the largest component when there are several. */
export const MAP_LARGEST_COMPONENT_ABOVE = 2000;

/** The component a map opens on: the largest when the map is large and not one piece; else all (null). */
export function defaultMapComponent(accounts: number, sizes: readonly ComponentSize[]): number | null {
  return accounts > MAP_LARGEST_COMPONENT_ABOVE && sizes.length > 1 ? 1 : null;
}

/** The label of a component in a filter: `component 1, the largest (2,400 accounts)`. */
export function componentLabel({ component, size }: ComponentSize): string {
  const largest = component === 1 ? ', the largest' : '';
  return `component ${formatCount(component)}${largest} (${formatCount(size)} ${size === 1 ? 'account' : 'accounts'})`;
}
