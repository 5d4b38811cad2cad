/** Finding accounts by what the table shows of them (label and id). Pure. */

/** One lower-cased search text per account: its label and its id. */
export function searchTexts(labels: readonly string[], ids: readonly string[]): string[] {
  return labels.map((label, i) => `${label}\u0000${ids[i]}`.toLowerCase());
}

/** The accounts of `order` whose text contains `query` (case-insensitive), in that order. */
export function filterOrder(order: Uint32Array, texts: readonly string[], query: string): Uint32Array {
  const needle = query.trim().toLowerCase();
  if (!needle) return order;
  const kept: number[] = [];
  for (const account of order) if (texts[account].includes(needle)) kept.push(account);
  return Uint32Array.from(kept);
}

/** The accounts of `order` that `keep` accepts, in that order. */
export function filterBy(order: Uint32Array, keep: (account: number) => boolean): Uint32Array {
  const kept: number[] = [];
  for (const account of order) if (keep(account)) kept.push(account);
  return Uint32Array.from(kept);
}

/** Kinds with a "received" count column (links have none: they are the generic kind). */
export const RECEIVED_KINDS = ['follow', 'repost', 'quote', 'reply', 'mention'] as const;

/** The column counting what an account received of `kind`: `reposts_in`, `replies_in`... */
export function receivedColumn(kind: string): string {
  return kind === 'reply' ? 'replies_in' : `${kind}s_in`;
}
