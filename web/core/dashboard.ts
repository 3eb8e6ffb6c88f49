// The turnaround dashboard (#16): where the cases are and how long the work takes, for the
// local library or any folder of packages (a DSO lead's, from every clinic). Everything comes
// from the audit trails (case-pipeline.ts statusTimeline), so a case counts the same in the
// studio, in `npm run cli -- dashboard` and after travelling in a package.
//
// Days are calendar days (elapsed time / 24 h), reported to the hundredth (about 15 minutes).
// Median and 90th percentile interpolate linearly between the sorted values (numpy's and
// Excel PERCENTILE.INC's default, Hyndman and Fan type 7): with few cases, nearest rank jumps
// from one case to the next.
import { mergeTrails, type AuditEvent } from './audit.ts';
import { PIPELINE_STATUSES, qaFailuresOf, STATUS_LABELS, statusTimeline, type PipelineStatus, type StatusStay } from './case-pipeline.ts';

export const DAY_MS = 86_400_000;

/** A case as the dashboard needs it: who, where, and its trail. */
export interface DashboardCase {
  id: string;
  pseudonym: string;
  clinic: string;
  doctor: string;
  createdAt: number;
  audit: readonly AuditEvent[];
}

/** How long something took over the cases it happened to; null figures when it happened to none. */
export interface Spread {
  count: number;
  medianDays: number | null;
  p90Days: number | null;
}

export interface StatusCount { status: PipelineStatus; label: string; cases: number }
export interface StatusTime extends Spread { status: PipelineStatus; label: string }

/** The figures of a set of cases: the whole library, one clinic or one doctor. */
export interface Figures {
  cases: number;
  /** Every status in pipeline order, with how many cases are in it now. */
  byStatus: StatusCount[];
  /** Stays that ended (a case still in a status is in `waiting`, not here); each visit counts, so a refinement's planning is a second stay. */
  timeInStatus: StatusTime[];
  /** From first reaching records complete to first reaching doctor review after it (the plan sent). */
  recordsToPlanSent: Spread;
  /** From first reaching doctor review to first approval after it. */
  planSentToApproval: Spread;
}

export interface GroupFigures extends Figures { name: string }

export interface WaitingCase {
  id: string;
  pseudonym: string;
  clinic: string;
  doctor: string;
  status: PipelineStatus;
  label: string;
  /** When this wait began: records complete, or a refinement's return to planning. */
  since: number;
  days: number;
  /** 1 - 0.98^days, to four places (see dropoutRisk). */
  dropoutRisk: number;
}

export interface QaReasonCount {
  reason: string;
  /** Failed QA checks that named it. */
  failures: number;
  /** Of those failures, let through by a person (with a reason). */
  overridden: number;
}

export interface Dashboard extends Figures {
  /** The time the dashboard describes: events after it are not counted. */
  at: number;
  byClinic: GroupFigures[];
  byDoctor: GroupFigures[];
  /** The cases waiting longest for an approved plan, longest first. */
  waiting: WaitingCase[];
  /** Most frequent first. */
  qaFailures: QaReasonCount[];
}

export const NO_CLINIC = '(no clinic)';
export const NO_DOCTOR = '(no doctor)';

/** Statuses in which a case waits for a plan its doctor approves. */
const WAITING: readonly PipelineStatus[] = ['records-complete', 'planning', 'qa', 'doctor-review'];

/** `p` (0 to 1) of sorted values, interpolating linearly between neighbours; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const hundredths = (x: number) => Math.round(x * 100) / 100;

function spread(ms: readonly number[]): Spread {
  const days = ms.map((m) => m / DAY_MS).sort((a, b) => a - b);
  const round = (x: number | null) => (x === null ? null : hundredths(x));
  return { count: days.length, medianDays: round(percentile(days, 0.5)), p90Days: round(percentile(days, 0.9)) };
}

/**
 * Share of patients lost after waiting `days` for a plan. Issue #16 quotes a figure from the
 * literature (primary source not checked here): each day a patient waits for a plan costs
 * about 2% of patients. Taken as the same 2% of those still waiting, day after day:
 * 1 - 0.98^days. An estimate to rank the waiting list by, not a prediction for a patient.
 */
export function dropoutRisk(days: number): number {
  return Math.round((1 - 0.98 ** Math.max(0, days)) * 10_000) / 10_000;
}

interface Timed { c: DashboardCase; stays: StatusStay[] }

const firstStay = (stays: readonly StatusStay[], status: PipelineStatus, after: number) =>
  stays.find((s) => s.status === status && s.from >= after);

/** Time from the first `a` to the first `b` after it, for each case that has both. */
function between(cases: readonly Timed[], a: PipelineStatus, b: PipelineStatus): Spread {
  const ms: number[] = [];
  for (const { stays } of cases) {
    const start = firstStay(stays, a, -Infinity);
    const end = start && firstStay(stays, b, start.from);
    if (start && end) ms.push(end.from - start.from);
  }
  return spread(ms);
}

function figuresOf(cases: readonly Timed[]): Figures {
  const current = (t: Timed) => t.stays[t.stays.length - 1].status;
  return {
    cases: cases.length,
    byStatus: PIPELINE_STATUSES.map((status) => ({ status, label: STATUS_LABELS[status], cases: cases.filter((t) => current(t) === status).length })),
    timeInStatus: PIPELINE_STATUSES.map((status) => ({
      status, label: STATUS_LABELS[status],
      ...spread(cases.flatMap((t) => t.stays.filter((s) => s.status === status && s.to !== null).map((s) => s.to! - s.from))),
    })),
    recordsToPlanSent: between(cases, 'records-complete', 'doctor-review'),
    planSentToApproval: between(cases, 'doctor-review', 'approved'),
  };
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groups(cases: readonly Timed[], key: (c: DashboardCase) => string): GroupFigures[] {
  const named = new Map<string, Timed[]>();
  for (const t of cases) {
    const list = named.get(key(t.c));
    if (list) list.push(t);
    else named.set(key(t.c), [t]);
  }
  return [...named.keys()].sort(byCodeUnits).map((name) => ({ name, ...figuresOf(named.get(name)!) }));
}

function waitingCase({ c, stays }: Timed, now: number): WaitingCase | null {
  let first = stays.length - 1;
  if (!WAITING.includes(stays[first].status)) return null;
  while (first > 0 && WAITING.includes(stays[first - 1].status)) first--;
  const { status } = stays[stays.length - 1];
  const since = stays[first].from;
  const days = hundredths((now - since) / DAY_MS);
  return { id: c.id, pseudonym: c.pseudonym, clinic: c.clinic, doctor: c.doctor, status, label: STATUS_LABELS[status], since, days, dropoutRisk: dropoutRisk(days) };
}

function qaReasons(cases: readonly DashboardCase[], now: number): QaReasonCount[] {
  const counts = new Map<string, QaReasonCount>();
  for (const e of cases.flatMap((c) => c.audit)) {
    if (e.at > now) continue;
    for (const reason of qaFailuresOf(e)) {
      const n = counts.get(reason) ?? { reason, failures: 0, overridden: 0 };
      counts.set(reason, n);
      n[e.kind === 'qa-overridden' ? 'overridden' : 'failures']++;
    }
  }
  return [...counts.values()].sort((a, b) => b.failures - a.failures || b.overridden - a.overridden || byCodeUnits(a.reason, b.reason));
}

/**
 * The dashboard as it stood at `now`: cases created later and events after it are left out.
 * `longest` is how many waiting cases to list (10 unless given).
 */
export function dashboard(cases: readonly DashboardCase[], now: number, opts: { longest?: number } = {}): Dashboard {
  const known = cases.filter((c) => c.createdAt <= now).map((c) => ({ ...c, audit: c.audit.filter((e) => e.at <= now) }));
  const timed: Timed[] = known.map((c) => ({ c, stays: statusTimeline(c.audit, c.createdAt) }));
  const waiting = timed.map((t) => waitingCase(t, now)).filter((w): w is WaitingCase => w !== null)
    .sort((a, b) => a.since - b.since || byCodeUnits(a.id, b.id));
  return {
    at: now,
    ...figuresOf(timed),
    byClinic: groups(timed, (c) => c.clinic.trim() || NO_CLINIC),
    byDoctor: groups(timed, (c) => c.doctor.trim() || NO_DOCTOR),
    waiting: waiting.slice(0, opts.longest ?? 10),
    qaFailures: qaReasons(known, now),
  };
}

/**
 * One case from several copies of it (the case a planner sent and the doctor's response, or
 * two exports a week apart): their trails united, nothing dropped; the other fields from the
 * copy given last, so give them oldest first.
 */
export function uniteCases(copies: readonly DashboardCase[]): DashboardCase[] {
  const byId = new Map<string, DashboardCase>();
  for (const c of copies) {
    const seen = byId.get(c.id);
    byId.set(c.id, seen
      ? { ...c, createdAt: Math.min(seen.createdAt, c.createdAt), audit: mergeTrails(seen.audit, c.audit).events }
      : c);
  }
  return [...byId.values()];
}
