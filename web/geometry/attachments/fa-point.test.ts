// The FA point and an attachment's seat, on every tooth of the demo case and of the real
// upper arch: on the crown's facial surface, halfway up the clinical crown, centred
// mesio-distally, with an outward normal; and the seat reaches the enamel everywhere under
// the attachment.
import { describe, expect, it } from 'vitest';
import { generateDemoCase, DEMO_SEED } from '../demo/index.ts';
import { loadRealScan } from '../fixtures/real-scan.ts';
import { archPlanParts } from '../setup/plan-parts.ts';
import { cutCrowns } from '../tooth-crowns.ts';
import { dot, sub, type Vec3 } from '../../core/vec.ts';
import type { LabelledMesh } from '../mesh.ts';
import type { Jaw } from '../../core/types.ts';
import { attachmentFrame, crownSurfacePoint, faPoint, seatingDepth } from './fa-point.ts';

interface Tooth { fdi: number; crown: ReturnType<typeof cutCrowns>[number]['mesh']; frame: { origin: Vec3; mesial: Vec3; buccal: Vec3; occlusal: Vec3 } }

function teethOf(mesh: LabelledMesh, jaw: Jaw): Tooth[] {
  const axes = new Map(archPlanParts(mesh, jaw).teeth.map((t) => [t.fdi, t]));
  return cutCrowns(mesh).filter((c) => axes.has(c.fdi)).map((c) => ({ fdi: c.fdi, crown: c.mesh, frame: axes.get(c.fdi)! }));
}

function heights(t: Tooth, side: 1 | -1): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.crown.positions.length; i += 3) {
    const d = sub([t.crown.positions[i], t.crown.positions[i + 1], t.crown.positions[i + 2]], t.frame.origin);
    if (side * dot(d, t.frame.buccal) > 0) out.push(dot(d, t.frame.occlusal));
  }
  return out.sort((a, b) => a - b);
}

const demo = generateDemoCase();
const real = loadRealScan();
const cases: [string, Tooth[]][] = [
  [`the demo case (seed ${DEMO_SEED})`, [...teethOf(demo.arches.upper.mesh, 'upper'), ...teethOf(demo.arches.lower.mesh, 'lower')]],
  ['the real upper arch (upper-arch-01)', teethOf({ ...real.mesh, labels: real.vertexLabels }, 'upper')],
];

describe.each(cases)('on %s', (_name, teeth) => {
  it('every crown\'s FA point is on its facial surface, about halfway up the clinical crown, with an outward normal', () => {
    expect(teeth.length).toBeGreaterThanOrEqual(12);
    for (const t of teeth) {
      const fa = faPoint(t.crown, t.frame);
      const d = sub(fa.point, t.frame.origin);
      const h = heights(t, 1);
      const low = h[Math.round(0.03 * (h.length - 1))], high = h[Math.round(0.98 * (h.length - 1))];
      const up = dot(d, t.frame.occlusal);
      expect(up, `${t.fdi}: halfway up the crown`).toBeGreaterThan(low + 0.3 * (high - low));
      expect(up, `${t.fdi}: halfway up the crown`).toBeLessThan(low + 0.7 * (high - low));
      expect(dot(d, t.frame.buccal), `${t.fdi}: on the facial side`).toBeGreaterThan(1);
      expect(dot(fa.normal, t.frame.buccal), `${t.fdi}: the normal looks out of the face`).toBeGreaterThan(0.5);
      const lingual = faPoint(t.crown, t.frame, 'lingual');
      expect(dot(sub(lingual.point, t.frame.origin), t.frame.buccal), `${t.fdi}: lingual point on the lingual side`).toBeLessThan(-1);
      expect(dot(lingual.normal, t.frame.buccal), `${t.fdi}: lingual normal looks lingually`).toBeLessThan(-0.5);
    }
  });

  it('an offset moves the point along the surface by about that much, mesially and occlusally', () => {
    for (const t of teeth) {
      const fa = faPoint(t.crown, t.frame).point;
      const moved = crownSurfacePoint(t.crown, t.frame, 'buccal', { mesial: 0.8, occlusal: -0.8 }).point;
      const d = sub(moved, fa);
      expect(dot(d, t.frame.mesial), `${t.fdi}`).toBeGreaterThan(0.2);
      expect(dot(d, t.frame.occlusal), `${t.fdi}`).toBeLessThan(-0.2);
    }
  });

  it('a 2 x 3 mm attachment\'s base, lowered by the seating depth, reaches the enamel everywhere under it', () => {
    for (const t of teeth) {
      const f = attachmentFrame(faPoint(t.crown, t.frame), t.frame);
      expect(Math.abs(dot(f.x, f.y)) + Math.abs(dot(f.x, f.z)) + Math.abs(dot(f.y, f.z)), `${t.fdi}: orthonormal`).toBeLessThan(1e-9);
      expect(dot(f.y, t.frame.occlusal), `${t.fdi}: long side along the crown`).toBeGreaterThan(0.7);
      const depth = seatingDepth(t.crown, f, 2, 3);
      expect(depth, `${t.fdi}: a crown curves away less than a millimetre under 2 x 3 mm`).toBeLessThan(1.2);
      // Every enamel vertex under the footprint lies between the lowered base and 0.05 mm above the plane.
      for (let i = 0; i < t.crown.positions.length; i += 3) {
        const d = sub([t.crown.positions[i], t.crown.positions[i + 1], t.crown.positions[i + 2]], f.origin);
        if (Math.abs(dot(d, f.x)) > 1 || Math.abs(dot(d, f.y)) > 1.5 || dot(d, f.z) < -3) continue;
        expect(dot(d, f.z), `${t.fdi}`).toBeGreaterThanOrEqual(-depth - 1e-9);
        expect(dot(d, f.z), `${t.fdi}: no enamel stands through the base`).toBeLessThan(0.6);
      }
    }
  });
});
