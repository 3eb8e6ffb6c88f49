import { describe, expect, it } from 'vitest';
import { extractGingiva } from './gingiva.ts';
import { loadRealScan } from './fixtures/real-scan.ts';

describe('extractGingiva on upper-arch-01 (ground-truth face labels)', () => {
  const { mesh, faceLabels } = loadRealScan();
  const gum = extractGingiva(mesh, faceLabels);

  it('keeps exactly the gingiva triangles, and with the teeth covers every face once', () => {
    const isGum = new Uint8Array(faceLabels.length);
    for (const f of gum.sourceTriangle) isGum[f]++;
    let toothFaces = 0;
    for (let f = 0; f < faceLabels.length; f++) {
      if (faceLabels[f] !== 0) toothFaces++;
      expect(isGum[f]).toBe(faceLabels[f] === 0 ? 1 : 0);
    }
    expect(gum.mesh.indices.length / 3 + toothFaces).toBe(faceLabels.length);
    // Local triangles are the arch's, vertex for vertex.
    for (let i = 0; i < gum.sourceTriangle.length; i += 997) {
      const f = gum.sourceTriangle[i];
      for (let k = 0; k < 3; k++) expect(gum.sourceVertex[gum.mesh.indices[3 * i + k]]).toBe(mesh.indices[3 * f + k]);
    }
  });

  it('links every margin vertex to a tooth face of that FDI number, for all 14 teeth', () => {
    const toothFacesOf = new Map<number, Set<number>>();
    for (let f = 0; f < faceLabels.length; f++) {
      const l = faceLabels[f];
      if (l === 0) continue;
      for (let k = 0; k < 3; k++) {
        const v = mesh.indices[3 * f + k];
        let s = toothFacesOf.get(v);
        if (!s) toothFacesOf.set(v, (s = new Set()));
        s.add(l);
      }
    }
    expect(gum.margin.length).toBeGreaterThan(1000);
    for (const { vertex, fdi } of gum.margin) {
      expect(toothFacesOf.get(gum.sourceVertex[vertex])?.has(fdi)).toBe(true);
    }
    expect([...new Set(gum.margin.map((m) => m.fdi))].sort()).toEqual([11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27]);
  });

  it('rejects labels that do not belong to the mesh', () => {
    expect(() => extractGingiva(mesh, faceLabels.subarray(1))).toThrow(/face labels for 99999 triangles/);
  });
});
