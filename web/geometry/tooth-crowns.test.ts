import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cutCrowns, CrownCutError } from './tooth-crowns.ts';
import type { LabelledMesh } from './mesh.ts';
import { loadUpperArch, UPPER_ARCH_DIR } from '../engine/fixtures/real-crowns.ts';

/**
 * A strip of 6 quads (7 x 2 vertices); labels per column of vertices:
 * 11 11 11 | 12 12 12 12, plus a lone triangle labelled 11 far away (an island).
 */
function strip(): LabelledMesh {
  const positions: number[] = [];
  const labels: number[] = [];
  const columnLabel = [11, 11, 11, 12, 12, 12, 12];
  for (let i = 0; i < 7; i++) {
    positions.push(i, 0, 0, i, 1, 0);
    labels.push(columnLabel[i], columnLabel[i]);
  }
  const indices: number[] = [];
  for (let i = 0; i < 6; i++) indices.push(2 * i, 2 * i + 2, 2 * i + 3, 2 * i, 2 * i + 3, 2 * i + 1);
  positions.push(20, 0, 0, 21, 0, 0, 20, 1, 0);
  labels.push(11, 11, 11);
  indices.push(14, 15, 16);
  return { positions: Float32Array.from(positions), indices: Uint32Array.from(indices), labels: Uint8Array.from(labels) };
}

describe('cutCrowns', () => {
  it('assigns the mixed quad by majority and drops the island', () => {
    const crowns = cutCrowns(strip());
    expect(crowns.map((c) => c.fdi)).toEqual([11, 12]);
    // Quad 2 (columns 2-3) has one triangle with two 11 vertices and one with two 12 vertices.
    expect(crowns[0].mesh.indices.length / 3).toBe(5);
    expect(crowns[1].mesh.indices.length / 3).toBe(7);
    expect([...crowns[0].sourceTriangle]).toEqual([0, 1, 2, 3, 5]);
  });

  it("with rule 'all' keeps only triangles whose three vertices agree", () => {
    const crowns = cutCrowns(strip(), { rule: 'all' });
    expect(crowns[0].mesh.indices.length / 3).toBe(4);
    expect(crowns[1].mesh.indices.length / 3).toBe(6);
  });

  it('keeps islands when asked', () => {
    const crowns = cutCrowns(strip(), { largestPieceOnly: false });
    expect(crowns[0].mesh.indices.length / 3).toBe(6);
  });

  it('re-indexes compactly and maps every vertex back to the arch', () => {
    const arch = strip();
    for (const c of cutCrowns(arch)) {
      const n = c.mesh.positions.length / 3;
      expect(Math.max(...c.mesh.indices)).toBe(n - 1);
      for (let v = 0; v < n; v++) {
        for (let k = 0; k < 3; k++) expect(c.mesh.positions[v * 3 + k]).toBe(arch.positions[c.sourceVertex[v] * 3 + k]);
      }
      for (let t = 0; t < c.sourceTriangle.length; t++) {
        for (let k = 0; k < 3; k++) expect(c.sourceVertex[c.mesh.indices[t * 3 + k]]).toBe(arch.indices[c.sourceTriangle[t] * 3 + k]);
      }
    }
  });

  it('refuses an arch without labels or with the wrong number of them', () => {
    const arch = strip();
    expect(() => cutCrowns({ ...arch, labels: null })).toThrow(CrownCutError);
    expect(() => cutCrowns({ ...arch, labels: arch.labels!.subarray(1) })).toThrow(/17 vertices but 16 labels/);
  });
});

describe('cutCrowns on the real upper arch', () => {
  const arch = loadUpperArch();
  const crowns = cutCrowns(arch);
  const { face_labels: faceLabels } = JSON.parse(readFileSync(UPPER_ARCH_DIR + 'upper.face-labels.json', 'utf8')) as { face_labels: number[] };

  it('finds the 14 teeth 11-17 and 21-27', () => {
    expect(crowns.map((c) => c.fdi)).toEqual([11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27]);
  });

  it('agrees with the per-triangle ground truth on at least 97% of each crown', () => {
    for (const c of crowns) {
      const agree = [...c.sourceTriangle].filter((t) => faceLabels[t] === c.fdi).length;
      expect(agree / c.sourceTriangle.length).toBeGreaterThan(0.97);
      expect(c.sourceTriangle.length).toBeGreaterThan(2500);
    }
  });
});
