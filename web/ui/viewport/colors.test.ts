import { describe, expect, test } from 'vitest';
import { archOrder } from '../../core/fdi.ts';
import { GINGIVA, srgbToLinear, toothTint } from './colors.ts';

describe('viewport palette', () => {
  test('neighbouring teeth never share a tint, and every tint is an ivory', () => {
    for (const jaw of ['upper', 'lower'] as const) {
      const order = archOrder(jaw);
      for (let i = 1; i < order.length; i++) {
        expect(toothTint(order[i])).not.toEqual(toothTint(order[i - 1]));
      }
      for (const fdi of order) {
        const [r, g, b] = toothTint(fdi);
        expect(Math.min(r, g, b)).toBeGreaterThan(0.75);
        expect(r).toBeGreaterThanOrEqual(b);
      }
    }
  });

  test('gingiva is clearly redder than enamel', () => {
    expect(GINGIVA[0] - GINGIVA[1]).toBeGreaterThan(0.25);
  });

  test('sRGB to linear keeps the ends and darkens the middle', () => {
    expect(srgbToLinear(0)).toBe(0);
    expect(srgbToLinear(1)).toBeCloseTo(1, 10);
    expect(srgbToLinear(0.5)).toBeCloseTo(0.214, 3);
  });
});
