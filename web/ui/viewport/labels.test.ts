import { describe, expect, test } from 'vitest';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { toothAnchors, toothVertexIndices } from './labels.ts';

const UPPER = [17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27];

/** 14 cube "crowns" on a U-shaped arch (incisors anterior at -y) plus a gingiva vertex. */
function cubeArch(): LabelledMesh {
  const positions: number[] = [];
  const labels: number[] = [];
  UPPER.forEach((fdi, i) => {
    const t = -1.3 + (2.6 * (i + 0.5)) / UPPER.length;
    const cx = 25 * Math.sin(t), cy = -25 * Math.cos(t);
    for (const dx of [-2, 2]) for (const dy of [-2, 2]) for (const dz of [0, 8]) {
      positions.push(cx + dx, cy + dy, -dz);
      labels.push(fdi);
    }
  });
  positions.push(0, 0, 5);
  labels.push(0);
  return { positions: new Float32Array(positions), indices: new Uint32Array(0), labels: new Uint8Array(labels) };
}

describe('tooth label anchors', () => {
  const mesh = cubeArch();
  const teeth = toothVertexIndices(mesh.labels!);
  const anchors = toothAnchors(mesh, teeth);
  const at = (fdi: number) => anchors.find((a) => a.fdi === fdi)!;

  test('every labelled tooth gets its vertices and one anchor; gingiva none', () => {
    expect([...teeth.keys()].sort()).toEqual([...UPPER].sort());
    for (const idx of teeth.values()) expect(idx.length).toBe(8);
    expect(anchors.map((a) => a.fdi)).toEqual([...UPPER].sort((a, b) => a - b));
  });

  test('incisor labels sit in front of the incisors, molar labels outside the molars', () => {
    expect(at(11).buccal[1]).toBeLessThan(-0.9);
    expect(at(21).buccal[1]).toBeLessThan(-0.9);
    expect(at(17).buccal[0]).toBeLessThan(-0.85); // patient's right is -x
    expect(at(27).buccal[0]).toBeGreaterThan(0.85);
  });

  test('each anchor clears its crown and stays at mid-crown height', () => {
    for (const a of anchors) {
      const out = (a.anchor[0] - a.centroid[0]) * a.buccal[0] + (a.anchor[1] - a.centroid[1]) * a.buccal[1];
      expect(out).toBeGreaterThan(2); // the cube's half width
      expect(out).toBeLessThan(2 * Math.SQRT2 + 2);
      expect(a.anchor[2]).toBeCloseTo(-4, 5);
    }
  });
});
