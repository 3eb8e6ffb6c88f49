import { describe, expect, it } from 'vitest';
import { toothType } from '../core/fdi.ts';
import { frameBasis, movementFromPose, poseFromMovement, rotateVector } from '../core/pose.ts';
import { DEMO_SEED, generateDemoCase, placeDemoTeeth } from './demo/index.ts';
import { estimateArchFrame } from './segmentation/arch-frame.ts';
import { movedMesh, randomPose } from './segmentation/random.ts';
import { loadRealScan } from './fixtures/real-scan.ts';
import { adjustToothAxes, computeToothAxes, crownCentroid, type ToothAxes, type Vec3 } from './tooth-axes.ts';

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const UPPER = [17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27];

function expectOrthonormal(t: ToothAxes): void {
  for (const v of [t.mesial, t.buccal, t.occlusal]) expect(Math.hypot(...v)).toBeCloseTo(1, 9);
  expect(Math.abs(dot(t.mesial, t.buccal))).toBeLessThan(1e-9);
  expect(Math.abs(dot(t.mesial, t.occlusal))).toBeLessThan(1e-9);
  expect(Math.abs(dot(t.buccal, t.occlusal))).toBeLessThan(1e-9);
}

// Typical upper crown widths (mm, contact to contact) by tooth type.
const RANGE: Record<string, [number, number]> = { incisor: [6, 10], canine: [7, 9], premolar: [6, 8], molar: [9, 12] };
/** A central incisor between an average one (8.5 mm) and this patient's size factor (~1.3) times it. */
const centralRange: [number, number] = [8, 11.5];

describe('computeToothAxes on upper-arch-01 (ground-truth labels)', () => {
  const { mesh, vertexLabels } = loadRealScan();
  const frame = estimateArchFrame(mesh, 'upper');
  const { teeth, archCurve } = computeToothAxes(mesh, vertexLabels, frame, 'upper');
  const byFdi = new Map(teeth.map((t) => [t.fdi, t]));

  it('gives every tooth, in arch order, an orthonormal frame mirrored left to right', () => {
    expect(teeth.map((t) => t.fdi)).toEqual(UPPER);
    for (const t of teeth) {
      expectOrthonormal(t);
      expect(t.adjusted).toBe(false);
      // The crowns of an upper arch point against the scan's +z (see the data README).
      expect(t.occlusal[2]).toBeLessThan(-0.8);
      // Mesial points towards the midline, buccal out of the arch.
      const toMidline: Vec3 = [frame.origin[0] - t.origin[0], frame.origin[1] - t.origin[1], 0];
      expect(dot(t.mesial, toMidline)).toBeGreaterThan(0);
      const fromCentre: Vec3 = [t.origin[0] - frame.origin[0], t.origin[1] - (frame.origin[1] + 20), 0];
      expect(dot(t.buccal, fromCentre)).toBeGreaterThan(0);
      // Quadrant 1 frames are right-handed, quadrant 2 their mirror image.
      expect(frameBasis(t).h).toBe(t.fdi < 20 ? 1 : -1);
    }
  });

  it('measures widths that fit the tooth types, scaled to this (large) patient', () => {
    // This patient's teeth are large (the segmentation's size factor is ~1.3): scale the
    // usual ranges by the central incisors, which must themselves be plausible.
    const central = (byFdi.get(11)!.widthMm + byFdi.get(21)!.widthMm) / 2;
    expect(central).toBeGreaterThanOrEqual(centralRange[0]);
    expect(central).toBeLessThanOrEqual(centralRange[1]);
    const size = central / 8.5;
    for (const t of teeth) {
      const [lo, hi] = RANGE[toothType(t.fdi)];
      expect(t.widthMm, `tooth ${t.fdi}`).toBeGreaterThanOrEqual(lo * size - 0.3);
      expect(t.widthMm, `tooth ${t.fdi}`).toBeLessThanOrEqual(hi * size + 0.3);
      // Left and right counterparts agree.
      const other = byFdi.get(t.fdi < 20 ? t.fdi + 10 : t.fdi - 10)!;
      expect(Math.abs(t.widthMm - other.widthMm), `tooth ${t.fdi}`).toBeLessThan(1.5);
    }
  });

  it('finds both contacts except distal of the last molars, and the widths add up to the arch length', () => {
    for (const t of teeth) {
      expect(t.contactMesial).not.toBeNull();
      expect(t.contactDistal === null).toBe(t.fdi === 17 || t.fdi === 27);
    }
    // Neighbours share a contact: mesial of 12 and distal of 11 are within a millimetre.
    const d = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    expect(d(byFdi.get(12)!.contactMesial!, byFdi.get(11)!.contactDistal!)).toBeLessThan(1);
    let curveLength = 0;
    for (let i = 1; i < archCurve.points.length; i++) curveLength += d(archCurve.points[i], archCurve.points[i - 1]);
    const total = teeth.reduce((s, t) => s + t.widthMm, 0);
    expect(Math.abs(total - curveLength) / curveLength).toBeLessThan(0.06);
  });

  it('gives the same frames and widths for the scan rotated and moved (seed 4242)', () => {
    const { rotation, translation } = randomPose(4242);
    const moved = movedMesh(mesh, rotation, translation);
    const turned = computeToothAxes(moved, vertexLabels, estimateArchFrame(moved, 'upper'), 'upper').teeth;
    const rotate = (v: Vec3): Vec3 => [0, 1, 2].map((r) => rotation[3 * r] * v[0] + rotation[3 * r + 1] * v[1] + rotation[3 * r + 2] * v[2]) as Vec3;
    expect(turned.map((t) => t.fdi)).toEqual(UPPER);
    turned.forEach((t, i) => {
      const before = teeth[i];
      expect(Math.abs(t.widthMm - before.widthMm), `tooth ${t.fdi}`).toBeLessThan(0.3);
      for (const axis of ['mesial', 'buccal', 'occlusal'] as const) {
        expect(dot(t[axis], rotate(before[axis])), `tooth ${t.fdi} ${axis}`).toBeGreaterThan(Math.cos((3 * Math.PI) / 180));
      }
    });
  });

  it('lays the arch curve from the right molars to the left ones, near every crown', () => {
    const pts = archCurve.points;
    expect(pts.length).toBeGreaterThan(50);
    // +x is the patient's left on this scan.
    expect(pts[0][0]).toBeLessThan(pts[pts.length - 1][0]);
    for (const t of teeth) {
      const nearest = Math.min(...pts.map((p) => Math.hypot(p[0] - t.origin[0], p[1] - t.origin[1], p[2] - t.origin[2])));
      expect(nearest, `tooth ${t.fdi}`).toBeLessThan(3);
    }
  });
});

describe(`computeToothAxes on the demo case (seed ${DEMO_SEED})`, () => {
  const demo = generateDemoCase(DEMO_SEED);
  const placedTeeth = placeDemoTeeth(DEMO_SEED).teeth;

  it.each(['upper', 'lower'] as const)('measures every %s crown within 0.6 mm of its generated width, with its long axis', (jaw) => {
    const mesh = demo.arches[jaw].mesh;
    const placed = placedTeeth[jaw];
    const { teeth } = computeToothAxes(mesh, mesh.labels!, estimateArchFrame(mesh, jaw), jaw);
    expect(teeth.map((t) => t.fdi)).toEqual(jaw === 'upper' ? UPPER : [47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37]);
    for (const t of teeth) {
      // Right-handed in quadrants 1 and 3, mirror images in 2 and 4 (core/pose.ts).
      expect(frameBasis(t).h, `tooth ${t.fdi}`).toBe([1, 3].includes(Math.floor(t.fdi / 10)) ? 1 : -1);
      const p = placed.find((x) => x.fdi === t.fdi)!;
      const xs: number[] = [];
      for (let i = 0; i < p.crown.positions.length; i += 3) xs.push(p.crown.positions[i]);
      const trueWidth = Math.max(...xs) - Math.min(...xs);
      expect(Math.abs(t.widthMm - trueWidth), `tooth ${t.fdi}`).toBeLessThan(0.6);
      expectOrthonormal(t);
      // The generator's crown frame z is the long axis (tip and torque included).
      expect(dot(t.occlusal, p.actual.z), `tooth ${t.fdi}`).toBeGreaterThan(Math.cos((3 * Math.PI) / 180));
    }
  });
});

describe('adjustToothAxes', () => {
  const base: ToothAxes = {
    fdi: 21, origin: [1, 2, 3], mesial: [-1, 0, 0], buccal: [0, -1, 0], occlusal: [0, 0, 1],
    widthMm: 8.5, contactMesial: null, contactDistal: null, adjusted: false,
  };

  it('turns the axes with the clinical signs of core/pose.ts and marks them adjusted', () => {
    const tipped = adjustToothAxes(base, { tipDeg: 10, torqueDeg: 0, rotationDeg: 0 });
    expect(tipped.adjusted).toBe(true);
    expectOrthonormal(tipped);
    // +tip leans the long axis mesially, +torque buccally.
    expect(dot(tipped.occlusal, base.mesial)).toBeCloseTo(Math.sin(Math.PI / 18), 9);
    const torqued = adjustToothAxes(base, { tipDeg: 0, torqueDeg: 7, rotationDeg: 0 });
    expect(dot(torqued.occlusal, base.buccal)).toBeCloseTo(Math.sin((7 * Math.PI) / 180), 9);
    // +rotation is mesial-in: the mesial axis turns lingually.
    const rotated = adjustToothAxes(base, { tipDeg: 0, torqueDeg: 0, rotationDeg: 5 });
    expect(dot(rotated.mesial, base.buccal)).toBeCloseTo(-Math.sin((5 * Math.PI) / 180), 9);
    expect(rotated.origin).toEqual(base.origin);
  });

  it('turns the frame exactly as a staged movement of the same tip, torque and rotation turns the tooth', () => {
    for (const fdi of [11, 21, 36, 46]) {
      const frame = { ...base, fdi };
      const edit = { tipDeg: 4, torqueDeg: -3, rotationDeg: 6 };
      const adjusted = adjustToothAxes(frame, edit);
      expectOrthonormal(adjusted);
      const pose = poseFromMovement(frame, { mesial: 0, buccal: 0, extrusion: 0, tip: 4, torque: -3, rotation: 6 });
      for (const axis of ['mesial', 'buccal', 'occlusal'] as const) {
        const moved = rotateVector(pose.q, frame[axis]);
        for (let k = 0; k < 3; k++) expect(adjusted[axis][k], `${fdi} ${axis}`).toBeCloseTo(moved[k], 9);
      }
      expect(movementFromPose(frame, pose).rotation).toBeCloseTo(6, 9);
    }
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
