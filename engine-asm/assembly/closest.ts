// Closest point on a tooth's solid, in its body frame, the way web/geometry/bvh.ts finds it:
// depth-first with a fixed stack, nearer child first, Ericson's regions per triangle, ties to
// the lower triangle index, sign from the closest feature's pseudo-normal (zero = outside).
// All in f64 over the f32 layout buffers, formula for formula, so distances match the
// reference to the bit. One addition: a search limit (squared). Nodes farther than it are
// never opened; whatever lies within it is found exactly as the unlimited search finds it.
import {
  FEATURE_EDGE_AB, FEATURE_FACE, NODE_A, NODE_COUNT, NODE_MAX, NODE_BYTES, BVH_STACK_SIZE, TOOTH_FIRST_NODE, TOOTH_FIRST_TRIANGLE, TOOTH_FIRST_VERTEX,
  TOOTH_BYTES, TRIANGLE_A, TRIANGLE_B, TRIANGLE_C, TRIANGLE_EDGE_AB, TRIANGLE_FACE_NORMAL, TRIANGLE_BYTES, VERTEX_NORMAL, FEATURE_VERTEX_A, VERTEX_BYTES,
} from './layout.generated';

export let gTeeth: usize = 0;
export let gVertices: usize = 0;
export let gTriangles: usize = 0;
export let gNodes: usize = 0;

export function setBuffers(teeth: usize, vertices: usize, triangles: usize, nodes: usize): void {
  gTeeth = teeth;
  gVertices = vertices;
  gTriangles = triangles;
  gNodes = nodes;
}

// Closest point of the last triangle tested.
let qx: f64 = 0, qy: f64 = 0, qz: f64 = 0;
let qFeature: i32 = 0;

// Result of the last closestPoint: signed distance, point (body frame), squared distance.
export let hitDistance: f64 = 0;
export let hitX: f64 = 0;
export let hitY: f64 = 0;
export let hitZ: f64 = 0;
export let hitD2: f64 = 0;

const stack = memory.data(BVH_STACK_SIZE * 4, 16);

/** A triangle without area: the closest point lies on one of its edges. */
function closestOnDegenerate(tri: usize, px: f64, py: f64, pz: f64): f64 {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const a = tri + TRIANGLE_A + <usize>k * 16, b = tri + TRIANGLE_A + <usize>((k + 1) % 3) * 16;
    const pax = <f64>load<f32>(a), pay = <f64>load<f32>(a + 4), paz = <f64>load<f32>(a + 8);
    const ex = <f64>load<f32>(b) - pax, ey = <f64>load<f32>(b + 4) - pay, ez = <f64>load<f32>(b + 8) - paz;
    const len2 = ex * ex + ey * ey + ez * ez;
    const s: f64 = len2 > 0 ? Math.max(0, Math.min(1, ((px - pax) * ex + (py - pay) * ey + (pz - paz) * ez) / len2)) : 0;
    const x = pax + s * ex, y = pay + s * ey, z = paz + s * ez;
    const d2 = (px - x) * (px - x) + (py - y) * (py - y) + (pz - z) * (pz - z);
    if (d2 < best) {
      best = d2;
      qx = x;
      qy = y;
      qz = z;
      qFeature = s <= 0 ? FEATURE_VERTEX_A + k : s >= 1 ? FEATURE_VERTEX_A + (k + 1) % 3 : FEATURE_EDGE_AB + k;
    }
  }
  return best;
}

/** Squared distance from p to the triangle at `tri`; its closest point and feature in q*. */
function closestOnTriangle(tri: usize, px: f64, py: f64, pz: f64): f64 {
  const ax = <f64>load<f32>(tri + TRIANGLE_A), ay = <f64>load<f32>(tri + TRIANGLE_A + 4), az = <f64>load<f32>(tri + TRIANGLE_A + 8);
  const bx = <f64>load<f32>(tri + TRIANGLE_B), by = <f64>load<f32>(tri + TRIANGLE_B + 4), bz = <f64>load<f32>(tri + TRIANGLE_B + 8);
  const cx = <f64>load<f32>(tri + TRIANGLE_C), cy = <f64>load<f32>(tri + TRIANGLE_C + 4), cz = <f64>load<f32>(tri + TRIANGLE_C + 8);
  const abx = bx - ax, aby = by - ay, abz = bz - az;
  const acx = cx - ax, acy = cy - ay, acz = cz - az;
  const apx = px - ax, apy = py - ay, apz = pz - az;
  let u: f64 = 0, v: f64 = 0;
  let feature: i32;
  const d1 = abx * apx + aby * apy + abz * apz, d2 = acx * apx + acy * apy + acz * apz;
  const bpx = px - bx, bpy = py - by, bpz = pz - bz;
  const d3 = abx * bpx + aby * bpy + abz * bpz, d4 = acx * bpx + acy * bpy + acz * bpz;
  const cpx = px - cx, cpy = py - cy, cpz = pz - cz;
  const d5 = abx * cpx + aby * cpy + abz * cpz, d6 = acx * cpx + acy * cpy + acz * cpz;
  const vc = d1 * d4 - d3 * d2, vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
  if (d1 <= 0 && d2 <= 0) feature = FEATURE_VERTEX_A;
  else if (d3 >= 0 && d4 <= d3) { u = 1; feature = FEATURE_VERTEX_A + 1; }
  else if (d6 >= 0 && d5 <= d6) { v = 1; feature = FEATURE_VERTEX_A + 2; }
  else if (vc <= 0 && d1 >= 0 && d3 <= 0) { u = d1 / (d1 - d3); feature = FEATURE_EDGE_AB; }
  else if (vb <= 0 && d2 >= 0 && d6 <= 0) { v = d2 / (d2 - d6); feature = FEATURE_EDGE_AB + 2; }
  else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
    const w = (d4 - d3) / (d4 - d3 + (d5 - d6));
    u = 1 - w;
    v = w;
    feature = FEATURE_EDGE_AB + 1;
  } else if (va + vb + vc > 0) {
    const denom = 1 / (va + vb + vc);
    u = vb * denom;
    v = vc * denom;
    feature = FEATURE_FACE;
  } else {
    return closestOnDegenerate(tri, px, py, pz);
  }
  qx = ax + u * abx + v * acx;
  qy = ay + u * aby + v * acy;
  qz = az + u * abz + v * acz;
  qFeature = feature;
  const dx = px - qx, dy = py - qy, dz = pz - qz;
  return dx * dx + dy * dy + dz * dz;
}

function boxDistanceSq(node: usize, px: f64, py: f64, pz: f64): f64 {
  const dx = Math.max(Math.max(<f64>load<f32>(node) - px, 0), px - <f64>load<f32>(node + NODE_MAX));
  const dy = Math.max(Math.max(<f64>load<f32>(node + 4) - py, 0), py - <f64>load<f32>(node + NODE_MAX + 4));
  const dz = Math.max(Math.max(<f64>load<f32>(node + 8) - pz, 0), pz - <f64>load<f32>(node + NODE_MAX + 8));
  return dx * dx + dy * dy + dz * dz;
}

/**
 * Closest point on tooth `tooth` (table index) to p, body frame, looking no farther than
 * sqrt(limit2). Returns true when something lies within the limit: then hit* hold exactly
 * what the unlimited search would give. With limit2 = Infinity it is the reference's query.
 */
export function closestPoint(tooth: i32, px: f64, py: f64, pz: f64, limit2: f64): bool {
  const rec = gTeeth + <usize>tooth * TOOTH_BYTES;
  const nodes = gNodes + <usize>load<u32>(rec + TOOTH_FIRST_NODE) * NODE_BYTES;
  const tris = gTriangles + <usize>load<u32>(rec + TOOTH_FIRST_TRIANGLE) * TRIANGLE_BYTES;
  let top = 0;
  let best = Infinity;
  let bestTri: i32 = -1;
  let bx: f64 = 0, by: f64 = 0, bz: f64 = 0;
  let bFeature: i32 = 0;
  store<u32>(stack, 0);
  top = 1;
  while (top > 0) {
    top--;
    const index = load<u32>(stack + (<usize>top << 2));
    const node = nodes + <usize>index * NODE_BYTES;
    const cut = best < limit2 ? best : limit2;
    if (boxDistanceSq(node, px, py, pz) > cut) continue;
    const count = load<u32>(node + NODE_COUNT);
    if (count > 0) {
      const first = <i32>load<u32>(node + NODE_A);
      const end = first + <i32>count;
      for (let t = first; t < end; t++) {
        const d2 = closestOnTriangle(tris + <usize>t * TRIANGLE_BYTES, px, py, pz);
        if (d2 < best || (d2 == best && t < bestTri)) {
          best = d2;
          bestTri = t;
          bx = qx;
          by = qy;
          bz = qz;
          bFeature = qFeature;
        }
      }
      continue;
    }
    const left = index + 1, right = load<u32>(node + NODE_A);
    const dl = boxDistanceSq(nodes + <usize>left * NODE_BYTES, px, py, pz);
    const dr = boxDistanceSq(nodes + <usize>right * NODE_BYTES, px, py, pz);
    const lim = best < limit2 ? best : limit2;
    let near = left, far = right, dNear = dl, dFar = dr;
    if (!(dl <= dr)) { near = right; far = left; dNear = dr; dFar = dl; }
    if (dFar <= lim) { store<u32>(stack + (<usize>top << 2), far); top++; }
    if (dNear <= lim) { store<u32>(stack + (<usize>top << 2), near); top++; }
  }
  if (!(best <= limit2) || bestTri < 0) return false;
  // Sign from the pseudo-normal of the closest feature (featureNormal in bvh.ts).
  const tri = tris + <usize>bestTri * TRIANGLE_BYTES;
  let n: usize;
  if (bFeature == FEATURE_FACE) n = tri + TRIANGLE_FACE_NORMAL;
  else if (bFeature >= FEATURE_EDGE_AB) n = tri + TRIANGLE_EDGE_AB + <usize>(bFeature - FEATURE_EDGE_AB) * 16;
  else {
    const v = load<u32>(tri + <usize>(bFeature - FEATURE_VERTEX_A) * 4);
    n = gVertices + (<usize>load<u32>(rec + TOOTH_FIRST_VERTEX) + <usize>v) * VERTEX_BYTES + VERTEX_NORMAL;
  }
  const side = (px - bx) * <f64>load<f32>(n) + (py - by) * <f64>load<f32>(n + 4) + (pz - bz) * <f64>load<f32>(n + 8);
  const root = Math.sqrt(best);
  hitDistance = side < 0 ? -root : root;
  hitX = bx;
  hitY = by;
  hitZ = bz;
  hitD2 = best;
  return true;
}
