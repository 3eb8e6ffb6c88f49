// Every attachment shape on every tooth of the demo upper arch and of the real upper arch:
// a closed, manifold, outward-facing solid of about the size asked for, standing its depth
// proud of the enamel, and, cut by the tooth's collision solid, with a base that follows the
// enamel (no gap over 0.05 mm).
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_SHAPES, plannerAttachment } from '../core/attachments.ts';
import { generateDemoCase, DEMO_SEED } from '../geometry/demo/index.ts';
import { loadRealScan } from '../geometry/fixtures/real-scan.ts';
import { archPlanParts } from '../geometry/setup/plan-parts.ts';
import { cutCrowns } from '../geometry/tooth-crowns.ts';
import { buildBvh, closestPoint } from '../geometry/bvh.ts';
import { dot, sub } from '../core/vec.ts';
import type { LabelledMesh, Mesh } from '../geometry/mesh.ts';
import { attachmentSolid } from './attachment-solid.ts';
import { loadManifold } from './manifold.ts';

/** Each undirected edge in exactly two triangles, walked once each way (consistent winding), and positive volume. */
function closedManifold(mesh: Mesh): { ok: boolean; why: string; volume: number } {
  const edges = new Map<string, number>();
  const idx = mesh.indices;
  for (let t = 0; t < idx.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = idx[t + k], b = idx[t + ((k + 1) % 3)];
      const key = `${a},${b}`;
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  for (const [key, n] of edges) {
    const [a, b] = key.split(',');
    if (n !== 1) return { ok: false, why: `edge ${key} walked ${n} times the same way`, volume: 0 };
    if (edges.get(`${b},${a}`) !== 1) return { ok: false, why: `edge ${key} has no twin`, volume: 0 };
  }
  let volume = 0;
  const p = mesh.positions;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
    volume += (p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c])) / 6;
  }
  return { ok: volume > 0, why: volume > 0 ? '' : 'inside out', volume };
}

function teethOf(mesh: LabelledMesh) {
  const parts = archPlanParts(mesh, 'upper');
  const axes = new Map(parts.teeth.map((t) => [t.fdi, t]));
  const solids = new Map(parts.solids.map((s) => [s.fdi, s.mesh]));
  return cutCrowns(mesh).filter((c) => axes.has(c.fdi) && solids.has(c.fdi)).map((c) => ({ fdi: c.fdi, crown: c.mesh, frame: axes.get(c.fdi)!, solid: solids.get(c.fdi)! }));
}

const real = loadRealScan();
const arches: [string, ReturnType<typeof teethOf>][] = [
  [`the demo upper arch (seed ${DEMO_SEED})`, teethOf(generateDemoCase().arches.upper.mesh)],
  ['the real upper arch (upper-arch-01)', teethOf({ ...real.mesh, labels: real.vertexLabels })],
];

describe.each(arches)('attachments on %s', (_name, teeth) => {
  it('every shape on every tooth is a closed, manifold, outward-facing solid of about its size, its depth proud of the enamel', async () => {
    const api = await loadManifold();
    expect(teeth.length).toBeGreaterThanOrEqual(12);
    for (const t of teeth) {
      for (const shape of ATTACHMENT_SHAPES) {
        const a = plannerAttachment(t.fdi, shape);
        const s = attachmentSolid(api, { attachment: a, crown: t.crown, frame: t.frame });
        const check = closedManifold(s.mesh);
        expect(check.ok, `${t.fdi} ${shape}: ${check.why}`).toBe(true);
        expect(s.volumeMm3).toBeCloseTo(check.volume, 3);
        // Above the enamel: at most the full box, at least a quarter of it (bevels, the ellipsoid).
        const box = a.widthMm * a.heightMm * a.depthMm;
        expect(s.volumeMm3, `${t.fdi} ${shape}`).toBeLessThanOrEqual(a.widthMm * a.heightMm * (a.depthMm + s.seatMm) + 1e-6);
        expect(s.volumeMm3, `${t.fdi} ${shape}`).toBeGreaterThan(box * 0.25);
        let top = -Infinity;
        for (let i = 0; i < s.mesh.positions.length; i += 3) top = Math.max(top, dot(sub([s.mesh.positions[i], s.mesh.positions[i + 1], s.mesh.positions[i + 2]], s.frame.origin), s.frame.z));
        expect(top, `${t.fdi} ${shape}: its depth above the enamel at its centre`).toBeCloseTo(a.depthMm, 2);
      }
    }
  });

  it('cut by the tooth\'s solid, a rectangular attachment\'s base follows the enamel: every base vertex within 0.05 mm of the tooth', async () => {
    const api = await loadManifold();
    for (const t of teeth) {
      const s = attachmentSolid(api, { attachment: plannerAttachment(t.fdi), crown: t.crown, frame: t.frame, toothSolid: t.solid });
      expect(closedManifold(s.mesh).ok, `${t.fdi}`).toBe(true);
      const bvh = buildBvh(t.solid);
      let base = 0;
      for (let i = 0; i < s.mesh.positions.length; i += 3) {
        const p = [s.mesh.positions[i], s.mesh.positions[i + 1], s.mesh.positions[i + 2]] as [number, number, number];
        // A box's vertices are its four top corners and, below them, where its walls and base meet the enamel.
        if (dot(sub(p, s.frame.origin), s.frame.z) > 1 - 0.01) continue;
        const d = closestPoint(bvh, ...p).distance;
        expect(Math.abs(d), `${t.fdi}: a base vertex ${d.toFixed(3)} mm from the enamel`).toBeLessThanOrEqual(0.05);
        base++;
      }
      expect(base, `${t.fdi}: the base lies on the enamel`).toBeGreaterThan(4);
      expect(s.volumeMm3).toBeGreaterThan(2 * 3 * 1 * 0.8);
    }
  });
});
