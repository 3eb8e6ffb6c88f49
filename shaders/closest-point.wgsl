// Shared by the pair and occlusion kernels (the host prepends it after pose-math.wgsl): the
// closest point on a tooth's collision solid, in its body frame, exactly as layout.ts and
// geometry/bvh.ts closestPoint describe it: depth-first with a fixed stack, nearer child
// first, Ericson's region tests, ties to the lower triangle, sign from the closest feature's
// pseudo-normal (zero counts as outside). The kernel declares `vertices`, `triangles` and
// `nodes` (module-scope names resolve across the concatenated source).

/** feature: geometry/bvh.ts Feature (FEATURE_FACE, FEATURE_VERTEX_A + 0..2, FEATURE_EDGE_AB + 0..2). */
struct TriangleHit { d2: f32, q: vec3f, feature: u32 }

struct SignedHit { distance: f32, q: vec3f }

const HUGE: f32 = 3.0e38;

fn corner(tri: Triangle, k: u32) -> vec3f {
  if (k == 0u) { return tri.a.xyz; }
  if (k == 1u) { return tri.b.xyz; }
  return tri.c.xyz;
}

/** A triangle with no area: the closest point lies on one of its edges. */
fn closestOnDegenerate(tri: Triangle, p: vec3f) -> TriangleHit {
  var best = TriangleHit(HUGE, vec3f(0.0), FEATURE_FACE);
  for (var k = 0u; k < 3u; k++) {
    let a = corner(tri, k);
    let e = corner(tri, (k + 1u) % 3u) - a;
    let len2 = dot(e, e);
    var s = 0.0;
    if (len2 > 0.0) { s = clamp(dot(p - a, e) / len2, 0.0, 1.0); }
    let q = a + s * e;
    let d = p - q;
    let d2 = dot(d, d);
    if (d2 < best.d2) {
      var feature = FEATURE_EDGE_AB + k;
      if (s <= 0.0) { feature = FEATURE_VERTEX_A + k; } else if (s >= 1.0) { feature = FEATURE_VERTEX_A + (k + 1u) % 3u; }
      best = TriangleHit(d2, q, feature);
    }
  }
  return best;
}

/** Ericson, Real-Time Collision Detection 5.1.5, in geometry/bvh.ts's branch order. */
fn closestOnTriangle(tri: Triangle, p: vec3f) -> TriangleHit {
  let a = tri.a.xyz;
  let ab = tri.b.xyz - a;
  let ac = tri.c.xyz - a;
  let ap = p - a;
  let d1 = dot(ab, ap);
  let d2 = dot(ac, ap);
  let bp = p - tri.b.xyz;
  let d3 = dot(ab, bp);
  let d4 = dot(ac, bp);
  let cp = p - tri.c.xyz;
  let d5 = dot(ab, cp);
  let d6 = dot(ac, cp);
  let vc = d1 * d4 - d3 * d2;
  let vb = d5 * d2 - d1 * d6;
  let va = d3 * d6 - d5 * d4;
  var u = 0.0;
  var v = 0.0;
  var feature = FEATURE_FACE;
  if (d1 <= 0.0 && d2 <= 0.0) {
    feature = FEATURE_VERTEX_A;
  } else if (d3 >= 0.0 && d4 <= d3) {
    u = 1.0; feature = FEATURE_VERTEX_A + 1u;
  } else if (d6 >= 0.0 && d5 <= d6) {
    v = 1.0; feature = FEATURE_VERTEX_A + 2u;
  } else if (vc <= 0.0 && d1 >= 0.0 && d3 <= 0.0) {
    u = d1 / (d1 - d3); feature = FEATURE_EDGE_AB;
  } else if (vb <= 0.0 && d2 >= 0.0 && d6 <= 0.0) {
    v = d2 / (d2 - d6); feature = FEATURE_EDGE_AB + 2u;
  } else if (va <= 0.0 && d4 - d3 >= 0.0 && d5 - d6 >= 0.0) {
    let w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
    u = 1.0 - w; v = w; feature = FEATURE_EDGE_AB + 1u;
  } else if (va + vb + vc > 0.0) {
    let denom = 1.0 / (va + vb + vc);
    u = vb * denom; v = vc * denom; feature = FEATURE_FACE;
  } else {
    return closestOnDegenerate(tri, p);
  }
  let q = a + u * ab + v * ac;
  let d = p - q;
  return TriangleHit(dot(d, d), q, feature);
}

fn boxDistanceSq(n: Node, p: vec3f) -> f32 {
  let d = max(max(n.min - p, vec3f(0.0)), p - n.max);
  return dot(d, d);
}

fn featureNormal(tooth: Tooth, tri: Triangle, feature: u32) -> vec3f {
  switch feature {
    case FEATURE_FACE: { return tri.faceNormal.xyz; }
    case FEATURE_EDGE_AB: { return tri.edgeAB.xyz; }
    case FEATURE_EDGE_AB + 1u: { return tri.edgeBC.xyz; }
    case FEATURE_EDGE_AB + 2u: { return tri.edgeCA.xyz; }
    default: { return vertices[tooth.firstVertex + tri.v[feature - FEATURE_VERTEX_A]].normal.xyz; }
  }
}

/** Signed distance from p (the tooth's body frame) to its solid, and the closest point. */
fn closestPoint(tooth: Tooth, p: vec3f) -> SignedHit {
  var stack: array<u32, BVH_STACK_SIZE>;
  var top = 1u;
  stack[0] = 0u;
  var best = HUGE;
  var bestTri = 0xffffffffu;
  var bestHit = TriangleHit(HUGE, vec3f(0.0), FEATURE_FACE);
  // A guard against a corrupt tree: a sound one visits each node at most once.
  var budget = tooth.nodeCount + 1u;
  while (top > 0u && budget > 0u) {
    budget--;
    top--;
    let index = stack[top];
    let node = nodes[tooth.firstNode + index];
    if (boxDistanceSq(node, p) > best) { continue; }
    if (node.count > 0u) {
      for (var t = node.a; t < node.a + node.count; t++) {
        let hit = closestOnTriangle(triangles[tooth.firstTriangle + t], p);
        if (hit.d2 < best || (hit.d2 == best && t < bestTri)) {
          best = hit.d2;
          bestTri = t;
          bestHit = hit;
        }
      }
      continue;
    }
    let left = index + 1u;
    let right = node.a;
    let dl = boxDistanceSq(nodes[tooth.firstNode + left], p);
    let dr = boxDistanceSq(nodes[tooth.firstNode + right], p);
    var near = left; var far = right; var dNear = dl; var dFar = dr;
    if (!(dl <= dr)) { near = right; far = left; dNear = dr; dFar = dl; }
    if (dFar <= best && top < BVH_STACK_SIZE) { stack[top] = far; top++; }
    if (dNear <= best && top < BVH_STACK_SIZE) { stack[top] = near; top++; }
  }
  if (bestTri == 0xffffffffu) { return SignedHit(HUGE, vec3f(0.0)); }
  let n = featureNormal(tooth, triangles[tooth.firstTriangle + bestTri], bestHit.feature);
  let side = dot(p - bestHit.q, n);
  let d = sqrt(best);
  return SignedHit(select(d, -d, side < 0.0), bestHit.q);
}
