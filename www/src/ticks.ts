/** Axis ticks for what is counted (ranks, members, places): whole numbers only. Pure, unit-tested. */

/**
 * Whole-number ticks from `low` to `high`: the multiples of a step of 1, 2 or 5 times a
 * power of ten, the smallest that gives at most about `count` of them (ranks and counts
 * have no halves).
 */
export function integerTicks(low: number, high: number, count = 8): number[] {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [];
  if (high < low) [low, high] = [high, low];
  const span = high - low;
  let step = 1;
  for (let power = 1; span / step > count; power *= 10) {
    step = [1, 2, 5, 10].map((m) => m * power).find((s) => span / s <= count) ?? 10 * power;
  }
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high; tick += step) ticks.push(tick);
  return ticks;
}
