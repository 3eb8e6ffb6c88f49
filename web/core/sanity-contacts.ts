// The sanity checks that read contacts rather than single teeth (core/sanity.ts lists them
// all): IPR over the protocol maximum, collisions and spaces left at the final stage, and a
// Bolton tooth-size excess that no IPR accounts for.
import { archOrder, jawOf, positionOf, type Fdi } from './fdi.ts';
import { applyPlannedIpr, pairKey, type Collision, type ContactKind, type Findings, type PairRecord } from './findings.ts';
import type { PlannedIpr } from './plan.ts';
import { ACCEPT_ABOVE_MM, PAIR_SEARCH_MM } from './plan-rules.ts';
import { check, mm, type SanityCheck } from './sanity-format.ts';

type Ipr = Pick<PlannedIpr, 'a' | 'b' | 'amountMm'>;

/** One of Bolton's ratios as geometry/setup/analysis.ts measures it. */
export interface BoltonRatioInput {
  ratioPercent: number;
  normPercent: number;
  excessArch: 'upper' | 'lower' | 'none';
  /** Tooth material to remove from the excess arch for it to meet the norm, mm. */
  excessMm: number;
}

export interface BoltonInput {
  /** Canine to canine; null when a tooth of the twelve is missing. */
  anterior: BoltonRatioInput | null;
  /** First molar to first molar; null when a tooth of the twenty-four is missing. */
  overall: BoltonRatioInput | null;
}

/** Amounts are prescribed in 0.1 mm steps; float sums within this of the maximum are at it. */
const EPS_MM = 1e-6;

/** The plan's IPR by contact, summed where a contact is listed twice. */
function plannedByContact(ipr: readonly Ipr[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of ipr) out.set(pairKey(e.a, e.b), (out.get(pairKey(e.a, e.b)) ?? 0) + e.amountMm);
  return out;
}

/** A contact whose IPR goes past the maximum: planned alone (moreMm 0), or with what the overlap left still needs. */
export interface IprOverMax {
  /** pairKey of the contact. */
  contact: string;
  plannedMm: number;
  moreMm: number;
}

/**
 * Planned IPR above the maximum, and contacts whose final overlap (past the tight-contact
 * tolerance, as accepting proposals reads it) would need more than the maximum in all. The
 * sanity checklist and the QA gate both read the protocol's maximum this way.
 */
export function iprOverMax(ipr: readonly Ipr[], findings: Findings, maxMm: number): IprOverMax[] {
  const planned = plannedByContact(ipr);
  const out: IprOverMax[] = [];
  for (const [contact, amount] of planned) if (amount > maxMm + EPS_MM) out.push({ contact, plannedMm: amount, moreMm: 0 });
  for (const p of findings.ipr) {
    if (!(p.overlapMm > ACCEPT_ABOVE_MM)) continue;
    const had = planned.get(pairKey(p.a, p.b)) ?? 0;
    if (had + p.amountMm > maxMm + EPS_MM) out.push({ contact: pairKey(p.a, p.b), plannedMm: had, moreMm: p.amountMm });
  }
  return out;
}

/** A fail: the protocol forbids it. */
export function iprMaxCheck(ipr: readonly Ipr[], findings: Findings, maxMm: number): SanityCheck {
  const planned = plannedByContact(ipr);
  const found = iprOverMax(ipr, findings, maxMm).map((o) => (o.moreMm === 0
    ? `${o.contact}: ${mm(o.plannedMm)} planned`
    : `${o.contact}: ${mm(o.plannedMm + o.moreMm)} needed (${mm(o.plannedMm)} planned, ${mm(o.moreMm)} more proposed for the overlap left)`));
  const label = 'IPR within the protocol maximum';
  const total = [...planned.values()].reduce((a, b) => a + b, 0);
  return found.length
    ? check('ipr-max', label, 'fail', `${found.join('; ')} (the protocol allows ${mm(maxMm)} per contact).`)
    : check('ipr-max', label, 'pass', `${planned.size ? `${mm(total)} of IPR planned at ${planned.size} contact${planned.size === 1 ? '' : 's'}` : 'No IPR planned'}; no contact needs more than ${mm(maxMm)}.`);
}

/** Overlaps at `finalStage` deeper than `aboveMm` (the findings already took the planned IPR off), deepest first. */
export function finalCollisions(findings: Findings, finalStage: number, aboveMm: number): Collision[] {
  return (findings.collisions.find((c) => c.stage === finalStage)?.collisions ?? []).filter((c) => c.depthMm > aboveMm);
}

/** Which two teeth meet, in words: "(upper against lower)" or "(neighbours)". */
export function contactKindWords(kind: ContactKind): string {
  return kind === 'antagonist' ? '(upper against lower)' : '(neighbours)';
}

/** Final-stage overlaps deeper than the planned IPR + ACCEPT_ABOVE_MM (the findings already took the IPR off). */
export function finalCollisionsCheck(findings: Findings, finalStage: number): SanityCheck {
  const found = finalCollisions(findings, finalStage, ACCEPT_ABOVE_MM).map((c) => `${c.a}-${c.b} ${contactKindWords(c.kind)} overlap ${mm(c.depthMm)}`);
  const label = 'Collisions at the end';
  return found.length
    ? check('final-collisions', label, 'fail', `At the last stage ${found.join('; ')}, beyond the planned IPR + ${mm(ACCEPT_ABOVE_MM)}.`)
    : check('final-collisions', label, 'pass', `No contact overlaps more than its planned IPR + ${mm(ACCEPT_ABOVE_MM)} at the last stage.`);
}

/** Teeth missing between two neighbours of the pair list (a gap is bridged there). */
function missingBetween(a: Fdi, b: Fdi): Fdi[] {
  const order = archOrder(jawOf(a));
  const [i, j] = [order.indexOf(a), order.indexOf(b)].sort((x, y) => x - y);
  return order.slice(i + 1, j);
}

/**
 * Neighbours farther apart than `thresholdMm` at the last stage, the planned IPR done. The
 * engine measures pairs only within PAIR_SEARCH_MM: a pair beyond it is a space of unknown
 * size, said as such.
 */
export function openSpaceCheck(records: readonly PairRecord[], ipr: readonly Ipr[], finalStage: number, thresholdMm: number): SanityCheck {
  const final = records.filter((r) => r.stage === finalStage && (r.kind ?? (jawOf(r.a) === jawOf(r.b) ? 'neighbour' : 'antagonist')) === 'neighbour');
  // By the last stage every planned IPR is done, whatever aligner it comes after.
  const done = applyPlannedIpr(final, ipr.map((e) => ({ ...e, stage: -1 })));
  const found: string[] = [];
  done.forEach((r, i) => {
    const [a, b] = r.a < r.b ? [r.a, r.b] : [r.b, r.a];
    const missing = missingBetween(a, b);
    const gapOf = missing.length ? ` (where ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing)` : '';
    if (final[i].distance >= PAIR_SEARCH_MM - EPS_MM) {
      found.push(`${a}-${b}: more than ${mm(PAIR_SEARCH_MM)} apart${gapOf}; the size of the space is not measured beyond ${mm(PAIR_SEARCH_MM)}`);
    } else if (r.distance > thresholdMm) found.push(`${a}-${b}: ${mm(r.distance)} apart${gapOf}`);
  });
  const label = 'Space left open';
  if (found.length) return check('open-space', label, 'warn', `At the last stage ${found.join('; ')} (above ${mm(thresholdMm)}).`);
  if (final.length === 0) return check('open-space', label, 'pass', 'No neighbouring teeth to measure.');
  return check('open-space', label, 'pass', `No neighbours are more than ${mm(thresholdMm)} apart at the last stage, the planned IPR done.`);
}

/** Enamel the plan's IPR takes from the teeth of one arch's segment: half of each contact per tooth in it. */
function iprWithin(ipr: readonly Ipr[], jaw: 'upper' | 'lower', upTo: number): number {
  let out = 0;
  for (const e of ipr) {
    if (jawOf(e.a) !== jaw) continue;
    out += (e.amountMm / 2) * [e.a, e.b].filter((t) => positionOf(t) <= upTo).length;
  }
  return out;
}

/** An anterior or overall Bolton excess beyond `thresholdMm` that the IPR planned in the excess arch does not take away. */
export function boltonCheck(bolton: BoltonInput | null, ipr: readonly Ipr[], thresholdMm: number): SanityCheck {
  const label = 'Bolton discrepancy';
  if (!bolton || (!bolton.anterior && !bolton.overall)) {
    return check('bolton', label, 'pass', 'Not measured: Bolton needs both arches with every tooth from canine to canine (or first molar to first molar).');
  }
  const said: string[] = [];
  const found: string[] = [];
  for (const [name, upTo, r] of [['anterior (3-3)', 3, bolton.anterior], ['overall (6-6)', 6, bolton.overall]] as const) {
    if (!r) {
      said.push(`${name} not measured (a tooth is missing)`);
      continue;
    }
    const ratio = `${r.ratioPercent.toFixed(1)}%, norm ${r.normPercent.toFixed(1)}%`;
    if (r.excessArch === 'none' || !(r.excessMm > thresholdMm)) {
      said.push(`${name} ${ratio}${r.excessArch === 'none' ? '' : `, ${mm(r.excessMm)} ${r.excessArch} excess`}`);
      continue;
    }
    const stripped = iprWithin(ipr, r.excessArch, upTo);
    const left = r.excessMm - stripped;
    const line = `${name} ${ratio}: ${mm(r.excessMm)} too much tooth in the ${r.excessArch} arch, ${mm(stripped)} of it taken by planned IPR`;
    if (left > thresholdMm) found.push(`${line}, ${mm(left)} unaccounted`);
    else said.push(line);
  }
  return found.length
    ? check('bolton', label, 'warn', `${found.join('; ')} (above ${mm(thresholdMm)}: plan IPR in that arch or leave space in the other).`)
    : check('bolton', label, 'pass', `${said.join('; ')}; within ${mm(thresholdMm)} once the planned IPR is done.`);
}
