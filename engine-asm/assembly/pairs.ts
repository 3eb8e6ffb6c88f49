// The pair query and the occlusion map of web/engine/layout.ts, step for step as the reference
// computes them (same f64 arithmetic, same vertex order, same tie rules), with shortcuts that
// cannot change a result: runs of vertices whose sphere misses the other tooth's grown box are
// dropped whole (chunks.ts); a vertex that cannot beat the best contact so far nor change a
// count is dismissed by the distance grids (sign-grid.ts); and the closest-point search of any
// other vertex looks no farther than the grids prove the surface to be.
import {
  PAIR_A, PAIR_B, PAIR_BYTES, PENETRATION_EPS_MM, POSE_BYTES, RESULT_A_IN_B, RESULT_B_IN_A, RESULT_BYTES, RESULT_DISTANCE, RESULT_FAR,
  RESULT_FLAGS, RESULT_OVERLAP, RESULT_POINT_A, RESULT_POINT_B, TOOTH_BODY_Q, TOOTH_BODY_T, TOOTH_BOX_MAX, TOOTH_BOX_MIN, TOOTH_BYTES,
  TOOTH_FIRST_VERTEX, TOOTH_SPHERE, TOOTH_VERTEX_COUNT, VERTEX_BYTES,
} from './layout.generated';
import { applyRigid, composePoses, hypot3, invertPose, ox, oy, oz, poseFromF32, rigidFromPose } from './pose';
import { closestPoint, gTeeth, gVertices, hitDistance, hitX, hitY, hitZ } from './closest';
import { cellDistance, coarse, fine, fromCentre, lookup } from './sign-grid';
import { alloc, arenaReset, arenaTop } from './arena';
import { CHUNK, CHUNK_BYTES, chunkTable } from './chunks';

const stagePose = memory.data(64, 16);
const aModel = memory.data(64, 16);
const bModel = memory.data(64, 16);
const inverse = memory.data(64, 16);
const relative = memory.data(64, 16);
const fromScan = memory.data(96, 16);
const toScan = memory.data(96, 16);
const fromInTo = memory.data(96, 16);

// The best contact of the pair so far (scan frame).
let best: f64 = Infinity;
let bestAx: f64 = 0, bestAy: f64 = 0, bestAz: f64 = 0;
let bestBx: f64 = 0, bestBy: f64 = 0, bestBz: f64 = 0;

/** The search limit (squared) for a search distance: a hair wider, so rounding never loses a hit. */
function searchLimit2(searchMm: f64): f64 {
  return searchMm * searchMm * (1 + 1e-9) + 1e-12;
}

/** Slack for the f32 cell distances and rounding: bounds are widened by this much, mm. */
const SLACK_MM: f64 = 2e-4;

/**
 * Signed distance from a point (body frame of `tooth`) to its solid, exact whenever it can
 * change the result, given the best (smallest) distance so far: +Infinity for a point
 * outside that cannot beat it or the search distance; for a point surely inside that cannot
 * beat it, a stand-in below -PENETRATION_EPS_MM and not below the best (it only counts).
 */
function signedDistance(tooth: i32, x: f64, y: f64, z: f64, searchMm: f64, best: f64): f64 {
  const limit2 = searchLimit2(searchMm);
  const reach = Math.min(best, searchMm);
  let cut = Infinity;
  let outside = false;
  let bound = Infinity;
  for (let level = 0; level < 2; level++) {
    if (!lookup(level == 0 ? coarse : fine, tooth, x, y, z, bound)) continue;
    const dc = cellDistance;
    const lower = Math.abs(dc) - fromCentre - SLACK_MM, upper = Math.abs(dc) + fromCentre + SLACK_MM;
    if (lower > 0 && dc > 0) {
      if (lower > reach) return Infinity;
      outside = true;
    } else if (lower > PENETRATION_EPS_MM && -upper > best) {
      return -lower;
    }
    if (upper * upper < cut) cut = upper * upper;
    bound = Math.min(bound, upper);
  }
  if (cut == Infinity && !outside) {
    if (closestPoint(tooth, x, y, z, limit2)) return hitDistance;
  } else {
    // The surface is within `upper`, so a search that far finds the true closest point; a
    // point known to be outside matters only nearer than `reach`.
    if (outside) cut = Math.min(cut, searchLimit2(reach));
    if (closestPoint(tooth, x, y, z, cut)) return hitDistance;
    if (outside) return Infinity;
  }
  closestPoint(tooth, x, y, z, Infinity);
  return hitDistance;
}

/** Model pose (body -> scan at the stage) of tooth i: its stage pose after its body pose. */
function modelPose(poses: usize, toothCount: i32, stage: u32, i: i32, dst: usize): void {
  const p = poses + (<usize>stage * <usize>toothCount + <usize>i) * POSE_BYTES;
  poseFromF32(stagePose, p, p + 16);
  const rec = gTeeth + <usize>i * TOOTH_BYTES;
  poseFromF32(relative, rec + TOOTH_BODY_T, rec + TOOTH_BODY_Q);
  composePoses(stagePose, relative, dst);
}

/** Every vertex of `from` against the solid `to`; returns how many lie inside it. */
function sweep(from: i32, fromModel: usize, to: i32, toModel: usize, searchMm: f64, fromIsA: bool): u32 {
  rigidFromPose(toModel, toScan);
  rigidFromPose(fromModel, fromScan);
  invertPose(toModel, inverse);
  composePoses(inverse, fromModel, relative);
  rigidFromPose(relative, fromInTo);
  const toRec = gTeeth + <usize>to * TOOTH_BYTES;
  const lox = <f64>load<f32>(toRec + TOOTH_BOX_MIN) - searchMm, loy = <f64>load<f32>(toRec + TOOTH_BOX_MIN + 4) - searchMm, loz = <f64>load<f32>(toRec + TOOTH_BOX_MIN + 8) - searchMm;
  const hix = <f64>load<f32>(toRec + TOOTH_BOX_MAX) + searchMm, hiy = <f64>load<f32>(toRec + TOOTH_BOX_MAX + 4) + searchMm, hiz = <f64>load<f32>(toRec + TOOTH_BOX_MAX + 8) + searchMm;
  const fromRec = gTeeth + <usize>from * TOOTH_BYTES;
  const first = gVertices + <usize>load<u32>(fromRec + TOOTH_FIRST_VERTEX) * VERTEX_BYTES;
  const count = <i32>load<u32>(fromRec + TOOTH_VERTEX_COUNT);
  // The transform's x and y rows side by side in f64x2 lanes: per lane the same products and
  // sums in the same order as applyRigid, so the values are the same to the bit.
  const m = fromInTo;
  const c0 = f64x2(load<f64>(m), load<f64>(m + 32)), c1 = f64x2(load<f64>(m + 8), load<f64>(m + 40));
  const c2 = f64x2(load<f64>(m + 16), load<f64>(m + 48)), c3 = f64x2(load<f64>(m + 24), load<f64>(m + 56));
  const m8 = load<f64>(m + 64), m9 = load<f64>(m + 72), m10 = load<f64>(m + 80), m11 = load<f64>(m + 88);
  const lo = f64x2(lox, loy), hi = f64x2(hix, hiy);
  const chunks = <usize>load<u32>(chunkTable + <usize>from * 4);
  let inside: u32 = 0;
  for (let c = 0; c < count; c += CHUNK) {
    const s = chunks + <usize>(c / CHUNK) * CHUNK_BYTES;
    applyRigid(m, load<f64>(s), load<f64>(s + 8), load<f64>(s + 16));
    const r = load<f64>(s + 24);
    if (ox + r < lox || oy + r < loy || oz + r < loz || ox - r > hix || oy - r > hiy || oz - r > hiz) continue;
    const end = min(count, c + CHUNK);
    for (let v = c; v < end; v++) {
      const at = first + <usize>v * VERTEX_BYTES;
      const vx = <f64>load<f32>(at), vy = <f64>load<f32>(at + 4), vz = <f64>load<f32>(at + 8);
      const z = m8 * vx + m9 * vy + m10 * vz + m11;
      if (z < loz || z > hiz) continue;
      const xy = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(c0, f64x2.splat(vx)), f64x2.mul(c1, f64x2.splat(vy))), f64x2.mul(c2, f64x2.splat(vz))), c3);
      if (v128.any_true(v128.or(f64x2.lt(xy, lo), f64x2.gt(xy, hi)))) continue;
      const x = f64x2.extract_lane(xy, 0), y = f64x2.extract_lane(xy, 1);
      const d = signedDistance(to, x, y, z, searchMm, best);
      if (d < -PENETRATION_EPS_MM) inside++;
      if (d < best) {
        best = d;
        applyRigid(fromScan, vx, vy, vz);
        const fx = ox, fy = oy, fz = oz;
        applyRigid(toScan, hitX, hitY, hitZ);
        if (fromIsA) {
          bestAx = fx; bestAy = fy; bestAz = fz;
          bestBx = ox; bestBy = oy; bestBz = oz;
        } else {
          bestAx = ox; bestAy = oy; bestAz = oz;
          bestBx = fx; bestBy = fy; bestBz = fz;
        }
      }
    }
  }
  return inside;
}

function sphereCentre(model: usize, tooth: i32): void {
  rigidFromPose(model, toScan);
  const rec = gTeeth + <usize>tooth * TOOTH_BYTES;
  applyRigid(toScan, <f64>load<f32>(rec + TOOTH_SPHERE), <f64>load<f32>(rec + TOOTH_SPHERE + 4), <f64>load<f32>(rec + TOOTH_SPHERE + 8));
}

function writeFar(out: usize, searchMm: f64): void {
  memory.fill(out, 0, RESULT_BYTES);
  store<f32>(out + RESULT_DISTANCE, <f32>searchMm);
  store<u32>(out + RESULT_FLAGS, RESULT_FAR);
}

/** One RESULTS record: teeth a and b at one stage. */
export function pairQuery(a: i32, b: i32, poses: usize, toothCount: i32, stage: u32, searchMm: f64, out: usize): void {
  modelPose(poses, toothCount, stage, a, aModel);
  modelPose(poses, toothCount, stage, b, bModel);
  sphereCentre(aModel, a);
  const cax = ox, cay = oy, caz = oz;
  sphereCentre(bModel, b);
  const ra = <f64>load<f32>(gTeeth + <usize>a * TOOTH_BYTES + TOOTH_SPHERE + 12), rb = <f64>load<f32>(gTeeth + <usize>b * TOOTH_BYTES + TOOTH_SPHERE + 12);
  if (hypot3(cax - ox, cay - oy, caz - oz) - ra - rb > searchMm) {
    writeFar(out, searchMm);
    return;
  }
  best = Infinity;
  const aInB = sweep(a, aModel, b, bModel, searchMm, true);
  const bInA = sweep(b, bModel, a, aModel, searchMm, false);
  if (!(best < searchMm)) {
    writeFar(out, searchMm);
    return;
  }
  store<f32>(out + RESULT_POINT_A, <f32>bestAx);
  store<f32>(out + RESULT_POINT_A + 4, <f32>bestAy);
  store<f32>(out + RESULT_POINT_A + 8, <f32>bestAz);
  store<f32>(out + RESULT_DISTANCE, <f32>best);
  store<f32>(out + RESULT_POINT_B, <f32>bestBx);
  store<f32>(out + RESULT_POINT_B + 4, <f32>bestBy);
  store<f32>(out + RESULT_POINT_B + 8, <f32>bestBz);
  store<f32>(out + RESULT_POINT_B + 12, 0);
  store<u32>(out + RESULT_A_IN_B, aInB);
  store<u32>(out + RESULT_B_IN_A, bInA);
  store<u32>(out + RESULT_FLAGS, best < -PENETRATION_EPS_MM ? RESULT_OVERLAP : 0);
  store<u32>(out + RESULT_FLAGS + 4, 0);
}

/** Pair `pair` of the PAIRS buffer at every listed stage, into its RESULTS records. */
export function queryPair(pairs: usize, pair: i32, stages: usize, stageCount: i32, poses: usize, toothCount: i32, searchMm: f64, results: usize): void {
  const rec = pairs + <usize>pair * PAIR_BYTES;
  const a = <i32>load<u32>(rec + PAIR_A), b = <i32>load<u32>(rec + PAIR_B);
  for (let k = 0; k < stageCount; k++) {
    const out = results + (<usize>pair * <usize>stageCount + <usize>k) * RESULT_BYTES;
    pairQuery(a, b, poses, toothCount, load<u32>(stages + (<usize>k << 2)), searchMm, out);
  }
}

/**
 * The occlusion map: for each vertex of each listed tooth, the signed distance to the nearest
 * listed antagonist at `stage`, capped at +searchMm. Needs scratch memory: returns false if
 * it could not get it.
 */
export function occlusion(teeth: usize, teethCount: i32, antagonists: usize, antagonistCount: i32, poses: usize, toothCount: i32, stage: u32, searchMm: f64, out: usize): bool {
  const mark = arenaTop();
  // Per antagonist: its sphere centre in the scan frame (3 f64, 32 B) and scan -> body (96 B).
  const scratch = alloc(<usize>antagonistCount * 128);
  if (scratch == 0) return false;
  for (let j = 0; j < antagonistCount; j++) {
    const t = <i32>load<u32>(antagonists + (<usize>j << 2));
    modelPose(poses, toothCount, stage, t, bModel);
    sphereCentre(bModel, t);
    const s = scratch + <usize>j * 128;
    store<f64>(s, ox);
    store<f64>(s + 8, oy);
    store<f64>(s + 16, oz);
    invertPose(bModel, inverse);
    rigidFromPose(inverse, s + 32);
  }
  let o = out;
  for (let k = 0; k < teethCount; k++) {
    const i = <i32>load<u32>(teeth + (<usize>k << 2));
    modelPose(poses, toothCount, stage, i, aModel);
    rigidFromPose(aModel, fromScan);
    const rec = gTeeth + <usize>i * TOOTH_BYTES;
    const first = gVertices + <usize>load<u32>(rec + TOOTH_FIRST_VERTEX) * VERTEX_BYTES;
    const count = <i32>load<u32>(rec + TOOTH_VERTEX_COUNT);
    for (let v = 0; v < count; v++) {
      const at = first + <usize>v * VERTEX_BYTES;
      applyRigid(fromScan, <f64>load<f32>(at), <f64>load<f32>(at + 4), <f64>load<f32>(at + 8));
      const wx = ox, wy = oy, wz = oz;
      let d = searchMm;
      for (let j = 0; j < antagonistCount; j++) {
        const t = <i32>load<u32>(antagonists + (<usize>j << 2));
        const s = scratch + <usize>j * 128;
        const trec = gTeeth + <usize>t * TOOTH_BYTES;
        if (hypot3(wx - load<f64>(s), wy - load<f64>(s + 8), wz - load<f64>(s + 16)) - <f64>load<f32>(trec + TOOTH_SPHERE + 12) > searchMm) continue;
        applyRigid(s + 32, wx, wy, wz);
        const x = ox, y = oy, z = oz;
        if (x < <f64>load<f32>(trec + TOOTH_BOX_MIN) - searchMm || y < <f64>load<f32>(trec + TOOTH_BOX_MIN + 4) - searchMm || z < <f64>load<f32>(trec + TOOTH_BOX_MIN + 8) - searchMm) continue;
        if (x > <f64>load<f32>(trec + TOOTH_BOX_MAX) + searchMm || y > <f64>load<f32>(trec + TOOTH_BOX_MAX + 4) + searchMm || z > <f64>load<f32>(trec + TOOTH_BOX_MAX + 8) + searchMm) continue;
        const e = signedDistance(t, x, y, z, searchMm, d);
        if (e < d) d = e;
      }
      store<f32>(o, <f32>d);
      o += 4;
    }
  }
  arenaReset(mark);
  return true;
}
