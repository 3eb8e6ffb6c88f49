// Principal curvatures per vertex. The gum line and the interproximal grooves are where
// the surface is most concave, so the minimum principal curvature is the signal every
// later step cuts along. Estimated from normal differences over the 1-ring (a
// least-squares shape operator, Rusinkiewicz-style on vertices), then smoothed over a few
// tenths of a millimetre (the caller picks the passes for the mesh's edge length) so scanner
// noise does not outshout the grooves.
import type { Topology } from './topology.ts';

export interface Curvature {
  /** Smaller principal curvature (1/mm); strongly negative in grooves and the gum line. */
  kMin: Float64Array;
  /** Larger principal curvature (1/mm); strongly positive on cusp tips and incisal edges. */
  kMax: Float64Array;
}

export function principalCurvatures(topo: Topology, smoothingPasses = 2): Curvature {
  const { vertexCount: nv, positions: P, vertexNormals: N, adjStart, adj } = topo;
  const kMin = new Float64Array(nv);
  const kMax = new Float64Array(nv);
  for (let v = 0; v < nv; v++) {
    const nx = N[3 * v], ny = N[3 * v + 1], nz = N[3 * v + 2];
    // Any tangent basis: t1 perpendicular to n, t2 = n x t1.
    let t1x: number, t1y: number, t1z: number;
    if (Math.abs(nx) < 0.9) { t1x = 0; t1y = nz; t1z = -ny; } else { t1x = -nz; t1y = 0; t1z = nx; }
    const l1 = Math.hypot(t1x, t1y, t1z);
    // A vertex with no area around it (no triangles, or only degenerate ones) has no normal
    // and no curvature; left at zero, so nothing undefined spreads through the smoothing.
    if (!(l1 > 0)) continue;
    t1x /= l1; t1y /= l1; t1z /= l1;
    const t2x = ny * t1z - nz * t1y, t2y = nz * t1x - nx * t1z, t2z = nx * t1y - ny * t1x;
    // Normal equations for symmetric S = [[a, b], [b, c]] with S e ~ dn.
    let s11 = 0, s12 = 0, s22 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
      const w = adj[k];
      const ex = P[3 * w] - P[3 * v], ey = P[3 * w + 1] - P[3 * v + 1], ez = P[3 * w + 2] - P[3 * v + 2];
      const dx = N[3 * w] - nx, dy = N[3 * w + 1] - ny, dz = N[3 * w + 2] - nz;
      const e1 = ex * t1x + ey * t1y + ez * t1z, e2 = ex * t2x + ey * t2y + ez * t2z;
      const d1 = dx * t1x + dy * t1y + dz * t1z, d2 = dx * t2x + dy * t2y + dz * t2z;
      const wgt = 1 / (e1 * e1 + e2 * e2 + 1e-12);
      // Unknowns (a, b, c): rows [e1, e2, 0] -> d1 and [0, e1, e2] -> d2.
      s11 += wgt * e1 * e1; s12 += wgt * e1 * e2; s22 += wgt * e2 * e2;
      r1 += wgt * e1 * d1; r2 += wgt * (e2 * d1 + e1 * d2); r3 += wgt * e2 * d2;
    }
    const A = [s11, s12, 0, s12, s11 + s22, s12, 0, s12, s22];
    const sol = solve3(A, [r1, r2, r3]);
    if (!sol) continue;
    const [a, b, c] = sol;
    const mean = (a + c) / 2;
    const disc = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    if (!Number.isFinite(mean + disc)) continue;
    kMax[v] = mean + disc;
    kMin[v] = mean - disc;
  }
  for (let i = 0; i < smoothingPasses; i++) {
    smoothField(topo, kMin);
    smoothField(topo, kMax);
  }
  return { kMin, kMax };
}

/** One pass of area-weighted 1-ring averaging, in place. */
export function smoothField(topo: Topology, field: Float64Array): void {
  const { vertexCount: nv, adjStart, adj, vertexAreas } = topo;
  const out = new Float64Array(nv);
  for (let v = 0; v < nv; v++) {
    let s = field[v] * vertexAreas[v], w = vertexAreas[v];
    for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
      const u = adj[k];
      s += field[u] * vertexAreas[u];
      w += vertexAreas[u];
    }
    out[v] = w > 0 ? s / w : field[v];
  }
  field.set(out);
}

function solve3(A: number[], b: number[]): [number, number, number] | null {
  const det = A[0] * (A[4] * A[8] - A[5] * A[7]) - A[1] * (A[3] * A[8] - A[5] * A[6]) + A[2] * (A[3] * A[7] - A[4] * A[6]);
  if (Math.abs(det) < 1e-18) return null;
  const x = (b[0] * (A[4] * A[8] - A[5] * A[7]) - A[1] * (b[1] * A[8] - A[5] * b[2]) + A[2] * (b[1] * A[7] - A[4] * b[2])) / det;
  const y = (A[0] * (b[1] * A[8] - A[5] * b[2]) - b[0] * (A[3] * A[8] - A[5] * A[6]) + A[2] * (A[3] * b[2] - b[1] * A[6])) / det;
  const z = (A[0] * (A[4] * b[2] - b[1] * A[7]) - A[1] * (A[3] * b[2] - b[1] * A[6]) + b[0] * (A[3] * A[7] - A[4] * A[6])) / det;
  return [x, y, z];
}
