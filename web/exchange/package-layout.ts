// Where each part of a plan package lies in its zip, the JSON shapes of the two entries that
// describe others (the manifest, an arch), and the reader's checks of the manifest against
// the zip. Shared by package-write.ts and package-read.ts so the two cannot drift apart.
import type { Actor } from '../core/review.ts';
import { JAWS, type Jaw } from '../core/types.ts';
import { megabytes, type PackageRefusals } from './errors.ts';
import { actorProblem, isHash, isObject } from './package-checks.ts';
import { OLDEST_PACKAGE_VERSION, PACKAGE_FORMAT, PACKAGE_VERSION, type PackageArch, type PackageKind, type PackageRecord } from './package-types.ts';
import { RECORD_EXTENSION, type RecordMediaType } from './record-files.ts';
import type { ZipEntry } from './zip-read.ts';

export const MANIFEST_PATH = 'manifest.json';

/** The entries every package has, and the two it has only when there is something to say. */
export const ENTRY = {
  case: 'case.json',
  versions: 'plans/versions.json',
  comments: 'review/comments.json',
  decisions: 'review/decisions.json',
  audit: 'audit.json',
  working: 'plans/working.json',
  summary: 'summary.json',
} as const;

export const REQUIRED_ENTRIES: readonly string[] = [ENTRY.case, ENTRY.versions, ENTRY.comments, ENTRY.decisions, ENTRY.audit];
export const OPTIONAL_ENTRIES: readonly string[] = [ENTRY.working, ENTRY.summary];

/** The treatment report's entries (package version 2 on): the PDF, then each CSV under its name. */
export const REPORT_PDF = 'report/report.pdf';
export const REPORT_CSVS: readonly string[] = ['movements.csv', 'ipr.csv', 'attachments.csv'];
export const reportCsvPath = (name: string) => `report/${name}`;

/**
 * Version 1 to 2: the report's entries may be present; nothing else changed, so a version 1
 * package is read as it always was (with no report) and none is ever rewritten.
 */
export const MIGRATION_1_TO_2 = 'package version 2 adds the optional treatment report (report/report.pdf, report/*.csv)';

// --- Package version 3: case statuses in the pipeline's names, and case records (#16) ---
/**
 * Version 2 to 3, two changes:
 * - case.json's status is named as the case pipeline names it (records-complete,
 *   doctor-review, qa, manufacturing, in-treatment, finished, ...). A version 1 or 2 package's
 *   status is read through core/case-pipeline.ts readStatus ('review' is doctor review); a
 *   version 3 package must use the pipeline's names.
 * - the case's photographs, radiographs and notes may be present, as records/index.json
 *   (RecordJson per record) and one records/<id>.<ext> entry each, hashed in the manifest like
 *   every entry. Thumbnails are not carried: the receiver makes them again from the checked
 *   bytes, so a preview can never show other than the record. A version 2 package that
 *   carries records is refused.
 */
export const MIGRATION_2_TO_3 = 'package version 3 names the case status as the case pipeline does, and adds the optional case records (records/index.json, records/<id>.<ext>)';
export const RECORDS_INDEX = 'records/index.json';
/** At most this many records in one package. */
export const MAX_PACKAGE_RECORDS = 500;
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const recordIdProblem = (id: unknown): boolean => typeof id !== 'string' || !RECORD_ID.test(id);
export const recordPath = (id: string, mediaType: RecordMediaType) => `records/${id}.${RECORD_EXTENSION[mediaType]}`;

/** One record in records/index.json: PackageRecord without its bytes, and the entry holding them. */
export interface RecordJson extends Omit<PackageRecord, 'bytes'> {
  path: string;
}

/** The record entries a manifest may list (version 3 on): the index and any records/<id>.<ext>. */
const isRecordEntry = (path: string) => path === RECORDS_INDEX || /^records\/[A-Za-z0-9_-]{1,64}\.(png|jpg|dcm|txt)$/.test(path);
// --- end of version 3: case records ---

export function archPaths(jaw: Jaw): { json: string; mesh: string; segmentation: string } {
  return { json: `arches/${jaw}.json`, mesh: `arches/${jaw}.mesh`, segmentation: `arches/${jaw}.seg` };
}

export interface ManifestEntry {
  path: string;
  /** Bytes after unpacking. */
  size: number;
  /** Lower-case hex SHA-256 of the unpacked bytes. */
  sha256: string;
}

export interface PackageManifest {
  format: string;
  version: number;
  kind: PackageKind;
  studioVersion: string;
  exportedAt: number;
  exportedBy: Actor;
  /** Every other entry of the zip, each once. */
  entries: ManifestEntry[];
}

/** arches/<jaw>.json: the case record's arch fields, the mesh's counts and content hash, and its entries. */
export interface ArchJson extends Pick<PackageArch, 'jaw' | 'sourceFiles' | 'format' | 'teeth' | 'unitScale' | 'importedAt' | 'meshHash'> {
  vertexCount: number;
  triangleCount: number;
  /** Entry names of the compact mesh and the segmentation. */
  mesh: string;
  segmentation?: string;
}

/** How much one package may make the studio hold; every size is checked before inflating. */
export interface PackageLimits {
  /** Entries in the zip: a case has at most 15, plus its records (MAX_PACKAGE_RECORDS and their index). */
  entries: number;
  /** One JSON entry (the manifest included). */
  jsonBytes: number;
  /** One mesh or segmentation entry: the importer's file limit. */
  binaryBytes: number;
  /** All entries together, unpacked. */
  totalBytes: number;
  triangles: number;
}

export function checkManifest(m: unknown, fail: PackageRefusals): PackageManifest {
  if (!isObject(m) || m.format !== PACKAGE_FORMAT) throw fail.notAPackage(`${MANIFEST_PATH} does not name the package format`);
  if (!(typeof m.version === 'number' && Number.isInteger(m.version) && m.version >= OLDEST_PACKAGE_VERSION && m.version <= PACKAGE_VERSION)) {
    if (typeof m.version === 'number' && Number.isInteger(m.version) && m.version > PACKAGE_VERSION) {
      throw fail.newer(`package version ${m.version}; this studio reads version ${PACKAGE_VERSION}`);
    }
    throw fail.unknownVersion(m.version);
  }
  if (m.kind !== 'case' && m.kind !== 'response') throw fail.damaged(`${MANIFEST_PATH} has an unknown kind ${JSON.stringify(m.kind)}`);
  if (typeof m.studioVersion !== 'string' || typeof m.exportedAt !== 'number' || !Number.isFinite(m.exportedAt)) {
    throw fail.damaged(`${MANIFEST_PATH} does not say which studio exported it, or when`);
  }
  const by = actorProblem(m.exportedBy);
  if (by) throw fail.damaged(`${MANIFEST_PATH}: whoever exported it ${by}`);
  if (!Array.isArray(m.entries) || !m.entries.every((e: unknown) => isObject(e) && typeof e.path === 'string' && Number.isSafeInteger(e.size) && (e.size as number) >= 0 && isHash(e.sha256))) {
    throw fail.damaged(`${MANIFEST_PATH} lists its entries wrongly`);
  }
  return m as unknown as PackageManifest;
}

/** The zip entries the manifest lists, each once, none unlisted, each the size listed and within the limits. */
export function listedEntries(zip: ZipEntry[], manifest: PackageManifest, limits: PackageLimits, fail: PackageRefusals): ZipEntry[] {
  const inZip = new Map(zip.map((e) => [e.name, e]));
  const listed = new Set<string>();
  let total = 0;
  const out: ZipEntry[] = [];
  for (const m of manifest.entries) {
    if (listed.has(m.path) || m.path === MANIFEST_PATH) throw fail.damaged(`${MANIFEST_PATH} lists ${m.path} twice`);
    listed.add(m.path);
    const entry = inZip.get(m.path);
    if (!entry) throw fail.tampered(`${m.path}, listed in its manifest, is missing`);
    if (entry.size !== m.size) throw fail.tampered(`${m.path} is ${entry.size} bytes, not the ${m.size} its manifest records`);
    const limit = m.path.endsWith('.json') ? limits.jsonBytes : limits.binaryBytes;
    if (m.size > limit) throw fail.tooLarge(`${m.path} would unpack to ${megabytes(m.size)}, more than the ${megabytes(limit)} the studio reads`);
    total += m.size;
    if (total > limits.totalBytes) throw fail.tooLarge(`its entries would unpack to more than ${megabytes(limits.totalBytes)} in all`);
    out.push(entry);
  }
  for (const e of zip) if (e.name !== MANIFEST_PATH && !listed.has(e.name)) throw fail.tampered(`it holds ${e.name}, which its manifest does not list`);
  return out;
}

/** Every manifest entry is one this version writes, and each one it always writes is there. */
export function checkLayout(manifest: PackageManifest, fail: PackageRefusals): void {
  const paths = new Set(manifest.entries.map((e) => e.path));
  for (const path of REQUIRED_ENTRIES) if (!paths.has(path)) throw fail.damaged(`it has no ${path}`);
  const report = manifest.version >= 2 ? [REPORT_PDF, ...REPORT_CSVS.map(reportCsvPath)] : [];
  const known = new Set([...REQUIRED_ENTRIES, ...OPTIONAL_ENTRIES, ...report, ...JAWS.flatMap((jaw) => Object.values(archPaths(jaw)))]);
  for (const path of paths) {
    if (known.has(path)) continue;
    if (isRecordEntry(path) && manifest.version >= 3) continue;
    if (isRecordEntry(path)) throw fail.damaged(`it says package version ${manifest.version} but holds ${path}: case records came with version 3`);
    throw fail.damaged(`it holds ${path}, which is not part of a package`);
  }
}

