// A segmented crown is an open surface: it stops at the gum line and, where it touched its
// neighbour in the scan, part way up the side to the contact. Signed distance needs an
// inside, so each crown is closed into a collision solid whose sign the pseudo-normals get
// right everywhere, which needs a cap that neither folds back nor cuts through the crown:
//  1. triangles that carry no surface or break the manifold (folds, fins) are peeled off;
//  2. the rim is trimmed where no cap could follow it: spikes (a rim vertex whose triangles
//     span < 120 degrees) and rim triangles that face the crown's centre (a lip curling back);
//  3. each boundary loop is ear-clipped on the sphere of directions seen from the centre,
//     over the opening's side only, so the cap covers only directions the crown leaves open;
//  4. the whole is oriented outwards (positive volume).
// No vertex is added or moved, so per-vertex results map straight back to the crown.
import type { Mesh } from './mesh.ts';

export interface CollisionSolid {
  /** Closed, outward oriented: every directed edge a->b is matched by exactly one b->a. */
  mesh: Mesh;
  /** Vertices [0, crownVertexCount) are the crown's (today all of them: caps add none). */
  crownVertexCount: number;
  /** Triangles [0, crownTriangleCount) are the crown's (see droppedTriangles); the rest are caps. */
  crownTriangleCount: number;
  /** Crown triangles left out: degenerate, folded, non-manifold, trimmed at the rim, or cut off from the main piece. */
  droppedTriangles: number;
  /** Boundary loops that were capped. */
  loops: number;
  /** Enclosed volume, mm^3, > 0. */
  volume: number;
  /** True when the crown's triangles faced inwards and were turned round. */
  flipped: boolean;
}

export class CollisionSolidError extends Error {
  override name = 'CollisionSolidError';
}

/** Rim vertices whose triangles span less than this are spikes. */
const MIN_RIM_ANGLE = (120 * Math.PI) / 180;

/** Edge a-b, either way round, as one small integer (a fast Set key): min * n + max. */
function undirectedKeys(vertexCount: number): (a: number, b: number) => number {
  const base = Math.max(1, vertexCount);
  return (a, b) => (a < b ? a * base + b : b * base + a);
}
/** The vertex after position t in its triangle. */
const nextInTriangle = (tris: ArrayLike<number>, t: number): number => tris[t % 3 === 2 ? t - 2 : t + 1];

type Vec = [number, number, number];
const at = (p: Float32Array, v: number): Vec => [p[v * 3], p[v * 3 + 1], p[v * 3 + 2]];
const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec, b: Vec): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vec): number => Math.hypot(a[0], a[1], a[2]);

/**
 * The directed edges of a triangle list grouped by their first vertex, in flat arrays: how
 * often a->b occurs is a scan of a's few outgoing edges, with no hashing (closing a crown
 * asks this some ten times per edge).
 */
class EdgeIndex {
  private readonly start: Int32Array;
  private readonly to: Int32Array;
  /** Triangle of each directed edge. */
  readonly tri: Int32Array;

  constructor(tris: ArrayLike<number>, vertexCount: number) {
    this.start = new Int32Array(vertexCount + 1);
    for (let t = 0; t < tris.length; t++) this.start[tris[t] + 1]++;
    for (let v = 0; v < vertexCount; v++) this.start[v + 1] += this.start[v];
    const fill = this.start.slice(0, vertexCount);
    this.to = new Int32Array(tris.length);
    this.tri = new Int32Array(tris.length);
    for (let t = 0; t < tris.length; t++) {
      const k = fill[tris[t]]++;
      this.to[k] = nextInTriangle(tris, t);
      this.tri[k] = (t / 3) | 0;
    }
  }

  /** How many times the directed edge a->b occurs. */
  count(a: number, b: number): number {
    let c = 0;
    for (let k = this.start[a]; k < this.start[a + 1]; k++) if (this.to[k] === b) c++;
    return c;
  }

  /** How many triangles use the edge a-b, either way round. */
  uses(a: number, b: number): number {
    return this.count(a, b) + this.count(b, a);
  }

  /** Calls visit with the triangle of every directed edge a->b. */
  forEach(a: number, b: number, visit: (tri: number) => void): void {
    for (let k = this.start[a]; k < this.start[a + 1]; k++) if (this.to[k] === b) visit(this.tri[k]);
  }
}

/** One past the largest index: an EdgeIndex over a broken mesh must still hold every vertex named. */
function indexBound(n: number, tris: ArrayLike<number>): number {
  let bound = n;
  for (let i = 0; i < tris.length; i++) if (tris[i] >= bound) bound = tris[i] + 1;
  return bound;
}

/** Triangles with three distinct, in-range vertices, each once; the rest carry no surface. */
function usableTriangles(mesh: Mesh, name: string): number[] {
  const n = mesh.positions.length / 3;
  const out: number[] = [];
  const seen = new Set<number | string>();
  // The sorted triple as one exact number while n^3 < 2^53 (any crown), else as text.
  const exact = n < 200_000;
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
    if (a >= n || b >= n || c >= n) throw new CollisionSolidError(`${name}: triangle ${t / 3} refers to vertex ${Math.max(a, b, c)} of ${n}`);
    if (a === b || b === c || a === c) continue;
    const lo = Math.min(a, b, c), hi = Math.max(a, b, c), mid = a + b + c - lo - hi;
    const key = exact ? (lo * n + mid) * n + hi : `${lo},${mid},${hi}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a, b, c);
  }
  return out;
}

/** Drop triangles matching `bad`, again and again until none does (dropping exposes more). */
function peelWhile(tris: number[], bad: (tris: number[]) => (t: number) => boolean): number[] {
  for (let round = 0; round < 100; round++) {
    const isBad = bad(tris);
    const kept: number[] = [];
    for (let t = 0; t < tris.length; t += 3) if (!isBad(t)) kept.push(tris[t], tris[t + 1], tris[t + 2]);
    if (kept.length === tris.length) return tris;
    tris = kept;
  }
  return tris;
}

/** Folds and fins: an edge used twice the same way round, or by three triangles. */
function peelFolds(tris: number[], n: number): number[] {
  return peelWhile(tris, (current) => {
    const edges = new EdgeIndex(current, n);
    return (t) => {
      for (let k = 0; k < 3; k++) {
        const a = current[t + k], b = nextInTriangle(current, t + k);
        if (edges.count(a, b) > 1 || edges.uses(a, b) > 2) return true;
      }
      return false;
    };
  });
}

/** Spikes and rim triangles facing the centre, which no cap seen from the centre could close cleanly. */
function trimRim(p: Float32Array, tris: number[], centre: Vec, n: number): number[] {
  return peelWhile(tris, (current) => {
    const edges = new EdgeIndex(current, n);
    const rimEdge = (t: number, k: number) => edges.uses(current[t + k], nextInTriangle(current, t + k)) === 1;
    // Angle a rim vertex's triangles span; NaN off the rim.
    const span = new Float64Array(n).fill(NaN);
    for (let t = 0; t < current.length; t += 3) {
      for (let k = 0; k < 3; k++) if (rimEdge(t, k)) span[current[t + k]] = span[nextInTriangle(current, t + k)] = 0;
    }
    for (let t = 0; t < current.length; t++) {
      const a = current[t];
      if (Number.isNaN(span[a])) continue;
      const b = nextInTriangle(current, t), c = nextInTriangle(current, t % 3 === 2 ? t - 2 : t + 1);
      const u = sub(at(p, b), at(p, a)), v = sub(at(p, c), at(p, a));
      const l = norm(u) * norm(v);
      span[a] += l > 0 ? Math.acos(Math.max(-1, Math.min(1, dot(u, v) / l))) : 0;
    }
    return (t) => {
      const v = [current[t], current[t + 1], current[t + 2]];
      if (v.some((x) => span[x] < MIN_RIM_ANGLE)) return true;
      if (![0, 1, 2].some((k) => rimEdge(t, k))) return false;
      const [a, b, c] = v.map((x) => at(p, x));
      const middle: Vec = [(a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3, (a[2] + b[2] + c[2]) / 3];
      return dot(cross(sub(b, a), sub(c, a)), sub(middle, centre)) <= 0;
    };
  });
}

/** The largest piece of triangles connected through shared edges: trimming can cut off slivers. */
function largestPiece(tris: number[], n: number): number[] {
  const count = tris.length / 3;
  const parent = Int32Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const edges = new EdgeIndex(tris, n);
  for (let t = 0; t < tris.length; t++) {
    const a = tris[t], b = nextInTriangle(tris, t);
    const join = (other: number) => { parent[find((t / 3) | 0)] = find(other); };
    edges.forEach(a, b, join);
    edges.forEach(b, a, join);
  }
  const size = new Map<number, number>();
  for (let t = 0; t < count; t++) size.set(find(t), (size.get(find(t)) ?? 0) + 1);
  let best = -1, bestSize = 0;
  for (const [root, s] of size) if (s > bestSize) [best, bestSize] = [root, s];
  const out: number[] = [];
  for (let t = 0; t < count; t++) if (find(t) === best) out.push(tris[t * 3], tris[t * 3 + 1], tris[t * 3 + 2]);
  return out;
}

function flip(tris: number[] | Uint32Array): void {
  for (let t = 0; t < tris.length; t += 3) [tris[t + 1], tris[t + 2]] = [tris[t + 2], tris[t + 1]];
}

/** Area-weighted sum of how much the triangles face away from the centre: negative when the surface faces inwards. */
function facingSum(p: Float32Array, tris: number[], centre: Vec): number {
  let sum = 0;
  for (let t = 0; t < tris.length; t += 3) {
    const [a, b, c] = [at(p, tris[t]), at(p, tris[t + 1]), at(p, tris[t + 2])];
    const out = sub([(a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3, (a[2] + b[2] + c[2]) / 3], centre);
    sum += dot(cross(sub(b, a), sub(c, a)), out) / (norm(out) || 1);
  }
  return sum;
}

/** Area-weighted centroid of a surface. */
function surfaceCentroid(p: Float32Array, tris: number[]): Vec {
  const c: Vec = [0, 0, 0];
  let total = 0;
  for (let t = 0; t < tris.length; t += 3) {
    const [a, b, d] = [at(p, tris[t]), at(p, tris[t + 1]), at(p, tris[t + 2])];
    const area = norm(cross(sub(b, a), sub(d, a)));
    for (let k = 0; k < 3; k++) c[k] += (area * (a[k] + b[k] + d[k])) / 3;
    total += area;
  }
  return total > 0 ? [c[0] / total, c[1] / total, c[2] / total] : at(p, tris[0]);
}

export function boundaryLoops(mesh: Mesh, name = 'crown'): number[][] {
  const tris = mesh.indices;
  const edges = new EdgeIndex(tris, indexBound(mesh.positions.length / 3, tris));
  const outgoing = new Map<number, number[]>();
  for (let t = 0; t < tris.length; t++) {
    const a = tris[t], b = nextInTriangle(tris, t);
    // Each directed edge occurs once (a second occurrence throws at the first).
    if (edges.count(a, b) > 1) throw new CollisionSolidError(`${name}: edge ${a}-${b} is used twice in the same direction (triangles not consistently oriented, or a non-manifold edge)`);
    if (edges.count(b, a) > 0) continue;
    let list = outgoing.get(a);
    if (!list) outgoing.set(a, (list = []));
    list.push(b);
  }
  const loops: number[][] = [];
  for (const start of [...outgoing.keys()].sort((x, y) => x - y)) {
    const path = [start];
    const onPath = new Map<number, number>([[start, 0]]);
    for (;;) {
      const v = path[path.length - 1];
      const out = outgoing.get(v);
      if (!out || out.length === 0) {
        if (path.length === 1) break;
        throw new CollisionSolidError(`${name}: the open boundary breaks off at vertex ${v} (inconsistently oriented triangles)`);
      }
      const w = out.pop()!;
      const i = onPath.get(w);
      if (i === undefined) {
        onPath.set(w, path.length);
        path.push(w);
        continue;
      }
      loops.push(path.slice(i));
      for (const u of path.slice(i + 1)) onPath.delete(u);
      path.length = i + 1;
    }
  }
  return loops;
}

/**
 * Ear-clip a loop on the sphere of directions seen from `centre`. Seen from outside that
 * sphere the crown lies left of its boundary edges and the opening right, so the opening is
 * the polygon's inside. A flat triangle covers exactly the directions of its spherical one:
 * when the crown is star-shaped about the centre the cap covers only directions the crown
 * leaves open, and meets neither the crown nor itself. Best-shaped ears go first; if no
 * clean ear is left the most convex corner is clipped anyway, so the cap always closes. An
 * ear whose new diagonal is already an edge (`edges`, undirected keys; updated here) would
 * make that edge non-manifold, so it comes last. Triangles run the loop's way round.
 */
function capLoop(p: Float32Array, loop: number[], centre: Vec, edges: Set<number>, undirected: (a: number, b: number) => number): number[] {
  const dirs = loop.map((v) => {
    const d = sub(at(p, v), centre);
    const l = norm(d) || 1;
    return [d[0] / l, d[1] / l, d[2] / l] as Vec;
  });
  const turn = (a: number, b: number, c: number) => -dot(dirs[a], cross(dirs[b], dirs[c]));
  const inside = (a: number, b: number, c: number, q: number) => turn(a, b, q) > 0 && turn(b, c, q) > 0 && turn(c, a, q) > 0;
  const chord2 = (a: number, b: number) => dot(sub(dirs[a], dirs[b]), sub(dirs[a], dirs[b]));
  const left = loop.map((_, i) => i);
  const out: number[] = [];
  while (left.length > 3) {
    const m = left.length;
    const corners = left.map((_, k) => {
      const [a, b, c] = [left[(k + m - 1) % m], left[k], left[(k + 1) % m]];
      const area = turn(a, b, c);
      const size = chord2(a, b) + chord2(b, c) + chord2(c, a);
      return { k, a, b, c, area, quality: size > 0 ? area / size : -Infinity };
    });
    const fresh = corners.filter((e) => !edges.has(undirected(loop[e.a], loop[e.c])));
    const ears = fresh.filter((e) => e.area > 0).sort((x, y) => y.quality - x.quality);
    const ear = ears.find((e) => !left.some((q) => q !== e.a && q !== e.b && q !== e.c && inside(e.a, e.b, e.c, q)))
      ?? (fresh.length > 0 ? fresh : corners).reduce((x, y) => (y.area > x.area ? y : x));
    out.push(loop[ear.a], loop[ear.b], loop[ear.c]);
    edges.add(undirected(loop[ear.a], loop[ear.c]));
    left.splice(ear.k, 1);
  }
  out.push(loop[left[0]], loop[left[1]], loop[left[2]]);
  return out;
}

export function signedVolume(mesh: Mesh): number {
  const p = mesh.positions;
  // Relative to one vertex: the sum cancels less when the crown sits far from the origin.
  const o = [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
  let v = 0;
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const a = mesh.indices[t] * 3, b = mesh.indices[t + 1] * 3, c = mesh.indices[t + 2] * 3;
    const ax = p[a] - o[0], ay = p[a + 1] - o[1], az = p[a + 2] - o[2];
    const bx = p[b] - o[0], by = p[b + 1] - o[1], bz = p[b + 2] - o[2];
    const cx = p[c] - o[0], cy = p[c + 1] - o[1], cz = p[c + 2] - o[2];
    v += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  }
  return v / 6;
}
export function isClosed(mesh: Mesh): boolean {
  const tris = mesh.indices;
  const edges = new EdgeIndex(tris, indexBound(mesh.positions.length / 3, tris));
  for (let t = 0; t < tris.length; t++) {
    const a = tris[t], b = nextInTriangle(tris, t);
    if (edges.count(a, b) !== 1 || edges.count(b, a) !== 1) return false;
  }
  return tris.length > 0;
}

/** Close an open crown into an outward-oriented solid. `name` (e.g. "tooth 11") goes into errors. */
export function closeCrown(crown: Mesh, name = 'crown'): CollisionSolid {
  const n = crown.positions.length / 3;
  if (crown.indices.length === 0 || n === 0) throw new CollisionSolidError(`${name} is empty: no triangles`);
  if (crown.indices.length % 3 !== 0 || crown.positions.length % 3 !== 0) throw new CollisionSolidError(`${name}: array lengths are not multiples of 3`);
  if (!crown.positions.every(Number.isFinite)) throw new CollisionSolidError(`${name} has non-finite vertex coordinates`);
  const usable = usableTriangles(crown, name);
  if (usable.length === 0) throw new CollisionSolidError(`${name} is degenerate: every triangle repeats a vertex`);
  const undirected = undirectedKeys(n);
  const folded = peelFolds(usable, n);
  if (folded.length === 0) throw new CollisionSolidError(`${name} has no manifold surface left after removing folded triangles`);
  const centre = surfaceCentroid(crown.positions, folded);
  // Trimming judges facing, so turn an inward-facing crown round first.
  let flipped = facingSum(crown.positions, folded, centre) < 0;
  if (flipped) flip(folded);
  const tris = largestPiece(trimRim(crown.positions, folded, centre, n), n);
  if (tris.length === 0) throw new CollisionSolidError(`${name} is degenerate: no surface is left after trimming its rim`);
  const crownTriangleCount = tris.length / 3;
  const loops = boundaryLoops({ positions: crown.positions, indices: Uint32Array.from(tris) }, name);
  const edges = new Set<number>();
  for (let t = 0; t < tris.length; t++) edges.add(undirected(tris[t], nextInTriangle(tris, t)));
  for (const loop of loops) {
    // Cap triangles run the loop backwards: each boundary edge a->b meets its b->a.
    const cap = capLoop(crown.positions, loop, centre, edges, undirected);
    for (let t = 0; t < cap.length; t += 3) tris.push(cap[t + 2], cap[t + 1], cap[t]);
  }
  const mesh: Mesh = { positions: crown.positions.slice(), indices: Uint32Array.from(tris) };
  let volume = signedVolume(mesh);
  if (volume < 0) {
    flip(mesh.indices);
    volume = -volume;
    flipped = !flipped;
  }
  if (!(volume > 1e-9)) throw new CollisionSolidError(`${name} is degenerate: the closed crown encloses no volume`);
  if (!isClosed(mesh)) throw new CollisionSolidError(`${name}: could not be closed (non-manifold surface)`);
  return { mesh, crownVertexCount: n, crownTriangleCount, droppedTriangles: crown.indices.length / 3 - crownTriangleCount, loops: loops.length, volume, flipped };
}
