// A case moving along the pipeline (core/case-pipeline.ts) inside a write transaction: the
// work moves it where the pipeline says (or leaves it where it is when that work does not
// move it from there), a person moves it only with a reason; either way the move is a
// 'status-changed' event, written with the record in the same transaction.
import { automaticTransition, statusChangeEvent, type PipelineWork, type Transition } from '../core/case-pipeline.ts';
import type { Actor } from '../core/review.ts';
import type { CaseRecord, CaseStatus } from '../core/types.ts';
import { appendAudit } from './audit.ts';
import type { StudioStore } from './db.ts';
import type { WriteTx } from './transaction.ts';
import { caseNotFound, StoreError } from './errors.ts';
import { touchCase } from './touch.ts';

export type StatusMove = { work: PipelineWork } | { to: CaseStatus; reason: string };

type MoveTx = WriteTx<('cases' | 'audit' | StudioStore)[]>;

/**
 * The case moved (and touched), or as it was when the work does not move it from where it
 * stands. A manual move without a reason, or to where the case already is, is refused with
 * the pipeline's words (StoreError 'invalid-move'), nothing written.
 */
export async function moveCase(tx: MoveTx, caseId: string, move: StatusMove, on: { at: number; actor: Actor }): Promise<CaseRecord> {
  const record = await tx.objectStore('cases').get(caseId);
  if (!record) throw caseNotFound(caseId);
  let transition: Transition;
  if ('work' in move) {
    const to = automaticTransition(record.status, move.work);
    if (!to) return record;
    transition = { from: record.status, to, manual: false, work: move.work };
  } else {
    transition = { from: record.status, to: move.to, manual: true, reason: move.reason };
  }
  let input;
  try {
    input = statusChangeEvent(transition, { caseId, at: on.at, actor: on.actor });
  } catch (e) {
    throw new StoreError('invalid-move', e instanceof Error ? e.message : String(e));
  }
  const moved = await touchCase(tx.objectStore('cases'), caseId, on.at, { status: transition.to });
  await appendAudit(tx, input);
  return moved;
}
