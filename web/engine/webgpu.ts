// The WebGPU backend: the kernels in shaders/ over the buffers of layout.ts, uploaded once per
// loadTeeth. A pose computation or a pair query is one submit and one readback (mapAsync on
// one staging buffer); an incremental update recomputes the moved tooth's poses and only its
// pairs, in one submit, and reads poses and results back together. Input is checked by the
// helpers of engine.ts, so bad input fails as it does in every backend.
//
// Against the reference (f64 over the f32 buffers) the kernels work in f32: poses agree
// within 1e-5, distances and contact points within 1e-3 mm, counts and flags exactly. One
// residual difference: where teeth touch (|distance| below ~1e-5 mm, e.g. neighbours cut from
// one scan sharing their contact vertices) many vertices tie within rounding, and the GPU may
// name a different one of them as the contact point than the reference does; the distance
// and counts still agree, and both points lie on the contact.
import type { BvhCache } from './bvh-cache.ts';
import type { Fdi } from '../core/fdi.ts';
import type { Pose, Vec3 } from '../core/pose.ts';
import {
  EngineInputError, checkSearch, checkStages, packPairRequest, packPlanRequest, planRecords, prepareTeeth, resultsBuffer,
  type Engine, type LoadedTeeth, type OcclusionMap, type OcclusionRequest, type PairQueryOptions, type PairResults,
  type PairUpdate, type PoseRequest, type ToothInput, type ToothPair,
} from './engine.ts';
import {
  PAIR_WORDS, PLAN_TOOTH_WORDS, POSE_WORDS, RESULT_WORDS, TOOTH, TOOTH_WORDS, WORKGROUP_SIZE, packPlan, unpackPlanTooth, type PackedTeeth,
} from './layout.ts';
import { acquireDevice, checkBindingSize } from './webgpu/device.ts';
import { GpuSession, PARAMS_BYTES, STORAGE, USAGE } from './webgpu/session.ts';
import { createKernels, type Kernels } from './webgpu/kernels.ts';

export { WebGpuDeviceLostError, WebGpuUnavailableError } from './webgpu/device.ts';

export interface WebGpuEngineOptions {
  /** Use this device (the caller owns it); otherwise one is requested and destroyed on dispose. */
  device?: GPUDevice;
  adapter?: GPUAdapter;
  /** Called once when the device is lost (not on dispose), so the caller can fall back. */
  onLost?: (reason: string) => void;
}

interface Geometry {
  packed: PackedTeeth;
  fdis: Fdi[];
  centres: Vec3[];
  teeth: GPUBuffer;
  vertices: GPUBuffer;
  triangles: GPUBuffer;
  nodes: GPUBuffer;
}

interface Plan {
  records: Float32Array;
  stageCount: number;
  plan: GPUBuffer;
  poses: GPUBuffer;
  posesCpu: Float32Array;
}

interface LastQuery {
  pairs: ToothPair[];
  packed: Uint32Array;
  stages: Uint32Array;
  searchMm: number;
  /** PAIRS, then the stage list, then the work list (pair indices to compute). */
  query: GPUBuffer;
  workOffset: number;
  results: GPUBuffer;
  resultsCpu: ArrayBuffer;
}

class WebGpuEngine implements Engine {
  readonly backend = 'webgpu' as const;
  private geometry: Geometry | null = null;
  private plan: Plan | null = null;
  private last: LastQuery | null = null;
  private readonly params: { poses: GPUBuffer; pairs: GPUBuffer; occlusion: GPUBuffer };

  constructor(private readonly gpu: GpuSession, private readonly kernels: Kernels) {
    const uniform = () => gpu.buffer(PARAMS_BYTES, USAGE.UNIFORM | USAGE.COPY_DST);
    this.params = { poses: uniform(), pairs: uniform(), occlusion: uniform() };
  }

  private get device(): GPUDevice {
    return this.gpu.device;
  }

  private indexOf(fdi: Fdi): number {
    const i = this.geometry ? this.geometry.fdis.indexOf(fdi) : -1;
    if (i < 0) throw new EngineInputError(`tooth ${fdi} is not loaded`);
    return i;
  }

  private requirePlan(): Plan {
    if (!this.plan) throw new EngineInputError('no poses yet: call computePoses first');
    return this.plan;
  }

  loadTeeth(teeth: ToothInput[], staged?: BvhCache): Promise<LoadedTeeth> {
    return this.gpu.serial(async () => {
      const packed = prepareTeeth(teeth, staged);
      this.forgetPlan();
      if (this.geometry) this.gpu.release(this.geometry.teeth, this.geometry.vertices, this.geometry.triangles, this.geometry.nodes);
      this.geometry = null;
      const tf = new Float32Array(packed.teeth);
      const centres = teeth.map((_, i): Vec3 => {
        const o = i * TOOTH_WORDS + TOOTH.bodyT;
        return [tf[o], tf[o + 1], tf[o + 2]];
      });
      this.geometry = {
        packed, fdis: teeth.map((t) => t.fdi), centres,
        teeth: this.gpu.upload(packed.teeth, 'TEETH'),
        vertices: this.gpu.upload(packed.vertices, 'VERTICES'),
        triangles: this.gpu.upload(packed.triangles, 'TRIANGLES'),
        nodes: this.gpu.upload(packed.nodes, 'NODES'),
      };
      return { fdis: [...this.geometry.fdis], vertexCount: packed.vertexCount, triangleCount: packed.triangleCount, nodeCount: packed.nodeCount };
    });
  }

  private forgetPlan(): void {
    this.forgetQuery();
    if (this.plan) this.gpu.release(this.plan.plan, this.plan.poses);
    this.plan = null;
  }

  private forgetQuery(): void {
    if (this.last) this.gpu.release(this.last.query, this.last.results);
    this.last = null;
  }

  private posesPass(pass: GPUComputePassEncoder, plan: Plan, onlyTooth: number | null): void {
    const g = this.geometry!;
    const count = onlyTooth === null ? plan.stageCount * g.packed.toothCount : plan.stageCount;
    if (count === 0) return;
    this.gpu.writeParams(this.params.poses, [g.packed.toothCount, plan.stageCount, onlyTooth ?? 0xffffffff]);
    pass.setPipeline(this.kernels.poses);
    pass.setBindGroup(0, this.gpu.bind(this.kernels.poses, [plan.plan, plan.poses, this.params.poses]));
    pass.dispatchWorkgroups(Math.ceil(count / WORKGROUP_SIZE));
  }


  computePoses(request: PoseRequest): Promise<Float32Array> {
    return this.gpu.serial(async () => {
      const g = this.geometry;
      if (!g) throw new EngineInputError('no teeth loaded: call loadTeeth first');
      const records = packPlanRequest(request, g.fdis, g.centres);
      this.forgetPlan();
      const posesBytes = request.stageCount * g.packed.toothCount * POSE_WORDS * 4;
      checkBindingSize(this.device, posesBytes, 'POSES');
      const groups = Math.ceil((request.stageCount * g.packed.toothCount) / WORKGROUP_SIZE);
      if (groups > this.device.limits.maxComputeWorkgroupsPerDimension) {
        throw new EngineInputError(`${request.stageCount} stages x ${g.packed.toothCount} teeth exceed this GPU's maxComputeWorkgroupsPerDimension x ${WORKGROUP_SIZE}`);
      }
      const plan: Plan = {
        records, stageCount: request.stageCount,
        plan: this.gpu.upload(new Float32Array(records), 'PLAN'),
        poses: this.gpu.buffer(posesBytes, STORAGE | USAGE.COPY_SRC, 'POSES'),
        posesCpu: new Float32Array(0),
      };
      this.plan = plan;
      const out = await this.gpu.submitAndRead('poses', (pass) => this.posesPass(pass, plan, null), [{ buffer: plan.poses, bytes: posesBytes }]);
      plan.posesCpu = new Float32Array(out);
      return plan.posesCpu.slice();
    });
  }

  private pairsPass(pass: GPUComputePassEncoder, q: LastQuery, workCount: number): void {
    const g = this.geometry!;
    const stagesOffset = q.packed.length;
    this.gpu.writeParams(this.params.pairs, [g.packed.toothCount, q.stages.length, stagesOffset, q.workOffset, q.searchMm], [4]);
    pass.setPipeline(this.kernels.pairs);
    pass.setBindGroup(0, this.gpu.bind(this.kernels.pairs, [g.teeth, g.vertices, g.triangles, g.nodes, this.plan!.poses, q.query, q.results, this.params.pairs]));
    if (workCount > 0 && q.stages.length > 0) pass.dispatchWorkgroups(workCount, q.stages.length);
  }

  queryPairs(pairs: ToothPair[], options: PairQueryOptions = {}): Promise<PairResults> {
    return this.gpu.serial(async () => {
      const plan = this.requirePlan();
      const g = this.geometry!;
      const packed = packPairRequest(pairs, g.fdis);
      const searchMm = checkSearch(options.searchMm);
      const stages = checkStages(options.stages, plan.stageCount);
      const max = this.device.limits.maxComputeWorkgroupsPerDimension;
      if (pairs.length > max || stages.length > max) {
        throw new EngineInputError(`${pairs.length} pairs x ${stages.length} stages exceed this GPU's maxComputeWorkgroupsPerDimension (${max}): query fewer at a time`);
      }
      this.forgetQuery();
      const words = new Uint32Array(packed.length + stages.length + pairs.length);
      words.set(packed, 0);
      words.set(stages, packed.length);
      words.set(pairs.map((_, i) => i), packed.length + stages.length);
      const resultBytes = pairs.length * stages.length * RESULT_WORDS * 4;
      checkBindingSize(this.device, resultBytes, 'RESULTS');
      const q: LastQuery = {
        pairs: pairs.map((p) => ({ ...p })), packed, stages, searchMm,
        query: this.gpu.upload(words, 'pair query'), workOffset: packed.length + stages.length,
        results: this.gpu.buffer(resultBytes, STORAGE | USAGE.COPY_SRC, 'RESULTS'),
        resultsCpu: resultsBuffer(pairs.length, stages.length),
      };
      this.last = q;
      if (resultBytes > 0) {
        q.resultsCpu = await this.gpu.submitAndRead('pair query', (pass) => this.pairsPass(pass, q, pairs.length), [{ buffer: q.results, bytes: resultBytes }]);
      }
      return copyResults(q);
    });
  }

  occlusionMap(request: OcclusionRequest): Promise<OcclusionMap> {
    return this.gpu.serial(async () => {
      const plan = this.requirePlan();
      const g = this.geometry!;
      const searchMm = checkSearch(request.searchMm);
      const [stage] = checkStages([request.stage], plan.stageCount);
      const antagonists = request.antagonists.map((f) => this.indexOf(f));
      const targets = request.teeth.map((f) => this.indexOf(f));
      const tu = new Uint32Array(g.packed.teeth);
      const layout: OcclusionMap['teeth'] = [];
      let offset = 0;
      for (const i of targets) {
        const vertexCount = tu[i * TOOTH_WORDS + TOOTH.vertexCount];
        layout.push({ fdi: g.fdis[i], offset, vertexCount, crownVertexCount: tu[i * TOOTH_WORDS + TOOTH.crownVertexCount] });
        offset += vertexCount;
      }
      if (offset === 0) return { stage, searchMm, teeth: layout, distances: new Float32Array(0) };
      const job = new Uint32Array(targets.length * 2 + antagonists.length);
      targets.forEach((t, k) => job.set([t, layout[k].offset], k * 2));
      job.set(antagonists, targets.length * 2);
      const jobBuffer = this.gpu.upload(job, 'occlusion job');
      const out = this.gpu.buffer(offset * 4, STORAGE | USAGE.COPY_SRC, 'OCCLUSION');
      try {
        const groups = Math.ceil(offset / WORKGROUP_SIZE);
        const max = this.device.limits.maxComputeWorkgroupsPerDimension;
        const gx = Math.min(groups, max), gy = Math.ceil(groups / gx);
        const bytes = await this.gpu.submitAndRead('occlusion map', (pass) => {
          this.gpu.writeParams(this.params.occlusion, [g.packed.toothCount, stage, targets.length, antagonists.length, offset, searchMm, gx * WORKGROUP_SIZE], [5]);
          pass.setPipeline(this.kernels.occlusion);
          pass.setBindGroup(0, this.gpu.bind(this.kernels.occlusion, [g.teeth, g.vertices, g.triangles, g.nodes, plan.poses, jobBuffer, out, this.params.occlusion]));
          pass.dispatchWorkgroups(gx, gy);
        }, [{ buffer: out, bytes: offset * 4 }]);
        return { stage, searchMm, teeth: layout, distances: new Float32Array(bytes) };
      } finally {
        this.gpu.release(jobBuffer, out);
      }
    });
  }

  updateToothTarget(fdi: Fdi, target: Pose, staging?: { start: number; active: number }): Promise<PairUpdate> {
    return this.gpu.serial(async () => {
      const plan = this.requirePlan();
      const i = this.indexOf(fdi);
      const rec = unpackPlanTooth(plan.records, i);
      // Checked by the same code as a fresh plan, so bad input fails the same way.
      const start = staging?.start ?? rec.start, active = staging?.active ?? rec.active;
      const [checked] = planRecords({ stageCount: 1, teeth: [{ fdi, initial: rec.initial, target, start, active }] }, [fdi], [rec.centre]);
      const record = new Float32Array(packPlan([checked]));
      plan.records.set(record, i * PLAN_TOOTH_WORDS);
      this.device.queue.writeBuffer(plan.plan, i * PLAN_TOOTH_WORDS * 4, record);
      const q = this.last;
      const recomputedPairs: number[] = [];
      if (q) {
        for (let p = 0; p < q.pairs.length; p++) {
          if (q.packed[p * PAIR_WORDS] === i || q.packed[p * PAIR_WORDS + 1] === i) recomputedPairs.push(p);
        }
        if (recomputedPairs.length > 0) this.device.queue.writeBuffer(q.query, q.workOffset * 4, Uint32Array.from(recomputedPairs));
      }
      const posesBytes = plan.posesCpu.byteLength;
      const resultBytes = q && recomputedPairs.length > 0 ? q.resultsCpu.byteLength : 0;
      const reads = [{ buffer: plan.poses, bytes: posesBytes }, ...(q && resultBytes > 0 ? [{ buffer: q.results, bytes: resultBytes }] : [])];
      const bytes = await this.gpu.submitAndRead('incremental update', (pass) => {
        this.posesPass(pass, plan, i);
        if (q && recomputedPairs.length > 0) this.pairsPass(pass, q, recomputedPairs.length);
      }, reads);
      plan.posesCpu = new Float32Array(bytes.slice(0, posesBytes));
      if (q && resultBytes > 0) q.resultsCpu = bytes.slice(posesBytes, posesBytes + resultBytes);
      return { poses: plan.posesCpu.slice(), results: q ? copyResults(q) : null, recomputedPairs };
    });
  }

  dispose(): void {
    this.gpu.close();
    this.geometry = this.plan = this.last = null;
  }
}

/** Results handed out are copies: the engine keeps its own for incremental updates. */
function copyResults(q: LastQuery): PairResults {
  return { pairs: q.pairs.map((p) => ({ ...p })), stages: q.stages.slice(), searchMm: q.searchMm, buffer: q.resultsCpu.slice(0) };
}

/** The WebGPU backend; throws WebGpuUnavailableError naming what is missing when it cannot run. */
export async function createWebGpuEngine(opts: WebGpuEngineOptions = {}): Promise<Engine> {
  const { device, owned } = await acquireDevice(opts);
  try {
    const kernels = await createKernels(device);
    return new WebGpuEngine(new GpuSession(device, owned, opts.onLost), kernels);
  } catch (e) {
    if (owned) device.destroy();
    throw e;
  }
}
