/**
 * The account card's ego network: the account in the middle, its strongest neighbours
 * around it (those who only pay it attention on the left; on the right, those it pays
 * attention to, both ways first), with an arrow per direction. Pure, so it is unit-tested;
 * the card draws the result with Observable Plot.
 */
import type { Neighbours } from './protocol';

export type EgoRole = 'in' | 'out' | 'both';

export interface EgoNode {
  account: number;
  x: number;
  y: number;
  role: EgoRole;
  /** Attention it gives the ego, and receives from it (merged interaction weights). */
  weightIn: number;
  weightOut: number;
}

export interface EgoLink {
  source: number;
  target: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  weight: number;
  /** Towards the ego (attention it receives) or away from it. */
  incoming: boolean;
}

export interface EgoPicture {
  ego: number;
  nodes: EgoNode[];
  links: EgoLink[];
  /** Neighbours left out for space. */
  hidden: number;
}

/** Angles (radians, 0 = right, counter-clockwise): those who only pay it attention on the
 * left, the others on the right, both ways at the top of that side. */
const ARCS: Record<'left' | 'right', [number, number]> = {
  left: [Math.PI * 0.58, Math.PI * 1.42],
  right: [Math.PI * 0.42, -Math.PI * 0.42],
};

/** The `limit` strongest neighbours (by total weight both ways; ties by index), placed on a unit circle. */
export function egoLayout(ego: number, neighbours: Neighbours, limit = 12): EgoPicture {
  const weights = new Map<number, { in: number; out: number }>();
  neighbours.incoming.forEach((account, i) => {
    if (account === ego) return;
    const entry = weights.get(account) ?? { in: 0, out: 0 };
    entry.in += neighbours.incomingWeights[i];
    weights.set(account, entry);
  });
  neighbours.outgoing.forEach((account, i) => {
    if (account === ego) return;
    const entry = weights.get(account) ?? { in: 0, out: 0 };
    entry.out += neighbours.outgoingWeights[i];
    weights.set(account, entry);
  });
  const strongest = [...weights.entries()]
    .sort(([a, x], [b, y]) => y.in + y.out - (x.in + x.out) || a - b)
    .slice(0, limit);
  const roleOf = (w: { in: number; out: number }): EgoRole => (w.in > 0 && w.out > 0 ? 'both' : w.in > 0 ? 'in' : 'out');
  const nodes: EgoNode[] = [];
  const sides: [keyof typeof ARCS, EgoRole[]][] = [
    ['left', ['in']],
    ['right', ['both', 'out']],
  ];
  for (const [side, roles] of sides) {
    const members = roles.flatMap((role) => strongest.filter(([, w]) => roleOf(w) === role));
    const [from, to] = ARCS[side];
    members.forEach(([account, w], i) => {
      const angle = members.length === 1 ? (from + to) / 2 : from + ((to - from) * i) / (members.length - 1);
      nodes.push({ account, x: Math.cos(angle), y: Math.sin(angle), role: roleOf(w), weightIn: w.in, weightOut: w.out });
    });
  }
  const links: EgoLink[] = [];
  for (const node of nodes) {
    if (node.weightIn > 0) {
      links.push({ source: node.account, target: ego, x1: node.x, y1: node.y, x2: 0, y2: 0, weight: node.weightIn, incoming: true });
    }
    if (node.weightOut > 0) {
      links.push({ source: ego, target: node.account, x1: 0, y1: 0, x2: node.x, y2: node.y, weight: node.weightOut, incoming: false });
    }
  }
  return { ego, nodes, links, hidden: weights.size - strongest.length };
}
