// Where the aligner is cut from the thermoformed sheet: one smooth closed curve round the
// arch. Seen along the model's up axis it starts from the outline of the crowns' openings at
// the gum line (their caps), joined across the embrasures; each point then goes `offsetMm`
// out across the gum, measured over the gum's surface, and sits on the posed gum (the model's
// own height field). The straight cut runs instead at a set height above the gingival zenith
// of the nearest tooth, over the crowns' outline, its heights smoothed along the curve.
import type { Vec3 } from '../core/vec.ts';
import type { Mesh } from '../geometry/mesh.ts';
import { buildBvh, closestPoint, emptyClosestPoint } from '../geometry/bvh.ts';
import type { ManifoldApi } from './manifold.ts';
import type { ModelBasis } from './gum-block.ts';

export { DEFAULT_TRIM, type TrimSettings, type TrimStyle } from './model-jobs.ts';
import type { TrimSettings, TrimStyle } from './model-jobs.ts';

export interface TrimLine {
  style: TrimStyle;
  /** Closed: the last point joins the first. Scan frame, mm, about every 0.5 mm. */
  points: Vec3[];
  /** Length along the curve, mm. */
  lengthMm: number;
}

export interface TrimInput {
  basis: ModelBasis;
  /** Each posed tooth's cap (its opening at the gum line): positions and cap triangles. */
  teeth: readonly { fdi: number; positions: Float32Array; cap: Uint32Array }[];
  /** Height of the posed gum over a base-plane point (x along e1, y along e2); NaN where there is none. */
  gumHeight: (x: number, y: number) => number;
  /** The model: the line is laid onto its surface last (each point moves well under a millimetre). */
  onto?: Mesh;
}

/** Rounding of the outline's corners where it crosses an embrasure, mm. */
const ROUND_MM = 1;
const SPACING_MM = 0.5;
/** The straight cut's heights are averaged over this much of the curve either side, mm. */
const SMOOTH_MM = 2;

type P2 = [number, number];

export function trimLine(api: ManifoldApi, input: TrimInput, settings: TrimSettings): TrimLine {
  const { basis } = input;
  const project = (p: Float32Array, o: number): P2 => [p[o] * basis.e1[0] + p[o + 1] * basis.e1[1] + p[o + 2] * basis.e1[2], p[o] * basis.e2[0] + p[o + 1] * basis.e2[1] + p[o + 2] * basis.e2[2]];
  const height = (p: Float32Array, o: number): number => p[o] * basis.up[0] + p[o + 1] * basis.up[1] + p[o + 2] * basis.up[2];
  const triangles: P2[][] = [];
  /** Each tooth's cap corners, for bridging it to its neighbour. */
  const corners: { fdi: number; points: P2[] }[] = [];
  /** The caps' corners (the crowns' gum line) with their heights. */
  const rim: { at: P2; h: number }[] = [];
  /** Each tooth's gingival zenith: its cap's lowest point along up, with where it is. */
  const zeniths: { at: P2; h: number }[] = [];
  for (const t of input.teeth) {
    let lowest = Infinity, where: P2 = [0, 0];
    const points: P2[] = [];
    for (let k = 0; k < t.cap.length; k++) {
      points.push(project(t.positions, t.cap[k] * 3));
      rim.push({ at: points[points.length - 1], h: height(t.positions, t.cap[k] * 3) });
    }
    corners.push({ fdi: t.fdi, points });
    for (let k = 0; k < t.cap.length; k += 3) {
      const tri = [project(t.positions, t.cap[k] * 3), project(t.positions, t.cap[k + 1] * 3), project(t.positions, t.cap[k + 2] * 3)];
      const area = (tri[1][0] - tri[0][0]) * (tri[2][1] - tri[0][1]) - (tri[2][0] - tri[0][0]) * (tri[1][1] - tri[0][1]);
      if (Math.abs(area) > 1e-9) triangles.push(area > 0 ? tri : [tri[0], tri[2], tri[1]]);
      for (let c = 0; c < 3; c++) {
        const h = height(t.positions, t.cap[k + c] * 3);
        if (h < lowest) { lowest = h; where = project(t.positions, t.cap[k + c] * 3); }
      }
    }
    if (lowest < Infinity) zeniths.push({ at: where, h: lowest });
  }
  if (triangles.length === 0) throw new Error('no crown openings to follow');
  const owned: { delete(): void }[] = [];
  const keep = <T extends { delete(): void }>(m: T): T => { owned.push(m); return m; };
  /** The crowns' gum line as one outline, seen from above. */
  let margin: P2[];
  try {
    // The caps, and each tooth joined to its neighbour in the arch by the hull of the two (the
    // line runs across an embrasure or a space, never down between the teeth), as one region.
    const pieces = [keep(api.CrossSection.ofPolygons(triangles, 'Positive'))];
    const order = [...corners].sort((a, b) => archOrder(a.fdi) - archOrder(b.fdi));
    for (let i = 0; i + 1 < order.length; i++) pieces.push(keep(api.CrossSection.hull([order[i].points, order[i + 1].points])));
    const region = keep(api.CrossSection.union(pieces));
    const contours = keep(keep(region.offset(ROUND_MM, 'Round', 2, 16)).offset(-ROUND_MM, 'Round', 2, 16)).toPolygons() as P2[][];
    // The outer curve: the longest contour (holes and slivers are not cut lines).
    margin = contours.reduce((best, c) => (perimeter(c) > perimeter(best) ? c : best), contours[0] ?? []);
  } finally {
    for (const m of owned) m.delete();
  }
  if (margin.length < 3) throw new Error('the crowns leave no outline to trim along');
  // The gingival line starts at the crowns' gum line and goes the offset across the gum, its
  // slope counted: pushed out flat (seen from above) it climbed several millimetres up a steep
  // labial gum.
  const samples = settings.style === 'gingival' ? acrossGum(resample(margin, SPACING_MM), settings.offsetMm, input.gumHeight) : resample(margin, SPACING_MM);
  const heights = samples.map(([x, y], i) => {
    if (settings.style === 'straight') {
      let best = zeniths[0], d = Infinity;
      for (const z of zeniths) {
        const dz = Math.hypot(z.at[0] - x, z.at[1] - y);
        if (dz < d) { d = dz; best = z; }
      }
      return best.h + settings.heightMm;
    }
    const gum = input.gumHeight(x, y);
    if (!Number.isNaN(gum)) return gum;
    // No gum there (the scan stops short of it under a crown that stands out): the line runs
    // along the crowns' gum line instead, at the height of its nearest rim point.
    const at = nearestOnPolygon(margin, x, y);
    let best = rim[0], d = Infinity;
    for (const r of rim) {
      const dr = (r.at[0] - at[0]) ** 2 + (r.at[1] - at[1]) ** 2;
      if (dr < d) { d = dr; best = r; }
    }
    samples[i] = at;
    return best.h;
  });
  fillGaps(heights);
  // The straight cut is smoothed along the curve. The gingival line keeps to the gum, less the
  // narrow dips and peaks of the papillae under an embrasure's bridge (a cutter cannot follow a
  // millimetre-wide spike, and the aligner's edge would snag there).
  const smooth = settings.style === 'straight' ? smoothClosed(heights, Math.max(1, Math.round(SMOOTH_MM / SPACING_MM)))
    : smoothClosed(medianClosed(heights, Math.round(SPIKE_MM / SPACING_MM)), 1);
  const placed = samples.map(([x, y], i): Vec3 => {
    const h = smooth[i];
    return [basis.e1[0] * x + basis.e2[0] * y + basis.up[0] * h, basis.e1[1] * x + basis.e2[1] * y + basis.up[1] * h, basis.e1[2] * x + basis.e2[2] * y + basis.up[2] * h];
  });
  // Evenly spaced again in 3D (where the line steps from gum to a crown's gum line it jumps),
  // then laid onto the model.
  const even = resample3(placed, SPACING_MM);
  const points = input.onto ? layOnto(input.onto, even) : even;
  let lengthMm = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i], b = points[(i + 1) % points.length];
    lengthMm += Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  }
  return { style: settings.style, points, lengthMm };
}

/** Position along the arch from the patient's right to left: 18 ... 11, 21 ... 28 (and 48 ... 41, 31 ... 38). */
function archOrder(fdi: number): number {
  const quadrant = Math.floor(fdi / 10), tooth = fdi % 10;
  return quadrant === 1 || quadrant === 4 ? -tooth : tooth;
}

/** Each point moved to the nearest point of the surface, searching only the triangles near the line (a tree of the whole model costs more than the model's trim). */
function layOnto(surface: Mesh, points: readonly Vec3[]): Vec3[] {
  const cell = 1;
  // Cells of a 1 mm grid as small integers (scans lie well within a metre of their origin).
  const key = (x: number, y: number, z: number): number => ((Math.floor(x / cell) + 512) * 1024 + Math.floor(y / cell) + 512) * 1024 + Math.floor(z / cell) + 512;
  const near = new Set<number>();
  for (const [x, y, z] of points) {
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) for (let k = -1; k <= 1; k++) near.add(key(x + i * cell, y + j * cell, z + k * cell));
  }
  const p = surface.positions, idx = surface.indices;
  const kept: number[] = [];
  for (let t = 0; t < idx.length; t += 3) {
    // A triangle is far smaller than a cell: its first corner says where it is (the cells round the line are taken one deep).
    const v = idx[t] * 3;
    if (near.has(key(p[v], p[v + 1], p[v + 2]))) kept.push(idx[t], idx[t + 1], idx[t + 2]);
  }
  const bvh = buildBvh({ positions: p, indices: Uint32Array.from(kept) }, 'trim band');
  const hit = emptyClosestPoint();
  return points.map(([x, y, z]) => { closestPoint(bvh, x, y, z, hit); return [hit.x, hit.y, hit.z]; });
}

function resample3(c: readonly Vec3[], step: number): Vec3[] {
  const out: Vec3[] = [];
  let carry = 0;
  for (let i = 0; i < c.length; i++) {
    const a = c[i], b = c[(i + 1) % c.length];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    let t = carry;
    while (t < len) {
      const f = t / len;
      out.push([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
      t += step;
    }
    carry = t - len;
  }
  return out;
}

function nearestOnPolygon(c: readonly P2[], x: number, y: number): P2 {
  let best: P2 = c[0], d = Infinity;
  for (let i = 0; i < c.length; i++) {
    const a = c[i], b = c[(i + 1) % c.length];
    const ex = b[0] - a[0], ey = b[1] - a[1];
    const l2 = ex * ex + ey * ey;
    const t = l2 > 0 ? Math.max(0, Math.min(1, ((x - a[0]) * ex + (y - a[1]) * ey) / l2)) : 0;
    const px = a[0] + t * ex, py = a[1] + t * ey;
    const dp = (px - x) ** 2 + (py - y) ** 2;
    if (dp < d) { d = dp; best = [px, py]; }
  }
  return best;
}

function perimeter(c: readonly P2[]): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) {
    const a = c[i], b = c[(i + 1) % c.length];
    s += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return s;
}

/** Points every `step` mm along a closed polygon. */
function resample(c: readonly P2[], step: number): P2[] {
  const out: P2[] = [];
  let carry = 0;
  for (let i = 0; i < c.length; i++) {
    const a = c[i], b = c[(i + 1) % c.length];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    let t = carry;
    while (t < len) {
      out.push([a[0] + ((b[0] - a[0]) * t) / len, a[1] + ((b[1] - a[1]) * t) / len]);
      t += step;
    }
    carry = t - len;
  }
  return out;
}

/** Narrower than this along the gingival line, a rise or dip in its height is ironed out, mm. */
const SPIKE_MM = 2;

/** A running median over `r` points either side, round the closed curve. */
function medianClosed(h: readonly number[], r: number): number[] {
  const n = h.length;
  return h.map((_, i) => {
    const w: number[] = [];
    for (let k = -r; k <= r; k++) w.push(h[(i + k + n) % n]);
    return w.sort((a, b) => a - b)[r];
  });
}

/** Steps of the walk across the gum, mm (the gum block's grid is 0.4 mm). */
const WALK_MM = 0.05;

/**
 * Each point of the crowns' gum line moved straight out (away from the teeth, seen from
 * above) until it has gone `offsetMm` over the gum's surface, or the gum ends; the distances
 * are smoothed along the curve so that a lone step in the gum does not put a spike in the line.
 */
function acrossGum(margin: P2[], offsetMm: number, gumHeight: (x: number, y: number) => number): P2[] {
  const n = margin.length;
  // Outward is to the right of a counter-clockwise outline.
  const turn = signedArea(margin) > 0 ? 1 : -1;
  const normals = margin.map((_, i): P2 => {
    const a = margin[(i - 1 + n) % n], b = margin[(i + 1) % n];
    const tx = b[0] - a[0], ty = b[1] - a[1], l = Math.hypot(tx, ty) || 1;
    return [(turn * ty) / l, (-turn * tx) / l];
  });
  const flat = margin.map(([x, y], i) => {
    const [nx, ny] = normals[i];
    let h = gumHeight(x, y);
    // No gum at the crown's edge: the line keeps to the crown's gum line there.
    if (Number.isNaN(h)) return 0;
    let t = 0, walked = 0;
    while (walked < offsetMm && t < offsetMm) {
      const next = gumHeight(x + (t + WALK_MM) * nx, y + (t + WALK_MM) * ny);
      if (Number.isNaN(next)) break;
      walked += Math.hypot(WALK_MM, next - h);
      h = next;
      t += WALK_MM;
    }
    return t;
  });
  const out = smoothClosed(medianClosed(flat, 2), 2);
  return margin.map(([x, y], i) => [x + out[i] * normals[i][0], y + out[i] * normals[i][1]]);
}

function signedArea(c: readonly P2[]): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) {
    const a = c[i], b = c[(i + 1) % c.length];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** Points with no gum under them (NaN) take the nearest known height along the curve. */
function fillGaps(h: number[]): void {
  const n = h.length;
  const known = h.findIndex((v) => !Number.isNaN(v));
  if (known < 0) throw new Error('no gum under the trim line');
  for (let k = 1; k <= n; k++) {
    const i = (known + k) % n;
    if (Number.isNaN(h[i])) h[i] = h[(i - 1 + n) % n];
  }
}

/** A moving average over `r` points either side, round the closed curve. */
function smoothClosed(h: readonly number[], r: number): number[] {
  const n = h.length;
  return h.map((_, i) => {
    let s = 0;
    for (let k = -r; k <= r; k++) s += h[(i + k + n) % n];
    return s / (2 * r + 1);
  });
}
