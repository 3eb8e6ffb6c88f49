// One space budget per arch: where the arch length a setup needs comes from, every term
// measured the same way (arch length along the forms the setup lays the teeth on, from the
// midline to each first molar's mesial contact), so the terms add up by construction:
//
//   discrepancy + IPR + expansion + incisors + molars - teeth as set = kept + left open - short
//
// discrepancy: available - required with the teeth where they stand (< 0: crowding);
// expansion: what widening the canines adds to the available length; incisors: what
// bringing them forward adds (< 0: retraction); molars: what moving them distally adds
// (< 0: they came forward to close a space); teeth as set: how much more length the crowns
// take once derotated, uprighted and set on the form than their measured widths; kept:
// spaces kept for missing teeth; left open: any other space at the end; short: what a side
// still lacks (its teeth overlap the first molar by that much: the planner must decide).

/** One side's arch length as laid out on one form, mm. */
export interface SideMeasure {
  /** Midline to the first molar's mesial contact (where it stands, projected on the form). */
  anchor: number;
  /** Midline to the distal end of the teeth in front of it, kept gaps included. */
  end: number;
  /** Kept gaps among them. */
  kept: number;
}

export interface SpaceBudget {
  discrepancyMm: number;
  iprMm: number;
  expansionMm: number;
  incisorsMm: number;
  molarsMm: number;
  teethAsSetMm: number;
  keptMm: number;
  leftMm: number;
  shortMm: number;
}

export interface BudgetMeasures {
  /** Patient's form, teeth as measured, no IPR. */
  start: SideMeasure[];
  /** Patient's front with the final canine width (anchors only are read). */
  expanded: SideMeasure[];
  /** Final form, teeth as set, with the IPR. */
  final: SideMeasure[];
  /** Enamel stripped per side, mm (a midline contact's half on each). */
  iprMm: number[];
  /** Per side: its molars move with the teeth in front (they take up the slack). */
  molarsMove: boolean[];
}

export function budgetTerms(m: BudgetMeasures): SpaceBudget {
  const b: SpaceBudget = { discrepancyMm: 0, iprMm: 0, expansionMm: 0, incisorsMm: 0, molarsMm: 0, teethAsSetMm: 0, keptMm: 0, leftMm: 0, shortMm: 0 };
  m.start.forEach((s0, k) => {
    const e = m.expanded[k], f = m.final[k];
    b.discrepancyMm += s0.anchor - (s0.end - s0.kept);
    b.expansionMm += e.anchor - s0.anchor;
    b.incisorsMm += f.anchor - e.anchor;
    // The IPR is counted as planned; the little a chord gains over it along the curve is the teeth's.
    b.iprMm += m.iprMm[k];
    b.teethAsSetMm += (f.end + m.iprMm[k] - f.kept) - (s0.end - s0.kept);
    b.keptMm += f.kept;
    const slack = f.anchor - f.end;
    if (m.molarsMove[k]) b.molarsMm -= slack;
    else if (slack >= 0) b.leftMm += slack;
    else b.shortMm -= slack;
  });
  return b;
}

/** The two sides of the equation; equal up to rounding. */
export function budgetBalance(b: SpaceBudget): { sources: number; uses: number } {
  return {
    sources: b.discrepancyMm + b.iprMm + b.expansionMm + b.incisorsMm + b.molarsMm - b.teethAsSetMm,
    uses: b.keptMm + b.leftMm - b.shortMm,
  };
}

const f1 = (v: number) => {
  const r = Math.round(v * 10) / 10;
  return (r === 0 ? 0 : r).toFixed(1);
};
const signed = (v: number) => (Math.round(v * 10) === 0 ? '0.0' : `${v > 0 ? '+' : '−'}${f1(Math.abs(v))}`);

/** The budget as one line of the report, every figure the table's. */
export function budgetNote(jaw: string, b: SpaceBudget): string {
  const d = b.discrepancyMm;
  const measured = Math.round(d * 10) === 0 ? 'no crowding or spacing' : d < 0 ? `${f1(-d)} mm crowding` : `${f1(d)} mm spacing`;
  const gained = [`IPR ${signed(b.iprMm)}`, `expansion ${signed(b.expansionMm)}`, `incisor position ${signed(b.incisorsMm)}`, `molar position ${signed(b.molarsMm)}`];
  return `${jaw} space budget (mm of arch length): ${measured}; gained by ${gained.join(', ')}; taken by the teeth as set ${signed(b.teethAsSetMm)}; `
    + `kept for missing teeth ${f1(b.keptMm)}, left open ${f1(b.leftMm)}${b.shortMm >= 0.05 ? `, still short ${f1(b.shortMm)}` : ''}.`;
}
