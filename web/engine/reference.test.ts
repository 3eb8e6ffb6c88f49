import { describe, expect, it } from 'vitest';
import { createReferenceEngine } from './reference.ts';
import { readPairResult, type PairResults, type PoseRequest } from './engine.ts';
import { neighbourPairs } from '../core/pairs.ts';
import { POSE_WORDS, RESULT_WORDS, readPose, readResult, unpackTooth, type PackedTeeth } from './layout.ts';
import { prepareTeeth } from './engine.ts';
import { contactPair, crownRow } from './fixtures/synthetic-crowns.ts';
import { bruteClosest, brutePair } from './fixtures/oracle.ts';
import { seededRandom, uniform } from '../core/random.ts';
import {
  applyPose, composePoses, interpolatePose, invertPose, identityPose, poseFromMovement, quatFromAxisAngle, stageFraction, type Pose, type Vec3,
} from '../core/pose.ts';

function expectPoseClose(a: Pose, b: Pose, tol: number): void {
  for (let k = 0; k < 3; k++) expect(Math.abs(a.t[k] - b.t[k])).toBeLessThan(tol);
  const d = Math.abs(a.q[0] * b.q[0] + a.q[1] * b.q[1] + a.q[2] * b.q[2] + a.q[3] * b.q[3]);
  expect(1 - d).toBeLessThan(tol);
}

describe('computePoses', () => {
  it('seed 51: every tooth at every stage, as the staging interpolation says', async () => {
    const inputs = crownRow(51, 4);
    const engine = createReferenceEngine();
    await engine.loadTeeth(inputs);
    const random = seededRandom(51);
    const teeth = inputs.slice(0, 3).map((t, i) => ({
      fdi: t.fdi,
      initial: i === 2 ? { t: [0.2, -0.1, 0.05] as Vec3, q: quatFromAxisAngle([1, 0, 0], 3) } : undefined,
      target: poseFromMovement(t.frame, {
        mesial: uniform(random, -2, 2), buccal: uniform(random, -2, 2), extrusion: uniform(random, -1, 1),
        tip: uniform(random, -15, 15), torque: uniform(random, -15, 15), rotation: uniform(random, -30, 30),
      }),
      start: i, active: 5 + i,
    }));
    const request: PoseRequest = { stageCount: 12, teeth };
    const poses = await engine.computePoses(request);
    expect(poses.length).toBe(12 * 4 * POSE_WORDS);
    for (let s = 0; s < 12; s++) {
      teeth.forEach((t, i) => {
        const expected = interpolatePose(t.initial ?? identityPose(), t.target, stageFraction(s, t.start, t.active), inputs[i].frame.origin);
        expectPoseClose(readPose(poses, 4, s, i), expected, 1e-5);
        expect(readPose(poses, 4, s, i).q[3]).toBeGreaterThanOrEqual(0);
      });
      // The tooth left out of the plan stays where it was scanned.
      expectPoseClose(readPose(poses, 4, s, 3), identityPose(), 1e-7);
    }
    // Before its start a tooth is at its initial pose, after start + active at its target.
    expectPoseClose(readPose(poses, 4, 0, 2), teeth[2].initial!, 1e-6);
    expectPoseClose(readPose(poses, 4, 11, 1), teeth[1].target, 1e-5);
  });
});

// Same computation as the oracle, stored in f32 records: agreement up to f32 rounding.
const F32_DISTANCE = 1e-6;
const F32_POINT = 1e-5;

/** Pair records of a query next to the brute-force oracle's, on the same packed teeth and poses. */
function oracleRecords(packed: PackedTeeth, poses: Float32Array, pairs: [number, number][], stages: number[], searchMm: number, sign: 'parity' | 'pseudo-normal') {
  const teeth = Array.from({ length: packed.toothCount }, (_, i) => unpackTooth(packed, i));
  return pairs.flatMap(([a, b]) => stages.map((s) =>
    brutePair(teeth[a], readPose(poses, packed.toothCount, s, a), teeth[b], readPose(poses, packed.toothCount, s, b), searchMm, sign)));
}

function expectAgree(results: PairResults, oracle: ReturnType<typeof oracleRecords>, distanceTol: number, pointTol: number): void {
  oracle.forEach((o, i) => {
    const r = readResult(results.buffer, i);
    expect(Math.abs(r.distance - o.distance)).toBeLessThan(distanceTol);
    expect([r.aInB, r.bInA, r.flags]).toEqual([o.aInB, o.bInA, o.flags]);
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(r.pointA[k] - o.pointA[k])).toBeLessThan(pointTol);
      expect(Math.abs(r.pointB[k] - o.pointB[k])).toBeLessThan(pointTol);
    }
  });
}

describe('pair query at designed gaps +0.5, +0.2, 0, -0.3, -1.0 mm', () => {
  // Tooth 31 slides 1.5 mm towards 32 over 15 stages: the gap is 0.5 - 0.1 s mm at stage s,
  // which passes through the five designed gaps at stages 0, 3, 5, 8 and 15.
  const inputs = contactPair(0.5);
  const plan: PoseRequest = { stageCount: 16, teeth: [{ fdi: 31, target: { t: [1.5, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 15 }] };
  const designed = (s: number) => 0.5 - 0.1 * s;

  it('signed distance within 1e-3 mm of the design and of the oracle (sign by ray parity); counts exact', async () => {
    const engine = createReferenceEngine();
    await engine.loadTeeth(inputs);
    const poses = await engine.computePoses(plan);
    const stages = Array.from({ length: 16 }, (_, s) => s);
    const results = await engine.queryPairs([{ a: 31, b: 32 }], { searchMm: 1 });
    for (const s of stages) {
      const r = readPairResult(results, 0, s);
      expect(Math.abs(r.distance - designed(s))).toBeLessThan(1e-3);
      expect(r.far).toBe(false);
      expect(r.overlap).toBe(designed(s) < -1e-6);
      expect(r.aInB > 0).toBe(designed(s) < -1e-6);
      expect(r.bInA > 0).toBe(designed(s) < -1e-6);
      // The contact is on the line of approach, at the rounded tooth's extreme vertex.
      expect(Math.abs(r.pointA[1]) + Math.abs(r.pointA[2]) + Math.abs(r.pointB[1]) + Math.abs(r.pointB[2])).toBeLessThan(1e-3);
    }
    const packed = prepareTeeth(inputs);
    expectAgree(results, oracleRecords(packed, poses, [[0, 1]], stages, 1, 'pseudo-normal'), F32_DISTANCE, F32_POINT);
    const named = [0, 3, 5, 8, 15];
    const subset = await engine.queryPairs([{ a: 31, b: 32 }], { searchMm: 1, stages: named });
    expectAgree(subset, oracleRecords(packed, poses, [[0, 1]], named, 1, 'parity'), 1e-3, 1e-3);
  });

  it('beyond the search distance the pair is far: +searchMm, no points, no counts', async () => {
    const engine = createReferenceEngine();
    await engine.loadTeeth(contactPair(1.3));
    await engine.computePoses({ stageCount: 1, teeth: [] });
    const r = readPairResult(await engine.queryPairs([{ a: 31, b: 32 }]), 0, 0);
    expect(r).toMatchObject({ distance: 1, far: true, overlap: false, aInB: 0, bInA: 0, pointA: [0, 0, 0] });
    const wide = readPairResult(await engine.queryPairs([{ a: 31, b: 32 }], { searchMm: 2 }), 0, 0);
    expect(wide.far).toBe(false);
    expect(Math.abs(wide.distance - 1.3)).toBeLessThan(1e-3);
  });

  it('is symmetric: B against A gives the same distance, points swapped and counts swapped', async () => {
    const engine = createReferenceEngine();
    await engine.loadTeeth(contactPair(-0.3));
    await engine.computePoses({ stageCount: 1, teeth: [] });
    const results = await engine.queryPairs([{ a: 31, b: 32 }, { a: 32, b: 31 }]);
    const [ab, ba] = [readPairResult(results, 0, 0), readPairResult(results, 1, 0)];
    expect(ba.distance).toBeCloseTo(ab.distance, 6);
    expect([ba.aInB, ba.bInA]).toEqual([ab.bInA, ab.aInB]);
  });
});

describe('pair query on seeded irregular crowns, moving and turning', () => {
  it('seed 61: agrees with every-vertex-every-triangle brute force at every stage (parity and pseudo-normal signs)', async () => {
    const inputs = crownRow(61, 4);
    const engine = createReferenceEngine();
    await engine.loadTeeth(inputs);
    const random = seededRandom(61);
    const teeth = inputs.map((t, i) => ({
      fdi: t.fdi,
      target: poseFromMovement(t.frame, {
        mesial: (i % 2 === 0 ? 1 : -1) * uniform(random, 0, 1.2), buccal: uniform(random, -0.5, 0.5), extrusion: uniform(random, -0.5, 0.5),
        tip: uniform(random, -10, 10), torque: uniform(random, -8, 8), rotation: uniform(random, -20, 20),
      }),
      start: 0, active: 5,
    }));
    const poses = await engine.computePoses({ stageCount: 6, teeth });
    const pairs = neighbourPairs(inputs.map((t) => t.fdi));
    const results = await engine.queryPairs(pairs, { searchMm: 1 });
    const packed = prepareTeeth(inputs);
    const idx = (f: number) => inputs.findIndex((t) => t.fdi === f);
    const pairIdx = pairs.map((p) => [idx(p.a), idx(p.b)] as [number, number]);
    const stages = [0, 1, 2, 3, 4, 5];
    expectAgree(results, oracleRecords(packed, poses, pairIdx, stages, 1, 'pseudo-normal'), F32_DISTANCE, F32_POINT);
    expectAgree(results, oracleRecords(packed, poses, pairIdx, stages, 1, 'parity'), 1e-3, 1e-3);
    // The fixture has to exercise overlaps, contacts and far pairs, or it proves little.
    const all = Array.from({ length: pairs.length * 6 }, (_, i) => readResult(results.buffer, i));
    expect(all.some((r) => r.distance < -0.05)).toBe(true);
    expect(all.some((r) => r.distance > 0.05 && r.distance < 1)).toBe(true);
  });

  it('seed 62: a subset of stages gives the same records as the full query', async () => {
    const inputs = crownRow(62, 3);
    const engine = createReferenceEngine();
    await engine.loadTeeth(inputs);
    await engine.computePoses({ stageCount: 5, teeth: [{ fdi: 42, target: poseFromMovement(inputs[1].frame, { mesial: 0.8, buccal: 0, extrusion: 0, tip: 5, torque: 0, rotation: 10 }), start: 1, active: 3 }] });
    const pairs = neighbourPairs([41, 42, 43]);
    const full = await engine.queryPairs(pairs);
    const some = await engine.queryPairs(pairs, { stages: [4, 1] });
    expect([...some.stages]).toEqual([4, 1]);
    for (let p = 0; p < pairs.length; p++) {
      expect(readResult(some.buffer, p * 2)).toEqual(readResult(full.buffer, p * 5 + 4));
      expect(readResult(some.buffer, p * 2 + 1)).toEqual(readResult(full.buffer, p * 5 + 1));
    }
  });
});

describe('incremental update', () => {
  it('seed 71: recomputes only the pairs of the moved tooth, and matches a full recomputation', async () => {
    const inputs = crownRow(71, 4);
    const engine = createReferenceEngine();
    await engine.loadTeeth(inputs);
    const staging = inputs.map((t) => ({ fdi: t.fdi, target: poseFromMovement(t.frame, { mesial: 0.3, buccal: 0, extrusion: 0, tip: 2, torque: 0, rotation: 4 }), start: 0, active: 4 }));
    await engine.computePoses({ stageCount: 5, teeth: staging });
    const pairs = neighbourPairs(inputs.map((t) => t.fdi));
    const before = await engine.queryPairs(pairs);
    const newTarget = poseFromMovement(inputs[1].frame, { mesial: 1.2, buccal: 0.4, extrusion: 0, tip: -6, torque: 3, rotation: -15 });
    const update = await engine.updateToothTarget(42, newTarget, { start: 1, active: 3 });
    expect(update.recomputedPairs).toEqual([1, 2]); // 41-42 is pair 2 in arch order 44-43, 43-42, 42-41
    expect(pairs[1].a === 42 || pairs[1].b === 42).toBe(true);
    // The untouched pair's records are byte for byte what they were.
    const untouched = new Uint8Array(before.buffer, 0, 5 * RESULT_WORDS * 4);
    expect(Buffer.compare(new Uint8Array(update.results!.buffer, 0, 5 * RESULT_WORDS * 4), untouched)).toBe(0);
    const fresh = createReferenceEngine();
    await fresh.loadTeeth(inputs);
    const freshPoses = await fresh.computePoses({ stageCount: 5, teeth: staging.map((s) => (s.fdi === 42 ? { ...s, target: newTarget, start: 1, active: 3 } : s)) });
    const freshResults = await fresh.queryPairs(pairs);
    expect(Buffer.compare(new Uint8Array(update.poses.buffer), new Uint8Array(freshPoses.buffer))).toBe(0);
    expect(Buffer.compare(new Uint8Array(update.results!.buffer), new Uint8Array(freshResults.buffer))).toBe(0);
    expect(Buffer.compare(new Uint8Array(update.results!.buffer), new Uint8Array(before.buffer))).not.toBe(0);
  });

  it('without a pair query it updates the poses only', async () => {
    const engine = createReferenceEngine();
    const inputs = contactPair(0.2);
    await engine.loadTeeth(inputs);
    await engine.computePoses({ stageCount: 3, teeth: [{ fdi: 31, target: identityPose(), start: 0, active: 2 }] });
    const update = await engine.updateToothTarget(31, { t: [0.3, 0, 0], q: [0, 0, 0, 1] });
    expect(update.results).toBeNull();
    expect(readPose(update.poses, 2, 2, 0).t[0]).toBeCloseTo(0.3, 6);
    expect(readPose(update.poses, 2, 1, 0).t[0]).toBeCloseTo(0.15, 6);
  });
});

describe('occlusion map', () => {
  it('seeds 81 and 82: per-vertex signed distance to the nearest antagonist, capped, as brute force finds it', async () => {
    const lower = crownRow(81, 3);
    // An "upper" row: the same crowns turned upside down and lifted so cusps meet with small overlaps and gaps.
    const flip: Pose = { t: [0.8, 0, 9.6], q: quatFromAxisAngle([1, 0, 0], 180) };
    const upper = crownRow(82, 3).map((t, i) => {
      const p = new Float32Array(t.solid.positions.length);
      for (let v = 0; v < p.length; v += 3) p.set(applyPose(flip, [t.solid.positions[v], t.solid.positions[v + 1], t.solid.positions[v + 2]]), v);
      const indices = t.solid.indices.slice();
      const frame = { origin: applyPose(flip, t.frame.origin), mesial: [1, 0, 0] as Vec3, buccal: [0, 1, 0] as Vec3, occlusal: [0, 0, -1] as Vec3 };
      return { fdi: 11 + i, solid: { positions: p, indices }, frame, crownVertexCount: t.crownVertexCount };
    });
    const inputs = [...upper, ...lower];
    const engine = createReferenceEngine();
    await engine.loadTeeth(inputs);
    const poses = await engine.computePoses({ stageCount: 2, teeth: [{ fdi: 12, target: { t: [0, 0, -0.4], q: [0, 0, 0, 1] }, start: 0, active: 1 }] });
    const map = await engine.occlusionMap({ teeth: [11, 12, 13], antagonists: [41, 42, 43], stage: 1, searchMm: 1.5 });
    expect(map.teeth.map((t) => t.fdi)).toEqual([11, 12, 13]);
    const packed = prepareTeeth(inputs);
    const teeth = inputs.map((_, i) => unpackTooth(packed, i));
    const model = (i: number) => composePoses(readPose(poses, 6, 1, i), teeth[i].body);
    let inside = 0, near = 0;
    map.teeth.forEach((t, k) => {
      expect(t.offset).toBe(k === 0 ? 0 : map.teeth[k - 1].offset + map.teeth[k - 1].vertexCount);
      const p = teeth[k].bvh.positions;
      for (let v = 0; v < t.vertexCount; v += 3) {
        const world = applyPose(model(k), [p[v * 3], p[v * 3 + 1], p[v * 3 + 2]]);
        let best = 1.5;
        for (const a of [3, 4, 5]) best = Math.min(best, bruteClosest(teeth[a].bvh, applyPose(invertPose(model(a)), world)).distance);
        expect(Math.abs(map.distances[t.offset + v] - best)).toBeLessThan(1e-5);
        if (best < 0) inside++;
        else if (best < 1.5) near++;
      }
    });
    expect(inside).toBeGreaterThan(0);
    expect(near).toBeGreaterThan(0);
  });
});
