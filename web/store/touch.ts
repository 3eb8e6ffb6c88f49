// Marking a case as changed: updatedAt strictly increases on every change, even within one
// millisecond, because backup restore tells an edited case from an untouched one by it.
import type { CaseRecord } from '../core/types.ts';
import { caseNotFound } from './errors.ts';

export const touchedAt = (record: CaseRecord, now: number): number => Math.max(now, record.updatedAt + 1);

/** What touchCase needs of a write transaction's 'cases' store. */
export interface CaseWriter {
  get(id: string): Promise<CaseRecord | undefined>;
  put(record: CaseRecord): Promise<unknown>;
}

/** The case with updatedAt moved on (and `patch` applied), written back; 'not-found' when it is gone. */
export async function touchCase(cases: CaseWriter, caseId: string, now: number, patch: Partial<CaseRecord> = {}): Promise<CaseRecord> {
  const record = await cases.get(caseId);
  if (!record) throw caseNotFound(caseId);
  const updated: CaseRecord = { ...record, ...patch, updatedAt: touchedAt(record, now) };
  await cases.put(updated);
  return updated;
}
