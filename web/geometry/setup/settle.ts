// Settling the contacts of an auto-setup on the crowns themselves: the axes' widths are
// taken at the contacts as the teeth stand, and tip, torque and rotation change where two
// crowns meet, so each moved crown is turned to its target and checked against its neighbour.
import type { Jaw } from '../../core/types.ts';
import { applyPose, identityPose, type Pose } from '../../core/pose.ts';
import type { ToothAxes } from '../tooth-axes.ts';
import { pointAt } from './arch-form.ts';
import { mesialHalf, type ArchSetup, type CrownSize } from './arch-setup.ts';
import { contactGap } from './contact-gap.ts';
import { targetOf } from './orientation.ts';
import { planDirection } from './plan-frame.ts';

/** Clearance aimed for at a contact after settling, mm. */
const CONTACT_CLEARANCE_MM = 0.03;
const SETTLE_PASSES = 5;
/** A correction larger than this (mm per side) means the crown data is not to be trusted. */
const MAX_SIZE_CORRECTION_MM = 1.5;

/**
 * Lays the arches out again until each moved crown, turned to its target, just meets its
 * mesial neighbour (less the IPR there): the axes' widths are taken at the contacts as the
 * teeth stand, and tip, torque and rotation change where crowns meet. A tooth is widened
 * where its crown still overlaps and narrowed where a gap is left, a few passes.
 */
export function settleContacts(
  input: { upper?: ToothAxes[]; lower?: ToothAxes[]; crowns?: Readonly<Record<number, Float32Array>> }, given: Jaw[], first: Partial<Record<Jaw, ArchSetup>>,
  run: (sizes?: ReadonlyMap<number, CrownSize>) => Partial<Record<Jaw, ArchSetup>>, normalise: boolean,
): Partial<Record<Jaw, ArchSetup>> {
  const crowns = input.crowns!;
  const extra = new Map<number, { mesial: number; distal: number }>();
  const clamp = (v: number) => Math.max(-MAX_SIZE_CORRECTION_MM, Math.min(MAX_SIZE_CORRECTION_MM, v));
  let setups = first;
  for (let pass = 0; pass < SETTLE_PASSES; pass++) {
    const posed = new Map<number, Float32Array>();
    for (const j of given) {
      for (const t of input[j]!) {
        const pl = setups[j]!.placements.find((p) => p.fdi === t.fdi)!;
        const crown = crowns[t.fdi];
        if (crown) posed.set(t.fdi, posedCrown(crown, pl.fixed ? identityPose() : targetOf(setups[j]!, j, t, pl, normalise)));
      }
    }
    for (const j of given) {
      const s = setups[j]!;
      const fixed = (fdi: number) => s.placements.find((p) => p.fdi === fdi)?.fixed ?? true;
      for (const c of s.contacts) {
        const a = posed.get(c.mesial), b = posed.get(c.distal);
        if (!a || !b || c.spaceMm > 0) continue;
        const [tx, ty] = tangentAt(s, c.s);
        const gap = contactGap(a, b, planDirection(s.frame, tx, ty, 0), s.frame.occlusal);
        if (!Number.isFinite(gap)) continue;
        const deficit = CONTACT_CLEARANCE_MM - c.iprMm - gap;
        const grow = (fdi: number, side: 'mesial' | 'distal', mm: number) => {
          const e = extra.get(fdi) ?? { mesial: 0, distal: 0 };
          e[side] = clamp(e[side] + mm);
          extra.set(fdi, e);
        };
        if (c.s === 0) { grow(c.mesial, 'mesial', deficit / 2); grow(c.distal, 'mesial', deficit / 2); }
        // Against a molar that stays put only an overlap needs the mesial tooth to give way.
        else if (fixed(c.distal)) { if (deficit > 0) grow(c.mesial, 'distal', deficit); }
        else grow(c.distal, 'mesial', deficit);
      }
    }
    const sizes = new Map<number, CrownSize>();
    for (const j of given) {
      for (const t of input[j]!) {
        const e = extra.get(t.fdi);
        if (e) sizes.set(t.fdi, { widthMm: t.widthMm + e.mesial + e.distal, mesialHalfMm: mesialHalf(t) + e.mesial });
      }
    }
    setups = run(sizes);
  }
  return setups;
}

/** Unit direction of the form at signed arc length s, pointing away from the midline, plan x-y. */
function tangentAt(s: ArchSetup, at: number): [number, number] {
  const sign = at < 0 ? -1 : 1;
  const p0 = pointAt(s.form, at - sign * 0.25), p1 = pointAt(s.form, at + sign * 0.25);
  if (at === 0) return [1, 0];
  const l = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]) || 1;
  return [(p1[0] - p0[0]) / l, (p1[1] - p0[1]) / l];
}

function posedCrown(crown: Float32Array, pose: Pose): Float32Array {
  const out = new Float32Array(crown.length);
  for (let i = 0; i < crown.length; i += 3) out.set(applyPose(pose, [crown[i], crown[i + 1], crown[i + 2]]), i);
  return out;
}
