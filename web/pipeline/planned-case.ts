// A case planned end to end by the headless pipeline, exactly as the studio's plan session
// plans it: preparation of each arch, auto-setup, the plan from the setup, staging and one
// engine run with its findings. The CLI's plan report, its models and the bench start here.
import type { Jaw } from '../core/types.ts';
import { DEFAULT_PROTOCOL, type Protocol } from '../core/protocol.ts';
import { emptyPlan, setPattern, type Plan, type StagingPattern } from '../core/plan.ts';
import type { Staging } from '../core/staging.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { archPlanParts, type PlanArchGeometry } from '../geometry/setup/plan-parts.ts';
import { autoSetup } from '../geometry/setup/auto-setup.ts';
import type { Engine } from '../engine/engine.ts';
import { deriveFromRun, loadCase, planSetup, type DerivedPlan, type PreparedCase } from './derive.ts';
import { framesOf, runEngine } from './engine-run.ts';

export interface PlanCaseInput {
  /** Labelled arches (per-vertex FDI labels, 0 gingiva); one or both. */
  arches: Partial<Record<Jaw, LabelledMesh>>;
  /** Default 'all-together'. */
  pattern?: StagingPattern;
  /** Default DEFAULT_PROTOCOL. */
  protocol?: Protocol;
}

const JAWS: readonly Jaw[] = ['upper', 'lower'];

/** Tooth axes, collision solids and crowns of one arch (plan-parts.ts, as the studio's planner prepares them). */
function archParts(mesh: LabelledMesh, jaw: Jaw): PlanArchGeometry {
  if (!mesh.labels) throw new Error(`the ${jaw} arch has no tooth labels`);
  return archPlanParts(mesh, jaw);
}

/** The case planned by the pipeline: what the report, the models and the package are made from. */
export interface PlannedCase {
  protocol: Protocol;
  pattern: StagingPattern;
  jaws: Jaw[];
  parts: PlanArchGeometry[];
  plan: Plan;
  staging: Staging;
  derived: DerivedPlan;
  /** What auto-setup did and why. */
  notes: string[];
}

export async function plannedCase(input: PlanCaseInput, engine: Engine): Promise<PlannedCase> {
  const protocol = input.protocol ?? DEFAULT_PROTOCOL;
  const pattern = input.pattern ?? 'all-together';
  const jaws = JAWS.filter((j) => input.arches[j]);
  if (jaws.length === 0) throw new Error('no arch given');
  const parts = jaws.map((j) => archParts(input.arches[j]!, j));
  const prepared: PreparedCase = { parts };
  const byJaw = Object.fromEntries(parts.map((p) => [p.jaw, p.teeth]));
  const crowns = Object.assign({}, ...parts.map((p) => p.crowns)) as Record<number, Float32Array>;

  const setup = autoSetup({ upper: byJaw.upper, lower: byJaw.lower, crowns, iprMaxPerContactMm: protocol.iprMaxPerContactMm });
  const targets = Object.entries(setup.targets).map(([fdi, movement]) => ({ fdi: Number(fdi), movement }));
  const base = setPattern(emptyPlan(protocol), pattern);

  const loaded = await loadCase(engine, prepared);
  const frames = framesOf(parts);
  const { plan, staging, run } = await planSetup((p, st) => runEngine(engine, p, st, frames, loaded), base, { targets, ipr: setup.ipr, teeth: parts.flatMap((p) => p.teeth.map((t) => t.fdi)) });
  return { protocol, pattern, jaws, parts, plan, staging, derived: deriveFromRun(run, staging, prepared), notes: setup.notes };
}
