// A case's treatment plans in the library: the working plan (the exact state the planner
// left, restored when the case is reopened) and named saved versions. Plans are values
// (core/plan.ts), so a save stores the value and a load rebuilds it through planFromJson;
// nothing a newer studio saved is half-read or overwritten. Every save also marks the case
// as changed (updatedAt), in the same transaction: the case list and backup restore tell
// an edited case by it. The working plan carries a revision: a save names the revision it
// was based on and is refused ('conflict') when another tab saved since, so two tabs on one
// case never silently overwrite each other. Each write also appends its audit event, in
// the same transaction.
import type { AuditEventInput } from '../core/audit.ts';
import { hashOf } from '../core/canonical.ts';
import { planFromJson } from '../core/plan.ts';
import type { Plan } from '../core/plan.ts';
import type { Actor } from '../core/review.ts';
import type { CaseRecord } from '../core/types.ts';
import type { IDBPObjectStore } from 'idb';
import { appendAudit, DEFAULT_ACTOR } from './audit.ts';
import type { PlanRecord, StudioDb, StudioSchema } from './db.ts';
import { caseNotFound, StoreError } from './errors.ts';
import { newerPlanError, planOfRecord, savedByNewerStudio, workingPlanId } from './plan-records.ts';
import { touchCase } from './touch.ts';
import { inWriteTransaction } from './transaction.ts';
import { moveCase } from './status-moves.ts';
import type { WriteTx } from './transaction.ts';

export { workingPlanId } from './plan-records.ts';

/** What a version list shows; `schemaVersion` above PLAN_SCHEMA_VERSION means a newer studio saved it. */
export interface PlanVersionInfo {
  id: string;
  caseId: string;
  name: string;
  savedAt: number;
  schemaVersion: number;
}

export interface PlanVersion extends PlanVersionInfo {
  plan: Plan;
}

/** The working plan as stored, with the revision a save of it must be based on. */
export interface WorkingPlan {
  plan: Plan;
  revision: number;
}

/**
 * A working plan a closing tab could not finish writing: the newest plan, the revision it
 * was based on, and the plan whose write was running then (it may have landed, as
 * revision basedOn + 1).
 */
export interface UnsavedPlan {
  basedOn: number;
  plan: Plan;
  writing: Plan | null;
}

/** Synchronous key-value storage (localStorage): a page being closed can still write it. */
export type StashStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface PlanRepository {
  /** Keeps `plan` as a named version of the case. Names are trimmed and must not be empty. */
  saveVersion(caseId: string, name: string, plan: Plan): Promise<PlanVersionInfo>;
  /** Newest first. Versions saved by a newer studio are listed too; loading them is refused. */
  listVersions(caseId: string): Promise<PlanVersionInfo[]>;
  /** StoreError 'not-found', 'newer-plan' (saved by a newer studio) or 'corrupt-plan'. */
  loadVersion(id: string): Promise<PlanVersion>;
  deleteVersion(id: string): Promise<void>;
  /**
   * Replaces the case's working plan and returns its new revision. `basedOn` is the revision
   * the caller last opened or saved (0 for a case without one); when the stored revision has
   * moved on since, nothing is written and StoreError 'conflict' is thrown, unless the stored
   * plan is already this one. Without `basedOn` the write is unchecked (tools and tests that
   * hold no earlier view; the studio always passes it). Saving the same plan again writes nothing.
   */
  saveWorking(caseId: string, plan: Plan, basedOn?: number): Promise<number>;
  /** The plan as last saved by saveWorking, or undefined when the case has none yet. */
  loadWorking(caseId: string): Promise<Plan | undefined>;
  /** loadWorking with the revision a later saveWorking is based on. */
  openWorking(caseId: string): Promise<WorkingPlan | undefined>;
  /**
   * Keeps a plan that could not be written yet in synchronous storage, for a tab that is being
   * closed: an IndexedDB write started then does not outlive the page. False when there is
   * no such storage or it is full.
   */
  keepUnsaved(caseId: string, unsaved: UnsavedPlan): boolean;
  /** What keepUnsaved kept for the case (removing it), or undefined. */
  takeUnsaved(caseId: string): UnsavedPlan | undefined;
}

export interface PlanRepositoryOptions {
  now?: () => number;
  newId?: () => string;
  /** Where keepUnsaved keeps plans (the browser's localStorage); without one nothing is kept. */
  stash?: StashStorage;
  /** Who the audit trail names for each change (the studio's profile). */
  actor?: () => Actor;
}

type PlansReader = IDBPObjectStore<StudioSchema, ['cases', 'plans'], 'plans', 'readonly'>;

function infoOf(record: PlanRecord): PlanVersionInfo {
  const { id, caseId, name, savedAt, schemaVersion } = record;
  return { id, caseId, name, savedAt, schemaVersion };
}

function conflictError(): StoreError {
  return new StoreError(
    'conflict',
    'The working plan of this case was changed in another tab or window since this one opened it. Nothing was saved over it.',
  );
}

const revisionOf = (record: PlanRecord | undefined): number => record?.revision ?? 0;

function unsavedFrom(text: string | null): UnsavedPlan | undefined {
  if (text === null) return undefined;
  try {
    const raw = JSON.parse(text) as { basedOn?: unknown; plan?: unknown; writing?: unknown };
    if (typeof raw.basedOn !== 'number') return undefined;
    return { basedOn: raw.basedOn, plan: planFromJson(raw.plan), writing: raw.writing == null ? null : planFromJson(raw.writing) };
  } catch {
    // A damaged or foreign entry is no plan to offer.
    return undefined;
  }
}

function versionNotFound(id: string): StoreError {
  return new StoreError('not-found', `No saved plan version with id ${id} in this library (it may have been deleted).`);
}

export function createPlanRepository(db: StudioDb, opts: PlanRepositoryOptions = {}): PlanRepository {
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? (() => crypto.randomUUID());
  const stashKey = (caseId: string) => `${db.name}/unsaved-plan/${caseId}`;
  const actor = opts.actor ?? (() => DEFAULT_ACTOR);

  /** The case marked as changed, and the change recorded in its trail. */
  async function changed(tx: WriteTx<['cases', 'plans', 'audit']>, caseId: string, kind: AuditEventInput['kind'], summary: string, detail: AuditEventInput['detail']): Promise<CaseRecord> {
    const updated = await touchCase(tx.objectStore('cases'), caseId, now());
    await appendAudit(tx, { caseId, at: now(), actor: actor(), kind, summary, detail });
    return updated;
  }

  /** Reads plans of a case that must exist: a deleted case is 'not-found', not an empty plan. */
  async function readOfCase<T>(caseId: string, read: (plans: PlansReader) => Promise<T>): Promise<T> {
    const tx = db.transaction(['cases', 'plans'], 'readonly');
    const [record, result] = await Promise.all([tx.objectStore('cases').get(caseId), read(tx.objectStore('plans'))]);
    if (!record) throw caseNotFound(caseId);
    return result;
  }

  async function openWorking(caseId: string): Promise<WorkingPlan | undefined> {
    const record = await readOfCase(caseId, (plans) => plans.get(workingPlanId(caseId)));
    return record ? { plan: planOfRecord(record), revision: revisionOf(record) } : undefined;
  }

  return {
    async saveVersion(caseId, name, plan) {
      const label = name.trim();
      if (label === '') throw new TypeError('a saved plan version needs a name');
      // Checked before anything is written: a plan that could not be read back is never saved.
      const value = planFromJson(plan);
      return inWriteTransaction(db, ['cases', 'plans', 'audit'], `save the plan version "${label}"`, async (tx) => {
        const plans = tx.objectStore('plans');
        const earlier = (await plans.index('by-case').getAll(caseId)).filter((r) => r.kind === 'version');
        // Strictly later than every earlier version, so "newest first" never ties.
        const savedAt = Math.max(now(), ...earlier.map((r) => r.savedAt + 1));
        const record: PlanRecord = { id: newId(), caseId, kind: 'version', name: label, savedAt, schemaVersion: value.schemaVersion, plan: value };
        await plans.add(record);
        await changed(tx, caseId, 'version-saved', `Saved plan version "${label}"`, { versionId: record.id, planHash: hashOf(value) });
        return infoOf(record);
      });
    },

    async listVersions(caseId) {
      const all = await readOfCase(caseId, (plans) => plans.index('by-case').getAll(caseId));
      const versions = all.filter((r) => r.kind === 'version');
      return versions.sort((a, b) => b.savedAt - a.savedAt).map(infoOf);
    },

    async loadVersion(id) {
      const record = await db.get('plans', id);
      if (!record || record.kind !== 'version') throw versionNotFound(id);
      return { ...infoOf(record), plan: planOfRecord(record) };
    },

    async deleteVersion(id) {
      await inWriteTransaction(db, ['cases', 'plans', 'audit'], 'delete the plan version', async (tx) => {
        const plans = tx.objectStore('plans');
        const record = await plans.get(id);
        if (!record || record.kind !== 'version') throw versionNotFound(id);
        await plans.delete(id);
        await changed(tx, record.caseId, 'version-deleted', `Deleted plan version "${record.name}"`, { versionId: id });
      });
    },

    async saveWorking(caseId, plan, basedOn) {
      const value = planFromJson(plan);
      return inWriteTransaction(db, ['cases', 'plans', 'audit'], 'save the plan', async (tx) => {
        const plans = tx.objectStore('plans');
        const id = workingPlanId(caseId);
        const previous = await plans.get(id);
        const stored = revisionOf(previous);
        if (previous) {
          // An autosave from this older studio must not wipe out what a newer one saved.
          if (savedByNewerStudio(previous)) throw newerPlanError(previous);
          // Already there (from this tab or another): nothing is lost, the caller is now at `stored`.
          if (JSON.stringify(previous.plan) === JSON.stringify(value)) return stored;
        }
        if (basedOn !== undefined && basedOn !== stored) throw conflictError();
        const revision = stored + 1;
        await plans.put({ id, caseId, kind: 'working', name: '', savedAt: now(), schemaVersion: value.schemaVersion, plan: value, revision });
        await changed(tx, caseId, 'plan-committed', `Saved the working plan (revision ${revision})`, { planHash: hashOf(value), revision });
        // A plan that moves teeth is planning under way (a new case, or one whose records are complete).
        if (value.targets.length > 0) await moveCase(tx, caseId, { work: 'plan-started' }, { at: now(), actor: actor() });
        return revision;
      });
    },

    loadWorking: async (caseId) => (await openWorking(caseId))?.plan,
    openWorking,

    keepUnsaved(caseId, unsaved) {
      if (!opts.stash) return false;
      try {
        opts.stash.setItem(stashKey(caseId), JSON.stringify(unsaved));
        return true;
      } catch {
        // Full or refused storage: the caller still tries to write, and warns.
        return false;
      }
    },

    takeUnsaved(caseId) {
      if (!opts.stash) return undefined;
      const text = opts.stash.getItem(stashKey(caseId));
      opts.stash.removeItem(stashKey(caseId));
      return unsavedFrom(text);
    },
  };
}
