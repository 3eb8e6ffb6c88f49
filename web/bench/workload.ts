// The benchmark's workload, the same in Node (web/bench/main.ts) and in the browser page
// (web/bench/page.ts): whole plans of 40 stages with a seeded, clinically plausible staged
// movement for every tooth, and every neighbour and antagonist pair. No file access here:
// the real arch comes in as a parsed mesh so the page can fetch it and Node can read it.
import type { LabelledMesh } from '../geometry/mesh.ts';
import { generateDemoCase, DEMO_SEED } from '../geometry/demo/index.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import { poseFromMovement, type ToothMovement } from '../core/pose.ts';
import { mulberry32, uniform, type Rng } from '../core/random.ts';
import { type PoseRequest, type ToothInput, type ToothPair, type ToothStaging } from '../engine/engine.ts';
import { antagonistPairs, neighbourPairs } from '../core/pairs.ts';
import { teethFromArch } from '../engine/fixtures/arch-teeth.ts';
import { jawOf } from '../core/fdi.ts';

export const BENCH_STAGES = 40;
export const BENCH_SEED = 4040;
export const BENCH_SEARCH_MM = 1;

/** One plan the engine runs in one go (one loadTeeth, one computePoses, one queryPairs). */
export interface BenchPlan {
  name: string;
  teeth: ToothInput[];
  request: PoseRequest;
  pairs: ToothPair[];
}

export interface WorkloadSize {
  plans: string[];
  teeth: number;
  triangles: number;
  vertices: number;
  stages: number;
  pairs: number;
  neighbourPairs: number;
  antagonistPairs: number;
  pairStages: number;
}

/**
 * Per-tooth movement drawn within what a course of aligners does (mm / degrees), staged
 * at the DESIGN.md per-stage limits: active stages = max over components ceil(|d| / limit).
 */
const RANGE: ToothMovement = { mesial: 2, buccal: 1.5, extrusion: 1, tip: 10, torque: 8, rotation: 25 };
const LIMIT: ToothMovement = { mesial: 0.25, buccal: 0.25, extrusion: 0.15, tip: 2, torque: 1, rotation: 2 };

export function stagedMovements(teeth: { fdi: number; frame: ToothFrame }[], stageCount: number, rng: Rng): ToothStaging[] {
  const keys = Object.keys(RANGE) as (keyof ToothMovement)[];
  return teeth.map(({ fdi, frame }) => {
    const m = Object.fromEntries(keys.map((k) => [k, uniform(rng, -RANGE[k], RANGE[k])])) as unknown as ToothMovement;
    const active = Math.max(1, ...keys.map((k) => Math.ceil(Math.abs(m[k]) / LIMIT[k])));
    // Every tooth finishes by the last stage; when it starts is the plan's pattern, drawn here.
    const start = Math.floor(uniform(rng, 0, Math.max(0, stageCount - 1 - active) + 1));
    return { fdi, target: poseFromMovement(frame, m), start, active };
  });
}

export interface PlanOptions {
  seed?: number;
  /** BENCH_STAGES unless a quick run (the browser smoke test) asks for fewer. */
  stageCount?: number;
}

function planOf(name: string, teeth: { input: ToothInput; frame: ToothFrame }[], pairs: ToothPair[], seed: number, stageCount = BENCH_STAGES): BenchPlan {
  const staging = stagedMovements(teeth.map((t) => ({ fdi: t.input.fdi, frame: t.frame })), stageCount, mulberry32(seed));
  return { name, teeth: teeth.map((t) => t.input), request: { stageCount, teeth: staging }, pairs };
}

/** The demo case, both arches: neighbours in each arch and antagonists across. */
export function demoPlan(options: PlanOptions = {}, demoSeed = DEMO_SEED): BenchPlan {
  const demo = generateDemoCase(demoSeed);
  const upper = teethFromArch(demo.arches.upper.mesh, 'upper');
  const lower = teethFromArch(demo.arches.lower.mesh, 'lower');
  const teeth = [...upper, ...lower];
  const fdis = teeth.map((t) => t.crown.fdi);
  const pairs = [...neighbourPairs(fdis), ...antagonistPairs(fdis.filter((f) => jawOf(f) === 'upper'), fdis.filter((f) => jawOf(f) === 'lower'))];
  return planOf(`demo case ${demoSeed} (upper + lower)`, teeth, pairs, options.seed ?? BENCH_SEED, options.stageCount);
}

/** The real labelled upper arch (shared/data/scans/upper-arch-01): its neighbours (no lower scan). */
export function realUpperPlan(arch: LabelledMesh, options: PlanOptions = {}): BenchPlan {
  const teeth = teethFromArch(arch, 'upper');
  return planOf('real upper arch (upper-arch-01)', teeth, neighbourPairs(teeth.map((t) => t.crown.fdi)), options.seed ?? BENCH_SEED + 1, options.stageCount);
}

export function workloadSize(plans: BenchPlan[]): WorkloadSize {
  const sum = (f: (p: BenchPlan) => number) => plans.reduce((s, p) => s + f(p), 0);
  const pairs = sum((p) => p.pairs.length);
  return {
    plans: plans.map((p) => p.name),
    teeth: sum((p) => p.teeth.length),
    triangles: sum((p) => p.teeth.reduce((s, t) => s + t.solid.indices.length / 3, 0)),
    vertices: sum((p) => p.teeth.reduce((s, t) => s + t.solid.positions.length / 3, 0)),
    stages: Math.max(...plans.map((p) => p.request.stageCount)),
    pairs,
    neighbourPairs: sum((p) => p.pairs.filter((q) => q.kind === 'neighbour').length),
    antagonistPairs: sum((p) => p.pairs.filter((q) => q.kind === 'antagonist').length),
    pairStages: sum((p) => p.pairs.length * p.request.stageCount),
  };
}

/** A pair at one stage of one plan: the unit every backend and peer is timed on. */
export interface PairStage {
  plan: number;
  pair: number;
  stage: number;
}

/** A seeded random sample of distinct pair-stages across the plans, in plan/pair/stage order. */
export function samplePairStages(plans: BenchPlan[], count: number, seed: number): PairStage[] {
  const all: PairStage[] = [];
  plans.forEach((p, plan) => {
    for (let pair = 0; pair < p.pairs.length; pair++) for (let stage = 0; stage < p.request.stageCount; stage++) all.push({ plan, pair, stage });
  });
  if (count >= all.length) return all;
  const rng = mulberry32(seed);
  // Partial Fisher-Yates: the first `count` entries become a uniform sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (all.length - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count).sort((x, y) => x.plan - y.plan || x.pair - y.pair || x.stage - y.stage);
}
