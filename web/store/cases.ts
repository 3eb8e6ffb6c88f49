// The case library as the UI sees it: case records and their scan meshes. Every change is
// one IndexedDB transaction, so a case and the blobs it points at never disagree, even when
// a write fails or the tab closes half-way; the change's audit event (audit.ts) is written
// in the same transaction.
import type { AuditEventInput } from '../core/audit.ts';
import type { Actor } from '../core/review.ts';
import { CASE_STATUSES } from '../core/types.ts';
import type { ArchRecord, CaseFields, CaseRecord, CaseStatus, Jaw } from '../core/types.ts';
import { appendAudit, DEFAULT_ACTOR, editedSummary } from './audit.ts';
import type { AuditRecord, BlobRecord, PlanRecord, ReviewRecord, StudioDb } from './db.ts';
import { caseNotFound, StoreError } from './errors.ts';
import { plansMovedTo } from './plan-records.ts';
import { inWriteTransaction } from './transaction.ts';
import { moveCase, type StatusMove } from './status-moves.ts';
import { qaAuditInputs, type QaOverride, type QaResult } from '../core/qa-gate.ts';

export interface DeletedCase {
  record: CaseRecord;
  blobs: BlobRecord[];
  /** Its working plan and saved plan versions. */
  plans: PlanRecord[];
  /** Its audit trail (events and head record) and review records, as stored. */
  audit: AuditRecord[];
  review: ReviewRecord[];
}

export interface CaseRepository {
  /** Newest updatedAt first. */
  list(): Promise<CaseRecord[]>;
  get(id: string): Promise<CaseRecord | undefined>;
  create(fields?: Partial<CaseFields> & { demo?: boolean }): Promise<CaseRecord>;
  /**
   * A new case with its arches, in one transaction: a tab closed half-way leaves no case at
   * all rather than a case without its scans (the demo case is made this way).
   */
  createWithArches(fields: Partial<CaseFields> & { demo?: boolean }, arches: NewArch[]): Promise<CaseRecord>;
  /**
   * Bumps updatedAt. `seen`: the values this tab last saw of the fields it changes; when
   * another tab changed one of them since, nothing is written (StoreError 'conflict').
   * (Not updatedAt: plan, scan and segmentation saves move it too, without touching fields.)
   */
  update(id: string, patch: Partial<CaseFields>, seen?: Partial<CaseFields>): Promise<CaseRecord>;
  /**
   * Moves the case along the pipeline: by the work (where it moves a case from where it
   * stands), or by hand with a reason (StoreError 'invalid-move' without one). `seen`: the
   * status this tab last saw; when another tab moved the case since, nothing is written.
   */
  moveStatus(id: string, move: StatusMove, seen?: CaseStatus): Promise<CaseRecord>;
  /**
   * The QA gate's outcome before a plan goes to the doctor, in one transaction: 'qa-checked',
   * 'qa-overridden' when a failure is let through (with its reason: core/qa-gate.ts refuses
   * one without), and the move the outcome makes (sent: doctor review; failed: back to planning).
   */
  recordQaGate(id: string, result: QaResult, override?: QaOverride): Promise<CaseRecord>;
  /** "<name> (copy)" with copies of every blob (scans, segmentations, records) and plan (working and saved versions) under new ids. */
  duplicate(id: string): Promise<CaseRecord>;
  /** Deletes the record, its blobs, plans, trail and review in one transaction; keep the result for undo. */
  remove(id: string): Promise<DeletedCase>;
  /** Undo of remove: puts back exactly what was removed. */
  restoreDeleted(deleted: DeletedCase): Promise<void>;
  /**
   * Puts the new mesh blob, points case.arches[jaw] at it and drops that jaw's old blobs,
   * atomically. A new mesh drops the old segmentation too: its labels were for the old mesh.
   */
  saveArch(caseId: string, arch: Omit<ArchRecord, 'meshBlobId' | 'segmentationBlobId'>, meshBytes: ArrayBuffer): Promise<CaseRecord>;
  loadArchMesh(caseId: string, jaw: Jaw): Promise<ArrayBuffer | undefined>;
  /** Drops the arch with its mesh and segmentation blobs. */
  removeArch(caseId: string, jaw: Jaw): Promise<CaseRecord>;
  /**
   * Puts the segmentation blob (web/geometry/segmentation-record.ts bytes) of an existing
   * arch, sets its segmentationBlobId and teeth, and drops the previous segmentation blob,
   * in one transaction.
   */
  saveSegmentation(caseId: string, jaw: Jaw, recordBytes: ArrayBuffer, teeth: number[]): Promise<CaseRecord>;
  /** The stored segmentation bytes of an arch, or undefined when it was never segmented. */
  loadSegmentation(caseId: string, jaw: Jaw): Promise<ArrayBuffer | undefined>;
}

/** An arch for createWithArches: its record and its encoded mesh. */
export interface NewArch {
  arch: Omit<ArchRecord, 'meshBlobId' | 'segmentationBlobId'>;
  meshBytes: ArrayBuffer;
}

export interface CaseRepositoryOptions {
  now?: () => number;
  newId?: () => string;
  /** Who the audit trail names for each change (the studio's profile). */
  actor?: () => Actor;
}

/** Name a new case gets until the user types a pseudonym. */
export const NEW_CASE_NAME = 'New case';

const FIELD_KEYS = ['pseudonym', 'clinic', 'doctor', 'notes', 'status'] as const;

/** Copies only the editable fields, so a patch can never overwrite id, timestamps or arches. */
function pickFields(patch: Partial<CaseFields>): Partial<CaseFields> {
  const out: Partial<CaseFields> = {};
  for (const key of FIELD_KEYS) {
    const value = patch[key];
    if (value === undefined) continue;
    if (key === 'status' ? !CASE_STATUSES.includes(value as CaseFields['status']) : typeof value !== 'string') {
      throw new TypeError(`case ${key} cannot be ${JSON.stringify(value)}`);
    }
    Object.assign(out, { [key]: value });
  }
  return out;
}

function fieldsConflict(fields: readonly string[]): StoreError {
  const names = fields.map((f) => (f === 'pseudonym' ? 'patient pseudonym' : f)).join(', ');
  return new StoreError('conflict', `The case's ${names} was changed in another tab or window since this one showed it. Nothing was saved over it.`);
}

export function createCaseRepository(db: StudioDb, opts: CaseRepositoryOptions = {}): CaseRepository {
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? (() => crypto.randomUUID());
  const actor = opts.actor ?? (() => DEFAULT_ACTOR);
  const event = (caseId: string, kind: AuditEventInput['kind'], summary: string, detail?: AuditEventInput['detail']): AuditEventInput =>
    ({ caseId, at: now(), actor: actor(), kind, summary, ...(detail ? { detail } : {}) });
  const scanEvent = (caseId: string, arch: Pick<ArchRecord, 'jaw' | 'sourceFiles' | 'triangleCount'>): AuditEventInput =>
    event(caseId, 'scan-imported', `Imported the ${arch.jaw} scan${arch.sourceFiles.length > 0 ? ` (${arch.sourceFiles.join(', ')})` : ''}`,
      { jaw: arch.jaw, files: arch.sourceFiles.join(', '), triangles: arch.triangleCount });
  // updatedAt strictly increases on every change, even within one millisecond: backup
  // restore tells an edited case from an untouched one by it.
  const touched = (record: CaseRecord): number => Math.max(now(), record.updatedAt + 1);

  function newCaseRecord(fields: Partial<CaseFields> & { demo?: boolean }): CaseRecord {
    const time = now();
    return {
      id: newId(),
      pseudonym: NEW_CASE_NAME,
      clinic: '',
      doctor: '',
      notes: '',
      status: 'new',
      ...pickFields(fields),
      createdAt: time,
      updatedAt: time,
      demo: fields.demo === true,
      arches: {},
    };
  }

  return {
    async list() {
      const oldestFirst = await db.getAllFromIndex('cases', 'by-updated');
      return oldestFirst.reverse();
    },

    get: (id) => db.get('cases', id),

    async create(fields = {}) {
      const record = newCaseRecord(fields);
      await inWriteTransaction(db, ['cases', 'audit'], 'create the case', async (tx) => {
        await tx.objectStore('cases').add(record);
        await appendAudit(tx, event(record.id, 'case-created', `Created case "${record.pseudonym}"`));
      });
      return record;
    },

    async createWithArches(fields, arches) {
      const jaws = arches.map((a) => a.arch.jaw);
      if (new Set(jaws).size !== jaws.length) throw new TypeError(`a case holds one arch per jaw, got ${jaws.join(', ')}`);
      const record = newCaseRecord(fields);
      return inWriteTransaction(db, ['cases', 'blobs', 'audit'], 'create the case with its scans', async (tx) => {
        await appendAudit(tx, event(record.id, 'case-created', `Created case "${record.pseudonym}"`));
        for (const { arch, meshBytes } of arches) {
          const blob: BlobRecord = { id: newId(), caseId: record.id, kind: 'mesh', bytes: meshBytes, size: meshBytes.byteLength, createdAt: now() };
          await tx.objectStore('blobs').add(blob);
          const { segmentationBlobId: _none, ...fresh } = arch as ArchRecord;
          record.arches[arch.jaw] = { ...fresh, meshBlobId: blob.id };
          await appendAudit(tx, scanEvent(record.id, arch));
        }
        await tx.objectStore('cases').add(record);
        return record;
      });
    },

    async update(id, patch, seen) {
      const fields = pickFields(patch);
      return inWriteTransaction(db, ['cases', 'audit'], 'save the case details', async (tx) => {
        const cases = tx.objectStore('cases');
        const record = await cases.get(id);
        if (!record) throw caseNotFound(id);
        const moved = FIELD_KEYS.filter((k) => k in fields && seen && k in seen && seen[k] !== record[k]);
        if (moved.length > 0) throw fieldsConflict(moved);
        // A status moves only along the pipeline, with its reason or its work (moveStatus).
        if (fields.status !== undefined && fields.status !== record.status) throw new StoreError('invalid-move', 'A case\'s status moves with the work, or by hand with a reason.');
        const updated: CaseRecord = { ...record, ...fields, updatedAt: touched(record) };
        await cases.put(updated);
        const edited = FIELD_KEYS.filter((k) => k !== 'status' && fields[k] !== undefined && fields[k] !== record[k]);
        if (edited.length > 0) await appendAudit(tx, event(id, 'case-edited', editedSummary(edited), { fields: edited.join(', ') }));
        return updated;
      });
    },

    async moveStatus(id, move, seen) {
      return inWriteTransaction(db, ['cases', 'audit'], 'move the case', async (tx) => {
        const record = await tx.objectStore('cases').get(id);
        if (!record) throw caseNotFound(id);
        if (seen !== undefined && seen !== record.status) throw fieldsConflict(['status']);
        return moveCase(tx, id, move, { at: now(), actor: actor() });
      });
    },

    async recordQaGate(id, result, override) {
      return inWriteTransaction(db, ['cases', 'audit'], 'record the QA check', async (tx) => {
        const record = await tx.objectStore('cases').get(id);
        if (!record) throw caseNotFound(id);
        let outcome;
        try {
          outcome = qaAuditInputs(result, { caseId: id, at: now(), actor: actor(), status: record.status }, override);
        } catch (e) {
          throw new StoreError('invalid-move', e instanceof Error ? e.message : String(e));
        }
        for (const e of outcome.events) await appendAudit(tx, e);
        const updated: CaseRecord = { ...record, status: outcome.status, updatedAt: touched(record) };
        await tx.objectStore('cases').put(updated);
        return updated;
      });
    },

    async duplicate(id) {
      return inWriteTransaction(db, ['cases', 'blobs', 'plans', 'audit'], 'duplicate the case', async (tx) => {
        const cases = tx.objectStore('cases');
        const blobs = tx.objectStore('blobs');
        const original = await cases.get(id);
        if (!original) throw caseNotFound(id);
        const time = now();
        const copy: CaseRecord = {
          ...original,
          id: newId(),
          pseudonym: `${original.pseudonym} (copy)`,
          createdAt: time,
          updatedAt: time,
          // The copy is the user's own case, not the bundled demo the app may regenerate.
          demo: false,
          arches: {},
        };
        for (const [jaw, arch] of Object.entries(original.arches) as [Jaw, ArchRecord][]) {
          const blob = await blobs.get(arch.meshBlobId);
          if (!blob) throw new StoreError('not-found', `The ${jaw} scan of case ${id} is missing from the library.`);
          const blobCopy: BlobRecord = { ...blob, id: newId(), caseId: copy.id, createdAt: time };
          await blobs.add(blobCopy);
          copy.arches[jaw] = { ...arch, meshBlobId: blobCopy.id };
          if (arch.segmentationBlobId !== undefined) {
            const seg = await blobs.get(arch.segmentationBlobId);
            if (!seg) throw new StoreError('not-found', `The ${jaw} segmentation of case ${id} is missing from the library.`);
            const segCopy: BlobRecord = { ...seg, id: newId(), caseId: copy.id, createdAt: time };
            await blobs.add(segCopy);
            copy.arches[jaw] = { ...copy.arches[jaw]!, segmentationBlobId: segCopy.id };
          }
        }
        // Photographs, radiographs and notes come along, each thumbnail still naming its record.
        const records = (await blobs.index('by-case').getAll(id)).filter((b) => b.kind === 'record' || b.kind === 'record-thumb');
        const recordIds = new Map(records.map((b) => [b.id, newId()]));
        for (const b of records) {
          const thumbnailOf = b.thumbnailOf === undefined ? {} : { thumbnailOf: recordIds.get(b.thumbnailOf) ?? b.thumbnailOf };
          await blobs.add({ ...b, ...thumbnailOf, id: recordIds.get(b.id)!, caseId: copy.id });
        }
        const plans = tx.objectStore('plans');
        for (const plan of plansMovedTo(await plans.index('by-case').getAll(id), copy.id, newId)) await plans.add(plan);
        await cases.add(copy);
        // The copy's trail starts here: the original's events belong to the original.
        await appendAudit(tx, event(copy.id, 'case-created', `Copied from "${original.pseudonym}"`, { from: original.id }));
        return copy;
      });
    },

    async remove(id) {
      return inWriteTransaction(db, ['cases', 'blobs', 'plans', 'audit', 'review'], 'delete the case', async (tx) => {
        const cases = tx.objectStore('cases');
        const blobs = tx.objectStore('blobs');
        const plans = tx.objectStore('plans');
        const record = await cases.get(id);
        if (!record) throw caseNotFound(id);
        const owned = await blobs.index('by-case').getAll(id);
        for (const blob of owned) await blobs.delete(blob.id);
        const ownedPlans = await plans.index('by-case').getAll(id);
        for (const plan of ownedPlans) await plans.delete(plan.id);
        const audit = await tx.objectStore('audit').index('by-case').getAll(id);
        for (const r of audit) await tx.objectStore('audit').delete(r.id);
        const review = await tx.objectStore('review').index('by-case').getAll(id);
        for (const r of review) await tx.objectStore('review').delete(r.id);
        await cases.delete(id);
        return { record, blobs: owned, plans: ownedPlans, audit, review };
      });
    },

    async restoreDeleted(deleted) {
      await inWriteTransaction(db, ['cases', 'blobs', 'plans', 'audit', 'review'], 'undo the delete', async (tx) => {
        const blobs = tx.objectStore('blobs');
        for (const blob of deleted.blobs) await blobs.put(blob);
        for (const plan of deleted.plans) await tx.objectStore('plans').put(plan);
        // (A DeletedCase kept from before trails existed has none.)
        for (const r of deleted.audit ?? []) await tx.objectStore('audit').put(r);
        for (const r of deleted.review ?? []) await tx.objectStore('review').put(r);
        await tx.objectStore('cases').put(deleted.record);
      });
    },

    async saveArch(caseId, arch, meshBytes) {
      return inWriteTransaction(db, ['cases', 'blobs', 'audit'], `save the ${arch.jaw} arch`, async (tx) => {
        const cases = tx.objectStore('cases');
        const blobs = tx.objectStore('blobs');
        const record = await cases.get(caseId);
        if (!record) throw caseNotFound(caseId);
        const blob: BlobRecord = {
          id: newId(),
          caseId,
          kind: 'mesh',
          bytes: meshBytes,
          size: meshBytes.byteLength,
          createdAt: now(),
        };
        await blobs.add(blob);
        const previous = record.arches[arch.jaw];
        // Only the fields an arch has: a stale segmentationBlobId must not ride in on `arch`.
        const { segmentationBlobId: _stale, ...fresh } = arch as ArchRecord;
        const updated: CaseRecord = {
          ...record,
          arches: { ...record.arches, [arch.jaw]: { ...fresh, meshBlobId: blob.id } },
          updatedAt: touched(record),
        };
        await cases.put(updated);
        if (previous && previous.meshBlobId !== blob.id) await blobs.delete(previous.meshBlobId);
        if (previous?.segmentationBlobId !== undefined) await blobs.delete(previous.segmentationBlobId);
        await appendAudit(tx, scanEvent(caseId, arch));
        return updated;
      });
    },

    async loadArchMesh(caseId, jaw) {
      const tx = db.transaction(['cases', 'blobs'], 'readonly');
      const record = await tx.objectStore('cases').get(caseId);
      if (!record) throw caseNotFound(caseId);
      const arch = record.arches[jaw];
      if (!arch) return undefined;
      const blob = await tx.objectStore('blobs').get(arch.meshBlobId);
      if (!blob) throw new StoreError('not-found', `The ${jaw} scan of case ${caseId} is missing from the library.`);
      return blob.bytes;
    },

    async removeArch(caseId, jaw) {
      return inWriteTransaction(db, ['cases', 'blobs', 'audit'], `remove the ${jaw} arch`, async (tx) => {
        const cases = tx.objectStore('cases');
        const record = await cases.get(caseId);
        if (!record) throw caseNotFound(caseId);
        const arch = record.arches[jaw];
        if (!arch) return record;
        const arches = { ...record.arches };
        delete arches[jaw];
        const updated: CaseRecord = { ...record, arches, updatedAt: touched(record) };
        await cases.put(updated);
        await tx.objectStore('blobs').delete(arch.meshBlobId);
        if (arch.segmentationBlobId !== undefined) await tx.objectStore('blobs').delete(arch.segmentationBlobId);
        await appendAudit(tx, event(caseId, 'scan-removed', `Removed the ${jaw} scan`, { jaw }));
        return updated;
      });
    },

    async saveSegmentation(caseId, jaw, recordBytes, teeth) {
      const fdis = [...new Set(teeth)].sort((a, b) => a - b);
      if (!fdis.every((n) => Number.isInteger(n) && n > 0 && n < 256)) throw new TypeError(`tooth numbers must be FDI numbers, got ${JSON.stringify(teeth)}`);
      return inWriteTransaction(db, ['cases', 'blobs', 'audit'], `save the ${jaw} segmentation`, async (tx) => {
        const cases = tx.objectStore('cases');
        const blobs = tx.objectStore('blobs');
        const record = await cases.get(caseId);
        if (!record) throw caseNotFound(caseId);
        const arch = record.arches[jaw];
        if (!arch) throw new StoreError('not-found', `Case ${caseId} has no ${jaw} scan to segment.`);
        const blob: BlobRecord = {
          id: newId(),
          caseId,
          kind: 'segmentation',
          bytes: recordBytes,
          size: recordBytes.byteLength,
          createdAt: now(),
        };
        await blobs.add(blob);
        const updated: CaseRecord = {
          ...record,
          arches: { ...record.arches, [jaw]: { ...arch, teeth: fdis, segmentationBlobId: blob.id } },
          updatedAt: touched(record),
        };
        await cases.put(updated);
        if (arch.segmentationBlobId !== undefined && arch.segmentationBlobId !== blob.id) await blobs.delete(arch.segmentationBlobId);
        const count = fdis.length === 1 ? '1 tooth' : `${fdis.length} teeth`;
        await appendAudit(tx, event(caseId, 'segmentation-edited', `Saved the ${jaw} segmentation (${count})`, { jaw, teeth: fdis.join(' ') }));
        return updated;
      });
    },

    async loadSegmentation(caseId, jaw) {
      const tx = db.transaction(['cases', 'blobs'], 'readonly');
      const record = await tx.objectStore('cases').get(caseId);
      if (!record) throw caseNotFound(caseId);
      const id = record.arches[jaw]?.segmentationBlobId;
      if (id === undefined) return undefined;
      const blob = await tx.objectStore('blobs').get(id);
      if (!blob) throw new StoreError('not-found', `The ${jaw} segmentation of case ${caseId} is missing from the library.`);
      return blob.bytes;
    },
  };
}
