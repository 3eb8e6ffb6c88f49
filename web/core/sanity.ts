// The sanity checklist a clinician runs over any final setup before accepting it, whoever
// made it (auto-setup or a planner by hand): movements aligners deliver poorly, expansion,
// midlines, IPR over the maximum, collisions and spaces left at the end, and a Bolton
// excess nothing accounts for. Every check is always listed, passed ones too, so the
// planner sees what was looked at; the studio, the CLI and the QA gate read this one list
// (web/pipeline fills it in). Thresholds are the plan's protocol.sanity (sources there).
// Contacts and spaces are checked in sanity-contacts.ts.
import { isRightSide, jawOf, positionOf, toothType, type Fdi } from './fdi.ts';
import type { ToothMovement } from './pose.ts';
import type { Findings, PairRecord } from './findings.ts';
import type { PlannedIpr } from './plan.ts';
import type { Protocol, SanityThresholds } from './protocol.ts';
import type { Jaw } from './types.ts';
import { boltonCheck, finalCollisionsCheck, iprMaxCheck, openSpaceCheck, type BoltonInput } from './sanity-contacts.ts';
import { check, deg, mm, type SanityCheck } from './sanity-format.ts';

export type { SanityCheck, SanityStatus } from './sanity-format.ts';
export type { BoltonInput, BoltonRatioInput } from './sanity-contacts.ts';

/** The checks in the order they are listed. */
export const SANITY_CHECK_IDS = [
  'rotation', 'root-movement', 'posterior-extrusion', 'translation', 'expansion', 'midline',
  'ipr-max', 'final-collisions', 'open-space', 'bolton',
] as const;
export type SanityCheckId = (typeof SANITY_CHECK_IDS)[number];

export interface SanityInput {
  protocol: Protocol;
  /** Every tooth with axes, moved or not, with its final movement (tooth frame, core/pose.ts signs). */
  movements: readonly { fdi: Fdi; final: ToothMovement }[];
  /** The plan's IPR. */
  ipr: readonly Pick<PlannedIpr, 'a' | 'b' | 'amountMm'>[];
  /** Findings over all stages with the plan's IPR done (core/plan-rules.ts findingsWithIpr). */
  findings: Findings;
  /** The engine's pair records over all stages, before any IPR. */
  records: readonly PairRecord[];
  finalStage: number;
  /** Bolton's ratios of the two arches' widths; null with only one arch. */
  bolton: BoltonInput | null;
  /**
   * Each arch's dental midline as scanned, mm from the arch midline (+ patient's left), where
   * known: the check is then where the midlines end (within the threshold of the arch
   * midline and of each other), a change that centres one passing. Without it, the change.
   */
  midlinesBefore?: Partial<Record<Jaw, number | null>>;
}

type Row = SanityInput['movements'][number];

const SIDE = (fdi: Fdi): string => `${jawOf(fdi)} ${isRightSide(fdi) ? 'right' : 'left'}`;

/** A check over single teeth: `problem` says what is beyond its threshold on one tooth, or null. */
function perTooth(id: SanityCheckId, label: string, rows: readonly Row[], problem: (r: Row) => string | null, pass: string): SanityCheck {
  const found = rows.map(problem).filter((p): p is string => p !== null);
  return found.length ? check(id, label, 'warn', `${found.join('; ')}.`) : check(id, label, 'pass', pass);
}

function rotationCheck(rows: readonly Row[], s: SanityThresholds): SanityCheck {
  return perTooth('rotation', 'Rotations', rows, ({ fdi, final }) => {
    const molar = toothType(fdi) === 'molar';
    const limit = molar ? s.molarRotationDeg : s.rotationDeg;
    return Math.abs(final.rotation) > limit ? `${fdi} rotates ${deg(Math.abs(final.rotation))} (${molar ? 'molars' : 'this tooth'} above ${deg(limit)} are poorly predictable)` : null;
  }, `No molar rotates more than ${deg(s.molarRotationDeg)} and no other tooth more than ${deg(s.rotationDeg)}.`);
}

/** Tip and torque past these move the root, which aligners do poorly. */
function rootCheck(rows: readonly Row[], s: SanityThresholds): SanityCheck {
  const found = rows.flatMap(({ fdi, final }) => {
    const parts = [
      Math.abs(final.tip) > s.tipDeg ? `tip ${deg(Math.abs(final.tip))}` : '',
      Math.abs(final.torque) > s.torqueDeg ? `torque ${deg(Math.abs(final.torque))}` : '',
    ].filter(Boolean);
    return parts.length ? [`${fdi} ${parts.join(' and ')}`] : [];
  });
  const label = 'Root movements (tip and torque)';
  return found.length
    ? check('root-movement', label, 'warn', `${found.join('; ')} (above ${deg(s.tipDeg)} tip or ${deg(s.torqueDeg)} torque the root must move, which aligners do poorly).`)
    : check('root-movement', label, 'pass', `No tooth tips more than ${deg(s.tipDeg)} or torques more than ${deg(s.torqueDeg)}.`);
}

function extrusionCheck(rows: readonly Row[], s: SanityThresholds): SanityCheck {
  return perTooth('posterior-extrusion', 'Extrusion of premolars and molars', rows, ({ fdi, final }) => (
    positionOf(fdi) >= 4 && final.extrusion > s.posteriorExtrusionMm
      ? `${fdi} extrudes ${mm(final.extrusion)} (above ${mm(s.posteriorExtrusionMm)}; aligners extrude poorly and it may open the bite)` : null
  ), `No premolar or molar extrudes more than ${mm(s.posteriorExtrusionMm)}.`);
}

function translationCheck(rows: readonly Row[], s: SanityThresholds): SanityCheck {
  return perTooth('translation', 'Large translations', rows, ({ fdi, final }) => {
    const total = Math.hypot(final.mesial, final.buccal);
    if (!(total > s.translationMm)) return null;
    const md = `${mm(Math.abs(final.mesial))} ${final.mesial >= 0 ? 'mesial' : 'distal'}`;
    const bl = `${mm(Math.abs(final.buccal))} ${final.buccal >= 0 ? 'buccal' : 'lingual'}`;
    return `${fdi} moves ${mm(total)} (${md}, ${bl}; above ${mm(s.translationMm)})`;
  }, `No tooth moves more than ${mm(s.translationMm)} mesially, distally, buccally or lingually.`);
}

function expansionCheck(rows: readonly Row[], s: SanityThresholds): SanityCheck {
  const widest = new Map<string, Row>();
  for (const r of rows) {
    if (positionOf(r.fdi) < 3 || !(r.final.buccal > 0)) continue;
    const had = widest.get(SIDE(r.fdi));
    if (!had || r.final.buccal > had.final.buccal) widest.set(SIDE(r.fdi), r);
  }
  const found = [...widest].filter(([, r]) => r.final.buccal > s.expansionPerSideMm)
    .map(([side, r]) => `${side}: ${r.fdi} moves ${mm(r.final.buccal)} buccally`);
  const label = 'Expansion per side';
  return found.length
    ? check('expansion', label, 'warn', `${found.join('; ')} (above ${mm(s.expansionPerSideMm)} per side; expansion is partly expressed, least at the molars).`)
    : check('expansion', label, 'pass', `No canine, premolar or molar moves more than ${mm(s.expansionPerSideMm)} buccally on either side.`);
}

/**
 * Shift of one arch's dental midline, mm, + toward the patient's left: a +mesial on the
 * right central (11, 41) moves it left, on the left central (21, 31) right. The mean of the
 * two centrals; one alone when the other is missing; null with neither.
 */
export function midlineShift(rows: readonly Row[], jaw: Jaw): number | null {
  const [right, left] = jaw === 'upper' ? [11, 21] : [41, 31];
  const shifts = [
    ...rows.filter((r) => r.fdi === right).map((r) => r.final.mesial),
    ...rows.filter((r) => r.fdi === left).map((r) => -r.final.mesial),
  ];
  return shifts.length ? shifts.reduce((a, b) => a + b, 0) / shifts.length : null;
}

const towards = (shift: number): string => (Math.abs(shift) < 0.05 ? `${mm(0)}` : `${mm(Math.abs(shift))} to the patient's ${shift > 0 ? 'left' : 'right'}`);

function midlineCheck(rows: readonly Row[], s: SanityThresholds, before: SanityInput['midlinesBefore'] = {}): SanityCheck {
  const jaws = (['upper', 'lower'] as const).filter((j) => rows.some((r) => jawOf(r.fdi) === j));
  const said: string[] = [];
  const problems: string[] = [];
  // Where each midline ends: from the arch midline when the scan's is known, else its change.
  const ends = new Map<Jaw, number>();
  for (const jaw of jaws) {
    const shift = midlineShift(rows, jaw);
    if (shift === null) {
      problems.push(`the ${jaw} midline could not be measured (no central incisor)`);
      continue;
    }
    const from = before[jaw];
    if (from === undefined || from === null) {
      ends.set(jaw, shift);
      said.push(`the ${jaw} midline moves ${towards(shift)}`);
      if (Math.abs(shift) > s.midlineMm) problems.push(`the ${jaw} midline moves ${towards(shift)} (above ${mm(s.midlineMm)})`);
      continue;
    }
    const end = from + shift;
    ends.set(jaw, end);
    const moved = Math.abs(shift) >= 0.05 ? `moves ${towards(shift)} and ` : '';
    said.push(`the ${jaw} midline ${moved}ends ${offMidline(end)}`);
    if (Math.abs(end) > s.midlineMm) problems.push(`the ${jaw} midline ${moved}ends ${offMidline(end)} (above ${mm(s.midlineMm)})`);
  }
  const [up, low] = [ends.get('upper'), ends.get('lower')];
  const apart = up !== undefined && low !== undefined ? Math.abs(up - low) : 0;
  if (apart > s.midlineMm) problems.push(`upper and lower midlines end ${mm(apart)} apart (above ${mm(s.midlineMm)})`);
  const label = 'Midlines';
  if (problems.length) return check('midline', label, 'warn', `${problems.join('; ')}.`);
  const both = up !== undefined && low !== undefined ? `, ${mm(apart)} apart` : '';
  return check('midline', label, 'pass', `${said.join('; ') || 'no arch to measure'}: within ${mm(s.midlineMm)}${both}.`);
}

const offMidline = (x: number): string => (Math.abs(x) < 0.05 ? 'on the arch midline' : `${mm(Math.abs(x))} to the patient's ${x > 0 ? 'left' : 'right'} of the arch midline`);

/** Every check, in SANITY_CHECK_IDS order, each with a status and a detail in plain words. */
export function sanityChecklist(input: SanityInput): SanityCheck[] {
  const s = input.protocol.sanity;
  const rows = [...input.movements].sort((a, b) => a.fdi - b.fdi);
  return [
    rotationCheck(rows, s),
    rootCheck(rows, s),
    extrusionCheck(rows, s),
    translationCheck(rows, s),
    expansionCheck(rows, s),
    midlineCheck(rows, s, input.midlinesBefore),
    iprMaxCheck(input.ipr, input.findings, input.protocol.iprMaxPerContactMm),
    finalCollisionsCheck(input.findings, input.finalStage),
    openSpaceCheck(input.records, input.ipr, input.finalStage, s.openSpaceMm),
    boltonCheck(input.bolton, input.ipr, s.boltonExcessMm),
  ];
}
