// Rigid poses in f64, operation for operation as web/core/pose.ts and web/engine/reference.ts
// compute them (same formulas, same order, Math.hypot as V8 computes it), so that this
// backend lands on the same f64 values as the reference and its counts match exactly.
// A pose lives at a pointer: 7 f64 (t xyz, q xyzw); a rigid map: 12 f64, row-major [R | t].

export const POSE_F64: usize = 64;
export const RIGID_F64: usize = 96;


/** V8's Math.hypot: scaled by the largest magnitude, Kahan-summed squares. */
export function hypot3(a: f64, b: f64, c: f64): f64 {
  a = Math.abs(a); b = Math.abs(b); c = Math.abs(c);
  let max = 0.0;
  if (a > max) max = a;
  if (b > max) max = b;
  if (c > max) max = c;
  if (max == Infinity) return Infinity;
  if (max == 0) return 0;
  let sum = 0.0, comp = 0.0;
  let n = a / max; let s = n * n - comp; let pre = sum + s; comp = (pre - sum) - s; sum = pre;
  n = b / max; s = n * n - comp; pre = sum + s; comp = (pre - sum) - s; sum = pre;
  n = c / max; s = n * n - comp; pre = sum + s; comp = (pre - sum) - s; sum = pre;
  return Math.sqrt(sum) * max;
}

export function hypot4(a: f64, b: f64, c: f64, d: f64): f64 {
  a = Math.abs(a); b = Math.abs(b); c = Math.abs(c); d = Math.abs(d);
  let max = 0.0;
  if (a > max) max = a;
  if (b > max) max = b;
  if (c > max) max = c;
  if (d > max) max = d;
  if (max == Infinity) return Infinity;
  if (max == 0) return 0;
  let sum = 0.0, comp = 0.0;
  let n = a / max; let s = n * n - comp; let pre = sum + s; comp = (pre - sum) - s; sum = pre;
  n = b / max; s = n * n - comp; pre = sum + s; comp = (pre - sum) - s; sum = pre;
  n = c / max; s = n * n - comp; pre = sum + s; comp = (pre - sum) - s; sum = pre;
  n = d / max; s = n * n - comp; pre = sum + s; comp = (pre - sum) - s; sum = pre;
  return Math.sqrt(sum) * max;
}

/** A pose from f32 words: t at tAt, q at qAt. */
export function poseFromF32(dst: usize, tAt: usize, qAt: usize): void {
  store<f64>(dst, <f64>load<f32>(tAt));
  store<f64>(dst + 8, <f64>load<f32>(tAt + 4));
  store<f64>(dst + 16, <f64>load<f32>(tAt + 8));
  store<f64>(dst + 24, <f64>load<f32>(qAt));
  store<f64>(dst + 32, <f64>load<f32>(qAt + 4));
  store<f64>(dst + 40, <f64>load<f32>(qAt + 8));
  store<f64>(dst + 48, <f64>load<f32>(qAt + 12));
}

/** Rotate v by q (pointers to xyzw and xyz), written to 3 f64 at dst: v + 2w (u x v) + 2 u x (u x v). */
export function rotateVector(q: usize, vx: f64, vy: f64, vz: f64, dst: usize): void {
  const ux = load<f64>(q), uy = load<f64>(q + 8), uz = load<f64>(q + 16), w = load<f64>(q + 24);
  const uvx = uy * vz - uz * vy, uvy = uz * vx - ux * vz, uvz = ux * vy - uy * vx;
  const uuvx = uy * uvz - uz * uvy, uuvy = uz * uvx - ux * uvz, uuvz = ux * uvy - uy * uvx;
  store<f64>(dst, vx + 2 * (w * uvx + uuvx));
  store<f64>(dst + 8, vy + 2 * (w * uvy + uuvy));
  store<f64>(dst + 16, vz + 2 * (w * uvz + uuvz));
}

/** dst.q = normalize(x, y, z, w). */
export function storeNormalizedQuat(dst: usize, x: f64, y: f64, z: f64, w: f64): void {
  const l = hypot4(x, y, z, w);
  store<f64>(dst, x / l);
  store<f64>(dst + 8, y / l);
  store<f64>(dst + 16, z / l);
  store<f64>(dst + 24, w / l);
}

const scratchV = memory.data(32, 16);

/** dst = a after b (dst may not alias a or b). */
export function composePoses(a: usize, b: usize, dst: usize): void {
  rotateVector(a + 24, load<f64>(b), load<f64>(b + 8), load<f64>(b + 16), scratchV);
  store<f64>(dst, load<f64>(scratchV) + load<f64>(a));
  store<f64>(dst + 8, load<f64>(scratchV + 8) + load<f64>(a + 8));
  store<f64>(dst + 16, load<f64>(scratchV + 16) + load<f64>(a + 16));
  const ax = load<f64>(a + 24), ay = load<f64>(a + 32), az = load<f64>(a + 40), aw = load<f64>(a + 48);
  const bx = load<f64>(b + 24), by = load<f64>(b + 32), bz = load<f64>(b + 40), bw = load<f64>(b + 48);
  storeNormalizedQuat(dst + 24,
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz);
}

/** dst = p^-1 (dst may not alias p). */
export function invertPose(p: usize, dst: usize): void {
  store<f64>(dst + 24, -load<f64>(p + 24));
  store<f64>(dst + 32, -load<f64>(p + 32));
  store<f64>(dst + 40, -load<f64>(p + 40));
  store<f64>(dst + 48, load<f64>(p + 48));
  rotateVector(dst + 24, load<f64>(p), load<f64>(p + 8), load<f64>(p + 16), scratchV);
  store<f64>(dst, load<f64>(scratchV) * -1);
  store<f64>(dst + 8, load<f64>(scratchV + 8) * -1);
  store<f64>(dst + 16, load<f64>(scratchV + 16) * -1);
}

/** rigidFromPose of the reference: matrixFromQuat(quatNormalize(q)) beside t. */
export function rigidFromPose(p: usize, m: usize): void {
  const l = hypot4(load<f64>(p + 24), load<f64>(p + 32), load<f64>(p + 40), load<f64>(p + 48));
  const x = load<f64>(p + 24) / l, y = load<f64>(p + 32) / l, z = load<f64>(p + 40) / l, w = load<f64>(p + 48) / l;
  store<f64>(m, 1 - 2 * (y * y + z * z));
  store<f64>(m + 8, 2 * (x * y - z * w));
  store<f64>(m + 16, 2 * (x * z + y * w));
  store<f64>(m + 24, load<f64>(p));
  store<f64>(m + 32, 2 * (x * y + z * w));
  store<f64>(m + 40, 1 - 2 * (x * x + z * z));
  store<f64>(m + 48, 2 * (y * z - x * w));
  store<f64>(m + 56, load<f64>(p + 8));
  store<f64>(m + 64, 2 * (x * z - y * w));
  store<f64>(m + 72, 2 * (y * z + x * w));
  store<f64>(m + 80, 1 - 2 * (x * x + y * y));
  store<f64>(m + 88, load<f64>(p + 16));
}

// The result of applyRigid, in globals: no allocation in the hot loop.
export let ox: f64 = 0;
export let oy: f64 = 0;
export let oz: f64 = 0;

export function applyRigid(m: usize, x: f64, y: f64, z: f64): void {
  ox = load<f64>(m) * x + load<f64>(m + 8) * y + load<f64>(m + 16) * z + load<f64>(m + 24);
  oy = load<f64>(m + 32) * x + load<f64>(m + 40) * y + load<f64>(m + 48) * z + load<f64>(m + 56);
  oz = load<f64>(m + 64) * x + load<f64>(m + 72) * y + load<f64>(m + 80) * z + load<f64>(m + 88);
}
