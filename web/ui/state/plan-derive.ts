// The plan session's arithmetic, apart from its state: what the viewport draws at a stage,
// what the findings panels read from the engine's pair records, the timing of a dragged
// tooth, and the plan an auto-setup report turns into. Pure functions of plain data.
import type { Fdi } from '../../core/fdi.ts';
import { identityPose, interpolatePose, poseFromMovement, stageFraction, type Pose } from '../../core/pose.ts';
import type { ToothFrame } from '../../core/tooth-frame.ts';
import { MOVEMENT_KEYS, setIpr, setTarget, setTargets, zeroMovement, type Plan } from '../../core/plan.ts';
import type { ToothMovement } from '../../core/pose.ts';
import { requiredStages, type Staging } from '../../core/staging.ts';
import { applyPlannedIpr, iprStageLookup, pairKey, planFindings, type Findings, type IprProposal, type PairRecord } from '../../core/findings.ts';
import type { ToothAxes } from '../../geometry/tooth-axes.ts';
import type { AutoSetupReport } from './plan-types.ts';

/**
 * Overlaps this shallow (mm) are touching, not collisions: neighbours on a scan already
 * touch by a few microns at their contacts (the crowns were cut from one surface), and
 * reporting those would flood every stage with "collisions" nobody can act on.
 */
export const TOUCH_MM = 0.02;

/** Final overlaps at or below this (mm) are left as tight contacts when proposals are accepted (issue 5's number). */
export const ACCEPT_ABOVE_MM = 0.1;

export function frameOf(t: ToothAxes): ToothFrame {
  return { origin: t.origin, mesial: t.mesial, buccal: t.buccal, occlusal: t.occlusal };
}

/** Each staged tooth's pose at `stage`, as the engine interpolates it; a dragged tooth sits at its live pose. */
export function posesAt(staging: Staging | null, frames: ReadonlyMap<Fdi, ToothFrame>, stage: number, live: { fdi: Fdi; pose: Pose } | null): Map<Fdi, Pose> {
  const out = new Map<Fdi, Pose>();
  for (const t of staging?.teeth ?? []) {
    const frame = frames.get(t.fdi);
    if (!frame) continue;
    const f = stageFraction(stage, t.start, t.active);
    out.set(t.fdi, interpolatePose(identityPose(), poseFromMovement(frame, t.target), f, frame.origin));
  }
  if (live) out.set(live.fdi, live.pose);
  return out;
}

/** A touching contact reads as distance 0: not an overlap, but kept so runs of stages stay whole. */
function touchingAsContact(r: PairRecord): PairRecord {
  return r.distance < 0 && r.distance >= -TOUCH_MM ? { ...r, distance: 0 } : r;
}

/** Findings over all stages with the plan's IPR done and touching contacts not counted. */
export function findingsOf(records: readonly PairRecord[], plan: Plan, stageCount: number): Findings {
  const done = applyPlannedIpr(records, plan.ipr).map(touchingAsContact);
  return planFindings(done, stageCount - 1, plan.protocol.iprMaxPerContactMm);
}

/**
 * The dragged tooth's timing in the engine's current plan: it keeps its start, and moves in
 * as many stages as its live movement needs, within the stages the plan has. A plan with no
 * stage after the start shows the final position at once (active 0).
 */
export function dragTiming(plan: Plan, staging: Staging | null, fdi: Fdi, movement: ToothMovement, stageCount: number): { start: number; active: number } {
  const staged = staging?.teeth.find((t) => t.fdi === fdi);
  const manual = plan.staging.manualStarts.find((s) => s.fdi === fdi);
  const start = Math.min(staged?.start ?? manual?.start ?? 0, stageCount - 1);
  const room = stageCount - 1 - start;
  if (room < 1) return { start, active: 0 };
  return { start, active: Math.min(room, Math.max(1, requiredStages(movement, plan.protocol.limits))) };
}


/** The plan with every target and every IPR replaced by the auto-setup's (IPR at stage 0 for now). */
export function planFromSetup(plan: Plan, report: AutoSetupReport): Plan {
  let next = plan;
  for (const t of plan.targets) next = setTarget(next, t.fdi, zeroMovement());
  for (const e of plan.ipr) next = setIpr(next, e.a, e.b, 0, 0);
  next = setTargets(next, report.targets.filter((t) => MOVEMENT_KEYS.some((k) => t.movement[k] !== 0)));
  for (const e of report.ipr) if (e.amountMm > 0) next = setIpr(next, e.mesial, e.distal, e.amountMm, 0);
  return next;
}

/**
 * Each IPR's stage: the last stage before its contact first overlaps (beyond touching), so
 * the stripping is done before the teeth need the room; 0 if they overlap from the start or never.
 */
export function withIprStages(plan: Plan, records: readonly PairRecord[]): Plan {
  const stageOf = iprStageLookup(records, TOUCH_MM);
  return plan.ipr.reduce((p, e) => setIpr(p, e.a, e.b, e.amountMm, stageOf(e.a, e.b)), plan);
}

/**
 * The plan with the proposals above ACCEPT_ABOVE_MM written in. The findings already count
 * the IPR planned at a contact, so a proposal there is what is still missing: it adds to it,
 * done by the earlier of the two stages.
 */
export function planWithProposals(plan: Plan, proposals: readonly IprProposal[]): Plan {
  let next = plan;
  for (const p of proposals) {
    if (!(p.overlapMm > ACCEPT_ABOVE_MM)) continue;
    const had = plan.ipr.find((e) => pairKey(e.a, e.b) === pairKey(p.a, p.b));
    // Rounded to microns so that 0.3 + 0.1 reads 0.4, not 0.4000000001.
    const amount = Math.round(((had?.amountMm ?? 0) + p.amountMm) * 1000) / 1000;
    next = setIpr(next, p.a, p.b, amount, Math.min(had?.stage ?? p.stage, p.stage));
  }
  return next;
}
