// The headless plan pipeline: a case's prepared arches and a plan in, everything derived
// from them out (staging, poses at every stage, findings for neighbour and antagonist pairs
// at every stage with the planned IPR done, IPR proposals and their timing, warnings, the
// movement table). The studio's plan session, the CLI and the bench all derive plans here;
// the clinical rules are core's (pairs.ts, plan-rules.ts), the engine comes in through its interface.
import type { Fdi } from '../core/fdi.ts';
import type { Jaw } from '../core/types.ts';
import type { ToothMovement } from '../core/pose.ts';
import { zeroMovement, type Plan, type PlannedIpr } from '../core/plan.ts';
import { stagePlan, type Staging } from '../core/staging.ts';
import type { Findings, IprProposal } from '../core/findings.ts';
import { findingsWithIpr, PAIR_SEARCH_MM, planFromSetup, withIprStages, type SetupProposal } from '../core/plan-rules.ts';
import { sanityChecklist, type SanityCheck } from '../core/sanity.ts';
import { boltonAnalysis } from '../geometry/setup/analysis.ts';
import { scanMidlines } from '../geometry/setup/plan-frame.ts';
import type { PlanArchParts } from '../geometry/setup/plan-parts.ts';
import type { EngineCalls } from '../engine/engine.ts';
import { framesOf, runEngine, toothInputs, type EngineRun } from './engine-run.ts';

/** A case's arches as preparation left them (tooth axes, collision solids, what was left out and why). */
export interface PreparedCase {
  parts: readonly PlanArchParts[];
}

/** One row of the movement table: a tooth with axes, moved or not. */
export interface MovementRow {
  fdi: Fdi;
  jaw: Jaw;
  /** Final movement in the tooth's own frame (mm, degrees; core/pose.ts signs). */
  final: ToothMovement;
  /** Last stage at the scan position, and the stages it moves in after that (0: it stays). */
  start: number;
  active: number;
  /** Active stages the protocol limits need for the movement. */
  required: number;
}

export interface DerivedPlan {
  plan: Plan;
  staging: Staging;
  /** The engine run the findings come from: poses at every stage and each pair's raw records. */
  run: EngineRun;
  /** Neighbour and antagonist pairs at every stage, the plan's IPR done, touching contacts not counted. */
  findings: Findings;
  ipr: {
    /** The plan's IPR, each with the stage it is done after. */
    planned: readonly PlannedIpr[];
    /** What is still missing at the final stage, with when to do it. */
    proposals: IprProposal[];
  };
  /** Limit warnings, mid-course collisions and teeth left out of collision checks, as the studio words them. */
  warnings: string[];
  /** Where the arches meet at the final stage (what the studio's occlusion map colours). */
  occlusalContacts: OcclusalContact[];
  /** Ascending FDI. */
  movements: MovementRow[];
  /** The sanity checklist (core/sanity.ts): every check, passed ones too, under plan.protocol.sanity. */
  checklist: SanityCheck[];
}

/** An upper tooth and a lower one within the pair search distance of each other. */
export interface OcclusalContact {
  a: Fdi;
  b: Fdi;
  /** The engine's signed distance, mm: negative is an overlap that deep. */
  distanceMm: number;
}

/** Antagonist pairs within PAIR_SEARCH_MM at `stage`, nearest first: the bite as the engine measured it. */
export function occlusalContacts(run: EngineRun, stage: number): OcclusalContact[] {
  return run.records.flat()
    .filter((r) => r.stage === stage && r.kind === 'antagonist' && r.distance < PAIR_SEARCH_MM)
    .map((r) => ({ a: r.a, b: r.b, distanceMm: r.distance }))
    .sort((x, y) => x.distanceMm - y.distanceMm || x.a - y.a || x.b - y.b);
}

/** The staging's limit warnings, the findings' mid-course collisions, then the teeth left out of collision checks. */
export function planWarnings(staging: Staging, findings: Findings, prepared: PreparedCase): string[] {
  return [...staging.warnings.map((w) => w.message), ...findings.midCourse.map((m) => m.message), ...prepared.parts.flatMap((p) => p.skipped)];
}

/** Every tooth with axes, moved or not, with its final movement and timing. */
export function movementTable(staging: Staging, prepared: PreparedCase): MovementRow[] {
  const stagedBy = new Map(staging.teeth.map((t) => [t.fdi, t]));
  return prepared.parts.flatMap((p) => p.teeth.map((t) => ({ fdi: t.fdi, jaw: p.jaw })))
    .sort((x, y) => x.fdi - y.fdi)
    .map(({ fdi, jaw }) => {
      const s = stagedBy.get(fdi);
      return { fdi, jaw, final: s ? { ...s.target } : zeroMovement(), start: s?.start ?? 0, active: s?.active ?? 0, required: s?.required ?? 0 };
    });
}

/**
 * The sanity checklist of `run.plan` from its final movements, its findings and the run's
 * last-stage neighbour records; Bolton's ratios from the prepared widths when both arches are there.
 */
export function planChecklist(run: EngineRun, staging: Staging, findings: Findings, prepared: PreparedCase): SanityCheck[] {
  const both = prepared.parts.some((p) => p.jaw === 'upper') && prepared.parts.some((p) => p.jaw === 'lower');
  const widths = new Map(prepared.parts.flatMap((p) => p.teeth.map((t) => [t.fdi, t.widthMm] as const)));
  return sanityChecklist({
    protocol: run.plan.protocol, movements: movementTable(staging, prepared), ipr: run.plan.ipr, findings,
    records: run.records.flat(), finalStage: run.stageCount - 1, bolton: both ? boltonAnalysis(widths) : null,
    midlinesBefore: scanMidlines(Object.fromEntries(prepared.parts.map((p) => [p.jaw, p.teeth]))),
  });
}

/** Everything derived from one engine run of `run.plan` (staged as `staging`). */
export function deriveFromRun(run: EngineRun, staging: Staging, prepared: PreparedCase): DerivedPlan {
  const findings = findingsWithIpr(run.records.flat(), run.plan, run.stageCount);
  return {
    plan: run.plan, staging, run, findings,
    ipr: { planned: run.plan.ipr, proposals: findings.ipr },
    warnings: planWarnings(staging, findings, prepared),
    occlusalContacts: occlusalContacts(run, run.stageCount - 1),
    movements: movementTable(staging, prepared),
    checklist: planChecklist(run, staging, findings, prepared),
  };
}

/** Loads the case's teeth into the engine (replacing any before); returns the loaded FDIs in table order. */
export async function loadCase(engine: Pick<EngineCalls, 'loadTeeth'>, prepared: PreparedCase): Promise<Fdi[]> {
  const inputs = toothInputs(prepared.parts);
  await engine.loadTeeth(inputs);
  return inputs.map((t) => t.fdi);
}

/**
 * The whole derivation. `loaded`: the FDIs loadCase returned for this case, when the engine
 * already holds its teeth (the studio loads once and derives on every edit); without it the
 * teeth are loaded first.
 */
export async function derivePlan(engine: EngineCalls, prepared: PreparedCase, plan: Plan, loaded?: readonly Fdi[]): Promise<DerivedPlan> {
  const fdis = loaded ?? await loadCase(engine, prepared);
  const staging = stagePlan(plan, plan.protocol);
  const run = await runEngine(engine, plan, staging, framesOf(prepared.parts), fdis);
  return deriveFromRun(run, staging, prepared);
}

/** Runs a plan's poses and pairs: the pipeline's runEngine, or the studio's queued call to it. */
export type PlanRunner = (plan: Plan, staging: Staging) => Promise<EngineRun>;

/**
 * The plan an auto-setup proposes: its targets and IPR in place of `base`'s, each IPR done
 * the stage before its contact first overlaps. Returns it with the run it was timed on,
 * which stands for it (IPR moves no tooth).
 */
export async function planSetup(runPlan: PlanRunner, base: Plan, setup: SetupProposal): Promise<{ plan: Plan; staging: Staging; run: EngineRun }> {
  const proposed = planFromSetup(base, setup);
  const staging = stagePlan(proposed, proposed.protocol);
  const run = await runPlan(proposed, staging);
  const plan = withIprStages(proposed, run.records.flat());
  return { plan, staging, run: { ...run, plan } };
}
