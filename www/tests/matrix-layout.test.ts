/** The groups' flow matrix sizes: labels whole, numbers only where they fit. */
import { describe, expect, it } from 'vitest';
import { compactCount, matrixLayout, textWidth } from '../src/matrix-layout';

const LABEL = 'receives (interactions to the group) →';

describe('the flow matrix layout', () => {
  it('is wide enough for the axis label, with square cells, however few the groups', () => {
    for (const fontSize of [12, 16]) {
      const layout = matrixLayout(['0', '1', '2', '3'], [42, 7, 46, 3], LABEL, 1100, fontSize);
      expect(layout.width).toBeGreaterThanOrEqual(layout.marginLeft + textWidth(LABEL.length, fontSize));
      // The frame is the cells, the extra width goes to the right margin.
      expect(layout.width - layout.marginLeft - layout.marginRight).toBe(layout.cell * 4);
      expect(layout.height - layout.marginTop - layout.marginBottom).toBe(layout.cell * 4);
      expect(layout.numbers).toBe('full');
    }
  });

  it('leaves room left of the rotated column labels and under them', () => {
    const names = ['United Kingdom', 'China', '(other groups)'];
    const layout = matrixLayout(names, [10], LABEL, 900, 16);
    const tick = textWidth(14, 16);
    expect(layout.marginLeft).toBeGreaterThanOrEqual(tick);
    expect(layout.marginLeft + layout.cell / 2).toBeGreaterThanOrEqual(tick * 0.71);
    expect(layout.marginBottom).toBeGreaterThan(tick * 0.71 + 16);
  });

  it('writes counts in full, compact or not at all, by what fits a cell', () => {
    const names = Array.from({ length: 17 }, (_, i) => `group ${i}`);
    expect(matrixLayout(names, [2240, 51], LABEL, 1100, 12).numbers).toBe('full');
    expect(matrixLayout(names, [2240, 51], LABEL, 1100, 16).numbers).toBe('compact');
    expect(matrixLayout(names, [2240, 51], LABEL, 500, 16).numbers).toBe('none');
    expect(compactCount(2240)).toBe('2.2K');
    expect(compactCount(51)).toBe('51');
  });
});
