// Missing teeth in an arch to be set up: where a tooth is absent between two present ones
// (or beside the midline), the space is either kept (for an implant or a bridge: the
// default) or closed. The gap is measured as the scan has it, along the patient's form, so
// a space that has already closed is nothing to keep.
import { isRightSide, positionOf } from '../../core/fdi.ts';
import type { ToothAxes } from '../tooth-axes.ts';
import { projectOnForm, type ArchFormCurve } from './arch-form.ts';
import { toPlan, type PlanFrame } from './plan-frame.ts';

export type GapChoice = 'keep' | 'close';

/** A space where one or more teeth are missing, on one side of the arch. */
export interface ToothGap {
  right: boolean;
  /** The missing teeth (FDI), mesial first. */
  missing: number[];
  /** The present teeth either side (FDI); mesial null at the midline (a missing central). */
  mesial: number | null;
  distal: number;
  /** The gap as the scan has it, along the form, mm. */
  measuredMm: number;
  choice: GapChoice;
}

/** A space narrower than this (mm) has closed in the mouth: there is nothing to keep. */
export const MIN_KEPT_GAP_MM = 1;

/** Arc length (unsigned) of a point of the tooth `along` mm mesial (+) or distal (-) of its centroid. */
function arcAt(form: ArchFormCurve, frame: PlanFrame, t: ToothAxes, along: number): number {
  const p = toPlan(frame, [t.origin[0] + t.mesial[0] * along, t.origin[1] + t.mesial[1] * along, t.origin[2] + t.mesial[2] * along]);
  return Math.abs(projectOnForm(form, p[0], p[1]).s);
}

/**
 * Gaps in front of the last present tooth of each side. `mesialHalf` gives the part of a
 * tooth's width mesial of its centroid; `choices` the planner's choice per missing FDI (any
 * tooth of a gap asked to close closes it).
 */
export function findGaps(
  teeth: ToothAxes[], form: ArchFormCurve, frame: PlanFrame, mesialHalf: (t: ToothAxes) => number,
  choices: Readonly<Record<number, GapChoice>> = {},
): ToothGap[] {
  const gaps: ToothGap[] = [];
  for (const right of [true, false]) {
    const side = teeth.filter((t) => isRightSide(t.fdi) === right).sort((a, b) => positionOf(a.fdi) - positionOf(b.fdi));
    if (side.length === 0) continue;
    const quadrant = Math.floor(side[0].fdi / 10);
    let previous: ToothAxes | null = null;
    let expected = 1;
    for (const t of side) {
      const p = positionOf(t.fdi);
      if (p > expected) {
        const missing: number[] = [];
        for (let q = expected; q < p; q++) missing.push(quadrant * 10 + q);
        const start = previous ? arcAt(form, frame, previous, -(previous.widthMm - mesialHalf(previous))) : 0;
        const end = arcAt(form, frame, t, mesialHalf(t));
        const choice: GapChoice = missing.some((m) => choices[m] === 'close') ? 'close' : 'keep';
        gaps.push({ right, missing, mesial: previous?.fdi ?? null, distal: t.fdi, measuredMm: Math.max(0, end - start), choice });
      }
      previous = t;
      expected = p + 1;
    }
  }
  return gaps;
}

/** The space a gap keeps in the setup (mm): what the scan has, when it is open and kept. */
export function keptWidth(g: ToothGap): number {
  return g.choice === 'keep' && g.measuredMm >= MIN_KEPT_GAP_MM ? g.measuredMm : 0;
}
