// Issue #5's bench lines on the demo case, set up the way the studio sets up a plan
// (archPlanParts per arch, auto-setup with crowns, plan, stagePlan, engine): the whole
// plan's staging plus every collision at every stage, and one tooth moved in the gizmo
// (updateToothTarget: its poses and only its pairs recomputed at every stage). The engine
// comes in as a factory: main.ts passes WASM, the bench page WebGPU and WASM.
import { jawOf, type Fdi } from '../core/fdi.ts';
import type { Jaw } from '../core/types.ts';
import { poseFromMovement } from '../core/pose.ts';
import { mulberry32 } from '../core/random.ts';
import { DEFAULT_PROTOCOL } from '../core/protocol.ts';
import { emptyPlan, setTargets, zeroMovement, type Plan } from '../core/plan.ts';
import { poseRequest, requiredStages, stagePlan, type Staging } from '../core/staging.ts';
import { planFindings, type Findings, type PairRecord } from '../core/findings.ts';
import { DEMO_SEED, generateDemoCase } from '../geometry/demo/index.ts';
import { archPlanParts, type PlanArchGeometry } from '../geometry/setup/plan-parts.ts';
import { autoSetup } from '../geometry/setup/auto-setup.ts';
import type { ToothAxes } from '../geometry/tooth-axes.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { antagonistPairs, neighbourPairs, planToothInputs, readPairResult, type Engine, type PairResults, type ToothInput, type ToothPair } from '../engine/engine.ts';

/** Issue #5: a gizmo move must update the tooth's overlaps within this, ms. */
export const MOVE_TARGET_MS = 50;
export const PLAN_BENCH_MOVE_SEED = 5005;
/** How far each timed move shifts the tooth beyond its final position, mm (mesial). */
const MOVE_MESIAL_MM = 0.3;
const SEARCH_MM = 1;
const JAWS: readonly Jaw[] = ['upper', 'lower'];

export interface PlanBenchOptions {
  createEngine: () => Promise<Engine>;
  /** Teeth moved one after the other (distinct, seeded choice); default 8. */
  moves?: number;
  /** Seed of the choice of teeth; default PLAN_BENCH_MOVE_SEED. */
  seed?: number;
  /** Runs of the whole plan, the median is reported; default 3. */
  repeats?: number;
  demoSeed?: number;
  log?: (line: string) => void;
}

export interface PlanBenchReport {
  case: string;
  backend: string;
  /** The teeth loaded in the engine (those with a collision solid), both arches. */
  fdis: Fdi[];
  teeth: number;
  pairs: number;
  neighbourPairs: number;
  antagonistPairs: number;
  stages: number;
  pairStages: number;
  /** One-off preparation, ms: axes, crowns and solids of both arches; the engine's BVH build. */
  prepare_ms: { archPlanParts: number; loadTeeth: number };
  autoSetup_ms: number;
  /** stagePlan + poseRequest + computePoses + queryPairs (all pairs, all stages) + planFindings. */
  wholePlan: {
    median_ms: number;
    runs_ms: number[];
    /** Parts of the median run, ms. */
    parts_ms: { staging: number; poses: number; pairs: number; findings: number };
    /** Pair-stages in collision across the plan, and the final-stage IPR proposals. */
    collisions: number;
    iprProposals: number;
  };
  moveOneTooth: {
    seed: number;
    target_ms: number;
    median_ms: number;
    max_ms: number;
    /** Per move, in the order timed. */
    moves: { fdi: Fdi; ms: number; pairsRecomputed: number; stages: number }[];
  };
}

interface Prepared {
  parts: PlanArchGeometry[];
  axes: ToothAxes[];
  inputs: ToothInput[];
  pairs: ToothPair[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function prepare(arches: Record<Jaw, LabelledMesh>): Prepared {
  const parts = JAWS.map((j) => archPlanParts(arches[j], j));
  const inputs = parts.flatMap(planToothInputs);
  const loaded = inputs.map((t) => t.fdi);
  const pairs = [...neighbourPairs(loaded), ...antagonistPairs(loaded.filter((f) => jawOf(f) === 'upper'), loaded.filter((f) => jawOf(f) === 'lower'))];
  return { parts, axes: parts.flatMap((p) => p.teeth), inputs, pairs };
}

function records(results: PairResults): PairRecord[] {
  const out: PairRecord[] = [];
  for (let i = 0; i < results.pairs.length; i++) {
    const kind = results.pairs[i].kind;
    for (let k = 0; k < results.stages.length; k++) {
      const r = readPairResult(results, i, k);
      out.push({ a: r.a, b: r.b, stage: r.stage, distance: r.distance, kind });
    }
  }
  return out;
}

interface WholeRun {
  ms: number;
  parts: { staging: number; poses: number; pairs: number; findings: number };
  staging: Staging;
  findings: Findings;
}

/** What the studio recomputes when the plan changes: staging, then every pair at every stage. */
async function wholePlan(engine: Engine, plan: Plan, prepared: Prepared): Promise<WholeRun> {
  const loaded = new Set(prepared.inputs.map((t) => t.fdi));
  const t0 = performance.now();
  const staging = stagePlan(plan, plan.protocol);
  const request = poseRequest(staging, prepared.axes.map((t) => ({ fdi: t.fdi, frame: t })));
  const t1 = performance.now();
  await engine.computePoses({ stageCount: request.stageCount, teeth: request.teeth.filter((t) => loaded.has(t.fdi)) });
  const t2 = performance.now();
  const results = await engine.queryPairs(prepared.pairs, { searchMm: SEARCH_MM });
  const t3 = performance.now();
  const findings = planFindings(records(results), staging.stageCount - 1, plan.protocol.iprMaxPerContactMm);
  const t4 = performance.now();
  return { ms: t4 - t0, parts: { staging: t1 - t0, poses: t2 - t1, pairs: t3 - t2, findings: t4 - t3 }, staging, findings };
}

/** `count` distinct loaded teeth, seeded partial Fisher-Yates. */
export function chooseTeeth(fdis: readonly Fdi[], count: number, seed: number): Fdi[] {
  const pool = [...fdis];
  const rng = mulberry32(seed);
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

export async function runPlanBench(o: PlanBenchOptions): Promise<PlanBenchReport> {
  const demoSeed = o.demoSeed ?? DEMO_SEED;
  const seed = o.seed ?? PLAN_BENCH_MOVE_SEED;
  const repeats = o.repeats ?? 3;
  const log = o.log ?? (() => {});

  const demo = generateDemoCase(demoSeed);
  let t = performance.now();
  const prepared = prepare({ upper: demo.arches.upper.mesh, lower: demo.arches.lower.mesh });
  const partsMs = performance.now() - t;
  log(`plan bench: demo case ${demoSeed} prepared (archPlanParts both arches, ${partsMs.toFixed(0)} ms)`);

  t = performance.now();
  const crowns = Object.assign({}, ...prepared.parts.map((p) => p.crowns)) as Record<number, Float32Array>;
  const byJaw = Object.fromEntries(prepared.parts.map((p) => [p.jaw, p.teeth])) as Partial<Record<Jaw, ToothAxes[]>>;
  const setup = autoSetup({ upper: byJaw.upper, lower: byJaw.lower, crowns, iprMaxPerContactMm: DEFAULT_PROTOCOL.iprMaxPerContactMm });
  const autoSetupMs = performance.now() - t;
  const plan = setTargets(emptyPlan(DEFAULT_PROTOCOL), Object.entries(setup.targets).map(([fdi, movement]) => ({ fdi: Number(fdi), movement })));
  log(`plan bench: auto-setup ${autoSetupMs.toFixed(0)} ms`);

  const engine = await o.createEngine();
  try {
    t = performance.now();
    await engine.loadTeeth(prepared.inputs);
    const loadMs = performance.now() - t;

    const runs: WholeRun[] = [];
    for (let k = 0; k < repeats; k++) runs.push(await wholePlan(engine, plan, prepared));
    const mid = [...runs].sort((a, b) => a.ms - b.ms)[(runs.length - 1) >> 1];
    const { staging, findings } = runs[runs.length - 1];
    log(`plan bench: whole plan ${median(runs.map((r) => r.ms)).toFixed(1)} ms (median of ${repeats})`);

    // The engine's last query is every pair at every stage (the last whole-plan run), which
    // is what the studio holds while the planner drags.
    const stagedBy = new Map(staging.teeth.map((s) => [s.fdi, s]));
    const frames = new Map(prepared.inputs.map((i) => [i.fdi, i.frame]));
    const moves: PlanBenchReport['moveOneTooth']['moves'] = [];
    for (const fdi of chooseTeeth(prepared.inputs.map((i) => i.fdi), o.moves ?? 8, seed)) {
      const s = stagedBy.get(fdi);
      const final = s?.target ?? zeroMovement();
      const moved = { ...final, mesial: final.mesial + MOVE_MESIAL_MM };
      const start = s?.start ?? 0;
      // A tooth that was not moving needs stages to get there; the drag keeps the rest of its timing.
      const active = Math.max(s?.active ?? 0, requiredStages(moved, plan.protocol.limits));
      const target = poseFromMovement(frames.get(fdi)!, moved);
      const t0 = performance.now();
      const update = await engine.updateToothTarget(fdi, target, { start, active });
      const ms = performance.now() - t0;
      moves.push({ fdi, ms, pairsRecomputed: update.recomputedPairs.length, stages: update.results?.stages.length ?? 0 });
    }
    const times = moves.map((m) => m.ms);
    log(`plan bench: move one tooth median ${median(times).toFixed(2)} ms over ${moves.length} teeth`);

    const pairsN = prepared.pairs.length;
    return {
      case: `demo case ${demoSeed} (upper + lower), auto-setup, all-together`,
      backend: engine.backend,
      fdis: prepared.inputs.map((i) => i.fdi),
      teeth: prepared.inputs.length,
      pairs: pairsN,
      neighbourPairs: prepared.pairs.filter((p) => p.kind === 'neighbour').length,
      antagonistPairs: prepared.pairs.filter((p) => p.kind === 'antagonist').length,
      stages: staging.stageCount,
      pairStages: pairsN * staging.stageCount,
      prepare_ms: { archPlanParts: partsMs, loadTeeth: loadMs },
      autoSetup_ms: autoSetupMs,
      wholePlan: {
        median_ms: median(runs.map((r) => r.ms)),
        runs_ms: runs.map((r) => r.ms),
        parts_ms: mid.parts,
        collisions: findings.collisions.reduce((n, s) => n + s.collisions.length, 0),
        iprProposals: findings.ipr.length,
      },
      moveOneTooth: { seed, target_ms: MOVE_TARGET_MS, median_ms: median(times), max_ms: Math.max(...times), moves },
    };
  } finally {
    engine.dispose();
  }
}
