// The backup file: a zip with `backup.json` (the manifest below) and `blobs/<id>.bin`.
// Reading one checks everything (format, version, every record, every blob's size, hash and
// content, every plan) before the caller writes anything, so a damaged file changes nothing.
// A backup comes from outside: only the entries the manifest names are read, each size is
// checked against a limit before anything is inflated, and inflating stops at the declared
// size (exchange/zip-read.ts), so a zip bomb costs a few milliseconds, not the tab.
//
// Versions: 1 had cases and blobs; 2 adds `plans` (PlanRecord, the plan as JSON); 3 adds
// `audit` and `review` (the records of those stores, as stored). Older files are still read
// (no plans, no trail). 4 adds a case's photographs, radiographs and notes: blobs of kind
// 'record' and 'record-thumb' whose entries carry the fields those blobs have (BlobRecord in
// db.ts), each record checked to be the file it says (exchange/record-files.ts) and each
// thumbnail to name a record of its case. An older studio refuses a newer file rather than restoring its cases
// without their plans or their records. A single plan that cannot be read (saved by a
// newer studio, or damaged) is left out and listed in `droppedPlans`, so the cases and scans
// still come back and the summary says what was left out.
import { strFromU8 } from 'fflate';
import { PLAN_SCHEMA_VERSION } from '../core/plan.ts';
import type { CaseRecord, Jaw } from '../core/types.ts';
import { MAX_FILE_BYTES, MAX_TRIANGLES } from '../geometry/import/limits.ts';
import { isRecordKind } from '../core/record-kinds.ts';
import { actorProblem } from '../exchange/package-checks.ts';
import { checkRecordFile, looksLikeJpeg, RECORD_MEDIA_TYPES, RecordFileError, type RecordMediaType } from '../exchange/record-files.ts';
import { BLOB_KINDS } from './db.ts';
import type { AuditRecord, BlobKind, BlobRecord, PlanRecord, ReviewRecord } from './db.ts';
import { StoreError } from './errors.ts';
import { BlobContentError, checkMeshBlob, checkSegmentationBlob } from './backup-blobs.ts';
import { checkedTrailRecords } from './backup-records.ts';
import type { BlobUse, MeshCounts } from './backup-blobs.ts';
import { readZipEntries, ZipReadError, zipEntries } from '../exchange/zip-read.ts';
import type { ZipEntry } from '../exchange/zip-read.ts';
import { cleanPlanRecord, planRecordProblem } from './plan-records.ts';
import { caseRecordFromAnyVersion, caseRecordProblem } from './records.ts';

export const BACKUP_FORMAT = 'aligner-studio-backup';
export const BACKUP_VERSION = 4;
const READABLE_VERSIONS: readonly number[] = [1, 2, 3, 4];
export const MANIFEST_PATH = 'backup.json';
export const blobPath = (id: string): string => `blobs/${id}.bin`;

/** A record's or thumbnail's own fields (version 4), as its blob stores them. */
export const RECORD_BLOB_FIELDS = ['recordKind', 'fileName', 'mediaType', 'addedAt', 'addedBy', 'thumbnailOf', 'width', 'height'] as const;

export interface BackupBlobEntry extends Pick<BlobRecord, (typeof RECORD_BLOB_FIELDS)[number]> {
  id: string;
  caseId: string;
  kind: BlobKind;
  size: number;
  createdAt?: number;
  /** Lower-case hex SHA-256 of the bytes; checked on restore when present. */
  sha256?: string;
}

/** The record fields of a backed-up blob entry, to store with its bytes. */
export function recordFieldsOf(entry: BackupBlobEntry): Partial<BlobRecord> {
  return Object.fromEntries(RECORD_BLOB_FIELDS.filter((k) => entry[k] !== undefined).map((k) => [k, entry[k]]));
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  /** What the file says; readBackup reads every version in READABLE_VERSIONS into this shape. */
  version: number;
  exportedAt: number;
  cases: CaseRecord[];
  blobs: BackupBlobEntry[];
  /** Working plans and saved plan versions (absent in version 1 files). */
  plans: PlanRecord[];
  /** Audit events and head records (absent before version 3). */
  audit: AuditRecord[];
  /** Comments, decisions and share bases (absent before version 3). */
  review: ReviewRecord[];
}

/** A plan in the backup that is not restored, and why, in words for the summary. */
export interface DroppedPlan {
  caseId: string;
  /** "the working plan" or `plan version "name"`. */
  plan: string;
  problem: string;
}

export interface BackupContents {
  manifest: BackupManifest;
  /** Blob bytes by blob id, each in an ArrayBuffer of its own. */
  bytes: Map<string, ArrayBuffer>;
  droppedPlans: DroppedPlan[];
}

const MiB = 1024 * 1024;

/** How much a backup may make this tab hold; every size is checked before inflating. */
export interface BackupLimits {
  manifestBytes: number;
  /** One blob: the importer's file limit, which any stored scan or segmentation fits in. */
  blobBytes: number;
  /** Manifest and all blobs together. */
  totalBytes: number;
  triangles: number;
}

export const BACKUP_LIMITS: Readonly<BackupLimits> = Object.freeze({
  manifestBytes: 64 * MiB,
  blobBytes: MAX_FILE_BYTES,
  totalBytes: 2048 * MiB,
  triangles: MAX_TRIANGLES,
});

export interface ReadBackupOptions {
  /** Named in every message, e.g. the file the user picked. */
  fileName?: string;
  limits?: Partial<BackupLimits>;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A size for messages: "300 MB", "1.5 GB". */
const megabytes = (n: number): string => (n >= 1024 * MiB ? `${Number((n / (1024 * MiB)).toPrecision(3))} GB` : `${Number((n / MiB).toPrecision(3))} MB`);

/** The messages of one read, each naming the file. */
function refusals(file: string) {
  return {
    damaged: (problem: string, cause?: unknown) => new StoreError(
      'corrupt-backup',
      `${file} is damaged or is not an Aligner Studio backup (${problem}). Nothing was restored.`,
      cause === undefined ? undefined : { cause },
    ),
    tooLarge: (problem: string) => new StoreError('corrupt-backup', `${file} cannot be restored: ${problem}. Nothing was restored.`),
    newer: (what: string) => new StoreError(
      'unknown-backup-version',
      `${file} was made by a newer Aligner Studio (${what}). Nothing was restored. Update the app and try again.`,
    ),
    unknownVersion: (version: unknown) => new StoreError(
      'unknown-backup-version',
      `${file} has an unknown backup version (${JSON.stringify(version)}). Nothing was restored.`,
    ),
  };
}
type Refusals = ReturnType<typeof refusals>;

function parseManifest(text: Uint8Array, fail: Refusals): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(text));
  } catch (error) {
    throw fail.damaged(`${MANIFEST_PATH} is not valid JSON`, error);
  }
  if (typeof json !== 'object' || json === null) throw fail.damaged(`${MANIFEST_PATH} is not an object`);
  const m = json as Record<string, unknown>;
  if (m.format !== BACKUP_FORMAT) throw fail.damaged(`format is ${JSON.stringify(m.format)}`);
  if (!READABLE_VERSIONS.includes(m.version as number)) {
    if (typeof m.version === 'number' && m.version > BACKUP_VERSION) {
      throw fail.newer(`backup version ${m.version}; this app reads version ${BACKUP_VERSION}`);
    }
    throw fail.unknownVersion(m.version);
  }
  if (typeof m.exportedAt !== 'number') throw fail.damaged('exportedAt is missing');
  if (!Array.isArray(m.cases) || !Array.isArray(m.blobs)) throw fail.damaged('cases or blobs list is missing');
  if (m.version === 1) return { ...m, plans: [], audit: [], review: [] } as unknown as BackupManifest;
  if (!Array.isArray(m.plans)) throw fail.damaged('plans list is missing');
  if (m.version === 2) return { ...m, audit: [], review: [] } as unknown as BackupManifest;
  if (!Array.isArray(m.audit) || !Array.isArray(m.review)) throw fail.damaged('audit or review list is missing');
  return m as unknown as BackupManifest;
}

function checkBlobEntry(entry: unknown, caseIds: Set<string>): string | null {
  if (typeof entry !== 'object' || entry === null) return 'a stored file entry is not an object';
  const b = entry as Record<string, unknown>;
  if (typeof b.id !== 'string' || b.id === '') return 'a stored file entry has no id';
  if (typeof b.caseId !== 'string' || !caseIds.has(b.caseId)) return `stored file ${b.id} belongs to no case in the backup`;
  if (!BLOB_KINDS.includes(b.kind as BlobKind)) return `stored file ${b.id} has unknown kind ${String(b.kind)}`;
  if (!Number.isInteger(b.size) || (b.size as number) < 0) return `stored file ${b.id} has no valid size`;
  if (b.createdAt !== undefined && typeof b.createdAt !== 'number') return `stored file ${b.id} has a bad createdAt`;
  if (b.sha256 !== undefined && typeof b.sha256 !== 'string') return `stored file ${b.id} has a bad sha256`;
  return recordEntryProblem(b);
}

/** A record's or thumbnail's own fields; none of them on any other kind. */
function recordEntryProblem(b: Record<string, unknown>): string | null {
  const what = `stored file ${String(b.id)}`;
  const size = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) > 0);
  if (!size(b.width) || !size(b.height)) return `${what} has a bad image size`;
  if (b.kind === 'record') {
    if (!isRecordKind(b.recordKind)) return `${what} is a record of no kind this studio knows (${String(b.recordKind)})`;
    if (!RECORD_MEDIA_TYPES.includes(b.mediaType as RecordMediaType)) return `${what} has an unknown media type ${String(b.mediaType)}`;
    if (typeof b.fileName !== 'string' || typeof b.addedAt !== 'number' || actorProblem(b.addedBy)) return `${what} does not say its file name, when it was added or by whom`;
    return null;
  }
  if (b.kind === 'record-thumb') return typeof b.thumbnailOf === 'string' ? null : `${what} is a thumbnail of nothing`;
  return RECORD_BLOB_FIELDS.some((k) => b[k] !== undefined) ? `${what} is a ${String(b.kind)} with a record's fields` : null;
}

const caseLabel = (record: CaseRecord): string => `case "${record.pseudonym || record.id}"`;
const planLabel = (r: PlanRecord): string => (r.kind === 'working' ? 'the working plan' : `plan version "${String(r.name)}"`);

/**
 * Which blob each arch uses, checked: every arch's scan and segmentation are blobs of its own
 * case, of the right kind, and no blob serves two arches (removing one arch would take the
 * other's data with it).
 */
function blobUses(cases: CaseRecord[], entries: Map<string, BackupBlobEntry>, fail: Refusals): Map<string, BlobUse> {
  const uses = new Map<string, BlobUse>();
  for (const record of cases) {
    for (const [jaw, arch] of Object.entries(record.arches) as [Jaw, CaseRecord['arches'][Jaw] & object][]) {
      const refs: { id: string; kind: BlobKind; what: string }[] = [{ id: arch.meshBlobId, kind: 'mesh', what: `the ${jaw} scan of ${caseLabel(record)}` }];
      if (arch.segmentationBlobId !== undefined) {
        refs.push({ id: arch.segmentationBlobId, kind: 'segmentation', what: `the ${jaw} segmentation of ${caseLabel(record)}` });
      }
      for (const ref of refs) {
        const entry = entries.get(ref.id);
        if (!entry) throw fail.damaged(`${ref.what} is missing`);
        const other = uses.get(ref.id);
        if (other) throw fail.damaged(`${other.what} and ${ref.what} are the same stored file (stored file ${ref.id}); each arch needs its own`);
        if (entry.caseId !== record.id) throw fail.damaged(`${ref.what} is stored under another case (stored file ${ref.id})`);
        if (entry.kind !== ref.kind) throw fail.damaged(`${ref.what} is stored as a ${entry.kind} (stored file ${ref.id})`);
        uses.set(ref.id, { what: ref.what, jaw, kind: ref.kind, meshBlobId: arch.meshBlobId });
      }
    }
  }
  return uses;
}

/** A record is the file it says it is; a thumbnail is a JPEG of a record of its own case. Throws BlobContentError. */
function checkRecordBlob(entry: BackupBlobEntry, bytes: Uint8Array, entries: Map<string, BackupBlobEntry>): void {
  if (entry.kind === 'record-thumb') {
    const of = entries.get(entry.thumbnailOf!);
    if (!of || of.kind !== 'record' || of.caseId !== entry.caseId) throw new BlobContentError('is a thumbnail of no record of its case');
    if (!looksLikeJpeg(bytes)) throw new BlobContentError('is not a JPEG thumbnail');
    return;
  }
  if (entry.mediaType === 'text/plain') {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new BlobContentError('is a note that is not UTF-8 text');
    }
    return;
  }
  try {
    checkRecordFile(entry.fileName || `record ${entry.id}`, bytes, entry.mediaType);
  } catch (error) {
    if (error instanceof RecordFileError) throw new BlobContentError(`is not the ${entry.mediaType} file it says (${error.message})`);
    throw error;
  }
}

/** The zip entries the manifest names, each found once and sized within the limits; nothing inflated yet. */
function namedEntries(zip: Map<string, ZipEntry[]>, manifest: BackupManifest, limits: BackupLimits, manifestEntry: ZipEntry, fail: Refusals): Map<string, ZipEntry> {
  const out = new Map<string, ZipEntry>();
  let total = manifestEntry.size;
  for (const blob of manifest.blobs) {
    const found = zip.get(blobPath(blob.id)) ?? [];
    if (found.length === 0) throw fail.damaged(`stored file ${blob.id} is missing from the zip`);
    if (found.length > 1) throw fail.damaged(`the zip holds ${blobPath(blob.id)} twice`);
    const [entry] = found;
    if (entry.size !== blob.size) throw fail.damaged(`stored file ${blob.id} is ${entry.size} bytes, expected ${blob.size}`);
    if (blob.size > limits.blobBytes) {
      throw fail.tooLarge(`stored file ${blob.id} would unpack to ${megabytes(blob.size)}, more than the ${megabytes(limits.blobBytes)} a stored scan may be`);
    }
    total += blob.size;
    if (total > limits.totalBytes) {
      throw fail.tooLarge(`its files would unpack to more than ${megabytes(limits.totalBytes)} in all, more than this app holds at once`);
    }
    out.set(blob.id, entry);
  }
  return out;
}

/** Every plan entry checked and read through planFromJson; one that cannot be read is dropped and listed. */
function readPlans(entries: unknown[], caseIds: Set<string>, fail: Refusals): { plans: PlanRecord[]; dropped: DroppedPlan[] } {
  const seen = new Set<string>();
  const plans: PlanRecord[] = [];
  const dropped: DroppedPlan[] = [];
  for (const entry of entries) {
    // An entry that names no case of this file means the manifest itself is broken.
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw fail.damaged('a plan entry is not an object');
    const loose = entry as Record<string, unknown>;
    if (typeof loose.id !== 'string' || loose.id === '') throw fail.damaged('a plan entry has no id');
    if (typeof loose.caseId !== 'string' || !caseIds.has(loose.caseId)) throw fail.damaged(`plan ${loose.id} belongs to no case in the backup`);
    if (seen.has(loose.id)) throw fail.damaged(`plan ${loose.id} appears twice`);
    seen.add(loose.id);
    const record = entry as PlanRecord;
    const problem = planRecordProblem(entry, caseIds);
    if (problem) {
      dropped.push({ caseId: record.caseId, plan: planLabel(record), problem: `it is damaged (${problem})` });
      continue;
    }
    try {
      plans.push(cleanPlanRecord(record));
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      dropped.push({
        caseId: record.caseId,
        plan: planLabel(record),
        problem: error.code === 'newer-plan'
          ? `it was saved by a newer Aligner Studio (this app reads plan schema ${PLAN_SCHEMA_VERSION})`
          : `it is damaged (${(error.cause as Error | undefined)?.message ?? error.message})`,
      });
    }
  }
  return { plans, dropped };
}

/** The bytes of these entries by name, each bounded by its declared size (check that first). */
function read(zip: Uint8Array, entries: ZipEntry[], fail: Refusals): Map<string, Uint8Array<ArrayBuffer>> {
  try {
    return readZipEntries(zip, entries);
  } catch (error) {
    if (error instanceof ZipReadError) throw fail.damaged(error.message, error);
    throw error;
  }
}

/**
 * Reads and checks a backup without writing anything; throws StoreError
 * ('corrupt-backup' / 'unknown-backup-version') naming the file and the problem.
 */
export async function readBackup(zip: Uint8Array, options: ReadBackupOptions = {}): Promise<BackupContents> {
  const fail = refusals(options.fileName ?? 'This backup file');
  const limits: BackupLimits = { ...BACKUP_LIMITS, ...options.limits };
  const listed = new Map<string, ZipEntry[]>();
  try {
    for (const entry of zipEntries(zip)) listed.set(entry.name, [...(listed.get(entry.name) ?? []), entry]);
  } catch (error) {
    if (error instanceof ZipReadError) throw fail.damaged(error.message, error);
    throw error;
  }
  const manifestEntries = listed.get(MANIFEST_PATH) ?? [];
  if (manifestEntries.length === 0) throw fail.damaged(`${MANIFEST_PATH} is missing`);
  if (manifestEntries.length > 1) throw fail.damaged(`the zip holds ${MANIFEST_PATH} twice`);
  const [manifestEntry] = manifestEntries;
  if (manifestEntry.size > limits.manifestBytes) {
    throw fail.tooLarge(`its ${MANIFEST_PATH} would unpack to ${megabytes(manifestEntry.size)}, more than the ${megabytes(limits.manifestBytes)} a backup list may be`);
  }
  const manifest = parseManifest(read(zip, [manifestEntry], fail).get(MANIFEST_PATH)!, fail);

  const caseIds = new Set<string>();
  for (const record of manifest.cases) {
    const problem = caseRecordProblem(record);
    if (problem) throw fail.damaged(problem);
    if (caseIds.has(record.id)) throw fail.damaged(`case ${record.id} appears twice`);
    caseIds.add(record.id);
  }
  // Well-formed, but possibly with fields we do not know: store only the current shape.
  const cases = manifest.cases.map((record) => caseRecordFromAnyVersion(record as unknown as Record<string, unknown>));

  const blobEntries = new Map<string, BackupBlobEntry>();
  for (const entry of manifest.blobs) {
    const problem = checkBlobEntry(entry, caseIds);
    if (problem) throw fail.damaged(problem);
    if (blobEntries.has(entry.id)) throw fail.damaged(`stored file ${entry.id} appears twice`);
    blobEntries.set(entry.id, entry);
  }
  const uses = blobUses(cases, blobEntries, fail);
  const zipOf = namedEntries(listed, manifest, limits, manifestEntry, fail);

  // One pass over the zip inflates every named blob (each within its checked size).
  const files = read(zip, [...zipOf.values()], fail);
  const bytes = new Map<string, ArrayBuffer>();
  const meshes = new Map<string, MeshCounts>();
  // Scans first: a segmentation is checked against its arch's scan.
  const scansFirst = [...manifest.blobs].sort((a, b) => Number(a.kind !== 'mesh') - Number(b.kind !== 'mesh'));
  for (const entry of scansFirst) {
    const file = files.get(blobPath(entry.id))!;
    if (entry.sha256 !== undefined && (await sha256Hex(file)) !== entry.sha256.toLowerCase()) {
      throw fail.damaged(`blob ${entry.id} does not match its checksum`);
    }
    const use = uses.get(entry.id);
    try {
      if (entry.kind === 'mesh') meshes.set(entry.id, checkMeshBlob(file.buffer as ArrayBuffer, limits.triangles));
      else if (entry.kind === 'segmentation') checkSegmentationBlob(file.buffer as ArrayBuffer, use && { jaw: use.jaw, mesh: meshes.get(use.meshBlobId)! });
      else checkRecordBlob(entry, file, blobEntries);
    } catch (error) {
      if (error instanceof BlobContentError) throw fail.damaged(`${use?.what ?? `blob ${entry.id}`} ${error.message}`, error);
      throw error;
    }
    bytes.set(entry.id, file.buffer as ArrayBuffer);
  }

  const { plans, dropped } = readPlans(manifest.plans, caseIds, fail);
  const { audit, review } = checkedTrailRecords(manifest.audit, manifest.review, caseIds, (problem) => fail.damaged(problem));
  return { manifest: { ...manifest, cases, plans, audit, review }, bytes, droppedPlans: dropped };
}
