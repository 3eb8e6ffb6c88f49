// The WASM backend: a host for the AssemblyScript kernels in engine-asm/. The layout buffers
// (layout.ts) are packed once into a bump arena inside the module's memory and the kernels
// work on them in place; results are copied out once per call, since views on memory die
// when it grows. Input checks are the shared ones of engine.ts, so bad input fails exactly
// as in the reference. Memory is handed back by resetting the arena to a mark: on a new plan,
// a new query, an error, and on dispose.
import type { BvhCache } from './bvh-cache.ts';
import type { Fdi } from '../core/fdi.ts';
import type { Pose, Vec3 } from '../core/pose.ts';
import {
  EngineInputError, checkSearch, checkStages, packPairRequest, packPlanRequest, planRecords, prepareTeeth,
  type Engine, type LoadedTeeth, type OcclusionMap, type OcclusionRequest, type PairQueryOptions, type PairResults,
  type PairUpdate, type PoseRequest, type ToothInput, type ToothPair,
} from './engine.ts';
import {
  PAIR_WORDS, PLAN_TOOTH_WORDS, POSE_WORDS, RESULT_WORDS, TOOTH, TOOTH_WORDS, packPlan, unpackPlanTooth, type PackedTeeth,
} from './layout.ts';

/** The kernels' exports (engine-asm/assembly/index.ts); pointers are byte offsets in memory. */
interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  arenaBase(): number;
  arenaTop(): number;
  arenaReset(mark: number): void;
  setBuffers(teeth: number, vertices: number, triangles: number, nodes: number): void;
  prepareTeeth(toothCount: number): number;
  computePoses(plan: number, toothCount: number, stageCount: number, poses: number): void;
  computeToothPoses(plan: number, toothCount: number, tooth: number, stageCount: number, poses: number): void;
  queryPairs(pairs: number, pairCount: number, stages: number, stageCount: number, poses: number, toothCount: number, searchMm: number, results: number): void;
  queryPair(pairs: number, pair: number, stages: number, stageCount: number, poses: number, toothCount: number, searchMm: number, results: number): void;
  occlusion(teeth: number, teethCount: number, antagonists: number, antagonistCount: number, poses: number, toothCount: number, stage: number, searchMm: number, out: number): number;
}

export interface WasmEngine extends Engine {
  /** Bytes of linear memory the module holds now (it never shrinks; the arena is reused). */
  readonly memoryBytes: number;
}

const WASM_URL = new URL('../../engine-asm/build/release.wasm', import.meta.url);
const MISSING = 'engine-asm/build/release.wasm could not be loaded: run `npm run asbuild` first';

let defaultModule: Promise<WebAssembly.Module> | null = null;

async function compileDefault(): Promise<WebAssembly.Module> {
  if (typeof process !== 'undefined' && process.versions?.node) {
    // Behind a computed dynamic import so that Vite never bundles node:fs for the browser.
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(WASM_URL);
    } catch (e) {
      throw new Error(`${MISSING} (${(e as Error).message})`);
    }
    return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  }
  const response = await fetch(WASM_URL);
  if (!response.ok) throw new Error(`${MISSING} (HTTP ${response.status})`);
  if (response.headers.get('content-type')?.includes('application/wasm')) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

function moduleFor(bytes?: BufferSource): Promise<WebAssembly.Module> {
  if (bytes) return WebAssembly.compile(bytes);
  defaultModule ??= compileDefault().catch((e) => {
    defaultModule = null;
    throw e;
  });
  return defaultModule;
}

interface Region {
  at: number;
  bytes: number;
}

interface LastQuery {
  pairs: ToothPair[];
  packed: Uint32Array;
  stages: Uint32Array;
  searchMm: number;
  pairsAt: number;
  stagesAt: number;
  results: Region;
}

class WasmBackend implements WasmEngine {
  readonly backend = 'wasm' as const;
  private k: Kernels | null;
  private fdis: Fdi[] = [];
  private centres: Vec3[] = [];
  private vertexCounts: number[] = [];
  private crownCounts: number[] = [];
  /** Arena marks: the end of the teeth, and of the plan and its poses. */
  private teethEnd = 0;
  private planEnd = 0;
  private plan: Float32Array | null = null;
  private planAt = 0;
  private poses: Region | null = null;
  private stageCount = 0;
  private last: LastQuery | null = null;

  constructor(kernels: Kernels) {
    this.k = kernels;
  }

  get memoryBytes(): number {
    return this.k ? this.k.memory.buffer.byteLength : 0;
  }

  private live(): Kernels {
    if (!this.k) throw new Error('the wasm engine has been disposed');
    return this.k;
  }

  private indexOf(fdi: Fdi): number {
    const i = this.fdis.indexOf(fdi);
    if (i < 0) throw new EngineInputError(`tooth ${fdi} is not loaded`);
    return i;
  }

  private requirePoses(): Region {
    if (!this.poses) throw new EngineInputError('no poses yet: call computePoses first');
    return this.poses;
  }

  /** Room in the arena; views taken before this call may be stale afterwards. */
  private alloc(bytes: number): number {
    const at = this.k!.alloc(Math.max(bytes, 4));
    if (at === 0) throw new RangeError(`the wasm engine could not get ${bytes} bytes of memory`);
    return at;
  }

  private bytes(at: number, length: number): Uint8Array {
    return new Uint8Array(this.k!.memory.buffer, at, length);
  }

  private copyIn(source: ArrayBuffer | ArrayBufferView): number {
    const src = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    const at = this.alloc(src.byteLength);
    this.bytes(at, src.byteLength).set(src);
    return at;
  }

  /** Runs `work` with the arena reset to `mark` if it throws, so a failed call leaks nothing. */
  private guarded<T>(mark: number, work: () => T, onError: () => void): T {
    try {
      return work();
    } catch (e) {
      this.k?.arenaReset(mark);
      onError();
      throw e;
    }
  }

  private forgetTeeth(): void {
    this.fdis = [];
    this.centres = [];
    this.vertexCounts = [];
    this.crownCounts = [];
    this.plan = this.poses = this.last = null;
    this.teethEnd = this.planEnd = 0;
  }

  async loadTeeth(teeth: ToothInput[], staged?: BvhCache): Promise<LoadedTeeth> {
    const k = this.live();
    const packed = prepareTeeth(teeth, staged);
    const base = k.arenaBase();
    k.arenaReset(base);
    this.forgetTeeth();
    return this.guarded(base, () => {
      this.place(packed);
      this.fdis = teeth.map((t) => t.fdi);
      return { fdis: [...this.fdis], vertexCount: packed.vertexCount, triangleCount: packed.triangleCount, nodeCount: packed.nodeCount };
    }, () => this.forgetTeeth());
  }

  private place(packed: PackedTeeth): void {
    const k = this.k!;
    const teethAt = this.copyIn(packed.teeth);
    const verticesAt = this.copyIn(packed.vertices);
    const trianglesAt = this.copyIn(packed.triangles);
    const nodesAt = this.copyIn(packed.nodes);
    k.setBuffers(teethAt, verticesAt, trianglesAt, nodesAt);
    if (!k.prepareTeeth(packed.toothCount)) throw new RangeError('the wasm engine ran out of memory for its search grids');
    const tu = new Uint32Array(packed.teeth), tf = new Float32Array(packed.teeth);
    for (let i = 0; i < packed.toothCount; i++) {
      const o = i * TOOTH_WORDS;
      this.centres.push([tf[o + TOOTH.bodyT], tf[o + TOOTH.bodyT + 1], tf[o + TOOTH.bodyT + 2]]);
      this.vertexCounts.push(tu[o + TOOTH.vertexCount]);
      this.crownCounts.push(tu[o + TOOTH.crownVertexCount]);
    }
    this.teethEnd = k.arenaTop();
  }

  async computePoses(request: PoseRequest): Promise<Float32Array> {
    const k = this.live();
    if (this.teethEnd === 0) throw new EngineInputError('no teeth loaded: call loadTeeth first');
    const plan = packPlanRequest(request, this.fdis, this.centres);
    k.arenaReset(this.teethEnd);
    this.plan = this.poses = this.last = null;
    return this.guarded(this.teethEnd, () => {
      const n = this.fdis.length;
      this.planAt = this.copyIn(plan);
      const poses = { at: this.alloc(request.stageCount * n * POSE_WORDS * 4), bytes: request.stageCount * n * POSE_WORDS * 4 };
      k.computePoses(this.planAt, n, request.stageCount, poses.at);
      this.plan = plan;
      this.poses = poses;
      this.stageCount = request.stageCount;
      this.planEnd = k.arenaTop();
      return this.posesCopy();
    }, () => undefined);
  }

  private posesCopy(): Float32Array {
    const p = this.poses!;
    return new Float32Array(this.bytes(p.at, p.bytes).slice().buffer);
  }

  async queryPairs(pairs: ToothPair[], options: PairQueryOptions = {}): Promise<PairResults> {
    const k = this.live();
    const poses = this.requirePoses();
    const packed = packPairRequest(pairs, this.fdis);
    const searchMm = checkSearch(options.searchMm);
    const stages = checkStages(options.stages, this.stageCount);
    k.arenaReset(this.planEnd);
    this.last = null;
    return this.guarded(this.planEnd, () => {
      const pairsAt = this.copyIn(packed);
      const stagesAt = this.copyIn(stages);
      const bytes = pairs.length * stages.length * RESULT_WORDS * 4;
      const results = { at: this.alloc(bytes), bytes };
      k.queryPairs(pairsAt, pairs.length, stagesAt, stages.length, poses.at, this.fdis.length, searchMm, results.at);
      this.last = { pairs: pairs.map((p) => ({ ...p })), packed, stages, searchMm, pairsAt, stagesAt, results };
      return this.resultsCopy(this.last);
    }, () => undefined);
  }

  private resultsCopy(q: LastQuery): PairResults {
    return { pairs: q.pairs.map((p) => ({ ...p })), stages: q.stages.slice(), searchMm: q.searchMm, buffer: this.bytes(q.results.at, q.results.bytes).slice().buffer };
  }

  async occlusionMap(request: OcclusionRequest): Promise<OcclusionMap> {
    const k = this.live();
    const poses = this.requirePoses();
    const searchMm = checkSearch(request.searchMm);
    const [stage] = checkStages([request.stage], this.stageCount);
    const antagonists = Uint32Array.from(request.antagonists.map((f) => this.indexOf(f)));
    const targets = Uint32Array.from(request.teeth.map((f) => this.indexOf(f)));
    const layout: OcclusionMap['teeth'] = [];
    let offset = 0;
    for (const i of targets) {
      layout.push({ fdi: this.fdis[i], offset, vertexCount: this.vertexCounts[i], crownVertexCount: this.crownCounts[i] });
      offset += this.vertexCounts[i];
    }
    const mark = k.arenaTop();
    try {
      const targetsAt = this.copyIn(targets);
      const antagonistsAt = this.copyIn(antagonists);
      const out = this.alloc(offset * 4);
      if (!k.occlusion(targetsAt, targets.length, antagonistsAt, antagonists.length, poses.at, this.fdis.length, stage, searchMm, out)) {
        throw new RangeError('the wasm engine ran out of memory for the occlusion map');
      }
      const distances = new Float32Array(this.bytes(out, offset * 4).slice().buffer);
      return { stage, searchMm, teeth: layout, distances };
    } finally {
      k.arenaReset(mark);
    }
  }

  async updateToothTarget(fdi: Fdi, target: Pose, staging?: { start: number; active: number }): Promise<PairUpdate> {
    const k = this.live();
    const poses = this.requirePoses();
    const i = this.indexOf(fdi);
    const rec = unpackPlanTooth(this.plan!, i);
    // The same checks as a fresh plan, so bad input fails the same way.
    const start = staging?.start ?? rec.start, active = staging?.active ?? rec.active;
    const [checked] = planRecords({ stageCount: 1, teeth: [{ fdi, initial: rec.initial, target, start, active }] }, [fdi], [rec.centre]);
    const record = packPlan([checked]);
    this.plan!.set(record, i * PLAN_TOOTH_WORDS);
    new Float32Array(k.memory.buffer, this.planAt, this.plan!.length).set(this.plan!);
    const n = this.fdis.length;
    k.computeToothPoses(this.planAt, n, i, this.stageCount, poses.at);
    const recomputedPairs: number[] = [];
    let results: PairResults | null = null;
    const q = this.last;
    if (q) {
      for (let p = 0; p < q.pairs.length; p++) {
        if (q.packed[p * PAIR_WORDS] !== i && q.packed[p * PAIR_WORDS + 1] !== i) continue;
        k.queryPair(q.pairsAt, p, q.stagesAt, q.stages.length, poses.at, n, q.searchMm, q.results.at);
        recomputedPairs.push(p);
      }
      results = this.resultsCopy(q);
    }
    return { poses: this.posesCopy(), results, recomputedPairs };
  }

  dispose(): void {
    if (this.k) this.k.arenaReset(this.k.arenaBase());
    this.k = null;
    this.forgetTeeth();
  }
}

/** A WASM engine on its own module instance (own memory); `wasmBytes` replaces the built file. */
export async function createWasmEngine(opts: { wasmBytes?: BufferSource } = {}): Promise<Engine> {
  const module = await moduleFor(opts.wasmBytes);
  const instance = await WebAssembly.instantiate(module, {
    env: {
      abort(_message: number, _file: number, line: number, column: number) {
        throw new Error(`the wasm engine aborted at ${line}:${column}`);
      },
    },
  });
  return new WasmBackend(instance.exports as unknown as Kernels);
}
