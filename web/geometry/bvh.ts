// A bounding volume hierarchy over one tooth's collision solid, built once in the tooth's
// own (body) frame, in flat typed arrays that pack straight into the engine's binary layout
// (web/engine/layout.ts). It carries the angle-weighted pseudo-normals (Baerentzen and
// Aanaes 2005) of vertices, edges and faces, so that the sign of a distance comes from the
// closest feature: negative inside the solid. The query walks the tree with a fixed-size
// stack, the way the WASM and WGSL kernels must.
import type { Mesh } from './mesh.ts';

export interface ToothBvh {
  /** xyz per vertex, mm, body frame. */
  positions: Float32Array;
  /** xyz per vertex, unit angle-weighted pseudo-normal (zero for a vertex no triangle uses). */
  vertexNormals: Float32Array;
  /** Three vertex indices per triangle, in BVH leaf order (counter-clockwise from outside). */
  triangles: Uint32Array;
  /** xyz per triangle, unit (zero for a triangle without area). */
  faceNormals: Float32Array;
  /** Nine per triangle: pseudo-normals of edges ab, bc, ca; unit. */
  edgeNormals: Float32Array;
  /** Input triangle index of each triangle. */
  sourceTriangle: Uint32Array;
  /** Six per node: min xyz, max xyz. */
  nodeBounds: Float32Array;
  /** Two per node. Leaf: [first triangle, count > 0]. Inner: [right child, 0]; the left child is the next node. */
  nodeData: Uint32Array;
  /** Longest root-to-leaf path, in nodes. */
  depth: number;
}

/** Leaves hold at most this many triangles. */
export const BVH_LEAF_SIZE = 4;
/** The tree is never deeper than this (nodes on a root-to-leaf path). */
export const BVH_MAX_DEPTH = 48;
/** Stack size a traversal needs: depth + 1, rounded up. */
export const BVH_STACK_SIZE = 64;
/** Past this depth the build splits at the median, which bounds the total depth. */
const SAH_DEPTH_LIMIT = 24;
const BINS = 16;

/** Which part of a triangle a closest point lies on; picks the pseudo-normal that signs the distance. */
export const Feature = { Face: 0, VertexA: 1, VertexB: 2, VertexC: 3, EdgeAB: 4, EdgeBC: 5, EdgeCA: 6 } as const;
export type Feature = (typeof Feature)[keyof typeof Feature];
const VERTEX_FEATURES: readonly Feature[] = [Feature.VertexA, Feature.VertexB, Feature.VertexC];
const EDGE_FEATURES: readonly Feature[] = [Feature.EdgeAB, Feature.EdgeBC, Feature.EdgeCA];

export class BvhError extends Error {
  override name = 'BvhError';
}

function faceNormal(p: Float32Array, a: number, b: number, c: number, out: Float64Array): number {
  const ux = p[b * 3] - p[a * 3], uy = p[b * 3 + 1] - p[a * 3 + 1], uz = p[b * 3 + 2] - p[a * 3 + 2];
  const vx = p[c * 3] - p[a * 3], vy = p[c * 3 + 1] - p[a * 3 + 1], vz = p[c * 3 + 2] - p[a * 3 + 2];
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const len = Math.hypot(nx, ny, nz);
  out[0] = len > 0 ? nx / len : 0;
  out[1] = len > 0 ? ny / len : 0;
  out[2] = len > 0 ? nz / len : 0;
  return len;
}

/** Angle at vertex a of triangle abc, radians. */
function cornerAngle(p: Float32Array, a: number, b: number, c: number): number {
  const ux = p[b * 3] - p[a * 3], uy = p[b * 3 + 1] - p[a * 3 + 1], uz = p[b * 3 + 2] - p[a * 3 + 2];
  const vx = p[c * 3] - p[a * 3], vy = p[c * 3 + 1] - p[a * 3 + 1], vz = p[c * 3 + 2] - p[a * 3 + 2];
  const lu = Math.hypot(ux, uy, uz), lv = Math.hypot(vx, vy, vz);
  if (!(lu > 0 && lv > 0)) return 0;
  return Math.acos(Math.max(-1, Math.min(1, (ux * vx + uy * vy + uz * vz) / (lu * lv))));
}

function unitInto(out: Float32Array, at: number, x: number, y: number, z: number): void {
  const len = Math.hypot(x, y, z);
  out[at] = len > 0 ? x / len : 0;
  out[at + 1] = len > 0 ? y / len : 0;
  out[at + 2] = len > 0 ? z / len : 0;
}

/** Pseudo-normals of vertices, edges and faces for triangles already in their final order. */
function pseudoNormals(positions: Float32Array, tris: Uint32Array) {
  const triCount = tris.length / 3;
  const faces = new Float32Array(triCount * 3);
  const vertexSum = new Float64Array(positions.length);
  const n = new Float64Array(3);
  const byEdge = new Map<number, number[]>();
  for (let t = 0; t < triCount; t++) {
    const v = [tris[t * 3], tris[t * 3 + 1], tris[t * 3 + 2]];
    faceNormal(positions, v[0], v[1], v[2], n);
    faces.set(n, t * 3);
    for (let k = 0; k < 3; k++) {
      const angle = cornerAngle(positions, v[k], v[(k + 1) % 3], v[(k + 2) % 3]);
      for (let j = 0; j < 3; j++) vertexSum[v[k] * 3 + j] += angle * n[j];
      const a = v[k], b = v[(k + 1) % 3];
      const key = Math.min(a, b) * 0x100000000 + Math.max(a, b);
      let list = byEdge.get(key);
      if (!list) byEdge.set(key, (list = []));
      list.push(t);
    }
  }
  const vertexNormals = new Float32Array(positions.length);
  for (let i = 0; i < positions.length; i += 3) unitInto(vertexNormals, i, vertexSum[i], vertexSum[i + 1], vertexSum[i + 2]);
  // An edge's pseudo-normal weighs each adjacent face by pi: the sum of their normals.
  const edgeNormals = new Float32Array(triCount * 9);
  for (let t = 0; t < triCount; t++) {
    for (let k = 0; k < 3; k++) {
      const a = tris[t * 3 + k], b = tris[t * 3 + ((k + 1) % 3)];
      const sharing = byEdge.get(Math.min(a, b) * 0x100000000 + Math.max(a, b))!;
      let x = 0, y = 0, z = 0;
      for (const s of sharing) {
        x += faces[s * 3];
        y += faces[s * 3 + 1];
        z += faces[s * 3 + 2];
      }
      unitInto(edgeNormals, t * 9 + k * 3, x, y, z);
    }
  }
  return { vertexNormals, faceNormals: faces, edgeNormals };
}

interface BuildState {
  centroid: Float64Array;
  triMin: Float64Array;
  triMax: Float64Array;
  order: Uint32Array;
  bounds: number[];
  data: number[];
  depth: number;
}

function halfArea(b: Float64Array, o: number): number {
  const dx = b[o + 3] - b[o], dy = b[o + 4] - b[o + 1], dz = b[o + 5] - b[o + 2];
  return dx * dy + dy * dz + dz * dx;
}

function emptyBox(b: Float64Array, o: number): void {
  b[o] = b[o + 1] = b[o + 2] = Infinity;
  b[o + 3] = b[o + 4] = b[o + 5] = -Infinity;
}

/** Grow box b (at o) by the box whose min is at min[minAt..] and max at max[maxAt..]. */
function growBox(b: Float64Array, o: number, min: Float64Array, minAt: number, max: Float64Array, maxAt: number): void {
  for (let k = 0; k < 3; k++) {
    if (min[minAt + k] < b[o + k]) b[o + k] = min[minAt + k];
    if (max[maxAt + k] > b[o + 3 + k]) b[o + 3 + k] = max[maxAt + k];
  }
}

const binCount = new Int32Array(BINS);
const binBox = new Float64Array(BINS * 6);
const sweep = new Float64Array(BINS * 6);

/** Best binned-SAH split of order[start, end) as [axis, position], or null when all centroids coincide. */
function sahSplit(s: BuildState, start: number, end: number): [number, number] | null {
  const cmin = [Infinity, Infinity, Infinity], cmax = [-Infinity, -Infinity, -Infinity];
  for (let i = start; i < end; i++) {
    for (let k = 0; k < 3; k++) {
      const c = s.centroid[s.order[i] * 3 + k];
      if (c < cmin[k]) cmin[k] = c;
      if (c > cmax[k]) cmax[k] = c;
    }
  }
  let best: [number, number] | null = null;
  let bestCost = Infinity;
  for (let axis = 0; axis < 3; axis++) {
    const extent = cmax[axis] - cmin[axis];
    if (!(extent > 0)) continue;
    binCount.fill(0);
    for (let b = 0; b < BINS; b++) emptyBox(binBox, b * 6);
    for (let i = start; i < end; i++) {
      const t = s.order[i];
      const bin = Math.min(BINS - 1, Math.floor(((s.centroid[t * 3 + axis] - cmin[axis]) / extent) * BINS));
      binCount[bin]++;
      growBox(binBox, bin * 6, s.triMin, t * 3, s.triMax, t * 3);
    }
    // sweep[b]: box of bins b.. BINS-1; then a left-to-right pass prices each split.
    emptyBox(sweep, (BINS - 1) * 6);
    growBox(sweep, (BINS - 1) * 6, binBox, (BINS - 1) * 6, binBox, (BINS - 1) * 6 + 3);
    for (let b = BINS - 2; b >= 0; b--) {
      sweep.copyWithin(b * 6, (b + 1) * 6, (b + 2) * 6);
      growBox(sweep, b * 6, binBox, b * 6, binBox, b * 6 + 3);
    }
    const left = new Float64Array(6);
    emptyBox(left, 0);
    let nl = 0;
    for (let split = 1; split < BINS; split++) {
      growBox(left, 0, binBox, (split - 1) * 6, binBox, (split - 1) * 6 + 3);
      nl += binCount[split - 1];
      const nr = end - start - nl;
      if (nl === 0 || nr === 0) continue;
      const cost = nl * halfArea(left, 0) + nr * halfArea(sweep, split * 6);
      if (cost < bestCost) {
        bestCost = cost;
        best = [axis, cmin[axis] + (extent * split) / BINS];
      }
    }
  }
  return best;
}

/** Partition order[start, end) and return the first index of the right half (never start or end). */
function partition(s: BuildState, start: number, end: number, depth: number): number {
  const split = depth < SAH_DEPTH_LIMIT ? sahSplit(s, start, end) : null;
  if (split) {
    const [axis, pos] = split;
    let i = start, j = end - 1;
    while (i <= j) {
      if (s.centroid[s.order[i] * 3 + axis] < pos) i++;
      else {
        const t = s.order[i];
        s.order[i] = s.order[j];
        s.order[j--] = t;
      }
    }
    if (i > start && i < end) return i;
  }
  // Median by index: always makes progress, and bounds the depth.
  return (start + end) >> 1;
}

function buildNode(s: BuildState, start: number, end: number, depth: number): void {
  const node = s.data.length / 2;
  const box = new Float64Array(6);
  emptyBox(box, 0);
  for (let i = start; i < end; i++) growBox(box, 0, s.triMin, s.order[i] * 3, s.triMax, s.order[i] * 3);
  for (let k = 0; k < 6; k++) s.bounds.push(box[k]);
  s.depth = Math.max(s.depth, depth);
  if (end - start <= BVH_LEAF_SIZE) {
    s.data.push(start, end - start);
    return;
  }
  s.data.push(0, 0);
  const mid = partition(s, start, end, depth);
  buildNode(s, start, mid, depth + 1);
  s.data[node * 2] = s.data.length / 2;
  buildNode(s, mid, end, depth + 1);
}

/** Build the BVH and pseudo-normals of a closed solid whose vertices are already in the body frame. */
export function buildBvh(solid: Mesh, name = 'solid'): ToothBvh {
  const { positions, indices } = solid;
  const triCount = indices.length / 3;
  if (triCount === 0) throw new BvhError(`${name} has no triangles`);
  if (!positions.every(Number.isFinite)) throw new BvhError(`${name} has non-finite vertex coordinates`);
  const vertexCount = positions.length / 3;
  const centroid = new Float64Array(triCount * 3);
  const triMin = new Float64Array(triCount * 3);
  const triMax = new Float64Array(triCount * 3);
  for (let t = 0; t < triCount; t++) {
    for (let k = 0; k < 3; k++) {
      const v = indices[t * 3 + k];
      if (v >= vertexCount) throw new BvhError(`${name}: triangle ${t} refers to vertex ${v} of ${vertexCount}`);
    }
    for (let k = 0; k < 3; k++) {
      const a = positions[indices[t * 3] * 3 + k], b = positions[indices[t * 3 + 1] * 3 + k], c = positions[indices[t * 3 + 2] * 3 + k];
      triMin[t * 3 + k] = Math.min(a, b, c);
      triMax[t * 3 + k] = Math.max(a, b, c);
      centroid[t * 3 + k] = (a + b + c) / 3;
    }
  }
  const s: BuildState = { centroid, triMin, triMax, order: Uint32Array.from({ length: triCount }, (_, i) => i), bounds: [], data: [], depth: 0 };
  buildNode(s, 0, triCount, 1);
  if (s.depth > BVH_MAX_DEPTH) throw new BvhError(`${name}: BVH depth ${s.depth} exceeds ${BVH_MAX_DEPTH}`);
  const triangles = new Uint32Array(triCount * 3);
  for (let i = 0; i < triCount; i++) triangles.set(indices.subarray(s.order[i] * 3, s.order[i] * 3 + 3), i * 3);
  return {
    positions: Float32Array.from(positions),
    ...pseudoNormals(positions, triangles),
    triangles,
    sourceTriangle: s.order,
    nodeBounds: Float32Array.from(s.bounds),
    nodeData: Uint32Array.from(s.data),
    depth: s.depth,
  };
}

/** Result of a closest-point query. Reused between calls to avoid garbage in hot loops. */
export interface ClosestPoint {
  /** Signed distance, mm: negative inside the solid. */
  distance: number;
  /** Closest point on the surface, body frame. */
  x: number;
  y: number;
  z: number;
  /** Triangle (BVH order) and feature of that triangle the point is closest to. */
  triangle: number;
  feature: Feature;
}

export function emptyClosestPoint(): ClosestPoint {
  return { distance: Infinity, x: 0, y: 0, z: 0, triangle: -1, feature: Feature.Face };
}

/**
 * Closest point to (px, py, pz) on triangle t (Ericson, Real-Time Collision Detection 5.1.5),
 * written into `out` (x, y, z, feature); returns the squared distance. A triangle without
 * area is handled through its edges.
 */
export function closestPointOnTriangle(bvh: ToothBvh, t: number, px: number, py: number, pz: number, out: ClosestPoint): number {
  const p = bvh.positions, tri = bvh.triangles;
  const a = tri[t * 3] * 3, b = tri[t * 3 + 1] * 3, c = tri[t * 3 + 2] * 3;
  const ax = p[a], ay = p[a + 1], az = p[a + 2];
  const abx = p[b] - ax, aby = p[b + 1] - ay, abz = p[b + 2] - az;
  const acx = p[c] - ax, acy = p[c + 1] - ay, acz = p[c + 2] - az;
  const apx = px - ax, apy = py - ay, apz = pz - az;
  let u = 0, v = 0; // closest = a + u ab + v ac
  let feature: Feature;
  const d1 = abx * apx + aby * apy + abz * apz, d2 = acx * apx + acy * apy + acz * apz;
  const bpx = px - p[b], bpy = py - p[b + 1], bpz = pz - p[b + 2];
  const d3 = abx * bpx + aby * bpy + abz * bpz, d4 = acx * bpx + acy * bpy + acz * bpz;
  const cpx = px - p[c], cpy = py - p[c + 1], cpz = pz - p[c + 2];
  const d5 = abx * cpx + aby * cpy + abz * cpz, d6 = acx * cpx + acy * cpy + acz * cpz;
  const vc = d1 * d4 - d3 * d2, vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
  if (d1 <= 0 && d2 <= 0) feature = Feature.VertexA;
  else if (d3 >= 0 && d4 <= d3) { u = 1; feature = Feature.VertexB; }
  else if (d6 >= 0 && d5 <= d6) { v = 1; feature = Feature.VertexC; }
  else if (vc <= 0 && d1 >= 0 && d3 <= 0) { u = d1 / (d1 - d3); feature = Feature.EdgeAB; }
  else if (vb <= 0 && d2 >= 0 && d6 <= 0) { v = d2 / (d2 - d6); feature = Feature.EdgeCA; }
  else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
    const w = (d4 - d3) / (d4 - d3 + (d5 - d6));
    u = 1 - w;
    v = w;
    feature = Feature.EdgeBC;
  } else if (va + vb + vc > 0) {
    const denom = 1 / (va + vb + vc);
    u = vb * denom;
    v = vc * denom;
    feature = Feature.Face;
  } else {
    return closestOnDegenerate(bvh, t, px, py, pz, out);
  }
  out.x = ax + u * abx + v * acx;
  out.y = ay + u * aby + v * acy;
  out.z = az + u * abz + v * acz;
  out.feature = feature;
  const dx = px - out.x, dy = py - out.y, dz = pz - out.z;
  return dx * dx + dy * dy + dz * dz;
}

/** A triangle with no area: the closest point lies on one of its edges. */
function closestOnDegenerate(bvh: ToothBvh, t: number, px: number, py: number, pz: number, out: ClosestPoint): number {
  const p = bvh.positions, tri = bvh.triangles;
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const a = tri[t * 3 + k] * 3, b = tri[t * 3 + ((k + 1) % 3)] * 3;
    const ex = p[b] - p[a], ey = p[b + 1] - p[a + 1], ez = p[b + 2] - p[a + 2];
    const len2 = ex * ex + ey * ey + ez * ez;
    const s = len2 > 0 ? Math.max(0, Math.min(1, ((px - p[a]) * ex + (py - p[a + 1]) * ey + (pz - p[a + 2]) * ez) / len2)) : 0;
    const qx = p[a] + s * ex, qy = p[a + 1] + s * ey, qz = p[a + 2] + s * ez;
    const d2 = (px - qx) ** 2 + (py - qy) ** 2 + (pz - qz) ** 2;
    if (d2 < best) {
      best = d2;
      out.x = qx;
      out.y = qy;
      out.z = qz;
      out.feature = s <= 0 ? VERTEX_FEATURES[k] : s >= 1 ? VERTEX_FEATURES[(k + 1) % 3] : EDGE_FEATURES[k];
    }
  }
  return best;
}

/** The pseudo-normal of a feature of triangle t, as [x, y, z] read from the arrays. */
export function featureNormal(bvh: ToothBvh, t: number, feature: Feature): [number, number, number] {
  if (feature === Feature.Face) return [bvh.faceNormals[t * 3], bvh.faceNormals[t * 3 + 1], bvh.faceNormals[t * 3 + 2]];
  if (feature >= Feature.EdgeAB) {
    const at = t * 9 + (feature - Feature.EdgeAB) * 3;
    return [bvh.edgeNormals[at], bvh.edgeNormals[at + 1], bvh.edgeNormals[at + 2]];
  }
  const v = bvh.triangles[t * 3 + feature - Feature.VertexA] * 3;
  return [bvh.vertexNormals[v], bvh.vertexNormals[v + 1], bvh.vertexNormals[v + 2]];
}

/** Squared distance from a point to node i's box (0 inside). */
export function boxDistanceSq(bounds: Float32Array, i: number, px: number, py: number, pz: number): number {
  const o = i * 6;
  const dx = Math.max(bounds[o] - px, 0, px - bounds[o + 3]);
  const dy = Math.max(bounds[o + 1] - py, 0, py - bounds[o + 4]);
  const dz = Math.max(bounds[o + 2] - pz, 0, pz - bounds[o + 5]);
  return dx * dx + dy * dy + dz * dz;
}

// The query is synchronous and not re-entrant, so one scratch stack serves every call.
const scratchStack = new Uint32Array(BVH_STACK_SIZE);
const scratchProbe = emptyClosestPoint();

/**
 * Signed distance from a point (body frame) to the solid, with the closest point. Ties
 * between triangles at exactly equal distance go to the lower triangle index, so that a
 * brute-force scan over the same triangles returns the same one.
 */
export function closestPoint(bvh: ToothBvh, px: number, py: number, pz: number, out: ClosestPoint = emptyClosestPoint()): ClosestPoint {
  const stack = scratchStack;
  const probe = scratchProbe;
  const bounds = bvh.nodeBounds, data = bvh.nodeData;
  let top = 0;
  let best = Infinity;
  let bestTri = -1;
  stack[top++] = 0;
  while (top > 0) {
    const node = stack[--top];
    if (boxDistanceSq(bounds, node, px, py, pz) > best) continue;
    const count = data[node * 2 + 1];
    if (count > 0) {
      const first = data[node * 2];
      for (let t = first; t < first + count; t++) {
        const d2 = closestPointOnTriangle(bvh, t, px, py, pz, probe);
        if (d2 < best || (d2 === best && t < bestTri)) {
          best = d2;
          bestTri = t;
          out.x = probe.x;
          out.y = probe.y;
          out.z = probe.z;
          out.feature = probe.feature;
        }
      }
      continue;
    }
    // Visit the nearer child first: push it last.
    const left = node + 1, right = data[node * 2];
    const dl = boxDistanceSq(bounds, left, px, py, pz), dr = boxDistanceSq(bounds, right, px, py, pz);
    const [near, far, dNear, dFar] = dl <= dr ? [left, right, dl, dr] : [right, left, dr, dl];
    if (dFar <= best) stack[top++] = far;
    if (dNear <= best) stack[top++] = near;
  }
  out.triangle = bestTri;
  const n = featureNormal(bvh, bestTri, out.feature);
  const side = (px - out.x) * n[0] + (py - out.y) * n[1] + (pz - out.z) * n[2];
  out.distance = side < 0 ? -Math.sqrt(best) : Math.sqrt(best);
  return out;
}
