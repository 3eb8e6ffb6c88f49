// Seeded synthetic scans for the import tests: a bumpy, jittered height field the size of
// an arch, so every format can be written and read back and compared exactly.
import type { Mesh } from '../../mesh.ts';
import { seededRandom } from '../../../core/random.ts';

export { seededRandom } from '../../../core/random.ts';

export interface SyntheticScan {
  mesh: Mesh;
  /** The grid cells as quads (a, b, c, d); the mesh splits each into (a,b,c) and (a,c,d). */
  quads: number[][];
  /** Edges on the rim of the grid: 2 (cols - 1) + 2 (rows - 1). */
  boundaryEdges: number;
}

/** A cols x rows height field spanning about 60 x 45 mm, with seeded jitter and heights. */
export function syntheticScan(seed: number, cols = 12, rows = 9): SyntheticScan {
  const random = seededRandom(seed);
  const positions = new Float32Array(cols * rows * 3);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const v = (j * cols + i) * 3;
      positions[v] = -30 + (60 * i) / (cols - 1) + (random() - 0.5) * 0.8;
      positions[v + 1] = -22.5 + (45 * j) / (rows - 1) + (random() - 0.5) * 0.8;
      positions[v + 2] = 10 + random() * 8;
    }
  }
  const quads: number[][] = [];
  const indices: number[] = [];
  for (let j = 0; j + 1 < rows; j++) {
    for (let i = 0; i + 1 < cols; i++) {
      const a = j * cols + i;
      const quad = [a, a + 1, a + cols + 1, a + cols];
      quads.push(quad);
      indices.push(quad[0], quad[1], quad[2], quad[0], quad[2], quad[3]);
    }
  }
  return {
    mesh: { positions, indices: new Uint32Array(indices) },
    quads,
    boundaryEdges: 2 * (cols - 1) + 2 * (rows - 1),
  };
}

export function trianglesOf(mesh: Mesh): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < mesh.indices.length; t += 3) out.push([mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]]);
  return out;
}

/** The soup a welded mesh came from: corner positions triangle by triangle. */
export function cornerPositions(mesh: Mesh): Float32Array {
  const out = new Float32Array(mesh.indices.length * 3);
  for (let k = 0; k < mesh.indices.length; k++) {
    const v = mesh.indices[k] * 3;
    out[k * 3] = mesh.positions[v];
    out[k * 3 + 1] = mesh.positions[v + 1];
    out[k * 3 + 2] = mesh.positions[v + 2];
  }
  return out;
}
