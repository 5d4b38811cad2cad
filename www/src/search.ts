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
