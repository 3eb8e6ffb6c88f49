// A tooth's closed solid is its scanned crown plus the cap that closes the crown's opening at
// the gum line (geometry/collision-solid.ts). The model's gum block rises into the crown
// through that cap and nowhere else, so the crown's undercuts stay open for the aligner.
import type { Mesh } from '../geometry/mesh.ts';

/** The solid's triangles that are not the arch's (the cap): a solid triangle is the crown's when the arch has the same three vertices. */
export function capTriangles(solid: { mesh: Mesh; sourceVertex: Uint32Array }, archIndices: Uint32Array, archVertexCount: number): Uint32Array {
  const local = new Int32Array(archVertexCount).fill(-1);
  for (let v = 0; v < solid.sourceVertex.length; v++) local[solid.sourceVertex[v]] = v;
  const n = solid.mesh.positions.length / 3;
  const key = (a: number, b: number, c: number): number => {
    const lo = Math.min(a, b, c), hi = Math.max(a, b, c), mid = a + b + c - lo - hi;
    return (lo * n + mid) * n + hi;
  };
  const crown = new Set<number>();
  for (let t = 0; t < archIndices.length; t += 3) {
    const a = local[archIndices[t]], b = local[archIndices[t + 1]], c = local[archIndices[t + 2]];
    if (a >= 0 && b >= 0 && c >= 0) crown.add(key(a, b, c));
  }
  const out: number[] = [];
  const idx = solid.mesh.indices;
  for (let t = 0; t < idx.length; t += 3) {
    if (!crown.has(key(idx[t], idx[t + 1], idx[t + 2]))) out.push(idx[t], idx[t + 1], idx[t + 2]);
  }
  return Uint32Array.from(out);
}
