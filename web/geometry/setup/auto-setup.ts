// Auto-setup: one command that proposes final positions for every tooth of one or both
// arches from their tooth axes (web/geometry/tooth-axes.ts), with the IPR and expansion
// it needs, the space analysis and Bolton's ratios, and notes saying what it did and why.
// Pure: the caller stages the targets and checks collisions with the engine.
//
// Steps: a plan frame per arch (midline and anterior shared, from the upper); the lower
// arch is set up first with its incisors free to come forward or back; the upper's
// incisors are then put `overjetMm` in front of the lower ones (midlines on the same line
// by construction); each arch's crowns go along its fitted form in contact order; heights
// are levelled; incisors of both arches are extruded or intruded, half each, towards the
// overbite target; every moved tooth is derotated and its tip and torque brought to norms.
// Given the crowns' vertices, the contacts are then settled on the crowns turned to their
// targets (settle.ts), so the IPR proposed is what the engine will find overlapping.
// Molars stay put by default: the arch length in front of them is what there is.
import { jawOf, positionOf } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import { identityPose, movementFromPose, type Pose, type ToothMovement } from '../../core/pose.ts';
import { zeroMovement } from '../../core/plan.ts';
import { DEFAULT_SANITY } from '../../core/protocol.ts';
import type { ToothAxes } from '../tooth-axes.ts';
import { dot, type Vec3 } from '../segmentation/vec.ts';
import { boltonAnalysis, type BoltonAnalysis } from './analysis.ts';
import { pointAt, type ArchFormCurve, type ArchFormType } from './arch-form.ts';
import { setupArch, type ArchSetup, type ArchSetupOptions, type CrownSize, type PlannedContact, type SpaceAnalysis } from './arch-setup.ts';
import { MAX_AXIS_CHANGE_DEG, targetOf } from './orientation.ts';
import { fromPlan, planFrame, type PlanFrame } from './plan-frame.ts';
import { settleContacts } from './settle.ts';
import { openContacts } from './open-contacts.ts';
import type { GapChoice, ToothGap } from './missing-teeth.ts';
import type { SpaceBudget } from './space-budget.ts';

export interface AutoSetupInput {
  /** Tooth axes of each arch given (one or both). */
  upper?: ToothAxes[];
  lower?: ToothAxes[];
  /** Arch form type; default 'ovoid'. */
  form?: ArchFormType;
  /** Default false: molars (6, 7, 8) keep their positions. */
  allowMolarMovement?: boolean;
  /** Protocol maximum IPR per contact, mm; default 0.5. */
  iprMaxPerContactMm?: number;
  /** Default 'ipr-first'. */
  strategy?: 'ipr-first' | 'expansion-first';
  /** Largest intercanine width increase proposed per arch, mm; default 3. */
  maxExpansionMm?: number;
  /** Incisor relation targets when both arches are given, mm; defaults 2.5 and 2. */
  overjetMm?: number;
  overbiteMm?: number;
  /** Bring tip and torque towards the norms (orientation.ts); default true. */
  normaliseTipTorque?: boolean;
  /**
   * Crown vertices per FDI (scan frame, mm), optional: with them every contact is settled on
   * the crowns turned to their targets (settle.ts), so tip, torque and rotation changes do
   * not leave overlaps beyond the IPR. Without them the axes' widths alone place the teeth.
   */
  crowns?: Readonly<Record<number, Float32Array>>;
  /** Per missing tooth (FDI): keep its space (the default: for an implant or a bridge) or close it. */
  missing?: Readonly<Record<number, GapChoice>>;
  /** IPR also where an arch has room to spare (default false: spaces close by moving teeth). */
  iprInSpacing?: boolean;
  /** An anterior Bolton excess above this (mm; the protocol's sanity threshold) is stripped from the front teeth of the arch that has it. */
  boltonExcessMm?: number;
}

export interface IprProposal {
  jaw: Jaw;
  /** The contact, mesial tooth first. */
  mesial: number;
  distal: number;
  amountMm: number;
}

export interface ArchResult {
  frame: PlanFrame;
  form: ArchFormCurve;
  /** The form as a polyline in the scan frame, on the centroid plane, patient's right to left. */
  formPoints: Vec3[];
  /** Planned contacts with their point on the form (scan frame, at the two crowns' mean height). */
  contacts: (PlannedContact & { point: Vec3 })[];
  intercanineMm: number;
  intermolarMm: number;
  /** Spaces of missing teeth, and whether each was kept or closed. */
  gaps: ToothGap[];
}

export interface AutoSetupResult {
  /** Per tooth (FDI) its target movement in its own tooth frame (core/pose.ts signs). */
  targets: Record<number, ToothMovement>;
  /** The same targets as scan-frame poses, for staging and the engine. */
  poses: Record<number, Pose>;
  ipr: IprProposal[];
  /** Intercanine width increase proposed per arch, mm (0: none). */
  expansionMm: Partial<Record<Jaw, number>>;
  notes: string[];
  spaceAnalysis: Partial<Record<Jaw, SpaceAnalysis | null>>;
  /** Where each arch's length comes from and goes (space-budget.ts); the notes print the same figures. */
  budget: Partial<Record<Jaw, SpaceBudget | null>>;
  /** Dental midline from the arch midline before and after, mm (+ patient's left); null without a central. */
  midlines: Partial<Record<Jaw, { beforeMm: number; afterMm: number } | null>>;
  bolton: BoltonAnalysis;
  arches: Partial<Record<Jaw, ArchResult>>;
}

/**
 * Crown centroid to incisal edge along the long axis, mm (central, lateral): overbite is
 * read at the edges, the setup moves centroids.
 */
const EDGE_FROM_CENTROID: Record<Jaw, [number, number]> = { upper: [4.3, 3.6], lower: [3.8, 4.1] };
/** The upper incisors' centroids sit this much (mm) further ahead of the lower ones than the overjet: crown thickness at the edges. */
const OVERJET_CENTROID_ALLOWANCE_MM = 0.9;
/** The default Bolton threshold: core/protocol.ts DEFAULT_SANITY.boltonExcessMm. */
const BOLTON_EXCESS_MM = DEFAULT_SANITY.boltonExcessMm;
/** Largest extrusion or intrusion of an incisor proposed for the overbite, mm per arch. */
const MAX_OVERBITE_MOVE_MM = 1.5;

const round1 = (v: number) => Math.round(v * 10) / 10;

function defaults(input: AutoSetupInput): ArchSetupOptions & { overjetMm: number; overbiteMm: number; normalise: boolean } {
  return {
    form: input.form ?? 'ovoid',
    allowMolarMovement: input.allowMolarMovement ?? false,
    iprMaxPerContactMm: input.iprMaxPerContactMm ?? 0.5,
    strategy: input.strategy ?? 'ipr-first',
    maxExpansionMm: input.maxExpansionMm ?? 3,
    maxAdvanceMm: 1.5,
    maxRetractionMm: 3,
    overjetMm: input.overjetMm ?? 2.5,
    overbiteMm: input.overbiteMm ?? 2,
    normalise: input.normaliseTipTorque ?? true,
    ...(input.missing ? { missing: input.missing } : {}),
    iprInSpacing: input.iprInSpacing ?? false,
  };
}

function checkArch(jaw: Jaw, teeth: ToothAxes[]): void {
  for (const t of teeth) {
    if (jawOf(t.fdi) !== jaw) throw new Error(`auto-setup: tooth ${t.fdi} given with the ${jaw} arch`);
    const values = [...t.origin, ...t.mesial, ...t.buccal, ...t.occlusal, t.widthMm];
    if (!values.every(Number.isFinite)) throw new Error(`auto-setup: tooth ${t.fdi} has non-finite axes or width`);
    if (!(t.widthMm > 0)) throw new Error(`auto-setup: tooth ${t.fdi} has no mesial-distal width`);
  }
}

/** Where the form crosses the midline (the incisors' centroid line), plan y, mm. */
const frontOf = (a: ArchSetup) => pointAt(a.form, 0)[1];

export function autoSetup(input: AutoSetupInput): AutoSetupResult {
  const o = defaults(input);
  const given = (['upper', 'lower'] as const).filter((j) => (input[j]?.length ?? 0) > 0);
  if (given.length === 0) throw new Error('auto-setup: no teeth given');
  for (const j of given) checkArch(j, input[j]!);
  const notes: string[] = [`Arch form: ${o.form}, fitted to the patient's intercanine and intermolar widths.`];
  notes.push(o.allowMolarMovement ? 'Molars allowed to move.' : 'Molars stay where they are.');

  const frames: Partial<Record<Jaw, PlanFrame>> = {};
  const reference = given.includes('upper') ? 'upper' : 'lower';
  frames[reference] = planFrame(input[reference]!);
  for (const j of given) if (j !== reference) frames[j] = planFrame(input[j]!, frames[reference]);

  const open = input.crowns ? openContacts(input, given, frames, input.crowns) : undefined;
  const bolton = boltonAnalysis(new Map(given.flatMap((j) => input[j]!.map((t) => [t.fdi, t.widthMm] as const))));
  // An anterior Bolton excess past the protocol's threshold is stripped from the arch that has it.
  const boltonIpr: Partial<Record<Jaw, number>> = {};
  const excess = bolton.anterior;
  if (excess && excess.excessArch !== 'none' && excess.excessMm > (input.boltonExcessMm ?? BOLTON_EXCESS_MM)) boltonIpr[excess.excessArch] = excess.excessMm;
  const runArches = (sizes?: ReadonlyMap<number, CrownSize>) => {
    const out: Partial<Record<Jaw, ArchSetup>> = {};
    const oj = (j: Jaw) => ({ ...o, ...(open ? { openContacts: open[j] } : {}), ...(boltonIpr[j] ? { boltonIprMm: boltonIpr[j] } : {}) });
    if (input.lower?.length) out.lower = setupArch('lower', input.lower, frames.lower!, oj('lower'), undefined, sizes);
    if (input.upper?.length) {
      const lower = out.lower;
      // The upper frame's y runs along the same anterior direction as the lower's, from the same midline point.
      const front = lower ? frontOf(lower) + dot(lower.frame.origin, lower.frame.anterior) - dot(frames.upper!.origin, frames.upper!.anterior) + o.overjetMm + OVERJET_CENTROID_ALLOWANCE_MM : undefined;
      out.upper = setupArch('upper', input.upper, frames.upper!, oj('upper'), front, sizes);
    }
    return out;
  };
  let setups = runArches();
  if (input.crowns) setups = settleContacts(input, given, setups, runArches, o.normalise);
  if (setups.lower && setups.upper) notes.push(`Upper incisors set ${o.overjetMm} mm overjet in front of the lower ones; midlines on the shared midline.`);
  if (setups.upper && setups.lower) notes.push(overbite(setups.upper, setups.lower, o.overbiteMm));

  const targets: Record<number, ToothMovement> = {};
  const poses: Record<number, Pose> = {};
  const ipr: IprProposal[] = [];
  const expansionMm: Partial<Record<Jaw, number>> = {};
  const spaceAnalysis: Partial<Record<Jaw, SpaceAnalysis | null>> = {};
  const budget: Partial<Record<Jaw, SpaceBudget | null>> = {};
  const midlines: AutoSetupResult['midlines'] = {};
  const arches: Partial<Record<Jaw, ArchResult>> = {};
  const held: string[] = [];
  for (const j of given) {
    const s = setups[j]!;
    const byFdi = new Map(input[j]!.map((t) => [t.fdi, t]));
    for (const p of s.placements) {
      const t = byFdi.get(p.fdi)!;
      const pose = p.fixed ? identityPose() : targetOf(s, j, t, p, o.normalise, held);
      poses[p.fdi] = pose;
      // A held tooth's target is exactly zero, not movementFromPose's 1e-15 of rounding (which would read as a moved tooth).
      targets[p.fdi] = p.fixed ? zeroMovement() : movementFromPose(t, pose);
    }
    for (const c of s.contacts) if (c.iprMm > 0) ipr.push({ jaw: j, mesial: c.mesial, distal: c.distal, amountMm: round1(c.iprMm) });
    expansionMm[j] = round1(s.expansionMm);
    spaceAnalysis[j] = s.space;
    budget[j] = s.budget;
    midlines[j] = s.midline;
    if (s.space) {
      const d = s.space.discrepancyMm;
      notes.push(`${j}: arch length ${round1(s.space.availableMm)} mm available, ${round1(s.space.requiredMm)} mm required: ${d < 0 ? `${round1(-d)} mm crowding` : `${round1(d)} mm spacing`}.`);
    }
    notes.push(...s.notes);
    if (s.midline && Math.abs(s.midline.afterMm - s.midline.beforeMm) >= 0.1) notes.push(midlineNote(j, s.midline));
    if (s.advanceMm < -0.05 || s.advanceMm > 0.05) notes.push(`${j}: incisors ${s.advanceMm > 0 ? 'forward' : 'back'} ${round1(Math.abs(s.advanceMm))} mm from where they stand.`);
    arches[j] = archResult(s);
  }
  if (held.length) notes.push(`Tip/torque kept as the crowns stand, more than ${MAX_AXIS_CHANGE_DEG}° from the norm (so large a change moves roots, which aligners do poorly; the planner decides): ${held.join(', ')}.`);
  else if (o.normalise) notes.push('Tip and torque brought to the norms on every moved tooth.');
  for (const [name, r] of [['anterior', bolton.anterior], ['overall', bolton.overall]] as const) {
    if (r) notes.push(`Bolton ${name} ${r.ratioPercent.toFixed(1)}% (norm ${r.normPercent}%)${r.excessArch === 'none' ? '' : `: ${r.excessArch} excess ${round1(r.excessMm)} mm`}.`);
  }
  return { targets, poses, ipr, expansionMm, notes, spaceAnalysis, budget, midlines, bolton, arches };
}

/** Every midline change is reported, with the side it moves to. */
function midlineNote(jaw: Jaw, m: { beforeMm: number; afterMm: number }): string {
  const side = (x: number) => (Math.abs(x) < 0.05 ? 'on the arch midline' : `${round1(Math.abs(x))} mm to the patient's ${x > 0 ? 'left' : 'right'} of the arch midline`);
  const move = m.afterMm - m.beforeMm;
  return `${jaw}: dental midline ${side(m.beforeMm)} in the scan, set ${side(m.afterMm)} (moved ${round1(Math.abs(move))} mm to the patient's ${move > 0 ? 'left' : 'right'}).`;
}

/** Extrudes or intrudes the incisors (half in each arch) towards the overbite target; returns a note. */
function overbite(upper: ArchSetup, lower: ArchSetup, target: number): string {
  const incisors = (a: ArchSetup) => a.placements.filter((p) => !p.fixed && positionOf(p.fdi) <= 2);
  const up = lower.frame.occlusal;
  // Height of the incisal edges along the lower's occlusal normal (towards the upper arch).
  const edges = (a: ArchSetup, sign: number) => {
    const list = incisors(a);
    if (!list.length) return null;
    return list.reduce((s, p) => s + dot(fromPlan(a.frame, p.x, p.y, p.z), up) + sign * EDGE_FROM_CENTROID[a.jaw][positionOf(p.fdi) - 1], 0) / list.length;
  };
  const u = edges(upper, -1), l = edges(lower, 1);
  if (u === null || l === null) return 'Overbite not set: incisors missing.';
  const current = l - u;
  const move = Math.max(-MAX_OVERBITE_MOVE_MM, Math.min(MAX_OVERBITE_MOVE_MM, (target - current) / 2));
  for (const p of incisors(upper)) p.z += move;
  for (const p of incisors(lower)) p.z += move;
  const verb = move >= 0 ? 'extruded' : 'intruded';
  return `Overbite ${round1(current)} mm after levelling; incisors ${verb} ${round1(Math.abs(move))} mm in each arch towards ${target} mm.`;
}

function archResult(s: ArchSetup): ArchResult {
  const formPoints: Vec3[] = [];
  const total = s.form.s[s.form.s.length - 1];
  for (let v = -total; v <= total; v += 0.5) {
    const [x, y] = pointAt(s.form, v);
    formPoints.push(fromPlan(s.frame, x, y, 0));
  }
  const widthAt = (pos: number) => {
    const ps = s.placements.filter((p) => positionOf(p.fdi) === pos);
    return ps.length === 2 ? Math.abs(ps[0].x - ps[1].x) : NaN;
  };
  const zOf = (fdi: number) => s.placements.find((p) => p.fdi === fdi)?.z ?? 0;
  const contacts = s.contacts.map((c) => {
    const [x, y] = pointAt(s.form, c.s);
    return { ...c, point: fromPlan(s.frame, x, y, (zOf(c.mesial) + zOf(c.distal)) / 2) };
  });
  return { frame: s.frame, form: s.form, formPoints, contacts, intercanineMm: widthAt(3), intermolarMm: widthAt(6), gaps: s.gaps };
}

