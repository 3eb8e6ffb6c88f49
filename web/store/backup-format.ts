// The backup file: a zip with `backup.json` (the manifest below) and `blobs/<id>.bin`.
// Reading one checks everything (format, version, every record, every blob's presence,
// size and hash, every plan) before the caller writes anything, so a damaged file changes
// nothing.
//
// Versions: 1 had cases and blobs; 2 adds `plans` (PlanRecord, the plan as JSON). Version 1
// files are still read (no plans). An older studio refuses a version 2 file rather than
// restoring its cases without their plans.
import { strFromU8, unzipSync } from 'fflate';
import { PLAN_SCHEMA_VERSION } from '../core/plan.ts';
import type { CaseRecord } from '../core/types.ts';
import { BLOB_KINDS } from './db.ts';
import type { BlobKind, PlanRecord } from './db.ts';
import { StoreError } from './errors.ts';
import { cleanPlanRecord, planRecordProblem } from './plan-records.ts';
import { caseRecordFromAnyVersion, caseRecordProblem } from './records.ts';

export const BACKUP_FORMAT = 'aligner-studio-backup';
export const BACKUP_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];
export const MANIFEST_PATH = 'backup.json';
export const blobPath = (id: string): string => `blobs/${id}.bin`;

export interface BackupBlobEntry {
  id: string;
  caseId: string;
  kind: BlobKind;
  size: number;
  createdAt?: number;
  /** Lower-case hex SHA-256 of the bytes; checked on restore when present. */
  sha256?: string;
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
}

export interface BackupContents {
  manifest: BackupManifest;
  /** Blob bytes by blob id, each in an ArrayBuffer of its own. */
  bytes: Map<string, ArrayBuffer>;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function damaged(problem: string, cause?: unknown): StoreError {
  return new StoreError(
    'corrupt-backup',
    `This backup file is damaged or is not an Aligner Studio backup (${problem}). Nothing was restored.`,
    cause === undefined ? undefined : { cause },
  );
}

function ownBuffer(view: Uint8Array): ArrayBuffer {
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer
    ? view.buffer
    : view.slice().buffer;
}

function parseManifest(files: Record<string, Uint8Array>): BackupManifest {
  const text = files[MANIFEST_PATH];
  if (!text) throw damaged(`${MANIFEST_PATH} is missing`);
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(text));
  } catch (error) {
    throw damaged(`${MANIFEST_PATH} is not valid JSON`, error);
  }
  if (typeof json !== 'object' || json === null) throw damaged(`${MANIFEST_PATH} is not an object`);
  const m = json as Record<string, unknown>;
  if (m.format !== BACKUP_FORMAT) throw damaged(`format is ${JSON.stringify(m.format)}`);
  if (!READABLE_VERSIONS.includes(m.version as number)) {
    throw new StoreError(
      'unknown-backup-version',
      typeof m.version === 'number' && m.version > BACKUP_VERSION
        ? `This backup was made by a newer Aligner Studio (backup version ${m.version}; this app reads version ${BACKUP_VERSION}). Nothing was restored. Update the app and try again.`
        : `This backup has an unknown version (${JSON.stringify(m.version)}). Nothing was restored.`,
    );
  }
  if (typeof m.exportedAt !== 'number') throw damaged('exportedAt is missing');
  if (!Array.isArray(m.cases) || !Array.isArray(m.blobs)) throw damaged('cases or blobs list is missing');
  if (m.version === 1) return { ...m, plans: [] } as unknown as BackupManifest;
  if (!Array.isArray(m.plans)) throw damaged('plans list is missing');
  return m as unknown as BackupManifest;
}

function checkBlobEntry(entry: unknown, caseIds: Set<string>): string | null {
  if (typeof entry !== 'object' || entry === null) return 'a blob entry is not an object';
  const b = entry as Record<string, unknown>;
  if (typeof b.id !== 'string' || b.id === '') return 'a blob entry has no id';
  if (typeof b.caseId !== 'string' || !caseIds.has(b.caseId)) return `blob ${b.id} belongs to no case in the backup`;
  if (!BLOB_KINDS.includes(b.kind as BlobKind)) return `blob ${b.id} has unknown kind ${String(b.kind)}`;
  if (!Number.isInteger(b.size) || (b.size as number) < 0) return `blob ${b.id} has no valid size`;
  if (b.createdAt !== undefined && typeof b.createdAt !== 'number') return `blob ${b.id} has a bad createdAt`;
  if (b.sha256 !== undefined && typeof b.sha256 !== 'string') return `blob ${b.id} has a bad sha256`;
  return null;
}

const planLabel = (r: PlanRecord): string => (r.kind === 'working' ? 'the working plan' : `plan version "${r.name}"`);

/** Every plan entry checked and read through planFromJson; a plan from a newer studio refuses the whole file. */
function readPlans(entries: unknown[], caseIds: Set<string>): PlanRecord[] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    const problem = planRecordProblem(entry, caseIds);
    if (problem) throw damaged(problem);
    const record = entry as PlanRecord;
    if (seen.has(record.id)) throw damaged(`plan ${record.id} appears twice`);
    seen.add(record.id);
    try {
      return cleanPlanRecord(record);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      if (error.code === 'newer-plan') {
        throw new StoreError(
          'unknown-backup-version',
          `This backup holds a plan saved by a newer Aligner Studio (${planLabel(record)} of case ${record.caseId}; this app reads plan schema ${PLAN_SCHEMA_VERSION}). ` +
            'Nothing was restored. Update the app and try again.',
          { cause: error },
        );
      }
      throw damaged(`plan ${record.id}: ${error.message}`, error);
    }
  });
}

/** Unzips and checks a backup; throws StoreError ('corrupt-backup' / 'unknown-backup-version'). */
export async function readBackup(zip: Uint8Array): Promise<BackupContents> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (error) {
    throw damaged('not a readable zip file', error);
  }
  const manifest = parseManifest(files);

  const caseIds = new Set<string>();
  for (const record of manifest.cases) {
    const problem = caseRecordProblem(record);
    if (problem) throw damaged(problem);
    if (caseIds.has(record.id)) throw damaged(`case ${record.id} appears twice`);
    caseIds.add(record.id);
  }

  const bytes = new Map<string, ArrayBuffer>();
  const owner = new Map<string, string>();
  for (const entry of manifest.blobs) {
    const problem = checkBlobEntry(entry, caseIds);
    if (problem) throw damaged(problem);
    if (owner.has(entry.id)) throw damaged(`blob ${entry.id} appears twice`);
    const file = files[blobPath(entry.id)];
    if (!file) throw damaged(`the file for blob ${entry.id} is missing`);
    if (file.byteLength !== entry.size) throw damaged(`blob ${entry.id} is ${file.byteLength} bytes, expected ${entry.size}`);
    if (entry.sha256 !== undefined && (await sha256Hex(file)) !== entry.sha256.toLowerCase()) {
      throw damaged(`blob ${entry.id} does not match its checksum`);
    }
    owner.set(entry.id, entry.caseId);
    bytes.set(entry.id, ownBuffer(file));
  }

  for (const record of manifest.cases) {
    for (const [jaw, arch] of Object.entries(record.arches)) {
      if (owner.get(arch.meshBlobId) !== record.id) throw damaged(`the ${jaw} scan of case ${record.id} is missing`);
      if (arch.segmentationBlobId !== undefined && owner.get(arch.segmentationBlobId) !== record.id) {
        throw damaged(`the ${jaw} segmentation of case ${record.id} is missing`);
      }
    }
  }
  const plans = readPlans(manifest.plans, caseIds);
  // Well-formed, but possibly with fields we do not know: store only the current shape.
  const cases = manifest.cases.map((record) => caseRecordFromAnyVersion(record as unknown as Record<string, unknown>));
  return { manifest: { ...manifest, cases, plans }, bytes };
}
