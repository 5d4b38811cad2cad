/**
 * The Coordination view's pure parts, unit-tested: groups ordered by their baseline
 * ratio, the ratio and gaps in words, the `by` choice (the catalogue codes it as a
 * number), the points of a group's timeline and the small network's positions.
 */
import type { CoordinateBy, CoordinationGroup, CoordinationGroupDetail } from './protocol';

/** The lens's `by` parameter: the catalogue's parameters are numbers, so the choice is coded. */
export const BY_CHOICES: { code: number; label: string }[] = [
  { code: 0, label: 'reposts of the same post' },
  { code: 1, label: 'links to the same URL' },
  { code: 2, label: 'both' },
];

/** The code of each choice as the core names it in its answer. */
export const BY_CODES: Record<CoordinateBy, number> = { repost: 0, link: 1, all: 2 };

/**
 * A group's place in the ordering: its ratio observed / expected; Infinity when the
 * baseline's shuffles never gave its members a co-action (more than any ratio it could
 * measure); NaN without a baseline.
 */
export function ratioValue(group: CoordinationGroup): number {
  if (group.expected_shared === null) return Number.NaN;
  return group.ratio ?? Number.POSITIVE_INFINITY;
}

/** Group indices by ratio, highest first (beyond the baseline first, none last); ties by the core's order (size, then shared count). */
export function rankByRatio(groups: readonly CoordinationGroup[]): number[] {
  const key = (g: CoordinationGroup) => {
    const value = ratioValue(g);
    return Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value;
  };
  return groups.map((_, i) => i).sort((a, b) => key(groups[b]) - key(groups[a]) || a - b);
}

/** The ratio in words: `×12.5`, "never by chance" or "no baseline". */
export function ratioText(group: CoordinationGroup): string {
  const value = ratioValue(group);
  if (Number.isNaN(value)) return 'no baseline';
  if (value === Number.POSITIVE_INFINITY) return 'never by chance';
  return `×${value >= 10 ? Math.round(value) : value.toFixed(1)}`;
}

/** The expected shared count: one decimal, "0" when none, "–" without a baseline. */
export function expectedText(group: CoordinationGroup): string {
  const expected = group.expected_shared;
  if (expected === null) return '–';
  if (expected === 0) return '0';
  return expected < 0.1 ? '< 0.1' : String(Math.round(expected * 10) / 10);
}

/** A gap in seconds as people read it: `8 s`, `2 min 5 s`, `3 h 10 min`. */
export function gapText(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const whole = Math.round(seconds);
  if (whole < 60) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  if (whole < 3600) {
    const rest = whole % 60;
    return `${Math.floor(whole / 60)} min${rest ? ` ${rest} s` : ''}`;
  }
  const minutes = Math.round((whole % 3600) / 60);
  return `${Math.floor(whole / 3600)} h${minutes ? ` ${minutes} min` : ''}`;
}

/** The first `shown` names, then how many more. */
export function namesText(names: readonly string[], shown = 6): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

export interface TimelinePoint {
  member: string;
  date: Date;
  item: string;
  /** The item's legend entry: one of the top items, or "other items". */
  series: string;
}

/** Items named in the legend at most; the others share one colour. */
export const TIMELINE_SERIES = 8;
/** Actions drawn at most (the earliest; the note says how many more). */
export const TIMELINE_POINTS = 4000;

/**
 * A group's actions as points of its timeline: who (by `name(account)`), when and on
 * what. The `top` items (the group's most co-acted) get their own colour, the rest are
 * "other items".
 */
export function timelinePoints(
  detail: CoordinationGroupDetail,
  top: readonly string[],
  name: (account: number) => string,
  max = TIMELINE_POINTS,
): { points: TimelinePoint[]; total: number; series: string[] } {
  const named = top.slice(0, TIMELINE_SERIES);
  const shown = new Set(named);
  const total = detail.action_accounts.length;
  const points: TimelinePoint[] = [];
  let other = false;
  for (let i = 0; i < Math.min(total, max); i++) {
    const item = detail.items[detail.action_items[i]] ?? '';
    const series = shown.has(item) ? item : 'other items';
    other ||= series === 'other items';
    points.push({ member: name(detail.action_accounts[i]), date: new Date(detail.action_times[i] * 1000), item, series });
  }
  return { points, total, series: other ? [...named, 'other items'] : named };
}

/** Members' names made unique for a chart's axis (two accounts may share a label). */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n > 1 ? `${name} (${n})` : name;
  });
}

/**
 * Positions for the small network: each group a ring of its members (the larger the
 * group, the wider the ring), the rings on a grid in the order given, so that groups
 * never overlap and the drawing needs no layout run.
 */
export function ringLayout(groups: readonly ArrayLike<number>[]): Map<number, { x: number; y: number; group: number }> {
  const positions = new Map<number, { x: number; y: number; group: number }>();
  const columns = Math.max(1, Math.ceil(Math.sqrt(groups.length)));
  const radius = (size: number) => Math.sqrt(size);
  const cell = 2 * Math.max(1, ...groups.map((members) => radius(members.length))) + 1;
  groups.forEach((members, g) => {
    const cx = (g % columns) * cell;
    const cy = -Math.floor(g / columns) * cell;
    const r = radius(members.length);
    for (let k = 0; k < members.length; k++) {
      const angle = Math.PI / 2 + (2 * Math.PI * k) / members.length;
      positions.set(members[k], { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle), group: g });
    }
  });
  return positions;
}
