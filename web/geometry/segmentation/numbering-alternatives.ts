// Second opinions on a numbering: the cheapest layouts that give the same crowns other
// FDI names. Each probe pins a crown near the midline, or a premolar (one of each per
// side), one place off its best name and lays the arch out again; when such a layout costs
// about as much as the best, the scan cannot tell the numbers apart and the planner should
// name one tooth.
import type { Jaw } from '../../core/types.ts';
import { archOrder, isRightSide, positionOf } from '../../core/fdi.ts';
import type { ArchProfile } from './arch-profile.ts';
import { numberTeeth, type Numbering, type ToothSpan } from './numbering.ts';

export interface NumberingAlternative {
  /** The FDI number this layout gives each tooth of the best one, in the same order (0: none). */
  numbers: number[];
  /** How much more it costs than the best layout (same units as Numbering.cost). */
  extraCost: number;
}

/** Layouts within this much of the best are as likely as it (about one shallow cut's worth). */
export const AMBIGUITY_MARGIN = 2;
/** The probes' size factors: near the best one's, and coarser (a second opinion). */
const PROBE_SCALE_STEP = 0.06;
const PROBE_SCALE_REACH = 0.12;

export function numberingAlternatives(profile: ArchProfile, jaw: Jaw, best: Numbering): NumberingAlternative[] {
  const order = archOrder(jaw);
  const probes: ToothSpan[] = [];
  const right = best.spans.filter((s) => isRightSide(s.fdi));
  const left = best.spans.filter((s) => !isRightSide(s.fdi));
  if (right.length) probes.push(right[right.length - 1]);
  if (left.length) probes.push(left[0]);
  // A closed space or a halved molar renames only the back of one side: probe a premolar too.
  for (const side of [right, left]) {
    const premolar = side.find((s) => positionOf(s.fdi) === 4) ?? side.find((s) => positionOf(s.fdi) === 5);
    if (premolar) probes.push(premolar);
  }
  const own = best.spans.map((s) => s.fdi);
  const seen = new Set<string>([own.join()]);
  const out: NumberingAlternative[] = [];
  for (const probe of probes) {
    for (const shift of [-1, 1]) {
      const t = order.indexOf(probe.fdi) + shift;
      if (t < 0 || t >= order.length) continue;
      const anchor = { fdi: order[t], s: (probe.start + probe.end) / 2 };
      const scaleRange = [best.scale - PROBE_SCALE_REACH, best.scale + PROBE_SCALE_REACH] as const;
      const alt = numberTeeth(profile, jaw, { anchor, scaleStep: PROBE_SCALE_STEP, scaleRange });
      if (!alt) continue;
      const numbers = namesOf(best.spans, alt.spans);
      const key = numbers.join();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ numbers, extraCost: Math.max(0, alt.cost - best.cost) });
    }
  }
  return out.sort((a, b) => a.extraCost - b.extraCost);
}

/** The name `spans` give the middle of each of `crowns` (0 where none covers it). */
export function namesOf(crowns: readonly ToothSpan[], spans: readonly ToothSpan[]): number[] {
  return crowns.map((c) => {
    const mid = (c.start + c.end) / 2;
    return spans.find((s) => s.start <= mid && mid < s.end)?.fdi ?? 0;
  });
}
