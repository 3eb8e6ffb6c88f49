// The reference backend: plain TypeScript in f64 over the f32 buffers of layout.ts, written
// to be read rather than to be fast. It is the oracle the WASM and WebGPU backends are tested
// against, so it follows the pair-query recipe at the top of layout.ts step by step.
import type { BvhCache } from './bvh-cache.ts';
import type { Fdi } from '../core/fdi.ts';
import { composePoses, interpolatePose, invertPose, matrixFromQuat, quatNormalize, stageFraction, type Pose, type Vec3 } from '../core/pose.ts';
import { closestPoint, emptyClosestPoint } from '../geometry/bvh.ts';
import {
  EngineInputError, checkSearch, checkStages, packPairRequest, packPlanRequest, planRecords, resultsBuffer,
  type Engine, type LoadedTeeth, type OcclusionMap, type OcclusionRequest, type PairQueryOptions, type PairResults,
  type PairUpdate, type PoseRequest, type ToothInput, type ToothPair, prepareTeeth,
} from './engine.ts';
import {
  PAIR_WORDS, PENETRATION_EPS_MM, PLAN_TOOTH_WORDS, POSE_WORDS, RESULT_FAR, RESULT_OVERLAP, packPlan, readPose, unpackPlanTooth,
  unpackTooth, writePose, writeResult, type PackedTeeth, type PairRecord, type UnpackedTooth,
} from './layout.ts';

/** A rigid map as a row-major 3x4 matrix [R | t], f64. */
type Rigid = Float64Array;

function rigidFromPose(p: Pose): Rigid {
  const r = matrixFromQuat(quatNormalize(p.q));
  return Float64Array.from([r[0], r[1], r[2], p.t[0], r[3], r[4], r[5], p.t[1], r[6], r[7], r[8], p.t[2]]);
}

function applyRigid(m: Rigid, x: number, y: number, z: number): Vec3 {
  return [
    m[0] * x + m[1] * y + m[2] * z + m[3],
    m[4] * x + m[5] * y + m[6] * z + m[7],
    m[8] * x + m[9] * y + m[10] * z + m[11],
  ];
}

/** Body frame -> scan frame of a tooth at a stage: its stage pose after its body pose. */
function modelPose(stagePose: Pose, tooth: UnpackedTooth): Pose {
  return composePoses(stagePose, tooth.body);
}

interface Contact {
  distance: number;
  pointA: Vec3;
  pointB: Vec3;
}

/**
 * Every vertex of `from` against the solid `to`: updates the best contact (strictly smaller
 * wins) and returns how many vertices of `from` lie inside `to`. `fromIsA` says which side
 * of the pair the vertices belong to, for the contact points.
 */
function sweep(from: UnpackedTooth, fromModel: Pose, to: UnpackedTooth, toModel: Pose, searchMm: number, best: Contact, fromIsA: boolean): number {
  const toScan = rigidFromPose(toModel);
  const fromScan = rigidFromPose(fromModel);
  const fromInTo = rigidFromPose(composePoses(invertPose(toModel), fromModel));
  const lo = to.boxMin.map((v) => v - searchMm), hi = to.boxMax.map((v) => v + searchMm);
  const p = from.bvh.positions;
  const hit = emptyClosestPoint();
  let inside = 0;
  for (let v = 0; v < p.length / 3; v++) {
    const [x, y, z] = applyRigid(fromInTo, p[v * 3], p[v * 3 + 1], p[v * 3 + 2]);
    if (x < lo[0] || y < lo[1] || z < lo[2] || x > hi[0] || y > hi[1] || z > hi[2]) continue;
    closestPoint(to.bvh, x, y, z, hit);
    if (hit.distance < -PENETRATION_EPS_MM) inside++;
    if (hit.distance < best.distance) {
      const onFrom = applyRigid(fromScan, p[v * 3], p[v * 3 + 1], p[v * 3 + 2]);
      const onTo = applyRigid(toScan, hit.x, hit.y, hit.z);
      best.distance = hit.distance;
      best.pointA = fromIsA ? onFrom : onTo;
      best.pointB = fromIsA ? onTo : onFrom;
    }
  }
  return inside;
}

function spheresApart(a: UnpackedTooth, aModel: Pose, b: UnpackedTooth, bModel: Pose, searchMm: number): boolean {
  const ca = applyRigid(rigidFromPose(aModel), ...a.sphere.centre);
  const cb = applyRigid(rigidFromPose(bModel), ...b.sphere.centre);
  return Math.hypot(ca[0] - cb[0], ca[1] - cb[1], ca[2] - cb[2]) - a.sphere.radius - b.sphere.radius > searchMm;
}

const FAR_RESULT = (searchMm: number): PairRecord => ({ distance: searchMm, pointA: [0, 0, 0], pointB: [0, 0, 0], aInB: 0, bInA: 0, flags: RESULT_FAR });

/** The pair query of layout.ts for two teeth at their stage poses. */
export function pairQuery(a: UnpackedTooth, aPose: Pose, b: UnpackedTooth, bPose: Pose, searchMm: number): PairRecord {
  const aModel = modelPose(aPose, a), bModel = modelPose(bPose, b);
  if (spheresApart(a, aModel, b, bModel, searchMm)) return FAR_RESULT(searchMm);
  const best: Contact = { distance: Infinity, pointA: [0, 0, 0], pointB: [0, 0, 0] };
  const aInB = sweep(a, aModel, b, bModel, searchMm, best, true);
  const bInA = sweep(b, bModel, a, aModel, searchMm, best, false);
  if (!(best.distance < searchMm)) return FAR_RESULT(searchMm);
  const flags = best.distance < -PENETRATION_EPS_MM ? RESULT_OVERLAP : 0;
  return { distance: best.distance, pointA: best.pointA, pointB: best.pointB, aInB, bInA, flags };
}

/** Signed distance from a scan-frame point to the nearest of some teeth, capped at +searchMm. */
export function distanceToTeeth(point: Vec3, teeth: { tooth: UnpackedTooth; model: Pose }[], searchMm: number): number {
  let best = searchMm;
  const hit = emptyClosestPoint();
  for (const { tooth, model } of teeth) {
    const c = applyRigid(rigidFromPose(model), ...tooth.sphere.centre);
    if (Math.hypot(point[0] - c[0], point[1] - c[1], point[2] - c[2]) - tooth.sphere.radius > searchMm) continue;
    const [x, y, z] = applyRigid(rigidFromPose(invertPose(model)), ...point);
    const lo = tooth.boxMin, hi = tooth.boxMax;
    if (x < lo[0] - searchMm || y < lo[1] - searchMm || z < lo[2] - searchMm) continue;
    if (x > hi[0] + searchMm || y > hi[1] + searchMm || z > hi[2] + searchMm) continue;
    best = Math.min(best, closestPoint(tooth.bvh, x, y, z, hit).distance);
  }
  return best;
}

interface LastQuery {
  pairs: ToothPair[];
  packed: Uint32Array;
  results: PairResults;
}

class ReferenceEngine implements Engine {
  readonly backend = 'reference' as const;
  private packed: PackedTeeth | null = null;
  private teeth: UnpackedTooth[] = [];
  private fdis: Fdi[] = [];
  private plan: Float32Array | null = null;
  private stageCount = 0;
  private poses: Float32Array | null = null;
  private last: LastQuery | null = null;
  private disposed = false;

  private live(): void {
    if (this.disposed) throw new Error('the reference engine has been disposed');
  }

  private indexOf(fdi: Fdi): number {
    const i = this.fdis.indexOf(fdi);
    if (i < 0) throw new EngineInputError(`tooth ${fdi} is not loaded`);
    return i;
  }

  private requirePoses(): Float32Array {
    if (!this.poses) throw new EngineInputError('no poses yet: call computePoses first');
    return this.poses;
  }

  async loadTeeth(teeth: ToothInput[], staged?: BvhCache): Promise<LoadedTeeth> {
    this.live();
    const packed = prepareTeeth(teeth, staged);
    this.packed = packed;
    this.teeth = teeth.map((_, i) => unpackTooth(packed, i));
    this.fdis = teeth.map((t) => t.fdi);
    this.plan = this.poses = this.last = null;
    return { fdis: [...this.fdis], vertexCount: packed.vertexCount, triangleCount: packed.triangleCount, nodeCount: packed.nodeCount };
  }

  /** Poses of tooth i at every stage, from its PLAN record. */
  private stageTooth(i: number): void {
    const rec = unpackPlanTooth(this.plan!, i);
    for (let s = 0; s < this.stageCount; s++) {
      const f = stageFraction(s, rec.start, rec.active);
      writePose(this.poses!, this.teeth.length, s, i, interpolatePose(rec.initial, rec.target, f, rec.centre));
    }
  }

  async computePoses(request: PoseRequest): Promise<Float32Array> {
    this.live();
    if (!this.packed) throw new EngineInputError('no teeth loaded: call loadTeeth first');
    const centres = this.teeth.map((t) => t.body.t);
    this.plan = packPlanRequest(request, this.fdis, centres);
    this.stageCount = request.stageCount;
    this.poses = new Float32Array(this.stageCount * this.teeth.length * POSE_WORDS);
    this.last = null;
    for (let i = 0; i < this.teeth.length; i++) this.stageTooth(i);
    return this.poses.slice();
  }

  private computePair(packed: Uint32Array, pair: number, stages: Uint32Array, searchMm: number, buffer: ArrayBuffer): void {
    const a = packed[pair * PAIR_WORDS], b = packed[pair * PAIR_WORDS + 1];
    const n = this.teeth.length;
    stages.forEach((stage, k) => {
      const aPose = readPose(this.poses!, n, stage, a), bPose = readPose(this.poses!, n, stage, b);
      writeResult(buffer, pair * stages.length + k, pairQuery(this.teeth[a], aPose, this.teeth[b], bPose, searchMm));
    });
  }

  async queryPairs(pairs: ToothPair[], options: PairQueryOptions = {}): Promise<PairResults> {
    this.live();
    this.requirePoses();
    const packed = packPairRequest(pairs, this.fdis);
    const searchMm = checkSearch(options.searchMm);
    const stages = checkStages(options.stages, this.stageCount);
    const buffer = resultsBuffer(pairs.length, stages.length);
    for (let p = 0; p < pairs.length; p++) this.computePair(packed, p, stages, searchMm, buffer);
    const results: PairResults = { pairs: pairs.map((p) => ({ ...p })), stages, searchMm, buffer };
    this.last = { pairs: results.pairs, packed, results };
    return copyResults(results);
  }

  async occlusionMap(request: OcclusionRequest): Promise<OcclusionMap> {
    this.live();
    const poses = this.requirePoses();
    const searchMm = checkSearch(request.searchMm);
    const [stage] = checkStages([request.stage], this.stageCount);
    const n = this.teeth.length;
    const model = (i: number) => modelPose(readPose(poses, n, stage, i), this.teeth[i]);
    const antagonists = request.antagonists.map((f) => this.indexOf(f)).map((i) => ({ tooth: this.teeth[i], model: model(i) }));
    const targets = request.teeth.map((f) => this.indexOf(f));
    const layout: OcclusionMap['teeth'] = [];
    let offset = 0;
    for (const i of targets) {
      const vertexCount = this.teeth[i].bvh.positions.length / 3;
      layout.push({ fdi: this.fdis[i], offset, vertexCount, crownVertexCount: this.teeth[i].crownVertexCount });
      offset += vertexCount;
    }
    const distances = new Float32Array(offset);
    targets.forEach((i, k) => {
      const scan = rigidFromPose(model(i));
      const p = this.teeth[i].bvh.positions;
      for (let v = 0; v < p.length / 3; v++) {
        const world = applyRigid(scan, p[v * 3], p[v * 3 + 1], p[v * 3 + 2]);
        distances[layout[k].offset + v] = distanceToTeeth(world, antagonists, searchMm);
      }
    });
    return { stage, searchMm, teeth: layout, distances };
  }

  async updateToothTarget(fdi: Fdi, target: Pose, staging?: { start: number; active: number }): Promise<PairUpdate> {
    this.live();
    this.requirePoses();
    const i = this.indexOf(fdi);
    const rec = unpackPlanTooth(this.plan!, i);
    // Checked by the same code as a fresh plan, so bad input fails the same way.
    const start = staging?.start ?? rec.start, active = staging?.active ?? rec.active;
    const [checked] = planRecords({ stageCount: 1, teeth: [{ fdi, initial: rec.initial, target, start, active }] }, [fdi], [rec.centre]);
    this.plan!.set(packPlan([checked]), i * PLAN_TOOTH_WORDS);
    this.stageTooth(i);
    const recomputedPairs: number[] = [];
    let results: PairResults | null = null;
    if (this.last) {
      const { packed, results: last } = this.last;
      for (let p = 0; p < last.pairs.length; p++) {
        if (packed[p * PAIR_WORDS] !== i && packed[p * PAIR_WORDS + 1] !== i) continue;
        this.computePair(packed, p, last.stages, last.searchMm, last.buffer);
        recomputedPairs.push(p);
      }
      results = copyResults(last);
    }
    return { poses: this.poses!.slice(), results, recomputedPairs };
  }

  dispose(): void {
    this.disposed = true;
    this.packed = this.plan = this.poses = this.last = null;
    this.teeth = [];
  }
}

/** Results handed out are copies: the engine keeps its own for incremental updates. */
function copyResults(r: PairResults): PairResults {
  return { pairs: r.pairs.map((p) => ({ ...p })), stages: r.stages.slice(), searchMm: r.searchMm, buffer: r.buffer.slice(0) };
}

export function createReferenceEngine(): Engine {
  return new ReferenceEngine();
}
