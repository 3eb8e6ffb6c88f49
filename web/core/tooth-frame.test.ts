import { describe, expect, it } from 'vitest';
import { octahedronCrownAt } from './fixtures/crowns.ts';
import { archGuide, crownCentroid, toothFrame, ToothFrameError } from './tooth-frame.ts';
import { cross, dot, length, type Vec3 } from './pose.ts';

const crownAt = (c: Vec3) => octahedronCrownAt(c);

// Scan frame: +x the patient's left, -y anterior, +z superior.
const upper = { centre: [0, 0, 0] as Vec3, occlusal: [0, 0, -1] as Vec3 };
const lower = { centre: [0, 0, 0] as Vec3, occlusal: [0, 0, 1] as Vec3 };

describe('toothFrame', () => {
  const cases: [number, Vec3, typeof upper, Vec3, Vec3][] = [
    // fdi, centroid, arch, expected mesial, expected buccal (approximately)
    [11, [-4, -25, -5], upper, [1, 0, 0], [0, -1, 0]],
    [21, [4, -25, -5], upper, [-1, 0, 0], [0, -1, 0]],
    [31, [3, -22, 5], lower, [-1, 0, 0], [0, -1, 0]],
    [41, [-3, -22, 5], lower, [1, 0, 0], [0, -1, 0]],
    [16, [-24, 2, -5], upper, [0, -1, 0], [-1, 0, 0]],
    [26, [24, 2, -5], upper, [0, -1, 0], [1, 0, 0]],
    [36, [22, 4, 5], lower, [0, -1, 0], [1, 0, 0]],
    [46, [-22, 4, 5], lower, [0, -1, 0], [-1, 0, 0]],
  ];
  for (const [fdi, c, arch, mesial, buccal] of cases) {
    it(`${fdi}: origin at the centroid, axes orthonormal, mesial and buccal point the clinical way`, () => {
      const f = toothFrame(fdi, crownAt(c), arch);
      for (let k = 0; k < 3; k++) expect(f.origin[k]).toBeCloseTo(c[k], 5);
      for (const a of [f.mesial, f.buccal, f.occlusal]) expect(length(a)).toBeCloseTo(1, 12);
      expect(dot(f.mesial, f.buccal)).toBeCloseTo(0, 12);
      expect(dot(f.mesial, f.occlusal)).toBeCloseTo(0, 12);
      expect(dot(f.buccal, f.occlusal)).toBeCloseTo(0, 12);
      expect(dot(f.mesial, mesial)).toBeGreaterThan(0.95);
      expect(dot(f.buccal, buccal)).toBeGreaterThan(0.95);
      expect(f.occlusal).toEqual(arch.occlusal);
    });
  }

  it('left and right frames are mirror images (opposite handedness)', () => {
    const h = (fdi: number, c: Vec3, arch: typeof upper): number => {
      const f = toothFrame(fdi, crownAt(c), arch);
      return Math.sign(dot(cross(f.mesial, f.buccal), f.occlusal));
    };
    expect(h(11, [-4, -25, -5], upper)).toBe(-h(21, [4, -25, -5], upper));
    expect(h(31, [3, -22, 5], lower)).toBe(-h(41, [-3, -22, 5], lower));
    expect(h(11, [-4, -25, -5], upper)).toBe(h(31, [3, -22, 5], lower));
  });

  it('rejects what has no frame, naming the tooth', () => {
    const empty = { positions: new Float32Array(0), indices: new Uint32Array(0) };
    expect(() => toothFrame(11, empty, upper)).toThrow(/11.*no vertices/);
    const nan = crownAt([1, 2, 3]);
    nan.positions[4] = NaN;
    expect(() => toothFrame(12, nan, upper)).toThrow(ToothFrameError);
    expect(() => toothFrame(13, crownAt([0, 0, -5]), upper)).toThrow(/13.*centre line/);
    expect(() => toothFrame(14, crownAt([-20, -5, -5]), { centre: [0, 0, 0], occlusal: [0, 0, 0] })).toThrow(/14.*occlusal/);
    expect(() => toothFrame(19, crownAt([-20, -5, -5]), upper)).toThrow(/FDI/);
  });
});

describe('crownCentroid', () => {
  it('weights by area, so dense sampling on one side does not pull the centroid', () => {
    // A unit square split into 2 triangles on the left half and 32 thin ones on the right half.
    const pos: number[] = [0, 0, 0, 0.5, 0, 0, 0.5, 1, 0, 0, 1, 0];
    const idx: number[] = [0, 1, 2, 0, 2, 3];
    const n = 16;
    for (let i = 0; i <= n; i++) pos.push(0.5 + (0.5 * i) / n, 0, 0, 0.5 + (0.5 * i) / n, 1, 0);
    for (let i = 0; i < n; i++) {
      const a = 4 + 2 * i;
      idx.push(a, a + 2, a + 3, a, a + 3, a + 1);
    }
    const c = crownCentroid(new Float32Array(pos), new Uint32Array(idx));
    expect(c[0]).toBeCloseTo(0.5, 6);
    expect(c[1]).toBeCloseTo(0.5, 6);
  });
});

describe('archGuide', () => {
  it('centres on the mean crown centroid with a unit occlusal direction', () => {
    const g = archGuide([[-10, 0, 0], [10, 0, 0], [0, -20, 3]], [0, 0, -2]);
    expect(g.centre[0]).toBeCloseTo(0, 12);
    expect(g.centre[1]).toBeCloseTo(-20 / 3, 12);
    expect(g.occlusal).toEqual([0, 0, -1]);
    expect(() => archGuide([], [0, 0, 1])).toThrow(ToothFrameError);
  });
});
