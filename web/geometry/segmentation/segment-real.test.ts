// Accuracy floors on the shared real scan (upper-arch-01), as placed and in arbitrary poses.
import { describe, expect, it } from 'vitest';
import { movedMesh, randomPose } from './random.ts';
import { loadRealScan } from '../fixtures/real-scan.ts';
import { boundaryError, boundarySegments, toothIou } from './metrics.ts';
import { buildTopology, faceNeighbours } from './topology.ts';
import { segmentArch, type Segmentation } from './segment.ts';
import type { Mesh } from '../mesh.ts';

const EXPECTED = [17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27];

function scoreOf(mesh: Mesh, seg: Segmentation, truth: Uint8Array) {
  const scores = toothIou(mesh, seg.faceLabels, truth);
  const mean = scores.reduce((s, x) => s + x.iou, 0) / scores.length;
  return { scores, mean, min: Math.min(...scores.map((s) => s.iou)) };
}

function expectFloors(mesh: Mesh, seg: Segmentation, truth: Uint8Array): void {
  const seedsAlongArch = seg.seeds.map((s) => s.fdi);
  expect(seedsAlongArch).toEqual(EXPECTED);
  const { scores, mean, min } = scoreOf(mesh, seg, truth);
  expect(scores.map((s) => s.fdi).sort()).toEqual([...EXPECTED].sort());
  expect(mean).toBeGreaterThanOrEqual(0.9);
  expect(min).toBeGreaterThanOrEqual(0.8);
}

describe('segmentArch on upper-arch-01', () => {
  const { mesh, faceLabels, vertexLabels } = loadRealScan();
  const seg = segmentArch(mesh, { jaw: 'upper' });

  it('finds and numbers all 14 teeth with mean IoU >= 0.90 and none below 0.80', () => {
    expectFloors(mesh, seg, faceLabels);
  });

  it('labels every triangle and vertex, in the mesh own order, with FDI or 0', () => {
    expect(seg.faceLabels.length).toBe(mesh.indices.length / 3);
    expect(seg.vertexLabels.length).toBe(mesh.positions.length / 3);
    const allowed = new Set([0, ...EXPECTED]);
    expect([...new Set(seg.faceLabels)].every((l) => allowed.has(l))).toBe(true);
    // Per-vertex labels agree with the ground truth's per-vertex file on most of the arch.
    let same = 0;
    for (let v = 0; v < vertexLabels.length; v++) if (seg.vertexLabels[v] === vertexLabels[v]) same++;
    expect(same / vertexLabels.length).toBeGreaterThan(0.93);
  });

  it('draws smooth boundaries: no lone triangle sticks out, shorter than the hand-made ones', () => {
    const topo = buildTopology(mesh);
    const nb = faceNeighbours(topo);
    let spikes = 0;
    for (let f = 0; f < seg.faceLabels.length; f++) {
      // A lone triangle: two of its neighbours agree on a label other than its own.
      const l = [0, 1, 2].map((k) => (nb[3 * f + k] >= 0 ? seg.faceLabels[nb[3 * f + k]] : -1));
      const own = seg.faceLabels[f];
      if ((l[0] >= 0 && l[0] !== own && (l[0] === l[1] || l[0] === l[2])) || (l[1] >= 0 && l[1] !== own && l[1] === l[2])) spikes++;
    }
    expect(spikes).toBe(0);
    const length = (s: Float64Array) => { let l = 0; for (let i = 0; i < s.length; i += 6) l += Math.hypot(s[i + 3] - s[i], s[i + 4] - s[i + 1], s[i + 5] - s[i + 2]); return l; };
    expect(length(boundarySegments(mesh, seg.faceLabels))).toBeLessThan(0.9 * length(boundarySegments(mesh, faceLabels)));
    expect(boundaryError(mesh, seg.faceLabels, faceLabels)).toBeLessThan(0.3);
  });

  it('recognises the palate (upper) and warns nothing on a correctly assigned jaw', () => {
    expect(seg.frame.jawGuess).toBe('upper');
    expect(seg.warnings).toEqual([]);
  });

  it('warns when the scan is given as the other jaw', () => {
    const wrong = segmentArch(mesh, { jaw: 'lower' });
    expect(wrong.warnings.some((w) => w.includes('upper'))).toBe(true);
  });

  it('segments the same with its triangles wound inward (normals into the tissue)', () => {
    const flipped: Mesh = { positions: mesh.positions, indices: mesh.indices.slice() };
    for (let f = 0; f < flipped.indices.length; f += 3) [flipped.indices[f + 1], flipped.indices[f + 2]] = [flipped.indices[f + 2], flipped.indices[f + 1]];
    expectFloors(flipped, segmentArch(flipped, { jaw: 'upper' }), faceLabels);
  });

  for (const poseSeed of [20261123, 7]) {
    it(`gives the same result rotated and moved (pose seed ${poseSeed})`, () => {
      const pose = randomPose(poseSeed);
      const moved = movedMesh(mesh, pose.rotation, pose.translation);
      const again = segmentArch(moved, { jaw: 'upper' });
      expectFloors(moved, again, faceLabels);
      let same = 0;
      for (let f = 0; f < faceLabels.length; f++) if (again.faceLabels[f] === seg.faceLabels[f]) same++;
      expect(same / faceLabels.length).toBeGreaterThan(0.99);
    });
  }
});
