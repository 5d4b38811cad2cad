/**
 * How the import view describes what it read: a plain name per detected format, and the
 * lines of a file's report (counts, interactions by kind, how node rows joined, notes).
 * Pure, so it is unit-tested.
 */
import { formatCount } from './ranking';
import type { FileReport, Format } from './protocol';

/** A name for every format the core detects (`Format` is generated from the Rust enum: a new
 * format the page does not name fails the type check). */
const FORMAT_NAMES: Record<Format, string> = {
  edge_list: 'edge table',
  node_table: 'node table (accounts and attributes)',
  scores_table: "attaché scores table (accounts and their imported scores)",
  adjacency_matrix: 'adjacency matrix (Gephi CSV)',
  nodexl_edges: "NodeXL's Edges sheet",
  nodexl_vertices: "NodeXL's Vertices sheet",
  gdf: 'GDF (Gephi, Netvizz)',
  gexf: 'GEXF (Gephi)',
  graphml: 'GraphML',
  pajek: 'Pajek .net',
  gml: 'GML',
  node_link: 'node-link JSON (d3, networkx)',
  graphology: 'graphology JSON',
  twarc2: 'twarc2 JSONL (X API v2)',
  twitter_v1: 'X API v1.1 JSON',
  twarc_csv: 'tweet table (twarc-csv and others)',
  zip: 'ZIP archive',
  x_archive: 'X archive file',
  mastodon: 'Mastodon archive file',
  mastodon_csv: 'Mastodon CSV export',
  bluesky_car: 'Bluesky repository (CAR)',
  unknown: 'not recognised',
};

export function formatName(format: string): string {
  return FORMAT_NAMES[format as Format] ?? format.replace(/_/g, ' ');
}

/** Formats read as delimited tables, whose columns the user may map by hand. */
const TABLE_FORMATS = new Set<Format>([
  'edge_list',
  'node_table',
  'scores_table',
  'nodexl_edges',
  'nodexl_vertices',
  'unknown',
]);

/** Whether the mapping step applies: a table dropped as a file of its own (not a ZIP member). */
export function canMapColumns(report: FileReport, droppedNames: readonly string[]): boolean {
  return TABLE_FORMATS.has(report.format) && droppedNames.includes(report.path);
}

/** `reposts`, `replies`: a kind of interaction in the plural. */
export function plural(kind: string): string {
  return kind === 'reply' ? 'replies' : `${kind}s`;
}

/** `1 interaction`, `2,517 interactions`: a count with its noun, singular for one. */
export const countOf = (n: number, one: string, many = plural(one)) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** `21,549 follow, 16,337 repost`, most frequent kind first (ties by name). */
export function kindCounts(interactions: Record<string, number>): string {
  return Object.entries(interactions)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([kind, n]) => `${formatCount(n)} ${kind}`)
    .join(', ');
}

/** The lines describing one file's report, in reading order. */
export function reportLines(report: FileReport): string[] {
  const lines: string[] = [];
  const read = [countOf(report.records, 'record'), report.skipped ? `${formatCount(report.skipped)} skipped` : '']
    .filter(Boolean)
    .join(', ');
  lines.push(`${read}; new: ${countOf(report.accounts, 'account')}, ${countOf(report.posts, 'post')}`);
  const kinds = kindCounts(report.interactions);
  if (kinds) lines.push(`Interactions: ${kinds}`);
  const rows = report.node_rows;
  if (rows && rows.rows > 0) {
    const parts = [
      rows.matched_by_id ? `${formatCount(rows.matched_by_id)} matched by id` : '',
      rows.matched_by_handle ? `${formatCount(rows.matched_by_handle)} by handle` : '',
      rows.added ? `${formatCount(rows.added)} added as new accounts` : '',
      rows.ambiguous ? `${formatCount(rows.ambiguous)} ambiguous` : '',
    ].filter(Boolean);
    lines.push(`Account rows: ${countOf(rows.rows, 'row')}${parts.length ? ` (${parts.join(', ')})` : ''}`);
  }
  return lines;
}

/** Files grouped for display: each ZIP with the members read from it, others alone. */
export function groupArchiveMembers(files: readonly FileReport[]): { file: FileReport; members: FileReport[] }[] {
  const groups: { file: FileReport; members: FileReport[] }[] = [];
  for (const file of files) {
    const archive = groups.find((g) => g.file.format === 'zip' && file.path.startsWith(`${g.file.path}/`));
    if (archive) archive.members.push(file);
    else groups.push({ file, members: [] });
  }
  return groups;
}
