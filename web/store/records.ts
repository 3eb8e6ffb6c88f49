// The persisted case shape across schema versions: rewriting an old record into today's
// CaseRecord (used by the upgrade step in db.ts) and checking that a record read from
// outside (a backup) is well formed before anything is written.
import { readStatus, type LegacyCaseStatus } from '../core/case-pipeline.ts';
import { JAWS } from '../core/types.ts';
import type { ArchRecord, CaseRecord, Jaw } from '../core/types.ts';

/** A v1 arch record (see db.ts): no `jaw`, `teeth` or `unitScale` yet. */
export interface ArchRecordV1 {
  meshBlobId: string;
  sourceFiles: string[];
  format: string;
  vertexCount: number;
  triangleCount: number;
  importedAt: number;
}

/** A v1 case record (see db.ts): pseudonym under `patient`, arches at the top level. */
export interface CaseRecordV1 {
  id: string;
  patient: string;
  doctor: string;
  notes: string;
  status: LegacyCaseStatus;
  createdAt: number;
  updatedAt: number;
  upper?: ArchRecordV1;
  lower?: ArchRecordV1;
}

type Loose = Record<string, unknown>;

const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown, fallback: string): string => (typeof x === 'string' ? x : fallback);
const num = (x: unknown, fallback: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
const numbers = (x: unknown): number[] => (Array.isArray(x) ? x.filter((n): n is number => typeof n === 'number') : []);

function archFromAnyVersion(raw: Loose, jaw: Jaw, fallbackTime: number): ArchRecord {
  const segmentation = typeof raw.segmentationBlobId === 'string' && raw.segmentationBlobId !== '' ? { segmentationBlobId: raw.segmentationBlobId } : {};
  return {
    jaw,
    meshBlobId: str(raw.meshBlobId, ''),
    sourceFiles: strings(raw.sourceFiles),
    format: str(raw.format, ''),
    vertexCount: num(raw.vertexCount, 0),
    triangleCount: num(raw.triangleCount, 0),
    teeth: numbers(raw.teeth),
    // The v1 prototype imported millimetre scans only.
    unitScale: num(raw.unitScale, 1),
    importedAt: num(raw.importedAt, fallbackTime),
    // v3: only where the arch was segmented; never an empty or undefined key.
    ...segmentation,
  };
}

/**
 * Rewrites a case record of any known schema version into the current CaseRecord shape.
 * Idempotent: a current record comes back deep-equal, so the upgrade step can re-run.
 * Fields the user typed are never dropped: `patient` becomes `pseudonym`, `upper` and
 * `lower` move under `arches`.
 */
export function caseRecordFromAnyVersion(raw: Loose): CaseRecord {
  const createdAt = num(raw.createdAt, 0);
  const updatedAt = num(raw.updatedAt, createdAt);
  const oldArches: Loose = isObject(raw.arches) ? raw.arches : raw;
  const arches: Partial<Record<Jaw, ArchRecord>> = {};
  for (const jaw of JAWS) {
    const arch = oldArches[jaw];
    if (isObject(arch)) arches[jaw] = archFromAnyVersion(arch, jaw, createdAt);
  }
  // Statuses of database version 4 and before (and of old backups) in the pipeline's names.
  const status = readStatus(raw.status) ?? 'new';
  return {
    id: String(raw.id),
    pseudonym: str(raw.pseudonym, str(raw.patient, '')),
    clinic: str(raw.clinic, ''),
    doctor: str(raw.doctor, ''),
    notes: str(raw.notes, ''),
    status,
    createdAt,
    updatedAt,
    demo: raw.demo === true,
    arches,
  };
}

function isArchRecord(x: unknown, jaw: Jaw): x is ArchRecord {
  return (
    isObject(x) &&
    x.jaw === jaw &&
    typeof x.meshBlobId === 'string' && x.meshBlobId !== '' &&
    Array.isArray(x.sourceFiles) && x.sourceFiles.every((s) => typeof s === 'string') &&
    typeof x.format === 'string' &&
    Number.isInteger(x.vertexCount) && Number.isInteger(x.triangleCount) &&
    Array.isArray(x.teeth) && x.teeth.every((n) => Number.isInteger(n)) &&
    typeof x.unitScale === 'number' && Number.isFinite(x.unitScale) && x.unitScale > 0 &&
    typeof x.importedAt === 'number' && Number.isFinite(x.importedAt) &&
    (x.segmentationBlobId === undefined || (typeof x.segmentationBlobId === 'string' && x.segmentationBlobId !== ''))
  );
}

/** Why a record read from outside is not a current CaseRecord, or null when it is one. */
export function caseRecordProblem(x: unknown): string | null {
  if (!isObject(x)) return 'not an object';
  if (typeof x.id !== 'string' || x.id === '') return 'missing id';
  for (const key of ['pseudonym', 'clinic', 'doctor', 'notes'] as const) {
    if (typeof x[key] !== 'string') return `case ${x.id}: ${key} is not text`;
  }
  if (readStatus(x.status) === null) return `case ${x.id}: unknown status ${String(x.status)}`;
  for (const key of ['createdAt', 'updatedAt'] as const) {
    if (typeof x[key] !== 'number' || !Number.isFinite(x[key])) return `case ${x.id}: ${key} is not a time`;
  }
  if (typeof x.demo !== 'boolean') return `case ${x.id}: demo is not true/false`;
  if (!isObject(x.arches)) return `case ${x.id}: arches missing`;
  for (const key of Object.keys(x.arches)) {
    if (!JAWS.includes(key as Jaw)) return `case ${x.id}: unknown arch ${key}`;
    if (!isArchRecord(x.arches[key], key as Jaw)) return `case ${x.id}: ${key} arch record is malformed`;
  }
  return null;
}
