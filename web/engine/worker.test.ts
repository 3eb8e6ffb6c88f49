// The worker's API called directly (as the worker itself does), and the UI's client over a
// real MessageChannel with comlink: answers equal the engine's own, buffers come back
// whole, the backend is reported, and a swap after a lost device reaches the listener.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expose } from 'comlink';
import { createEngineApi, engineApi, engineForCase, EngineCaseError } from './worker.ts';
import { createEngineClient, type EngineStatus } from './engine-client.ts';
import { createReferenceEngine } from './reference.ts';
import { readPairResult, type Engine, type PoseRequest, type ToothInput, type ToothPair } from './engine.ts';
import { neighbourPairs } from '../core/pairs.ts';
import { POSE_WORDS, readResult } from './layout.ts';
import type { EngineSelection, SelectOptions } from './select.ts';
import { crownRow } from './fixtures/synthetic-crowns.ts';
import { realUpperInputs } from './fixtures/real-crowns.ts';
import { poseFromMovement } from '../core/pose.ts';

const CASE = 'case-a';
const teeth = crownRow(11, 5);
const pairs = neighbourPairs(teeth.map((t) => t.fdi));
const plan: PoseRequest = { stageCount: 4, teeth: [{ fdi: 43, target: { t: [0.5, 0.2, 0], q: [0, 0, 0.05, 0.9987] }, start: 1, active: 2 }] };

async function referenceAnswers(inputs: ToothInput[] = teeth, request: PoseRequest = plan, query: ToothPair[] = pairs) {
  const ref = createReferenceEngine();
  await ref.loadTeeth(inputs);
  const poses = await ref.computePoses(request);
  const results = await ref.queryPairs(query);
  return { poses, results: new Float32Array(results.buffer), buffer: results.buffer };
}

describe('engineApi (direct, as in the worker)', () => {
  afterEach(() => engineApi.dispose());

  it('runs the forced reference backend and answers exactly as the reference engine does (crownRow seed 11)', async () => {
    const status = await engineApi.start('reference');
    expect(status).toMatchObject({ backend: 'reference' });
    expect(engineApi.status()?.backend).toBe('reference');
    const loaded = await engineApi.loadTeeth(CASE, teeth);
    expect(loaded.fdis).toEqual([41, 42, 43, 44, 45]);
    const expected = await referenceAnswers();
    expect(await engineApi.computePoses(CASE, plan)).toEqual(expected.poses);
    const r = await engineApi.queryPairs(CASE, pairs);
    expect(new Float32Array(r.buffer)).toEqual(expected.results);
    const map = await engineApi.occlusionMap(CASE, { teeth: [41], antagonists: [42], stage: 0 });
    expect(map.distances.length).toBe(map.teeth[0].vertexCount);
    expect(map.distances.length).toBeGreaterThan(0);
  });

  it('on real crowns (upper-arch-01, 11-13) the incremental update recomputes only the moved tooth\'s pairs', async () => {
    await engineApi.start('reference');
    const inputs = realUpperInputs([11, 12, 13]);
    await engineApi.loadTeeth(CASE, inputs);
    await engineApi.computePoses(CASE, { stageCount: 3, teeth: [] });
    const query = neighbourPairs([11, 12, 13]);
    await engineApi.queryPairs(CASE, query);
    const target = poseFromMovement(inputs[2].frame, { mesial: 0.4, buccal: 0, extrusion: 0, tip: 0, torque: 0, rotation: 0 });
    const update = await engineApi.updateToothTarget(CASE, 13, target, { start: 0, active: 2 });
    expect(update.recomputedPairs.map((p) => `${query[p].a}-${query[p].b}`)).toEqual(['12-13']);
    const expected = await referenceAnswers(inputs, { stageCount: 3, teeth: [{ fdi: 13, target, start: 0, active: 2 }] }, query);
    expect(new Float32Array(update.results!.buffer)).toEqual(expected.results);
  });

  it('runs the forced WASM backend (built engine-asm) with the reference\'s answers on real crowns (upper-arch-01, 21-23)', async () => {
    expect(await engineApi.start('wasm')).toEqual({ backend: 'wasm', reason: 'forced: WASM' });
    const inputs = realUpperInputs([21, 22, 23]);
    await engineApi.loadTeeth(CASE, inputs);
    const request = { stageCount: 3, teeth: [{ fdi: 22, target: poseFromMovement(inputs[1].frame, { mesial: 0.3, buccal: 0.2, extrusion: 0, tip: 2, torque: 0, rotation: 4 }), start: 0, active: 2 }] };
    const query = neighbourPairs([21, 22, 23]);
    const expected = await referenceAnswers(inputs, request, query);
    const poses = await engineApi.computePoses(CASE, request);
    poses.forEach((v, i) => expect(Math.abs(v - expected.poses[i]), `pose word ${i}`).toBeLessThan(1e-5));
    const r = await engineApi.queryPairs(CASE, query);
    for (let p = 0; p < query.length; p++) {
      for (let k = 0; k < 3; k++) {
        const got = readPairResult(r, p, k), want = readResult(expected.buffer, p * 3 + k);
        expect(Math.abs(got.distance - want.distance), `${query[p].a}-${query[p].b} stage ${k}`).toBeLessThan(1e-3);
        expect([got.aInB, got.bInA]).toEqual([want.aInB, want.bInA]);
      }
    }
  });

  it('starts itself (auto) on first use, and bad input fails as the engine\'s own error', async () => {
    const api = createEngineApi(async (opts: SelectOptions): Promise<EngineSelection> => {
      expect(opts.force).toBe('auto');
      return { engine: createReferenceEngine(), reason: 'no WebGPU adapter', fellBackFrom: 'webgpu' };
    });
    await api.loadTeeth(CASE, teeth);
    expect(api.status()).toEqual({ backend: 'reference', reason: 'no WebGPU adapter', fellBackFrom: 'webgpu' });
    await expect(api.queryPairs(CASE, pairs)).rejects.toThrow(/call computePoses first/);
    api.dispose();
  });

  it('a second start replaces the running engine and disposes the old one', async () => {
    const made: Engine[] = [];
    const api = createEngineApi(async () => {
      const engine = createReferenceEngine();
      made.push(engine);
      return { engine, reason: 'test' };
    });
    await api.start('reference');
    await api.loadTeeth(CASE, teeth);
    await api.start('reference');
    expect(made).toHaveLength(2);
    await expect(made[0].computePoses(plan)).rejects.toThrow(/disposed/);
    // The new engine holds no teeth: the case must load them again before anything is asked.
    await expect(api.computePoses(CASE, plan)).rejects.toThrow(/holds no teeth for this case/);
  });
});

describe('one patient at a time: the engine answers only the case whose teeth it holds', () => {
  it('after case B loads its teeth, a late call of case A fails and never sees B\'s teeth; B is answered (crownRow seed 11, seed 12)', async () => {
    const api = createEngineApi(async () => ({ engine: createReferenceEngine(), reason: 'test' }));
    const a = engineForCase(api, 'case-a');
    const b = engineForCase(api, 'case-b');
    await expect(b.computePoses(plan)).rejects.toThrow(/holds no teeth for this case/);
    await a.loadTeeth(teeth);
    expect(await a.computePoses(plan)).toEqual((await referenceAnswers()).poses);
    const other = crownRow(12, 3);
    await b.loadTeeth(other);
    for (const late of [() => a.computePoses(plan), () => a.queryPairs(pairs), () => a.occlusionMap({ teeth: [41], antagonists: [42], stage: 0 }),
      () => a.updateToothTarget(43, plan.teeth[0].target)]) {
      await expect(late()).rejects.toThrow(EngineCaseError);
    }
    const bPoses = await b.computePoses({ stageCount: 2, teeth: [] });
    expect(bPoses.length, 'poses of B\'s three teeth, not A\'s five').toBe(2 * other.length * POSE_WORDS);
    const bPairs = neighbourPairs(other.map((t) => t.fdi));
    expect((await b.queryPairs(bPairs)).pairs).toEqual(bPairs);
    api.dispose();
  });
});

describe('staged BVHs: built ahead of loadTeeth, reused only for the same case and the same solid', () => {
  const refApi = () => createEngineApi(async () => ({ engine: createReferenceEngine(), reason: 'test' }));

  it('teeth staged before loading are not built again, and the answers equal an unstaged load (crownRow seed 11)', async () => {
    const api = refApi();
    const a = engineForCase(api, 'case-a');
    await a.stageTeeth!(teeth.slice(0, 3));
    const loaded = await a.loadTeeth(teeth);
    expect(loaded.reusedBvhs, 'the three staged teeth of five').toBe(3);
    const expected = await referenceAnswers();
    expect(await a.computePoses(plan)).toEqual(expected.poses);
    expect(new Float32Array((await a.queryPairs(pairs)).buffer)).toEqual(expected.results);
    expect((await a.loadTeeth(teeth)).reusedBvhs, 'loading the same teeth again').toBe(5);
    api.dispose();
  });

  it('a tooth whose solid or frame changed is built afresh (crownRow seed 11)', async () => {
    const api = refApi();
    const a = engineForCase(api, 'case-a');
    await a.loadTeeth(teeth);
    const moved = teeth.map((t, i) => (i === 1 ? { ...t, solid: { ...t.solid, positions: t.solid.positions.map((x, k) => (k === 0 ? x + 0.01 : x)) } } : t));
    const turned = moved.map((t, i) => (i === 2 ? { ...t, frame: { ...t.frame, origin: [t.frame.origin[0] + 0.1, t.frame.origin[1], t.frame.origin[2]] as [number, number, number] } } : t));
    expect((await a.loadTeeth(turned)).reusedBvhs).toBe(3);
    const expected = await referenceAnswers(turned);
    expect(await a.computePoses(plan)).toEqual(expected.poses);
    expect(new Float32Array((await a.queryPairs(pairs)).buffer)).toEqual(expected.results);
    api.dispose();
  });

  it('what case A staged is never used for case B, even for identical teeth (crownRow seed 11)', async () => {
    const api = refApi();
    await engineForCase(api, 'case-a').stageTeeth!(teeth);
    expect((await engineForCase(api, 'case-b').loadTeeth(teeth)).reusedBvhs).toBe(0);
    api.dispose();
  });

  it('a tooth that cannot be staged is left for loadTeeth to report by name', async () => {
    const api = refApi();
    const a = engineForCase(api, 'case-a');
    const broken = teeth.map((t, i) => (i === 0 ? { ...t, solid: { ...t.solid, positions: t.solid.positions.map((x, k) => (k === 0 ? NaN : x)) } } : t));
    await expect(a.stageTeeth!(broken)).resolves.toBeUndefined();
    await expect(a.loadTeeth(broken)).rejects.toThrow(/tooth 41: its solid has non-finite coordinates/);
    api.dispose();
  });
});

describe('engineApi starts that overlap (the setting changed while the engine was starting)', () => {
  it('the later start wins, the earlier engine is disposed, both callers hear the winner', async () => {
    const made: Engine[] = [];
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const api = createEngineApi(async (opts) => {
      const engine = createReferenceEngine();
      made.push(engine);
      if (opts.force === 'webgpu') await slow;
      return { engine, reason: `for ${opts.force}` };
    });
    const first = api.start('webgpu');
    const second = api.start('reference');
    release();
    expect(await second).toMatchObject({ reason: 'for reference' });
    expect(await first).toMatchObject({ reason: 'for reference' });
    await expect(made[0].loadTeeth(teeth)).rejects.toThrow(/disposed/);
    expect((await api.loadTeeth(CASE, teeth)).fdis).toHaveLength(5);
    api.dispose();
  });
});

describe('createEngineClient over a MessageChannel (comlink, as with the worker)', () => {
  function channelClient(select?: Parameters<typeof createEngineApi>[0]) {
    const api = createEngineApi(select);
    const endpoints: MessagePort[] = [];
    const client = createEngineClient({
      endpoint: () => {
        const { port1, port2 } = new MessageChannel();
        expose(api, port1 as never);
        endpoints.push(port1, port2);
        return Object.assign(port2 as never, { terminate: () => { port1.close(); port2.close(); } });
      },
    });
    return { client, api, endpoints };
  }

  it('round-trips teeth, poses and pair results unchanged (crownRow seed 11)', async () => {
    const { client } = channelClient();
    expect(await client.start('reference')).toMatchObject({ backend: 'reference' });
    const engine = client.forCase(CASE);
    await engine.loadTeeth(teeth);
    const expected = await referenceAnswers();
    expect(await engine.computePoses(plan)).toEqual(expected.poses);
    const r = await engine.queryPairs(pairs);
    expect(r.pairs).toEqual(pairs);
    expect(new Float32Array(r.buffer)).toEqual(expected.results);
    expect((await client.status())?.backend).toBe('reference');
    client.dispose();
  });

  it('tells the UI when a lost GPU device swapped the backend', async () => {
    let switchNow: ((s: { from: 'webgpu'; to: 'wasm'; reason: string }) => void) | null = null;
    const { client } = channelClient(async (opts) => {
      switchNow = opts.onSwitch!;
      const engine = createReferenceEngine();
      Object.defineProperty(engine, 'backend', { value: 'webgpu' });
      return { engine, reason: 'WebGPU on test' };
    });
    const heard: EngineStatus[] = [];
    client.onSwitch((s) => heard.push(s));
    expect((await client.start()).backend).toBe('webgpu');
    switchNow!({ from: 'webgpu', to: 'wasm', reason: 'GPU device lost (destroyed): now on WASM' });
    // The message crosses a channel: wait for it as long as a busy machine needs, not a fixed 0.5 s.
    await vi.waitFor(() => expect(heard.length).toBeGreaterThan(0), { timeout: 30_000, interval: 10 });
    expect(heard).toEqual([expect.objectContaining({ backend: 'wasm', reason: 'GPU device lost (destroyed): now on WASM' })]);
    expect((await client.status())?.backend).toBe('wasm');
    client.dispose();
  });
});
