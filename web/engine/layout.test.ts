import { describe, expect, it } from 'vitest';
import {
  NODE, NODE_WORDS, PAIR_WORDS, PLAN, PLAN_TOOTH_WORDS, POSE_WORDS, RESULT, RESULT_WORDS, TOOTH, TOOTH_WORDS, TRIANGLE,
  TRIANGLE_WORDS, VERTEX_WORDS, VERTEX_RECORD, POSE_RECORD, PAIR_RECORD, LAYOUT_RECORDS, KERNEL_CONSTANTS, packPairs, packPlan, packTeeth, readPose, readResult, unpackPlanTooth, unpackTooth, writePose, writeResult,
  type PlanToothRecord,
} from './layout.ts';
import { prepareTeeth } from './engine.ts';
import { BVH_MAX_DEPTH, Feature } from '../geometry/bvh.ts';
import { crownRow } from './fixtures/synthetic-crowns.ts';
import { applyPose, quatFromAxisAngle, type Pose } from '../core/pose.ts';

describe('layout records', () => {
  it('are whole vec4s, and every vec4 field starts on a 16-byte boundary', () => {
    for (const words of [TOOTH_WORDS, VERTEX_WORDS, TRIANGLE_WORDS, NODE_WORDS, PLAN_TOOTH_WORDS, POSE_WORDS, PAIR_WORDS, RESULT_WORDS]) {
      expect(words % 4).toBe(0);
    }
    for (const at of [TOOTH.bodyT, TOOTH.bodyQ, TOOTH.sphere, TOOTH.boxMin, TOOTH.boxMax]) expect(at % 4).toBe(0);
    for (const at of [TRIANGLE.v, TRIANGLE.faceNormal, TRIANGLE.edgeAB, TRIANGLE.edgeBC, TRIANGLE.edgeCA, TRIANGLE.a, TRIANGLE.b, TRIANGLE.c]) expect(at % 4).toBe(0);
    for (const at of [NODE.min, NODE.max, PLAN.initialT, PLAN.initialQ, PLAN.targetT, PLAN.targetQ, PLAN.centre, RESULT.pointA, RESULT.pointB, RESULT.aInB]) {
      expect(at % 4).toBe(0);
    }
  });
});

describe('the record definitions', () => {
  // The words the header comment documents and stored buffers were written with: deriving
  // the offsets from the field lists must not move one.
  it('give the documented word offsets and lengths', () => {
    expect(TOOTH).toEqual({
      fdi: 0, firstVertex: 1, vertexCount: 2, firstTriangle: 3, triangleCount: 4, firstNode: 5, nodeCount: 6,
      crownVertexCount: 7, bvhDepth: 8, bodyT: 12, bodyQ: 16, sphere: 20, boxMin: 24, boxMax: 28,
    });
    expect(VERTEX_RECORD.offsets).toEqual({ position: 0, normal: 4 });
    expect(TRIANGLE).toEqual({ v: 0, source: 3, faceNormal: 4, edgeAB: 8, edgeBC: 12, edgeCA: 16, a: 20, b: 24, c: 28 });
    expect(NODE).toEqual({ min: 0, a: 3, max: 4, count: 7 });
    expect(PLAN).toEqual({ initialT: 0, initialQ: 4, targetT: 8, targetQ: 12, centre: 16, start: 20, activeStages: 21 });
    expect(POSE_RECORD.offsets).toEqual({ t: 0, q: 4 });
    expect(PAIR_RECORD.offsets).toEqual({ a: 0, b: 1, kind: 2 });
    expect(RESULT).toEqual({ a: 0, b: 4, counts: 8, pointA: 0, distance: 3, pointB: 4, aInB: 8, bInA: 9, flags: 10 });
    expect([TOOTH_WORDS, VERTEX_WORDS, TRIANGLE_WORDS, NODE_WORDS, PLAN_TOOTH_WORDS, POSE_WORDS, PAIR_WORDS, RESULT_WORDS])
      .toEqual([32, 8, 32, 8, 24, 8, 4, 12]);
    expect(LAYOUT_RECORDS.map((r) => r.words)).toEqual([32, 8, 32, 8, 24, 8, 4, 12]);
  });

  it('name the feature numbers the kernels count on: vertices and edges are consecutive', () => {
    const at = (name: string) => KERNEL_CONSTANTS.find((c) => c.name === name)!.value;
    expect([at('FEATURE_VERTEX_A') + 1, at('FEATURE_VERTEX_A') + 2]).toEqual([Feature.VertexB, Feature.VertexC]);
    expect([at('FEATURE_EDGE_AB') + 1, at('FEATURE_EDGE_AB') + 2]).toEqual([Feature.EdgeBC, Feature.EdgeCA]);
    expect(at('FEATURE_FACE')).toBe(Feature.Face);
    expect(at('BVH_STACK_SIZE')).toBeGreaterThan(BVH_MAX_DEPTH);
    // The pair kernel's reduction halves the workgroup down to one thread.
    expect(Math.log2(at('WORKGROUP_SIZE')) % 1).toBe(0);
  });
});

describe('packTeeth / unpackTooth (seed 7)', () => {
  const inputs = crownRow(7, 3);
  const packed = prepareTeeth(inputs);

  it('sizes the buffers from the record strides', () => {
    expect(packed.teeth.byteLength).toBe(3 * TOOTH_WORDS * 4);
    expect(packed.vertices.byteLength).toBe(packed.vertexCount * VERTEX_WORDS * 4);
    expect(packed.triangles.byteLength).toBe(packed.triangleCount * TRIANGLE_WORDS * 4);
    expect(packed.nodes.byteLength).toBe(packed.nodeCount * NODE_WORDS * 4);
    expect(packed.vertexCount).toBe(inputs.reduce((s, t) => s + t.solid.positions.length / 3, 0));
  });

  it('round-trips every array of every tooth exactly, with offsets that follow one another', () => {
    const tu = new Uint32Array(packed.teeth);
    let v0 = 0, t0 = 0, n0 = 0;
    inputs.forEach((input, i) => {
      const o = i * TOOTH_WORDS;
      expect([tu[o + TOOTH.fdi], tu[o + TOOTH.firstVertex], tu[o + TOOTH.firstTriangle], tu[o + TOOTH.firstNode]]).toEqual([input.fdi, v0, t0, n0]);
      const tooth = unpackTooth(packed, i);
      const { bvh } = tooth;
      expect(tooth.fdi).toBe(input.fdi);
      expect(tooth.crownVertexCount).toBe(input.crownVertexCount);
      expect(bvh.positions.length).toBe(input.solid.positions.length);
      // Body frame positions map back to the scan-frame solid.
      for (let v = 0; v < bvh.positions.length / 3; v += 7) {
        const back = applyPose(tooth.body, [bvh.positions[v * 3], bvh.positions[v * 3 + 1], bvh.positions[v * 3 + 2]]);
        for (let k = 0; k < 3; k++) expect(Math.abs(back[k] - input.solid.positions[v * 3 + k])).toBeLessThan(1e-5);
      }
      v0 += tu[o + TOOTH.vertexCount];
      t0 += tu[o + TOOTH.triangleCount];
      n0 += tu[o + TOOTH.nodeCount];
    });
    expect([v0, t0, n0]).toEqual([packed.vertexCount, packed.triangleCount, packed.nodeCount]);
  });

  it('packs what it unpacked into the same bytes', () => {
    const repacked = packTeeth(inputs.map((_, i) => unpackTooth(packed, i)));
    for (const key of ['teeth', 'vertices', 'triangles', 'nodes'] as const) {
      expect(Buffer.compare(new Uint8Array(repacked[key]), new Uint8Array(packed[key]))).toBe(0);
    }
  });

  it('stores triangle corner positions equal to the vertex records they index', () => {
    const tu = new Uint32Array(packed.teeth);
    const vf = new Float32Array(packed.vertices);
    const ru = new Uint32Array(packed.triangles), rf = new Float32Array(packed.triangles);
    const i = 1, o = i * TOOTH_WORDS;
    for (let t = 0; t < tu[o + TOOTH.triangleCount]; t++) {
      const w = (tu[o + TOOTH.firstTriangle] + t) * TRIANGLE_WORDS;
      for (let k = 0; k < 3; k++) {
        const v = (tu[o + TOOTH.firstVertex] + ru[w + k]) * VERTEX_WORDS;
        expect([...rf.subarray(w + TRIANGLE.a + k * 4, w + TRIANGLE.a + k * 4 + 4)]).toEqual([...vf.subarray(v, v + 4)]);
      }
    }
  });

  it('bounds every vertex by the sphere and every triangle by the box', () => {
    for (let i = 0; i < inputs.length; i++) {
      const { bvh, sphere, boxMin, boxMax } = unpackTooth(packed, i);
      for (let v = 0; v < bvh.positions.length / 3; v++) {
        const p = [0, 1, 2].map((k) => bvh.positions[v * 3 + k]);
        expect(Math.hypot(p[0] - sphere.centre[0], p[1] - sphere.centre[1], p[2] - sphere.centre[2])).toBeLessThanOrEqual(sphere.radius);
      }
      for (let k = 0; k < 3; k++) {
        expect(boxMin[k]).toBe(bvh.nodeBounds[k]);
        expect(boxMax[k]).toBe(bvh.nodeBounds[3 + k]);
      }
    }
  });
});

describe('plan, poses, pairs and results records', () => {
  it('round-trip a plan record', () => {
    const rec: PlanToothRecord = {
      initial: { t: [1, 2, 3], q: quatFromAxisAngle([0, 0, 1], 10) },
      target: { t: [-4, 5, 6.5], q: quatFromAxisAngle([1, 1, 0], 20) },
      centre: [7, 8, 9], start: 3, active: 12,
    };
    const plan = packPlan([rec, rec]);
    expect(plan.length).toBe(2 * PLAN_TOOTH_WORDS);
    const back = unpackPlanTooth(plan, 1);
    expect(back.start).toBe(3);
    expect(back.active).toBe(12);
    expect(back.centre).toEqual([7, 8, 9]);
    for (let k = 0; k < 4; k++) expect(back.target.q[k]).toBeCloseTo(rec.target.q[k], 7);
    expect(back.target.t).toEqual([-4, 5, 6.5]);
  });

  it('write and read a pose at stage x tooth', () => {
    const poses = new Float32Array(3 * 4 * POSE_WORDS);
    const p: Pose = { t: [1.5, -2, 3], q: [0, 0, 0.6, 0.8] };
    writePose(poses, 4, 2, 1, p);
    expect(poses[(2 * 4 + 1) * POSE_WORDS]).toBe(1.5);
    const back = readPose(poses, 4, 2, 1);
    expect(back.t).toEqual([1.5, -2, 3]);
    expect(back.q[2]).toBeCloseTo(0.6, 7);
  });

  it('pack pairs and round-trip a result record with its u32 counts', () => {
    expect([...packPairs([{ a: 2, b: 5, kind: 1 }])]).toEqual([2, 5, 1, 0]);
    const buffer = new ArrayBuffer(3 * RESULT_WORDS * 4);
    writeResult(buffer, 2, { distance: -0.25, pointA: [1, 2, 3], pointB: [4, 5, 6], aInB: 17, bInA: 3, flags: 2 });
    expect(readResult(buffer, 2)).toEqual({ distance: -0.25, pointA: [1, 2, 3], pointB: [4, 5, 6], aInB: 17, bInA: 3, flags: 2 });
    expect(new Uint32Array(buffer)[2 * RESULT_WORDS + RESULT.aInB]).toBe(17);
    expect(readResult(buffer, 0).distance).toBe(0);
  });
});
