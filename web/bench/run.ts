// The benchmark itself, shared by the Node script (main.ts) and the browser page (page.ts):
// every engine backend and peer on the same pair-stages of the same plans. An engine runs
// the whole plan (computePoses + queryPairs per plan, median of a few runs); what would take
// too long (the reference, slow peers) runs a seeded random sample of pair-stages and is
// extrapolated, and the report says which figure is which.
import { readPairResult, type Engine, type PairResults } from '../engine/engine.ts';
import { poseFromMovement } from '../core/pose.ts';
import { BENCH_SEARCH_MM, samplePairStages, workloadSize, type BenchPlan, type PairStage, type WorkloadSize } from './workload.ts';
import type { PeerRunner, StagePoses } from './peers.ts';

export interface Timing {
  /** The whole plan (all plans, all pairs at all stages), ms: measured or extrapolated. */
  wholeMs: number;
  /** How wholeMs was had, in words. */
  method: string;
  /** One-time setup (BVH / Manifold builds), ms, not part of wholeMs. */
  buildMs: number;
}

export interface BenchReport {
  workload: WorkloadSize & { searchMm: number; sample: number; sampleSeed: number };
  times_ms: Record<string, number | null>;
  ratios: Record<string, number | null>;
  methods: Record<string, string>;
  build_ms: Record<string, number>;
  checks: string[];
  notes: string[];
}

export interface EngineEntry {
  name: string;
  /** Rejects with a reason when the backend cannot run here (e.g. WASM not built). */
  create: () => Promise<Engine>;
  /** Time only a sample of pair-stages and extrapolate (the reference). */
  sampleOnly?: boolean;
}

export interface PeerEntry {
  name: string;
  create: (plan: BenchPlan, poses: StagePoses, searchMm: number) => Promise<PeerRunner> | PeerRunner;
}

export interface BenchOptions {
  plans: BenchPlan[];
  engines: EngineEntry[];
  peers: PeerEntry[];
  sample: number;
  sampleSeed: number;
  /** A sampled peer whose estimate is below this also runs the whole plan, ms. */
  fullRunBudgetMs: number;
  repeats: number;
  log: (line: string) => void;
}

const now = () => performance.now();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Loads every plan's teeth into its own engine (one engine per plan: FDI numbers repeat across plans). */
async function loadPlans(create: () => Promise<Engine>, plans: BenchPlan[]): Promise<{ engines: Engine[]; loadMs: number }> {
  const engines: Engine[] = [];
  const t0 = now();
  for (const plan of plans) {
    const engine = await create();
    engines.push(engine);
    await engine.loadTeeth(plan.teeth);
  }
  return { engines, loadMs: now() - t0 };
}

async function wholePlan(engines: Engine[], plans: BenchPlan[], searchMm: number): Promise<{ ms: number; results: PairResults[] }> {
  const t0 = now();
  const results: PairResults[] = [];
  for (let i = 0; i < plans.length; i++) {
    await engines[i].computePoses(plans[i].request);
    results.push(await engines[i].queryPairs(plans[i].pairs, { searchMm }));
  }
  return { ms: now() - t0, results };
}

/** Per-pair-stage calls on the sample (poses computed first, not timed): mean ms per pair-stage. */
async function sampledEngine(engines: Engine[], plans: BenchPlan[], sample: PairStage[], searchMm: number): Promise<{ posesMs: number; perPairStageMs: number; results: Map<PairStage, PairResults> }> {
  const t0 = now();
  for (let i = 0; i < plans.length; i++) await engines[i].computePoses(plans[i].request);
  const posesMs = now() - t0;
  const results = new Map<PairStage, PairResults>();
  const t1 = now();
  for (const s of sample) results.set(s, await engines[s.plan].queryPairs([plans[s.plan].pairs[s.pair]], { searchMm, stages: [s.stage] }));
  return { posesMs, perPairStageMs: (now() - t1) / sample.length, results };
}

/** The tooth with the most pairs in the first plan: the worst single move for the incremental path. */
function busiestTooth(plan: BenchPlan): number {
  const count = new Map<number, number>();
  for (const p of plan.pairs) for (const f of [p.a, p.b]) count.set(f, (count.get(f) ?? 0) + 1);
  return [...count.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0][0];
}

async function incremental(engine: Engine, plan: BenchPlan, repeats: number): Promise<{ ms: number; fdi: number; pairs: number }> {
  const fdi = busiestTooth(plan);
  const tooth = plan.teeth.find((t) => t.fdi === fdi)!;
  const staged = plan.request.teeth.find((t) => t.fdi === fdi)!;
  const times: number[] = [];
  let pairs = 0;
  for (let k = 0; k < repeats; k++) {
    // A drag: a little more mesial each time, same staging.
    const target = poseFromMovement(tooth.frame, { mesial: 0.1 * (k + 1), buccal: 0.2, extrusion: 0, tip: 1, torque: 0, rotation: 3 });
    const t0 = now();
    const update = await engine.updateToothTarget(fdi, target, { start: staged.start, active: staged.active });
    times.push(now() - t0);
    pairs = update.recomputedPairs.length;
  }
  return { ms: median(times), fdi, pairs };
}

/** Engine results against the reference's on the same sampled pair-stages (the tested tolerances). */
function compare(name: string, sample: PairStage[], whole: PairResults[], reference: Map<PairStage, PairResults>): string {
  let worst = 0, countMismatch = 0, flagMismatch = 0;
  for (const s of sample) {
    const r = readPairResult(whole[s.plan], s.pair, s.stage), o = readPairResult(reference.get(s)!, 0, 0);
    worst = Math.max(worst, Math.abs(r.distance - o.distance));
    if (r.aInB !== o.aInB || r.bInA !== o.bInA) countMismatch++;
    if (r.far !== o.far || r.overlap !== o.overlap) flagMismatch++;
  }
  const ok = worst <= 1e-3 && countMismatch === 0 && flagMismatch === 0;
  return `${name} vs reference on the ${sample.length} sampled pair-stages: ${ok ? 'agree' : 'DISAGREE'} (max |distance diff| ${worst.toExponential(1)} mm, count mismatches ${countMismatch}, flag mismatches ${flagMismatch})`;
}

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const size = workloadSize(o.plans);
  const searchMm = BENCH_SEARCH_MM;
  const sample = samplePairStages(o.plans, o.sample, o.sampleSeed);
  const report: BenchReport = {
    workload: { ...size, searchMm, sample: sample.length, sampleSeed: o.sampleSeed },
    times_ms: {}, ratios: {}, methods: {}, build_ms: {}, checks: [], notes: [],
  };
  const extrapolate = (perPairStageMs: number) => perPairStageMs * size.pairStages;
  let referenceSample: Map<PairStage, PairResults> | null = null;
  const wholeResults = new Map<string, PairResults[]>();
  let poses: StagePoses[] | null = null;

  for (const entry of o.engines) {
    let loaded: { engines: Engine[]; loadMs: number };
    try {
      loaded = await loadPlans(entry.create, o.plans);
    } catch (e) {
      report.times_ms[entry.name] = null;
      report.methods[entry.name] = `unavailable: ${e instanceof Error ? e.message : String(e)}`;
      o.log(`${entry.name}: ${report.methods[entry.name]}`);
      continue;
    }
    try {
      report.build_ms[entry.name] = loaded.loadMs;
      poses ??= await Promise.all(loaded.engines.map((e, i) => e.computePoses(o.plans[i].request)));
      if (entry.sampleOnly) {
        const s = await sampledEngine(loaded.engines, o.plans, sample, searchMm);
        if (entry.name === 'reference') referenceSample = s.results;
        report.times_ms[entry.name] = s.posesMs + extrapolate(s.perPairStageMs);
        report.methods[entry.name] = `sample of ${sample.length} pair-stages (seed ${o.sampleSeed}), ${s.perPairStageMs.toFixed(2)} ms each, extrapolated to ${size.pairStages}`;
      } else {
        const runs: number[] = [];
        let last: PairResults[] = [];
        for (let k = 0; k < o.repeats; k++) {
          const w = await wholePlan(loaded.engines, o.plans, searchMm);
          runs.push(w.ms);
          last = w.results;
        }
        wholeResults.set(entry.name, last);
        report.times_ms[entry.name] = median(runs);
        report.methods[entry.name] = `whole plan measured, median of ${o.repeats} runs (${runs.map((r) => r.toFixed(0)).join(', ')} ms)`;
        const inc = await incremental(loaded.engines[0], o.plans[0], 5);
        report.times_ms[`${entry.name} (move one tooth)`] = inc.ms;
        report.methods[`${entry.name} (move one tooth)`] = `tooth ${inc.fdi} of the ${o.plans[0].name}: new target, its ${inc.pairs} pairs x ${o.plans[0].request.stageCount} stages recomputed (updateToothTarget), median of 5`;
      }
      o.log(`${entry.name}: ${report.times_ms[entry.name]!.toFixed(1)} ms (${report.methods[entry.name]})`);
    } finally {
      for (const e of loaded.engines) e.dispose();
    }
  }

  if (referenceSample) {
    for (const [name, whole] of wholeResults) report.checks.push(compare(name, sample, whole, referenceSample));
  }

  if (poses) {
    for (const peer of o.peers) {
      const runners: PeerRunner[] = [];
      try {
        for (let i = 0; i < o.plans.length; i++) runners.push(await peer.create(o.plans[i], poses[i], searchMm));
        report.build_ms[peer.name] = runners.reduce((s, r) => s + r.buildMs, 0);
        const t0 = now();
        for (const s of sample) runners[s.plan].run(s.pair, s.stage);
        const per = (now() - t0) / sample.length;
        const estimate = extrapolate(per);
        if (estimate <= o.fullRunBudgetMs && sample.length < size.pairStages) {
          const t1 = now();
          o.plans.forEach((plan, i) => {
            for (let pair = 0; pair < plan.pairs.length; pair++) for (let stage = 0; stage < plan.request.stageCount; stage++) runners[i].run(pair, stage);
          });
          report.times_ms[peer.name] = now() - t1;
          report.methods[peer.name] = `whole plan measured (its sample of ${sample.length} estimated ${estimate.toFixed(0)} ms)`;
        } else {
          report.times_ms[peer.name] = estimate;
          report.methods[peer.name] = sample.length < size.pairStages
            ? `sample of ${sample.length} pair-stages (seed ${o.sampleSeed}), ${per.toFixed(2)} ms each, extrapolated to ${size.pairStages}`
            : 'whole plan measured';
        }
        o.log(`${peer.name}: ${report.times_ms[peer.name]!.toFixed(0)} ms (${report.methods[peer.name]})`);
      } catch (e) {
        report.times_ms[peer.name] = null;
        report.methods[peer.name] = `failed: ${e instanceof Error ? e.message : String(e)}`;
        o.log(`${peer.name}: ${report.methods[peer.name]}`);
      } finally {
        for (const r of runners) r.dispose();
      }
    }
  }

  const fast = o.engines.filter((e) => !e.sampleOnly).map((e) => e.name);
  for (const base of fast) {
    for (const other of [...o.engines.map((e) => e.name), ...o.peers.map((p) => p.name)]) {
      if (other === base) continue;
      const a = report.times_ms[other], b = report.times_ms[base];
      report.ratios[`${other} / ${base}`] = a != null && b != null && b > 0 ? a / b : null;
    }
  }
  report.notes.push(
    'whole plan = computePoses + queryPairs for every plan (all neighbour and antagonist pairs, every stage); loading teeth (BVH build) is one-time and listed under build_ms',
    'peers answer less than the engine (no signed depth, no contact points for overlaps, no penetration counts) and get the engine\'s bounding-sphere reject for free',
    `manifold-3d is asked minGap(other, 0.5); three-mesh-bvh intersectsGeometry, then closestPointToGeometry up to ${searchMm} mm`,
  );
  return report;
}
