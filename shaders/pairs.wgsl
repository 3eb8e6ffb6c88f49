// Pair kernel: the pair query of layout.ts for one (pair, stage) per workgroup. Its 64
// threads sweep A's vertices against B, then B's against A, each keeping its smallest signed
// distance; a tree reduction in workgroup memory then picks the winner by (distance, side,
// vertex), which is the reference's order (strictly smaller wins, the earlier vertex and A's
// side win ties), so the result needs no float atomics and is the same on every run.
// Prepended by the host: layout.generated.wgsl, pose-math.wgsl, closest-point.wgsl.

struct PairsParams { toothCount: u32, stageCount: u32, stagesOffset: u32, workOffset: u32, searchMm: f32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> teeth: array<Tooth>;
@group(0) @binding(1) var<storage, read> vertices: array<Vertex>;
@group(0) @binding(2) var<storage, read> triangles: array<Triangle>;
@group(0) @binding(3) var<storage, read> nodes: array<Node>;
@group(0) @binding(4) var<storage, read> poses: array<Pose>;
// PAIRS records (PAIR_WORDS each), then the query's stage list, then the pairs to compute.
@group(0) @binding(5) var<storage, read> query: array<u32>;
@group(0) @binding(6) var<storage, read_write> results: array<PairResult>;
@group(0) @binding(7) var<uniform> params: PairsParams;

const SIDE_B: u32 = 0x80000000u;

var<workgroup> bestDistance: array<f32, WORKGROUP_SIZE>;
var<workgroup> bestKey: array<u32, WORKGROUP_SIZE>;
var<workgroup> bestPoint: array<vec3f, WORKGROUP_SIZE>;
var<workgroup> inside: array<atomic<u32>, 2>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let pair = query[params.workOffset + wg.x];
  let k = wg.y;
  let stage = query[params.stagesOffset + k];
  let ia = query[pair * PAIR_WORDS + PAIR_A];
  let ib = query[pair * PAIR_WORDS + PAIR_B];
  let toothA = teeth[ia];
  let toothB = teeth[ib];
  let modelA = modelOf(poses[stage * params.toothCount + ia], toothA);
  let modelB = modelOf(poses[stage * params.toothCount + ib], toothB);
  let s = params.searchMm;
  if (lid < 2u) { atomicStore(&inside[lid], 0u); }
  workgroupBarrier();

  let ca = applyRigid(rigidOf(modelA), toothA.sphere.xyz);
  let cb = applyRigid(rigidOf(modelB), toothB.sphere.xyz);
  let far = length(ca - cb) - toothA.sphere.w - toothB.sphere.w > s;

  var myDistance = HUGE;
  var myKey = 0xffffffffu;
  var myPoint = vec3f(0.0);
  if (!far) {
    for (var side = 0u; side < 2u; side++) {
      var source = toothA;
      var dest = toothB;
      var rel = relativeRigid(modelA, modelB);
      if (side == 1u) {
        source = toothB;
        dest = toothA;
        rel = relativeRigid(modelB, modelA);
      }
      let lo = dest.boxMin.xyz - vec3f(s);
      let hi = dest.boxMax.xyz + vec3f(s);
      var count = 0u;
      for (var v = lid; v < source.vertexCount; v += WORKGROUP_SIZE) {
        let x = applyRigid(rel, vertices[source.firstVertex + v].position.xyz);
        if (any(x < lo) || any(x > hi)) { continue; }
        let hit = closestPoint(dest, x);
        if (hit.distance < -PENETRATION_EPS_MM) { count++; }
        if (hit.distance < myDistance) {
          myDistance = hit.distance;
          myKey = select(0u, SIDE_B, side == 1u) | v;
          myPoint = hit.q;
        }
      }
      if (count > 0u) { atomicAdd(&inside[side], count); }
    }
  }
  bestDistance[lid] = myDistance;
  bestKey[lid] = myKey;
  bestPoint[lid] = myPoint;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) {
      let d = bestDistance[lid + stride];
      let key = bestKey[lid + stride];
      if (d < bestDistance[lid] || (d == bestDistance[lid] && key < bestKey[lid])) {
        bestDistance[lid] = d;
        bestKey[lid] = key;
        bestPoint[lid] = bestPoint[lid + stride];
      }
    }
    workgroupBarrier();
  }
  if (lid != 0u) { return; }
  let out = pair * params.stageCount + k;
  let d = bestDistance[0];
  if (!(d < s)) {
    results[out] = PairResult(vec4f(0.0, 0.0, 0.0, s), vec4f(0.0), vec4u(0u, 0u, RESULT_FAR, 0u));
    return;
  }
  let sideB = (bestKey[0] & SIDE_B) != 0u;
  let v = bestKey[0] & ~SIDE_B;
  var source = toothA;
  var fromModel = modelA;
  var toModel = modelB;
  if (sideB) {
    source = toothB;
    fromModel = modelB;
    toModel = modelA;
  }
  let onFrom = applyRigid(rigidOf(fromModel), vertices[source.firstVertex + v].position.xyz);
  let onTo = applyRigid(rigidOf(toModel), bestPoint[0]);
  let pointA = select(onFrom, onTo, sideB);
  let pointB = select(onTo, onFrom, sideB);
  let flags = select(0u, RESULT_OVERLAP, d < -PENETRATION_EPS_MM);
  results[out] = PairResult(vec4f(pointA, d), vec4f(pointB, 0.0), vec4u(atomicLoad(&inside[0]), atomicLoad(&inside[1]), flags, 0u));
}
