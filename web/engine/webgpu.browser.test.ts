// The WebGPU backend against the reference on the same fixtures, in headless Chromium's
// software adapter: poses within 1e-5, distances and contact points within 1e-3 mm, counts
// and flags exact. Workloads are kept small: SwiftShader runs the kernels on the CPU.
import { expect } from 'chai';
import { createWebGpuEngine, WebGpuDeviceLostError, WebGpuUnavailableError } from './webgpu.ts';
import { createReferenceEngine } from './reference.ts';
import { EngineInputError, type Engine, type PairResults, type PoseRequest, type ToothInput, type ToothPair } from './engine.ts';
import { neighbourPairs } from '../core/pairs.ts';
import { POSE_WORDS, RESULT_WORDS, readResult } from './layout.ts';
import { contactPair, crownRow } from './fixtures/synthetic-crowns.ts';
import { parseLabelledScan } from './fixtures/scan-files.ts';
import { teethFromArch } from './fixtures/arch-teeth.ts';
import { expectClose, withGpu } from './fixtures/gpu-harness.ts';
import { compileKernel, kernelFiles } from './webgpu/kernels.ts';
import { seededRandom, uniform } from '../core/random.ts';
import { applyPose, poseFromMovement, quatFromAxisAngle, type Pose, type Vec3 } from '../core/pose.ts';

const POSE_TOL = 1e-5;
const DISTANCE_TOL = 1e-3;
const POINT_TOL = 1e-3;
/**
 * Below this |distance| the teeth touch: crowns cut from one scan share their contact
 * vertices, which all lie within f32 rounding (~1e-6 mm) of the other surface, so which of
 * them wins is rounding noise in the reference (f64 over f32 data) and on the GPU (f32)
 * alike. There the contact points are checked to lie on the contact instead.
 */
const TOUCH_MM = 1e-5;

/** Both engines on the same teeth. */
async function pairOfEngines(device: GPUDevice, teeth: ToothInput[]): Promise<{ gpu: Engine; ref: Engine }> {
  const gpu = await createWebGpuEngine({ device });
  const ref = createReferenceEngine();
  await gpu.loadTeeth(teeth);
  await ref.loadTeeth(teeth);
  return { gpu, ref };
}

function expectPosesAgree(gpu: Float32Array, ref: Float32Array): void {
  expectClose(gpu, ref, POSE_TOL, 'poses');
}

function expectResultsAgree(gpu: PairResults, ref: PairResults, what: string): void {
  expect([...gpu.stages], `${what}: stages`).to.deep.equal([...ref.stages]);
  expect(gpu.buffer.byteLength, `${what}: records`).to.equal(ref.buffer.byteLength);
  const n = ref.buffer.byteLength / (RESULT_WORDS * 4);
  for (let i = 0; i < n; i++) {
    const [g, r] = [readResult(gpu.buffer, i), readResult(ref.buffer, i)];
    const at = `${what}: record ${i} (pair ${Math.floor(i / ref.stages.length)}, stage ${ref.stages[i % ref.stages.length]})`;
    expect(Math.abs(g.distance - r.distance), `${at}: distance ${g.distance} vs ${r.distance}`).to.be.lessThan(DISTANCE_TOL);
    expect([g.aInB, g.bInA, g.flags], `${at}: counts and flags`).to.deep.equal([r.aInB, r.bInA, r.flags]);
    if (Math.abs(r.distance) < TOUCH_MM) {
      expect(Math.abs(g.distance), `${at}: a touch`).to.be.lessThan(TOUCH_MM);
      expectClose(g.pointA, g.pointB, POINT_TOL, `${at}: touching points`);
    } else {
      expectClose(g.pointA, r.pointA, POINT_TOL, `${at}: pointA`);
      expectClose(g.pointB, r.pointB, POINT_TOL, `${at}: pointB`);
    }
  }
}

/** Runs the same plan and pair query on both engines and compares everything. */
async function compareQuery(gpu: Engine, ref: Engine, plan: PoseRequest, pairs: ToothPair[], what: string): Promise<{ g: PairResults; r: PairResults }> {
  expectPosesAgree(await gpu.computePoses(plan), await ref.computePoses(plan));
  const [g, r] = [await gpu.queryPairs(pairs), await ref.queryPairs(pairs)];
  expectResultsAgree(g, r, what);
  return { g, r };
}

describe('webgpu engine against the reference', () => {
  it('contact pair at designed gaps +0.5, +0.2, 0, -0.3, -1.0 mm, static and sliding over 15 stages', async () => {
    await withGpu(async ({ device }) => {
      for (const gap of [0.5, 0.2, 0, -0.3, -1.0]) {
        const { gpu, ref } = await pairOfEngines(device, contactPair(gap));
        const { r } = await compareQuery(gpu, ref, { stageCount: 1, teeth: [] }, [{ a: 31, b: 32 }, { a: 32, b: 31 }], `gap ${gap}`);
        expect(Math.abs(readResult(r.buffer, 0).distance - gap)).to.be.lessThan(1e-3);
        gpu.dispose();
      }
      // Beyond the search distance: FAR, +searchMm, no points, no counts.
      const apart = await pairOfEngines(device, contactPair(1.3));
      const { r: far } = await compareQuery(apart.gpu, apart.ref, { stageCount: 1, teeth: [] }, [{ a: 31, b: 32 }], 'gap 1.3');
      expect(readResult(far.buffer, 0)).to.deep.equal({ distance: 1, pointA: [0, 0, 0], pointB: [0, 0, 0], aInB: 0, bInA: 0, flags: 1 });
      expect(Math.abs(readResult((await apart.gpu.queryPairs([{ a: 31, b: 32 }], { searchMm: 2 })).buffer, 0).distance - 1.3)).to.be.lessThan(1e-3);
      apart.gpu.dispose();
      // Zero-area triangles (a repeated corner, three points of the face) on the contact face:
      // zero face normals and empty edges must not change the answer in either backend.
      const sliver = contactPair(-0.3);
      const p = sliver[1].solid.positions;
      const onFace = Array.from({ length: p.length / 3 }, (_, v) => v).filter((v) => Math.abs(p[v * 3] - 3.7) < 1e-5).slice(0, 3);
      expect(onFace.length).to.equal(3);
      sliver[1].solid = { positions: p, indices: Uint32Array.from([...sliver[1].solid.indices, onFace[0], onFace[0], onFace[1], onFace[0], onFace[1], onFace[2]]) };
      const slivers = await pairOfEngines(device, sliver);
      await compareQuery(slivers.gpu, slivers.ref, { stageCount: 1, teeth: [] }, [{ a: 31, b: 32 }, { a: 32, b: 31 }], 'degenerate triangles');
      slivers.gpu.dispose();
      // Tooth 31 slides 1.5 mm towards 32: the gap passes +0.5, +0.2, 0, -0.3, -1.0 at stages 0, 3, 5, 8, 15.
      const { gpu, ref } = await pairOfEngines(device, contactPair(0.5));
      const plan: PoseRequest = { stageCount: 16, teeth: [{ fdi: 31, target: { t: [1.5, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 15 }] };
      const { r } = await compareQuery(gpu, ref, plan, [{ a: 31, b: 32 }], 'sliding');
      const overlaps = Array.from({ length: 16 }, (_, s) => readResult(r.buffer, s).flags);
      expect(overlaps.filter((f) => f === 2).length).to.be.greaterThan(5);
      gpu.dispose();
    });
  });

  it('poses of 4 seeded teeth (seed 51) over 40 stages, with initial poses and staggered starts', async () => {
    await withGpu(async ({ device }) => {
      const inputs = crownRow(51, 4);
      const { gpu, ref } = await pairOfEngines(device, inputs);
      const random = seededRandom(51);
      const teeth = inputs.map((t, i) => ({
        fdi: t.fdi,
        initial: i % 2 === 1 ? { t: [0.2, -0.1, 0.05] as Vec3, q: quatFromAxisAngle([1, 0.2, 0], 4) } : undefined,
        target: poseFromMovement(t.frame, {
          mesial: uniform(random, -2, 2), buccal: uniform(random, -2, 2), extrusion: uniform(random, -1, 1),
          tip: uniform(random, -15, 15), torque: uniform(random, -15, 15), rotation: uniform(random, -40, 40),
        }),
        start: i * 3, active: i === 3 ? 0 : 10 + 7 * i,
      }));
      const plan = { stageCount: 40, teeth };
      const poses = await gpu.computePoses(plan);
      expect(poses.length).to.equal(40 * 4 * POSE_WORDS);
      expectPosesAgree(poses, await ref.computePoses(plan));
      gpu.dispose();
    });
  });

  it('seed 61: four irregular crowns moving and turning over 6 stages, both orders of each pair, and a stage subset', async () => {
    await withGpu(async ({ device }) => {
      const inputs = crownRow(61, 4);
      const { gpu, ref } = await pairOfEngines(device, inputs);
      const random = seededRandom(61);
      const teeth = inputs.map((t, i) => ({
        fdi: t.fdi,
        target: poseFromMovement(t.frame, {
          mesial: (i % 2 === 0 ? 1 : -1) * uniform(random, 0, 1.2), buccal: uniform(random, -0.5, 0.5), extrusion: uniform(random, -0.5, 0.5),
          tip: uniform(random, -10, 10), torque: uniform(random, -8, 8), rotation: uniform(random, -20, 20),
        }),
        start: 0, active: 5,
      }));
      const pairs = neighbourPairs(inputs.map((t) => t.fdi));
      const both = [...pairs, ...pairs.map((p) => ({ a: p.b, b: p.a }))];
      const { r } = await compareQuery(gpu, ref, { stageCount: 6, teeth }, both, 'seed 61');
      const records = Array.from({ length: both.length * 6 }, (_, i) => readResult(r.buffer, i));
      expect(records.some((x) => x.distance < -0.05), 'the fixture overlaps somewhere').to.equal(true);
      expect(records.some((x) => x.distance > 0.05 && x.distance < 1), 'the fixture has near gaps').to.equal(true);
      const [g, s] = [await gpu.queryPairs(pairs, { stages: [5, 2], searchMm: 0.4 }), await ref.queryPairs(pairs, { stages: [5, 2], searchMm: 0.4 })];
      expectResultsAgree(g, s, 'seed 61 subset');
      gpu.dispose();
    });
  });

  it('real crowns 11 12 13 21 22 of upper-arch-01: scan position and 12 moved 0.5 mm mesially, 21 turned', async () => {
    const [obj, labels] = await Promise.all(['upper.obj', 'upper.json'].map(async (f) => {
      const res = await fetch(`/__shared__/data/scans/upper-arch-01/${f}`);
      if (!res.ok) throw new Error(`fetching ${f}: ${res.status}`);
      return res.text();
    }));
    const all = teethFromArch(parseLabelledScan(obj, labels), 'upper');
    const chosen = [11, 12, 13, 21, 22].map((f) => all.find((t) => t.crown.fdi === f)!);
    await withGpu(async ({ device }) => {
      const { gpu, ref } = await pairOfEngines(device, chosen.map((t) => t.input));
      const frame = (f: number) => chosen.find((t) => t.crown.fdi === f)!.frame;
      const plan: PoseRequest = {
        stageCount: 3,
        teeth: [
          { fdi: 12, target: poseFromMovement(frame(12), { mesial: 0.5, buccal: 0, extrusion: 0, tip: 0, torque: 0, rotation: 0 }), start: 0, active: 2 },
          { fdi: 21, target: poseFromMovement(frame(21), { mesial: 0.2, buccal: 0.1, extrusion: 0, tip: 3, torque: 0, rotation: 6 }), start: 1, active: 1 },
        ],
      };
      const pairs = neighbourPairs([11, 12, 13, 21, 22]);
      const { r } = await compareQuery(gpu, ref, plan, pairs, 'real crowns');
      const records = Array.from({ length: pairs.length * 3 }, (_, i) => readResult(r.buffer, i));
      expect(records.every((x) => x.flags !== 1), 'neighbours are never far').to.equal(true);
      gpu.dispose();
    });
  });

  it('seeds 81 and 82: occlusion map of three upper crowns against three lower ones', async () => {
    const lower = crownRow(81, 3);
    const flip: Pose = { t: [0.8, 0, 9.6], q: quatFromAxisAngle([1, 0, 0], 180) };
    const upper = crownRow(82, 3).map((t, i): ToothInput => {
      const p = new Float32Array(t.solid.positions.length);
      for (let v = 0; v < p.length; v += 3) p.set(applyPose(flip, [t.solid.positions[v], t.solid.positions[v + 1], t.solid.positions[v + 2]]), v);
      const frame = { origin: applyPose(flip, t.frame.origin), mesial: [1, 0, 0] as Vec3, buccal: [0, 1, 0] as Vec3, occlusal: [0, 0, -1] as Vec3 };
      return { fdi: 11 + i, solid: { positions: p, indices: t.solid.indices.slice() }, frame, crownVertexCount: t.crownVertexCount };
    });
    await withGpu(async ({ device }) => {
      const { gpu, ref } = await pairOfEngines(device, [...upper, ...lower]);
      const plan = { stageCount: 2, teeth: [{ fdi: 12, target: { t: [0, 0, -0.4] as Vec3, q: [0, 0, 0, 1] as Pose['q'] }, start: 0, active: 1 }] };
      expectPosesAgree(await gpu.computePoses(plan), await ref.computePoses(plan));
      const request = { teeth: [11, 12, 13], antagonists: [41, 42, 43], stage: 1, searchMm: 1.5 };
      const [g, r] = [await gpu.occlusionMap(request), await ref.occlusionMap(request)];
      expect(g.teeth).to.deep.equal(r.teeth);
      expect([g.stage, g.searchMm]).to.deep.equal([r.stage, r.searchMm]);
      expectClose(g.distances, r.distances, DISTANCE_TOL, 'occlusion distances');
      expect(r.distances.some((d) => d < 0) && r.distances.some((d) => d > 0 && d < 1.5), 'the fixture has contacts and gaps').to.equal(true);
      const lowerOnUpper = { teeth: [42], antagonists: [11, 12, 13], stage: 0 };
      expectClose((await gpu.occlusionMap(lowerOnUpper)).distances, (await ref.occlusionMap(lowerOnUpper)).distances, DISTANCE_TOL, 'lower on upper');
      gpu.dispose();
    });
  });

  it('seed 71: an incremental update recomputes only the moved tooth\'s pairs and matches the reference', async () => {
    await withGpu(async ({ device }) => {
      const inputs = crownRow(71, 4);
      const { gpu, ref } = await pairOfEngines(device, inputs);
      const staging = inputs.map((t) => ({ fdi: t.fdi, target: poseFromMovement(t.frame, { mesial: 0.3, buccal: 0, extrusion: 0, tip: 2, torque: 0, rotation: 4 }), start: 0, active: 4 }));
      const pairs = neighbourPairs(inputs.map((t) => t.fdi));
      const { g: before } = await compareQuery(gpu, ref, { stageCount: 5, teeth: staging }, pairs, 'before');
      const newTarget = poseFromMovement(inputs[1].frame, { mesial: 1.2, buccal: 0.4, extrusion: 0, tip: -6, torque: 3, rotation: -15 });
      const [g, r] = [await gpu.updateToothTarget(42, newTarget, { start: 1, active: 3 }), await ref.updateToothTarget(42, newTarget, { start: 1, active: 3 })];
      expect(g.recomputedPairs).to.deep.equal([1, 2]);
      expectPosesAgree(g.poses, r.poses);
      expectResultsAgree(g.results!, r.results!, 'after the update');
      // The pair without 42 (44-43, pair 0) is byte for byte what the GPU gave before; the others changed.
      const records = (b: ArrayBuffer, pair: number) => [...new Uint8Array(b, pair * 5 * RESULT_WORDS * 4, 5 * RESULT_WORDS * 4)];
      expect(records(g.results!.buffer, 0)).to.deep.equal(records(before.buffer, 0));
      expect(records(g.results!.buffer, 1)).to.not.deep.equal(records(before.buffer, 1));
      // Without a pair query an update moves the poses only.
      await gpu.computePoses({ stageCount: 3, teeth: [] });
      const posesOnly = await gpu.updateToothTarget(41, { t: [0.3, 0, 0], q: [0, 0, 0, 1] });
      expect(posesOnly.results).to.equal(null);
      expect(posesOnly.poses[(2 * 4 + 0) * POSE_WORDS]).to.be.closeTo(0.3, 1e-6);
      gpu.dispose();
    });
  });

  it('bad input fails as it does in the reference, and nothing hangs', async () => {
    await withGpu(async ({ device }) => {
      const gpu = await createWebGpuEngine({ device });
      const ref = createReferenceEngine();
      const same = async (what: string, call: (e: Engine) => Promise<unknown>) => {
        const messages: string[] = [];
        for (const e of [gpu, ref]) {
          try {
            await call(e);
            messages.push('no error');
          } catch (err) {
            expect(err, `${what} (${e.backend})`).to.be.instanceOf(EngineInputError);
            messages.push((err as Error).message);
          }
        }
        expect(messages[0], what).to.equal(messages[1]);
        expect(messages[0], what).to.not.equal('no error');
      };
      await same('poses before teeth', (e) => e.computePoses({ stageCount: 2, teeth: [] }));
      const nan = contactPair(0.2);
      nan[1].solid = { ...nan[1].solid, positions: nan[1].solid.positions.map((v, i) => (i === 7 ? NaN : v)) };
      await same('a NaN vertex', (e) => e.loadTeeth(nan));
      for (const e of [gpu, ref]) await e.loadTeeth(contactPair(0.2));
      await same('pairs before poses', (e) => e.queryPairs([{ a: 31, b: 32 }]));
      await same('a NaN target', (e) => e.computePoses({ stageCount: 2, teeth: [{ fdi: 31, target: { t: [NaN, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 1 }] }));
      await same('an unknown tooth in the plan', (e) => e.computePoses({ stageCount: 2, teeth: [{ fdi: 11, target: { t: [0, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 1 }] }));
      for (const e of [gpu, ref]) await e.computePoses({ stageCount: 2, teeth: [] });
      await same('a pair naming an unknown tooth', (e) => e.queryPairs([{ a: 31, b: 47 }]));
      await same('a tooth paired with itself', (e) => e.queryPairs([{ a: 31, b: 31 }]));
      await same('a stage beyond the plan', (e) => e.queryPairs([{ a: 31, b: 32 }], { stages: [2] }));
      await same('a negative search distance', (e) => e.queryPairs([{ a: 31, b: 32 }], { searchMm: -1 }));
      await same('an occlusion map of an unknown tooth', (e) => e.occlusionMap({ teeth: [31], antagonists: [18], stage: 0 }));
      await same('a zero quaternion update', (e) => e.updateToothTarget(31, { t: [0, 0, 0], q: [0, 0, 0, 0] }));
      // After all that the engine still answers, and agrees.
      expectResultsAgree(await gpu.queryPairs([{ a: 31, b: 32 }]), await ref.queryPairs([{ a: 31, b: 32 }]), 'after bad input');
      gpu.dispose();
      let disposed = '';
      await gpu.queryPairs([{ a: 31, b: 32 }]).catch((e: Error) => (disposed = e.message));
      expect(disposed).to.match(/disposed/);
    });
  });

  it('a device destroyed mid-use calls onLost and fails with a clear error, not a hang', async () => {
    await withGpu(async (harness) => {
      harness.expectLoss();
      const reasons: string[] = [];
      const gpu = await createWebGpuEngine({ device: harness.device, onLost: (r) => reasons.push(r) });
      await gpu.loadTeeth(crownRow(91, 3));
      await gpu.computePoses({ stageCount: 4, teeth: [] });
      const pending = gpu.queryPairs(neighbourPairs([41, 42, 43]));
      harness.device.destroy();
      const failure = await pending.then(() => null, (e: Error) => e);
      // The query may have finished before the loss; the next call must not.
      const next = await gpu.queryPairs(neighbourPairs([41, 42, 43])).then(() => null, (e: Error) => e);
      expect(next, 'a call after the loss').to.be.instanceOf(WebGpuDeviceLostError);
      expect(next!.message).to.match(/device was lost \(destroyed/);
      expect(failure === null || failure instanceof WebGpuDeviceLostError, `the pending query: finished or lost, not ${String(failure)}`).to.equal(true);
      expect(reasons.length).to.equal(1);
      expect(reasons[0]).to.match(/^destroyed/);
      gpu.dispose();
    });
  });

  it('dispose destroys every buffer the engine made, and leaves a device it was given alive', async () => {
    await withGpu(async ({ device }) => {
      const made: { destroyed: boolean }[] = [];
      const create = device.createBuffer.bind(device);
      device.createBuffer = (descriptor: GPUBufferDescriptor) => {
        const b = create(descriptor);
        const record = { destroyed: false };
        made.push(record);
        const destroy = b.destroy.bind(b);
        b.destroy = () => {
          record.destroyed = true;
          destroy();
        };
        return b;
      };
      const gpu = await createWebGpuEngine({ device });
      await gpu.loadTeeth(contactPair(0.2));
      await gpu.computePoses({ stageCount: 2, teeth: [] });
      await gpu.queryPairs([{ a: 31, b: 32 }]);
      await gpu.occlusionMap({ teeth: [31], antagonists: [32], stage: 1 });
      expect(made.length).to.be.greaterThan(8);
      gpu.dispose();
      expect(made.filter((b) => !b.destroyed).length, 'buffers left alive').to.equal(0);
      device.createBuffer = create;
      // The caller's device still works.
      const b = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST });
      b.destroy();
    });
  });

  it('an adapter short of a limit is refused with the limit named', async () => {
    const adapter = await navigator.gpu.requestAdapter();
    const limits = { ...Object.fromEntries(Object.keys(Object.getPrototypeOf(adapter!.limits)).map((k) => [k, (adapter!.limits as unknown as Record<string, number>)[k]])), maxStorageBuffersPerShaderStage: 4 };
    const poor = { limits, features: adapter!.features, requestDevice: () => adapter!.requestDevice() } as unknown as GPUAdapter;
    const error = await createWebGpuEngine({ adapter: poor }).then(() => null, (e: Error) => e);
    expect(error).to.be.instanceOf(WebGpuUnavailableError);
    expect(error!.message).to.match(/maxStorageBuffersPerShaderStage = 4/);
  });
});

describe('webgpu kernel compile errors', () => {
  it('name the kernel file and its line, not the line in the joined source', async () => {
    const files = await kernelFiles();
    const pairs = files.pairs.findIndex((f) => f.file === 'shaders/pairs.wgsl');
    const lines = files.pairs[pairs].code.split('\n');
    const line = lines.findIndex((l) => l.trim() === 'let k = wg.y;') + 1;
    expect(line, 'the line to break').to.be.greaterThan(0);
    lines[line - 1] = '  let k = wg.y + notDeclaredAnywhere;';
    const broken = files.pairs.map((f, i) => (i === pairs ? { ...f, code: lines.join('\n') } : f));
    const adapter = await navigator.gpu.requestAdapter();
    const device = await adapter!.requestDevice();
    try {
      // The invalid module is also a validation error; caught here so it is not uncaptured.
      device.pushErrorScope('validation');
      const error = await compileKernel(device, 'pairs', broken).then(() => null, (e: Error) => e);
      await device.popErrorScope();
      expect(error, 'compile error').to.be.instanceOf(Error);
      expect(error!.message, error!.message).to.contain(`shaders/pairs.wgsl:${line}:`);
      expect(error!.message, error!.message).to.contain('notDeclaredAnywhere');
      // The intact sources compile.
      await compileKernel(device, 'pairs', files.pairs);
    } finally {
      device.destroy();
    }
  });
});
