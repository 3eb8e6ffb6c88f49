// The IPR chart's rows: IPR already in the plan, then the engine's proposals for contacts
// the plan has no IPR at yet, each flagged when above the protocol's maximum per contact.
import type { Fdi } from '../../../core/fdi.ts';
import type { PlannedIpr } from '../../../core/plan.ts';
import { pairKey, type IprProposal } from '../../../core/findings.ts';
import { archRank } from './chart-layout.ts';

/** Overlaps this small are within scan noise: not worth a proposal row. */
export const PROPOSAL_MIN_OVERLAP_MM = 0.1;
const STEP_MM = 0.1;
const EPS = 1e-9;

export interface IprRow {
  a: Fdi;
  b: Fdi;
  amountMm: number;
  /** Done after this aligner. */
  stage: number;
  source: 'planned' | 'proposed';
  aboveMax: boolean;
  /** The amount in 0.1 mm steps (the bar length). */
  steps: number;
}


function row(a: Fdi, b: Fdi, amountMm: number, stage: number, source: IprRow['source'], maxMm: number): IprRow {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  return { a: lo, b: hi, amountMm, stage, source, aboveMax: amountMm > maxMm + EPS, steps: Math.round(amountMm / STEP_MM) };
}

export function iprRows(planned: readonly PlannedIpr[], proposals: readonly IprProposal[] | null, maxMm: number): IprRow[] {
  const inPlan = new Set(planned.map((p) => pairKey(p.a, p.b)));
  const rows = planned.map((p) => row(p.a, p.b, p.amountMm, p.stage, 'planned', maxMm));
  for (const p of proposals ?? []) {
    if (p.overlapMm > PROPOSAL_MIN_OVERLAP_MM && !inPlan.has(pairKey(p.a, p.b))) rows.push(row(p.a, p.b, p.amountMm, p.stage, 'proposed', maxMm));
  }
  return rows.sort((x, y) => archRank(x.a) - archRank(y.a) || archRank(x.b) - archRank(y.b) || (x.source === 'planned' ? -1 : 1));
}

/** The proposals the "accept" button would write (those the chart shows as proposed). */
export function pendingProposals(planned: readonly PlannedIpr[], proposals: readonly IprProposal[] | null): IprProposal[] {
  const inPlan = new Set(planned.map((p) => pairKey(p.a, p.b)));
  return (proposals ?? []).filter((p) => p.overlapMm > PROPOSAL_MIN_OVERLAP_MM && !inPlan.has(pairKey(p.a, p.b)));
}

/** Bar length as a fraction of the longest row (or of the maximum, whichever is larger), 0..1. */
export function barFraction(r: IprRow, rows: readonly IprRow[], maxMm: number): number {
  const scale = Math.max(maxMm, ...rows.map((x) => x.amountMm), STEP_MM);
  return Math.min(1, r.amountMm / scale);
}
