/**
 * What the Time view draws, as pure functions (unit-tested): the words for a window, the
 * points of a rank line (none in an empty window, so the line breaks there), the ticks of
 * a rank axis. Whether a window is empty, thin or ranked is the core's
 * rule (`Window.status`); this module only reads it.
 */
import type { Trajectory, Window } from './protocol';
import { countOf } from './formats';
import { integerTicks } from './ticks';

/** `2024-03 (1 interaction)`, with what its status means for ranks. */
export function windowChoice(window: Window): string {
  const size = `${window.label} (${countOf(window.interactions, 'interaction')})`;
  if (window.status === 'empty') return `${size}: nobody ranked`;
  if (window.status === 'thin') return `${size}: too thin to rank`;
  return size;
}

/** Why a window cannot be compared (empty), or should be read with care (thin); null when ranked. */
export function windowWarning(window: Window, minimum: number): string | null {
  if (window.status === 'empty') return `${window.label} has no interactions: nobody has a rank there. Choose another window.`;
  if (window.status === 'thin')
    return `${window.label} has ${countOf(window.interactions, 'interaction')}, fewer than ${minimum}: too thin to rank, so read these moves with care.`;
  return null;
}

export interface RankPoint {
  name: string;
  date: Date;
  /** NaN in an empty window: Plot leaves a gap in the line and draws no dot. */
  rank: number;
  score: number;
  window: string;
  thin: boolean;
}

/** The points of each line, one per window; `names[i]` names `list[i]`. */
export function rankPoints(list: readonly Trajectory[], names: readonly string[], windows: readonly Window[]): RankPoint[] {
  return list.flatMap((trajectory, i) =>
    windows.map((window, k) => ({
      name: names[i],
      date: new Date(window.start * 1000),
      rank: window.status === 'empty' || trajectory.ranks[k] === 0 ? NaN : trajectory.ranks[k],
      score: trajectory.scores[k],
      window: window.label,
      thin: window.status === 'thin',
    })),
  );
}

/** A trajectory's mean rank over the windows that rank (Infinity when none does). */
export function meanRank(trajectory: Trajectory): number {
  let sum = 0;
  let count = 0;
  for (const rank of trajectory.ranks) {
    if (rank > 0) {
      sum += rank;
      count++;
    }
  }
  return count ? sum / count : Infinity;
}

/** Ticks for a rank axis from 1 (the top, always marked) to `lowest`. */
export function rankTicks(lowest: number, count = 8): number[] {
  const ticks = integerTicks(1, Math.max(1, lowest), count);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  if (ticks[0] !== 1 && ticks[0] - 1 >= step / 2) ticks.unshift(1);
  return ticks;
}
