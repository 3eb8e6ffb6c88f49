// The arch form the demo teeth stand on: a symmetric curve in the occlusal plane
// (y = front + depth * (|x| / halfWidth)^power, the shape fitted to the real upper scan's
// crown centres), walked by arc length from the midline. It also gives the gingiva its
// coordinates: along the arch, out from it (buccal +), and apically.
import type { Jaw } from '../../core/types.ts';

/** One half of the curve (x >= 0), densely sampled, with arc length from the midline. */
export interface ArchForm {
  xs: Float64Array;
  ys: Float64Array;
  /** Arc length at each sample, mm, starting at 0 on the midline. */
  s: Float64Array;
}

export interface ArchPoint {
  x: number;
  y: number;
  /** Unit tangent in the direction the arch parameter grows. */
  tx: number;
  ty: number;
  /** Unit outward (buccal) normal. */
  nx: number;
  ny: number;
}

const STEP = 0.1;

function fromPoints(xs: number[], ys: number[]): ArchForm {
  const s = new Float64Array(xs.length);
  for (let i = 1; i < xs.length; i++) s[i] = s[i - 1] + Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys), s };
}

/** Arc length from the midline to x = halfWidth on y = front + depth (x / halfWidth)^power. */
function lengthTo(halfWidth: number, depth: number, power: number): number {
  let len = 0;
  let prevY = 0;
  for (let x = STEP; x <= halfWidth + 1e-9; x += STEP) {
    const y = depth * (x / halfWidth) ** power;
    len += Math.hypot(STEP, y - prevY);
    prevY = y;
  }
  return len;
}

/**
 * The curve whose arc length from the midline to x = halfWidth is `lengthAtHalfWidth`
 * (the depth is solved for), sampled out to `reach` mm of arc.
 */
export function archForm(front: number, halfWidth: number, power: number, lengthAtHalfWidth: number, reach: number): ArchForm {
  let lo = 0;
  let hi = 4 * lengthAtHalfWidth;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (lengthTo(halfWidth, mid, power) < lengthAtHalfWidth) lo = mid;
    else hi = mid;
  }
  const depth = (lo + hi) / 2;
  const xs: number[] = [];
  const ys: number[] = [];
  let len = 0;
  for (let x = 0; len <= reach; x += STEP) {
    const y = front + depth * (x / halfWidth) ** power;
    if (xs.length > 0) len += Math.hypot(STEP, y - ys[ys.length - 1]);
    xs.push(x);
    ys.push(y);
  }
  return fromPoints(xs, ys);
}

/** A curve `distance(s)` mm outward (buccal) of this one, e.g. the upper arch around the lower. */
export function offsetArch(form: ArchForm, distance: (s: number) => number): ArchForm {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < form.xs.length; i++) {
    const p = halfPoint(form, form.s[i]);
    const d = distance(form.s[i]);
    xs.push(p.x + d * p.nx);
    ys.push(p.y + d * p.ny);
  }
  return fromPoints(xs, ys);
}

/** Point, tangent and outward normal on the x >= 0 half at arc length s >= 0. */
function halfPoint(form: ArchForm, s: number): ArchPoint {
  const n = form.s.length;
  let i = 0;
  let j = n - 2;
  if (s >= form.s[n - 1]) i = n - 2;
  else {
    // Binary search for the segment holding s.
    while (i < j) {
      const m = (i + j + 1) >> 1;
      if (form.s[m] <= s) i = m;
      else j = m - 1;
    }
  }
  const seg = form.s[i + 1] - form.s[i];
  const t = (s - form.s[i]) / seg;
  const dx = (form.xs[i + 1] - form.xs[i]) / seg;
  const dy = (form.ys[i + 1] - form.ys[i]) / seg;
  const len = Math.hypot(dx, dy);
  return {
    x: form.xs[i] + t * (form.xs[i + 1] - form.xs[i]),
    y: form.ys[i] + t * (form.ys[i + 1] - form.ys[i]),
    tx: dx / len, ty: dy / len, nx: dy / len, ny: -dx / len,
  };
}

/**
 * The arch parameter runs around the arch in the order the gingiva is built: for the
 * upper from the patient's right to left, for the lower from left to right. Both ways the
 * teeth's mesial-distal axes (buccal x occlusal) point along it.
 */
export function archPoint(form: ArchForm, jaw: Jaw, sigma: number): ArchPoint {
  const s = jaw === 'upper' ? sigma : -sigma;
  const h = halfPoint(form, Math.abs(s));
  const side = s >= 0 ? 1 : -1;
  // Mirror the half to the patient's right, then turn the tangent to follow sigma.
  const dir = (jaw === 'upper' ? 1 : -1) * side;
  return { x: side * h.x, y: h.y, tx: dir * side * h.tx, ty: dir * h.ty, nx: side * h.nx, ny: h.ny };
}

/** Arch parameter and outward distance of the arch point nearest to (x, y). */
export function projectOnArch(form: ArchForm, jaw: Jaw, x: number, y: number): { sigma: number; offset: number } {
  const side = x >= 0 ? 1 : -1;
  const ax = Math.abs(x);
  // Coarse pass over every 8th sample, then the samples around the best one.
  let best = 0;
  let bestD = Infinity;
  const n = form.xs.length;
  for (let i = 0; i < n; i += 8) {
    const d = (form.xs[i] - ax) ** 2 + (form.ys[i] - y) ** 2;
    if (d < bestD) { bestD = d; best = i; }
  }
  const from = Math.max(0, best - 8);
  const to = Math.min(n - 1, best + 8);
  for (let i = from; i <= to; i++) {
    const d = (form.xs[i] - ax) ** 2 + (form.ys[i] - y) ** 2;
    if (d < bestD) { bestD = d; best = i; }
  }
  // Refine on the two segments around the nearest sample.
  let bestS = form.s[best];
  bestD = Infinity;
  for (let i = Math.max(0, best - 1); i <= Math.min(form.xs.length - 2, best); i++) {
    const ex = form.xs[i + 1] - form.xs[i];
    const ey = form.ys[i + 1] - form.ys[i];
    const t = Math.min(1, Math.max(0, ((ax - form.xs[i]) * ex + (y - form.ys[i]) * ey) / (ex * ex + ey * ey)));
    const d = (form.xs[i] + t * ex - ax) ** 2 + (form.ys[i] + t * ey - y) ** 2;
    if (d < bestD) { bestD = d; bestS = form.s[i] + t * (form.s[i + 1] - form.s[i]); }
  }
  const s = side * bestS;
  const sigma = jaw === 'upper' ? s : -s;
  const p = archPoint(form, jaw, sigma);
  return { sigma, offset: (x - p.x) * p.nx + (y - p.y) * p.ny };
}
