/**
 * The sizes of the groups' flow matrix for a font size, pure so that it is unit-tested:
 * margins that hold the tick labels (the columns' rotated by 45°) and both axis labels
 * whole, cells as large as the box allows, and numbers in the cells only where they fit
 * (in full, else compact, else none: the cell's tooltip keeps the count).
 */
import { formatCount } from './ranking';

export interface MatrixLayout {
  width: number;
  height: number;
  marginLeft: number;
  marginTop: number;
  marginBottom: number;
  marginRight: number;
  cell: number;
  /** How counts are written in the cells. */
  numbers: 'full' | 'compact' | 'none';
}

/** Width of `chars` characters of the page's sans-serif at `fontSize` (a generous average). */
export function textWidth(chars: number, fontSize: number): number {
  return Math.ceil(chars * fontSize * 0.62);
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** `1,234` as `1.2K`, for cells too small for the full count. */
export function compactCount(value: number): string {
  return COMPACT.format(value);
}

/**
 * `names`: the groups (rows and columns, shortened); `values`: the counts drawn;
 * `xLabel`: the columns' axis label; `boxWidth`: the room the chart has.
 */
export function matrixLayout(names: readonly string[], values: readonly number[], xLabel: string, boxWidth: number, fontSize: number): MatrixLayout {
  const longest = names.reduce((m, name) => Math.max(m, name.length), 0);
  const tick = textWidth(longest, fontSize);
  const n = Math.max(1, names.length);
  const minRight = fontSize;
  const maxCell = Math.max(56, Math.round(fontSize * 3.5));
  // The rotated column labels reach left of the first column by about 0.71 of their length.
  const leftFor = (cell: number) => Math.max(tick + 12, Math.ceil(tick * 0.71 - cell / 2) + 4);
  let cell = Math.max(18, Math.min(maxCell, Math.floor((boxWidth - leftFor(maxCell) - minRight) / n)));
  const marginLeft = leftFor(cell);
  cell = Math.max(18, Math.min(maxCell, Math.floor((boxWidth - marginLeft - minRight) / n)));
  const fits = (texts: string[]) => textWidth(texts.reduce((m, t) => Math.max(m, t.length), 0), fontSize) + 10 <= cell;
  const shown = values.filter((v) => v > 0);
  const numbers = fits(shown.map(formatCount)) ? 'full' : fits(shown.map(compactCount)) ? 'compact' : 'none';
  const marginTop = Math.round(fontSize * 2.2);
  const marginBottom = Math.ceil(tick * 0.71 + fontSize) + Math.round(fontSize * 2.4);
  const frame = marginLeft + cell * n + minRight;
  // The axis labels are written whole: the chart is at least as wide as the longer one,
  // the room it adds on the right (the cells stay square).
  const width = Math.max(frame, marginLeft + textWidth(xLabel.length, fontSize) + minRight);
  return {
    width,
    height: marginTop + cell * n + marginBottom,
    marginLeft,
    marginTop,
    marginBottom,
    marginRight: width - marginLeft - cell * n,
    cell,
    numbers,
  };
}
