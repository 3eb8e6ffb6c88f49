// The gingiva: every triangle of the arch that is not a tooth, as a mesh of its own, with
// its gum line linked to the teeth it borders. Later stages move the teeth and let the
// gum follow them along this margin (manufacturing models need gum that follows the teeth).
import type { Mesh } from './mesh.ts';

export interface Gingiva {
  mesh: Mesh;
  /** Arch vertex index of each gingiva vertex. */
  sourceVertex: Uint32Array;
  /** Arch triangle index of each gingiva triangle. */
  sourceTriangle: Uint32Array;
  /** Gum-line vertices (gingiva-local index) and the tooth each borders; a vertex between two teeth appears once per tooth. */
  margin: { vertex: number; fdi: number }[];
}

/** Splits off the triangles labelled 0 (`faceLabels`: FDI per triangle, 0 = gingiva). */
export function extractGingiva(mesh: Mesh, faceLabels: Uint8Array): Gingiva {
  const faceCount = mesh.indices.length / 3;
  if (faceLabels.length !== faceCount) throw new Error(`gingiva: ${faceLabels.length} face labels for ${faceCount} triangles`);
  const vertexCount = mesh.positions.length / 3;
  const local = new Int32Array(vertexCount).fill(-1);
  const sourceVertex: number[] = [];
  const sourceTriangle: number[] = [];
  const indices: number[] = [];
  for (let f = 0; f < faceCount; f++) {
    if (faceLabels[f] !== 0) continue;
    sourceTriangle.push(f);
    for (let k = 0; k < 3; k++) {
      const v = mesh.indices[3 * f + k];
      if (local[v] < 0) { local[v] = sourceVertex.length; sourceVertex.push(v); }
      indices.push(local[v]);
    }
  }
  // A gingiva vertex on the margin shares a triangle with a tooth.
  const seen = new Set<number>();
  const margin: { vertex: number; fdi: number }[] = [];
  for (let f = 0; f < faceCount; f++) {
    const fdi = faceLabels[f];
    if (fdi === 0) continue;
    for (let k = 0; k < 3; k++) {
      const g = local[mesh.indices[3 * f + k]];
      if (g < 0) continue;
      const key = g * 256 + fdi;
      if (seen.has(key)) continue;
      seen.add(key);
      margin.push({ vertex: g, fdi });
    }
  }
  margin.sort((a, b) => a.fdi - b.fdi || a.vertex - b.vertex);
  const positions = new Float32Array(sourceVertex.length * 3);
  sourceVertex.forEach((v, i) => positions.set(mesh.positions.subarray(3 * v, 3 * v + 3), 3 * i));
  return {
    mesh: { positions, indices: Uint32Array.from(indices) },
    sourceVertex: Uint32Array.from(sourceVertex),
    sourceTriangle: Uint32Array.from(sourceTriangle),
    margin,
  };
}
