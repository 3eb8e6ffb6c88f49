// Rigid tooth transforms as plain data, and the one place where clinical movement sign
// conventions are defined. Every backend, the staging code and the UI labels follow these.
//
// A Pose maps a tooth's scan-frame mesh to where the tooth is: x -> R(q) x + t, with q a
// unit quaternion [x, y, z, w] and t in mm. Degrees at the interface; radians stay inside.
//
// Clinical components of a movement, in the tooth frame (web/core/tooth-frame.ts), about the
// crown centroid (the frame origin):
//   mesial     mm  + = crown centroid moves mesially (towards the midline along the arch)
//   buccal     mm  + = moves buccally / labially (away from the tongue)
//   extrusion  mm  + = extrusion (towards the occlusal plane); - = intrusion
//   tip        deg + = mesial crown tip: the occlusal axis leans towards mesial
//   torque     deg + = buccal (labial) crown torque: the occlusal axis leans towards buccal
//   rotation   deg + = mesial-in: the mesial surface turns lingually about the long axis
// These read the same on every tooth whichever quadrant it is in (left and right are
// mirror images, so in scan coordinates a +tip on 11 and on 21 turn opposite ways).
// The three rotations compose about the fixed tooth-frame axes in the order rotation,
// then torque, then tip; for the small per-stage angles the order hardly matters, but it
// is fixed so that movement -> pose -> movement is an exact round trip.
import type { ToothFrame } from './tooth-frame.ts';
import { add, cross, dot, length, scale, sub, unitOrThrow, type Vec3 } from './vec.ts';

export type { Vec3 };
/** Unit quaternion, [x, y, z, w]. */
export type Quat = [number, number, number, number];
/** Row-major 3x3 rotation matrix. */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

export interface Pose {
  /** Translation, mm. */
  t: Vec3;
  /** Rotation as a unit quaternion [x, y, z, w]. */
  q: Quat;
}

export interface ToothMovement {
  mesial: number;
  buccal: number;
  extrusion: number;
  tip: number;
  torque: number;
  rotation: number;
}

const DEG = Math.PI / 180;

export function identityPose(): Pose {
  return { t: [0, 0, 0], q: [0, 0, 0, 1] };
}

export { add, cross, dot, length, scale, sub, unitOrThrow };

export function isFinitePose(p: Pose): boolean {
  return p.t.every(Number.isFinite) && p.q.every(Number.isFinite);
}

export function quatNormalize(q: Quat): Quat {
  const l = Math.hypot(q[0], q[1], q[2], q[3]);
  if (!(l > 0) || !Number.isFinite(l)) throw new RangeError('cannot normalise a zero or non-finite quaternion');
  return [q[0] / l, q[1] / l, q[2] / l, q[3] / l];
}

/** The same rotation with w >= 0, so that equal rotations compare equal. */
export function quatCanonical(q: Quat): Quat {
  return q[3] < 0 ? [-q[0], -q[1], -q[2], -q[3]] : [q[0], q[1], q[2], q[3]];
}

/** a * b: rotate by b first, then by a. */
export function quatMultiply(a: Quat, b: Quat): Quat {
  const [ax, ay, az, aw] = a;
  const [bx, by, bz, bw] = b;
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ];
}

export function quatConjugate(q: Quat): Quat { return [-q[0], -q[1], -q[2], q[3]]; }

/** Rotation of `degrees` about `axis` (right-hand rule); the axis need not be unit. */
export function quatFromAxisAngle(axis: Vec3, degrees: number): Quat {
  const n = unitOrThrow(axis);
  const half = (degrees * DEG) / 2;
  const s = Math.sin(half);
  return [n[0] * s, n[1] * s, n[2] * s, Math.cos(half)];
}

/** The rotation angle of q in degrees, 0..180. */
export function quatAngle(q: Quat): number {
  const w = Math.min(1, Math.abs(q[3]) / Math.hypot(q[0], q[1], q[2], q[3]));
  return (2 * Math.acos(w)) / DEG;
}

export function rotateVector(q: Quat, v: Vec3): Vec3 {
  // v + 2w (u x v) + 2 u x (u x v), u = q.xyz
  const u: Vec3 = [q[0], q[1], q[2]];
  const uv = cross(u, v);
  const uuv = cross(u, uv);
  return [
    v[0] + 2 * (q[3] * uv[0] + uuv[0]),
    v[1] + 2 * (q[3] * uv[1] + uuv[1]),
    v[2] + 2 * (q[3] * uv[2] + uuv[2]),
  ];
}

export function matrixFromQuat(q: Quat): Mat3 {
  const [x, y, z, w] = q;
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}

/** Shepperd's method: stable for every rotation angle. */
export function quatFromMatrix(m: Mat3): Quat {
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = m;
  const trace = m00 + m11 + m22;
  let q: Quat;
  if (trace > 0) {
    const s = 2 * Math.sqrt(trace + 1);
    q = [(m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s, s / 4];
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    q = [s / 4, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    q = [(m01 + m10) / s, s / 4, (m12 + m21) / s, (m02 - m20) / s];
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    q = [(m02 + m20) / s, (m12 + m21) / s, s / 4, (m10 - m01) / s];
  }
  return quatCanonical(quatNormalize(q));
}

export function applyPose(p: Pose, v: Vec3): Vec3 {
  return add(rotateVector(p.q, v), p.t);
}

/** a after b: x -> a(b(x)). */
export function composePoses(a: Pose, b: Pose): Pose {
  return { t: add(rotateVector(a.q, b.t), a.t), q: quatNormalize(quatMultiply(a.q, b.q)) };
}

export function invertPose(p: Pose): Pose {
  const qi = quatConjugate(p.q);
  return { t: scale(rotateVector(qi, p.t), -1), q: qi };
}

/** Spherical interpolation along the shorter arc; f = 0 gives a, f = 1 gives b (up to sign). */
export function slerp(a: Quat, b: Quat, f: number): Quat {
  let d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  const sign = d < 0 ? -1 : 1;
  d *= sign;
  let wa: number;
  let wb: number;
  if (d > 0.9995) {
    // Nearly equal: the sine ratio loses precision, a normalised lerp is exact enough.
    wa = 1 - f;
    wb = f;
  } else {
    const theta = Math.acos(d);
    const s = Math.sin(theta);
    wa = Math.sin((1 - f) * theta) / s;
    wb = Math.sin(f * theta) / s;
  }
  wb *= sign;
  return quatNormalize([
    wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2], wa * a[3] + wb * b[3],
  ]);
}

/**
 * Staging interpolation between two poses of one tooth: the point `centre` (the tooth
 * frame origin, scan frame) travels on a straight line while the tooth turns by slerp about
 * it. That is "translation linear, rotation slerp, in the tooth frame". The result's
 * quaternion has w >= 0.
 */
export function interpolatePose(from: Pose, to: Pose, f: number, centre: Vec3): Pose {
  const c0 = applyPose(from, centre);
  const c1 = applyPose(to, centre);
  const c: Vec3 = [c0[0] + (c1[0] - c0[0]) * f, c0[1] + (c1[1] - c0[1]) * f, c0[2] + (c1[2] - c0[2]) * f];
  const q = quatCanonical(slerp(from.q, to.q, f));
  return { t: sub(c, rotateVector(q, centre)), q };
}

/** Staging fraction of a tooth at stage s: clamp((s - start) / active, 0, 1). */
export function stageFraction(stage: number, start: number, active: number): number {
  if (!(active > 0)) return stage >= start ? 1 : 0;
  return Math.min(1, Math.max(0, (stage - start) / active));
}

/**
 * A right-handed basis [e1, e2, e3] = [mesial, buccal, mesial x buccal] of the frame, and
 * h = +1 when e3 is the occlusal axis, -1 when it is the apical one (the frame is a mirror
 * image in quadrants 2 and 4).
 */
export function frameBasis(frame: ToothFrame): { e1: Vec3; e2: Vec3; e3: Vec3; h: 1 | -1 } {
  const e3 = cross(frame.mesial, frame.buccal);
  return { e1: frame.mesial, e2: frame.buccal, e3, h: dot(e3, frame.occlusal) >= 0 ? 1 : -1 };
}

/** Tooth frame -> scan frame rotation as a matrix whose columns are e1, e2, e3. */
function basisMatrix(frame: ToothFrame): Mat3 {
  const { e1, e2, e3 } = frameBasis(frame);
  return [e1[0], e2[0], e3[0], e1[1], e2[1], e3[1], e1[2], e2[2], e3[2]];
}

function mul(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9) as Mat3;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
  }
  return out;
}

function transpose(m: Mat3): Mat3 {
  return [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];
}

/** The pose (scan frame) that performs a clinical movement of the tooth with this frame. */
export function poseFromMovement(frame: ToothFrame, m: ToothMovement): Pose {
  const { h } = frameBasis(frame);
  // Angles about the right-handed basis axes e2 (tip), e1 (torque), e3 (rotation).
  const a = h * m.tip * DEG;
  const b = -h * m.torque * DEG;
  const g = -m.rotation * DEG;
  const ry: Mat3 = [Math.cos(a), 0, Math.sin(a), 0, 1, 0, -Math.sin(a), 0, Math.cos(a)];
  const rx: Mat3 = [1, 0, 0, 0, Math.cos(b), -Math.sin(b), 0, Math.sin(b), Math.cos(b)];
  const rz: Mat3 = [Math.cos(g), -Math.sin(g), 0, Math.sin(g), Math.cos(g), 0, 0, 0, 1];
  const f = basisMatrix(frame);
  const q = quatFromMatrix(mul(mul(f, mul(ry, mul(rx, rz))), transpose(f)));
  const moved = add(add(add(frame.origin, scale(frame.mesial, m.mesial)), scale(frame.buccal, m.buccal)),
    scale(frame.occlusal, m.extrusion));
  return { t: sub(moved, rotateVector(q, frame.origin)), q };
}

/** The clinical components of a pose, read in the tooth frame; inverse of poseFromMovement for |tip|, |torque| < 90. */
export function movementFromPose(frame: ToothFrame, p: Pose): ToothMovement {
  const { h } = frameBasis(frame);
  const f = basisMatrix(frame);
  const r = mul(mul(transpose(f), matrixFromQuat(quatNormalize(p.q))), f);
  // r = Ry(a) Rx(b) Rz(g): r[5] = -sin b, r[2] / r[8] = tan a, r[3] / r[4] = tan g.
  const b = Math.asin(Math.max(-1, Math.min(1, -r[5])));
  const a = Math.atan2(r[2], r[8]);
  const g = Math.atan2(r[3], r[4]);
  const d = sub(applyPose(p, frame.origin), frame.origin);
  return {
    mesial: dot(d, frame.mesial),
    buccal: dot(d, frame.buccal),
    extrusion: dot(d, frame.occlusal),
    tip: (h * a) / DEG,
    torque: (-h * b) / DEG,
    rotation: -g / DEG,
  };
}
