// Mesh invariants the demo case is held to (and that any generated fixture can reuse):
// open crowns with one margin loop, outward winding, consistent orientation across the
// whole arch, and distances between neighbouring crowns.
import type { Mesh } from '../mesh.ts';

/** Triangles whose three vertices all carry `label`. */
export function trianglesLabelled(mesh: Mesh, labels: Uint8Array, label: number): Uint32Array {
  const out: number[] = [];
  const I = mesh.indices;
  for (let t = 0; t < I.length; t += 3) {
    if (labels[I[t]] === label && labels[I[t + 1]] === label && labels[I[t + 2]] === label) out.push(I[t], I[t + 1], I[t + 2]);
  }
  return Uint32Array.from(out);
}

/** Boundary edges (used by one triangle) chained into loops of vertex indices. */
export function boundaryLoops(indices: Uint32Array): number[][] {
  const count = new Map<string, number>();
  const directed: [number, number][] = [];
  for (let t = 0; t < indices.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = indices[t + e];
      const b = indices[t + ((e + 1) % 3)];
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      count.set(key, (count.get(key) ?? 0) + 1);
      directed.push([a, b]);
    }
  }
  const next = new Map<number, number>();
  for (const [a, b] of directed) if (count.get(a < b ? `${a},${b}` : `${b},${a}`) === 1) next.set(a, b);
  const loops: number[][] = [];
  const seen = new Set<number>();
  for (const start of next.keys()) {
    if (seen.has(start)) continue;
    const loop: number[] = [];
    let v: number | undefined = start;
    while (v !== undefined && !seen.has(v)) {
      seen.add(v);
      loop.push(v);
      v = next.get(v);
    }
    loops.push(loop);
  }
  return loops;
}

/**
 * Signed volume of the triangles closed by a fan over `loop` (a cap at the margin), mm^3.
 * Positive when the winding is outward. The cap's winding follows the loop's direction,
 * which for an outward open surface closes it consistently.
 */
export function cappedVolume(positions: Float32Array, indices: Uint32Array, loop: number[]): number {
  const c = [0, 0, 0];
  for (const v of loop) for (let k = 0; k < 3; k++) c[k] += positions[3 * v + k] / loop.length;
  const p = (v: number): number[] => [positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]];
  const tet = (a: number[], b: number[], d: number[]): number =>
    (a[0] * (b[1] * d[2] - b[2] * d[1]) - a[1] * (b[0] * d[2] - b[2] * d[0]) + a[2] * (b[0] * d[1] - b[1] * d[0])) / 6;
  let vol = 0;
  for (let t = 0; t < indices.length; t += 3) vol += tet(p(indices[t]), p(indices[t + 1]), p(indices[t + 2]));
  // The boundary runs opposite to the cap's edges, so the cap triangle is (b, a, centre).
  for (let i = 0; i < loop.length; i++) vol += tet(p(loop[(i + 1) % loop.length]), p(loop[i]), c);
  return vol;
}

/**
 * Edges used by more than two triangles, or twice in the same direction (a flipped
 * neighbour). Zero for a consistently oriented manifold surface.
 */
export function orientationDefects(indices: Uint32Array): number {
  let n = 0;
  for (const v of indices) if (v >= n) n = v + 1;
  const directed = new Map<number, number>();
  const undirected = new Map<number, number>();
  let defects = 0;
  for (let t = 0; t < indices.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = indices[t + e];
      const b = indices[t + ((e + 1) % 3)];
      const d = a * n + b;
      const uses = (directed.get(d) ?? 0) + 1;
      directed.set(d, uses);
      if (uses > 1) defects++;
      const u = Math.min(a, b) * n + Math.max(a, b);
      const all = (undirected.get(u) ?? 0) + 1;
      undirected.set(u, all);
      if (all === 3) defects++;
    }
  }
  return defects;
}

/** Smallest triangle area, mm^2. */
export function smallestTriangleArea(mesh: Mesh): number {
  const P = mesh.positions;
  const I = mesh.indices;
  let min = Infinity;
  for (let t = 0; t < I.length; t += 3) {
    const a = 3 * I[t], b = 3 * I[t + 1], c = 3 * I[t + 2];
    const ux = P[b] - P[a], uy = P[b + 1] - P[a + 1], uz = P[b + 2] - P[a + 2];
    const vx = P[c] - P[a], vy = P[c + 1] - P[a + 1], vz = P[c + 2] - P[a + 2];
    const area = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
    if (area < min) min = area;
  }
  return min;
}

/** Whether p lies inside the closed triangle soup `tris` (9 floats each), by ray parity. */
function inside(tris: Float64Array, p: number[]): boolean {
  // An oblique direction avoids grazing the grid-aligned seams of the tessellation.
  const d = [0.5773, 0.5774, 0.5775];
  let crossings = 0;
  for (let t = 0; t < tris.length; t += 9) {
    const e1 = [tris[t + 3] - tris[t], tris[t + 4] - tris[t + 1], tris[t + 5] - tris[t + 2]];
    const e2 = [tris[t + 6] - tris[t], tris[t + 7] - tris[t + 1], tris[t + 8] - tris[t + 2]];
    const h = [d[1] * e2[2] - d[2] * e2[1], d[2] * e2[0] - d[0] * e2[2], d[0] * e2[1] - d[1] * e2[0]];
    const det = e1[0] * h[0] + e1[1] * h[1] + e1[2] * h[2];
    if (Math.abs(det) < 1e-12) continue;
    const s = [p[0] - tris[t], p[1] - tris[t + 1], p[2] - tris[t + 2]];
    const u = (s[0] * h[0] + s[1] * h[1] + s[2] * h[2]) / det;
    if (u < 0 || u > 1) continue;
    const q = [s[1] * e1[2] - s[2] * e1[1], s[2] * e1[0] - s[0] * e1[2], s[0] * e1[1] - s[1] * e1[0]];
    const v = (d[0] * q[0] + d[1] * q[1] + d[2] * q[2]) / det;
    if (v < 0 || u + v > 1) continue;
    if ((e2[0] * q[0] + e2[1] * q[1] + e2[2] * q[2]) / det > 0) crossings++;
  }
  return crossings % 2 === 1;
}

/** A crown's triangles closed by a fan over its margin loop, as a soup for `inside`. */
function closedCrown(positions: Float32Array, tris: Uint32Array): Float64Array {
  const [loop] = boundaryLoops(tris);
  const c = [0, 0, 0];
  for (const v of loop) for (let k = 0; k < 3; k++) c[k] += positions[3 * v + k] / loop.length;
  const out = new Float64Array((tris.length / 3 + loop.length) * 9);
  let o = 0;
  for (const v of tris) for (let k = 0; k < 3; k++) out[o++] = positions[3 * v + k];
  for (let i = 0; i < loop.length; i++) {
    for (const v of [loop[(i + 1) % loop.length], loop[i]]) for (let k = 0; k < 3; k++) out[o++] = positions[3 * v + k];
    for (let k = 0; k < 3; k++) out[o++] = c[k];
  }
  return out;
}

/**
 * Signed gap between two crowns (triangles `a` and `b`, each open at its margin), mm: the
 * smallest distance from a vertex of one to a vertex of the other, negative (an overlap
 * depth) when the vertex lies inside the other crown closed at its margin. Good to a
 * fraction of the vertex spacing, which is what a plausibility check needs.
 */
export function crownGap(positions: Float32Array, a: Uint32Array, b: Uint32Array): number {
  let best = Infinity;
  for (const [from, to] of [[a, b], [b, a]]) {
    const solid = closedCrown(positions, to);
    const targets = [...new Set(to)];
    for (const i of new Set(from)) {
      const p = [positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]];
      let d2 = Infinity;
      for (const j of targets) {
        const d = (p[0] - positions[3 * j]) ** 2 + (p[1] - positions[3 * j + 1]) ** 2 + (p[2] - positions[3 * j + 2]) ** 2;
        if (d < d2) d2 = d;
      }
      const d = Math.sqrt(d2);
      // Deeper than 3 mm inside would still leave shallower vertices that are caught.
      const signed = d < 3 && inside(solid, p) ? -d : d;
      if (signed < best) best = signed;
    }
  }
  return best;
}
