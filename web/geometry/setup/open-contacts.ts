// Contacts open in the scan: two neighbouring crowns with a space between them (a diastema, a
// spaced arch). Such a space closes by moving the teeth; stripping enamel there would only
// widen it, so the setup never proposes IPR at these contacts.
import { archOrder } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import type { ToothAxes } from '../tooth-axes.ts';
import { contactGap } from './contact-gap.ts';
import type { PlanFrame } from './plan-frame.ts';
import { dot, scale, sub, unitOrZero } from '../segmentation/vec.ts';

/** A contact wider than this (mm) in the scan is a space, not a contact. */
export const OPEN_CONTACT_MM = 0.3;

/** Per arch, the keys `${mesial}-${distal}` of neighbouring crowns more than OPEN_CONTACT_MM apart as scanned. */
export function openContacts(
  teeth: { upper?: ToothAxes[]; lower?: ToothAxes[] }, given: Jaw[], frames: Partial<Record<Jaw, PlanFrame>>,
  crowns: Readonly<Record<number, Float32Array>>,
): Partial<Record<Jaw, Set<string>>> {
  const gaps = scannedGaps(teeth, given, frames, crowns);
  const out: Partial<Record<Jaw, Set<string>>> = {};
  for (const jaw of given) out[jaw] = new Set([...gaps[jaw]!].filter(([, g]) => g > OPEN_CONTACT_MM).map(([k]) => k));
  return out;
}

/**
 * Per arch, the gap (mm, contact-gap.ts's measure, negative = overlap) between each pair of
 * neighbouring crowns as scanned, keyed `${mesial}-${distal}`, measured along the line
 * between their centroids in the occlusal plane.
 */
export function scannedGaps(
  teeth: { upper?: ToothAxes[]; lower?: ToothAxes[] }, given: Jaw[], frames: Partial<Record<Jaw, PlanFrame>>,
  crowns: Readonly<Record<number, Float32Array>>,
): Partial<Record<Jaw, Map<string, number>>> {
  const out: Partial<Record<Jaw, Map<string, number>>> = {};
  for (const jaw of given) {
    const gaps = new Map<string, number>();
    const byFdi = new Map(teeth[jaw]!.map((t) => [t.fdi, t]));
    const order = archOrder(jaw).filter((f) => byFdi.has(f));
    const up = frames[jaw]!.occlusal;
    for (let i = 0; i + 1 < order.length; i++) {
      const a = byFdi.get(order[i])!, b = byFdi.get(order[i + 1])!;
      if (!crowns[a.fdi] || !crowns[b.fdi]) continue;
      const d = sub(b.origin, a.origin);
      const u = unitOrZero(sub(d, scale(up, dot(d, up))));
      // Keys name the mesial tooth first: the one nearer the midline, or 11/21 (41/31) at it.
      const [m, n] = mesialFirst(a.fdi, b.fdi);
      gaps.set(`${m}-${n}`, contactGap(crowns[a.fdi], crowns[b.fdi], u, up));
    }
    out[jaw] = gaps;
  }
  return out;
}

function mesialFirst(a: number, b: number): [number, number] {
  const pa = a % 10, pb = b % 10;
  if (pa === 1 && pb === 1) return Math.floor(a / 10) % 3 === 1 ? [a, b] : [b, a];
  return pa <= pb ? [a, b] : [b, a];
}
