/**
 * Colours for the map: a categorical palette for attributes and partitions (countries,
 * categories, communities), and quantile bins for continuous scores. Pure.
 */

/** Okabe & Ito's colour-blind-safe palette, extended with Tableau's muted tones. */
export const CATEGORY_COLOURS = [
  '#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000',
  '#8C6D31', '#7F7F7F', '#AEC7E8', '#98DF8A',
];
export const OTHER_COLOUR = '#C7CCD4';
export const DEFAULT_COLOUR = '#1F5FBF';
/** Light to dark blue, for score quantiles. */
export const SEQUENTIAL_COLOURS = ['#C6DBEF', '#9ECAE1', '#6BAED6', '#3182BD', '#08519C'];

export interface LegendEntry {
  label: string;
  colour: string;
  count: number;
}

export interface Colouring {
  /** One colour per account. */
  colours: string[];
  legend: LegendEntry[];
}

/**
 * Colours accounts by categories: the most frequent get their own colour (ties by
 * name), the rest and accounts without a value are grey. `codes[i]` indexes `values`;
 * a code outside it means "none".
 */
export function colourByCategory(values: readonly string[], codes: ArrayLike<number>): Colouring {
  const counts = new Array<number>(values.length).fill(0);
  for (let i = 0; i < codes.length; i++) if (codes[i] < values.length) counts[codes[i]]++;
  const ranked = values.map((_, code) => code).sort((a, b) => counts[b] - counts[a] || values[a].localeCompare(values[b]));
  const shown = ranked.filter((code) => counts[code] > 0).slice(0, CATEGORY_COLOURS.length);
  const colourOf = new Map(shown.map((code, i) => [code, CATEGORY_COLOURS[i]]));
  const colours = Array.from({ length: codes.length }, (_, i) => colourOf.get(codes[i]) ?? OTHER_COLOUR);
  const legend = shown.map((code) => ({ label: values[code], colour: colourOf.get(code)!, count: counts[code] }));
  const rest = codes.length - legend.reduce((sum, entry) => sum + entry.count, 0);
  if (rest > 0) legend.push({ label: 'other or none', colour: OTHER_COLOUR, count: rest });
  return { colours, legend };
}

/**
 * Colours accounts by a metric column. A partition (whole numbers with few distinct
 * values, such as k-cores; or any column said to be one, such as communities, however
 * many) is coloured as categories, the largest first; any other score by quintiles.
 */
export function colourByValues(
  values: Float64Array,
  formatValue: (v: number) => string,
  partition = false,
): Colouring {
  const finite = Array.from(values).filter(Number.isFinite);
  const distinct = [...new Set(finite)];
  const fewWholeNumbers = distinct.length <= CATEGORY_COLOURS.length && distinct.every(Number.isInteger);
  if (finite.length > 0 && (partition || fewWholeNumbers)) {
    distinct.sort((a, b) => a - b);
    const index = new Map(distinct.map((v, i) => [v, i]));
    const codes = Array.from(values, (v) => index.get(v) ?? distinct.length);
    return colourByCategory(distinct.map(formatValue), codes);
  }
  const sorted = finite.sort((a, b) => a - b);
  const bins = SEQUENTIAL_COLOURS.length;
  const thresholds = Array.from({ length: bins - 1 }, (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / bins)] ?? 0);
  const binOf = (v: number) => thresholds.filter((t) => v >= t).length;
  const counts = new Array<number>(bins).fill(0);
  const colours = Array.from(values, (v) => {
    if (!Number.isFinite(v)) return OTHER_COLOUR;
    const bin = binOf(v);
    counts[bin]++;
    return SEQUENTIAL_COLOURS[bin];
  });
  const legend = SEQUENTIAL_COLOURS.map((colour, bin) => ({
    label: bin === 0 ? `below ${formatValue(thresholds[0])}` : `from ${formatValue(thresholds[bin - 1])}`,
    colour,
    count: counts[bin],
  })).filter((entry) => entry.count > 0);
  return { colours, legend };
}

/** `#RRGGBB` to `[r, g, b]`. */
export function rgb(colour: string): [number, number, number] {
  const value = parseInt(colour.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** Node radii from a score: area proportional to the value, between `min` and `max`. */
export function nodeSizes(values: Float64Array | null, count: number, min = 2, max = 18): Float64Array {
  const sizes = new Float64Array(count).fill(min);
  if (!values) return sizes;
  let top = 0;
  for (const v of values) if (Number.isFinite(v) && v > top) top = v;
  if (top <= 0) return sizes;
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v > 0) sizes[i] = min + (max - min) * Math.sqrt(v / top);
  }
  return sizes;
}
