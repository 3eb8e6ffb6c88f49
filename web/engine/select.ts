// The capability gate: which backend runs, and why. Auto takes WebGPU when the browser
// gives a hardware adapter, else WASM: a software adapter (SwiftShader, llvmpipe, a fallback
// adapter) runs the kernels on the CPU, many times slower than WASM, and shares its thread
// pool with drawing. The reference runs only when WASM itself cannot load, so the studio
// still computes, slowly, and says so. A forced choice that is unavailable
// fails with a message naming what is missing. A WebGPU device that is lost later swaps
// the running engine to WASM in place: the teeth, plan and last pair query are replayed,
// calls in flight are retried, and `onSwitch` tells the UI.
import type { BvhCache } from './bvh-cache.ts';
import type { Fdi } from '../core/fdi.ts';
import type { Pose } from '../core/pose.ts';
import { createReferenceEngine } from './reference.ts';
import type {
  BackendName, Engine, LoadedTeeth, OcclusionMap, OcclusionRequest, PairQueryOptions, PairResults, PairUpdate, PoseRequest,
  ToothInput, ToothPair,
} from './engine.ts';

export type EngineChoice = 'auto' | BackendName;
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'webgpu', 'wasm', 'reference'];

export function isEngineChoice(value: unknown): value is EngineChoice {
  return typeof value === 'string' && (ENGINE_CHOICES as readonly string[]).includes(value);
}

/** A forced backend that this browser (or build) cannot run. */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}

export interface EngineSwitch {
  from: 'webgpu';
  to: 'wasm' | 'reference';
  reason: string;
}

export interface EngineFactories {
  webgpu(opts: { adapter: GPUAdapter; onLost: (reason: string) => void }): Promise<Engine>;
  wasm(): Promise<Engine>;
  reference(): Promise<Engine>;
}

export interface SelectOptions {
  force?: EngineChoice;
  /** navigator.gpu by default; pass null to act as a browser without WebGPU. */
  gpu?: GPU | null;
  /** Told when a lost GPU device made the engine swap to WASM. */
  onSwitch?: (event: EngineSwitch) => void;
  /** The backends' constructors; tests inject fakes. */
  factories?: Partial<EngineFactories>;
}

export interface EngineSelection {
  engine: Engine;
  /** For the UI, e.g. "WebGPU (SwiftShader)" or "no WebGPU adapter". */
  reason: string;
  fellBackFrom?: 'webgpu';
  /** Auto chose WASM because WebGPU here renders in software (this adapter): by design, not a failure. */
  softwareAdapter?: string;
}

const defaultFactories: EngineFactories = {
  webgpu: async (opts) => (await import('./webgpu.ts')).createWebGpuEngine(opts),
  wasm: async () => (await import('./wasm.ts')).createWasmEngine(),
  reference: async () => createReferenceEngine(),
};

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function defaultGpu(): GPU | null {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu ?? null;
}

/** The adapter, or why there is none. */
async function findAdapter(gpu: GPU | null): Promise<{ adapter: GPUAdapter } | { missing: string }> {
  if (!gpu) return { missing: 'this browser has no WebGPU (navigator.gpu)' };
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? { adapter } : { missing: 'no WebGPU adapter' };
  } catch (e) {
    return { missing: `requesting a WebGPU adapter failed: ${message(e)}` };
  }
}

/** The adapter's name, and whether it renders in software (no GPU: WASM is faster). */
export function describeAdapter(adapter: GPUAdapter): { name: string; software: boolean } {
  const info = (adapter as { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).info;
  const name = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ') || 'adapter';
  const fallback = info?.isFallbackAdapter === true || (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return { name, software: fallback || /swiftshader|llvmpipe|lavapipe|software|warp/i.test(name) };
}

export async function selectEngine(opts: SelectOptions = {}): Promise<EngineSelection> {
  const force = opts.force ?? 'auto';
  if (!isEngineChoice(force)) throw new EngineUnavailableError(`unknown engine backend '${String(force)}' (auto, webgpu, wasm or reference)`);
  const make: EngineFactories = { ...defaultFactories, ...opts.factories };
  if (force === 'reference') return { engine: await make.reference(), reason: 'forced: reference (plain TypeScript, slow)' };
  if (force === 'wasm') {
    try {
      return { engine: await make.wasm(), reason: 'forced: WASM' };
    } catch (e) {
      throw new EngineUnavailableError(`WASM was forced but cannot start: ${message(e)}`);
    }
  }
  const found = await findAdapter(opts.gpu === undefined ? defaultGpu() : opts.gpu);
  if ('adapter' in found) {
    const adapter = describeAdapter(found.adapter);
    if (force === 'auto' && adapter.software) {
      try {
        return { engine: await make.wasm(), reason: `the WebGPU adapter renders in software (${adapter.name}): WASM is faster`, softwareAdapter: adapter.name };
      } catch {
        // Software WebGPU still beats the reference engine.
      }
    }
    try {
      const engine = await startWebGpu(make, found.adapter, opts.onSwitch);
      return { engine, reason: `${force === 'webgpu' ? 'forced: ' : ''}WebGPU on ${adapter.name}` };
    } catch (e) {
      if (force === 'webgpu') throw new EngineUnavailableError(`WebGPU was forced but cannot start: ${message(e)}`);
      return fallBack(make, `WebGPU failed: ${message(e)}`);
    }
  }
  if (force === 'webgpu') throw new EngineUnavailableError(`WebGPU was forced but ${found.missing}`);
  return fallBack(make, found.missing);
}

async function fallBack(make: EngineFactories, why: string): Promise<EngineSelection> {
  try {
    return { engine: await make.wasm(), reason: why, fellBackFrom: 'webgpu' };
  } catch (e) {
    return { engine: await make.reference(), reason: `${why}; WASM failed too (${message(e)}): reference, slow`, fellBackFrom: 'webgpu' };
  }
}

async function startWebGpu(make: EngineFactories, adapter: GPUAdapter, onSwitch?: (event: EngineSwitch) => void): Promise<Engine> {
  let failover: FailoverEngine | null = null;
  let lostEarly: string | null = null;
  const engine = await make.webgpu({
    adapter,
    onLost: (reason) => (failover ? failover.deviceLost(reason) : (lostEarly = reason)),
  });
  failover = new FailoverEngine(engine, make.wasm, onSwitch);
  if (lostEarly !== null) failover.deviceLost(lostEarly);
  return failover;
}

/**
 * Runs the WebGPU engine and remembers what it was given, so that when its device is lost
 * a WASM engine can take over with the same teeth, plan and last query.
 */
class FailoverEngine implements Engine {
  private current: Engine;
  private swapping: Promise<void> | null = null;
  private teeth: ToothInput[] | null = null;
  private plan: PoseRequest | null = null;
  private lastQuery: { pairs: ToothPair[]; options?: PairQueryOptions } | null = null;
  private disposed = false;

  constructor(engine: Engine, private readonly makeWasm: () => Promise<Engine>, private readonly onSwitch?: (event: EngineSwitch) => void) {
    this.current = engine;
  }

  get backend(): BackendName {
    return this.current.backend;
  }

  deviceLost(reason: string): void {
    if (this.swapping || this.current.backend !== 'webgpu') return;
    const lost = this.current;
    this.swapping = (async () => {
      try {
        lost.dispose();
      } catch {
        // A lost device may refuse to release what it already dropped.
      }
      let next: Engine;
      let note = '';
      try {
        next = await this.makeWasm();
      } catch (e) {
        next = createReferenceEngine();
        note = ` (WASM failed: ${message(e)})`;
      }
      if (this.disposed) {
        next.dispose();
        return;
      }
      if (this.teeth) await next.loadTeeth(this.teeth);
      if (this.teeth && this.plan) await next.computePoses(this.plan);
      if (this.teeth && this.plan && this.lastQuery) await next.queryPairs(this.lastQuery.pairs, this.lastQuery.options);
      this.current = next;
      const to = next.backend === 'wasm' ? 'wasm' : 'reference';
      this.onSwitch?.({ from: 'webgpu', to, reason: `GPU device lost (${reason}): now on ${to === 'wasm' ? 'WASM' : 'the reference engine'}${note}` });
    })();
    // Awaited by the next call; this only keeps an unobserved failure from going unhandled.
    this.swapping.catch(() => undefined);
  }

  /** Runs on the current engine; if the device is lost meanwhile, again on WASM once swapped. */
  private async call<T>(run: (engine: Engine) => Promise<T>): Promise<T> {
    if (this.swapping) await this.swapping;
    const engine = this.current;
    try {
      return await run(engine);
    } catch (e) {
      // Only a GPU call that failed because the device went away is worth a second try.
      if (!this.swapping || engine.backend !== 'webgpu') throw e;
      await this.swapping;
      return run(this.current);
    }
  }

  async loadTeeth(teeth: ToothInput[], staged?: BvhCache): Promise<LoadedTeeth> {
    const out = await this.call((e) => e.loadTeeth(teeth, staged));
    this.teeth = teeth;
    this.plan = this.lastQuery = null;
    return out;
  }

  async computePoses(plan: PoseRequest): Promise<Float32Array> {
    const out = await this.call((e) => e.computePoses(plan));
    this.plan = { stageCount: plan.stageCount, teeth: plan.teeth.map((t) => ({ ...t })) };
    this.lastQuery = null;
    return out;
  }

  async queryPairs(pairs: ToothPair[], options?: PairQueryOptions): Promise<PairResults> {
    const out = await this.call((e) => e.queryPairs(pairs, options));
    this.lastQuery = { pairs: pairs.map((p) => ({ ...p })), options: options && { ...options } };
    return out;
  }

  occlusionMap(request: OcclusionRequest): Promise<OcclusionMap> {
    return this.call((e) => e.occlusionMap(request));
  }

  async updateToothTarget(fdi: Fdi, target: Pose, staging?: { start: number; active: number }): Promise<PairUpdate> {
    const out = await this.call((e) => e.updateToothTarget(fdi, target, staging));
    // Kept in the remembered plan, so a later swap replays the plan as it now is.
    if (this.plan) {
      const rest = this.plan.teeth.filter((t) => t.fdi !== fdi);
      const old = this.plan.teeth.find((t) => t.fdi === fdi);
      rest.push({ fdi, initial: old?.initial, target, start: staging?.start ?? old?.start ?? 0, active: staging?.active ?? old?.active ?? 0 });
      this.plan = { stageCount: this.plan.stageCount, teeth: rest };
    }
    return out;
  }

  dispose(): void {
    this.disposed = true;
    this.current.dispose();
    this.teeth = this.plan = this.lastQuery = null;
  }
}
