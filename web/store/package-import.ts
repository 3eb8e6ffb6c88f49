// A plan package (already read and checked whole by exchange/package-read.ts) into the
// library, in ONE write transaction: a failure anywhere leaves the library as it was. A case
// not here is added; the same case coming back (same id) is merged, never duplicated: new
// versions, comments, decisions and audit events are added, the trails joined by an import
// event whose parents are both sides' heads, and the working plans compared against the
// plan both sides last shared (package-merge.ts) so an edit made on either side is never lost.
import { headsOf } from '../core/audit.ts';
import type { AuditEventInput } from '../core/audit.ts';
import { hashOf } from '../core/canonical.ts';
import { planFromJson, type Plan } from '../core/plan.ts';
import type { Actor } from '../core/review.ts';
import type { CaseRecord, Jaw } from '../core/types.ts';
import type { ReadPackage } from '../exchange/package-types.ts';
import { appendAudit, eventRecord, headRecord, mergeIntoTrail } from './audit.ts';
import type { PlanRecord, StudioDb } from './db.ts';
import { StoreError } from './errors.ts';
import { keepSummary, mergeArches, mergeWorking, statusAfterMerge, storedArch } from './package-merge.ts';
import type { ImportTx, WorkingOutcome } from './package-merge.ts';
import { workingPlanId } from './plan-records.ts';
import { mergeRecords } from './package-records.ts';
import { commentKey, commentRecord, decisionKey, decisionRecord, shareBaseRecord } from './review.ts';
import { touchedAt } from './touch.ts';
import { inWriteTransaction } from './transaction.ts';

export interface PackageImportSummary {
  caseId: string;
  pseudonym: string;
  outcome: 'added' | 'merged';
  newVersions: string[];
  newComments: number;
  newDecisions: number;
  newEvents: number;
  working: WorkingOutcome;
  /** kept-both: the name of the version holding the other side's plan. */
  keptTheirsAs?: string;
  /** Records (photographs, radiographs, notes) the package added (absent: none). */
  newRecords?: number;
  /** A merged case whose package scan differs from ours (ours kept). */
  differentScans: Jaw[];
  /** A case new here: its working plan as stored, with its revision, so the view opening next need not read it back. */
  storedWorking?: { plan: Plan; revision: number };
}

export interface ImportPackageOptions {
  actor: Actor;
  now: () => number;
  newId?: () => string;
}

function reusedId(fileName: string, what: string): StoreError {
  return new StoreError('corrupt-plan', `${fileName} cannot be opened: its ${what} has the id of a record of another case in this library. Nothing was changed.`);
}

/** Adds what the package has and this case lacks: versions, comments, decisions. */
async function addRecords(tx: ImportTx, pkg: ReadPackage, fileName: string, at: number) {
  const caseId = pkg.case.id;
  const newVersions: string[] = [];
  const plans = tx.objectStore('plans');
  for (const v of pkg.versions) {
    const existing = await plans.get(v.id);
    if (existing && (existing.caseId !== caseId || existing.kind !== 'version')) throw reusedId(fileName, `plan version "${v.name}"`);
    if (existing) continue;
    const plan = planFromJson(v.plan);
    const record: PlanRecord = { id: v.id, caseId, kind: 'version', name: v.name, savedAt: Number.isFinite(v.savedAt) ? v.savedAt : at, schemaVersion: plan.schemaVersion, plan };
    await plans.add(record);
    newVersions.push(v.name);
  }
  const review = tx.objectStore('review');
  const fresh = async (key: string, what: string): Promise<boolean> => {
    const existing = await review.get(key);
    if (existing && existing.caseId !== caseId) throw reusedId(fileName, what);
    return !existing;
  };
  let newComments = 0;
  for (const c of pkg.comments) {
    if (!(await fresh(commentKey(c.id), 'comment'))) continue;
    await review.add(commentRecord({ ...c, caseId }));
    newComments++;
  }
  const newDecisions = [];
  for (const d of pkg.decisions) {
    if (!(await fresh(decisionKey(d.id), 'decision'))) continue;
    await review.add(decisionRecord({ ...d, caseId }));
    newDecisions.push(d);
  }
  return { newVersions, newComments, newDecisions };
}

function notInLibrary(fileName: string, pkg: ReadPackage): StoreError {
  return new StoreError('not-found', `${fileName} answers case ${pkg.case.pseudonym}, which is not in this library. Nothing was changed.`);
}

export async function importCasePackage(db: StudioDb, pkg: ReadPackage, fileName: string, opts: ImportPackageOptions): Promise<PackageImportSummary> {
  const newId = opts.newId ?? (() => crypto.randomUUID());
  const caseId = pkg.case.id;
  const stores: ['cases', 'blobs', 'plans', 'review', 'audit'] = ['cases', 'blobs', 'plans', 'review', 'audit'];
  return inWriteTransaction(db, stores, `import ${fileName}`, async (tx) => {
    const at = opts.now();
    const event = (kind: AuditEventInput['kind'], summary: string, detail: AuditEventInput['detail']): AuditEventInput =>
      ({ caseId, at, actor: opts.actor, kind, summary, detail });
    const from = `${fileName} from ${pkg.exportedBy.name}`;
    const ours = await tx.objectStore('cases').get(caseId);

    if (!ours) {
      if (pkg.kind === 'response') throw notInLibrary(fileName, pkg);
      const record: CaseRecord = { ...pkg.case, id: caseId, arches: {}, updatedAt: at };
      for (const arch of Object.values(pkg.arches)) {
        const stored = storedArch(caseId, arch, newId, at);
        for (const blob of stored.blobs) await tx.objectStore('blobs').add(blob);
        record.arches[arch.jaw] = stored.record;
      }
      await tx.objectStore('cases').add(record);
      const newRecords = await mergeRecords(tx, pkg, fileName, at);
      let storedWorking: PackageImportSummary['storedWorking'];
      if (pkg.working) {
        const plan = planFromJson(pkg.working.plan);
        storedWorking = { plan, revision: 1 };
        await tx.objectStore('plans').put({ id: workingPlanId(caseId), caseId, kind: 'working', name: '', savedAt: at, schemaVersion: plan.schemaVersion, plan, revision: storedWorking.revision });
        await tx.objectStore('review').put(shareBaseRecord(caseId, hashOf(plan)));
      }
      const added = await addRecords(tx, pkg, fileName, at);
      await keepSummary(tx, pkg);
      for (const e of pkg.audit) await tx.objectStore('audit').put(eventRecord(e));
      await tx.objectStore('audit').put(headRecord(caseId, headsOf(pkg.audit).map((e) => e.hash)));
      await appendAudit(tx, event('package-imported', `Imported ${from} (new case)`, { file: fileName, kind: pkg.kind, from: pkg.exportedBy.name }));
      return {
        caseId, pseudonym: record.pseudonym, outcome: 'added', newVersions: added.newVersions, newComments: added.newComments,
        newDecisions: added.newDecisions.length, newEvents: pkg.audit.length, working: pkg.working ? 'added' : 'unchanged', differentScans: [], ...(newRecords ? { newRecords } : {}),
        ...(storedWorking ? { storedWorking } : {}),
      };
    }

    const scans = pkg.kind === 'case' ? await mergeArches(tx, ours, pkg, newId, at) : { record: ours, differentScans: [] as Jaw[] };
    // Compared with the versions this library had before the package's were added.
    const working = await mergeWorking(tx, pkg, newId, at);
    const added = await addRecords(tx, pkg, fileName, at);
    const newRecords = await mergeRecords(tx, pkg, fileName, at);
    await keepSummary(tx, pkg);
    const trailAdded = await mergeIntoTrail(tx, caseId, pkg.audit);
    await appendAudit(tx, event('package-imported', `Imported ${from}`, {
      file: fileName, kind: pkg.kind, from: pkg.exportedBy.name, working: working.outcome, newEvents: trailAdded.length,
    }));
    const status = await statusAfterMerge(tx, scans.record, trailAdded, added.newDecisions);
    const updated: CaseRecord = { ...scans.record, status: status ?? scans.record.status, updatedAt: touchedAt(ours, at) };
    await tx.objectStore('cases').put(updated);
    if (status && status !== ours.status) {
      await appendAudit(tx, event('status-changed', `Status: ${ours.status} -> ${status} (${from})`, { from: ours.status, to: status }));
    }
    return {
      caseId, pseudonym: updated.pseudonym, outcome: 'merged', newVersions: added.newVersions, newComments: added.newComments,
      newDecisions: added.newDecisions.length, newEvents: trailAdded.length, working: working.outcome,
      ...(working.keptTheirsAs === undefined ? {} : { keptTheirsAs: working.keptTheirsAs }), differentScans: scans.differentScans, ...(newRecords ? { newRecords } : {}),
    };
  });
}
