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
 * Whole numbers as they are; others with five significant digits (small ones in exponent
 * form); values too small to mean anything as `≈ 0` (the exact value stays in `exactTitle`
 * and in every export).
 */
export function formatScore(value: number): string {
  if (Number.isNaN(value)) return '–';
  if (value === 0) return '0'; // -0 too, which toLocaleString would write "-0"
  if (Number.isInteger(value)) return formatCount(value);
  if (Math.abs(value) < NEGLIGIBLE) return '≈ 0';
  if (Math.abs(value) < 1e-4) return value.toExponential(3);
  return value.toPrecision(5);
}

/** The exact value, for a hover title, where the shown text rounds it away. */
export function exactTitle(value: number, shown: string): string | null {
  return Number.isFinite(value) && shown !== String(value) && shown !== formatCount(value) ? String(value) : null;
}

/** Long numeric ids (Twitter's have 19 digits) shortened for the table: the full id is on hover and in the card. */
export function shortId(id: string): string {
  return /^\d{13,}$/.test(id) ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
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

/** What the paragraph above the table is made of. */
export interface AnswerFacts {
  accounts: number;
  connections: number;
  /** The format of each file read. */
  files: string[];
  lens: string;
  descending: boolean;
  leader: { name: string; value: string; next: { name: string; value: string } | null } | null;
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
    text += ` By ${facts.lens}, ${leader.name} ${place} (${leader.value})`;
    text += leader.next ? `, ahead of ${leader.next.name} (${leader.next.value}).` : '.';
  }
  if (facts.indexLeader && facts.indexLeader !== leader?.name) text += ` The influence index puts ${facts.indexLeader} first.`;
  return text;
}
