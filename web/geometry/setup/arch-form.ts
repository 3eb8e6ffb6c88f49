// The arch form an auto-setup lines the crowns up on: a symmetric curve in the occlusal
// plane through the crown centroids, fitted to the patient's own canine and molar widths.
//
// Plan coordinates: x towards the patient's left, y anterior (mm), x = 0 on the midline.
// One half (x >= 0) is built and mirrored. It has two pieces:
//  - anterior, midline to canine: y = front - depth * (x / c)^p, a power curve through the
//    patient's canines (their half-width c and their depth behind the incisors). The form
//    type is the exponent p: square (p = 3: flat front, the bend at the canines), ovoid
//    (p = 2, a parabola), tapered (p = 1.4: the bend spread from the midline, V-like);
//  - posterior, canine to molar: a cubic Hermite in x that leaves the canine with the
//    anterior piece's slope and reaches the molar along the canine-molar chord; past the
//    molar it continues straight (second and third molars).
// This is the "catenary + polynomial" family in spirit (a smooth front joined to nearly
// straight buccal segments) with the canine and molar widths as hard constraints; a Braun
// beta function fixes only the molar width and depth, and the planner asked for both.
export type ArchFormType = 'ovoid' | 'tapered' | 'square';

/** The anterior exponent of each form type. */
export const FORM_EXPONENT: Record<ArchFormType, number> = { square: 3, ovoid: 2, tapered: 1.4 };

export interface ArchFormParams {
  type: ArchFormType;
  /** y of the curve on the midline (the incisors' centroid line), mm. */
  front: number;
  /** Half the intercanine width (centroid to centroid), mm. */
  canineHalfWidth: number;
  /** How far the canine centroids sit behind the front (mm, > 0). */
  canineDepth: number;
  /** Half the intermolar width and the molars' y, mm. */
  molarHalfWidth: number;
  molarY: number;
}

/** One half (x >= 0), densely sampled, with arc length s from the midline. */
export interface ArchFormCurve {
  params: ArchFormParams;
  xs: Float64Array;
  ys: Float64Array;
  s: Float64Array;
}

const STEP = 0.05;
/** Arc length sampled beyond the molar point, mm: room for second and third molars. */
const BEYOND_MOLAR_MM = 30;

/** y on the half curve at x in [0, molarHalfWidth], and its slope. */
function halfY(p: ArchFormParams, x: number): { y: number; dy: number } {
  const exponent = FORM_EXPONENT[p.type];
  const c = p.canineHalfWidth;
  const a = p.canineDepth;
  if (x <= c) {
    const u = x / c;
    return { y: p.front - a * u ** exponent, dy: x > 0 ? (-a * exponent * u ** (exponent - 1)) / c : 0 };
  }
  const m = p.molarHalfWidth;
  const yc = p.front - a;
  const h = m - c;
  const s1 = (-a * exponent) / c;
  const s2 = (p.molarY - yc) / h;
  const t = (x - c) / h;
  const t2 = t * t, t3 = t2 * t;
  const y = (2 * t3 - 3 * t2 + 1) * yc + (t3 - 2 * t2 + t) * h * s1 + (-2 * t3 + 3 * t2) * p.molarY + (t3 - t2) * h * s2;
  const dy = ((6 * t2 - 6 * t) * yc + (3 * t2 - 4 * t + 1) * h * s1 + (-6 * t2 + 6 * t) * p.molarY + (3 * t2 - 2 * t) * h * s2) / h;
  return { y, dy };
}

/** Keeps the form well posed: molars wider than the canines and behind them. */
export function saneParams(p: ArchFormParams): ArchFormParams {
  const canineHalfWidth = Math.max(5, p.canineHalfWidth);
  const molarHalfWidth = Math.max(canineHalfWidth + 2, p.molarHalfWidth);
  const canineDepth = Math.max(0.5, p.canineDepth);
  return { ...p, canineHalfWidth, canineDepth, molarHalfWidth, molarY: Math.min(p.molarY, p.front - canineDepth - 4) };
}

export function buildArchForm(input: ArchFormParams): ArchFormCurve {
  const p = saneParams(input);
  const xs: number[] = [], ys: number[] = [], s: number[] = [];
  let len = 0;
  // Step in x but refine where the curve is steep, so samples stay about STEP apart in arc.
  let x = 0;
  for (;;) {
    const { y, dy } = halfY(p, x);
    if (xs.length) len += Math.hypot(x - xs[xs.length - 1], y - ys[ys.length - 1]);
    xs.push(x); ys.push(y); s.push(len);
    if (x >= p.molarHalfWidth) break;
    x = Math.min(p.molarHalfWidth, x + STEP / Math.sqrt(1 + dy * dy));
  }
  const end = halfY(p, p.molarHalfWidth);
  const dl = Math.hypot(1, end.dy);
  const tx = 1 / dl, ty = end.dy / dl;
  const x0 = xs[xs.length - 1], y0 = ys[ys.length - 1], s0 = len;
  for (let d = STEP; d <= BEYOND_MOLAR_MM; d += STEP) {
    xs.push(x0 + tx * d); ys.push(y0 + ty * d); s.push(s0 + d);
  }
  return { params: p, xs: Float64Array.from(xs), ys: Float64Array.from(ys), s: Float64Array.from(s) };
}

/** Point at signed arc length (negative on the patient's right), plan coordinates. */
export function pointAt(form: ArchFormCurve, signedS: number): [number, number] {
  const side = signedS < 0 ? -1 : 1;
  const s = Math.abs(signedS);
  const n = form.s.length;
  if (s >= form.s[n - 1]) return [side * form.xs[n - 1], form.ys[n - 1]];
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (form.s[mid] <= s) lo = mid; else hi = mid;
  }
  const f = (s - form.s[lo]) / (form.s[hi] - form.s[lo] || 1);
  return [side * (form.xs[lo] + f * (form.xs[hi] - form.xs[lo])), form.ys[lo] + f * (form.ys[hi] - form.ys[lo])];
}

/** The arc length (>= 0, outward from the midline) whose point is `chord` mm straight-line from the point at s0. */
export function walkChord(form: ArchFormCurve, s0: number, chord: number): number {
  const side = 1;
  const [x0, y0] = pointAt(form, side * s0);
  const dist = (s: number) => {
    const [x, y] = pointAt(form, side * s);
    return Math.hypot(x - x0, y - y0);
  };
  // The chord is never longer than the arc: the answer lies in [s0 + chord, s0 + 2 chord].
  let lo = s0 + chord, hi = s0 + 2 * chord;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (dist(mid) < chord) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Nearest point of the form to (x, y): its signed arc length and the in-plane distance (mm). */
export function projectOnForm(form: ArchFormCurve, x: number, y: number): { s: number; distance: number } {
  const side = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  let best = 0, bd = Infinity;
  for (let i = 0; i < form.xs.length; i++) {
    const d = (form.xs[i] - ax) ** 2 + (form.ys[i] - y) ** 2;
    if (d < bd) { bd = d; best = i; }
  }
  // Refine on the two segments either side of the nearest sample.
  let bs = form.s[best];
  for (let i = Math.max(0, best - 1); i <= Math.min(form.xs.length - 2, best); i++) {
    const ex = form.xs[i + 1] - form.xs[i], ey = form.ys[i + 1] - form.ys[i];
    const t = Math.min(1, Math.max(0, ((ax - form.xs[i]) * ex + (y - form.ys[i]) * ey) / (ex * ex + ey * ey || 1)));
    const d = (form.xs[i] + t * ex - ax) ** 2 + (form.ys[i] + t * ey - y) ** 2;
    if (d < bd) { bd = d; bs = form.s[i] + t * (form.s[i + 1] - form.s[i]); }
  }
  return { s: side * bs, distance: Math.sqrt(bd) };
}
