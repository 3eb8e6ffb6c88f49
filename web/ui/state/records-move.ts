// The move "records complete" as the case view makes it, whatever tab is open: whenever the
// case's records may have changed (it opened, a scan or a record came in or went, a package
// brought some, the plan was put under another protocol) the checklist is read again from
// storage, and a case whose last required record is in moves on. Reading from storage rather
// than from what a panel shows is what lets a package that brought the last photograph move
// its case at once, not only once someone opens its Scans tab.
import { automaticTransition } from '../../core/case-pipeline.ts';
import { protocolHash, type ProtocolDocument } from '../../core/protocol-document.ts';
import { presentRecordKinds, recordChecklist, recordsMove, requiredRecordsFor } from '../../core/record-checklist.ts';
import type { CaseRecord, Jaw } from '../../core/types.ts';
import type { CaseRepository } from '../../store/cases.ts';
import { StoreError } from '../../store/errors.ts';
import type { RecordsRepository } from '../../store/case-records.ts';
import type { PlanRepository } from '../../store/plans.ts';

export interface RecordsMoveDeps {
  records: Pick<RecordsRepository, 'list'>;
  cases: Pick<CaseRepository, 'moveStatus'>;
  /** The stored working plan names the protocol its records are checked against. */
  plans: Pick<PlanRepository, 'loadWorking'>;
}

/**
 * The case moved to records complete, or null when it stays (something is missing, or it is
 * already past that point). `record` is the case as the caller last saw it: a move another tab
 * made since is not overwritten (moveStatus refuses a stale `seen`), and that refusal is quiet.
 */
export async function moveIfRecordsComplete(deps: RecordsMoveDeps, record: CaseRecord, documents: readonly ProtocolDocument[]): Promise<CaseRecord | null> {
  // Nothing to read for a case the records no longer move (already past records complete).
  if (!automaticTransition(record.status, 'records-complete')) return null;
  const { required } = requiredRecordsFor((await deps.plans.loadWorking(record.id))?.protocolRef, documents, protocolHash);
  const jaws = Object.keys(record.arches) as Jaw[];
  const kinds = (await deps.records.list(record.id)).map((r) => r.recordKind);
  if (!recordsMove(record.status, recordChecklist(required, presentRecordKinds(jaws, kinds)))) return null;
  try {
    return await deps.cases.moveStatus(record.id, { work: 'records-complete' }, record.status);
  } catch (e) {
    // Another tab moved it first, or the case was deleted meanwhile: theirs stands.
    if (e instanceof StoreError && (e.code === 'conflict' || e.code === 'not-found')) return null;
    throw e;
  }
}
