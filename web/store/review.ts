// What a review leaves on a case: comments pinned to a tooth and/or a stage, and the doctor's
// decisions (changes requested, or a signed approval with the plan version it approves).
// Each is written with its audit event and the case's new status in one transaction.
// Signatures are made and checked elsewhere (exchange/signing.ts); the store keeps them.
import type { AuditEventInput } from '../core/audit.ts';
import { hashOf } from '../core/canonical.ts';
import type { Fdi } from '../core/fdi.ts';
import { planFromJson } from '../core/plan.ts';
import type { Plan } from '../core/plan.ts';
import type { Actor, ChangeRequest, ReviewComment, ReviewDecision, SignedApproval } from '../core/review.ts';
import type { PipelineWork } from '../core/case-pipeline.ts';
import type { PackageSummary } from '../exchange/summary.ts';
import { appendAudit, DEFAULT_ACTOR, quoted } from './audit.ts';
import type { PlanRecord, ReviewRecord, StudioDb } from './db.ts';
import { StoreError } from './errors.ts';
import { touchCase } from './touch.ts';
import { moveCase } from './status-moves.ts';
import { inWriteTransaction } from './transaction.ts';
import type { WriteTx } from './transaction.ts';

export interface ReviewRepository {
  /** Oldest first. */
  listComments(caseId: string): Promise<ReviewComment[]>;
  /** The author is the profile; empty text is refused. */
  addComment(caseId: string, c: { text: string; fdi?: Fdi; stage?: number; planHash: string }): Promise<ReviewComment>;
  /** Oldest first. */
  listDecisions(caseId: string): Promise<ReviewDecision[]>;
  /** Records the request and puts the case back to 'planning'. */
  requestChanges(caseId: string, r: { note: string; commentIds: string[]; planHash: string }): Promise<ChangeRequest>;
  /** Saves approvedPlan as plan version approval.versionName with id approval.versionId, the decision, audit 'approved', status 'approved' — one transaction. */
  recordApproval(caseId: string, approval: SignedApproval, approvedPlan: Plan): Promise<void>;
  /** What the last case package imported for this case derived (undefined: none came in). */
  packageSummary(caseId: string): Promise<PackageSummary | undefined>;
}

export interface ReviewRepositoryOptions {
  now?: () => number;
  newId?: () => string;
  actor?: () => Actor;
}

export const commentKey = (id: string): string => `comment:${id}`;
export const decisionKey = (id: string): string => `decision:${id}`;
export const shareBaseKey = (caseId: string): string => `share-base:${caseId}`;
export const summaryKey = (caseId: string): string => `summary:${caseId}`;

export const commentRecord = (c: ReviewComment): ReviewRecord => ({ id: commentKey(c.id), caseId: c.caseId, type: 'comment', value: c });
export const decisionRecord = (d: ReviewDecision): ReviewRecord => ({ id: decisionKey(d.id), caseId: d.caseId, type: 'decision', value: d });
export const shareBaseRecord = (caseId: string, hash: string): ReviewRecord => ({ id: shareBaseKey(caseId), caseId, type: 'share-base', value: hash });
export const summaryRecord = (caseId: string, summary: PackageSummary): ReviewRecord => ({ id: summaryKey(caseId), caseId, type: 'summary', value: summary });

/** A content hash as core/plan-hash.ts makes it: what a package reader will insist on. */
function checkPlanHash(hash: string): void {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new TypeError(`a review record needs the plan's content hash, got ${JSON.stringify(hash)}`);
}

const oldestFirst = <T extends { at: number; id: string }>(xs: T[]): T[] => xs.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));

/**
 * A case's review records by kind; comments and decisions oldest first. A package summary is
 * left out: an export carries the one its studio derives from the plan as it is now.
 */
export function splitReview(records: readonly ReviewRecord[]): { comments: ReviewComment[]; decisions: ReviewDecision[]; shareBase: string | undefined } {
  const comments: ReviewComment[] = [];
  const decisions: ReviewDecision[] = [];
  let shareBase: string | undefined;
  for (const r of records) {
    if (r.type === 'comment') comments.push(r.value);
    else if (r.type === 'decision') decisions.push(r.value);
    else if (r.type === 'share-base') shareBase = r.value;
  }
  return { comments: oldestFirst(comments), decisions: oldestFirst(decisions), shareBase };
}

function where(c: { fdi?: Fdi; stage?: number }): string {
  const parts = [c.fdi === undefined ? '' : `tooth ${c.fdi}`, c.stage === undefined ? '' : `stage ${c.stage}`].filter(Boolean);
  return parts.length === 0 ? '' : ` on ${parts.join(' at ')}`;
}

type ReviewTx = WriteTx<['cases', 'plans', 'review', 'audit']>;

export function createReviewRepository(db: StudioDb, opts: ReviewRepositoryOptions = {}): ReviewRepository {
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? (() => crypto.randomUUID());
  const actor = opts.actor ?? (() => DEFAULT_ACTOR);
  const STORES: ['cases', 'plans', 'review', 'audit'] = ['cases', 'plans', 'review', 'audit'];

  const audit = (tx: ReviewTx, caseId: string, kind: AuditEventInput['kind'], summary: string, detail?: AuditEventInput['detail']) =>
    appendAudit(tx, { caseId, at: now(), actor: actor(), kind, summary, ...(detail ? { detail } : {}) });

  /** Case touched, and moved on where the work moves it from where it stands (with its 'status-changed' event). */
  async function moveOn(tx: ReviewTx, caseId: string, work: PipelineWork): Promise<void> {
    const before = await tx.objectStore('cases').get(caseId);
    const after = await moveCase(tx, caseId, { work }, { at: now(), actor: actor() });
    if (after.updatedAt === before?.updatedAt) await touchCase(tx.objectStore('cases'), caseId, now());
  }

  const recordsOf = (caseId: string) => db.getAllFromIndex('review', 'by-case', caseId);

  return {
    listComments: async (caseId) => splitReview(await recordsOf(caseId)).comments,
    listDecisions: async (caseId) => splitReview(await recordsOf(caseId)).decisions,
    async packageSummary(caseId) {
      const r = await db.get('review', summaryKey(caseId));
      return r?.type === 'summary' && r.caseId === caseId ? r.value : undefined;
    },

    async addComment(caseId, c) {
      const text = c.text.trim();
      if (text === '') throw new TypeError('a comment needs text');
      checkPlanHash(c.planHash);
      const comment: ReviewComment = {
        id: newId(), caseId, author: { ...actor() }, at: now(), text, planHash: c.planHash,
        ...(c.fdi === undefined ? {} : { fdi: c.fdi }), ...(c.stage === undefined ? {} : { stage: c.stage }),
      };
      await inWriteTransaction(db, STORES, 'save the comment', async (tx) => {
        await touchCase(tx.objectStore('cases'), caseId, now());
        await tx.objectStore('review').add(commentRecord(comment));
        const detail: Record<string, string | number> = { commentId: comment.id, planHash: comment.planHash };
        if (comment.fdi !== undefined) detail.fdi = comment.fdi;
        if (comment.stage !== undefined) detail.stage = comment.stage;
        await audit(tx, caseId, 'comment-added', `Comment${where(comment)}: ${quoted(text)}`, detail);
      });
      return comment;
    },

    async requestChanges(caseId, r) {
      checkPlanHash(r.planHash);
      const request: ChangeRequest = {
        id: newId(), caseId, kind: 'changes-requested', by: { ...actor() }, at: now(),
        planHash: r.planHash, note: r.note.trim(), commentIds: [...r.commentIds],
      };
      await inWriteTransaction(db, STORES, 'send the request for changes', async (tx) => {
        await tx.objectStore('review').add(decisionRecord(request));
        const count = request.commentIds.length === 1 ? '1 comment' : `${request.commentIds.length} comments`;
        await audit(tx, caseId, 'changes-requested', `Requested changes (${count})${request.note ? `: ${quoted(request.note)}` : ''}`,
          { decisionId: request.id, planHash: request.planHash });
        await moveOn(tx, caseId, 'changes-requested');
      });
      return request;
    },

    async recordApproval(caseId, approval, approvedPlan) {
      if (approval.caseId !== caseId) throw new TypeError(`the approval is for case ${approval.caseId}, not ${caseId}`);
      const plan = planFromJson(approvedPlan);
      await inWriteTransaction(db, STORES, 'record the approval', async (tx) => {
        const plans = tx.objectStore('plans');
        const existing = await plans.get(approval.versionId);
        if (existing && (existing.caseId !== caseId || hashOf(existing.plan) !== hashOf(plan))) {
          throw new StoreError('conflict', `A different plan is already saved as version "${existing.name}". The approval was not recorded.`);
        }
        if (!existing) {
          const earlier = (await plans.index('by-case').getAll(caseId)).filter((p) => p.kind === 'version');
          const record: PlanRecord = {
            id: approval.versionId, caseId, kind: 'version', name: approval.versionName,
            savedAt: Math.max(now(), ...earlier.map((p) => p.savedAt + 1)), schemaVersion: plan.schemaVersion, plan,
          };
          await plans.add(record);
        }
        await tx.objectStore('review').add(decisionRecord(approval));
        await audit(tx, caseId, 'approved', `Approved plan version "${approval.versionName}" for manufacturing, signed by ${approval.signer}`,
          { decisionId: approval.id, versionId: approval.versionId, planHash: approval.planHash, fingerprint: approval.fingerprint });
        await moveOn(tx, caseId, 'approved');
      });
    },
  };
}
