// The plan session's engine side: the loaded teeth, the last full run's pair records, and
// the three kinds of engine job (full run, drag update, colour map), each latest-wins on one
// lane so they never interleave. Findings and vertex distances are written back through the
// setters the session passes in; engine failures become state.engineError and the previous
// findings stay.
import type { Accessor } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Fdi } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import { movementFromPose, type Pose } from '../../core/pose.ts';
import type { ToothFrame } from '../../core/tooth-frame.ts';
import type { Plan } from '../../core/plan.ts';
import type { Staging } from '../../core/staging.ts';
import type { Collision, Findings } from '../../core/findings.ts';
import type { ToothInput } from '../../engine/engine.ts';
import type { PlanArchParts, PlanSessionState } from './plan-types.ts';
import { createLane, latestJob } from '../../core/lane.ts';
import { dragTiming } from './plan-derive.ts';
import { findingsWithIpr } from '../../core/plan-rules.ts';
import { vertexDistancesAt, type PlanEngine } from './plan-engine.ts';
import { pairRecords, planChecklist, runEngine, type EngineRun } from '../../pipeline/index.ts';
import type { SanityCheck } from '../../core/sanity.ts';
import { messageOf } from './plan-versions.ts';

export interface PlanComputeContext {
  engine: PlanEngine;
  state: PlanSessionState;
  setState: SetStoreFunction<PlanSessionState>;
  plan: Accessor<Plan>;
  staging: Accessor<Staging | null>;
  frames: Accessor<ReadonlyMap<Fdi, ToothFrame>>;
  parts: Accessor<readonly PlanArchParts[]>;
  live: Accessor<{ fdi: Fdi; pose: Pose } | null>;
  collisionsAtStage: Accessor<Collision[]>;
  setFindings: (f: Findings) => void;
  setChecklist: (c: SanityCheck[] | null) => void;
  setDistances: (d: Partial<Record<Jaw, Float32Array>> | null) => void;
}

export function createPlanCompute(ctx: PlanComputeContext) {
  const { state, setState } = ctx;
  const lane = createLane();
  let loaded: Fdi[] = [];
  let vertexCounts: Partial<Record<Jaw, number>> = {};
  /** The last full run, its records updated by drags since. */
  let baseline: EngineRun | null = null;
  /** The records before the first drag update since that run: the engine's plan has a live pose while set. */
  let beforeDrag: EngineRun['records'] | null = null;
  let disposed = false;

  function publish() {
    if (!baseline) return;
    const findings = findingsWithIpr(baseline.records.flat(), ctx.plan(), baseline.stageCount);
    ctx.setFindings(findings);
    // The same checklist the CLI prints (pipeline/derive.ts), from this run and the plan as committed.
    const st = ctx.staging();
    ctx.setChecklist(st ? planChecklist({ ...baseline, plan: ctx.plan() }, st, findings, { parts: ctx.parts() }) : null);
    requestColouring();
  }

  const runJob = latestJob<void>(lane, async () => {
    try {
      const p = ctx.plan();
      const st = ctx.staging();
      if (loaded.length === 0 || !st || disposed) return;
      const b = baseline;
      // An edit that leaves every pose as it was (IPR, wear days) needs no engine run.
      const samePoses = b && !beforeDrag && b.plan.targets === p.targets && b.plan.staging === p.staging &&
        b.plan.protocol.limits === p.protocol.limits && b.plan.protocol.overcorrectionStages === p.protocol.overcorrectionStages;
      baseline = samePoses ? { ...b, plan: p } : null;
      if (!samePoses) {
        beforeDrag = null;
        baseline = await runEngine(ctx.engine, p, st, ctx.frames(), loaded);
      }
      setState('engineError', null);
      if (ctx.plan() === p) publish();
    } catch (e) {
      setState('engineError', messageOf(e));
    } finally {
      if (!runJob.waiting()) setState('computing', false);
    }
  });

  const dragJob = latestJob<Fdi>(lane, async (fdi) => {
    const l = ctx.live();
    const frame = ctx.frames().get(fdi);
    if (!l || l.fdi !== fdi || !frame || !baseline || !loaded.includes(fdi) || disposed) return;
    try {
      const timing = dragTiming(ctx.plan(), ctx.staging(), fdi, movementFromPose(frame, l.pose), baseline.stageCount);
      beforeDrag ??= [...baseline.records];
      const update = await ctx.engine.updateToothTarget(fdi, l.pose, timing);
      if (update.results) for (const i of update.recomputedPairs) baseline.records[i] = pairRecords(update.results, i);
      if (ctx.live()?.fdi === fdi) publish();
    } catch (e) {
      setState('engineError', messageOf(e));
    }
  });

  const colourJob = latestJob<void>(lane, async () => {
    const mode = state.colouring;
    const stage = state.stage;
    if (mode === 'tooth' || !baseline || disposed) return void ctx.setDistances(null);
    // A newer run is queued behind this job and asks again.
    if (stage >= baseline.stageCount) return;
    try {
      const d = await vertexDistancesAt(ctx.engine, mode, stage, ctx.collisionsAtStage(), ctx.parts(), vertexCounts);
      if (mode === state.colouring && stage === state.stage) ctx.setDistances(d);
    } catch (e) {
      setState('engineError', messageOf(e));
    }
  });

  function requestRun(): Promise<void> {
    setState('computing', true);
    return runJob.request(undefined);
  }

  function requestColouring() {
    if (state.colouring === 'tooth') ctx.setDistances(null);
    else void colourJob.request(undefined);
  }

  return {
    /**
     * Replaces the engine's teeth (after the queued jobs, and once `start` resolves); the next run
     * starts afresh. Jobs asked for meanwhile wait behind it.
     */
    async load(inputs: ToothInput[], counts: Partial<Record<Jaw, number>>, start?: Promise<void>): Promise<void> {
      await lane.enqueue(async () => {
        await start;
        // Inside the lane job, before the engine forgets its poses: a colour map, drag or run
        // queued behind this load must see no run and the new teeth, never the old run's
        // (which asked the engine for poses it no longer had: "call computePoses first").
        baseline = null;
        beforeDrag = null;
        loaded = [];
        await ctx.engine.loadTeeth(inputs);
        loaded = inputs.map((t) => t.fdi);
        vertexCounts = counts;
      });
    },
    requestRun,
    requestColouring,
    drag: (fdi: Fdi) => void dragJob.request(fdi),
    /** The drag ended or was cancelled: the findings go back to the run's, and the engine's plan is put back. */
    endDrag(restore: boolean) {
      if (!beforeDrag) return;
      if (restore && baseline) {
        baseline.records = beforeDrag;
        publish();
      }
      void requestRun();
    },
    /** A run of a plan not committed yet (auto-setup reads its records before committing). */
    runPlan(plan: Plan, staging: Staging): Promise<EngineRun> {
      return lane.enqueue(async () => {
        const run = await runEngine(ctx.engine, plan, staging, ctx.frames(), loaded);
        beforeDrag = null;
        baseline = run;
        return run;
      });
    },
    /** The last run stands for `plan`, which has the same poses: committing it only derives findings. */
    adopt(plan: Plan) {
      if (baseline) baseline = { ...baseline, plan };
    },
    runWaiting: () => runJob.waiting(),
    idle: () => lane.idle(),
    dispose() {
      disposed = true;
    },
  };
}
