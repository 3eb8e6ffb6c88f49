// The case pipeline (#16): where a case stands in the work, from records to the end of
// treatment. The work moves a case on its own (records complete, a plan sent, an approval);
// any other move is a person's, and needs a reason. Every move is a 'status-changed' audit
// event, so the trail alone says when a case was where: the dashboard reads it from there.
// Cases, backups, packages and trails from before this pipeline (database version 4, package
// version 2) name the six statuses of the first studio; both namings are read here, and
// nowhere else.
import { sortTrail, type AuditEvent, type AuditEventInput } from './audit.ts';
import type { Actor } from './review.ts';

/** The statuses of the first studio, as old records and trails name them. */
export type LegacyCaseStatus = 'new' | 'records' | 'planning' | 'review' | 'approved' | 'archived';
const LEGACY_STATUSES: readonly LegacyCaseStatus[] = ['new', 'records', 'planning', 'review', 'approved', 'archived'];

export type PipelineStatus =
  | 'new' | 'records-complete' | 'planning' | 'qa' | 'doctor-review'
  | 'approved' | 'manufacturing' | 'in-treatment' | 'finished';

/** In the order of the work. */
export const PIPELINE_STATUSES: readonly PipelineStatus[] = [
  'new', 'records-complete', 'planning', 'qa', 'doctor-review', 'approved', 'manufacturing', 'in-treatment', 'finished',
];

export const STATUS_LABELS: Readonly<Record<PipelineStatus, string>> = {
  'new': 'New', 'records-complete': 'Records complete', 'planning': 'Planning', 'qa': 'QA', 'doctor-review': 'Doctor review',
  'approved': 'Approved', 'manufacturing': 'Manufacturing', 'in-treatment': 'In treatment', 'finished': 'Finished',
};

const FROM_LEGACY: Readonly<Record<LegacyCaseStatus, PipelineStatus>> = {
  new: 'new', records: 'records-complete', planning: 'planning', review: 'doctor-review', approved: 'approved', archived: 'finished',
};

/** The pipeline status a first-studio status stands for. */
export function pipelineStatusOf(legacy: LegacyCaseStatus): PipelineStatus {
  return FROM_LEGACY[legacy];
}

/** A status as a trail or a file names it, in either naming; null when it is neither. */
export function readStatus(name: unknown): PipelineStatus | null {
  if (typeof name !== 'string') return null;
  if ((PIPELINE_STATUSES as readonly string[]).includes(name)) return name as PipelineStatus;
  if ((LEGACY_STATUSES as readonly string[]).includes(name)) return FROM_LEGACY[name as LegacyCaseStatus];
  return null;
}

/**
 * Work that moves a case by itself. 'records-complete' is for the caller to judge (every
 * record the protocol requires is present); 'plan-sent' may come straight from planning, for
 * protocols without a QA step.
 */
export type PipelineWork =
  | 'records-complete' | 'plan-started' | 'qa-submitted' | 'qa-failed' | 'plan-sent'
  | 'changes-requested' | 'approved' | 'approval-void' | 'manufacturing-started' | 'treatment-started' | 'treatment-finished' | 'refinement';

const WORK: Readonly<Record<PipelineWork, { from: readonly PipelineStatus[]; to: PipelineStatus; says: string }>> = {
  'records-complete': { from: ['new'], to: 'records-complete', says: 'records complete' },
  // A planner may start before the records are complete; the dashboard then shows no records stay.
  'plan-started': { from: ['new', 'records-complete'], to: 'planning', says: 'planning started' },
  'qa-submitted': { from: ['planning'], to: 'qa', says: 'plan submitted for QA' },
  'qa-failed': { from: ['qa'], to: 'planning', says: 'QA failed' },
  'plan-sent': { from: ['planning', 'qa'], to: 'doctor-review', says: 'plan sent for review' },
  'changes-requested': { from: ['qa', 'doctor-review'], to: 'planning', says: 'changes requested' },
  // A signed approval is the doctor's word, even when it reaches a case not yet marked in review.
  'approved': { from: ['planning', 'qa', 'doctor-review'], to: 'approved', says: 'plan approved' },
  // The plan changed after its approval: the approval is void, and the case is back in planning.
  'approval-void': { from: ['approved'], to: 'planning', says: 'the approved plan changed' },
  'manufacturing-started': { from: ['approved'], to: 'manufacturing', says: 'manufacturing started' },
  'treatment-started': { from: ['manufacturing'], to: 'in-treatment', says: 'treatment started' },
  'treatment-finished': { from: ['in-treatment'], to: 'finished', says: 'treatment finished' },
  'refinement': { from: ['in-treatment', 'finished'], to: 'planning', says: 'refinement' },
};

/** Where `work` moves a case that is `current`; null when it does not move it (already past, or not yet there). */
export function automaticTransition(current: PipelineStatus, work: PipelineWork): PipelineStatus | null {
  const w = WORK[work];
  return w.from.includes(current) ? w.to : null;
}

/** Whether some work makes this move by itself (any other move is manual). */
export function isWorkTransition(from: PipelineStatus, to: PipelineStatus): boolean {
  return Object.values(WORK).some((w) => w.to === to && w.from.includes(from));
}

/** Why a person may not move the case from `from` to `to` with this reason, or null when they may. */
export function manualTransitionProblem(from: PipelineStatus, to: PipelineStatus, reason: string): string | null {
  if (from === to) return `The case is already ${STATUS_LABELS[to]}.`;
  if (reason.trim() === '') return `Moving the case from ${STATUS_LABELS[from]} to ${STATUS_LABELS[to]} by hand needs a reason: it is kept in the audit trail.`;
  return null;
}

/** One move, as a 'status-changed' event records it. */
export type Transition =
  | { from: PipelineStatus; to: PipelineStatus; manual: false; work: PipelineWork }
  | { from: PipelineStatus; to: PipelineStatus; manual: true; reason: string };

/**
 * The detail of a 'status-changed' event: these keys, written and read here only. Events
 * written before the pipeline hold `from` and `to` alone, in the stored naming (types.ts).
 */
export type TransitionDetail = {
  from: string;
  to: string;
  manual: boolean;
  /** The work that made the move, when it was not manual. */
  work?: PipelineWork;
  /** Why a person made the move, when it was manual. */
  reason?: string;
};

/** A status change as read from the trail: `from` is null when the event names none this studio knows. */
export interface ReadTransition {
  at: number;
  from: PipelineStatus | null;
  to: PipelineStatus;
  manual: boolean;
  reason?: string;
}

/** The event that records `t`; throws when the move is not the work's, or is manual without a reason. */
export function statusChangeEvent(t: Transition, on: { caseId: string; at: number; actor: Actor }): AuditEventInput {
  const move = `${STATUS_LABELS[t.from]} -> ${STATUS_LABELS[t.to]}`;
  let detail: TransitionDetail;
  let why: string;
  if (t.manual) {
    const problem = manualTransitionProblem(t.from, t.to, t.reason);
    if (problem) throw new Error(problem);
    detail = { from: t.from, to: t.to, manual: true, reason: t.reason.trim() };
    why = `by hand: ${t.reason.trim()}`;
  } else {
    if (automaticTransition(t.from, t.work) !== t.to) throw new Error(`${WORK[t.work].says} does not move a case from ${move}`);
    detail = { from: t.from, to: t.to, manual: false, work: t.work };
    why = WORK[t.work].says;
  }
  return { ...on, kind: 'status-changed', summary: `Status: ${move} (${why})`, detail };
}

/** The move an event records, or null when it is no status change or names no status this studio knows. */
export function readTransition(e: AuditEvent): ReadTransition | null {
  if (e.kind !== 'status-changed' || !e.detail) return null;
  const to = readStatus(e.detail.to);
  if (!to) return null;
  const manual = e.detail.manual === true;
  const reason = e.detail.reason;
  return { at: e.at, from: readStatus(e.detail.from), to, manual, ...(manual && typeof reason === 'string' ? { reason } : {}) };
}

/** A stretch of time a case spent in one status; `to` is null while it is still there. */
export interface StatusStay {
  status: PipelineStatus;
  from: number;
  to: number | null;
  /** How the case got there: by hand (with the reason) or by the work. False for the first stay. */
  manual: boolean;
  reason?: string;
}

/**
 * The trail in time order without an event before one it follows: each event's time is taken
 * as no earlier than its parents' (another machine's clock may be behind), so a merged
 * trail's branches interleave by time and a line keeps its order.
 */
function causalTimeOrder(events: readonly AuditEvent[]): { e: AuditEvent; at: number }[] {
  // Stored order (by seq) puts every parent before its children.
  const stored = sortTrail(events);
  const at = new Map<string, number>();
  for (const e of stored) at.set(e.hash, Math.max(e.at, ...e.parents.map((p) => at.get(p) ?? -Infinity)));
  return stored.map((e) => ({ e, at: at.get(e.hash)! })).sort((a, b) => a.at - b.at || a.e.seq - b.e.seq || (a.e.hash < b.e.hash ? -1 : 1));
}

/**
 * Where the case was, and when, from its trail's status changes (in causalTimeOrder). The
 * first stay starts at `createdAt` in the status the first change left (a case made before
 * statuses were audited), else 'new'. A change to the status the case is in is no move.
 */
export function statusTimeline(events: readonly AuditEvent[], createdAt: number): StatusStay[] {
  const changes = causalTimeOrder(events).map(({ e, at }) => readTransition({ ...e, at })).filter((t): t is ReadTransition => t !== null);
  const stays: StatusStay[] = [{ status: changes[0]?.from ?? 'new', from: createdAt, to: null, manual: false }];
  for (const t of changes) {
    const current = stays[stays.length - 1];
    if (t.to === current.status) continue;
    // A change stamped before the case was created ends the first stay at zero length, not before it began.
    const at = Math.max(t.at, current.from);
    current.to = at;
    stays.push({ status: t.to, from: at, to: null, manual: t.manual, ...(t.reason === undefined ? {} : { reason: t.reason }) });
  }
  return stays;
}

/** What a QA check found, as its 'qa-checked' event's detail: one line per failed item. */
export function qaCheckedDetail(failures: readonly string[]): { passed: boolean; failures: string } {
  const lines = [...new Set(failures.map((f) => f.trim()).filter((f) => f !== ''))];
  return { passed: lines.length === 0, failures: lines.join('\n') };
}

/** Why an override without a reason is refused: thrown here, and shown by whoever asks before sending. */
export const QA_OVERRIDE_NEEDS_REASON = 'Letting a plan through a failed QA check needs a reason: it is kept in the audit trail.';

/** A failed QA check let through, as its 'qa-overridden' event's detail; throws without a reason. */
export function qaOverriddenDetail(failures: readonly string[], reason: string): { failures: string; reason: string } {
  if (reason.trim() === '') throw new Error(QA_OVERRIDE_NEEDS_REASON);
  return { failures: qaCheckedDetail(failures).failures, reason: reason.trim() };
}

/** The failed QA items a 'qa-checked' or 'qa-overridden' event names (none for any other event). */
export function qaFailuresOf(e: AuditEvent): string[] {
  if ((e.kind !== 'qa-checked' && e.kind !== 'qa-overridden') || typeof e.detail?.failures !== 'string') return [];
  return e.detail.failures.split('\n').filter((f) => f !== '');
}
