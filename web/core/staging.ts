// Staging: when each tooth moves and how far per aligner, from the plan's targets, its
// pattern and the protocol's per-stage limits. Pure arithmetic on the plan; the poses the
// engine interpolates come from poseRequest at the end.
//
// Stage numbering: stage 0 is the attachment template (nothing moves). A tooth with start
// s and active n sits at its scan position up to stage s and moves in stages s+1 .. s+n
// by target / n each (the engine's fraction clamp((stage - start) / active, 0, 1)), so
// aligner k is stage k. Over-correction stages follow the last active stage and hold the
// final position (the extra amount over-corrected is not modelled yet).
//
// Patterns, per arch (upper and lower are separate aligners, sequenced independently):
//   all-together     every tooth starts at 0.
//   anterior-first   incisors start at 0; canines start when the last incisor has arrived,
//                    then premolars, then molars. A group with nothing to move takes no stages.
//   posterior-first  sequential distalization: molars, then premolars, canines, incisors,
//                    one group at a time in the same way.
//   manual           every tooth starts at its manual start, 0 when it has none.
// A manual start overrides the pattern for that tooth only; the others keep their timing.
// A manual active count below what the limits need is kept and reported as a warning.
//
// The movement table is linear in the six clinical components (stage k of n is k/n of the
// target), which is what the limits are stated in. The engine turns teeth by slerp, which
// agrees at the start and end of every movement; in between, a combined tip + torque +
// rotation read back through movementFromPose differs from the table by a second-order
// amount (the three angles do not commute): under 0.6 deg mid-course for movements up to
// 10 deg tip, 8 deg torque and 25 deg rotation (tested); translations agree exactly.
import { jawOf, toothType, type Fdi, type ToothType } from './fdi.ts';
import type { Jaw } from './types.ts';
import { identityPose, interpolatePose, poseFromMovement, stageFraction, type Pose, type ToothMovement } from './pose.ts';
import type { ToothFrame } from './tooth-frame.ts';
import { LIMIT_KEYS, checkProtocol, type Protocol, type StagingLimits } from './protocol.ts';
import { MOVEMENT_KEYS, zeroMovement, type StagingPattern, type StagingSettings, type ToothTarget } from './plan.ts';

/** Ratios within this of a whole number count as that number: 0.25 / 0.25 is 1 stage, not 2. */
const RATIO_EPS = 1e-9;

export class StagingError extends Error {
  override name = 'StagingError';
}

/** The protocol limit that applies to a component moving by `delta` (extrusion vs intrusion by sign). */
export function limitOf(component: keyof ToothMovement, delta: number, limits: StagingLimits): number {
  if (component === 'extrusion') return delta < 0 ? limits.intrusion : limits.extrusion;
  return limits[component];
}

/** Which protocol limit a component's step is measured against. */
export function limitKeyOf(component: keyof ToothMovement, delta: number): keyof StagingLimits {
  return component === 'extrusion' && delta < 0 ? 'intrusion' : component;
}

/** Active stages a movement needs: max over components of ceil(|delta| / limit). */
export function requiredStages(m: ToothMovement, limits: StagingLimits): number {
  let n = 0;
  for (const k of MOVEMENT_KEYS) {
    const ratio = Math.abs(m[k]) / limitOf(k, m[k], limits);
    n = Math.max(n, Math.ceil(ratio - RATIO_EPS));
  }
  return n;
}

/** The order tooth groups start in, for the sequenced patterns. */
export const PATTERN_GROUPS: Readonly<Record<'anterior-first' | 'posterior-first', readonly ToothType[]>> = {
  'anterior-first': ['incisor', 'canine', 'premolar', 'molar'],
  'posterior-first': ['molar', 'premolar', 'canine', 'incisor'],
};

export interface StagedTooth {
  fdi: Fdi;
  jaw: Jaw;
  target: ToothMovement;
  /** Active stages the protocol limits need. */
  required: number;
  /** Last stage at the scan position. */
  start: number;
  /** Stages the movement is spread over (0 when the tooth does not move). */
  active: number;
  /** True when a manual start set this tooth's timing. */
  manual: boolean;
}

export interface ArchStaging {
  jaw: Jaw;
  /** The last stage in which a tooth of this arch moves (0: nothing moves). */
  activeStages: number;
  /** Aligners to make: the active stages plus over-correction (stage 0, the template, is not counted). */
  aligners: number;
  durationDays: number;
}

/** One tooth, one component, stepping beyond its limit over a range of stages. */
export interface LimitWarning {
  fdi: Fdi;
  limit: keyof StagingLimits;
  /** Movement per stage, mm or degrees (magnitude). */
  step: number;
  limitValue: number;
  fromStage: number;
  toStage: number;
  message: string;
}

/** Per stage (index = stage), the tooth's position (movement so far) and the step that stage made. */
export interface ToothTable {
  fdi: Fdi;
  positions: ToothMovement[];
  steps: ToothMovement[];
}

export interface Staging {
  /** Stages 0 .. stageCount - 1: the template, the active stages and the over-correction stages. */
  stageCount: number;
  overcorrectionStages: number;
  wearDays: number;
  /** The longer arch sets the treatment time. */
  durationDays: number;
  arches: ArchStaging[];
  /** Ascending FDI. */
  teeth: StagedTooth[];
  table: ToothTable[];
  warnings: LimitWarning[];
}

function checkManual(settings: StagingSettings): Map<Fdi, { start: number; active?: number }> {
  const out = new Map<Fdi, { start: number; active?: number }>();
  for (const s of settings.manualStarts) {
    if (!Number.isInteger(s.start) || s.start < 0) throw new StagingError(`tooth ${s.fdi}: manual start ${s.start} is not a whole stage >= 0`);
    if (s.active !== undefined && (!Number.isInteger(s.active) || s.active < 1)) {
      throw new StagingError(`tooth ${s.fdi}: manual active ${s.active} is not a whole number of stages >= 1`);
    }
    if (out.has(s.fdi)) throw new StagingError(`tooth ${s.fdi} has two manual starts`);
    out.set(s.fdi, s);
  }
  return out;
}

/** Start stage of every tooth of one arch under a pattern, before manual overrides. */
function patternStarts(pattern: StagingPattern, teeth: { fdi: Fdi; required: number }[]): Map<Fdi, number> {
  const starts = new Map<Fdi, number>(teeth.map((t) => [t.fdi, 0]));
  if (pattern !== 'anterior-first' && pattern !== 'posterior-first') return starts;
  let cursor = 0;
  for (const group of PATTERN_GROUPS[pattern]) {
    const members = teeth.filter((t) => toothType(t.fdi) === group);
    for (const t of members) starts.set(t.fdi, cursor);
    cursor += Math.max(0, ...members.map((t) => t.required));
  }
  return starts;
}

/** Stage k of a staged tooth: k/n of the target inside its active stages, linear per component. */
export function movementAt(tooth: Pick<StagedTooth, 'target' | 'start' | 'active'>, stage: number): ToothMovement {
  const f = tooth.active > 0 ? stageFraction(stage, tooth.start, tooth.active) : 0;
  const m = zeroMovement();
  // + 0 turns -0 into 0, so an unmoved tooth reads as zero in tables and JSON.
  for (const k of MOVEMENT_KEYS) m[k] = tooth.target[k] * f + 0;
  return m;
}

function toothTable(tooth: StagedTooth, stageCount: number): ToothTable {
  const positions = Array.from({ length: stageCount }, (_, s) => movementAt(tooth, s));
  const steps = positions.map((p, s) => {
    const d = zeroMovement();
    if (s > 0) for (const k of MOVEMENT_KEYS) d[k] = p[k] - positions[s - 1][k];
    return d;
  });
  return { fdi: tooth.fdi, positions, steps };
}

function toothWarnings(tooth: StagedTooth, limits: StagingLimits): LimitWarning[] {
  if (tooth.active === 0) return [];
  const out: LimitWarning[] = [];
  for (const k of MOVEMENT_KEYS) {
    const step = Math.abs(tooth.target[k]) / tooth.active;
    const limitValue = limitOf(k, tooth.target[k], limits);
    if (step <= limitValue * (1 + RATIO_EPS)) continue;
    const limit = limitKeyOf(k, tooth.target[k]);
    const unit = k === 'tip' || k === 'torque' || k === 'rotation' ? 'deg' : 'mm';
    const [fromStage, toStage] = [tooth.start + 1, tooth.start + tooth.active];
    out.push({
      fdi: tooth.fdi, limit, step, limitValue, fromStage, toStage,
      message: `tooth ${tooth.fdi}: ${limit} ${step.toFixed(2)} ${unit} per stage in stages ${fromStage}-${toStage} exceeds the protocol limit of ${limitValue} ${unit}` +
        (tooth.manual ? ` (manual timing: ${tooth.active} stages where the limits need ${tooth.required})` : ''),
    });
  }
  return out;
}

/** Stages a plan's targets under its staging settings and a protocol. */
export function stagePlan(plan: { targets: readonly ToothTarget[]; staging: StagingSettings }, protocol: Protocol): Staging {
  checkProtocol(protocol);
  const manual = checkManual(plan.staging);
  const staged: StagedTooth[] = [];
  for (const jaw of ['upper', 'lower'] as const) {
    const mine = plan.targets.filter((t) => jawOf(t.fdi) === jaw).map((t) => ({ ...t, required: requiredStages(t.movement, protocol.limits) }));
    const starts = patternStarts(plan.staging.pattern, mine);
    for (const t of mine) {
      const m = manual.get(t.fdi);
      const moves = t.required > 0;
      const start = m ? m.start : plan.staging.pattern === 'manual' ? 0 : starts.get(t.fdi)!;
      const active = moves ? (m?.active ?? t.required) : 0;
      staged.push({ fdi: t.fdi, jaw, target: { ...t.movement }, required: t.required, start, active, manual: m !== undefined });
    }
  }
  staged.sort((x, y) => x.fdi - y.fdi);
  const over = protocol.overcorrectionStages;
  const lastOf = (teeth: StagedTooth[]) => Math.max(0, ...teeth.filter((t) => t.active > 0).map((t) => t.start + t.active));
  const last = lastOf(staged);
  const stageCount = last + (last > 0 ? over : 0) + 1;
  const arches: ArchStaging[] = (['upper', 'lower'] as const)
    .filter((jaw) => staged.some((t) => t.jaw === jaw))
    .map((jaw) => {
      const activeStages = lastOf(staged.filter((t) => t.jaw === jaw));
      const aligners = activeStages > 0 ? activeStages + over : 0;
      return { jaw, activeStages, aligners, durationDays: aligners * protocol.wearDays };
    });
  return {
    stageCount, overcorrectionStages: last > 0 ? over : 0, wearDays: protocol.wearDays,
    durationDays: Math.max(0, ...arches.map((a) => a.durationDays)),
    arches, teeth: staged,
    table: staged.map((t) => toothTable(t, stageCount)),
    warnings: staged.flatMap((t) => toothWarnings(t, protocol.limits)),
  };
}

/** The largest step of each limited component across all teeth and stages, beside its limit. */
export function largestSteps(staging: Staging, limits: StagingLimits): Record<keyof StagingLimits, { step: number; limit: number }> {
  const out = Object.fromEntries(LIMIT_KEYS.map((k) => [k, { step: 0, limit: limits[k] }])) as Record<keyof StagingLimits, { step: number; limit: number }>;
  for (const row of staging.table) {
    for (const step of row.steps) {
      for (const k of MOVEMENT_KEYS) {
        const key = limitKeyOf(k, step[k]);
        out[key].step = Math.max(out[key].step, Math.abs(step[k]));
      }
    }
  }
  return out;
}

/** Shaped like the engine's ToothStaging / PoseRequest (core cannot import the engine). */
export interface StagedPose {
  fdi: Fdi;
  initial?: Pose;
  target: Pose;
  start: number;
  active: number;
}

export interface StagedPoseRequest {
  stageCount: number;
  teeth: StagedPose[];
}

/** What the engine needs to pose every staged tooth at every stage; each staged tooth needs its frame. */
export function poseRequest(staging: Staging, frames: readonly { fdi: Fdi; frame: ToothFrame }[]): StagedPoseRequest {
  const byFdi = new Map(frames.map((f) => [f.fdi, f.frame]));
  const teeth = staging.teeth.map((t) => {
    const frame = byFdi.get(t.fdi);
    if (!frame) throw new StagingError(`tooth ${t.fdi} has a target but no tooth frame`);
    return { fdi: t.fdi, initial: identityPose(), target: poseFromMovement(frame, t.target), start: t.start, active: t.active };
  });
  return { stageCount: staging.stageCount, teeth };
}

/** Each staged tooth's pose at `stage` (fractional between stages), as the engine interpolates it; a tooth without a frame is left out. */
export function stagePoses(staging: Staging | null, frames: ReadonlyMap<Fdi, ToothFrame>, stage: number): Map<Fdi, Pose> {
  const out = new Map<Fdi, Pose>();
  for (const t of staging?.teeth ?? []) {
    const frame = frames.get(t.fdi);
    if (!frame) continue;
    const f = stageFraction(stage, t.start, t.active);
    out.set(t.fdi, interpolatePose(identityPose(), poseFromMovement(frame, t.target), f, frame.origin));
  }
  return out;
}
