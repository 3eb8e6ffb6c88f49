// One arch of an auto-setup: fit the arch form, find how much room the crowns need against
// what the fixed molars leave, resolve a shortfall (IPR, expansion, incisor advancement) or
// close spaces (incisor retraction), and lay the crowns along the form in contact order
// from the midline, contact points on the curve.
import { isRightSide, positionOf, toothType } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import type { ToothAxes } from '../tooth-axes.ts';
import { dot } from '../segmentation/vec.ts';
import { allocateIpr, byAnteriorFirst, type IprContact } from './analysis.ts';
import {
  buildArchForm, FORM_EXPONENT, pointAt, projectOnForm,
  type ArchFormCurve, type ArchFormParams, type ArchFormType,
} from './arch-form.ts';
import { bilateralPair, dentalMidlineX, mesialHalf, toPlan, type PlanFrame } from './plan-frame.ts';

export { mesialHalf };
import { contactKey as key, layout, type KeptGaps, type Side } from './arch-layout.ts';
import { findGaps, keptWidth, MIN_KEPT_GAP_MM, type GapChoice, type ToothGap } from './missing-teeth.ts';
import { budgetNote, budgetTerms, type SideMeasure, type SpaceBudget } from './space-budget.ts';

export interface ArchSetupOptions {
  form: ArchFormType;
  allowMolarMovement: boolean;
  iprMaxPerContactMm: number;
  /** Which to use first when the arch is short of room. */
  strategy: 'ipr-first' | 'expansion-first';
  /** Largest intercanine width increase proposed, mm. */
  maxExpansionMm: number;
  /** How far the incisors may come forward (short arch) or back (spaced arch), mm. */
  maxAdvanceMm: number;
  maxRetractionMm: number;
  /** Per missing tooth (FDI): keep its space (the default) or close it (that side's molars come forward). */
  missing?: Readonly<Record<number, GapChoice>>;
  /** Contacts open in the scan (`${mesial}-${distal}`): a space there closes by moving teeth, never by IPR. */
  openContacts?: ReadonlySet<string>;
  /** IPR where the arch has room to spare (default false: spacing closes by moving teeth only). */
  iprInSpacing?: boolean;
  /** IPR to spread over the contacts canine to canine for a Bolton excess in this arch, mm. */
  boltonIprMm?: number;
}

/** Where one tooth goes, in plan coordinates of its arch. */
export interface Placement {
  fdi: number;
  /** Centroid x, y in the plane and height z along the arch's occlusal normal, mm. */
  x: number;
  y: number;
  z: number;
  /** Unit in-plane mesial direction (towards the midline along the arch) and outward normal. */
  mesial: [number, number];
  outward: [number, number];
  fixed: boolean;
}

export interface PlannedContact {
  mesial: number;
  distal: number;
  /** Arc length of the contact on the form (signed: < 0 on the patient's right), mm. */
  s: number;
  iprMm: number;
  /** Space left open at this contact (mm); 0 where the crowns touch. */
  spaceMm: number;
}

export interface SpaceAnalysis {
  /** Arch length from the mesial contact of one first molar to the other, along the patient's form, mm. */
  availableMm: number;
  /** Sum of the mesial-distal widths of the teeth in front of the first molars, mm. */
  requiredMm: number;
  /** available - required: negative = crowding, positive = spacing (mm). */
  discrepancyMm: number;
  right: { availableMm: number; requiredMm: number };
  left: { availableMm: number; requiredMm: number };
}

export interface ArchSetup {
  jaw: Jaw;
  frame: PlanFrame;
  form: ArchFormCurve;
  placements: Placement[];
  contacts: PlannedContact[];
  /** Intercanine width increase, mm. */
  expansionMm: number;
  /** How far the incisors come forward (+) or go back (-) from where they stand, mm. */
  advanceMm: number;
  space: SpaceAnalysis | null;
  /** Where the arch length comes from and goes; null without a first molar (or premolar) on both sides. */
  budget: SpaceBudget | null;
  gaps: ToothGap[];
  /** Dental midline (the centrals' contact) from the arch midline as the scan has it and as set, mm (+ patient's left). */
  midline: { beforeMm: number; afterMm: number } | null;
  notes: string[];
}

const round1 = (v: number) => Math.round(v * 10) / 10;

function widthMap(teeth: ToothAxes[]): Map<number, ToothAxes> {
  return new Map(teeth.map((t) => [t.fdi, t]));
}

/**
 * The canines' half-width and y: the mean of the two sides, or the canine nearer the midline
 * when one stands out (blocked out) by more than 2 mm.
 */
function caninePoint(xy: Map<number, number[]>, teeth: ToothAxes[]): { x: number; y: number } | null {
  const canines = teeth.filter((t) => positionOf(t.fdi) === 3).map((t) => ({ x: Math.abs(xy.get(t.fdi)![0]), y: xy.get(t.fdi)![1] }));
  if (canines.length === 0) return null;
  if (canines.length === 2 && Math.abs(canines[0].x - canines[1].x) > 2) return canines[0].x < canines[1].x ? canines[0] : canines[1];
  return { x: canines.reduce((s, v) => s + v.x, 0) / canines.length, y: canines.reduce((s, v) => s + v.y, 0) / canines.length };
}

/** A tooth's mesial-distal size as it will stand (measured on its crown in the target orientation). */
export interface CrownSize { widthMm: number; mesialHalfMm: number }

export function setupArch(
  jaw: Jaw, teeth: ToothAxes[], frame: PlanFrame, o: ArchSetupOptions, frontOverride?: number, sizes?: ReadonlyMap<number, CrownSize>,
): ArchSetup {
  const notes: string[] = [];
  const widthOf = (t: ToothAxes) => sizes?.get(t.fdi)?.widthMm ?? t.widthMm;
  const measuredWidth = (t: ToothAxes) => t.widthMm;
  const mesialShare = (t: ToothAxes) => sizes?.get(t.fdi)?.mesialHalfMm ?? mesialHalf(t);
  const xy = new Map(teeth.map((t) => [t.fdi, toPlan(frame, t.origin)]));
  const molars = bilateralPair(teeth, [6, 7, 5, 4]);
  const molarHalf = molars ? (Math.abs(xy.get(molars[0].fdi)![0]) + Math.abs(xy.get(molars[1].fdi)![0])) / 2 : 22;
  const molarY = molars ? (xy.get(molars[0].fdi)![1] + xy.get(molars[1].fdi)![1]) / 2 : -25;
  const exponent = FORM_EXPONENT[o.form];
  // The front that puts the form through the central incisors as they stand.
  const centrals = teeth.filter((t) => positionOf(t.fdi) === 1);
  const frontRef = centrals.length ? centrals : teeth.filter((t) => positionOf(t.fdi) <= 2);
  const canine = caninePoint(xy, teeth) ?? { x: 0.68 * molarHalf, y: molarY + 0.7 * (frontRef.length ? xy.get(frontRef[0].fdi)![1] - molarY : 25) };
  const c0 = canine.x;
  // Solved by fixed-point: the front depends on the depth and the depth on the front.
  let front0 = canine.y + 3, depth0 = 3;
  for (let i = 0; i < 20 && frontRef.length; i++) {
    front0 = frontRef.reduce((s, t) => { const [x, y] = xy.get(t.fdi)!; return s + y + depth0 * Math.min(1, Math.abs(x) / c0) ** exponent; }, 0) / frontRef.length;
    depth0 = Math.max(0.5, front0 - canine.y);
  }
  const params = (front: number, c: number): ArchFormParams => ({ type: o.form, front, canineHalfWidth: c, canineDepth: depth0 + (front - front0), molarHalfWidth: molarHalf, molarY });
  const form0 = buildArchForm(params(front0, c0));

  const gaps = findGaps(teeth, form0, frame, mesialHalf, o.missing);
  const kept: KeptGaps = new Map(gaps.filter((g) => keptWidth(g) > 0).map((g) => [g.distal, keptWidth(g)]));
  // Closing a space brings that side's molars forward; a missing central's space is shared
  // by both sides once the other central stands across the midline.
  const closes = (right: boolean) => gaps.some((g) => (g.right === right || g.mesial === null) && g.choice === 'close' && g.measuredMm >= MIN_KEPT_GAP_MM);
  const byFdi = widthMap(teeth);
  const fixedPos = (t: ToothAxes) => !o.allowMolarMovement && !closes(isRightSide(t.fdi)) && positionOf(t.fdi) >= 6;
  const sideTeeth = (right: boolean) => teeth.filter((t) => isRightSide(t.fdi) === right).sort((a, b) => positionOf(a.fdi) - positionOf(b.fdi));
  const anchorOf = (form: ArchFormCurve, list: ToothAxes[], onlyFixed: boolean) => {
    const t = list.find((u) => positionOf(u.fdi) >= 6 && (!onlyFixed || fixedPos(u)));
    if (!t) return { anchor: null, anchorTooth: null };
    const p = toPlan(frame, t.origin);
    const mx = dot(t.mesial, frame.left), my = dot(t.mesial, frame.anterior);
    const h = mesialHalf(t);
    return { anchor: Math.abs(projectOnForm(form, p[0] + mx * h, p[1] + my * h).s), anchorTooth: t };
  };
  const makeSides = (form: ArchFormCurve, onlyFixed: boolean): Side[] => [true, false].map((right) => {
    const list = sideTeeth(right);
    const a = anchorOf(form, list, onlyFixed);
    const movable = list.filter((t) => (onlyFixed ? !fixedPos(t) : positionOf(t.fdi) < 6));
    return { right, teeth: movable, anchor: a.anchor, anchorTooth: a.anchorTooth };
  });
  const r1 = byFdi.get(jaw === 'upper' ? 11 : 41), l1 = byFdi.get(jaw === 'upper' ? 21 : 31);
  const midline: IprContact | null = r1 && l1 ? { mesial: r1.fdi, distal: l1.fdi } : null;
  // A missing central whose space closes: the other central stands across the midline.
  const closedCentral = gaps.find((g) => g.mesial === null && g.choice === 'close' && g.measuredMm >= MIN_KEPT_GAP_MM);
  const straddle = !midline && closedCentral ? (r1 ?? l1)?.fdi ?? null : null;

  // Arch length to each first molar on a form: the space analysis and the budget's terms.
  const measure = (form: ArchFormCurve, width: (t: ToothAxes) => number, iprMap: Map<string, number>): SideMeasure[] | null => {
    const sides = makeSides(form, false);
    if (sides.some((sd) => sd.anchor === null)) return null;
    const lay = layout(form, sides, iprMap, midline, width, kept, straddle);
    return sides.map((sd, k) => ({
      anchor: sd.anchor!, end: lay.sEnd[k],
      kept: [...sd.teeth, sd.anchorTooth!].reduce((sum, t) => sum + (kept.get(t.fdi) ?? 0), 0),
    }));
  };
  const start = measure(form0, measuredWidth, new Map());
  let space: SpaceAnalysis | null = null;
  if (start) {
    const side = (k: number) => ({ availableMm: start[k].anchor, requiredMm: start[k].end - start[k].kept });
    const right = side(0), left = side(1);
    const availableMm = right.availableMm + left.availableMm, requiredMm = right.requiredMm + left.requiredMm;
    space = { availableMm, requiredMm, discrepancyMm: availableMm - requiredMm, right, left };
  }

  let front = frontOverride ?? front0;
  let c = c0;
  // IPR resolves crowding only: an arch with room to spare closes its spaces by moving teeth.
  const iprAllowed = o.iprInSpacing || !space || space.discrepancyMm < 0;
  const open = o.openContacts ?? new Set<string>();
  const strippable = (c: IprContact) => !open.has(key(c)) && !kept.has(c.distal);
  const contactsOf = (s: Side, anterior = false): IprContact[] => byAnteriorFirst(
    s.teeth.slice(1).map((t, i) => ({ mesial: s.teeth[i].fdi, distal: t.fdi })).filter((c) => strippable(c) && (!anterior || positionOf(c.distal) <= 3)),
  );
  // A Bolton excess is tooth material this arch has too much of against the other: taken off
  // its front teeth first, whatever the crowding (the arch then closes the room it frees).
  let ipr = new Map<string, number>();
  if ((o.boltonIprMm ?? 0) > 0) {
    const sides0 = makeSides(buildArchForm(params(front, c)), true);
    const half = o.boltonIprMm! / 2;
    ipr = allocateIpr(half, half, midline && strippable(midline) ? midline : null, contactsOf(sides0[0], true), contactsOf(sides0[1], true), o.iprMaxPerContactMm);
    const total = [...ipr.values()].reduce((sum, v) => sum + v, 0);
    if (total > 0) notes.push(`${jaw}: IPR ${round1(total)} mm on the front teeth for the Bolton excess of ${round1(o.boltonIprMm!)} mm.`);
  }
  const boltonIpr = new Map(ipr);
  const evaluate = () => {
    const form = buildArchForm(params(front, c));
    const sides = makeSides(form, true);
    const lay = layout(form, sides, ipr, midline, widthOf, kept, straddle);
    const slack = sides.map((s, k) => (s.anchor === null ? Infinity : s.anchor - lay.sEnd[k]));
    return { form, sides, lay, slack };
  };
  let state = evaluate();
  const short = () => Math.max(0, -state.slack[0], -state.slack[1]);
  // Bisection on a parameter that gains arch length as it grows: the least value in [lo, hi] with no shortfall.
  const solve = (set: (v: number) => void, lo: number, hi: number) => {
    set(hi); state = evaluate();
    if (short() > 1e-3) return;
    for (let i = 0; i < 30; i++) {
      const mid = (lo + hi) / 2;
      set(mid); state = evaluate();
      if (short() > 1e-3) lo = mid; else hi = mid;
    }
    set(hi); state = evaluate();
  };
  const anyFixed = state.sides.some((s) => s.anchor !== null);
  if (anyFixed && short() > 1e-3) {
    const steps = o.strategy === 'ipr-first' ? ['ipr', 'expansion', 'advance'] : ['expansion', 'ipr', 'advance'];
    for (const step of steps) {
      if (short() <= 1e-3) break;
      if (step === 'ipr' && iprAllowed) {
        // Contacts already stripped for a Bolton excess are left as they are.
        const free = (list: IprContact[]) => list.filter((cc) => !boltonIpr.has(key(cc)));
        const [sr, sl] = state.slack.map((v) => (Number.isFinite(v) ? Math.max(0, -v) : 0));
        const mid = midline && strippable(midline) && !boltonIpr.has(key(midline)) ? midline : null;
        ipr = new Map([...boltonIpr, ...allocateIpr(sr, sl, mid, free(contactsOf(state.sides[0])), free(contactsOf(state.sides[1])), o.iprMaxPerContactMm)]);
        state = evaluate();
        const total = [...ipr.values()].reduce((s, v) => s + v, 0) - [...boltonIpr.values()].reduce((s, v) => s + v, 0);
        if (total > 0) notes.push(`${jaw}: IPR ${round1(total)} mm over ${ipr.size - boltonIpr.size} contact(s) for the crowding, anterior contacts first, at most ${o.iprMaxPerContactMm} mm each.`);
      } else if (step === 'expansion' && o.maxExpansionMm > 0) {
        solve((v) => { c = c0 + v / 2; }, 0, o.maxExpansionMm);
        if (c > c0 + 1e-3) notes.push(`${jaw}: expansion of the intercanine width by ${round1(2 * (c - c0))} mm (premolars follow the form).`);
      } else if (step === 'advance' && frontOverride === undefined && o.maxAdvanceMm > 0) {
        const f0 = front;
        solve((v) => { front = f0 + v; }, 0, o.maxAdvanceMm);
        if (front > f0 + 1e-3) notes.push(`${jaw}: incisors brought forward ${round1(front - f0)} mm to gain the rest of the room.`);
      }
    }
    if (short() > 1e-3) notes.push(`${jaw}: still ${round1(short())} mm short after ${iprAllowed ? 'IPR at the maximum, ' : ''}expansion and advancing the incisors: extraction or distalisation needs a planner's decision.`);
  } else if (anyFixed && frontOverride === undefined && Math.min(...state.slack) > 0.2 && o.maxRetractionMm > 0) {
    // Spacing: retract the incisors until the tighter side closes.
    const f0 = front;
    solve((v) => { front = f0 - o.maxRetractionMm + v; }, 0, o.maxRetractionMm);
    if (front < f0 - 1e-3) notes.push(`${jaw}: incisors retracted ${round1(f0 - front)} mm to close the spaces.`);
  }
  if (o.allowMolarMovement) notes.push(`${jaw}: molars allowed to move: every tooth placed in contact from the midline, the molars take up the difference.`);
  for (const g of gaps) {
    const what = g.missing.join(' and ');
    if (g.measuredMm < MIN_KEPT_GAP_MM) notes.push(`${jaw}: the space of missing ${what} has closed in the scan (${round1(g.measuredMm)} mm).`);
    else if (g.choice === 'keep') notes.push(`${jaw}: ${round1(g.measuredMm)} mm kept for missing ${what} (implant or bridge).`);
    else notes.push(`${jaw}: the space of missing ${what} (${round1(g.measuredMm)} mm) closed${g.mesial === null ? `, ${straddle} centred on the midline and the molars of both sides coming forward` : ', the molars on that side coming forward'}.`);
  }

  const { form, sides, lay } = state;
  let budget: SpaceBudget | null = null;
  if (start) {
    const expanded = measure(buildArchForm(params(front0, c)), widthOf, new Map());
    const final = measure(form, widthOf, ipr);
    if (expanded && final) {
      const molarsMove = [true, false].map((right) => sideTeeth(right).some((t) => positionOf(t.fdi) >= 6 && !fixedPos(t)));
      const iprMm = [true, false].map((right) => [...ipr].reduce((sum, [k, v]) => {
        const [m, d] = k.split('-').map(Number);
        return sum + (isRightSide(m) === isRightSide(d) ? (isRightSide(m) === right ? v : 0) : v / 2);
      }, 0));
      budget = budgetTerms({ start, expanded, final, molarsMove, iprMm });
      notes.push(budgetNote(jaw, budget));
    }
  }

  const placements: Placement[] = [];
  const contacts: PlannedContact[] = [];
  sides.forEach((side) => {
    const sign = side.right ? -1 : 1;
    side.teeth.forEach((t, i) => {
      const next = side.teeth[i + 1] ?? side.anchorTooth;
      const sM = lay.starts.get(t.fdi)!, sD = lay.ends.get(t.fdi)!;
      const pm = pointAt(form, sign * sM), pd = pointAt(form, sign * sD);
      const mx = pm[0] - pd[0], my = pm[1] - pd[1];
      const l = Math.hypot(mx, my) || 1;
      const mesial: [number, number] = [mx / l, my / l];
      // Outward: the mesial direction turned a quarter towards the outside of the U.
      const outward: [number, number] = side.right ? [-mesial[1], mesial[0]] : [mesial[1], -mesial[0]];
      const fromMesial = Math.min(l, mesialShare(t) * (l / Math.max(1e-6, widthOf(t))));
      placements.push({ fdi: t.fdi, x: pm[0] - mesial[0] * fromMesial, y: pm[1] - mesial[1] * fromMesial, z: 0, mesial, outward, fixed: false });
      if (next) {
        const anchored = next === side.anchorTooth;
        const nextStart = anchored ? side.anchor ?? sD : lay.starts.get(next.fdi)!;
        const gap = Math.max(0, nextStart - sD);
        contacts.push({ mesial: t.fdi, distal: next.fdi, s: sign * sD, iprMm: ipr.get(`${t.fdi}-${next.fdi}`) ?? 0, spaceMm: gap > 1e-6 ? gap : 0 });
        const spare = gap - (kept.get(next.fdi) ?? 0);
        if (anchored && spare > 0.3) notes.push(`${jaw}: ${round1(spare)} mm of space left mesial of ${next.fdi}.`);
      }
    });
  });
  if (midline) contacts.push({ mesial: midline.mesial, distal: midline.distal, s: 0, iprMm: ipr.get(key(midline)) ?? 0, spaceMm: 0 });
  if (straddle !== null) {
    const k = sides.findIndex((sd) => sd.teeth[0]?.fdi === straddle), other = sides[1 - k];
    const w = widthOf(byFdi.get(straddle)!);
    if (other.teeth[0]) contacts.push({ mesial: straddle, distal: other.teeth[0].fdi, s: (other.right ? -1 : 1) * w / 2, iprMm: 0, spaceMm: 0 });
  }
  for (const t of teeth) {
    if (placements.some((p) => p.fdi === t.fdi)) continue;
    const [x, y, z] = xy.get(t.fdi)!;
    const mx = dot(t.mesial, frame.left), my = dot(t.mesial, frame.anterior);
    const l = Math.hypot(mx, my) || 1;
    placements.push({ fdi: t.fdi, x, y, z, mesial: [mx / l, my / l], outward: [0, 0], fixed: true });
  }
  levelHeights(placements, xy);
  return {
    jaw, frame, form, placements, contacts, expansionMm: 2 * (c - c0), advanceMm: front - front0, space, budget, gaps,
    midline: midlineOf(teeth, frame, placements, straddle), notes,
  };
}

/** The dental midline before (plan-frame.ts dentalMidlineX) and as set: where the centrals meet, or a straddling central's middle. */
function midlineOf(teeth: ToothAxes[], frame: PlanFrame, placements: Placement[], straddle: number | null): ArchSetup['midline'] {
  const beforeMm = dentalMidlineX(teeth, frame);
  if (beforeMm === null) return null;
  const mesialEnd = (fdi: number) => {
    const p = placements.find((q) => q.fdi === fdi)!, t = teeth.find((u) => u.fdi === fdi)!;
    return p.x + p.mesial[0] * mesialHalf(t);
  };
  const centrals = teeth.filter((t) => positionOf(t.fdi) === 1);
  if (straddle !== null) return { beforeMm, afterMm: placements.find((p) => p.fdi === straddle)!.x };
  return { beforeMm, afterMm: centrals.reduce((s, t) => s + mesialEnd(t.fdi), 0) / centrals.length };
}

/**
 * Levelling: each moved tooth's centroid goes to the median height of the teeth of its type
 * in this arch (centroid heights differ by type with the crown heights, so one plane for
 * all would step the cusp line). A tooth standing out of the line is pulled to its type.
 */
function levelHeights(placements: Placement[], xy: Map<number, number[]>): void {
  const byType = new Map<string, number[]>();
  for (const [fdi, p] of xy) {
    const k = toothType(fdi);
    byType.set(k, [...(byType.get(k) ?? []), p[2]]);
  }
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  for (const p of placements) if (!p.fixed) p.z = median(byType.get(toothType(p.fdi))!);
}

