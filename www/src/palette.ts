/**
 * Colours for the map: a categorical palette for attributes and partitions (countries,
 * categories, communities), and a light-to-dark gradient for continuous scores. Pure.
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
  /** A gradient stop's value. */
  value?: number;
}

export interface Colouring {
  /** One colour per account. */
  colours: string[];
  /** Categories; for a gradient, its stops in order, lowest first. */
  legend: LegendEntry[];
  /** The colours run along a gradient of values (the legend shows it as one bar). */
  gradient?: boolean;
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
 * many) is coloured as categories, the largest first; any other score as a gradient
 * ([`colourByGradient`]).
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
  return colourByGradient(values, formatValue);
}

/** The gradient's legend stops: lowest, quartiles, highest. */
const GRADIENT_STOPS = [0, 0.25, 0.5, 0.75, 1];

/**
 * Colours a score by its rank: an account whose value is above a share `p` of the
 * others takes the colour at `p` along the light-to-dark gradient (so a heavy tail does
 * not leave everyone in the lightest tone). The legend is ordered, lowest first: the
 * value at each of [`GRADIENT_STOPS`], its colour, and how many accounts lie from it to
 * the next stop. Accounts without a value are grey.
 */
export function colourByGradient(values: Float64Array, formatValue: (v: number) => string): Colouring {
  const sorted = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { colours: Array.from(values, () => OTHER_COLOUR), legend: [] };
  const last = Math.max(1, sorted.length - 1);
  // The share of accounts below a value: the index of its first occurrence.
  const shareBelow = (v: number) => lowerBound(sorted, v) / last;
  const colours = Array.from(values, (v) => (Number.isFinite(v) ? gradientColour(shareBelow(v)) : OTHER_COLOUR));
  const stopValues = GRADIENT_STOPS.map((p) => sorted[Math.round(p * (sorted.length - 1))]);
  const legend: LegendEntry[] = [];
  stopValues.forEach((value, k) => {
    if (k > 0 && value === stopValues[k - 1]) return;
    const next = stopValues.slice(k + 1).find((v) => v !== value);
    const from = lowerBound(sorted, value);
    const to = next === undefined ? sorted.length : lowerBound(sorted, next);
    legend.push({ label: formatValue(value), colour: gradientColour(shareBelow(value)), count: to - from, value });
  });
  return { colours, legend, gradient: true };
}

/** The first index of `sorted` whose value is at least `v`. */
function lowerBound(sorted: readonly number[], v: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The colour at `share` (0 to 1) along [`SEQUENTIAL_COLOURS`], interpolated in RGB. */
export function gradientColour(share: number): string {
  const position = Math.min(1, Math.max(0, share)) * (SEQUENTIAL_COLOURS.length - 1);
  const k = Math.min(SEQUENTIAL_COLOURS.length - 2, Math.floor(position));
  const [a, b] = [rgb(SEQUENTIAL_COLOURS[k]), rgb(SEQUENTIAL_COLOURS[k + 1])];
  const t = position - k;
  const mix = a.map((c, i) => Math.round(c + (b[i] - c) * t));
  return `#${mix.map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
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
