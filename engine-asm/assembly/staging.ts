// The poses kernel: every tooth at every stage from its PLAN record, as the reference stages
// it (web/core/pose.ts interpolatePose: the centre moves on a line, the rotation slerps about
// it along the shorter arc, w >= 0), written as f32 POSES records.
import {
  PLAN_ACTIVE_STAGES, PLAN_BYTES, PLAN_CENTRE, PLAN_INITIAL_Q, PLAN_INITIAL_T, PLAN_START, PLAN_TARGET_Q, PLAN_TARGET_T, POSE_BYTES, POSE_Q, POSE_T,
} from './layout.generated';
import { poseFromF32, rotateVector, storeNormalizedQuat } from './pose';

const from = memory.data(64, 16);
const to = memory.data(64, 16);
const q = memory.data(32, 16);
const v = memory.data(32, 16);

function stageFraction(stage: f64, start: f64, active: f64): f64 {
  if (!(active > 0)) return stage >= start ? 1 : 0;
  return Math.min(1, Math.max(0, (stage - start) / active));
}

/** slerp(a, b, f) of web/core/pose.ts into q, then made canonical (w >= 0). */
function slerpCanonical(a: usize, b: usize, f: f64): void {
  const a0 = load<f64>(a), a1 = load<f64>(a + 8), a2 = load<f64>(a + 16), a3 = load<f64>(a + 24);
  const b0 = load<f64>(b), b1 = load<f64>(b + 8), b2 = load<f64>(b + 16), b3 = load<f64>(b + 24);
  let d = a0 * b0 + a1 * b1 + a2 * b2 + a3 * b3;
  const sign: f64 = d < 0 ? -1 : 1;
  d *= sign;
  let wa: f64, wb: f64;
  if (d > 0.9995) {
    wa = 1 - f;
    wb = f;
  } else {
    const theta = Math.acos(d);
    const s = Math.sin(theta);
    wa = Math.sin((1 - f) * theta) / s;
    wb = Math.sin(f * theta) / s;
  }
  wb *= sign;
  storeNormalizedQuat(q, wa * a0 + wb * b0, wa * a1 + wb * b1, wa * a2 + wb * b2, wa * a3 + wb * b3);
  if (load<f64>(q + 24) < 0) {
    store<f64>(q, -load<f64>(q));
    store<f64>(q + 8, -load<f64>(q + 8));
    store<f64>(q + 16, -load<f64>(q + 16));
    store<f64>(q + 24, -load<f64>(q + 24));
  }
}

/** Poses of tooth `tooth` at stages 0 .. stageCount - 1. */
export function stageTooth(plan: usize, toothCount: i32, tooth: i32, stageCount: i32, poses: usize): void {
  const rec = plan + <usize>tooth * PLAN_BYTES;
  poseFromF32(from, rec + PLAN_INITIAL_T, rec + PLAN_INITIAL_Q);
  poseFromF32(to, rec + PLAN_TARGET_T, rec + PLAN_TARGET_Q);
  const cx = <f64>load<f32>(rec + PLAN_CENTRE), cy = <f64>load<f32>(rec + PLAN_CENTRE + 4), cz = <f64>load<f32>(rec + PLAN_CENTRE + 8);
  const start = <f64>load<f32>(rec + PLAN_START), active = <f64>load<f32>(rec + PLAN_ACTIVE_STAGES);
  // applyPose(from, centre) and applyPose(to, centre): rotate, then add t.
  rotateVector(from + 24, cx, cy, cz, v);
  const c0x = load<f64>(v) + load<f64>(from), c0y = load<f64>(v + 8) + load<f64>(from + 8), c0z = load<f64>(v + 16) + load<f64>(from + 16);
  rotateVector(to + 24, cx, cy, cz, v);
  const c1x = load<f64>(v) + load<f64>(to), c1y = load<f64>(v + 8) + load<f64>(to + 8), c1z = load<f64>(v + 16) + load<f64>(to + 16);
  for (let s = 0; s < stageCount; s++) {
    const f = stageFraction(<f64>s, start, active);
    const x = c0x + (c1x - c0x) * f, y = c0y + (c1y - c0y) * f, z = c0z + (c1z - c0z) * f;
    slerpCanonical(from + 24, to + 24, f);
    rotateVector(q, cx, cy, cz, v);
    const out = poses + (<usize>s * <usize>toothCount + <usize>tooth) * POSE_BYTES;
    store<f32>(out + POSE_T, <f32>(x - load<f64>(v)));
    store<f32>(out + POSE_T + 4, <f32>(y - load<f64>(v + 8)));
    store<f32>(out + POSE_T + 8, <f32>(z - load<f64>(v + 16)));
    store<f32>(out + POSE_T + 12, 0);
    store<f32>(out + POSE_Q, <f32>load<f64>(q));
    store<f32>(out + POSE_Q + 4, <f32>load<f64>(q + 8));
    store<f32>(out + POSE_Q + 8, <f32>load<f64>(q + 16));
    store<f32>(out + POSE_Q + 12, <f32>load<f64>(q + 24));
  }
}
