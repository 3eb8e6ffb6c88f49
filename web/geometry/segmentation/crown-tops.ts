// The upper surface of the scan seen along the occlusal normal: the vertices nothing
// nearby stands above. Crown tops rise well above the gum and the palate there, so this
// is where the occlusal plane is refitted and where the arch curve is drawn. Defined per
// vertex (a grid only speeds up the search), so the result does not depend on where the
// scan sits or how it is turned.
import type { Vec3 } from './vec.ts';
import { symmetricEigen3 } from './vec.ts';
import { buildGrid2d } from './grid2d.ts';

/** In-plane search radius (mm) and height tolerance (mm) of the upper surface test. */
const RADIUS = 0.75;
const TOLERANCE = 0.3;

/**
 * Vertices with no other vertex within RADIUS in the plane standing more than TOLERANCE
 * above them. `u`, `v`, `h` are in-plane coordinates and heights per vertex.
 */
export function upperSurface(u: Float64Array, v: Float64Array, h: Float64Array): Int32Array {
  const n = u.length;
  const grid = buildGrid2d(u, v, RADIUS);
  const out: number[] = [];
  const r2 = RADIUS * RADIUS;
  const { start, items, rows, cols, minI, minJ } = grid;
  for (let i = 0; i < n; i++) {
    const ci = Math.floor(u[i] / RADIUS) - minI, cj = Math.floor(v[i] / RADIUS) - minJ;
    const limit = h[i] + TOLERANCE;
    let covered = false;
    for (let a = Math.max(0, ci - 1); a <= Math.min(cols - 1, ci + 1) && !covered; a++) {
      for (let b = Math.max(0, cj - 1); b <= Math.min(rows - 1, cj + 1) && !covered; b++) {
        const c = a * rows + b;
        for (let k = start[c]; k < start[c + 1]; k++) {
          const j = items[k];
          if (h[j] > limit && (u[j] - u[i]) ** 2 + (v[j] - v[i]) ** 2 <= r2) { covered = true; break; }
        }
      }
    }
    if (!covered) out.push(i);
  }
  return Int32Array.from(out);
}

/** Otsu's threshold of a sample: the split that best separates crowns from gum and palate. */
export function otsuThreshold(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n < 2) return sorted[0] ?? 0;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + sorted[i];
  let bestScore = -1, bestT = sorted[n >> 1];
  for (let i = 1; i < n; i++) {
    const w0 = i / n, w1 = 1 - w0;
    const m0 = prefix[i] / i, m1 = (prefix[n] - prefix[i]) / (n - i);
    const score = w0 * w1 * (m0 - m1) ** 2;
    if (score > bestScore) { bestScore = score; bestT = (sorted[i - 1] + sorted[i]) / 2; }
  }
  return bestT;
}

/** Least-squares plane through points: its normal (sign arbitrary) and centroid. */
export function fitPlane(points: Vec3[], weights?: ArrayLike<number>): { normal: Vec3; centroid: Vec3 } {
  const c: Vec3 = [0, 0, 0];
  let total = 0;
  points.forEach((p, i) => {
    const w = weights ? weights[i] : 1;
    c[0] += w * p[0]; c[1] += w * p[1]; c[2] += w * p[2];
    total += w;
  });
  total ||= 1;
  c[0] /= total; c[1] /= total; c[2] /= total;
  const m = new Float64Array(9);
  points.forEach((p, k) => {
    const w = weights ? weights[k] : 1;
    const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[3 * i + j] += w * d[i] * d[j];
  });
  return { normal: symmetricEigen3(m).vectors[0], centroid: c };
}
