// What a package's viewer shows before computing anything: aligner counts and treatment time,
// the movement table, IPR (planned and still proposed), collisions and the sanity checklist,
// as the planner's studio derived them. It is a record of what the planner saw, tied to the
// plan state it describes by planHash; a reviewer's studio recomputes before approving. A
// summary comes from outside, so summaryProblem checks every field before it is shown.
import { hashOf } from '../core/canonical.ts';
import { isFdi, type Fdi } from '../core/fdi.ts';
import type { Findings } from '../core/findings.ts';
import { MOVEMENT_KEYS, type Plan, type PlannedIpr } from '../core/plan.ts';
import type { SanityCheck } from '../core/sanity.ts';
import type { Staging } from '../core/staging.ts';
import { JAWS, type Jaw } from '../core/types.ts';
import type { MovementRow } from '../pipeline/derive.ts';

export interface PackageSummary {
  /** core/canonical.ts hashOf(plan): the plan state these numbers were derived from. */
  planHash: string;
  /** Stages 0 .. stageCount - 1 (0 is the template). */
  stageCount: number;
  /** Aligners to make per arch (active stages plus over-correction). */
  aligners: Partial<Record<Jaw, number>>;
  wearDays: number;
  durationDays: number;
  /** Ascending FDI (pipeline/derive.ts movementTable). */
  movements: MovementRow[];
  /** The plan's IPR, each with the stage it is done after. */
  ipr: PlannedIpr[];
  /** IPR still needed at the final stage, with when to do it. */
  iprProposals: { a: Fdi; b: Fdi; amountMm: number; stage: number; aboveMax: boolean }[];
  /** False when collisions were never computed for this plan: the three lists say nothing then. */
  collisionsChecked: boolean;
  /** Overlaps left at the final stage, deepest first. */
  finalCollisions: { a: Fdi; b: Fdi; depthMm: number }[];
  /** Overlaps that come and go during treatment. */
  midCourse: { a: Fdi; b: Fdi; fromStage: number; toStage: number; depthMm: number }[];
  warnings: string[];
  /** The sanity checklist (core/sanity.ts), passed checks too; null when it was not run. */
  checklist: SanityCheck[] | null;
}

/** pipeline/derive.ts DerivedPlan fits this; findings and checklist are null before the engine ran. */
export interface SummaryInput {
  plan: Plan;
  staging: Staging;
  findings: Findings | null;
  checklist: readonly SanityCheck[] | null;
  movements: readonly MovementRow[];
  warnings: readonly string[];
}

/** Plain copies (no frozen plan objects, no extra fields), ready for JSON. */
export function summaryOf(input: SummaryInput): PackageSummary {
  const { plan, staging, findings } = input;
  const finalStage = staging.stageCount - 1;
  const final = findings?.collisions.find((c) => c.stage === finalStage)?.collisions ?? [];
  return {
    planHash: hashOf(plan),
    stageCount: staging.stageCount,
    aligners: Object.fromEntries(staging.arches.map((a) => [a.jaw, a.aligners])),
    wearDays: staging.wearDays,
    durationDays: staging.durationDays,
    movements: input.movements.map((m) => ({
      fdi: m.fdi, jaw: m.jaw, final: { ...m.final }, start: m.start, active: m.active, required: m.required,
    })),
    ipr: plan.ipr.map((e) => ({ a: e.a, b: e.b, amountMm: e.amountMm, stage: e.stage })),
    iprProposals: (findings?.ipr ?? []).map((p) => ({ a: p.a, b: p.b, amountMm: p.amountMm, stage: p.stage, aboveMax: p.aboveMax })),
    collisionsChecked: findings !== null,
    finalCollisions: final.map((c) => ({ a: c.a, b: c.b, depthMm: c.depthMm })),
    midCourse: (findings?.midCourse ?? []).map((m) => ({ a: m.a, b: m.b, fromStage: m.fromStage, toStage: m.toStage, depthMm: m.maxDepthMm })),
    warnings: [...input.warnings],
    checklist: input.checklist === null ? null : input.checklist.map((c) => ({ id: c.id, label: c.label, status: c.status, detail: c.detail })),
  };
}

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const count = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
const tooth = (x: unknown): boolean => typeof x === 'number' && isFdi(x);

/** The first problem of each item of a list, with its position; null when all are fine. */
function listProblem(x: unknown, what: string, itemProblem: (item: Loose) => string | null): string | null {
  if (!Array.isArray(x)) return `${what} is not a list`;
  for (let i = 0; i < x.length; i++) {
    const item = x[i];
    const problem = isObject(item) ? itemProblem(item) : 'is not an object';
    if (problem) return `${what} item ${i + 1} ${problem}`;
  }
  return null;
}

const pairProblem = (p: Loose): string | null => (tooth(p.a) && tooth(p.b) ? null : 'does not name two teeth');

function movementProblem(m: Loose): string | null {
  if (!tooth(m.fdi)) return 'does not name a tooth';
  if (!JAWS.includes(m.jaw as Jaw)) return `(tooth ${m.fdi}) has no jaw`;
  if (!isObject(m.final) || !MOVEMENT_KEYS.every((k) => finite((m.final as Loose)[k]))) return `(tooth ${m.fdi}) has no final movement`;
  if (!count(m.start) || !count(m.active) || !count(m.required)) return `(tooth ${m.fdi}) has no stage timing`;
  return null;
}

/** Why `x` (read from a package) is not a PackageSummary, or null when it is one. */
export function summaryProblem(x: unknown): string | null {
  if (!isObject(x)) return 'the summary is not an object';
  if (typeof x.planHash !== 'string' || !/^[0-9a-f]{64}$/.test(x.planHash)) return 'the summary names no plan';
  if (!count(x.stageCount) || x.stageCount < 1) return 'the summary has no stage count';
  for (const key of ['wearDays', 'durationDays'] as const) if (!finite(x[key]) || x[key] < 0) return `the summary's ${key} is not a number of days`;
  if (!isObject(x.aligners) || !Object.entries(x.aligners).every(([jaw, n]) => JAWS.includes(jaw as Jaw) && count(n))) {
    return 'the summary\'s aligner counts are malformed';
  }
  if (typeof x.collisionsChecked !== 'boolean') return 'the summary does not say whether collisions were checked';
  const problem =
    listProblem(x.movements, 'the movement table', movementProblem) ??
    listProblem(x.ipr, 'the IPR list', (p) => pairProblem(p) ?? (finite(p.amountMm) && p.amountMm >= 0 && count(p.stage) ? null : 'has no amount or stage')) ??
    listProblem(x.iprProposals, 'the IPR proposals', (p) =>
      pairProblem(p) ?? (finite(p.amountMm) && count(p.stage) && typeof p.aboveMax === 'boolean' ? null : 'has no amount or stage')) ??
    listProblem(x.finalCollisions, 'the final collisions', (c) => pairProblem(c) ?? (finite(c.depthMm) ? null : 'has no depth')) ??
    listProblem(x.midCourse, 'the mid-course collisions', (c) =>
      pairProblem(c) ?? (finite(c.depthMm) && count(c.fromStage) && count(c.toStage) ? null : 'has no depth or stages'));
  if (problem) return problem;
  if (!Array.isArray(x.warnings) || !x.warnings.every((w) => typeof w === 'string')) return 'the summary\'s warnings are not text';
  if (x.checklist !== null) {
    const checklist = listProblem(x.checklist, 'the checklist', (c) =>
      ['id', 'label', 'detail'].every((k) => typeof c[k] === 'string') && ['pass', 'warn', 'fail'].includes(c.status as string) ? null : 'is malformed');
    if (checklist) return checklist;
  }
  return null;
}
