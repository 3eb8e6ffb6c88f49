// The engine's one binary layout. The reference, the AssemblyScript kernels and the WGSL
// shaders all read and write these buffers as is, so this file is the contract: change a
// word here and every backend changes with it. Every record is a whole number of 16-byte
// vec4s (WGSL storage-buffer alignment); every number is a 32-bit f32 or u32; indices are
// u32 and local to their tooth, so a tooth's records pack by plain concatenation.
// The records below (TOOTH_RECORD...) are the one definition of each record: the offsets
// here, the AssemblyScript constants (engine-asm/assembly/layout.generated.ts) and the WGSL
// structs (shaders/layout.generated.wgsl) come from them; `npm run gen:layout` rewrites those.
//
// Buffers (word = 4 bytes; "f" = f32, "u" = u32; offsets in words inside one record):
//
// TEETH  toothCount x TOOTH_WORDS (32 words, 128 B)
//   u 0 fdi             u 1 firstVertex     u 2 vertexCount     u 3 firstTriangle
//   u 4 triangleCount   u 5 firstNode       u 6 nodeCount       u 7 crownVertexCount
//   u 8 bvhDepth        u 9..11 zero
//   f 12..14 body translation, f 15 zero    f 16..19 body rotation quaternion xyzw
//   f 20..22 bounding sphere centre (body frame), f 23 radius
//   f 24..26 box min (body frame), f 27 zero  f 28..30 box max, f 31 zero
//   The body frame is the tooth frame: body pose maps body coordinates to scan coordinates
//   at the scan position (translation = frame origin, rotation = [mesial, buccal,
//   mesial x buccal] as columns). first* are global record indices into the buffers below.
//   The box bounds the triangles; the sphere holds every vertex and the box.
//
// VERTICES  vertexCount x VERTEX_WORDS (8 words, 32 B), all f
//   0..2 position (body frame, mm), 3 = 1;  4..6 angle-weighted pseudo-normal (unit), 7 = 0
//   Vertices [0, crownVertexCount) of a tooth are its crown's, in crown order; any after
//   them were added when closing the solid (none today). A vertex no triangle uses has a zero
//   normal; it is still a query point.
//
// TRIANGLES  triangleCount x TRIANGLE_WORDS (32 words, 128 B), in BVH leaf order
//   u 0..2 vertex indices a, b, c (tooth-local; counter-clockwise seen from outside)
//   u 3 source triangle (index in the collision solid's triangle list)
//   f 4..6 face normal (unit; zero if the triangle has no area), f 7 zero
//   f 8..10 pseudo-normal of edge ab, 11 zero; f 12..14 edge bc, 15 zero; f 16..18 edge ca, 19 zero
//   f 20..22 position a, 23 = 1; f 24..26 position b, 27 = 1; f 28..30 position c, 31 = 1
//
// NODES  nodeCount x NODE_WORDS (8 words, 32 B), depth-first: a node's left child is the next node
//   f 0..2 box min, u 3 a;  f 4..6 box max, u 7 count
//   leaf  (count > 0): triangles [a, a + count) (tooth-local), count <= BVH_LEAF_SIZE
//   inner (count = 0): left child = this node + 1, right child = a (tooth-local)
//   Depth <= BVH_MAX_DEPTH, so a traversal stack of BVH_STACK_SIZE entries never overflows.
//
// PLAN  toothCount x PLAN_TOOTH_WORDS (24 words, 96 B), all f, one per loaded tooth in table order
//   0..2 initial translation, 3 zero; 4..7 initial quaternion; 8..10 target translation,
//   11 zero; 12..15 target quaternion; 16..18 centre (tooth frame origin, scan frame),
//   19 zero; 20 start stage; 21 active stages; 22..23 zero
//
// POSES  stageCount x toothCount x POSE_WORDS (8 words, 32 B), all f; index stage * toothCount + tooth
//   0..2 translation, 3 zero; 4..7 unit quaternion xyzw with w >= 0
//   A pose moves the tooth's scan-frame mesh; body -> scan at a stage is pose o body.
//   f = clamp((stage - start) / active, 0, 1) (active 0: f = stage >= start ? 1 : 0);
//   centre travels linearly from initial(centre) to target(centre), the rotation is
//   slerp(initialQ, targetQ, f) along the shorter arc; t = centre(f) - R(f) centre.
//
// PAIRS  pairCount x PAIR_WORDS (4 words, 16 B), all u
//   0 tooth A (table index), 1 tooth B, 2 kind (PAIR_NEIGHBOUR, PAIR_ANTAGONIST, PAIR_OTHER), 3 zero
//
// RESULTS  pairCount x stageCount x RESULT_WORDS (12 words, 48 B); index pair * stageCount + k
//   (k = position of the stage in the query's stage list)
//   f 0..2 contact point on A (scan frame), f 3 signed minimum distance (mm, negative = overlap depth)
//   f 4..6 contact point on B (scan frame), f 7 zero
//   u 8 vertices of A inside B, u 9 vertices of B inside A, u 10 flags (RESULT_FAR | RESULT_OVERLAP), u 11 zero
//
// OCCLUSION  one f per vertex of each requested tooth, concatenated in request order:
//   signed distance (mm) to the nearest antagonist solid, capped at +searchMm.
//
// The closest point on a tooth (web/geometry/bvh.ts, closestPoint), in its body frame:
//   depth-first from node 0 with a stack; skip a node whose box is farther (squared) than the
//   best so far; at an inner node push the farther child, then the nearer, each only if its
//   box is not farther than the best. In a leaf, the closest point on each triangle by
//   Ericson's region tests (Real-Time Collision Detection 5.1.5; a triangle with no area
//   falls back to its three edges); a smaller squared distance wins, an equal one goes to the
//   lower triangle index. The sign is that of dot(p - q, n) with n the pseudo-normal of the
//   region q fell in: the face normal, the edge's (ab, bc, ca) or the vertex's (negative =
//   inside; zero counts as outside).
//
// The pair query, which every backend computes the same way (web/engine/reference.ts):
//   1. Reject: if |cA - cB| - rA - rB > searchMm (sphere centres in scan frame at the stage),
//      the result is FAR.
//   2. For every vertex of A, in order, taken into B's body frame: skip it if it lies outside
//      B's box grown by searchMm on every side; else find its closest point on B (BVH,
//      pseudo-normal sign). The smallest signed distance wins (strictly smaller: the first
//      found wins ties); a distance < -PENETRATION_EPS_MM counts the vertex as inside B.
//   3. The same for every vertex of B against A; A's side wins ties with B's.
//   4. If no signed distance is below searchMm the result is FAR: distance = +searchMm,
//      points and counts zero. Otherwise the contact points are the winning vertex and its
//      closest point, both in the scan frame; OVERLAP is set when distance < -PENETRATION_EPS_MM.
import type { Pose, Quat, Vec3 } from '../core/pose.ts';
import { BVH_STACK_SIZE, Feature, type ToothBvh } from '../geometry/bvh.ts';

/**
 * A record field as WGSL declares it. Every field is 32-bit words; fields follow one another
 * with no gaps, so each one must start where WGSL would put it (web/tooling/gen-layout.ts
 * checks this): vec3f and vec4 on a 4-word boundary, vec2f on a 2-word one.
 */
export type FieldType = 'u32' | 'f32' | 'vec2f' | 'vec3f' | 'vec4f' | 'vec4u';
export const FIELD_WORDS: Readonly<Record<FieldType, number>> = { u32: 1, f32: 1, vec2f: 2, vec3f: 3, vec4f: 4, vec4u: 4 };

/** One record of the layout, from which the offsets here, the AssemblyScript constants and the WGSL structs all come. */
export interface RecordLayout<K extends string = string> {
  /** The WGSL struct. */
  struct: string;
  /** Prefix of the generated constants: TOOTH_BYTES, TOOTH_FIRST_VERTEX, PAIR_WORDS. */
  prefix: string;
  words: number;
  /** In order, padding (pad0, pad1...) included. */
  fields: readonly { name: string; type: FieldType; at: number }[];
  /** Word offsets: every field but padding, and the words inside fields that have their own names. */
  offsets: Readonly<Record<K, number>>;
  /** The kernels read this record as plain u32 words, so WGSL gets its word offsets as constants too. */
  wgslOffsets?: boolean;
}

type Named<F> = Exclude<keyof F & string, `pad${number}`>;

function record<F extends Record<string, FieldType>, A extends Record<string, readonly [Named<F>, number]> = Record<never, never>>(
  struct: string, prefix: string, fields: F, inside?: A, wgslOffsets?: boolean,
): RecordLayout<Named<F> | (keyof A & string)> {
  const list: { name: string; type: FieldType; at: number }[] = [];
  const offsets: Record<string, number> = {};
  let at = 0;
  for (const [name, type] of Object.entries(fields)) {
    list.push({ name, type, at });
    if (!/^pad\d+$/.test(name)) offsets[name] = at;
    at += FIELD_WORDS[type];
  }
  for (const [name, [field, word]] of Object.entries(inside ?? {}) as [string, readonly [string, number]][]) offsets[name] = offsets[field] + word;
  return { struct, prefix, words: at, fields: list, offsets: offsets as Record<Named<F> | (keyof A & string), number>, wgslOffsets };
}

export const TOOTH_RECORD = record('Tooth', 'TOOTH', {
  fdi: 'u32', firstVertex: 'u32', vertexCount: 'u32', firstTriangle: 'u32', triangleCount: 'u32', firstNode: 'u32', nodeCount: 'u32',
  crownVertexCount: 'u32', bvhDepth: 'u32', pad0: 'u32', pad1: 'u32', pad2: 'u32',
  bodyT: 'vec4f', bodyQ: 'vec4f', sphere: 'vec4f', boxMin: 'vec4f', boxMax: 'vec4f',
});
export const VERTEX_RECORD = record('Vertex', 'VERTEX', { position: 'vec4f', normal: 'vec4f' });
export const TRIANGLE_RECORD = record('Triangle', 'TRIANGLE', {
  v: 'vec4u', faceNormal: 'vec4f', edgeAB: 'vec4f', edgeBC: 'vec4f', edgeCA: 'vec4f', a: 'vec4f', b: 'vec4f', c: 'vec4f',
}, { source: ['v', 3] });
export const NODE_RECORD = record('Node', 'NODE', { min: 'vec3f', a: 'u32', max: 'vec3f', count: 'u32' });
export const PLAN_RECORD = record('PlanTooth', 'PLAN', {
  initialT: 'vec4f', initialQ: 'vec4f', targetT: 'vec4f', targetQ: 'vec4f', centre: 'vec4f', start: 'f32', activeStages: 'f32', pad0: 'u32', pad1: 'u32',
});
export const POSE_RECORD = record('Pose', 'POSE', { t: 'vec4f', q: 'vec4f' });
export const PAIR_RECORD = record('Pair', 'PAIR', { a: 'u32', b: 'u32', kind: 'u32', pad0: 'u32' }, {}, true);
export const RESULT_RECORD = record('PairResult', 'RESULT', { a: 'vec4f', b: 'vec4f', counts: 'vec4u' }, {
  pointA: ['a', 0], distance: ['a', 3], pointB: ['b', 0], aInB: ['counts', 0], bInA: ['counts', 1], flags: ['counts', 2],
});
/** Every record, in the order the generated files declare them. */
export const LAYOUT_RECORDS: readonly RecordLayout[] = [
  TOOTH_RECORD, VERTEX_RECORD, TRIANGLE_RECORD, NODE_RECORD, PLAN_RECORD, POSE_RECORD, PAIR_RECORD, RESULT_RECORD,
];

export const TOOTH_WORDS = TOOTH_RECORD.words;
export const VERTEX_WORDS = VERTEX_RECORD.words;
export const TRIANGLE_WORDS = TRIANGLE_RECORD.words;
export const NODE_WORDS = NODE_RECORD.words;
export const PLAN_TOOTH_WORDS = PLAN_RECORD.words;
export const POSE_WORDS = POSE_RECORD.words;
export const PAIR_WORDS = PAIR_RECORD.words;
export const RESULT_WORDS = RESULT_RECORD.words;

/** Word offsets inside a TEETH record. */
export const TOOTH = TOOTH_RECORD.offsets;
/** Word offsets inside a TRIANGLES record. */
export const TRIANGLE = TRIANGLE_RECORD.offsets;
/** Word offsets inside a NODES record. */
export const NODE = NODE_RECORD.offsets;
/** Word offsets inside a PLAN record. */
export const PLAN = PLAN_RECORD.offsets;
/** Word offsets inside a RESULTS record. */
export const RESULT = RESULT_RECORD.offsets;

export const PAIR_NEIGHBOUR = 0;
export const PAIR_ANTAGONIST = 1;
export const PAIR_OTHER = 2;

/** No vertex of either tooth came within the search distance of the other. */
export const RESULT_FAR = 1;
/** The teeth overlap: some vertex lies deeper than PENETRATION_EPS_MM inside the other solid. */
export const RESULT_OVERLAP = 2;

/**
 * A vertex counts as inside the other tooth only when deeper than this, mm. Vertices that
 * lie on the other surface (crowns cut from one scan share their contact vertices) then
 * count the same in f32 and f64 backends.
 */
export const PENETRATION_EPS_MM = 1e-4;
export const DEFAULT_SEARCH_MM = 1;

/**
 * Threads per workgroup of every WebGPU kernel (the pair kernel's reduction halves it, so a
 * power of two), and the host's dispatch arithmetic.
 */
export const WORKGROUP_SIZE = 64;

/**
 * How a kernel constant is typed: `u32` everywhere; `int` is an i32 in AssemblyScript (its
 * loop counters) and a u32 in WGSL; `real` an f64 in AssemblyScript (which computes in f64)
 * and an f32 in WGSL.
 */
export type ConstantKind = 'u32' | 'int' | 'real';

/** The numbers the kernels share with the host, written into the generated files. */
export const KERNEL_CONSTANTS: readonly { name: string; value: number; kind: ConstantKind; doc: string }[] = [
  { name: 'PAIR_NEIGHBOUR', value: PAIR_NEIGHBOUR, kind: 'u32', doc: 'PAIRS kind: neighbours in one arch' },
  { name: 'PAIR_ANTAGONIST', value: PAIR_ANTAGONIST, kind: 'u32', doc: 'PAIRS kind: antagonists across the arches' },
  { name: 'PAIR_OTHER', value: PAIR_OTHER, kind: 'u32', doc: 'PAIRS kind: any other pair' },
  { name: 'RESULT_FAR', value: RESULT_FAR, kind: 'u32', doc: 'RESULTS flag: nothing within the search distance' },
  { name: 'RESULT_OVERLAP', value: RESULT_OVERLAP, kind: 'u32', doc: 'RESULTS flag: some vertex deeper than PENETRATION_EPS_MM' },
  { name: 'PENETRATION_EPS_MM', value: PENETRATION_EPS_MM, kind: 'real', doc: 'a vertex is inside only when deeper than this, mm' },
  { name: 'BVH_STACK_SIZE', value: BVH_STACK_SIZE, kind: 'int', doc: 'closest-point traversal stack (geometry/bvh.ts): no tree is deeper' },
  { name: 'WORKGROUP_SIZE', value: WORKGROUP_SIZE, kind: 'int', doc: 'threads per WebGPU workgroup' },
  { name: 'FEATURE_FACE', value: Feature.Face, kind: 'int', doc: 'closest feature (geometry/bvh.ts Feature): the face' },
  { name: 'FEATURE_VERTEX_A', value: Feature.VertexA, kind: 'int', doc: 'closest feature: vertex a (b, c are the next two)' },
  { name: 'FEATURE_EDGE_AB', value: Feature.EdgeAB, kind: 'int', doc: 'closest feature: edge ab (bc, ca are the next two)' },
];

/** The geometry buffers of all loaded teeth. */
export interface PackedTeeth {
  toothCount: number;
  vertexCount: number;
  triangleCount: number;
  nodeCount: number;
  teeth: ArrayBuffer;
  vertices: ArrayBuffer;
  triangles: ArrayBuffer;
  nodes: ArrayBuffer;
}

/** One tooth as the layout stores it (what packTeeth takes and unpackTooth gives back). */
export interface PackedToothSource {
  fdi: number;
  bvh: ToothBvh;
  /** Body frame -> scan frame at the scan position. */
  body: Pose;
  crownVertexCount: number;
}

export interface UnpackedTooth extends PackedToothSource {
  sphere: { centre: Vec3; radius: number };
  boxMin: Vec3;
  boxMax: Vec3;
}

/** Sphere around every vertex (box centre, farthest vertex), rounded outwards to stay conservative in f32. */
function boundingSphere(p: Float32Array, min: number[], max: number[]): [number, number, number, number] {
  const c = [0, 1, 2].map((k) => (min[k] + max[k]) / 2);
  let r2 = 0;
  for (let i = 0; i < p.length; i += 3) r2 = Math.max(r2, (p[i] - c[0]) ** 2 + (p[i + 1] - c[1]) ** 2 + (p[i + 2] - c[2]) ** 2);
  const r = Math.max(Math.sqrt(r2), Math.hypot(max[0] - c[0], max[1] - c[1], max[2] - c[2]));
  return [c[0], c[1], c[2], r * (1 + 1e-6) + 1e-6];
}

export function packTeeth(teeth: PackedToothSource[]): PackedTeeth {
  const vertexCount = teeth.reduce((s, t) => s + t.bvh.positions.length / 3, 0);
  const triangleCount = teeth.reduce((s, t) => s + t.bvh.triangles.length / 3, 0);
  const nodeCount = teeth.reduce((s, t) => s + t.bvh.nodeData.length / 2, 0);
  const out: PackedTeeth = {
    toothCount: teeth.length, vertexCount, triangleCount, nodeCount,
    teeth: new ArrayBuffer(teeth.length * TOOTH_WORDS * 4),
    vertices: new ArrayBuffer(vertexCount * VERTEX_WORDS * 4),
    triangles: new ArrayBuffer(triangleCount * TRIANGLE_WORDS * 4),
    nodes: new ArrayBuffer(nodeCount * NODE_WORDS * 4),
  };
  const tu = new Uint32Array(out.teeth), tf = new Float32Array(out.teeth);
  const vf = new Float32Array(out.vertices);
  const ru = new Uint32Array(out.triangles), rf = new Float32Array(out.triangles);
  const nu = new Uint32Array(out.nodes), nf = new Float32Array(out.nodes);
  let v0 = 0, t0 = 0, n0 = 0;
  teeth.forEach((tooth, i) => {
    const { bvh } = tooth;
    const nv = bvh.positions.length / 3, nt = bvh.triangles.length / 3, nn = bvh.nodeData.length / 2;
    const o = i * TOOTH_WORDS;
    tu.set([tooth.fdi, v0, nv, t0, nt, n0, nn, tooth.crownVertexCount, bvh.depth], o);
    tf.set([...tooth.body.t, 0, ...tooth.body.q], o + TOOTH.bodyT);
    const min = [bvh.nodeBounds[0], bvh.nodeBounds[1], bvh.nodeBounds[2]];
    const max = [bvh.nodeBounds[3], bvh.nodeBounds[4], bvh.nodeBounds[5]];
    tf.set(boundingSphere(bvh.positions, min, max), o + TOOTH.sphere);
    tf.set([...min, 0, ...max, 0], o + TOOTH.boxMin);
    for (let v = 0; v < nv; v++) {
      const w = (v0 + v) * VERTEX_WORDS;
      vf.set(bvh.positions.subarray(v * 3, v * 3 + 3), w);
      vf[w + 3] = 1;
      vf.set(bvh.vertexNormals.subarray(v * 3, v * 3 + 3), w + 4);
    }
    for (let t = 0; t < nt; t++) {
      const w = (t0 + t) * TRIANGLE_WORDS;
      ru.set(bvh.triangles.subarray(t * 3, t * 3 + 3), w);
      ru[w + TRIANGLE.source] = bvh.sourceTriangle[t];
      rf.set(bvh.faceNormals.subarray(t * 3, t * 3 + 3), w + TRIANGLE.faceNormal);
      for (let e = 0; e < 3; e++) rf.set(bvh.edgeNormals.subarray(t * 9 + e * 3, t * 9 + e * 3 + 3), w + TRIANGLE.edgeAB + e * 4);
      for (let k = 0; k < 3; k++) {
        const p = bvh.triangles[t * 3 + k] * 3;
        rf.set(bvh.positions.subarray(p, p + 3), w + TRIANGLE.a + k * 4);
        rf[w + TRIANGLE.a + k * 4 + 3] = 1;
      }
    }
    for (let n = 0; n < nn; n++) {
      const w = (n0 + n) * NODE_WORDS;
      nf.set(bvh.nodeBounds.subarray(n * 6, n * 6 + 3), w + NODE.min);
      nf.set(bvh.nodeBounds.subarray(n * 6 + 3, n * 6 + 6), w + NODE.max);
      nu[w + NODE.a] = bvh.nodeData[n * 2];
      nu[w + NODE.count] = bvh.nodeData[n * 2 + 1];
    }
    v0 += nv;
    t0 += nt;
    n0 += nn;
  });
  return out;
}

/** Tooth i read back from the buffers, as the arrays the geometry code works on. */
export function unpackTooth(packed: PackedTeeth, i: number): UnpackedTooth {
  const tu = new Uint32Array(packed.teeth), tf = new Float32Array(packed.teeth);
  const o = i * TOOTH_WORDS;
  const [fdi, v0, nv, t0, nt, n0, nn, crownVertexCount, depth] = tu.subarray(o, o + 9);
  const vf = new Float32Array(packed.vertices);
  const ru = new Uint32Array(packed.triangles), rf = new Float32Array(packed.triangles);
  const nu = new Uint32Array(packed.nodes), nf = new Float32Array(packed.nodes);
  const positions = new Float32Array(nv * 3), vertexNormals = new Float32Array(nv * 3);
  for (let v = 0; v < nv; v++) {
    const w = (v0 + v) * VERTEX_WORDS;
    positions.set(vf.subarray(w, w + 3), v * 3);
    vertexNormals.set(vf.subarray(w + 4, w + 7), v * 3);
  }
  const triangles = new Uint32Array(nt * 3), sourceTriangle = new Uint32Array(nt);
  const faceNormals = new Float32Array(nt * 3), edgeNormals = new Float32Array(nt * 9);
  for (let t = 0; t < nt; t++) {
    const w = (t0 + t) * TRIANGLE_WORDS;
    triangles.set(ru.subarray(w, w + 3), t * 3);
    sourceTriangle[t] = ru[w + TRIANGLE.source];
    faceNormals.set(rf.subarray(w + TRIANGLE.faceNormal, w + TRIANGLE.faceNormal + 3), t * 3);
    for (let e = 0; e < 3; e++) edgeNormals.set(rf.subarray(w + TRIANGLE.edgeAB + e * 4, w + TRIANGLE.edgeAB + e * 4 + 3), t * 9 + e * 3);
  }
  const nodeBounds = new Float32Array(nn * 6), nodeData = new Uint32Array(nn * 2);
  for (let n = 0; n < nn; n++) {
    const w = (n0 + n) * NODE_WORDS;
    nodeBounds.set(nf.subarray(w + NODE.min, w + NODE.min + 3), n * 6);
    nodeBounds.set(nf.subarray(w + NODE.max, w + NODE.max + 3), n * 6 + 3);
    nodeData[n * 2] = nu[w + NODE.a];
    nodeData[n * 2 + 1] = nu[w + NODE.count];
  }
  const vec = (at: number): Vec3 => [tf[o + at], tf[o + at + 1], tf[o + at + 2]];
  return {
    fdi, crownVertexCount,
    bvh: { positions, vertexNormals, triangles, faceNormals, edgeNormals, sourceTriangle, nodeBounds, nodeData, depth },
    body: { t: vec(TOOTH.bodyT), q: [...tf.subarray(o + TOOTH.bodyQ, o + TOOTH.bodyQ + 4)] as Quat },
    sphere: { centre: vec(TOOTH.sphere), radius: tf[o + TOOTH.sphere + 3] },
    boxMin: vec(TOOTH.boxMin),
    boxMax: vec(TOOTH.boxMax),
  };
}

/** One tooth's staging as the PLAN buffer stores it. */
export interface PlanToothRecord {
  initial: Pose;
  target: Pose;
  /** Tooth frame origin, scan frame: the point that travels in a straight line. */
  centre: Vec3;
  start: number;
  active: number;
}

export function packPlan(teeth: PlanToothRecord[]): Float32Array {
  const out = new Float32Array(teeth.length * PLAN_TOOTH_WORDS);
  teeth.forEach((p, i) => {
    out.set([...p.initial.t, 0, ...p.initial.q, ...p.target.t, 0, ...p.target.q, ...p.centre, 0, p.start, p.active], i * PLAN_TOOTH_WORDS);
  });
  return out;
}

export function unpackPlanTooth(plan: Float32Array, i: number): PlanToothRecord {
  const o = i * PLAN_TOOTH_WORDS;
  const v3 = (at: number): Vec3 => [plan[o + at], plan[o + at + 1], plan[o + at + 2]];
  const q = (at: number): Quat => [plan[o + at], plan[o + at + 1], plan[o + at + 2], plan[o + at + 3]];
  return {
    initial: { t: v3(PLAN.initialT), q: q(PLAN.initialQ) },
    target: { t: v3(PLAN.targetT), q: q(PLAN.targetQ) },
    centre: v3(PLAN.centre),
    start: plan[o + PLAN.start],
    active: plan[o + PLAN.activeStages],
  };
}

export function poseIndex(toothCount: number, stage: number, tooth: number): number {
  return (stage * toothCount + tooth) * POSE_WORDS;
}

export function readPose(poses: Float32Array, toothCount: number, stage: number, tooth: number): Pose {
  const o = poseIndex(toothCount, stage, tooth);
  return { t: [poses[o], poses[o + 1], poses[o + 2]], q: [poses[o + 4], poses[o + 5], poses[o + 6], poses[o + 7]] };
}

export function writePose(poses: Float32Array, toothCount: number, stage: number, tooth: number, p: Pose): void {
  poses.set([p.t[0], p.t[1], p.t[2], 0, p.q[0], p.q[1], p.q[2], p.q[3]], poseIndex(toothCount, stage, tooth));
}

export function packPairs(pairs: { a: number; b: number; kind: number }[]): Uint32Array {
  const out = new Uint32Array(pairs.length * PAIR_WORDS);
  pairs.forEach((p, i) => out.set([p.a, p.b, p.kind, 0], i * PAIR_WORDS));
  return out;
}

/** One RESULTS record as plain data. */
export interface PairRecord {
  distance: number;
  pointA: Vec3;
  pointB: Vec3;
  aInB: number;
  bInA: number;
  flags: number;
}

export function writeResult(buffer: ArrayBuffer, index: number, r: PairRecord): void {
  const f = new Float32Array(buffer, index * RESULT_WORDS * 4, RESULT_WORDS);
  const u = new Uint32Array(buffer, index * RESULT_WORDS * 4, RESULT_WORDS);
  f.set([...r.pointA, r.distance, ...r.pointB, 0]);
  u.set([r.aInB, r.bInA, r.flags, 0], RESULT.aInB);
}

export function readResult(buffer: ArrayBuffer, index: number): PairRecord {
  const f = new Float32Array(buffer, index * RESULT_WORDS * 4, RESULT_WORDS);
  const u = new Uint32Array(buffer, index * RESULT_WORDS * 4, RESULT_WORDS);
  return {
    distance: f[RESULT.distance],
    pointA: [f[0], f[1], f[2]],
    pointB: [f[4], f[5], f[6]],
    aInB: u[RESULT.aInB],
    bInA: u[RESULT.bInA],
    flags: u[RESULT.flags],
  };
}
