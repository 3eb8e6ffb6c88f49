import { describe, expect, it } from 'vitest';
import { allocateIpr, boltonAnalysis, BOLTON_ANTERIOR_NORM, BOLTON_OVERALL_NORM } from './analysis.ts';

/** Hand-made widths (mm) by position 1..6, the same on both sides of a jaw. */
function widths(upper: number[], lower: number[]): Map<number, number> {
  const m = new Map<number, number>();
  upper.forEach((w, i) => { m.set(11 + i, w); m.set(21 + i, w); });
  lower.forEach((w, i) => { m.set(41 + i, w); m.set(31 + i, w); });
  return m;
}

describe('boltonAnalysis', () => {
  const upper = [8.5, 6.5, 7.5, 7, 6.5, 10];
  const lower = [5.5, 6, 7, 7, 7, 11];

  it('gives the anterior (3-3) and overall (6-6) ratios as lower sum / upper sum', () => {
    const b = boltonAnalysis(widths(upper, lower));
    const sum = (v: number[], n: number) => 2 * v.slice(0, n).reduce((s, x) => s + x, 0);
    expect(b.anterior!.upperSumMm).toBeCloseTo(sum(upper, 3), 9);
    expect(b.anterior!.lowerSumMm).toBeCloseTo(sum(lower, 3), 9);
    expect(b.anterior!.ratioPercent).toBeCloseTo((100 * 37) / 45, 9);
    expect(b.overall!.ratioPercent).toBeCloseTo((100 * sum(lower, 6)) / sum(upper, 6), 9);
    expect(b.anterior!.normPercent).toBe(BOLTON_ANTERIOR_NORM);
    expect(b.overall!.normPercent).toBe(BOLTON_OVERALL_NORM);
  });

  it('names the arch with the excess and how much to remove to meet the norm', () => {
    const b = boltonAnalysis(widths(upper, lower));
    // 37 / 45 = 82.2% > 77.2%: lower anterior excess = 37 - 45 * 0.772.
    expect(b.anterior!.excessArch).toBe('lower');
    expect(b.anterior!.excessMm).toBeCloseTo(37 - 45 * 0.772, 9);
    const small = boltonAnalysis(widths(upper, [5, 5.5, 6.5, 7, 7, 11]));
    // 34 / 45 = 75.6% < 77.2%: upper excess = 45 - 34 / 0.772.
    expect(small.anterior!.excessArch).toBe('upper');
    expect(small.anterior!.excessMm).toBeCloseTo(45 - 34 / 0.772, 9);
  });

  it('gives null for a ratio with a tooth missing', () => {
    const w = widths(upper, lower);
    w.delete(36);
    const b = boltonAnalysis(w);
    expect(b.anterior).not.toBeNull();
    expect(b.overall).toBeNull();
  });
});

describe('allocateIpr', () => {
  const right = [{ mesial: 11, distal: 12 }, { mesial: 12, distal: 13 }, { mesial: 13, distal: 14 }];
  const left = [{ mesial: 21, distal: 22 }, { mesial: 22, distal: 23 }, { mesial: 23, distal: 24 }];
  const midline = { mesial: 11, distal: 21 };

  it('uses the midline first, then anterior contacts, never above the maximum, in 0.1 mm steps', () => {
    const ipr = allocateIpr(0.3, 1.0, midline, right, left, 0.5);
    expect(ipr.get('11-21')).toBeCloseTo(0.5, 9);
    // Left still needs 0.75: 0.5 at 21-22 then 0.3 (0.25 rounded up) at 22-23.
    expect(ipr.get('21-22')).toBeCloseTo(0.5, 9);
    expect(ipr.get('22-23')).toBeCloseTo(0.3, 9);
    expect(ipr.has('23-24')).toBe(false);
    // Right needed 0.3, the midline gave 0.25: 0.1 more at 11-12.
    expect(ipr.get('11-12')).toBeCloseTo(0.1, 9);
    for (const v of ipr.values()) expect(v).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it('proposes nothing when nothing is short, and at most the maximum everywhere when much is', () => {
    expect(allocateIpr(0, 0, midline, right, left, 0.5).size).toBe(0);
    const ipr = allocateIpr(10, 10, midline, right, left, 0.35);
    expect(ipr.size).toBe(7);
    for (const v of ipr.values()) expect(v).toBeCloseTo(0.3, 9);
  });
});
