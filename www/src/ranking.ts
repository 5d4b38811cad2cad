/** Turning score columns into the rows the ranking table shows. Pure, so it is unit-tested. */
import type { Scores } from './protocol';

export interface RankingRow {
  rank: number;
  id: string;
  label: string;
  values: number[];
}

/** The first `limit` rows of the ranking, in the core's order. */
export function rankingRows(scores: Scores, limit: number): RankingRow[] {
  const count = Math.min(limit, scores.order.length);
  const rows: RankingRow[] = [];
  for (let position = 0; position < count; position++) {
    const account = scores.order[position];
    rows.push({
      rank: position + 1,
      id: scores.ids[account],
      label: scores.labels[account],
      values: scores.columns.map((column) => column[account]),
    });
  }
  return rows;
}

/**
 * Thousands separators as in English ("2,517"). One formatter for the page:
 * `Number.toLocaleString('en-US')` builds a new one on every call, which costs a
 * millisecond or more per number.
 */
const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

export function formatCount(value: number): string {
  return COUNT_FORMAT.format(value);
}

/** Whole numbers as they are; others with five significant digits (tiny ones in exponent form). */
export function formatScore(value: number): string {
  if (Number.isNaN(value)) return '–';
  if (value === 0) return '0'; // -0 too, which toLocaleString would write "-0"
  if (Number.isInteger(value)) return formatCount(value);
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(3);
  return value.toPrecision(5);
}

/** A lens's value as the tables show it: the influence index (0–100) with one decimal. */
export function formatMetric(metric: string, value: number): string {
  if (metric === 'influence_index' && Number.isFinite(value)) return value.toFixed(1);
  return formatScore(value);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
