// Poses kernel: every tooth at every stage (POSES = f(PLAN), layout.ts), one invocation per
// (stage, tooth). Follows core/pose.ts interpolatePose, including its nlerp branch for nearly
// equal rotations, but works with the turn relative to the initial pose so that a far tooth's
// translation does not lose its last digits to cancellation.

struct PosesParams { toothCount: u32, stageCount: u32, onlyTooth: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> plan: array<PlanTooth>;
@group(0) @binding(1) var<storage, read_write> poses: array<Pose>;
@group(0) @binding(2) var<uniform> params: PosesParams;

const ALL_TEETH: u32 = 0xffffffffu;

fn stageFraction(stage: f32, start: f32, activeStages: f32) -> f32 {
  if (!(activeStages > 0.0)) { return select(0.0, 1.0, stage >= start); }
  return clamp((stage - start) / activeStages, 0.0, 1.0);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  var stage: u32;
  var tooth: u32;
  if (params.onlyTooth == ALL_TEETH) {
    if (gid.x >= params.toothCount * params.stageCount) { return; }
    stage = gid.x / params.toothCount;
    tooth = gid.x % params.toothCount;
  } else {
    if (gid.x >= params.stageCount) { return; }
    stage = gid.x;
    tooth = params.onlyTooth;
  }
  let rec = plan[tooth];
  let f = stageFraction(f32(stage), rec.start, rec.activeStages);
  let a = rec.initialQ;
  // The whole turn from initial to target, on the shorter arc: eps.w = dot(a, b).
  var eps = quatMul(quatConj(a), rec.targetQ);
  if (eps.w < 0.0) { eps = -eps; }
  var wa = 1.0 - f;
  var wb = f;
  if (!(eps.w > 0.9995)) {
    let theta = atan2Positive(length(eps.xyz), eps.w);
    let s = sinPoly(theta);
    wa = sinPoly((1.0 - f) * theta) / s;
    wb = sinPoly(f * theta) / s;
  }
  // slerp(a, b, f) = a * delta, delta = wa + wb eps.
  let delta = normalize(vec4f(wb * eps.xyz, wa + wb * eps.w));
  var q = normalize(quatMul(a, delta));
  if (q.w < 0.0) { q = -q; }
  let c = rec.centre.xyz;
  // centre(f) - R(f) centre = t0 + f (centre1 - centre0) - R0 (R(delta) centre - centre).
  let travel = rec.targetT.xyz - rec.initialT.xyz + rotateVec(a, rotateDelta(eps, c));
  let t = rec.initialT.xyz + f * travel - rotateVec(a, rotateDelta(delta, c));
  poses[stage * params.toothCount + tooth] = Pose(vec4f(t, 0.0), q);
}
