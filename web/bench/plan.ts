// Issue #5's bench lines on the demo case, derived by the headless plan pipeline the studio
// runs (web/pipeline: archPlanParts per arch, auto-setup with crowns, the plan from the
// setup with its IPR timed, staging, engine, findings): the whole plan's staging plus every
// collision at every stage, and one tooth moved in the gizmo (updateToothTarget: its poses
// and only its pairs recomputed at every stage). The engine comes in as a factory: main.ts
// passes WASM, the bench page WebGPU and WASM.
import type { Fdi } from '../core/fdi.ts';
import type { Jaw } from '../core/types.ts';
import { poseFromMovement } from '../core/pose.ts';
import { mulberry32 } from '../core/random.ts';
import { DEFAULT_PROTOCOL } from '../core/protocol.ts';
import { emptyPlan, zeroMovement, type Plan } from '../core/plan.ts';
import { requiredStages, stagePlan, type Staging } from '../core/staging.ts';
import type { Findings } from '../core/findings.ts';
import { planPairs, type ContactPair } from '../core/pairs.ts';
import { DEMO_SEED, generateDemoCase } from '../geometry/demo/index.ts';
import { archPlanParts, type PlanArchGeometry } from '../geometry/setup/plan-parts.ts';
import { autoSetup } from '../geometry/setup/auto-setup.ts';
import type { ToothAxes } from '../geometry/tooth-axes.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import type { Engine } from '../engine/engine.ts';
import { deriveFromRun, framesOf, loadCase, planSetup, runEngine, toothInputs } from '../pipeline/index.ts';

/** Issue #5: a gizmo move must update the tooth's overlaps within this, ms. */
export const MOVE_TARGET_MS = 50;
export const PLAN_BENCH_MOVE_SEED = 5005;
/** How far each timed move shifts the tooth beyond its final position, mm (mesial). */
const MOVE_MESIAL_MM = 0.3;
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
  /** The teeth with a collision solid, in the engine's table order. */
  fdis: Fdi[];
  pairs: ContactPair[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function prepare(arches: Record<Jaw, LabelledMesh>): Prepared {
  const parts = JAWS.map((j) => archPlanParts(arches[j], j));
  const fdis = toothInputs(parts).map((t) => t.fdi);
  return { parts, fdis, pairs: planPairs(fdis) };
}

interface WholeRun {
  ms: number;
  parts: { staging: number; poses: number; pairs: number; findings: number };
  staging: Staging;
  findings: Findings;
}

/** The engine with the time of its last computePoses and queryPairs calls, ms. */
function timedEngine(engine: Engine): { engine: Pick<Engine, 'computePoses' | 'queryPairs'>; ms: { poses: number; pairs: number } } {
  const ms = { poses: 0, pairs: 0 };
  const time = async <T>(key: keyof typeof ms, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await work();
    ms[key] = performance.now() - t;
    return out;
  };
  return {
    ms,
    engine: {
      computePoses: (p) => time('poses', () => engine.computePoses(p)),
      queryPairs: (p, o) => time('pairs', () => engine.queryPairs(p, o)),
    },
  };
}

/** What the studio recomputes when the plan changes: the pipeline's staging, then every pair at every stage, then the findings. */
async function wholePlan(engine: Engine, plan: Plan, prepared: Prepared): Promise<WholeRun> {
  const timed = timedEngine(engine);
  const t0 = performance.now();
  const staging = stagePlan(plan, plan.protocol);
  const t1 = performance.now();
  const run = await runEngine(timed.engine, plan, staging, framesOf(prepared.parts), prepared.fdis);
  const t2 = performance.now();
  const { findings } = deriveFromRun(run, staging, prepared);
  const t3 = performance.now();
  // poseRequest is built inside the run: it counts with the poses.
  const poses = t2 - t1 - timed.ms.pairs;
  return { ms: t3 - t0, parts: { staging: t1 - t0, poses, pairs: timed.ms.pairs, findings: t3 - t2 }, staging, findings };
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
  const targets = Object.entries(setup.targets).map(([fdi, movement]) => ({ fdi: Number(fdi), movement }));
  log(`plan bench: auto-setup ${autoSetupMs.toFixed(0)} ms`);

  const engine = await o.createEngine();
  try {
    t = performance.now();
    const loaded = await loadCase(engine, prepared);
    const loadMs = performance.now() - t;
    // The plan the studio commits after auto-setup: the setup's targets and IPR, the IPR timed on one run.
    const frames = framesOf(prepared.parts);
    const { plan } = await planSetup((p, st) => runEngine(engine, p, st, frames, loaded), emptyPlan(DEFAULT_PROTOCOL), { targets, ipr: setup.ipr, teeth: prepared.parts.flatMap((p) => p.teeth.map((x) => x.fdi)) });

    const runs: WholeRun[] = [];
    for (let k = 0; k < repeats; k++) runs.push(await wholePlan(engine, plan, prepared));
    const mid = [...runs].sort((a, b) => a.ms - b.ms)[(runs.length - 1) >> 1];
    const { staging, findings } = runs[runs.length - 1];
    log(`plan bench: whole plan ${median(runs.map((r) => r.ms)).toFixed(1)} ms (median of ${repeats})`);

    // The engine's last query is every pair at every stage (the last whole-plan run), which
    // is what the studio holds while the planner drags.
    const stagedBy = new Map(staging.teeth.map((s) => [s.fdi, s]));
    const moves: PlanBenchReport['moveOneTooth']['moves'] = [];
    for (const fdi of chooseTeeth(prepared.fdis, o.moves ?? 8, seed)) {
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
      fdis: prepared.fdis,
      teeth: prepared.fdis.length,
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
