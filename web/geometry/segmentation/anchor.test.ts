// Ambiguous numberings are flagged, and one tooth the planner names (an anchor) numbers
// the arch from it: on a closed extraction space, on the real arch (agreeing, and
// contradicting the geometry) and on the real arch turned into a lower one.
import { describe, expect, it } from 'vitest';
import { archOrder } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import { loadRealScan } from '../fixtures/real-scan.ts';
import type { Mesh } from '../mesh.ts';
import { upperAsLower, type LabelledMesh } from './fixtures/arch-variants.ts';
import { segmentArch } from './segment.ts';
import { syntheticArch } from './synthetic-arch.ts';
import type { Vec3 } from './vec.ts';

/** The point of a tooth's crown nearest its centroid: where a planner would click it. */
function crownCentre(mesh: Mesh, faceLabels: Uint8Array, fdi: number): Vec3 {
  const c: Vec3 = [0, 0, 0];
  const on: number[] = [];
  for (let f = 0; f < faceLabels.length; f++) {
    if (faceLabels[f] !== fdi) continue;
    for (let k = 0; k < 3; k++) { const v = mesh.indices[3 * f + k]; on.push(v); for (let d = 0; d < 3; d++) c[d] += mesh.positions[3 * v + d]; }
  }
  for (let d = 0; d < 3; d++) c[d] /= on.length;
  let best = on[0], bd = Infinity;
  for (const v of on) {
    const dd = (mesh.positions[3 * v] - c[0]) ** 2 + (mesh.positions[3 * v + 1] - c[1]) ** 2 + (mesh.positions[3 * v + 2] - c[2]) ** 2;
    if (dd < bd) { bd = dd; best = v; }
  }
  return [mesh.positions[3 * best], mesh.positions[3 * best + 1], mesh.positions[3 * best + 2]];
}

/** Tooth numbers strictly in arch order, none twice. */
function expectConsistent(teeth: number[], jaw: Jaw): void {
  const order = archOrder(jaw);
  const at = teeth.map((t) => order.indexOf(t));
  expect(at.every((i) => i >= 0)).toBe(true);
  for (let i = 1; i < at.length; i++) expect(at[i]).toBeGreaterThan(at[i - 1]);
}

function labelUnder(seg: { vertexLabels: Uint8Array }, mesh: Mesh, p: Vec3): number {
  let best = -1, bd = Infinity;
  for (let v = 0; v < mesh.positions.length / 3; v++) {
    const d = (mesh.positions[3 * v] - p[0]) ** 2 + (mesh.positions[3 * v + 1] - p[1]) ** 2 + (mesh.positions[3 * v + 2] - p[2]) ** 2;
    if (d < bd) { bd = d; best = v; }
  }
  return seg.vertexLabels[best];
}

describe('numbering ambiguity and the anchor', () => {
  // Lower incisors are nearly alike: with 41 gone and its space closed, three incisors
  // stand around the midline and either side's central could be the missing one.
  const closed = syntheticArch({ jaw: 'lower', seed: 40, missing: [41], closeSpaces: true });

  it('flags a lower arch with a closed incisor space as uncertain, in a field and in plain words (seed 40)', () => {
    const seg = segmentArch(closed.mesh, { jaw: 'lower' });
    expect(seg.numbering?.ambiguous).toBe(true);
    const alt = seg.numbering!.alternatives[0];
    expect(alt.numbers.length).toBe(seg.seeds.length);
    expect(alt.numbers).not.toEqual(seg.seeds.map((s) => s.fdi));
    expect(seg.warnings).toContain('The tooth numbers are uncertain on this scan: click tooth 41 (or any tooth you know) to set them.');
  });

  it('numbers consistently from an anchor on either side of the closed space (seed 40)', () => {
    // One anchor cannot tell which of two alike incisors is gone; it still names its own crown.
    for (const fdi of [42, 32]) {
      const point = crownCentre(closed.mesh, closed.faceLabels, fdi);
      const seg = segmentArch(closed.mesh, { jaw: 'lower', anchor: { fdi, point } });
      expectConsistent(seg.seeds.map((s) => s.fdi), 'lower');
      expect(labelUnder(seg, closed.mesh, point)).toBe(fdi);
      expect(seg.numbering?.anchor?.fdi).toBe(fdi);
      expect(seg.warnings.some((w) => w.includes('uncertain'))).toBe(false);
    }
  });

  it('refuses an anchor that names no tooth of the jaw, or points nowhere', () => {
    expect(() => segmentArch(closed.mesh, { jaw: 'lower', anchor: { fdi: 11, point: [0, 0, 0] } })).toThrow(/not a tooth of the lower arch/);
    expect(() => segmentArch(closed.mesh, { jaw: 'lower', anchor: { fdi: 31 } })).toThrow(/needs a point or a vertex/);
  });

  describe('on upper-arch-01', () => {
    const real = loadRealScan();
    const plain = segmentArch(real.mesh, { jaw: 'upper' });

    it('is sure of its numbering on the real arch', () => {
      expect(plain.numbering?.ambiguous).toBe(false);
      expect(plain.warnings).toEqual([]);
    });

    it('changes nothing when the anchor agrees (11 on tooth 11)', () => {
      const seg = segmentArch(real.mesh, { jaw: 'upper', anchor: { fdi: 11, point: crownCentre(real.mesh, real.faceLabels, 11) } });
      expect(seg.seeds).toEqual(plain.seeds);
      expect(seg.faceLabels).toEqual(plain.faceLabels);
    });

    it('numbers consistently from an anchor that contradicts the geometry (11 on the first molar)', () => {
      const point = crownCentre(real.mesh, real.faceLabels, 16);
      const seg = segmentArch(real.mesh, { jaw: 'upper', anchor: { fdi: 11, point } });
      const teeth = seg.seeds.map((s) => s.fdi);
      expectConsistent(teeth, 'upper');
      expect(labelUnder(seg, real.mesh, point)).toBe(11);
      expect(teeth).toContain(21);
    });

    it('flags upper-sized crowns turned into a lower arch, and numbers them right from one anchor (41), by point or vertex', () => {
      const lower: LabelledMesh = upperAsLower(real);
      const expected = [47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37];
      const free = segmentArch(lower.mesh, { jaw: 'lower' });
      // Lower priors expect a central narrower than its lateral: these crowns say otherwise.
      expect(free.numbering?.ambiguous).toBe(true);
      const point = crownCentre(lower.mesh, lower.faceLabels, 41);
      const seg = segmentArch(lower.mesh, { jaw: 'lower', anchor: { fdi: 41, point } });
      expect(seg.seeds.map((s) => s.fdi)).toEqual(expected);
      expect(seg.numbering?.ambiguous).toBe(false);
      expect(seg.numbering?.anchor?.fdi).toBe(41);
      expect(labelUnder(seg, lower.mesh, point)).toBe(41);
      const vertex = seg.seeds.find((s) => s.fdi === 41)!.vertex;
      const byVertex = segmentArch(lower.mesh, { jaw: 'lower', anchor: { fdi: 41, vertex } });
      expect(byVertex.seeds.map((s) => s.fdi)).toEqual(expected);
    });
  });
});
