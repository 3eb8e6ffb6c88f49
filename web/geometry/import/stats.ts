// Mesh health numbers for the import report. Boundary edges show holes and the open
// gingival rim; degenerate triangles show a careless export. Both are reported, never
// repaired here: the planner decides.
import type { Mesh } from '../mesh.ts';

/** Triangles below this area (mm²) are degenerate: far under a scanner's resolution. */
export const DEGENERATE_AREA_MM2 = 1e-9;

export interface MeshHealth {
  /** Edges used by exactly one triangle. */
  boundaryEdges: number;
  /** Triangles with a repeated corner or (near) zero area. */
  degenerateTriangles: number;
}

export function meshHealth(mesh: Mesh): MeshHealth {
  return { boundaryEdges: countBoundaryEdges(mesh.indices), degenerateTriangles: countDegenerate(mesh) };
}

function countDegenerate(mesh: Mesh): number {
  const p = mesh.positions;
  const idx = mesh.indices;
  const limit = (2 * DEGENERATE_AREA_MM2) ** 2; // compared with |cross|², which is (2·area)²
  let count = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
    if (a === b || b === c || a === c) {
      count++;
      continue;
    }
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
    if (cx * cx + cy * cy + cz * cz <= limit) count++;
  }
  return count;
}

/** Counts undirected edges used by exactly one triangle (typed-array hash of vertex pairs). */
export function countBoundaryEdges(indices: Uint32Array): number {
  const edges = indices.length;
  let size = 16;
  while (size < edges * 2) size *= 2;
  const mask = size - 1;
  const keyA = new Uint32Array(size);
  const keyB = new Uint32Array(size);
  const uses = new Uint8Array(size); // 0 = empty slot; saturates at 255
  for (let t = 0; t < indices.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const i = indices[t + k];
      const j = indices[t + (k + 1) % 3];
      if (i === j) continue; // a collapsed edge is no edge
      const a = i < j ? i : j;
      const b = i < j ? j : i;
      let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
      h ^= h >>> 16;
      let slot = Math.imul(h, 0x7feb352d) >>> 0 & mask;
      while (uses[slot] !== 0 && (keyA[slot] !== a || keyB[slot] !== b)) slot = (slot + 1) & mask;
      if (uses[slot] === 0) {
        keyA[slot] = a;
        keyB[slot] = b;
      }
      if (uses[slot] < 255) uses[slot]++;
    }
  }
  let boundary = 0;
  for (let s = 0; s < size; s++) if (uses[s] === 1) boundary++;
  return boundary;
}

/** Total triangle area, in the mesh's own units squared. */
export function surfaceArea(mesh: Mesh): number {
  const p = mesh.positions;
  const idx = mesh.indices;
  let twice = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
    twice += Math.sqrt(cx * cx + cy * cy + cz * cz);
  }
  return twice / 2;
}
