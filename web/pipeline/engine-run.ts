// The engine's part of a plan's derivation: the prepared teeth as engine input, and one full
// run (every tooth's poses at every stage, then every pair the rules in core/pairs.ts name,
// searched PAIR_SEARCH_MM far, at every stage). The engine comes in through its interface.
import type { Fdi } from '../core/fdi.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import type { Plan } from '../core/plan.ts';
import { poseRequest, type Staging } from '../core/staging.ts';
import type { PairRecord } from '../core/findings.ts';
import { planPairs } from '../core/pairs.ts';
import { PAIR_SEARCH_MM } from '../core/plan-rules.ts';
import type { PlanArchParts } from '../geometry/setup/plan-parts.ts';
import { planToothInputs, readPairResult, type EngineCalls, type PairResults, type ToothInput, type ToothPair } from '../engine/engine.ts';

/** Every prepared solid as engine input, in its own tooth axes (the frame the targets are in). */
export function toothInputs(parts: readonly Pick<PlanArchParts, 'teeth' | 'solids'>[]): ToothInput[] {
  return parts.flatMap(planToothInputs);
}

/** Each tooth's frame, by FDI: the axes its movements are written in. */
export function framesOf(parts: readonly Pick<PlanArchParts, 'teeth'>[]): Map<Fdi, ToothFrame> {
  const teeth = parts.flatMap((p) => p.teeth).sort((a, b) => a.fdi - b.fdi);
  return new Map(teeth.map((t) => [t.fdi, { origin: t.origin, mesial: t.mesial, buccal: t.buccal, occlusal: t.occlusal }]));
}

/** One full engine run: which plan, how many stages, every pose and each pair's raw records over all stages. */
export interface EngineRun {
  plan: Plan;
  stageCount: number;
  /** stageCount x loaded teeth x POSE_WORDS, in the engine's table order (the loaded order). */
  poses: Float32Array;
  pairs: ToothPair[];
  /** records[pair]: stages 0 .. stageCount - 1, the engine's distances (no IPR, no touching rule). */
  records: PairRecord[][];
}

export function pairRecords(results: PairResults, pair: number): PairRecord[] {
  const kind = results.pairs[pair].kind;
  const out: PairRecord[] = [];
  for (let k = 0; k < results.stages.length; k++) {
    const r = readPairResult(results, pair, k);
    out.push({ a: r.a, b: r.b, stage: r.stage, distance: r.distance, ...(kind ? { kind } : {}) });
  }
  return out;
}

/** Poses and pair records of `plan` (staged as `staging`) on the teeth already loaded in the engine. */
export async function runEngine(engine: Pick<EngineCalls, 'computePoses' | 'queryPairs'>, plan: Plan, staging: Staging, frames: ReadonlyMap<Fdi, ToothFrame>, loaded: readonly Fdi[]): Promise<EngineRun> {
  const has = new Set(loaded);
  // A target on a tooth whose arch is not prepared (or whose solid could not be closed) stays out of the engine.
  const staged = { ...staging, teeth: staging.teeth.filter((t) => frames.has(t.fdi) && has.has(t.fdi)) };
  const request = poseRequest(staged, [...frames].map(([fdi, frame]) => ({ fdi, frame })));
  const poses = await engine.computePoses(request);
  const pairs: ToothPair[] = planPairs(loaded);
  if (pairs.length === 0) return { plan, stageCount: staging.stageCount, poses, pairs, records: [] };
  const results = await engine.queryPairs(pairs, { searchMm: PAIR_SEARCH_MM });
  return { plan, stageCount: staging.stageCount, poses, pairs, records: pairs.map((_, i) => pairRecords(results, i)) };
}
