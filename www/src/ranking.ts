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

/** Below this a value means nothing at the precision of its inputs: shown as `≈ 0`. */
export const NEGLIGIBLE = 1e-12;

/**
 * A value on its own (a card row, a sentence): whole numbers with separators; others to
 * three significant digits, never in exponent form; values too small to mean anything as
 * `≈ 0` (the exact value stays in `exactTitle` and in every export).
 */
export function formatScore(value: number): string {
  if (Number.isNaN(value)) return '–';
  if (value === 0) return '0'; // -0 too, which toLocaleString would write "-0"
  if (Number.isInteger(value)) return formatCount(value);
  if (Math.abs(value) < NEGLIGIBLE) return '≈ 0';
  return fixed(value, significantDecimals(Math.abs(value)));
}

/** What a lens's values are (the catalogue says it): how they are shown. */
export type ValueKind = 'count' | 'share' | 'score' | 'index' | 'category';

/** The decimals that show `magnitude` to three significant digits (none at 100 and above). */
function significantDecimals(magnitude: number): number {
  if (!(magnitude > 0) || !Number.isFinite(magnitude)) return 0;
  return Math.min(14, Math.max(0, 2 - Math.floor(Math.log10(magnitude))));
}

const FIXED_FORMATS = new Map<number, Intl.NumberFormat>();

/** `value` with exactly `decimals` decimals and thousands separators. */
function fixed(value: number, decimals: number): string {
  let format = FIXED_FORMATS.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    FIXED_FORMATS.set(decimals, format);
  }
  const text = format.format(value);
  return text.startsWith('-') && Number(text.replace(/[-,]/g, '')) === 0 ? text.slice(1) : text;
}

/**
 * How one column writes its values: one number of decimals for the whole column (so the
 * digits line up and 0.1 never sits above 0.09871), chosen from its largest value.
 * Counts are whole; weighted counts get at most two decimals; the index one; shares and
 * scores three significant digits of the largest. A non-zero value below the column's last
 * decimal says so (`< 0.0001`) rather than printing zeros, and `≈ 0` marks what is zero at
 * the precision of its inputs.
 */
export function columnFormat(kind: ValueKind, values: ArrayLike<number>): (value: number) => string {
  if (kind === 'index') return (value) => (Number.isFinite(value) ? value.toFixed(1) : '–');
  let largest = 0;
  let whole = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    largest = Math.max(largest, Math.abs(value));
    if (whole && !Number.isInteger(value)) whole = false;
  }
  const decimals = whole ? 0 : kind === 'count' || kind === 'category' ? Math.min(2, significantDecimals(largest)) : significantDecimals(largest);
  const smallest = decimals === 0 ? 0.5 : 0.5 * 10 ** -decimals;
  const floor = `< ${fixed(10 ** -decimals, decimals)}`;
  return (value) => {
    if (Number.isNaN(value)) return '–';
    if (value === 0) return '0';
    if (Math.abs(value) < NEGLIGIBLE) return '≈ 0';
    if (Math.abs(value) < smallest) return value < 0 ? `> -${floor.slice(2)}` : floor;
    return fixed(value, decimals);
  };
}

/** The exact value, for a hover title, where the shown text rounds it away. */
export function exactTitle(value: number, shown: string): string | null {
  return Number.isFinite(value) && shown !== String(value) && shown !== formatCount(value) ? String(value) : null;
}

/** Long numeric ids (Twitter's have 19 digits) shortened for the table: the full id is on hover and in the card. */
export function shortId(id: string): string {
  return /^\d{13,}$/.test(id) ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

/** A lens's value on its own, as the card and sentences show it: the influence index (0–100) with one decimal. */
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

/** What the paragraph above the table is made of. */
export interface AnswerFacts {
  accounts: number;
  connections: number;
  /** The format of each file read. */
  files: string[];
  lens: string;
  descending: boolean;
  /** `tied`: how many accounts share the first place (the leader included). */
  leader: { name: string; value: string; next: { name: string; value: string } | null; tied: number } | null;
  /** The influence index's first account, when the table is sorted by another lens. */
  indexLeader: string | null;
}

/** "413 accounts and 214 connections from 5 twarc2 files. By PageRank, X leads (0.087), ahead of Y (0.082)." */
export function answerText(facts: AnswerFacts): string {
  const counts = new Map<string, number>();
  for (const format of facts.files) counts.set(format, (counts.get(format) ?? 0) + 1);
  const files = [...counts].map(([format, n]) => `${formatCount(n)} ${format.replace(/_/g, ' ')} file${n === 1 ? '' : 's'}`).join(' and ');
  let text = `${formatCount(facts.accounts)} accounts and ${formatCount(facts.connections)} connections${files ? ` from ${files}` : ''}.`;
  const leader = facts.leader;
  if (leader) {
    const place = facts.descending ? 'leads' : 'comes first (lowest first)';
    if (leader.tied > 1) {
      // Ties at the top are common on thin data (link-only collections, archives): a
      // "leader" picked by account order would be a claim the lens does not make.
      text += ` By ${facts.lens}, ${formatCount(leader.tied)} accounts tie at the top (${leader.value}): the lens cannot separate them on these data; ${leader.name} is listed first by account order.`;
    } else {
      text += ` By ${facts.lens}, ${leader.name} ${place} (${leader.value})`;
      text += leader.next ? `, ahead of ${leader.next.name} (${leader.next.value}).` : '.';
    }
  }
  if (facts.indexLeader && facts.indexLeader !== leader?.name) text += ` The influence index puts ${facts.indexLeader} first.`;
  return text;
}

/** How many accounts share the first place of `order` under `values` (1 when one leads alone). */
export function tiedAtTop(order: ArrayLike<number>, values: ArrayLike<number>): number {
  if (order.length === 0) return 0;
  const top = values[order[0]];
  let tied = 1;
  while (tied < order.length && values[order[tied]] === top) tied++;
  return tied;
}
