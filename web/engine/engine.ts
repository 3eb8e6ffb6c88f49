// The one interface every compute backend implements (reference, wasm, webgpu), and the
// input checks and preparation they share, so that bad input fails the same way whichever
// backend runs. Buffers follow web/engine/layout.ts.
import type { Mesh } from '../geometry/mesh.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import { isFdi, jawOf, type Fdi } from '../core/fdi.ts';
import { frameBasis, identityPose, isFinitePose, quatFromMatrix, quatNormalize, type Pose, type Vec3 } from '../core/pose.ts';
import { buildBvh, type ToothBvh } from '../geometry/bvh.ts';
import type { BvhCache } from './bvh-cache.ts';
import type { PlanArchParts } from '../geometry/setup/plan-parts.ts';
import {
  DEFAULT_SEARCH_MM, PAIR_ANTAGONIST, PAIR_NEIGHBOUR, PAIR_OTHER, packPairs, packPlan, packTeeth, readResult,
  RESULT_FAR, RESULT_OVERLAP, RESULT_WORDS, type PackedTeeth, type PlanToothRecord,
} from './layout.ts';

export type BackendName = 'reference' | 'wasm' | 'webgpu';

export interface ToothInput {
  fdi: Fdi;
  /** The closed collision solid (web/geometry/collision-solid.ts), scan frame, mm. */
  solid: Mesh;
  /** Its tooth frame: the BVH is built in this frame, and staging turns the tooth about its origin. */
  frame: ToothFrame;
  /** Vertices [0, crownVertexCount) are crown vertices, any after them added by closing; default all. */
  crownVertexCount?: number;
}

export interface ToothStaging {
  fdi: Fdi;
  /** Pose at stage `start` and before; default the scan position (identity). */
  initial?: Pose;
  /** Pose at stage `start + active` and after. */
  target: Pose;
  start: number;
  active: number;
}

export interface PoseRequest {
  /** Stages 0 .. stageCount - 1. */
  stageCount: number;
  /** Teeth left out stay at the scan position at every stage. */
  teeth: ToothStaging[];
}

export type PairKind = 'neighbour' | 'antagonist' | 'other';

export interface ToothPair {
  a: Fdi;
  b: Fdi;
  kind?: PairKind;
}

export interface PairQueryOptions {
  /** Pairs farther apart than this are FAR and report +searchMm; default 1 mm. */
  searchMm?: number;
  /** Stages to query; default every stage of the current plan. */
  stages?: number[];
}

export interface PairResults {
  pairs: ToothPair[];
  stages: Uint32Array;
  searchMm: number;
  /** RESULTS records (layout.ts), pair-major: index = pair * stages.length + k. */
  buffer: ArrayBuffer;
}

export interface PairResult {
  a: Fdi;
  b: Fdi;
  stage: number;
  /** Signed minimum distance, mm; negative = overlap depth; +searchMm when far. */
  distance: number;
  /** Contact points, scan frame, mm (zero when far). */
  pointA: Vec3;
  pointB: Vec3;
  /** Vertices of A inside B, and of B inside A. */
  aInB: number;
  bInA: number;
  far: boolean;
  overlap: boolean;
}

export interface OcclusionRequest {
  /** Teeth whose vertices get a distance. */
  teeth: Fdi[];
  /** The teeth they are measured against (usually the other arch). */
  antagonists: Fdi[];
  stage: number;
  /** Distances are capped at +searchMm; default 1 mm. */
  searchMm?: number;
}

export interface OcclusionMap {
  stage: number;
  searchMm: number;
  /** Where each requested tooth's vertices sit in `distances`; the first crownVertexCount are the crown's. */
  teeth: { fdi: Fdi; offset: number; vertexCount: number; crownVertexCount: number }[];
  /** Signed distance per vertex to the nearest antagonist, mm, capped at +searchMm. */
  distances: Float32Array;
}

export interface PairUpdate {
  /** All poses after the change (stages x teeth x POSE_WORDS). */
  poses: Float32Array;
  /** The last pair query with the pairs that involve the tooth recomputed; null if none was made. */
  results: PairResults | null;
  /** Indices (into results.pairs) of the recomputed pairs. */
  recomputedPairs: number[];
}

export interface LoadedTeeth {
  fdis: Fdi[];
  vertexCount: number;
  triangleCount: number;
  nodeCount: number;
  /** Teeth whose BVH came from the staged cache instead of being built (engine worker only). */
  reusedBvhs?: number;
}

export interface Engine {
  readonly backend: BackendName;
  /** Builds every tooth's BVH once (or takes it from `staged`); replaces teeth loaded before and forgets the plan. */
  loadTeeth(teeth: ToothInput[], staged?: BvhCache): Promise<LoadedTeeth>;
  /** Every tooth at every stage in one call: stageCount x toothCount x POSE_WORDS, table order. */
  computePoses(plan: PoseRequest): Promise<Float32Array>;
  /** Pairs at stages of the current plan. */
  queryPairs(pairs: ToothPair[], options?: PairQueryOptions): Promise<PairResults>;
  occlusionMap(request: OcclusionRequest): Promise<OcclusionMap>;
  /** New target (and optionally new start/active) for one tooth: its poses and only its pairs are recomputed. */
  updateToothTarget(fdi: Fdi, target: Pose, staging?: { start: number; active: number }): Promise<PairUpdate>;
  /** Releases buffers and memory; the engine is unusable afterwards. */
  dispose(): void;
}

/**
 * Engine inputs for a prepared arch: each tooth's closed solid, turned about the axes the
 * plan's targets are written in (so a movement means the same to the setup and the engine).
 */
export function planToothInputs(parts: Pick<PlanArchParts, 'teeth' | 'solids'>): ToothInput[] {
  const byFdi = new Map(parts.teeth.map((t) => [t.fdi, t]));
  return parts.solids.filter((s) => byFdi.has(s.fdi)).map((s) => {
    const t = byFdi.get(s.fdi)!;
    return { fdi: s.fdi, solid: s.mesh, frame: { origin: t.origin, mesial: t.mesial, buccal: t.buccal, occlusal: t.occlusal }, crownVertexCount: s.crownVertexCount };
  });
}

/** The compute calls, as the worker API and the UI's client pass them through unchanged. */
export interface EngineCalls extends Pick<Engine, 'computePoses' | 'queryPairs' | 'occlusionMap' | 'updateToothTarget'> {
  loadTeeth(teeth: ToothInput[]): Promise<LoadedTeeth>;
  /**
   * Builds the BVHs of teeth about to be loaded, ahead of loadTeeth, so the engine works
   * while the rest of the case is still being prepared. Changes nothing loaded; optional.
   */
  stageTeeth?(teeth: ToothInput[]): Promise<void>;
}

/** Bad input to the engine: the message names the tooth, pair or field. */
export class EngineInputError extends Error {
  override name = 'EngineInputError';
}

export function readPairResult(results: PairResults, pair: number, stageIndex: number): PairResult {
  const r = readResult(results.buffer, pair * results.stages.length + stageIndex);
  return {
    a: results.pairs[pair].a, b: results.pairs[pair].b, stage: results.stages[stageIndex],
    distance: r.distance, pointA: r.pointA, pointB: r.pointB, aInB: r.aInB, bInA: r.bInA,
    far: (r.flags & RESULT_FAR) !== 0, overlap: (r.flags & RESULT_OVERLAP) !== 0,
  };
}

export function resultsBuffer(pairCount: number, stageCount: number): ArrayBuffer {
  return new ArrayBuffer(pairCount * stageCount * RESULT_WORDS * 4);
}

/** Body frame of a tooth: its frame origin and [mesial, buccal, mesial x buccal] axes. */
export function bodyPose(frame: ToothFrame): Pose {
  const { e1, e2, e3 } = frameBasis(frame);
  return { t: [...frame.origin], q: quatFromMatrix([e1[0], e2[0], e3[0], e1[1], e2[1], e3[1], e1[2], e2[2], e3[2]]) };
}

function checkFrame(fdi: Fdi, frame: ToothFrame): void {
  const axes = [frame.mesial, frame.buccal, frame.occlusal];
  if (![frame.origin, ...axes].every((v) => v.length === 3 && v.every(Number.isFinite))) {
    throw new EngineInputError(`tooth ${fdi}: its frame has a non-finite value`);
  }
  const d = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const orthonormal = axes.every((a) => Math.abs(d(a, a) - 1) < 1e-4) &&
    Math.abs(d(frame.mesial, frame.buccal)) < 1e-4 && Math.abs(d(frame.mesial, frame.occlusal)) < 1e-4 && Math.abs(d(frame.buccal, frame.occlusal)) < 1e-4;
  if (!orthonormal) throw new EngineInputError(`tooth ${fdi}: its frame axes are not orthonormal`);
}

/** Throws EngineInputError naming the tooth when its number, frame or solid is unusable. */
export function checkTooth(tooth: ToothInput): void {
  const { fdi, solid, frame } = tooth;
  if (!isFdi(fdi)) throw new EngineInputError(`not an FDI tooth number: ${fdi}`);
  checkFrame(fdi, frame);
  const n = solid.positions.length / 3;
  if (solid.indices.length === 0 || n === 0) throw new EngineInputError(`tooth ${fdi}: its solid has no triangles`);
  if (!solid.positions.every(Number.isFinite)) throw new EngineInputError(`tooth ${fdi}: its solid has non-finite coordinates`);
  if (solid.indices.some((i) => i >= n)) throw new EngineInputError(`tooth ${fdi}: a triangle refers to a vertex beyond its ${n}`);
  const crownVertexCount = tooth.crownVertexCount ?? n;
  if (!(Number.isInteger(crownVertexCount) && crownVertexCount >= 0 && crownVertexCount <= n)) {
    throw new EngineInputError(`tooth ${fdi}: crownVertexCount ${crownVertexCount} is not within 0..${n}`);
  }
}

/** The BVH of a checked tooth's solid, built in its body frame: local = R^T (x - origin). */
export function bodyBvh(tooth: ToothInput): ToothBvh {
  const { fdi, solid, frame } = tooth;
  const { e1, e2, e3 } = frameBasis(frame);
  const local = new Float32Array(solid.positions.length);
  for (let i = 0; i < solid.positions.length; i += 3) {
    const x = solid.positions[i] - frame.origin[0], y = solid.positions[i + 1] - frame.origin[1], z = solid.positions[i + 2] - frame.origin[2];
    local[i] = x * e1[0] + y * e1[1] + z * e1[2];
    local[i + 1] = x * e2[0] + y * e2[1] + z * e2[2];
    local[i + 2] = x * e3[0] + y * e3[1] + z * e3[2];
  }
  return buildBvh({ positions: local, indices: solid.indices }, `tooth ${fdi}`);
}

/** Validates the teeth, builds each BVH in its body frame (or takes it from `staged`) and packs them (shared by all backends). */
export function prepareTeeth(teeth: ToothInput[], staged?: BvhCache): PackedTeeth {
  const seen = new Set<Fdi>();
  const sources = teeth.map((tooth) => {
    checkTooth(tooth);
    if (seen.has(tooth.fdi)) throw new EngineInputError(`tooth ${tooth.fdi} is loaded twice`);
    seen.add(tooth.fdi);
    const bvh = staged ? staged.bvhOf(tooth, () => bodyBvh(tooth)) : bodyBvh(tooth);
    return { fdi: tooth.fdi, bvh, body: bodyPose(tooth.frame), crownVertexCount: tooth.crownVertexCount ?? tooth.solid.positions.length / 3 };
  });
  return packTeeth(sources);
}

function checkPose(what: string, p: Pose): Pose {
  if (!p || !Array.isArray(p.t) || !Array.isArray(p.q) || p.t.length !== 3 || p.q.length !== 4 || !isFinitePose(p)) {
    throw new EngineInputError(`${what} has a missing or non-finite value`);
  }
  try {
    return { t: [...p.t], q: quatNormalize(p.q) };
  } catch {
    throw new EngineInputError(`${what} has a zero rotation quaternion`);
  }
}

function checkStaging(fdi: Fdi, start: number, active: number): void {
  if (!Number.isFinite(start) || start < 0) throw new EngineInputError(`tooth ${fdi}: start stage ${start} is not a finite number >= 0`);
  if (!Number.isFinite(active) || active < 0) throw new EngineInputError(`tooth ${fdi}: active stages ${active} is not a finite number >= 0`);
}

/** One PLAN record per loaded tooth (table order); teeth left out of the request stay put. */
export function planRecords(plan: PoseRequest, fdis: Fdi[], centres: Vec3[]): PlanToothRecord[] {
  if (!Number.isInteger(plan.stageCount) || plan.stageCount < 1) throw new EngineInputError(`stageCount ${plan.stageCount} is not a whole number >= 1`);
  const records: PlanToothRecord[] = fdis.map((_, i) => ({ initial: identityPose(), target: identityPose(), centre: centres[i], start: 0, active: 0 }));
  const seen = new Set<Fdi>();
  for (const s of plan.teeth) {
    const i = fdis.indexOf(s.fdi);
    if (i < 0) throw new EngineInputError(`the plan stages tooth ${s.fdi}, which is not loaded`);
    if (seen.has(s.fdi)) throw new EngineInputError(`the plan stages tooth ${s.fdi} twice`);
    seen.add(s.fdi);
    checkStaging(s.fdi, s.start, s.active);
    records[i] = {
      initial: checkPose(`tooth ${s.fdi}: initial pose`, s.initial ?? identityPose()),
      target: checkPose(`tooth ${s.fdi}: target pose`, s.target),
      centre: centres[i], start: s.start, active: s.active,
    };
  }
  return records;
}

export function packPlanRequest(plan: PoseRequest, fdis: Fdi[], centres: Vec3[]): Float32Array {
  return packPlan(planRecords(plan, fdis, centres));
}

/** Checks a pair request against the loaded teeth and packs it (PAIRS layout). */
export function packPairRequest(pairs: ToothPair[], fdis: Fdi[]): Uint32Array {
  const kinds = { neighbour: PAIR_NEIGHBOUR, antagonist: PAIR_ANTAGONIST, other: PAIR_OTHER };
  return packPairs(pairs.map((p, n) => {
    const a = fdis.indexOf(p.a), b = fdis.indexOf(p.b);
    if (a < 0) throw new EngineInputError(`pair ${n} names tooth ${p.a}, which is not loaded`);
    if (b < 0) throw new EngineInputError(`pair ${n} names tooth ${p.b}, which is not loaded`);
    if (a === b) throw new EngineInputError(`pair ${n} pairs tooth ${p.a} with itself`);
    const kind = p.kind ?? (jawOf(p.a) === jawOf(p.b) ? 'neighbour' : 'antagonist');
    if (!(kind in kinds)) throw new EngineInputError(`pair ${n} has an unknown kind '${kind}'`);
    return { a, b, kind: kinds[kind] };
  }));
}

export function checkSearch(searchMm: number | undefined): number {
  const s = searchMm ?? DEFAULT_SEARCH_MM;
  if (!Number.isFinite(s) || s <= 0) throw new EngineInputError(`searchMm ${searchMm} is not a finite distance > 0`);
  return s;
}

export function checkStages(stages: number[] | undefined, stageCount: number): Uint32Array {
  const list = stages ?? Array.from({ length: stageCount }, (_, i) => i);
  for (const s of list) {
    if (!Number.isInteger(s) || s < 0 || s >= stageCount) throw new EngineInputError(`stage ${s} is not one of the plan's stages 0..${stageCount - 1}`);
  }
  return Uint32Array.from(list);
}
