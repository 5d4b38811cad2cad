/**
 * What the Groups view draws, from a group report: the groups ranked by a measure, and
 * the group × group interaction matrix (who amplifies whom) with the smaller groups
 * merged into "other groups" so that it stays readable. Pure, so it is unit-tested.
 */
import type { Groups, Kind } from './protocol';

export type GroupMeasure = 'members' | 'index_sum' | 'index_median' | 'pagerank_share';

export const MEASURE_NAMES: Record<GroupMeasure, string> = {
  members: 'members',
  index_sum: 'sum of the influence index',
  index_median: 'median influence index',
  pagerank_share: 'share of PageRank',
};

export interface RankedGroup {
  index: number;
  name: string;
  value: number;
}

/** Groups by `measure`, highest first (ties by name), without those it says nothing about. */
export function rankGroups(report: Groups, measure: GroupMeasure): RankedGroup[] {
  return report.groups
    .map((group, index) => ({ index, name: group.name, value: group[measure] ?? Number.NaN }))
    .filter((group) => Number.isFinite(group.value))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}

export const OTHER_GROUPS = '(other groups)';

export interface FlowCell {
  from: string;
  to: string;
  value: number;
}

export interface FlowMatrix {
  /** Rows and columns, in the same order: the largest groups, then "other groups" if any were merged. */
  names: string[];
  cells: FlowCell[];
  max: number;
  /** Groups merged into "other groups". */
  merged: number;
}

/**
 * Interactions of `kind` (all kinds when null) from each group to each group, for the
 * `limit` largest groups (by members; ties by name); the rest are merged.
 */
export function flowMatrix(report: Groups, kind: Kind | null, limit = 15): FlowMatrix {
  const bySize = report.groups
    .map((group, index) => ({ index, group }))
    .sort((a, b) => b.group.members - a.group.members || a.group.name.localeCompare(b.group.name));
  const kept = bySize.slice(0, limit);
  const merged = bySize.length - kept.length;
  const nameOf = new Map(kept.map(({ index, group }) => [index, group.name]));
  const names = kept.map(({ group }) => group.name);
  if (merged > 0) names.push(OTHER_GROUPS);
  const totals = new Map<string, number>();
  for (const flow of report.flows) {
    const value = kind === null ? flow.total : (flow.kinds[kind] ?? 0);
    if (!value) continue;
    const key = `${nameOf.get(flow.from) ?? OTHER_GROUPS}\u0000${nameOf.get(flow.to) ?? OTHER_GROUPS}`;
    totals.set(key, (totals.get(key) ?? 0) + value);
  }
  const cells: FlowCell[] = [];
  let max = 0;
  for (const from of names) {
    for (const to of names) {
      const value = totals.get(`${from}\u0000${to}`) ?? 0;
      cells.push({ from, to, value });
      max = Math.max(max, value);
    }
  }
  return { names, cells, max, merged };
}
