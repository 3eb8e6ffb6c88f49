// A case's photographs, radiographs and notes: blobs of kind 'record' (the file as added, with
// its kind tag) and 'record-thumb' (a thumbnail the studio made of it). Every read and write is
// by case: a record id of another case reads as not found. Adding checks the file first
// (exchange/record-files.ts) and stores nothing from a file that is refused; adding and
// removing are one transaction each with their audit event, whose detail carries the SHA-256
// of the bytes so the trail binds what was added.
import { sha256Hex } from '../core/canonical.ts';
import { isRecordKind, recordKindLabel, type RecordKind } from '../core/record-kinds.ts';
import type { Actor } from '../core/review.ts';
import { checkNoteText, checkRecordFile, type RecordMediaType } from '../exchange/record-files.ts';
import { appendAudit, DEFAULT_ACTOR } from './audit.ts';
import type { BlobRecord, StudioDb } from './db.ts';
import { caseNotFound, StoreError } from './errors.ts';
import { touchedAt } from './touch.ts';
import { inWriteTransaction } from './transaction.ts';

/** A record as listed: everything but the bytes. */
export interface CaseRecordFile {
  id: string;
  caseId: string;
  recordKind: RecordKind;
  /** '' for a note typed in the studio. */
  fileName: string;
  mediaType: RecordMediaType;
  size: number;
  addedAt: number;
  addedBy: Actor;
  width?: number;
  height?: number;
  /** The thumbnail blob's id, when one was made. */
  thumbId?: string;
}

export interface RecordThumbnail {
  bytes: ArrayBuffer;
  width: number;
  height: number;
}

export interface NewRecordFile {
  fileName: string;
  bytes: ArrayBuffer;
  recordKind: RecordKind;
  /** The image's size, when the studio could read it. */
  width?: number;
  height?: number;
  thumbnail?: RecordThumbnail;
}

export interface RecordsRepository {
  /** The case's records, oldest first. */
  list(caseId: string): Promise<CaseRecordFile[]>;
  /** Checks the file (refused: RecordFileError, nothing stored), then stores it with its thumbnail and audit event. */
  add(caseId: string, file: NewRecordFile): Promise<CaseRecordFile>;
  addNote(caseId: string, text: string): Promise<CaseRecordFile>;
  /** The record's bytes; StoreError 'not-found' when it is not a record of this case. */
  load(caseId: string, id: string): Promise<{ record: CaseRecordFile; bytes: ArrayBuffer }>;
  thumbnail(caseId: string, recordId: string): Promise<ArrayBuffer | undefined>;
  /** Keeps a thumbnail made again for a record that has none (one from a package); not audited: it is derived. */
  saveThumbnail(caseId: string, recordId: string, thumb: RecordThumbnail): Promise<void>;
  /** Removes the record and its thumbnail, with the audit event. */
  remove(caseId: string, id: string): Promise<void>;
}

export interface RecordsRepositoryOptions {
  now?: () => number;
  newId?: () => string;
  actor?: () => Actor;
}

/** The listing of a stored 'record' blob (its thumbnail's id from `thumbs`). */
export function recordFileOf(blob: BlobRecord, thumbs: ReadonlyMap<string, BlobRecord> = new Map()): CaseRecordFile {
  const thumb = thumbs.get(blob.id);
  return {
    id: blob.id, caseId: blob.caseId, recordKind: blob.recordKind!, fileName: blob.fileName ?? '', mediaType: blob.mediaType!,
    size: blob.size, addedAt: blob.addedAt ?? blob.createdAt, addedBy: blob.addedBy ?? DEFAULT_ACTOR,
    ...(blob.width !== undefined ? { width: blob.width } : {}), ...(blob.height !== undefined ? { height: blob.height } : {}),
    ...(thumb ? { thumbId: thumb.id } : {}),
  };
}

/** The case's records from its blobs, oldest first. */
export function recordsOf(blobs: readonly BlobRecord[]): CaseRecordFile[] {
  const thumbs = new Map(blobs.filter((b) => b.kind === 'record-thumb' && b.thumbnailOf).map((b) => [b.thumbnailOf!, b]));
  return blobs.filter((b) => b.kind === 'record').map((b) => recordFileOf(b, thumbs))
    .sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
}

const recordNotFound = (caseId: string, id: string) => new StoreError('not-found', `Record ${id} is not a record of case ${caseId}.`);

/** "Panoramic radiograph (pano.dcm)". */
const described = (kind: RecordKind, fileName: string) => `${recordKindLabel(kind)}${fileName ? ` (${fileName})` : ''}`;

export function createRecordsRepository(db: StudioDb, opts: RecordsRepositoryOptions = {}): RecordsRepository {
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? (() => crypto.randomUUID());
  const actor = opts.actor ?? (() => DEFAULT_ACTOR);

  async function put(caseId: string, blob: BlobRecord, thumb: RecordThumbnail | undefined): Promise<CaseRecordFile> {
    // Hashed before the transaction: nothing but IndexedDB may be awaited inside it.
    const sha256 = sha256Hex(blob.bytes);
    const thumbBlob: BlobRecord | undefined = thumb && {
      id: newId(), caseId, kind: 'record-thumb', bytes: thumb.bytes, size: thumb.bytes.byteLength, createdAt: blob.createdAt,
      thumbnailOf: blob.id, mediaType: 'image/jpeg', width: thumb.width, height: thumb.height,
    };
    return inWriteTransaction(db, ['cases', 'blobs', 'audit'], `add ${blob.fileName || 'the note'} to the case`, async (tx) => {
      const cases = tx.objectStore('cases');
      const record = await cases.get(caseId);
      if (!record) throw caseNotFound(caseId);
      await tx.objectStore('blobs').add(blob);
      if (thumbBlob) await tx.objectStore('blobs').add(thumbBlob);
      await cases.put({ ...record, updatedAt: touchedAt(record, blob.createdAt) });
      await appendAudit(tx, {
        caseId, at: blob.createdAt, actor: blob.addedBy!, kind: 'record-added', summary: `Added ${described(blob.recordKind!, blob.fileName!)}`,
        detail: { record: blob.id, kind: blob.recordKind!, file: blob.fileName!, sha256 },
      });
      return recordFileOf(blob, new Map(thumbBlob ? [[blob.id, thumbBlob]] : []));
    });
  }

  async function owned(caseId: string, id: string, kind: BlobRecord['kind'] = 'record'): Promise<BlobRecord> {
    const blob = await db.get('blobs', id);
    if (!blob || blob.caseId !== caseId || blob.kind !== kind) throw recordNotFound(caseId, id);
    return blob;
  }

  return {
    async list(caseId) {
      return recordsOf(await db.getAllFromIndex('blobs', 'by-case', caseId));
    },

    async add(caseId, file) {
      if (!isRecordKind(file.recordKind) || file.recordKind === 'upper-scan' || file.recordKind === 'lower-scan' || file.recordKind === 'notes') {
        throw new TypeError(`a file record cannot be tagged ${JSON.stringify(file.recordKind)}`);
      }
      const { mediaType } = checkRecordFile(file.fileName, new Uint8Array(file.bytes));
      const at = now();
      return put(caseId, {
        id: newId(), caseId, kind: 'record', bytes: file.bytes, size: file.bytes.byteLength, createdAt: at,
        recordKind: file.recordKind, fileName: file.fileName, mediaType, addedAt: at, addedBy: { ...actor() },
        ...(file.width !== undefined && file.height !== undefined ? { width: file.width, height: file.height } : {}),
      }, file.thumbnail);
    },

    async addNote(caseId, text) {
      const bytes = new TextEncoder().encode(checkNoteText(text)).buffer as ArrayBuffer;
      const at = now();
      return put(caseId, {
        id: newId(), caseId, kind: 'record', bytes, size: bytes.byteLength, createdAt: at,
        recordKind: 'notes', fileName: '', mediaType: 'text/plain', addedAt: at, addedBy: { ...actor() },
      }, undefined);
    },

    async load(caseId, id) {
      const blob = await owned(caseId, id);
      const thumbs = new Map((await db.getAllFromIndex('blobs', 'by-case', caseId)).filter((b) => b.kind === 'record-thumb' && b.thumbnailOf === id).map((b) => [id, b]));
      return { record: recordFileOf(blob, thumbs), bytes: blob.bytes };
    },

    async thumbnail(caseId, recordId) {
      const thumb = (await db.getAllFromIndex('blobs', 'by-case', caseId)).find((b) => b.kind === 'record-thumb' && b.thumbnailOf === recordId);
      return thumb?.bytes;
    },

    async saveThumbnail(caseId, recordId, thumb) {
      await inWriteTransaction(db, ['blobs'], 'keep the thumbnail', async (tx) => {
        const blobs = tx.objectStore('blobs');
        const record = await blobs.get(recordId);
        if (!record || record.caseId !== caseId || record.kind !== 'record') throw recordNotFound(caseId, recordId);
        const existing = (await blobs.index('by-case').getAll(caseId)).filter((b) => b.kind === 'record-thumb' && b.thumbnailOf === recordId);
        for (const old of existing) await blobs.delete(old.id);
        await blobs.add({
          id: newId(), caseId, kind: 'record-thumb', bytes: thumb.bytes, size: thumb.bytes.byteLength, createdAt: now(),
          thumbnailOf: recordId, mediaType: 'image/jpeg', width: thumb.width, height: thumb.height,
        });
      });
    },

    async remove(caseId, id) {
      await inWriteTransaction(db, ['cases', 'blobs', 'audit'], 'remove the record', async (tx) => {
        const cases = tx.objectStore('cases');
        const blobs = tx.objectStore('blobs');
        const record = await cases.get(caseId);
        if (!record) throw caseNotFound(caseId);
        const blob = await blobs.get(id);
        if (!blob || blob.caseId !== caseId || blob.kind !== 'record') throw recordNotFound(caseId, id);
        for (const thumb of (await blobs.index('by-case').getAll(caseId)).filter((b) => b.kind === 'record-thumb' && b.thumbnailOf === id)) {
          await blobs.delete(thumb.id);
        }
        await blobs.delete(id);
        const at = now();
        await cases.put({ ...record, updatedAt: touchedAt(record, at) });
        await appendAudit(tx, {
          caseId, at, actor: actor(), kind: 'record-removed', summary: `Removed ${described(blob.recordKind!, blob.fileName ?? '')}`,
          detail: { record: id, kind: blob.recordKind!, file: blob.fileName ?? '' },
        });
      });
    },
  };
}
