/**
 * Moves labels apart along one axis: each keeps its place where it can and is pushed
 * just far enough from its neighbours otherwise (the labels at the ends of the lines of
 * a chart, where two accounts often share a rank). Pure, so it is unit-tested.
 */

/** Positions at least `gap` apart, as close to `wanted` as the order allows, within [min, max] when they fit. */
export function dodge(wanted: readonly number[], gap: number, min = -Infinity, max = Infinity): number[] {
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a] - wanted[b] || a - b);
  const placed = new Array<number>(wanted.length);
  let previous = -Infinity;
  for (const i of order) {
    placed[i] = Math.max(wanted[i], previous + gap, min);
    previous = placed[i];
  }
  // Pushed past the end: shift the tail back, keeping the gaps.
  let next = Infinity;
  for (const i of [...order].reverse()) {
    placed[i] = Math.min(placed[i], next - gap, max);
    next = placed[i];
  }
  return placed;
}
