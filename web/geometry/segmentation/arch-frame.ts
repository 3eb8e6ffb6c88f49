// Arch orientation from the scan alone, in whatever position and rotation the scanner or
// a previous tool left it. The area-weighted PCA of the surface gives the occlusal plane
// candidate (a dental arch is much flatter than it is wide); the open base of the scan
// (its boundary) lies on the gingival side, which fixes the sign; the plane is then
// refitted through the crown tops, the anterior direction is the closed end of the
// arch's U (the open end is posterior), refined by mirror symmetry, and a palate inside
// the U says "upper".
import type { Jaw } from '../../core/types.ts';
import type { Mesh } from '../mesh.ts';
import { buildTopology, type Topology } from './topology.ts';
import { fitPlane, otsuThreshold, upperSurface } from './crown-tops.ts';
import { buildGrid2d, type Grid2d } from './grid2d.ts';
import { add, cross, dot, orthogonalize, scale, symmetricEigen3, unitOrZero, type Vec3 } from './vec.ts';

export interface ArchFrame {
  /** On the occlusal plane, at the front of the arch on the midline (mm, scan frame). */
  origin: Vec3;
  /** Occlusal plane normal, from the gingiva towards the crown tips. */
  occlusal: Vec3;
  /** Towards the incisors, in the occlusal plane. */
  anterior: Vec3;
  /** The patient's left, in the occlusal plane (depends on the jaw: see `leftFor`). */
  left: Vec3;
  /** 'upper' where a palate is present; otherwise the scan cannot tell. */
  jawGuess: Jaw | 'unknown';
  /** True when the triangles wind inward (normals point into the tissue). */
  inwardNormals: boolean;
}

/** Crown tops: upper-surface vertices within this much of the top of the arch (mm). */
const CROWN_TOP_DEPTH = 4;

export function estimateArchFrame(mesh: Mesh, jaw?: Jaw): ArchFrame {
  return archFrameOf(buildTopology(mesh), jaw);
}

/** The patient's left: superior x anterior, where superior is -occlusal on an upper arch. */
export function leftFor(occlusal: Vec3, anterior: Vec3, jaw: Jaw): Vec3 {
  const superior = jaw === 'upper' ? scale(occlusal, -1) : occlusal;
  return unitOrZero(cross(superior, anterior));
}

/**
 * `weights` (per vertex) count how many scan vertices each stands for when the topology is
 * a dense scan's proxy: the crown-top plane is then the one the scan itself would give.
 */
export function archFrameOf(topo: Topology, jaw?: Jaw, weights?: ArrayLike<number>): ArchFrame {
  const P = topo.positions;
  const { centroid, axes } = surfacePca(topo);
  let occlusal = axes[0];
  const signVote = gingivalSideVote(topo, centroid, occlusal);
  if (signVote < 0) occlusal = scale(occlusal, -1);
  const vectorArea: Vec3 = [0, 0, 0];
  for (let f = 0; f < topo.faceCount; f++) {
    const a = topo.faceAreas[f];
    for (let k = 0; k < 3; k++) vectorArea[k] += topo.faceNormals[3 * f + k] * a;
  }
  // With a base boundary, the cap of tissue bulges towards the crowns: outward normals sum
  // towards the occlusal side. Without one (closed model) trust the winding as given.
  const inwardNormals = signVote !== 0 && dot(vectorArea, occlusal) < 0;
  if (signVote === 0 && dot(vectorArea, occlusal) < 0) occlusal = scale(occlusal, -1);

  let view = projectAll(P, centroid, occlusal, axes[2]);
  let tops = crownTops(view);
  for (let iter = 0; iter < 3; iter++) {
    const plane = fitPlane(Array.from(tops, (i) => vertexAt(P, i)), weights && Array.from(tops, (i) => weights[i]));
    occlusal = dot(plane.normal, occlusal) < 0 ? scale(plane.normal, -1) : plane.normal;
    view = projectAll(P, centroid, occlusal, axes[2]);
    tops = crownTops(view);
  }
  let planeHeight = 0, topWeight = 0;
  for (const i of tops) { const w = weights ? weights[i] : 1; planeHeight += w * view.h[i]; topWeight += w; }
  planeHeight /= topWeight || 1;

  const pts = Array.from(tops, (i) => [view.u[i], view.v[i]] as [number, number]);
  const dir2 = anteriorIn2d(pts);
  const anterior = unitOrZero(add(scale(view.e1, dir2.dir[0]), scale(view.e2, dir2.dir[1])));
  // Origin: on the symmetry axis, level with the front-most crown top near it, on the plane.
  const side2: [number, number] = [-dir2.dir[1], dir2.dir[0]];
  let front = -Infinity;
  for (const [u, v] of pts) {
    const du = u - dir2.center[0], dv = v - dir2.center[1];
    if (Math.abs(du * side2[0] + dv * side2[1]) > 3) continue;
    front = Math.max(front, du * dir2.dir[0] + dv * dir2.dir[1]);
  }
  if (front === -Infinity) front = 0;
  const fu = dir2.center[0] + front * dir2.dir[0], fv = dir2.center[1] + front * dir2.dir[1];
  const origin = add(centroid, add(add(scale(view.e1, fu), scale(view.e2, fv)), scale(occlusal, planeHeight)));
  const jawGuess: Jaw | 'unknown' = hasPalate(view, topo.vertexAreas, tops, dir2) ? 'upper' : 'unknown';
  const left = leftFor(occlusal, anterior, jaw ?? (jawGuess === 'unknown' ? 'upper' : jawGuess));
  return { origin, occlusal, anterior, left, jawGuess, inwardNormals };
}

/** Every vertex in plane coordinates (u, v) and height h about the centroid. */
interface PlaneView { u: Float64Array; v: Float64Array; h: Float64Array; e1: Vec3; e2: Vec3 }

function projectAll(P: Float64Array, c: Vec3, normal: Vec3, hint: Vec3): PlaneView {
  const e1 = orthogonalize(Math.abs(dot(hint, normal)) > 0.9 ? cross(normal, [1, 0, 0]) : hint, normal);
  const e2 = unitOrZero(cross(normal, e1));
  const n = P.length / 3;
  const u = new Float64Array(n), v = new Float64Array(n), h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = P[3 * i] - c[0], y = P[3 * i + 1] - c[1], z = P[3 * i + 2] - c[2];
    u[i] = x * e1[0] + y * e1[1] + z * e1[2];
    v[i] = x * e2[0] + y * e2[1] + z * e2[2];
    h[i] = x * normal[0] + y * normal[1] + z * normal[2];
  }
  return { u, v, h, e1, e2 };
}

/** Upper-surface vertices near the top of the arch: the crowns, not the gum or the palate. */
function crownTops(view: PlaneView): Int32Array {
  const upper = upperSurface(view.u, view.v, view.h);
  const heights = Float64Array.from(upper, (i) => view.h[i]).sort();
  const top = heights[Math.floor(heights.length * 0.98)];
  const threshold = Math.max(otsuThreshold(heights), top - CROWN_TOP_DEPTH);
  return upper.filter((i) => view.h[i] >= threshold);
}

function vertexAt(P: Float64Array, i: number): Vec3 {
  return [P[3 * i], P[3 * i + 1], P[3 * i + 2]];
}

/** Area-weighted centroid and principal axes (ascending variance) of the surface. */
function surfacePca(topo: Topology): { centroid: Vec3; axes: [Vec3, Vec3, Vec3] } {
  const { positions: P, indices: I, faceAreas } = topo;
  let total = 0;
  const c: Vec3 = [0, 0, 0];
  const fc = new Float64Array(topo.faceCount * 3);
  for (let f = 0; f < topo.faceCount; f++) {
    for (let k = 0; k < 3; k++) {
      fc[3 * f + k] = (P[3 * I[3 * f] + k] + P[3 * I[3 * f + 1] + k] + P[3 * I[3 * f + 2] + k]) / 3;
      c[k] += fc[3 * f + k] * faceAreas[f];
    }
    total += faceAreas[f];
  }
  c[0] /= total; c[1] /= total; c[2] /= total;
  const m = new Float64Array(9);
  for (let f = 0; f < topo.faceCount; f++) {
    const d = [fc[3 * f] - c[0], fc[3 * f + 1] - c[1], fc[3 * f + 2] - c[2]];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[3 * i + j] += faceAreas[f] * d[i] * d[j];
  }
  return { centroid: c, axes: symmetricEigen3(m).vectors };
}

/**
 * +1 when the open base of the scan lies on the -axis side (so +axis is occlusal), -1
 * when on the +axis side, 0 when the scan has no usable boundary.
 */
function gingivalSideVote(topo: Topology, centroid: Vec3, axis: Vec3): number {
  let sum = 0, n = 0;
  for (let v = 0; v < topo.vertexCount; v++) {
    if (!topo.boundary[v]) continue;
    sum += dot(vertexAt(topo.positions, v), axis) - dot(centroid, axis);
    n++;
  }
  if (n < 20 || Math.abs(sum / n) < 0.5) return 0;
  return sum < 0 ? 1 : -1;
}

interface Direction2d { center: [number, number]; dir: [number, number] }

/**
 * Anterior direction of a U of crown-top points: away from the widest empty angular gap
 * seen from their centroid (the open, posterior end), refined to the mirror-symmetry axis.
 */
function anteriorIn2d(pts: [number, number][]): Direction2d {
  const n = pts.length;
  const cu = pts.reduce((s, p) => s + p[0], 0) / n, cv = pts.reduce((s, p) => s + p[1], 0) / n;
  const angles = pts.map(([u, v]) => Math.atan2(v - cv, u - cu)).sort((a, b) => a - b);
  let gap = -1, gapMid = 0;
  for (let i = 0; i < n; i++) {
    const a = angles[i], b = i + 1 < n ? angles[i + 1] : angles[0] + 2 * Math.PI;
    if (b - a > gap) { gap = b - a; gapMid = (a + b) / 2; }
  }
  const us = Float64Array.from(pts, (p) => p[0]), vs = Float64Array.from(pts, (p) => p[1]);
  const grid = buildGrid2d(us, vs, MIRROR_CELL);
  const stride = Math.max(1, Math.floor(n / 800));
  const sample: number[] = [];
  for (let k = 0; k < n; k += stride) sample.push(k);
  // The mirror axis may pass beside the centroid and turn well away from the gap's
  // direction: with one side's molars missing, both lean towards the complete side.
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const start = gapMid + Math.PI;
  const coarse: Axis[] = [];
  for (let d = -AXIS_TURN; d <= AXIS_TURN; d += 5) {
    for (let o = -AXIS_SHIFT; o <= AXIS_SHIFT; o += 2) {
      const theta = start + rad(d);
      coarse.push({ theta, offset: o, score: mirrorAsymmetry(sample, us, vs, grid, axisPoint(cu, cv, theta, o), theta) });
    }
  }
  // The whole U's best axis can lean well away from the truth where one side's molars are
  // missing (how far depends on how the crown tops happen to be sampled): each of the few
  // best distinct axes is refined on its own front of the U (incisors to premolars, which
  // stays symmetric), and a clearly more symmetric front wins (the lopsided partial arch's
  // wrong axis scored 1.5 mm there, the right one 0.2 mm).
  let result: Axis = { theta: start, offset: 0, score: Infinity };
  for (const candidate of distinctBest(coarse, COARSE_CANDIDATES)) {
    const depth = (k: number) => (us[k] - cu) * Math.cos(candidate.theta) + (vs[k] - cv) * Math.sin(candidate.theta);
    let front = -Infinity;
    for (let k = 0; k < n; k++) front = Math.max(front, depth(k));
    const frontSample = sample.filter((k) => depth(k) > front - FRONT_DEPTH);
    const refineOn = frontSample.length > 50 ? frontSample : sample;
    let best: Axis = { ...candidate, score: Infinity };
    const tryAxis = (theta: number, offset: number) => {
      const score = mirrorAsymmetry(refineOn, us, vs, grid, axisPoint(cu, cv, theta, offset), theta);
      if (score < best.score) best = { theta, offset, score };
    };
    for (let d = -12; d <= 12; d += 2) {
      for (let o = -4; o <= 4; o += 1) tryAxis(candidate.theta + rad(d), candidate.offset + o);
    }
    const mid = best;
    for (let d = -1.5; d <= 1.5; d += 0.5) {
      for (let o = -1; o <= 1; o += 0.25) tryAxis(mid.theta + rad(d), mid.offset + o);
    }
    // The runners-up only win clearly: fronts differ a little with the axis, so near-equal
    // scores are noise, and the whole U's best is right on all but lopsided arches.
    if (result.score === Infinity || best.score < result.score - RUNNER_UP_MARGIN) result = best;
  }
  const best = result.theta, bestOffset = result.offset;
  const dir: [number, number] = [Math.cos(best), Math.sin(best)];
  const side: [number, number] = [-dir[1], dir[0]];
  return { center: [cu + side[0] * bestOffset, cv + side[1] * bestOffset], dir };
}

interface Axis { theta: number; offset: number; score: number }

/** A point on the axis at angle theta passing `offset` mm beside the centroid. */
function axisPoint(cu: number, cv: number, theta: number, offset: number): [number, number] {
  return [cu - Math.sin(theta) * offset, cv + Math.cos(theta) * offset];
}

/** The lowest-scoring axes, each at least 10 degrees or 4 mm from those taken before. */
function distinctBest(axes: Axis[], count: number): Axis[] {
  const taken: Axis[] = [];
  for (const a of [...axes].sort((x, y) => x.score - y.score)) {
    if (taken.some((t) => Math.abs(t.theta - a.theta) < (10 * Math.PI) / 180 && Math.abs(t.offset - a.offset) < 4)) continue;
    taken.push(a);
    if (taken.length === count) break;
  }
  return taken;
}

/** Coarse axes refined on the front of the U. */
const COARSE_CANDIDATES = 4;
/** How much more symmetric (mean mm) a runner-up's front must be to replace the best coarse axis's. */
const RUNNER_UP_MARGIN = 0.25;
/** How far (degrees, mm) the mirror axis is searched from the gap direction and the centroid. */
const AXIS_TURN = 50;
const AXIS_SHIFT = 12;
/** Depth of the front of the U (mm from the incisors) the axis is refined on. */
const FRONT_DEPTH = 25;
const MIRROR_CELL = 2;

/**
 * Mean distance (capped at 2 mm, so the grid search is exact) from each sampled point's
 * mirror image about the line through c at angle theta to the nearest point of the set.
 */
function mirrorAsymmetry(sample: number[], us: Float64Array, vs: Float64Array, grid: Grid2d, c: [number, number], theta: number): number {
  const dx = Math.cos(theta), dy = Math.sin(theta);
  let sum = 0;
  for (const k of sample) {
    const ru = us[k] - c[0], rv = vs[k] - c[1];
    const along = ru * dx + rv * dy;
    const mu = c[0] + 2 * along * dx - ru, mv = c[1] + 2 * along * dy - rv;
    let best = MIRROR_CELL * MIRROR_CELL;
    // forNear's walk, inlined: this runs some 400 axes x 800 points per arch.
    const ci = Math.floor(mu / grid.cell) - grid.minI, cj = Math.floor(mv / grid.cell) - grid.minJ;
    const iEnd = Math.min(grid.cols - 1, ci + 1), jEnd = Math.min(grid.rows - 1, cj + 1);
    for (let i = Math.max(0, ci - 1); i <= iEnd; i++) {
      for (let j = Math.max(0, cj - 1); j <= jEnd; j++) {
        const cell = i * grid.rows + j;
        for (let k = grid.start[cell]; k < grid.start[cell + 1]; k++) {
          const q = grid.items[k];
          const du = us[q] - mu, dv = vs[q] - mv;
          const d2 = du * du + dv * dv;
          if (d2 < best) best = d2;
        }
      }
    }
    sum += Math.sqrt(best);
  }
  return sum / sample.length;
}

/**
 * A palate: surface inside the U, well away from every crown (more than 8 mm in the
 * plane), covering more than 150 mm^2. Lower scans stop a few millimetres lingual of the teeth.
 */
function hasPalate(view: PlaneView, areas: Float64Array, tops: Int32Array, frame: Direction2d): boolean {
  const [dx, dy] = frame.dir;
  const toArch = (u: number, v: number): [number, number] => {
    const ru = u - frame.center[0], rv = v - frame.center[1];
    return [ru * -dy + rv * dx, ru * dx + rv * dy];
  };
  // Cells within 8 mm of a crown, on a 2 mm grid (dilated once, looked up per vertex).
  const cell = 2;
  const near = new Set<number>();
  const key = (i: number, j: number) => i * 100003 + j;
  let maxY = -Infinity;
  const rows = new Map<number, [number, number]>();
  const crownCells = new Set<number>();
  for (const t of tops) {
    const [x, y] = toArch(view.u[t], view.v[t]);
    const ci = Math.floor(x / cell), cj = Math.floor(y / cell);
    if (!crownCells.has(key(ci, cj))) {
      crownCells.add(key(ci, cj));
      for (let a = ci - 4; a <= ci + 4; a++) for (let b = cj - 4; b <= cj + 4; b++) near.add(key(a, b));
    }
    maxY = Math.max(maxY, y);
    const r = Math.floor(y / 3);
    const span = rows.get(r);
    rows.set(r, span ? [Math.min(span[0], x), Math.max(span[1], x)] : [x, x]);
  }
  let inside = 0;
  for (let i = 0; i < view.u.length; i++) {
    const [x, y] = toArch(view.u[i], view.v[i]);
    const span = rows.get(Math.floor(y / 3));
    if (!span || x <= span[0] || x >= span[1] || y >= maxY) continue;
    if (!near.has(key(Math.floor(x / cell), Math.floor(y / cell)))) inside += areas[i];
    if (inside > 150) return true;
  }
  return false;
}
