// A case's treatment plans in the library: the working plan (the exact state the planner
// left, restored when the case is reopened) and named saved versions. Plans are values
// (core/plan.ts), so a save stores the value and a load rebuilds it through planFromJson;
// nothing a newer studio saved is half-read or overwritten. Every save also marks the case
// as changed (updatedAt), in the same transaction: the case list and backup restore tell
// an edited case by it.
import { planFromJson } from '../core/plan.ts';
import type { Plan } from '../core/plan.ts';
import type { CaseRecord } from '../core/types.ts';
import type { IDBPObjectStore } from 'idb';
import type { PlanRecord, StudioDb, StudioSchema } from './db.ts';
import { caseNotFound, StoreError } from './errors.ts';
import { newerPlanError, planOfRecord, savedByNewerStudio, workingPlanId } from './plan-records.ts';
import { inWriteTransaction } from './transaction.ts';
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

export interface PlanRepository {
  /** Keeps `plan` as a named version of the case. Names are trimmed and must not be empty. */
  saveVersion(caseId: string, name: string, plan: Plan): Promise<PlanVersionInfo>;
  /** Newest first. Versions saved by a newer studio are listed too; loading them is refused. */
  listVersions(caseId: string): Promise<PlanVersionInfo[]>;
  /** StoreError 'not-found', 'newer-plan' (saved by a newer studio) or 'corrupt-plan'. */
  loadVersion(id: string): Promise<PlanVersion>;
  deleteVersion(id: string): Promise<void>;
  /** Replaces the case's working plan; saving the same plan again writes nothing. */
  saveWorking(caseId: string, plan: Plan): Promise<void>;
  /** The plan as last saved by saveWorking, or undefined when the case has none yet. */
  loadWorking(caseId: string): Promise<Plan | undefined>;
}

export interface PlanRepositoryOptions {
  now?: () => number;
  newId?: () => string;
}

type PlansReader = IDBPObjectStore<StudioSchema, ['cases', 'plans'], 'plans', 'readonly'>;

function infoOf(record: PlanRecord): PlanVersionInfo {
  const { id, caseId, name, savedAt, schemaVersion } = record;
  return { id, caseId, name, savedAt, schemaVersion };
}

function versionNotFound(id: string): StoreError {
  return new StoreError('not-found', `No saved plan version with id ${id} in this library (it may have been deleted).`);
}

export function createPlanRepository(db: StudioDb, opts: PlanRepositoryOptions = {}): PlanRepository {
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? (() => crypto.randomUUID());

  /** The case marked as changed; updatedAt strictly increases, as in cases.ts. */
  async function touchCase(tx: WriteTx<['cases', 'plans']>, caseId: string): Promise<CaseRecord> {
    const cases = tx.objectStore('cases');
    const record = await cases.get(caseId);
    if (!record) throw caseNotFound(caseId);
    const updated = { ...record, updatedAt: Math.max(now(), record.updatedAt + 1) };
    await cases.put(updated);
    return updated;
  }

  /** Reads plans of a case that must exist: a deleted case is 'not-found', not an empty plan. */
  async function readOfCase<T>(caseId: string, read: (plans: PlansReader) => Promise<T>): Promise<T> {
    const tx = db.transaction(['cases', 'plans'], 'readonly');
    const [record, result] = await Promise.all([tx.objectStore('cases').get(caseId), read(tx.objectStore('plans'))]);
    if (!record) throw caseNotFound(caseId);
    return result;
  }

  return {
    async saveVersion(caseId, name, plan) {
      const label = name.trim();
      if (label === '') throw new TypeError('a saved plan version needs a name');
      // Checked before anything is written: a plan that could not be read back is never saved.
      const value = planFromJson(plan);
      return inWriteTransaction(db, ['cases', 'plans'], `save the plan version "${label}"`, async (tx) => {
        const plans = tx.objectStore('plans');
        const earlier = (await plans.index('by-case').getAll(caseId)).filter((r) => r.kind === 'version');
        // Strictly later than every earlier version, so "newest first" never ties.
        const savedAt = Math.max(now(), ...earlier.map((r) => r.savedAt + 1));
        const record: PlanRecord = { id: newId(), caseId, kind: 'version', name: label, savedAt, schemaVersion: value.schemaVersion, plan: value };
        await plans.add(record);
        await touchCase(tx, caseId);
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
      await inWriteTransaction(db, ['cases', 'plans'], 'delete the plan version', async (tx) => {
        const plans = tx.objectStore('plans');
        const record = await plans.get(id);
        if (!record || record.kind !== 'version') throw versionNotFound(id);
        await plans.delete(id);
        await touchCase(tx, record.caseId);
      });
    },

    async saveWorking(caseId, plan) {
      const value = planFromJson(plan);
      await inWriteTransaction(db, ['cases', 'plans'], 'save the plan', async (tx) => {
        const plans = tx.objectStore('plans');
        const id = workingPlanId(caseId);
        const previous = await plans.get(id);
        if (previous) {
          // An autosave from this older studio must not wipe out what a newer one saved.
          if (savedByNewerStudio(previous)) throw newerPlanError(previous);
          if (JSON.stringify(previous.plan) === JSON.stringify(value)) return;
        }
        await plans.put({ id, caseId, kind: 'working', name: '', savedAt: now(), schemaVersion: value.schemaVersion, plan: value });
        await touchCase(tx, caseId);
      });
    },

    async loadWorking(caseId) {
      const record = await readOfCase(caseId, (plans) => plans.get(workingPlanId(caseId)));
      return record ? planOfRecord(record) : undefined;
    },
  };
}
