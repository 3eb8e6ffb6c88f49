// The persisted plan record (PlanRecord in db.ts) apart from any transaction: where a case's
// working plan lives, reading a plan back with a message a planner can act on, giving a
// case's plans to another case (duplicate, restore as a copy), and checking records that
// come from outside (a backup) before anything is written.
import { PLAN_SCHEMA_VERSION, PlanError, planFromJson } from '../core/plan.ts';
import type { Plan } from '../core/plan.ts';
import type { PlanRecord, PlanRecordKind } from './db.ts';
import { StoreError } from './errors.ts';

const PLAN_RECORD_KINDS: readonly PlanRecordKind[] = ['working', 'version'];

/** One working plan per case: its key follows from the case, so it is found without a scan. */
export const workingPlanId = (caseId: string): string => `working:${caseId}`;

function what(record: Pick<PlanRecord, 'kind' | 'name'>): string {
  return record.kind === 'working' ? 'The working plan' : `The saved plan version "${record.name}"`;
}

function declaredSchema(record: PlanRecord): number {
  const inner = typeof record.plan === 'object' && record.plan !== null ? (record.plan as { schemaVersion?: unknown }).schemaVersion : undefined;
  const versions = [record.schemaVersion, inner].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return versions.length === 0 ? Number.NaN : Math.max(...versions);
}

/** True when a newer studio saved the record: this one must neither read it nor overwrite it. */
export function savedByNewerStudio(record: PlanRecord): boolean {
  return declaredSchema(record) > PLAN_SCHEMA_VERSION;
}

export function newerPlanError(record: PlanRecord): StoreError {
  return new StoreError(
    'newer-plan',
    `${what(record)} of this case was saved by a newer Aligner Studio (plan schema ${declaredSchema(record)}; this app reads schema ${PLAN_SCHEMA_VERSION}). ` +
      'This app leaves it as it is: open the case with the newer version of the app.',
  );
}

/**
 * The plan a stored record holds, checked field by field. A record saved by a newer studio
 * is refused ('newer-plan') rather than half-read; a damaged one is 'corrupt-plan'. Either
 * way the record itself is left alone.
 */
export function planOfRecord(record: PlanRecord): Plan {
  if (savedByNewerStudio(record)) throw newerPlanError(record);
  try {
    return planFromJson(record.plan);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    throw new StoreError('corrupt-plan', `${what(record)} of this case is damaged and cannot be opened (${error.message}). It was left as it is.`, { cause: error });
  }
}

/** A case's plan records given to case `caseId`: versions under new ids, the working plan under that case's key. */
export function plansMovedTo(records: readonly PlanRecord[], caseId: string, newId: () => string): PlanRecord[] {
  return records.map((r) => ({ ...r, caseId, id: r.kind === 'working' ? workingPlanId(caseId) : newId() }));
}

/** Why a plan record read from outside is not well formed (before its plan is read), or null. */
export function planRecordProblem(x: unknown, caseIds: ReadonlySet<string>): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'a plan entry is not an object';
  const r = x as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') return 'a plan entry has no id';
  if (typeof r.caseId !== 'string' || !caseIds.has(r.caseId)) return `plan ${r.id} belongs to no case in the backup`;
  if (!PLAN_RECORD_KINDS.includes(r.kind as PlanRecordKind)) return `plan ${r.id} has unknown kind ${String(r.kind)}`;
  if (r.kind === 'working' && r.id !== workingPlanId(r.caseId)) return `plan ${r.id} is not the working plan of case ${r.caseId}`;
  if (typeof r.name !== 'string') return `plan ${r.id} has no name`;
  if (typeof r.savedAt !== 'number' || !Number.isFinite(r.savedAt)) return `plan ${r.id} has no valid savedAt`;
  if (!Number.isInteger(r.schemaVersion)) return `plan ${r.id} has no schema version`;
  return null;
}

/** A well-formed record reduced to the current shape, its plan read through planFromJson (throws like planOfRecord). */
export function cleanPlanRecord(record: PlanRecord): PlanRecord {
  const plan = planOfRecord(record);
  const { id, caseId, kind, name, savedAt, revision } = record;
  // A working plan's revision travels with it, so a restored case's tabs compare saves as before.
  const kept = Number.isSafeInteger(revision) && revision! >= 0 ? { revision } : {};
  return { id, caseId, kind, name, savedAt, schemaVersion: plan.schemaVersion, plan, ...kept };
}
