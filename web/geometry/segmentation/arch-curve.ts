// The arch curve: a smooth line through the middle of the crowns in the occlusal plane,
// parameterised by arc length from the midline (negative on the patient's right). Teeth
// follow one another along it, so expected tooth widths can be laid out on it, and every
// vertex gets arch coordinates (along the arch, buccal offset, height).
import type { ArchFrame } from './arch-frame.ts';
import { dot, sub, type Vec3 } from './vec.ts';

export interface ArchCurve {
  /** Polyline in frame coordinates (x = left, y = anterior), sampled about every 0.25 mm. */
  x: Float64Array;
  y: Float64Array;
  /** Arc length at each sample, 0 where the curve crosses the midline, < 0 on the right. */
  s: Float64Array;
}

/** Frame coordinates of a point: x towards the left, y anterior, z occlusal (mm). */
export function toFrame(frame: ArchFrame, p: Vec3): Vec3 {
  const r = sub(p, frame.origin);
  return [dot(r, frame.left), dot(r, frame.anterior), dot(r, frame.occlusal)];
}

const BIN_DEG = 3;

/**
 * Fits r(theta) around a centre inside the U (on the midline, at the points' mean depth):
 * per angular bin the median radius of the crown-top points, smoothed, then resampled.
 */
export function fitArchCurve(points: [number, number][]): ArchCurve {
  const cy = points.reduce((s, p) => s + p[1], 0) / Math.max(1, points.length);
  const nb = Math.floor(360 / BIN_DEG);
  const bins: number[][] = Array.from({ length: nb }, () => []);
  // theta = 0 straight ahead, positive towards the left.
  for (const [x, y] of points) {
    const theta = Math.atan2(x, y - cy);
    const b = Math.min(nb - 1, Math.floor(((theta * 180) / Math.PI + 180) / BIN_DEG));
    bins[b].push(Math.hypot(x, y - cy));
  }
  const radius = new Float64Array(nb).fill(NaN);
  for (let b = 0; b < nb; b++) {
    if (bins[b].length < 2) continue;
    const sorted = bins[b].sort((p, q) => p - q);
    radius[b] = sorted[sorted.length >> 1];
  }
  // The arch spans everything but the widest angular gap: the open, posterior end of the U.
  // (Smaller gaps are embrasures and spaces left by missing teeth.)
  const filledBins: number[] = [];
  for (let b = 0; b < nb; b++) if (!Number.isNaN(radius[b])) filledBins.push(b);
  if (filledBins.length < 2) return resample([0, 1], [0, 0], 0.25);
  let gapAfter = filledBins.length - 1, widest = -1;
  for (let i = 0; i < filledBins.length; i++) {
    const a = filledBins[i], b = i + 1 < filledBins.length ? filledBins[i + 1] : filledBins[0] + nb;
    if (b - a > widest) { widest = b - a; gapAfter = i; }
  }
  const lo = filledBins[(gapAfter + 1) % filledBins.length];
  const hiRaw = filledBins[gapAfter];
  const hi = hiRaw < lo ? hiRaw + nb : hiRaw;
  // Fill holes by linear interpolation between filled bins (indices wrap around).
  const r: number[] = [];
  for (let b = lo; b <= hi; b++) r.push(radius[b % nb]);
  for (let i = 0; i < r.length; i++) {
    if (!Number.isNaN(r[i])) continue;
    const a = i - 1;
    let b = i + 1;
    while (Number.isNaN(r[b])) b++;
    r[i] = r[a] + ((r[b] - r[a]) * (i - a)) / (b - a);
  }
  const smooth = r.map((_, i) => {
    let s = 0, w = 0;
    for (let k = -2; k <= 2; k++) {
      const j = Math.min(r.length - 1, Math.max(0, i + k));
      const wk = 3 - Math.abs(k);
      s += r[j] * wk; w += wk;
    }
    return s / w;
  });
  const xs: number[] = [], ys: number[] = [];
  const steps = 4;
  for (let i = 0; i < smooth.length - 1; i++) {
    for (let k = 0; k < steps; k++) {
      const t = k / steps;
      const theta = (((lo + i + 0.5 + t) * BIN_DEG - 180) * Math.PI) / 180;
      const rad = smooth[i] * (1 - t) + smooth[i + 1] * t;
      xs.push(rad * Math.sin(theta)); ys.push(cy + rad * Math.cos(theta));
    }
  }
  return resample(xs, ys, 0.25);
}

/** Resamples a polyline at a fixed step and measures arc length from its midline crossing. */
function resample(xs: number[], ys: number[], step: number): ArchCurve {
  const acc = [0];
  for (let i = 1; i < xs.length; i++) acc.push(acc[i - 1] + Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]));
  const total = acc[acc.length - 1];
  const n = Math.max(2, Math.floor(total / step) + 1);
  const x = new Float64Array(n), y = new Float64Array(n), s = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const t = (i * total) / (n - 1);
    while (j < acc.length - 2 && acc[j + 1] < t) j++;
    const f = acc[j + 1] > acc[j] ? (t - acc[j]) / (acc[j + 1] - acc[j]) : 0;
    x[i] = xs[j] + (xs[j + 1] - xs[j]) * f;
    y[i] = ys[j] + (ys[j + 1] - ys[j]) * f;
    s[i] = t;
  }
  // Midline: where x changes sign nearest the front.
  let zero = 0, best = Infinity;
  for (let i = 0; i < n; i++) if (Math.abs(x[i]) < best) { best = Math.abs(x[i]); zero = i; }
  const s0 = s[zero];
  for (let i = 0; i < n; i++) s[i] -= s0;
  return { x, y, s };
}

export interface ArchCoordinates {
  /** Arc length along the arch of the nearest curve point (mm). */
  along: Float64Array;
  /** Signed distance from the curve in the plane, positive buccal (outside the U). */
  buccal: Float64Array;
  /** Height along the occlusal normal above the frame origin (mm). */
  height: Float64Array;
}

/** Arch coordinates of every vertex, via a coarse grid over the curve samples. */
export function archCoordinates(P: Float64Array, frame: ArchFrame, curve: ArchCurve): ArchCoordinates {
  const nv = P.length / 3;
  const along = new Float64Array(nv), buccal = new Float64Array(nv), height = new Float64Array(nv);
  const n = curve.x.length;
  const cell = 4;
  const grid = new Map<number, number[]>();
  const key = (i: number, j: number) => i * 100003 + j;
  for (let i = 0; i < n; i++) {
    const k = key(Math.floor(curve.x[i] / cell), Math.floor(curve.y[i] / cell));
    const l = grid.get(k);
    if (l) l.push(i); else grid.set(k, [i]);
  }
  for (let v = 0; v < nv; v++) {
    const [x, y, z] = toFrame(frame, [P[3 * v], P[3 * v + 1], P[3 * v + 2]]);
    height[v] = z;
    let best = -1, bd = Infinity;
    const gi = Math.floor(x / cell), gj = Math.floor(y / cell);
    for (let ring = 1; ring <= 12 && best < 0; ring += 3) {
      for (let i = gi - ring; i <= gi + ring; i++) for (let j = gj - ring; j <= gj + ring; j++) {
        for (const c of grid.get(key(i, j)) ?? []) {
          const d = (curve.x[c] - x) ** 2 + (curve.y[c] - y) ** 2;
          if (d < bd) { bd = d; best = c; }
        }
      }
    }
    if (best < 0) {
      for (let c = 0; c < n; c++) {
        const d = (curve.x[c] - x) ** 2 + (curve.y[c] - y) ** 2;
        if (d < bd) { bd = d; best = c; }
      }
    }
    const c0 = Math.max(0, best - 1), c1 = Math.min(n - 1, best + 1);
    const tx = curve.x[c1] - curve.x[c0], ty = curve.y[c1] - curve.y[c0];
    const tl = Math.hypot(tx, ty) || 1;
    const rx = x - curve.x[best], ry = y - curve.y[best];
    const t = (rx * tx + ry * ty) / tl;
    along[v] = curve.s[best] + t;
    // The curve runs right to left around the front, so outside the U is to the right of travel.
    buccal[v] = (ry * tx - rx * ty) / tl;
  }
  return { along, buccal, height };
}
