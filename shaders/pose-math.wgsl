// Shared by every engine kernel (the host prepends it, after layout.generated.wgsl, which
// declares the layout.ts records): quaternion helpers, and sine / arctangent polynomials.
// The polynomials stand in for the built-ins because WGSL lets sin and atan2 be off by up to
// 2^-11 and 4096 ulp, which on a tooth 40 mm from the origin would break the 1e-5 pose
// tolerance on some GPUs.

/** a * b: rotate by b first, then by a. */
fn quatMul(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(
    a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
    a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
    a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
    a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
  );
}

fn quatConj(q: vec4f) -> vec4f { return vec4f(-q.xyz, q.w); }

/** R(q) v - v, computed without the large v term, so that a small turn of a far point keeps its digits. */
fn rotateDelta(q: vec4f, v: vec3f) -> vec3f {
  let uv = cross(q.xyz, v);
  let uuv = cross(q.xyz, uv);
  return 2.0 * (q.w * uv + uuv);
}

fn rotateVec(q: vec4f, v: vec3f) -> vec3f { return v + rotateDelta(q, v); }

/** Column-major rotation matrix of a unit quaternion (core/pose.ts matrixFromQuat). */
fn matrixFromQuat(q: vec4f) -> mat3x3f {
  let x = q.x; let y = q.y; let z = q.z; let w = q.w;
  return mat3x3f(
    vec3f(1.0 - 2.0 * (y * y + z * z), 2.0 * (x * y + z * w), 2.0 * (x * z - y * w)),
    vec3f(2.0 * (x * y - z * w), 1.0 - 2.0 * (x * x + z * z), 2.0 * (y * z + x * w)),
    vec3f(2.0 * (x * z + y * w), 2.0 * (y * z - x * w), 1.0 - 2.0 * (x * x + y * y)),
  );
}

/** A rigid map x -> m x + t. */
struct Rigid { m: mat3x3f, t: vec3f }

/** Body frame -> scan frame of a tooth at a stage: the stage pose after the body pose. */
fn modelOf(stage: Pose, tooth: Tooth) -> Pose {
  let q = normalize(quatMul(stage.q, tooth.bodyQ));
  return Pose(vec4f(rotateVec(stage.q, tooth.bodyT.xyz) + stage.t.xyz, 0.0), q);
}

fn rigidOf(p: Pose) -> Rigid { return Rigid(matrixFromQuat(normalize(p.q)), p.t.xyz); }

/** inverse(dest) after source: `source`'s body frame into `dest`'s body frame. */
fn relativeRigid(source: Pose, dest: Pose) -> Rigid {
  let ci = quatConj(dest.q);
  let q = normalize(quatMul(ci, source.q));
  return Rigid(matrixFromQuat(q), rotateVec(ci, source.t.xyz - dest.t.xyz));
}

fn applyRigid(r: Rigid, p: vec3f) -> vec3f { return r.m * p + r.t; }

/** sin x for x in [0, pi/2], Taylor to x^13 (error < 1e-9). */
fn sinPoly(x: f32) -> f32 {
  let x2 = x * x;
  return x * (1.0 + x2 * (-1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 * (-1.0 / 5040.0 + x2 * (1.0 / 362880.0
    + x2 * (-1.0 / 39916800.0 + x2 * (1.0 / 6227020800.0)))))));
}

/** atan z for z in [0, 1]: reduced about pi/4 to |u| <= tan(pi/8), then Taylor to u^17. */
fn atanUnit(z: f32) -> f32 {
  var base = 0.0;
  var u = z;
  if (z > 0.41421356) {
    base = 0.78539816;
    u = (z - 1.0) / (z + 1.0);
  }
  let u2 = u * u;
  var s = 1.0 / 17.0;
  s = 1.0 / 15.0 - u2 * s;
  s = 1.0 / 13.0 - u2 * s;
  s = 1.0 / 11.0 - u2 * s;
  s = 1.0 / 9.0 - u2 * s;
  s = 1.0 / 7.0 - u2 * s;
  s = 1.0 / 5.0 - u2 * s;
  s = 1.0 / 3.0 - u2 * s;
  s = 1.0 - u2 * s;
  return base + u * s;
}

/** atan2(y, x) for y, x >= 0, not both zero. */
fn atan2Positive(y: f32, x: f32) -> f32 {
  if (y <= x) { return atanUnit(y / x); }
  return 1.57079633 - atanUnit(x / y);
}
