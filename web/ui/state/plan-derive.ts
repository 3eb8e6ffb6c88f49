// The plan session's arithmetic, apart from its state: what the viewport draws at a stage
// and the timing of a dragged tooth. Pure functions of plain data; the findings, IPR and
// the auto-setup's plan come from web/pipeline and the rules in web/core/plan-rules.ts.
import type { Fdi } from '../../core/fdi.ts';
import type { Pose } from '../../core/pose.ts';
import type { ToothFrame } from '../../core/tooth-frame.ts';
import type { Plan } from '../../core/plan.ts';
import type { ToothMovement } from '../../core/pose.ts';
import { requiredStages, stagePoses, type Staging } from '../../core/staging.ts';
import type { ToothAxes } from '../../geometry/tooth-axes.ts';

export function frameOf(t: ToothAxes): ToothFrame {
  return { origin: t.origin, mesial: t.mesial, buccal: t.buccal, occlusal: t.occlusal };
}

/** Each staged tooth's pose at `stage`, as the engine interpolates it; a dragged tooth sits at its live pose. */
export function posesAt(staging: Staging | null, frames: ReadonlyMap<Fdi, ToothFrame>, stage: number, live: { fdi: Fdi; pose: Pose } | null): Map<Fdi, Pose> {
  const out = stagePoses(staging, frames, stage);
  if (live) out.set(live.fdi, live.pose);
  return out;
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
