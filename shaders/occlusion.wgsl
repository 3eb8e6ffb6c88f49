// Occlusion kernel: per vertex of the requested teeth, the signed distance to the nearest
// antagonist solid at one stage, capped at +searchMm (reference.ts distanceToTeeth), one
// invocation per vertex. Prepended by the host: layout.generated.wgsl, pose-math.wgsl,
// closest-point.wgsl.

struct OcclusionParams { toothCount: u32, stage: u32, targetCount: u32, antagonistCount: u32, vertexTotal: u32, searchMm: f32, rowWidth: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> teeth: array<Tooth>;
@group(0) @binding(1) var<storage, read> vertices: array<Vertex>;
@group(0) @binding(2) var<storage, read> triangles: array<Triangle>;
@group(0) @binding(3) var<storage, read> nodes: array<Node>;
@group(0) @binding(4) var<storage, read> poses: array<Pose>;
// (tooth, first output index) per requested tooth, then the antagonists' tooth indices.
@group(0) @binding(5) var<storage, read> job: array<u32>;
@group(0) @binding(6) var<storage, read_write> distances: array<f32>;
@group(0) @binding(7) var<uniform> params: OcclusionParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let g = gid.y * params.rowWidth + gid.x;
  if (g >= params.vertexTotal) { return; }
  var j = 0u;
  while (j + 1u < params.targetCount && job[(j + 1u) * 2u + 1u] <= g) { j++; }
  let ti = job[j * 2u];
  let tooth = teeth[ti];
  let v = g - job[j * 2u + 1u];
  let model = modelOf(poses[params.stage * params.toothCount + ti], tooth);
  let world = applyRigid(rigidOf(model), vertices[tooth.firstVertex + v].position.xyz);
  let s = params.searchMm;
  var best = s;
  for (var n = 0u; n < params.antagonistCount; n++) {
    let ai = job[params.targetCount * 2u + n];
    let other = teeth[ai];
    let m = modelOf(poses[params.stage * params.toothCount + ai], other);
    let c = applyRigid(rigidOf(m), other.sphere.xyz);
    if (length(world - c) - other.sphere.w > s) { continue; }
    let ci = quatConj(normalize(m.q));
    let x = rotateVec(ci, world - m.t.xyz);
    if (any(x < other.boxMin.xyz - vec3f(s)) || any(x > other.boxMax.xyz + vec3f(s))) { continue; }
    best = min(best, closestPoint(other, x).distance);
  }
  distances[g] = best;
}
