// Auto-setup, staging and final-stage collisions for labelled arches, composed from the
// same modules the studio runs (tooth axes, crowns, autoSetup, plan, staging, engine,
// findings), so a lab's batch check reads the numbers a planner would see. Returns plain
// data; printing is the plan command's business.
import { jawOf } from '../core/fdi.ts';
import type { Jaw } from '../core/types.ts';
import type { ToothMovement } from '../core/pose.ts';
import { DEFAULT_PROTOCOL, type Protocol, type StagingLimits } from '../core/protocol.ts';
import { emptyPlan, setPattern, setTargets, type StagingPattern } from '../core/plan.ts';
import { largestSteps, poseRequest, stagePlan } from '../core/staging.ts';
import { iprAmount, iprStageLookup, pairKey, planFindings, type PairRecord } from '../core/findings.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import type { ToothAxes } from '../geometry/tooth-axes.ts';
import { archPlanParts } from '../geometry/setup/plan-parts.ts';
import { autoSetup } from '../geometry/setup/auto-setup.ts';
import { neighbourPairs, planToothInputs, readPairResult, type Engine, type ToothInput } from '../engine/engine.ts';

export interface PlanCaseInput {
  /** Labelled arches (per-vertex FDI labels, 0 gingiva); one or both. */
  arches: Partial<Record<Jaw, LabelledMesh>>;
  /** Default 'all-together'. */
  pattern?: StagingPattern;
  /** Default DEFAULT_PROTOCOL. */
  protocol?: Protocol;
}

export interface PlannedTooth {
  fdi: number;
  jaw: Jaw;
  /** Final movement in the tooth's own frame (mm, degrees; core/pose.ts signs). */
  final: ToothMovement;
  /** Last stage at the scan position, and the stages it moves in after that (0: it stays). */
  start: number;
  active: number;
}

export interface FinalOverlap {
  a: number;
  b: number;
  /** Overlap depth at the last stage, mm. */
  overlapMm: number;
  /** IPR planned at this contact (0: none): the overlap it should take away. */
  iprMm: number;
  /** What the IPR leaves, mm (0 when it covers the overlap). */
  residualMm: number;
}

export interface PlannedIprEntry {
  jaw: Jaw;
  a: number;
  b: number;
  amountMm: number;
  /** Strip after this aligner: the last stage before the contact first overlaps (0 if it never does). */
  stage: number;
  /** auto-setup: proposed by the setup for arch length; overlap: a final overlap the setup left (beyond CONTACT_TOLERANCE_MM), rounded up to 0.1 mm. */
  source: 'auto-setup' | 'overlap';
  aboveMax: boolean;
}

export interface PlanCaseReport {
  pattern: StagingPattern;
  backend: string;
  /** Stages 0 .. stageCount - 1 (stage 0 is the attachment template). */
  stageCount: number;
  aligners: Partial<Record<Jaw, number>>;
  wearDays: number;
  durationDays: number;
  /** Ascending FDI; every tooth with axes, moved or not. */
  teeth: PlannedTooth[];
  largestSteps: Record<keyof StagingLimits, { step: number; limit: number }>;
  /** Neighbour pairs overlapping at the last stage, deepest first. */
  finalOverlaps: FinalOverlap[];
  ipr: PlannedIprEntry[];
  /** Limit warnings and mid-course collisions, as the studio words them. */
  warnings: string[];
  /** What auto-setup did and why (space analysis, Bolton, expansion). */
  notes: string[];
}

const JAWS: readonly Jaw[] = ['upper', 'lower'];
/**
 * Final overlap beyond the planned IPR that still counts as a tight contact (issue 5: no
 * neighbour overlap above 0.1 mm after the IPR). Scanned neighbours already touch by a few
 * microns, which must not turn into 0.1 mm of stripping on teeth that do not move.
 */
export const CONTACT_TOLERANCE_MM = 0.1;

interface ArchParts { axes: ToothAxes[]; inputs: ToothInput[]; crowns: Record<number, Float32Array>; skipped: string[] }

/** Tooth axes, crowns and engine inputs of one arch (plan-parts.ts, shared with the studio). */
function archParts(mesh: LabelledMesh, jaw: Jaw): ArchParts {
  if (!mesh.labels) throw new Error(`the ${jaw} arch has no tooth labels`);
  const parts = archPlanParts(mesh, jaw);
  return { axes: parts.teeth, inputs: planToothInputs(parts), crowns: parts.crowns, skipped: parts.skipped };
}

export async function planCase(input: PlanCaseInput, engine: Engine): Promise<PlanCaseReport> {
  const protocol = input.protocol ?? DEFAULT_PROTOCOL;
  const pattern = input.pattern ?? 'all-together';
  const jaws = JAWS.filter((j) => input.arches[j]);
  if (jaws.length === 0) throw new Error('no arch given');
  const parts: Partial<Record<Jaw, ArchParts>> = {};
  for (const j of jaws) parts[j] = archParts(input.arches[j]!, j);
  const axes = jaws.flatMap((j) => parts[j]!.axes);
  const crowns = Object.assign({}, ...jaws.map((j) => parts[j]!.crowns)) as Record<number, Float32Array>;

  const setup = autoSetup({ upper: parts.upper?.axes, lower: parts.lower?.axes, crowns, iprMaxPerContactMm: protocol.iprMaxPerContactMm });
  const targets = Object.entries(setup.targets).map(([fdi, movement]) => ({ fdi: Number(fdi), movement }));
  const plan = setPattern(setTargets(emptyPlan(), targets), pattern);
  const staging = stagePlan(plan, protocol);
  const finalStage = staging.stageCount - 1;

  const inputs = jaws.flatMap((j) => parts[j]!.inputs);
  await engine.loadTeeth(inputs);
  const loaded = new Set(inputs.map((t) => t.fdi));
  const request = poseRequest(staging, axes.map((t) => ({ fdi: t.fdi, frame: t })));
  await engine.computePoses({ stageCount: request.stageCount, teeth: request.teeth.filter((t) => loaded.has(t.fdi)) });
  const pairs = neighbourPairs([...loaded]);
  const results = await engine.queryPairs(pairs, { searchMm: 1 });
  const records: PairRecord[] = [];
  pairs.forEach((_, i) => {
    for (let k = 0; k < results.stages.length; k++) {
      const r = readPairResult(results, i, k);
      records.push({ a: r.a, b: r.b, stage: r.stage, distance: r.distance, kind: 'neighbour' });
    }
  });
  const findings = planFindings(records, finalStage, protocol.iprMaxPerContactMm);

  const setupIpr = new Map(setup.ipr.map((p) => [pairKey(p.mesial, p.distal), p]));
  const finalOverlaps: FinalOverlap[] = (findings.collisions.find((c) => c.stage === finalStage)?.collisions ?? [])
    .map((c) => {
      const iprMm = setupIpr.get(pairKey(c.a, c.b))?.amountMm ?? 0;
      return { a: c.a, b: c.b, overlapMm: c.depthMm, iprMm, residualMm: Math.max(0, c.depthMm - iprMm) };
    });
  const stageFor = iprStageLookup(records);
  const ipr: PlannedIprEntry[] = setup.ipr.map((p) => {
    const [a, b] = p.mesial < p.distal ? [p.mesial, p.distal] : [p.distal, p.mesial];
    return { jaw: p.jaw, a, b, amountMm: p.amountMm, stage: stageFor(a, b), source: 'auto-setup' as const, aboveMax: p.amountMm > protocol.iprMaxPerContactMm + 1e-6 };
  });
  for (const f of findings.ipr) {
    if (setupIpr.has(pairKey(f.a, f.b)) || f.overlapMm <= CONTACT_TOLERANCE_MM) continue;
    ipr.push({ jaw: jawOf(f.a), a: f.a, b: f.b, amountMm: iprAmount(f.overlapMm), stage: f.stage, source: 'overlap', aboveMax: f.aboveMax });
  }
  ipr.sort((x, y) => x.a - y.a || x.b - y.b);

  const stagedBy = new Map(staging.teeth.map((t) => [t.fdi, t]));
  const teeth: PlannedTooth[] = [...axes].sort((x, y) => x.fdi - y.fdi).map((t) => {
    const s = stagedBy.get(t.fdi);
    const jaw = jaws.find((j) => parts[j]!.axes.includes(t))!;
    return { fdi: t.fdi, jaw, final: s ? { ...s.target } : { mesial: 0, buccal: 0, extrusion: 0, tip: 0, torque: 0, rotation: 0 }, start: s?.start ?? 0, active: s?.active ?? 0 };
  });
  const aligners: Partial<Record<Jaw, number>> = {};
  for (const j of jaws) aligners[j] = staging.arches.find((a) => a.jaw === j)?.aligners ?? 0;

  return {
    pattern, backend: engine.backend, stageCount: staging.stageCount, aligners,
    wearDays: staging.wearDays, durationDays: staging.durationDays, teeth,
    largestSteps: largestSteps(staging, protocol.limits),
    finalOverlaps, ipr,
    warnings: [...staging.warnings.map((w) => w.message), ...findings.midCourse.map((m) => m.message), ...jaws.flatMap((j) => parts[j]!.skipped)],
    notes: setup.notes,
  };
}
