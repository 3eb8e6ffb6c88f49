import { describe, expect, it } from 'vitest';
import { buildArchForm, pointAt, projectOnForm, walkChord, type ArchFormParams, type ArchFormType } from './arch-form.ts';

const base: Omit<ArchFormParams, 'type'> = { front: 25, canineHalfWidth: 17, canineDepth: 7, molarHalfWidth: 26, molarY: 0 };

describe('arch forms', () => {
  it.each(['ovoid', 'tapered', 'square'] as ArchFormType[])('the %s form passes through the midline, the canines and the molars', (type) => {
    const form = buildArchForm({ ...base, type });
    expect(projectOnForm(form, 0, 25).distance).toBeLessThan(1e-6);
    for (const side of [-1, 1]) {
      expect(projectOnForm(form, side * 17, 18).distance).toBeLessThan(0.01);
      expect(projectOnForm(form, side * 26, 0).distance).toBeLessThan(0.01);
    }
    // Symmetric about the midline.
    const [xr, yr] = pointAt(form, -20), [xl, yl] = pointAt(form, 20);
    expect(xr).toBeCloseTo(-xl, 9);
    expect(yr).toBeCloseTo(yl, 9);
  });

  it('spreads the curvature differently per type: tapered is furthest back at the laterals, square least', () => {
    const yAt = (type: ArchFormType) => {
      const f = buildArchForm({ ...base, type });
      let best = 0;
      for (let i = 0; i < f.xs.length; i++) if (Math.abs(f.xs[i] - 8) < Math.abs(f.xs[best] - 8)) best = i;
      return f.ys[best];
    };
    expect(yAt('tapered')).toBeLessThan(yAt('ovoid'));
    expect(yAt('ovoid')).toBeLessThan(yAt('square'));
  });

  it('walks a chord: the point found is the asked straight-line distance away, further along the arch', () => {
    const form = buildArchForm({ ...base, type: 'ovoid' });
    for (const [s0, w] of [[0, 8.5], [14, 7.5], [30, 10]]) {
      const s1 = walkChord(form, s0, w);
      expect(s1).toBeGreaterThan(s0 + w - 1e-9);
      const [x0, y0] = pointAt(form, s0), [x1, y1] = pointAt(form, s1);
      expect(Math.hypot(x1 - x0, y1 - y0)).toBeCloseTo(w, 6);
    }
  });

  it('projects a point back to its arc length, negative on the right', () => {
    const form = buildArchForm({ ...base, type: 'square' });
    const [x, y] = pointAt(form, -23.4);
    const p = projectOnForm(form, x, y);
    expect(p.s).toBeCloseTo(-23.4, 3);
    expect(p.distance).toBeLessThan(1e-6);
  });
});
