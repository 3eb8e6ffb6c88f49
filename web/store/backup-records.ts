// The audit and review records a backup carries (version 3), checked before anything is
// written. They are restored as they were, not re-verified here: a trail that was tampered
// with before the backup must still show it after the restore, so only records that could
// not be stored at all (wrong shape, another case, a key that is not theirs) refuse the file.
import type { AuditRecord, ReviewRecord } from './db.ts';
import { auditHeadId } from './audit.ts';
import { summaryProblem } from '../exchange/summary.ts';
import { commentKey, decisionKey, shareBaseKey, summaryKey } from './review.ts';

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);

function auditProblem(x: unknown, caseIds: ReadonlySet<string>): string | null {
  if (!isObject(x) || typeof x.id !== 'string') return 'an audit record has no id';
  if (typeof x.caseId !== 'string' || !caseIds.has(x.caseId)) return `audit record ${x.id} belongs to no case in the backup`;
  if (x.kind === 'head') {
    if (x.id !== auditHeadId(x.caseId)) return `audit record ${x.id} is not the head record of case ${x.caseId}`;
    if (!Array.isArray(x.heads) || !x.heads.every((h) => typeof h === 'string')) return `the audit head record of case ${x.caseId} is malformed`;
    return null;
  }
  if (x.hash !== x.id) return `audit event ${x.id} is not stored under its hash`;
  if (typeof x.seq !== 'number' || !Array.isArray(x.parents) || typeof x.summary !== 'string' || !isObject(x.actor)) return `audit event ${x.id} is malformed`;
  return null;
}

function reviewProblem(x: unknown, caseIds: ReadonlySet<string>): string | null {
  if (!isObject(x) || typeof x.id !== 'string') return 'a review record has no id';
  if (typeof x.caseId !== 'string' || !caseIds.has(x.caseId)) return `review record ${x.id} belongs to no case in the backup`;
  if (x.type === 'share-base') return x.id === shareBaseKey(x.caseId) && typeof x.value === 'string' ? null : `review record ${x.id} is malformed`;
  // The review screen shows a summary as it is, so one it could not show refuses the file too.
  if (x.type === 'summary') return x.id === summaryKey(x.caseId) && summaryProblem(x.value) === null ? null : `review record ${x.id} is malformed`;
  if (x.type !== 'comment' && x.type !== 'decision') return `review record ${x.id} has unknown type ${String(x.type)}`;
  const value = x.value;
  if (!isObject(value) || typeof value.id !== 'string' || value.caseId !== x.caseId) return `review record ${x.id} is malformed`;
  const key = x.type === 'comment' ? commentKey(value.id) : decisionKey(value.id);
  return key === x.id ? null : `review record ${x.id} is not stored under its own id`;
}

/** The records, each checked; throws `damaged(problem)` for the first one that is not well formed. */
export function checkedTrailRecords(
  audit: unknown[], review: unknown[], caseIds: ReadonlySet<string>, damaged: (problem: string) => Error,
): { audit: AuditRecord[]; review: ReviewRecord[] } {
  const seen = new Set<string>();
  for (const [list, problemOf] of [[audit, auditProblem], [review, reviewProblem]] as const) {
    for (const x of list) {
      const problem = problemOf(x, caseIds);
      if (problem) throw damaged(problem);
      const key = `${problemOf === auditProblem ? 'audit' : 'review'}:${(x as Loose).id as string}`;
      if (seen.has(key)) throw damaged(`record ${(x as Loose).id as string} appears twice`);
      seen.add(key);
    }
  }
  return { audit: audit as AuditRecord[], review: review as ReviewRecord[] };
}
