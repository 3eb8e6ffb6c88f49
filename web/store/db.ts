// The one module that owns the IndexedDB layout: database name, schema version, store and
// index names, and the upgrade steps between versions. Everything else in web/store goes
// through the types exported here; nothing outside web/store opens the database.
//
// Schema history
//
// v1 (first prototype): two stores.
//   cases  keyPath 'id', no indexes. Records (CaseRecordV1 in records.ts):
//          { id, patient, doctor, notes, status, createdAt, updatedAt, upper?, lower? }
//          - the patient pseudonym sat under `patient`;
//          - there was no `clinic` and no `demo`;
//          - arch records sat at `case.upper` / `case.lower`, without `jaw`, `teeth` and
//            `unitScale` (the prototype imported raw millimetre scans only).
//   blobs  keyPath 'id', index 'by-case' on caseId. Records as today (BlobRecord).
//
// v2:
//   cases      + index 'by-updated' on updatedAt; records are core/types.ts CaseRecord.
//   blobs      unchanged. The only place large binary data lives; cases refer to blobs by id.
//   plans      keyPath 'id', index 'by-case'   (created empty; filled by later work)
//   audit      keyPath 'id', index 'by-case'   (created empty)
//   protocols  keyPath 'id'                    (created empty)
//   settings   keyPath 'key', { key, value }
//
// v3: segmentation persists.
//   cases      ArchRecord may carry `segmentationBlobId` (a blob of kind 'segmentation', the
//              encoded SegmentationRecord of that arch's mesh). Existing arch records get
//              none: the step rewrites every case into the current shape and drops a
//              segmentationBlobId whose blob is missing, so no case points at nothing.
//   blobs      kind 'mesh' | 'segmentation'.
//   plans      first filled here, with no step of its own (nothing had written to it):
//              PlanRecord below, one 'working' record per case under workingPlanId(caseId)
//              and any number of named 'version' records. The plan itself is stored as
//              its JSON value with its own schema version (core/plan.ts) and is read only
//              through planFromJson, so plan schema changes need no database step.
//              Later, with no step of its own: a working record may carry `revision`, a
//              counter bumped by every write of it, so a tab's save based on an older
//              revision is refused (another tab saved since). A record without one (saved
//              before, or restored from a backup) reads as revision 0.
//
// v4: the record of who did what to a case, and the doctor's review.
//   audit      first filled here (created empty in v2): AuditRecord below. Each event of a
//              case's trail (core/audit.ts AuditEvent) keyed by its hash (`id` = hash, the
//              one field the hash does not cover), plus one head record per case,
//              { id: 'head:<caseId>', caseId, kind: 'head', heads }, naming the newest events:
//              the chain itself cannot tell that its newest events were cut off.
//   review     keyPath 'id', index 'by-case': ReviewRecord below, a tagged wrapper so one
//              store holds a case's comments ('comment:<id>'), decisions ('decision:<id>')
//              and its share base ('share-base:<caseId>': hashOf(working plan) when the case
//              last left or entered as a package, so an import can tell who edited since).
//   The step only creates the store and its index: no case had a trail or review before.
//   Later, with no step of its own: a case's package summary ('summary:<caseId>': what the
//   last case package imported for it derived, exchange/summary.ts, so the review screen
//   shows it before the studio has computed the plan). The store keeps any record under
//   the same key path and index, and a case that never came in as a package simply has none.
//   Later, with no step of its own: a case's photographs, radiographs and notes (#16 item 2)
//   are blobs of two more kinds, with optional fields that only they carry (a blob written
//   before has none, and no earlier kind gains any):
//     'record'        the file as added (PNG, JPEG or DICOM bytes; a note's UTF-8 text), with
//                     recordKind (core/record-kinds.ts), fileName, mediaType, addedAt, addedBy.
//     'record-thumb'  a JPEG thumbnail the studio made of a record, with thumbnailOf (the
//                     record's blob id), width and height. Derived: made again when missing
//                     (a record from a package comes without one), removed with its record.
//   Nothing pointed at these blobs before, so no record needs rewriting.
//
// v5 (current): case statuses follow the case pipeline (core/case-pipeline.ts): new, records
//   complete, planning, QA, doctor review, approved, manufacturing, in treatment, finished.
//   cases      every record rewritten: 'records' -> 'records-complete', 'review' ->
//              'doctor-review', 'archived' -> 'finished' (the others keep their names). The
//              audit trail is not rewritten: its events are hashed, and old names read as new.
//
// Upgrade steps are keyed by the version they upgrade TO, run in order inside the single
// versionchange transaction (so a failure anywhere leaves the old database untouched), and
// are idempotent: each checks before it creates and rewrites records into a shape that the
// rewrite maps to itself.
import { wrap } from 'idb';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { AuditEvent } from '../core/audit.ts';
import type { RecordKind } from '../core/record-kinds.ts';
import type { Actor } from '../core/review.ts';
import type { ReviewComment, ReviewDecision } from '../core/review.ts';
import type { CaseRecord } from '../core/types.ts';
import type { RecordMediaType } from '../exchange/record-files.ts';
import type { PackageSummary } from '../exchange/summary.ts';
import { StoreError, storeErrorFrom } from './errors.ts';
import { caseRecordFromAnyVersion } from './records.ts';

export { StoreError } from './errors.ts';
export type { StoreErrorCode } from './errors.ts';

export const DB_NAME = 'aligner-studio';
export const DB_VERSION = 5;

export type BlobKind = 'mesh' | 'segmentation' | 'record' | 'record-thumb';
export const BLOB_KINDS: readonly BlobKind[] = ['mesh', 'segmentation', 'record', 'record-thumb'];

export interface BlobRecord {
  id: string;
  caseId: string;
  kind: BlobKind;
  bytes: ArrayBuffer;
  /** Byte length, kept beside the bytes so listings need not load them. */
  size: number;
  createdAt: number;
  // Only on kind 'record' (a photograph, radiograph or note of the case):
  recordKind?: RecordKind;
  /** The name of the file as added ('' for a note typed in the studio). */
  fileName?: string;
  mediaType?: RecordMediaType;
  addedAt?: number;
  addedBy?: Actor;
  // Only on kind 'record-thumb':
  /** The id of the 'record' blob this is a thumbnail of. */
  thumbnailOf?: string;
  // On 'record' (the image, when the studio could read it) and 'record-thumb':
  width?: number;
  height?: number;
}

/** 'working': the plan as the planner left it (one per case); 'version': a named saved state. */
export type PlanRecordKind = 'working' | 'version';

export interface PlanRecord {
  id: string;
  caseId: string;
  kind: PlanRecordKind;
  /** The planner's name for a saved version; '' for the working plan. */
  name: string;
  savedAt: number;
  /** The plan's own schema version, kept beside it so listings need not read the plan. */
  schemaVersion: number;
  /** The plan as a JSON value; read it only through planFromJson (core/plan.ts). */
  plan: unknown;
  /** Working plan only: bumped by every save of it; missing reads as 0. */
  revision?: number;
}

/** An audit event as stored: keyed by its hash. */
export type StoredAuditEvent = AuditEvent & { id: string };

/** The newest events of a case's trail, kept apart from the events themselves. */
export interface AuditHeadRecord {
  id: string;
  caseId: string;
  kind: 'head';
  heads: string[];
  /**
   * Set when an append found the trail already cut short (a head event or this record gone):
   * the problem stays reported after later appends paper over the gap.
   */
  problem?: string;
}

export type AuditRecord = StoredAuditEvent | AuditHeadRecord;

export type ReviewRecord =
  | { id: string; caseId: string; type: 'comment'; value: ReviewComment }
  | { id: string; caseId: string; type: 'decision'; value: ReviewDecision }
  /** hashOf(working plan) when the case last left or entered as a package. */
  | { id: string; caseId: string; type: 'share-base'; value: string }
  /** What the last case package imported for the case derived (one per case; a newer one replaces it). */
  | { id: string; caseId: string; type: 'summary'; value: PackageSummary };

/** Placeholder shape for the stores that later work fills (protocols). */
export interface OwnedRecord {
  id: string;
  caseId?: string;
  [field: string]: unknown;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface StudioSchema extends DBSchema {
  cases: { key: string; value: CaseRecord; indexes: { 'by-updated': number } };
  blobs: { key: string; value: BlobRecord; indexes: { 'by-case': string } };
  plans: { key: string; value: PlanRecord; indexes: { 'by-case': string } };
  audit: { key: string; value: AuditRecord; indexes: { 'by-case': string } };
  review: { key: string; value: ReviewRecord; indexes: { 'by-case': string } };
  protocols: { key: string; value: OwnedRecord };
  settings: { key: string; value: SettingRecord };
}

export type StudioDb = IDBPDatabase<StudioSchema>;
export type StudioStore = StoreNames<StudioSchema>;

// Upgrade steps see the database as it was, not as StudioSchema says it will be.
type AnyDb = IDBPDatabase<unknown>;
type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;
export type UpgradeStep = (db: AnyDb, tx: UpgradeTx) => Promise<void>;

function ensureStore(db: AnyDb, name: string, keyPath: string): void {
  if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath });
}

function ensureIndex(tx: UpgradeTx, store: string, index: string, keyPath: string): void {
  const os = tx.objectStore(store);
  if (!os.indexNames.contains(index)) os.createIndex(index, keyPath);
}

async function createFirstLayout(db: AnyDb, tx: UpgradeTx): Promise<void> {
  ensureStore(db, 'cases', 'id');
  ensureStore(db, 'blobs', 'id');
  ensureIndex(tx, 'blobs', 'by-case', 'caseId');
}

async function addStoresAndReshapeCases(db: AnyDb, tx: UpgradeTx): Promise<void> {
  ensureIndex(tx, 'cases', 'by-updated', 'updatedAt');
  for (const name of ['plans', 'audit', 'protocols']) ensureStore(db, name, 'id');
  ensureIndex(tx, 'plans', 'by-case', 'caseId');
  ensureIndex(tx, 'audit', 'by-case', 'caseId');
  ensureStore(db, 'settings', 'key');
  let cursor = await tx.objectStore('cases').openCursor();
  while (cursor) {
    await cursor.update(caseRecordFromAnyVersion(cursor.value));
    cursor = await cursor.continue();
  }
}

async function allowSegmentations(db: AnyDb, tx: UpgradeTx): Promise<void> {
  // (A profile damaged before v2 may lack the blobs store; then nothing can be pointed at.)
  const blobs = db.objectStoreNames.contains('blobs') ? tx.objectStore('blobs') : null;
  let cursor = await tx.objectStore('cases').openCursor();
  while (cursor) {
    const record = caseRecordFromAnyVersion(cursor.value);
    for (const arch of Object.values(record.arches)) {
      if (arch.segmentationBlobId === undefined) continue;
      if (!blobs || (await blobs.count(arch.segmentationBlobId)) === 0) delete arch.segmentationBlobId;
    }
    await cursor.update(record);
    cursor = await cursor.continue();
  }
}

async function addReview(db: AnyDb, tx: UpgradeTx): Promise<void> {
  ensureStore(db, 'review', 'id');
  ensureIndex(tx, 'review', 'by-case', 'caseId');
  // The audit store dates from v2; a profile damaged since may have lost it or its index.
  ensureStore(db, 'audit', 'id');
  ensureIndex(tx, 'audit', 'by-case', 'caseId');
}

async function pipelineStatuses(_db: AnyDb, tx: UpgradeTx): Promise<void> {
  let cursor = await tx.objectStore('cases').openCursor();
  while (cursor) {
    await cursor.update(caseRecordFromAnyVersion(cursor.value));
    cursor = await cursor.continue();
  }
}

/** Keyed by the version each step upgrades to. */
export const UPGRADES: Readonly<Record<number, UpgradeStep>> = {
  1: createFirstLayout,
  2: addStoresAndReshapeCases,
  3: allowSegmentations,
  4: addReview,
  5: pipelineStatuses,
};

/** Runs the steps from `oldVersion` + 1 up to `newVersion` in the versionchange transaction. */
export async function runUpgrades(db: AnyDb, tx: UpgradeTx, oldVersion: number, newVersion: number): Promise<void> {
  for (let v = oldVersion + 1; v <= newVersion; v++) {
    const step = UPGRADES[v];
    if (!step) throw new Error(`no upgrade step to schema version ${v}`);
    await step(db, tx);
  }
}

function newerVersionError(name: string, cause: unknown): StoreError {
  return new StoreError(
    'newer-version',
    `The case library "${name}" was made by a newer Aligner Studio (schema newer than version ${DB_VERSION}). ` +
      'Nothing was changed. Open it with the newer version of the app, or reload to get it.',
    { cause },
  );
}

function blockedError(name: string): StoreError {
  return new StoreError(
    'blocked',
    `The case library "${name}" is held open by another Aligner Studio tab running an older version. ` +
      'Close the other Aligner Studio tabs and reload this one.',
  );
}

/**
 * Opens (creating or upgrading as needed) the studio database. `factory` defaults to the
 * global indexedDB; tests pass a fresh fake-indexeddb IDBFactory. The connection closes
 * itself when another tab needs to upgrade, so a newer studio is never blocked by this one;
 * calls on it afterwards fail and the page should reload.
 */
export function openStudioDb(name: string = DB_NAME, factory: IDBFactory = globalThis.indexedDB): Promise<StudioDb> {
  return new Promise<StudioDb>((resolve, reject) => {
    let gaveUp = false;
    let upgradeFailure: unknown;
    const request = factory.open(name, DB_VERSION);

    request.onupgradeneeded = (event) => {
      const tx = wrap(request.transaction!) as unknown as UpgradeTx;
      const db = wrap(request.result) as unknown as AnyDb;
      // A failed upgrade is reported through request.onerror below, not through tx.done.
      tx.done.catch(() => undefined);
      runUpgrades(db, tx, event.oldVersion, event.newVersion ?? DB_VERSION).catch((error: unknown) => {
        upgradeFailure = error;
        try {
          request.transaction?.abort();
        } catch {
          // already finished aborting on its own
        }
      });
    };
    request.onblocked = () => {
      gaveUp = true;
      reject(blockedError(name));
    };
    request.onsuccess = () => {
      const raw = request.result;
      if (gaveUp) {
        raw.close();
        return;
      }
      raw.onversionchange = () => raw.close();
      resolve(wrap(raw) as unknown as StudioDb);
    };
    request.onerror = (event) => {
      event.preventDefault();
      const error = request.error;
      if (error?.name === 'VersionError') reject(newerVersionError(name, error));
      else if (upgradeFailure !== undefined) {
        reject(new StoreError('aborted', `Could not upgrade the case library "${name}": ${String(upgradeFailure)}. Nothing was changed.`, { cause: upgradeFailure }));
      } else reject(storeErrorFrom(error, `open the case library "${name}"`));
    };
  });
}
