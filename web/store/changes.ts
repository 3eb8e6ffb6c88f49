// Telling the other open tabs of this library what one tab wrote. IndexedDB has no change
// events, so each committed write is announced on a BroadcastChannel named for the database;
// a channel never hears its own messages, so a tab only hears the others. Where there is no
// BroadcastChannel (or a test library on its own fake IndexedDB) the feed is silent.
import type { CaseRepository } from './cases.ts';
import type { PlanRepository } from './plans.ts';
import type { ReviewRepository } from './review.ts';

/**
 * plan: the working plan (with its new revision); case: fields, scans or the case itself;
 * deleted: the case is gone; review: comments or decisions (and the status they set).
 */
export type ChangeKind = 'plan' | 'case' | 'segmentation' | 'deleted' | 'review';

export interface ChangeNotice {
  /** ANY_CASE after a backup restore: cases were added, none of the open ones changed. */
  caseId: string;
  what: ChangeKind;
  revision?: number;
}

/** What the UI gets: other tabs' writes as they commit. */
export interface ChangeSource {
  /** Calls `on` for each notice from another tab; returns the way to stop. */
  listen(on: (notice: ChangeNotice) => void): () => void;
}

export interface ChangeFeed extends ChangeSource {
  post(notice: ChangeNotice): void;
  close(): void;
}

const KINDS: readonly ChangeKind[] = ['plan', 'case', 'segmentation', 'deleted', 'review'];

function isNotice(x: unknown): x is ChangeNotice {
  if (typeof x !== 'object' || x === null) return false;
  const n = x as Record<string, unknown>;
  return typeof n.caseId === 'string' && KINDS.includes(n.what as ChangeKind) && (n.revision === undefined || typeof n.revision === 'number');
}

export const ANY_CASE = '*';

export const SILENT_FEED: ChangeFeed = { post() {}, listen: () => () => {}, close() {} };

type ChannelClass = new (name: string) => BroadcastChannel;

export function openChangeFeed(dbName: string, Channel: ChannelClass | undefined = globalThis.BroadcastChannel): ChangeFeed {
  if (!Channel) return SILENT_FEED;
  const channel = new Channel(`aligner-studio-changes:${dbName}`);
  // Node's channel would keep a test process alive; a browser's has no unref.
  (channel as { unref?: () => void }).unref?.();
  const listeners = new Set<(notice: ChangeNotice) => void>();
  channel.onmessage = (event: MessageEvent) => {
    if (!isNotice(event.data)) return;
    for (const on of [...listeners]) on(event.data);
  };
  let closed = false;
  return {
    post(notice) {
      if (!closed) channel.postMessage({ ...notice });
    },
    listen(on) {
      listeners.add(on);
      return () => listeners.delete(on);
    },
    close() {
      closed = true;
      listeners.clear();
      channel.close();
    },
  };
}

/** The repository, announcing each write once it has committed. */
export function announcingCases(repo: CaseRepository, feed: ChangeFeed): CaseRepository {
  const after = <A extends unknown[], R>(call: (...args: A) => Promise<R>, notice: (result: R, args: A) => ChangeNotice) =>
    async (...args: A): Promise<R> => {
      const result = await call(...args);
      feed.post(notice(result, args));
      return result;
    };
  return {
    ...repo,
    create: after(repo.create, (r) => ({ caseId: r.id, what: 'case' })),
    createWithArches: after(repo.createWithArches, (r) => ({ caseId: r.id, what: 'case' })),
    update: after(repo.update, (r) => ({ caseId: r.id, what: 'case' })),
    duplicate: after(repo.duplicate, (r) => ({ caseId: r.id, what: 'case' })),
    remove: after(repo.remove, (d) => ({ caseId: d.record.id, what: 'deleted' })),
    restoreDeleted: after(repo.restoreDeleted, (_r, [d]) => ({ caseId: d.record.id, what: 'case' })),
    saveArch: after(repo.saveArch, (r) => ({ caseId: r.id, what: 'case' })),
    removeArch: after(repo.removeArch, (r) => ({ caseId: r.id, what: 'case' })),
    saveSegmentation: after(repo.saveSegmentation, (r) => ({ caseId: r.id, what: 'segmentation' })),
  };
}

export function announcingPlans(repo: PlanRepository, feed: ChangeFeed): PlanRepository {
  return {
    ...repo,
    async saveWorking(caseId, plan, basedOn) {
      const revision = await repo.saveWorking(caseId, plan, basedOn);
      // An unchanged plan wrote nothing: nothing to tell.
      if (revision !== basedOn) feed.post({ caseId, what: 'plan', revision });
      return revision;
    },
  };
}

export function announcingReview(repo: ReviewRepository, feed: ChangeFeed): ReviewRepository {
  const after = <A extends [string, ...unknown[]], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await call(...args);
      feed.post({ caseId: args[0], what: 'review' });
      return result;
    };
  return {
    ...repo,
    addComment: after(repo.addComment),
    requestChanges: after(repo.requestChanges),
    recordApproval: after(repo.recordApproval),
  };
}
