// The capability gate with fake backends (the real ones are tested in the browser): which
// backend each situation gets, how forced choices fail, and the swap to WASM when a GPU
// device is lost, checked against the reference engine's answers.
import { describe, expect, it } from 'vitest';
import { createReferenceEngine } from './reference.ts';
import { describeAdapter, EngineUnavailableError, isEngineChoice, selectEngine, type EngineFactories, type EngineSwitch } from './select.ts';
import { readPairResult, type BackendName, type Engine, type PoseRequest } from './engine.ts';
import { neighbourPairs } from '../core/pairs.ts';
import { crownRow } from './fixtures/synthetic-crowns.ts';
import { identityPose } from '../core/pose.ts';

/** The reference engine under another backend's name; `failing` makes every call throw. */
function fakeEngine(backend: BackendName, state: { failing?: boolean; disposed?: boolean } = {}): Engine {
  const inner = createReferenceEngine();
  const guard = <A extends unknown[], T>(f: (...a: A) => Promise<T>) => async (...a: A): Promise<T> => {
    if (state.failing) throw new Error('GPU device was lost');
    return f(...a);
  };
  return {
    backend,
    loadTeeth: guard((t) => inner.loadTeeth(t)),
    computePoses: guard((p) => inner.computePoses(p)),
    queryPairs: guard((p, o) => inner.queryPairs(p, o)),
    occlusionMap: guard((r) => inner.occlusionMap(r)),
    updateToothTarget: guard((f, t, s) => inner.updateToothTarget(f, t, s)),
    dispose: () => {
      state.disposed = true;
      inner.dispose();
    },
  };
}

const adapter = { info: { vendor: 'test', architecture: 'fake', description: '' } } as unknown as GPUAdapter;
const gpuWith = (a: GPUAdapter | null) => ({ requestAdapter: async () => a }) as unknown as GPU;

function fakes(overrides: Partial<EngineFactories> = {}) {
  const made: string[] = [];
  let onLost: ((reason: string) => void) | null = null;
  const gpuState: { failing?: boolean; disposed?: boolean } = {};
  const factories: EngineFactories = {
    webgpu: async (opts) => {
      made.push('webgpu');
      onLost = opts.onLost;
      return fakeEngine('webgpu', gpuState);
    },
    wasm: async () => {
      made.push('wasm');
      return fakeEngine('wasm');
    },
    reference: async () => {
      made.push('reference');
      return createReferenceEngine();
    },
    ...overrides,
  };
  return { factories, made, gpuState, lose: (reason: string) => onLost!(reason) };
}

describe('selectEngine', () => {
  it('auto: WebGPU when an adapter exists, and the reason names the adapter', async () => {
    const f = fakes();
    const s = await selectEngine({ gpu: gpuWith(adapter), factories: f.factories });
    expect(s.engine.backend).toBe('webgpu');
    expect(s.reason).toContain('WebGPU on test fake');
    expect(s.fellBackFrom).toBeUndefined();
    expect(f.made).toEqual(['webgpu']);
  });

  it('auto: WASM on a software adapter (SwiftShader, or one marked as a fallback), saying why; forced WebGPU still runs on it', async () => {
    const swiftshader = { info: { vendor: 'google', architecture: '', description: 'SwiftShader Device (Subzero)' } } as unknown as GPUAdapter;
    const fallback = { info: { vendor: 'x', architecture: 'y', description: '', isFallbackAdapter: true } } as unknown as GPUAdapter;
    for (const software of [swiftshader, fallback]) {
      const f = fakes();
      const s = await selectEngine({ gpu: gpuWith(software), factories: f.factories });
      expect([s.engine.backend, s.fellBackFrom, s.softwareAdapter]).toEqual(['wasm', undefined, describeAdapter(software).name]);
      expect(s.reason).toMatch(/renders in software .*WASM is faster/);
      expect(f.made).toEqual(['wasm']);
      const forced = await selectEngine({ force: 'webgpu', gpu: gpuWith(software), factories: fakes().factories });
      expect(forced.engine.backend).toBe('webgpu');
    }
    expect(describeAdapter(adapter)).toEqual({ name: 'test fake', software: false });
  });

  it('auto: WASM when there is no adapter, or no WebGPU at all, and says which', async () => {
    const f = fakes();
    const noAdapter = await selectEngine({ gpu: gpuWith(null), factories: f.factories });
    expect([noAdapter.engine.backend, noAdapter.reason, noAdapter.fellBackFrom]).toEqual(['wasm', 'no WebGPU adapter', 'webgpu']);
    const noGpu = await selectEngine({ gpu: null, factories: f.factories });
    expect(noGpu.engine.backend).toBe('wasm');
    expect(noGpu.reason).toMatch(/no WebGPU \(navigator\.gpu\)/);
    expect(f.made).toEqual(['wasm', 'wasm']);
  });

  it('auto: WASM when the WebGPU engine cannot start, carrying its message (a missing limit)', async () => {
    const f = fakes({ webgpu: async () => { throw new Error('maxStorageBuffersPerShaderStage 4 < 8'); } });
    const s = await selectEngine({ gpu: gpuWith(adapter), factories: f.factories });
    expect(s.engine.backend).toBe('wasm');
    expect(s.reason).toBe('WebGPU failed: maxStorageBuffersPerShaderStage 4 < 8');
  });

  it('auto: the reference as the last resort when WASM cannot load either', async () => {
    const f = fakes({ wasm: async () => { throw new Error('release.wasm not built'); } });
    const s = await selectEngine({ gpu: null, factories: f.factories });
    expect(s.engine.backend).toBe('reference');
    expect(s.reason).toContain('release.wasm not built');
  });

  it('forced WASM or reference skips WebGPU even when an adapter exists', async () => {
    const f = fakes();
    expect((await selectEngine({ force: 'wasm', gpu: gpuWith(adapter), factories: f.factories })).engine.backend).toBe('wasm');
    expect((await selectEngine({ force: 'reference', gpu: gpuWith(adapter), factories: f.factories })).engine.backend).toBe('reference');
    expect(f.made).toEqual(['wasm', 'reference']);
  });

  it('a forced backend that is unavailable fails clearly, without falling back', async () => {
    const f = fakes({ wasm: async () => { throw new Error('release.wasm not built'); } });
    await expect(selectEngine({ force: 'webgpu', gpu: gpuWith(null), factories: f.factories })).rejects.toThrow(/WebGPU was forced but no WebGPU adapter/);
    await expect(selectEngine({ force: 'webgpu', gpu: null, factories: f.factories })).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(selectEngine({ force: 'wasm', factories: f.factories })).rejects.toThrow(/WASM was forced but cannot start: release.wasm not built/);
    await expect(selectEngine({ force: 'cuda' as never, factories: f.factories })).rejects.toThrow(/unknown engine backend 'cuda'/);
    expect(f.made).toEqual([]);
  });

  it('knows the setting values', () => {
    expect(['auto', 'webgpu', 'wasm', 'reference'].every(isEngineChoice)).toBe(true);
    expect(isEngineChoice('gpu')).toBe(false);
  });
});

describe('a lost GPU device (crownRow seed 7)', () => {
  const teeth = crownRow(7, 4);
  const pairs = neighbourPairs(teeth.map((t) => t.fdi));
  const plan: PoseRequest = { stageCount: 3, teeth: [{ fdi: 42, target: { t: [-0.6, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 2 }] };

  it('swaps to WASM, replays teeth, plan and last query, says so, and answers as before', async () => {
    const f = fakes();
    const switches: EngineSwitch[] = [];
    const { engine } = await selectEngine({ gpu: gpuWith(adapter), factories: f.factories, onSwitch: (e) => switches.push(e) });
    await engine.loadTeeth(teeth);
    await engine.computePoses(plan);
    const before = await engine.queryPairs(pairs);

    f.gpuState.failing = true;
    f.lose('destroyed');
    // A call made while the swap is under way waits for it and runs on WASM.
    const after = await engine.queryPairs(pairs);
    expect(engine.backend).toBe('wasm');
    expect(f.gpuState.disposed).toBe(true);
    expect(switches).toEqual([{ from: 'webgpu', to: 'wasm', reason: 'GPU device lost (destroyed): now on WASM' }]);
    expect(new Float32Array(after.buffer)).toEqual(new Float32Array(before.buffer));

    // The incremental path works on the replayed state: the last query is known to WASM.
    const update = await engine.updateToothTarget(43, identityPose());
    expect(update.results).not.toBeNull();
    expect(update.recomputedPairs.map((p) => pairs[p].a * 100 + pairs[p].b)).toEqual([4344, 4243]);
    expect(f.made).toEqual(['webgpu', 'wasm']);
  });

  it('a call that fails on the lost device is retried on WASM once swapped', async () => {
    const f = fakes();
    const { engine } = await selectEngine({ gpu: gpuWith(adapter), factories: f.factories });
    await engine.loadTeeth(teeth);
    await engine.computePoses(plan);
    f.gpuState.failing = true;
    const pending = engine.queryPairs(pairs);
    f.lose('unknown');
    const r = await pending;
    expect(engine.backend).toBe('wasm');
    // Tooth 42 moved 0.6 mm towards 41 by stage 2.
    const p = pairs.findIndex((q) => q.a === 41 && q.b === 42);
    expect(readPairResult(r, p, 2).distance).toBeLessThan(readPairResult(r, p, 0).distance - 0.3);
  });

  it('bad input is not retried: the GPU engine\'s own error comes back', async () => {
    const f = fakes();
    const { engine } = await selectEngine({ gpu: gpuWith(adapter), factories: f.factories });
    await engine.loadTeeth(teeth);
    await engine.computePoses(plan);
    await expect(engine.queryPairs([{ a: 42, b: 99 }])).rejects.toThrow(/tooth 99/);
    expect(engine.backend).toBe('webgpu');
  });
});
