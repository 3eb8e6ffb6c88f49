// Accuracy of a segmentation against a reference: per-tooth intersection over union by
// triangle area (what the accuracy floors are stated in) and the boundary error in mm.
import type { Mesh } from '../mesh.ts';

export interface ToothScore {
  fdi: number;
  iou: number;
}

/** Area-weighted IoU per tooth label present in either labelling (gingiva excluded). */
export function toothIou(mesh: Mesh, predicted: Uint8Array, truth: Uint8Array): ToothScore[] {
  const P = mesh.positions, I = mesh.indices;
  const inter = new Map<number, number>(), union = new Map<number, number>();
  for (let f = 0; f < truth.length; f++) {
    const a = triangleArea(P, I[3 * f], I[3 * f + 1], I[3 * f + 2]);
    const p = predicted[f], t = truth[f];
    if (p === t) {
      if (t) { inter.set(t, (inter.get(t) ?? 0) + a); union.set(t, (union.get(t) ?? 0) + a); }
    } else {
      if (p) union.set(p, (union.get(p) ?? 0) + a);
      if (t) union.set(t, (union.get(t) ?? 0) + a);
    }
  }
  return [...union.keys()].sort((a, b) => a - b).map((fdi) => ({ fdi, iou: (inter.get(fdi) ?? 0) / union.get(fdi)! }));
}

function triangleArea(P: Float32Array, a: number, b: number, c: number): number {
  const ux = P[3 * b] - P[3 * a], uy = P[3 * b + 1] - P[3 * a + 1], uz = P[3 * b + 2] - P[3 * a + 2];
  const vx = P[3 * c] - P[3 * a], vy = P[3 * c + 1] - P[3 * a + 1], vz = P[3 * c + 2] - P[3 * a + 2];
  return Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
}

/** Mesh edges whose two triangles carry different labels, as segment endpoints (6 floats each). */
export function boundarySegments(mesh: Mesh, labels: Uint8Array): Float64Array {
  const I = mesh.indices, P = mesh.positions;
  const seen = new Map<number, number>();
  const out: number[] = [];
  const nv = P.length / 3;
  for (let f = 0; f < I.length / 3; f++) {
    for (let k = 0; k < 3; k++) {
      const a = I[3 * f + k], b = I[3 * f + ((k + 1) % 3)];
      const key = Math.min(a, b) * nv + Math.max(a, b);
      const other = seen.get(key);
      if (other === undefined) { seen.set(key, f); continue; }
      if (labels[other] !== labels[f]) out.push(P[3 * a], P[3 * a + 1], P[3 * a + 2], P[3 * b], P[3 * b + 1], P[3 * b + 2]);
    }
  }
  return Float64Array.from(out);
}

/**
 * Mean distance (mm) from the predicted boundary to the true one: each predicted boundary
 * edge's midpoint to the nearest true boundary edge, weighted by edge length.
 */
export function boundaryError(mesh: Mesh, predicted: Uint8Array, truth: Uint8Array): number {
  const from = boundarySegments(mesh, predicted), to = boundarySegments(mesh, truth);
  if (from.length === 0 || to.length === 0) return from.length === to.length ? 0 : Infinity;
  const cell = 1;
  const grid = new Map<string, number[]>();
  for (let s = 0; s < to.length / 6; s++) {
    const k = `${Math.floor((to[6 * s] + to[6 * s + 3]) / 2 / cell)},${Math.floor((to[6 * s + 1] + to[6 * s + 4]) / 2 / cell)},${Math.floor((to[6 * s + 2] + to[6 * s + 5]) / 2 / cell)}`;
    const l = grid.get(k);
    if (l) l.push(s); else grid.set(k, [s]);
  }
  let sum = 0, weight = 0;
  for (let s = 0; s < from.length / 6; s++) {
    const m = [(from[6 * s] + from[6 * s + 3]) / 2, (from[6 * s + 1] + from[6 * s + 4]) / 2, (from[6 * s + 2] + from[6 * s + 5]) / 2];
    const len = Math.hypot(from[6 * s + 3] - from[6 * s], from[6 * s + 4] - from[6 * s + 1], from[6 * s + 5] - from[6 * s + 2]);
    let best = Infinity;
    for (let r = 1; r <= 64 && best > (r - 1) * cell; r *= 2) {
      const c = m.map((x) => Math.floor(x / cell));
      for (let i = c[0] - r; i <= c[0] + r; i++) for (let j = c[1] - r; j <= c[1] + r; j++) for (let k = c[2] - r; k <= c[2] + r; k++) {
        for (const t of grid.get(`${i},${j},${k}`) ?? []) best = Math.min(best, pointSegment(m, to, t));
      }
    }
    sum += best * len; weight += len;
  }
  return sum / weight;
}

function pointSegment(p: number[], seg: Float64Array, s: number): number {
  const ax = seg[6 * s], ay = seg[6 * s + 1], az = seg[6 * s + 2];
  const dx = seg[6 * s + 3] - ax, dy = seg[6 * s + 4] - ay, dz = seg[6 * s + 5] - az;
  const len2 = dx * dx + dy * dy + dz * dz;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - ax) * dx + (p[1] - ay) * dy + (p[2] - az) * dz) / len2)) : 0;
  return Math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy, p[2] - az - t * dz);
}
