// The WASM backend against the reference on the same fixtures: poses within 1e-5, distances
// and contact points within 1e-3 mm, counts and flags exact. Needs engine-asm/build/release.wasm
// (`npm run asbuild`); the test builds nothing itself.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmEngine, type WasmEngine } from './wasm.ts';
import { createReferenceEngine } from './reference.ts';
import { EngineInputError, type Engine, type PairResults, type PoseRequest, type ToothInput, type ToothPair } from './engine.ts';
import { antagonistPairs, neighbourPairs } from '../core/pairs.ts';
import { readResult } from './layout.ts';
import { contactPair, crownRow } from './fixtures/synthetic-crowns.ts';
import { realUpperInputs } from './fixtures/real-crowns.ts';
import { seededRandom, uniform } from '../core/random.ts';
import { applyPose, poseFromMovement, quatFromAxisAngle, type Pose, type Vec3 } from '../core/pose.ts';

const WASM = fileURLToPath(new URL('../../engine-asm/build/release.wasm', import.meta.url));

beforeAll(() => {
  if (!existsSync(WASM)) throw new Error(`${WASM} is missing: run \`npm run asbuild\` before the tests`);
});

const POSE_TOL = 1e-5;
const DISTANCE_TOL = 1e-3;
const POINT_TOL = 1e-3;

/** Both backends on the same teeth and plan. */
async function bothLoaded(inputs: ToothInput[], plan: PoseRequest): Promise<{ ref: Engine; wasm: Engine; refPoses: Float32Array; wasmPoses: Float32Array }> {
  const ref = createReferenceEngine();
  const wasm = await createWasmEngine();
  await ref.loadTeeth(inputs);
  await wasm.loadTeeth(inputs);
  return { ref, wasm, refPoses: await ref.computePoses(plan), wasmPoses: await wasm.computePoses(plan) };
}

function expectPosesClose(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThan(POSE_TOL);
}

/** Record by record; returns how many were far, overlapping and in contact, so tests can check their fixture exercises each. */
function expectSameResults(wasm: PairResults, ref: PairResults): { far: number; overlap: number; near: number } {
  expect([...wasm.stages]).toEqual([...ref.stages]);
  expect(wasm.searchMm).toBe(ref.searchMm);
  expect(wasm.buffer.byteLength).toBe(ref.buffer.byteLength);
  const tally = { far: 0, overlap: 0, near: 0 };
  for (let p = 0; p < ref.pairs.length; p++) {
    for (let k = 0; k < ref.stages.length; k++) {
      const i = p * ref.stages.length + k;
      const [w, r] = [readResult(wasm.buffer, i), readResult(ref.buffer, i)];
      const where = `pair ${ref.pairs[p].a}-${ref.pairs[p].b} stage ${ref.stages[k]}`;
      expect(Math.abs(w.distance - r.distance), where).toBeLessThan(DISTANCE_TOL);
      expect([w.aInB, w.bInA, w.flags], where).toEqual([r.aInB, r.bInA, r.flags]);
      for (let c = 0; c < 3; c++) {
        expect(Math.abs(w.pointA[c] - r.pointA[c]), where).toBeLessThan(POINT_TOL);
        expect(Math.abs(w.pointB[c] - r.pointB[c]), where).toBeLessThan(POINT_TOL);
      }
      if (r.flags & 1) tally.far++;
      else if (r.flags & 2) tally.overlap++;
      else tally.near++;
    }
  }
  return tally;
}

describe('wasm engine: loading', () => {
  it('loads from the given bytes as well as from the built file', async () => {
    const engine = await createWasmEngine({ wasmBytes: readFileSync(WASM) });
    expect(engine.backend).toBe('wasm');
    const loaded = await engine.loadTeeth(contactPair(0.2));
    expect(loaded.fdis).toEqual([31, 32]);
    expect(loaded).toEqual(await createReferenceEngine().loadTeeth(contactPair(0.2)));
    engine.dispose();
  });
});

describe('wasm engine: poses', () => {
  it('seed 91: a plan of 6 teeth over 40 stages matches the reference within 1e-5', async () => {
    const inputs = crownRow(91, 7);
    const random = seededRandom(91);
    const teeth = inputs.slice(0, 6).map((t, i) => ({
      fdi: t.fdi,
      initial: i === 4 ? { t: [0.3, -0.2, 0.1] as Vec3, q: quatFromAxisAngle([0, 1, 1], 4) } : undefined,
      target: poseFromMovement(t.frame, {
        mesial: uniform(random, -3, 3), buccal: uniform(random, -2, 2), extrusion: uniform(random, -1, 1),
        tip: uniform(random, -20, 20), torque: uniform(random, -20, 20), rotation: uniform(random, -170, 170),
      }),
      start: i * 2, active: i === 5 ? 0 : 10 + 4 * i,
    }));
    const { refPoses, wasmPoses } = await bothLoaded(inputs, { stageCount: 40, teeth });
    expectPosesClose(wasmPoses, refPoses);
  });
});

describe('wasm engine: pair queries against the reference', () => {
  for (const gap of [0.5, 0.2, 0, -0.3, -1.0]) {
    it(`contact pair at ${gap} mm: same record, both orders`, async () => {
      const { ref, wasm } = await bothLoaded(contactPair(gap), { stageCount: 1, teeth: [] });
      const pairs: ToothPair[] = [{ a: 31, b: 32 }, { a: 32, b: 31 }];
      const tally = expectSameResults(await wasm.queryPairs(pairs), await ref.queryPairs(pairs));
      expect(tally.far).toBe(0);
      expect(tally.overlap).toBe(gap < 0 ? 2 : 0);
    });
  }

  it('contact pair sliding through every designed gap over 16 stages, at two search distances', async () => {
    const plan: PoseRequest = { stageCount: 16, teeth: [{ fdi: 31, target: { t: [1.5, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 15 }] };
    const { ref, wasm, refPoses, wasmPoses } = await bothLoaded(contactPair(0.5), plan);
    expectPosesClose(wasmPoses, refPoses);
    for (const searchMm of [1, 0.3]) {
      const pairs: ToothPair[] = [{ a: 31, b: 32 }];
      expectSameResults(await wasm.queryPairs(pairs, { searchMm }), await ref.queryPairs(pairs, { searchMm }));
    }
  });

  for (const seed of [61, 63, 64]) {
    it(`seed ${seed}: a row of irregular crowns with random moves, every pair of teeth, 6 stages`, async () => {
      const inputs = crownRow(seed, 5);
      const random = seededRandom(seed);
      const teeth = inputs.map((t, i) => ({
        fdi: t.fdi,
        target: poseFromMovement(t.frame, {
          mesial: (i % 2 === 0 ? 1 : -1) * uniform(random, 0, 1.5), buccal: uniform(random, -0.6, 0.6), extrusion: uniform(random, -0.6, 0.6),
          tip: uniform(random, -10, 10), torque: uniform(random, -8, 8), rotation: uniform(random, -25, 25),
        }),
        start: Math.floor(uniform(random, 0, 2)), active: 4,
      }));
      const { ref, wasm, refPoses, wasmPoses } = await bothLoaded(inputs, { stageCount: 6, teeth });
      expectPosesClose(wasmPoses, refPoses);
      const fdis = inputs.map((t) => t.fdi);
      const pairs: ToothPair[] = fdis.flatMap((a, i) => fdis.slice(i + 1).map((b) => ({ a, b, kind: 'other' as const })));
      const tally = expectSameResults(await wasm.queryPairs(pairs), await ref.queryPairs(pairs));
      // The fixture has to reach overlaps, near contacts and far pairs, or it proves little.
      expect(tally.overlap).toBeGreaterThan(0);
      expect(tally.near).toBeGreaterThan(0);
      expect(tally.far).toBeGreaterThan(0);
      const wide = neighbourPairs(fdis);
      expectSameResults(await wasm.queryPairs(wide, { searchMm: 2.5, stages: [5, 0, 3] }), await ref.queryPairs(wide, { searchMm: 2.5, stages: [5, 0, 3] }));
    });
  }

  it('real upper crowns: every neighbour pair at the scan position', async () => {
    const inputs = realUpperInputs();
    const { ref, wasm } = await bothLoaded(inputs, { stageCount: 1, teeth: [] });
    const pairs = neighbourPairs(inputs.map((t) => t.fdi));
    const tally = expectSameResults(await wasm.queryPairs(pairs), await ref.queryPairs(pairs));
    expect(tally.far).toBe(0);
  });

  it('seed 95: real upper crowns with teeth moved towards and past each other over 4 stages', async () => {
    const fdis = [13, 12, 11, 21, 22];
    const inputs = realUpperInputs(fdis);
    const random = seededRandom(95);
    const teeth = inputs.map((t, i) => ({
      fdi: t.fdi,
      target: poseFromMovement(t.frame, {
        mesial: (i % 2 === 0 ? 1 : -1) * uniform(random, 0.2, 0.8), buccal: uniform(random, -0.5, 0.5), extrusion: uniform(random, -0.3, 0.3),
        tip: uniform(random, -4, 4), torque: uniform(random, -4, 4), rotation: uniform(random, -8, 8),
      }),
      start: 0, active: 3,
    }));
    const { ref, wasm, refPoses, wasmPoses } = await bothLoaded(inputs, { stageCount: 4, teeth });
    expectPosesClose(wasmPoses, refPoses);
    const pairs = neighbourPairs(fdis);
    const tally = expectSameResults(await wasm.queryPairs(pairs), await ref.queryPairs(pairs));
    expect(tally.overlap).toBeGreaterThan(0);
  });
});

/** Three lower crowns and three upper ones (the same kind, flipped and lifted) whose cusps meet. */
function occludingRows(): ToothInput[] {
  const lower = crownRow(81, 3);
  const flip: Pose = { t: [0.8, 0, 9.6], q: quatFromAxisAngle([1, 0, 0], 180) };
  const upper = crownRow(82, 3).map((t, i) => {
    const p = new Float32Array(t.solid.positions.length);
    for (let v = 0; v < p.length; v += 3) p.set(applyPose(flip, [t.solid.positions[v], t.solid.positions[v + 1], t.solid.positions[v + 2]]), v);
    const frame = { origin: applyPose(flip, t.frame.origin), mesial: [1, 0, 0] as Vec3, buccal: [0, 1, 0] as Vec3, occlusal: [0, 0, -1] as Vec3 };
    return { fdi: 11 + i, solid: { positions: p, indices: t.solid.indices.slice() }, frame, crownVertexCount: t.crownVertexCount };
  });
  return [...upper, ...lower];
}

describe('wasm engine: occlusion map and antagonists', () => {
  it('seeds 81 and 82: per-vertex distances and antagonist pairs match the reference', async () => {
    const inputs = occludingRows();
    const plan: PoseRequest = { stageCount: 3, teeth: [{ fdi: 12, target: { t: [0, 0, -0.4], q: [0, 0, 0, 1] }, start: 0, active: 2 }] };
    const { ref, wasm } = await bothLoaded(inputs, plan);
    let inside = 0, near = 0;
    for (const [stage, searchMm] of [[0, 1], [2, 1.5], [1, 0.5]]) {
      const request = { teeth: [11, 12, 13], antagonists: [41, 42, 43], stage, searchMm };
      const [w, r] = [await wasm.occlusionMap(request), await ref.occlusionMap(request)];
      expect(w.teeth).toEqual(r.teeth);
      expect(w.distances.length).toBe(r.distances.length);
      let worst = 0;
      for (let i = 0; i < r.distances.length; i++) {
        worst = Math.max(worst, Math.abs(w.distances[i] - r.distances[i]));
        if (r.distances[i] < 0) inside++;
        else if (r.distances[i] < searchMm) near++;
      }
      expect(worst).toBeLessThan(1e-5);
    }
    expect(inside).toBeGreaterThan(0);
    expect(near).toBeGreaterThan(0);
    const pairs = antagonistPairs([11, 12, 13], [41, 42, 43]);
    expectSameResults(await wasm.queryPairs(pairs), await ref.queryPairs(pairs));
  });
});

describe('wasm engine: incremental update', () => {
  it('seed 71: recomputes only the moved tooth\'s pairs and equals a fresh run', async () => {
    const inputs = crownRow(71, 4);
    const staging = inputs.map((t) => ({ fdi: t.fdi, target: poseFromMovement(t.frame, { mesial: 0.3, buccal: 0, extrusion: 0, tip: 2, torque: 0, rotation: 4 }), start: 0, active: 4 }));
    const { ref, wasm } = await bothLoaded(inputs, { stageCount: 5, teeth: staging });
    const pairs = neighbourPairs(inputs.map((t) => t.fdi));
    const before = await wasm.queryPairs(pairs);
    await ref.queryPairs(pairs);
    const newTarget = poseFromMovement(inputs[1].frame, { mesial: 1.2, buccal: 0.4, extrusion: 0, tip: -6, torque: 3, rotation: -15 });
    const update = await wasm.updateToothTarget(42, newTarget, { start: 1, active: 3 });
    const refUpdate = await ref.updateToothTarget(42, newTarget, { start: 1, active: 3 });
    expect(update.recomputedPairs).toEqual(refUpdate.recomputedPairs);
    expect(update.recomputedPairs).toEqual([1, 2]);
    // The untouched pair's records are byte for byte what they were.
    const bytes = 5 * 48;
    expect(Buffer.compare(new Uint8Array(update.results!.buffer, 0, bytes), new Uint8Array(before.buffer, 0, bytes))).toBe(0);
    expect(Buffer.compare(new Uint8Array(update.results!.buffer), new Uint8Array(before.buffer))).not.toBe(0);
    expectPosesClose(update.poses, refUpdate.poses);
    expectSameResults(update.results!, refUpdate.results!);
    const fresh = await createWasmEngine();
    await fresh.loadTeeth(inputs);
    const freshPoses = await fresh.computePoses({ stageCount: 5, teeth: staging.map((s) => (s.fdi === 42 ? { ...s, target: newTarget, start: 1, active: 3 } : s)) });
    const freshResults = await fresh.queryPairs(pairs);
    expect(Buffer.compare(new Uint8Array(update.poses.buffer), new Uint8Array(freshPoses.buffer))).toBe(0);
    expect(Buffer.compare(new Uint8Array(update.results!.buffer), new Uint8Array(freshResults.buffer))).toBe(0);
  });

  it('without a pair query it updates the poses only, as the reference does', async () => {
    const { ref, wasm } = await bothLoaded(contactPair(0.2), { stageCount: 3, teeth: [{ fdi: 31, target: { t: [0, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 2 }] });
    const target: Pose = { t: [0.3, 0, 0], q: [0, 0, 0, 1] };
    const [w, r] = [await wasm.updateToothTarget(31, target), await ref.updateToothTarget(31, target)];
    expect(w.results).toBeNull();
    expect(w.recomputedPairs).toEqual([]);
    expectPosesClose(w.poses, r.poses);
  });
});

/** The error each engine throws for the same call: same class, same message (up to the backend's name). */
async function failure(engine: Engine, call: (e: Engine) => Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call(engine);
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message.replace(engine.backend, 'ENGINE') };
  }
  throw new Error(`${engine.backend}: the call did not fail`);
}

describe('wasm engine: bad input fails as in the reference', () => {
  const nan: Pose = { t: [Number.NaN, 0, 0], q: [0, 0, 0, 1] };
  const calls: [string, (e: Engine) => Promise<unknown>][] = [
    ['poses before any teeth', (e) => e.computePoses({ stageCount: 2, teeth: [] })],
    ['a NaN target pose', async (e) => { await e.loadTeeth(contactPair(0.2)); await e.computePoses({ stageCount: 2, teeth: [{ fdi: 31, target: nan, start: 0, active: 1 }] }); }],
    ['a plan staging an unknown tooth', async (e) => { await e.loadTeeth(contactPair(0.2)); await e.computePoses({ stageCount: 2, teeth: [{ fdi: 11, target: { t: [0, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 1 }] }); }],
    ['a pair naming an unknown tooth', async (e) => { await e.loadTeeth(contactPair(0.2)); await e.computePoses({ stageCount: 2, teeth: [] }); await e.queryPairs([{ a: 31, b: 47 }]); }],
    ['pairs before poses', async (e) => { await e.loadTeeth(contactPair(0.2)); await e.queryPairs([{ a: 31, b: 32 }]); }],
    ['a negative search distance', async (e) => { await e.loadTeeth(contactPair(0.2)); await e.computePoses({ stageCount: 2, teeth: [] }); await e.queryPairs([{ a: 31, b: 32 }], { searchMm: -1 }); }],
    ['a stage beyond the plan', async (e) => { await e.loadTeeth(contactPair(0.2)); await e.computePoses({ stageCount: 2, teeth: [] }); await e.queryPairs([{ a: 31, b: 32 }], { stages: [2] }); }],
    ['an occlusion map of an unknown tooth', async (e) => { await e.loadTeeth(contactPair(0.2)); await e.computePoses({ stageCount: 2, teeth: [] }); await e.occlusionMap({ teeth: [31], antagonists: [18], stage: 0 }); }],
    ['a NaN update', async (e) => { await e.loadTeeth(contactPair(0.2)); await e.computePoses({ stageCount: 2, teeth: [] }); await e.updateToothTarget(31, nan); }],
    ['an update of an unknown tooth', async (e) => { await e.loadTeeth(contactPair(0.2)); await e.computePoses({ stageCount: 2, teeth: [] }); await e.updateToothTarget(18, { t: [0, 0, 0], q: [0, 0, 0, 1] }); }],
    ['a tooth loaded twice', (e) => e.loadTeeth([...contactPair(0.2), contactPair(0.2)[0]])],
    ['a disposed engine', async (e) => { await e.loadTeeth(contactPair(0.2)); e.dispose(); await e.computePoses({ stageCount: 1, teeth: [] }); }],
  ];
  for (const [what, call] of calls) {
    it(what, async () => {
      const [w, r] = [await failure(await createWasmEngine(), call), await failure(createReferenceEngine(), call)];
      expect(w).toEqual(r);
      if (what !== 'a disposed engine') expect(w.name).toBe(EngineInputError.name);
    });
  }

  it('a failed call leaves the engine usable, with its plan and last query', async () => {
    const { ref, wasm } = await bothLoaded(contactPair(-0.3), { stageCount: 2, teeth: [] });
    const pairs: ToothPair[] = [{ a: 31, b: 32 }];
    await wasm.queryPairs(pairs);
    await ref.queryPairs(pairs);
    await expect(wasm.queryPairs([{ a: 31, b: 99 }])).rejects.toThrow(EngineInputError);
    await expect(wasm.loadTeeth([...contactPair(0.2), contactPair(0.2)[0]])).rejects.toThrow(EngineInputError);
    const [w, r] = [await wasm.updateToothTarget(31, { t: [0.1, 0, 0], q: [0, 0, 0, 1] }), await ref.updateToothTarget(31, { t: [0.1, 0, 0], q: [0, 0, 0, 1] })];
    expect(w.recomputedPairs).toEqual([0]);
    expectSameResults(w.results!, r.results!);
  });
});

describe('wasm engine: memory', () => {
  it('does not grow over 50 load, plan, query and dispose cycles', async () => {
    const inputs = crownRow(97, 3);
    const pairs = neighbourPairs(inputs.map((t) => t.fdi));
    const engine = (await createWasmEngine()) as WasmEngine;
    const sizes: number[] = [];
    for (let cycle = 0; cycle < 50; cycle++) {
      await engine.loadTeeth(inputs);
      await engine.computePoses({ stageCount: 3, teeth: [{ fdi: 42, target: { t: [0.5, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 2 }] });
      await engine.queryPairs(pairs);
      await engine.occlusionMap({ teeth: [41], antagonists: [42], stage: 2 });
      await expect(engine.queryPairs([{ a: 41, b: 12 }])).rejects.toThrow(EngineInputError);
      sizes.push(engine.memoryBytes);
    }
    expect(sizes[49]).toBe(sizes[1]);
    engine.dispose();
    expect(engine.memoryBytes).toBe(0);
    // Engines made and disposed one after another each give their memory back.
    for (let cycle = 0; cycle < 50; cycle++) {
      const e = (await createWasmEngine()) as WasmEngine;
      await e.loadTeeth(inputs);
      expect(e.memoryBytes).toBe(sizes[1]);
      e.dispose();
      expect(e.memoryBytes).toBe(0);
    }
  });
});
