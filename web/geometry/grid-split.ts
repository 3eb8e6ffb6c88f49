// A closed mesh with every triangle cut into n x n smaller ones on its barycentric grid (each
// edge split into n equal parts), the same surface with more vertices. Points on an edge are
// computed once, from the edge's lower-numbered end, so both triangles that share the edge
// share them and the mesh stays closed. The attachment clearance check samples an
// attachment's surface at these vertices (manufacture/attachment-clearance.ts).
import type { Mesh } from './mesh.ts';

export function gridSplit(mesh: Mesh, n: number): Mesh {
  if (!Number.isInteger(n) || n < 1) throw new Error(`gridSplit: ${n} parts per edge is not a whole number >= 1`);
  const p = mesh.positions, tris = mesh.indices;
  const out: number[] = Array.from(p);
  let next = p.length / 3;
  const edgePoints = new Map<string, number[]>();
  const add = (x: number, y: number, z: number) => {
    out.push(x, y, z);
    return next++;
  };
  // Vertex ids along edge a-b, from a (step 0) to b (step n).
  const along = (a: number, b: number): number[] => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const key = `${lo},${hi}`;
    let ids = edgePoints.get(key);
    if (!ids) {
      ids = [lo];
      for (let s = 1; s < n; s++) {
        const t = s / n;
        ids.push(add(p[lo * 3] + (p[hi * 3] - p[lo * 3]) * t, p[lo * 3 + 1] + (p[hi * 3 + 1] - p[lo * 3 + 1]) * t, p[lo * 3 + 2] + (p[hi * 3 + 2] - p[lo * 3 + 2]) * t));
      }
      ids.push(hi);
      edgePoints.set(key, ids);
    }
    return a === lo ? ids : [...ids].reverse();
  };
  const indices: number[] = [];
  for (let t = 0; t < tris.length; t += 3) {
    const a = tris[t], b = tris[t + 1], c = tris[t + 2];
    const ab = along(a, b), ac = along(a, c), bc = along(b, c);
    // V(j, k): j steps towards b, k towards c.
    const grid = new Map<number, number>();
    const id = (j: number, k: number): number => {
      const key = j * (n + 1) + k;
      let v = grid.get(key);
      if (v !== undefined) return v;
      if (k === 0) v = ab[j];
      else if (j === 0) v = ac[k];
      else if (j + k === n) v = bc[k];
      else {
        const i = n - j - k;
        v = add((i * p[a * 3] + j * p[b * 3] + k * p[c * 3]) / n, (i * p[a * 3 + 1] + j * p[b * 3 + 1] + k * p[c * 3 + 1]) / n, (i * p[a * 3 + 2] + j * p[b * 3 + 2] + k * p[c * 3 + 2]) / n);
      }
      grid.set(key, v);
      return v;
    };
    for (let j = 0; j < n; j++) {
      for (let k = 0; j + k < n; k++) {
        indices.push(id(j, k), id(j + 1, k), id(j, k + 1));
        if (j + k < n - 1) indices.push(id(j + 1, k), id(j + 1, k + 1), id(j, k + 1));
      }
    }
  }
  return { positions: Float32Array.from(out), indices: Uint32Array.from(indices) };
}
