// Reads a plan package and checks all of it before returning anything: the zip is whole, the
// manifest is this format at a version this studio reads, every entry is listed once with its
// size and SHA-256 and matches both, nothing is missing or added, every JSON entry has the
// shape the studio writes, the meshes and segmentations decode and fit each other, every plan
// reads through planFromJson, and the audit trail is this case's and holds together. A
// package comes from outside: sizes are checked against limits before anything is inflated
// and inflating stops at the declared size (zip-read.ts), so a zip bomb costs milliseconds.
import { strFromU8 } from 'fflate';
import { verifyChain, type AuditEvent } from '../core/audit.ts';
import { hashOf } from '../core/canonical.ts';
import { PLAN_SCHEMA_VERSION, planFromJson, type Plan } from '../core/plan.ts';
import type { ReviewComment, ReviewDecision } from '../core/review.ts';
import { JAWS, type Jaw } from '../core/types.ts';
import { MAX_FILE_BYTES, MAX_TRIANGLES } from '../geometry/import/limits.ts';
import { sha256HexOf } from './digest.ts';
import { megabytes, PackageError, packageRefusals, type PackageRefusals } from './errors.ts';
import { decodeCompactMeshAndHash } from './mesh-codec.ts';
import { readStatus } from '../core/case-pipeline.ts';
import { archJsonProblem, auditProblem, caseProblem, commentsProblem, decisionsProblem, isHash, isObject } from './package-checks.ts';
import { isEncryptedPackage } from './package-crypto.ts';
import {
  archPaths, checkLayout, checkManifest, ENTRY, listedEntries, MANIFEST_PATH, MAX_PACKAGE_RECORDS, RECORDS_INDEX, REPORT_CSVS, REPORT_PDF, reportCsvPath,
  type ArchJson, type ManifestEntry, type PackageLimits, type PackageManifest,
} from './package-layout.ts';
import { readRecords } from './package-records.ts';
import type { PackageArch, PackageContents, PackagePlanVersion, PackageReport, ReadPackage } from './package-types.ts';
import { decodeCompactSegmentation } from './segmentation-codec.ts';
import { summaryProblem } from './summary.ts';
import { readZipEntries, ZipReadError, zipEntries, type ZipEntry } from './zip-read.ts';

const MiB = 1024 * 1024;

export type { PackageLimits };

export const PACKAGE_LIMITS: Readonly<PackageLimits> = Object.freeze({
  entries: 16 + 1 + MAX_PACKAGE_RECORDS, jsonBytes: 64 * MiB, binaryBytes: MAX_FILE_BYTES, totalBytes: 1024 * MiB, triangles: MAX_TRIANGLES,
});

export interface ReadPackageOptions {
  /** Named in every message: the file the user picked, or the link's file. */
  fileName: string;
  limits?: Partial<PackageLimits>;
}

function read(zip: Uint8Array, entries: ZipEntry[], fail: PackageRefusals): Map<string, Uint8Array<ArrayBuffer>> {
  try {
    return readZipEntries(zip, entries);
  } catch (error) {
    if (error instanceof ZipReadError) throw fail.damaged(error.message, error);
    throw error;
  }
}

function parseJson(bytes: Uint8Array, path: string, fail: PackageRefusals): unknown {
  try {
    return JSON.parse(strFromU8(bytes));
  } catch (error) {
    throw fail.damaged(`${path} is not valid JSON`, error);
  }
}

function plan(raw: unknown, what: string, fail: PackageRefusals): Plan {
  const stored = isObject(raw) ? raw.schemaVersion : undefined;
  if (typeof stored === 'number' && stored > PLAN_SCHEMA_VERSION) {
    throw fail.newer(`${what} has plan schema ${stored}; this studio reads up to ${PLAN_SCHEMA_VERSION}`);
  }
  try {
    return planFromJson(raw);
  } catch (error) {
    throw fail.damaged(`${what} cannot be read: ${(error as Error).message}`, error);
  }
}

function working(raw: unknown, fail: PackageRefusals): PackageContents['working'] {
  if (!isObject(raw) || !isHash(raw.hash) || (raw.sharedBase !== undefined && !isHash(raw.sharedBase))) throw fail.damaged(`${ENTRY.working} is malformed`);
  const p = plan(raw.plan, 'the working plan', fail);
  if (hashOf(raw.plan) !== raw.hash) throw fail.tampered('the working plan does not match its recorded hash');
  return { plan: p, hash: raw.hash, ...(raw.sharedBase === undefined ? {} : { sharedBase: raw.sharedBase as string }) };
}

function versions(raw: unknown, fail: PackageRefusals): PackagePlanVersion[] {
  if (!Array.isArray(raw)) throw fail.damaged(`${ENTRY.versions} is not a list`);
  const ids = new Set<string>();
  return raw.map((v: unknown, i) => {
    if (!isObject(v) || typeof v.id !== 'string' || v.id === '' || typeof v.name !== 'string' || typeof v.savedAt !== 'number' || !Number.isFinite(v.savedAt)) {
      throw fail.damaged(`plan version ${i + 1} in ${ENTRY.versions} is malformed`);
    }
    if (ids.has(v.id)) throw fail.damaged(`plan version ${i + 1} in ${ENTRY.versions} repeats id ${v.id}`);
    ids.add(v.id);
    return { id: v.id, name: v.name, savedAt: v.savedAt, plan: plan(v.plan, `plan version "${v.name}"`, fail) };
  });
}

async function arch(jaw: Jaw, kind: PackageManifest['kind'], files: Map<string, Uint8Array>, limits: PackageLimits, fail: PackageRefusals): Promise<PackageArch | undefined> {
  const paths = archPaths(jaw);
  const json = files.get(paths.json);
  if (!json) {
    if (files.has(paths.mesh) || files.has(paths.segmentation)) throw fail.damaged(`it has ${paths.mesh} without ${paths.json}`);
    return undefined;
  }
  if (kind === 'response') throw fail.damaged(`it answers a case but carries ${paths.json}`);
  const a = parseJson(json, paths.json, fail);
  const problem = archJsonProblem(a, jaw);
  if (problem) throw fail.damaged(`${paths.json} ${problem}`);
  const record = a as ArchJson;
  if (record.mesh !== paths.mesh || (record.segmentation !== undefined && record.segmentation !== paths.segmentation)) {
    throw fail.damaged(`${paths.json} names entries of another arch`);
  }
  if (!files.has(paths.mesh)) throw fail.damaged(`it has no ${paths.mesh}`);
  if (files.has(paths.segmentation) !== (record.segmentation !== undefined)) throw fail.damaged(`${paths.segmentation} and ${paths.json} disagree`);
  const codec = { triangles: limits.triangles };
  const { mesh, hash } = await decoded(() => decodeCompactMeshAndHash(files.get(paths.mesh)!, paths.mesh, codec), fail);
  if (mesh.positions.length / 3 !== record.vertexCount || mesh.indices.length / 3 !== record.triangleCount) {
    throw fail.damaged(`${paths.mesh} does not have the vertex and triangle counts ${paths.json} records`);
  }
  if (hash !== record.meshHash) throw fail.tampered(`${paths.mesh} does not match its recorded mesh hash`);
  const scan = { jaw, vertexCount: record.vertexCount, triangleCount: record.triangleCount };
  const segmentation = record.segmentation === undefined ? undefined
    : await decoded(() => decodeCompactSegmentation(files.get(paths.segmentation)!, paths.segmentation, scan, codec), fail);
  return {
    jaw, sourceFiles: record.sourceFiles, format: record.format, teeth: record.teeth, unitScale: record.unitScale,
    importedAt: record.importedAt, mesh, meshHash: record.meshHash, ...(segmentation ? { segmentation } : {}),
  };
}

/** A codec's refusal (it names the entry) as the file's. */
async function decoded<T>(run: () => Promise<T>, fail: PackageRefusals): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    if (error.code === 'too-large') throw fail.tooLarge(error.message);
    throw fail.damaged(error.message, error);
  }
}

/**
 * Reads and checks a package without writing anything; throws a PackageError naming
 * `fileName` and the problem.
 */
export async function readPackage(bytes: Uint8Array, options: ReadPackageOptions): Promise<ReadPackage> {
  const fail = packageRefusals(options.fileName);
  const limits: PackageLimits = { ...PACKAGE_LIMITS, ...options.limits };
  if (isEncryptedPackage(bytes)) throw fail.encrypted();
  let listing: ZipEntry[];
  try {
    listing = zipEntries(bytes);
  } catch (error) {
    // A zip's local header starts 'PK': that one is damaged (often cut short); anything else is another kind of file.
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) throw fail.damaged('the zip is cut short or broken', error);
    throw fail.notAPackage('it is not a zip file', error);
  }
  if (listing.length > limits.entries) throw fail.damaged(`it holds ${listing.length} entries; a package has at most ${limits.entries}`);
  const names = new Set<string>();
  for (const e of listing) {
    if (names.has(e.name)) throw fail.tampered(`it holds ${e.name} twice`);
    names.add(e.name);
  }
  const manifestEntry = listing.find((e) => e.name === MANIFEST_PATH);
  if (!manifestEntry) throw fail.notAPackage(`it has no ${MANIFEST_PATH}`);
  if (manifestEntry.size > limits.jsonBytes) throw fail.tooLarge(`its ${MANIFEST_PATH} would unpack to ${megabytes(manifestEntry.size)}`);
  const manifest = checkManifest(parseJson(read(bytes, [manifestEntry], fail).get(MANIFEST_PATH)!, MANIFEST_PATH, fail), fail);
  const wanted = listedEntries(listing, manifest, limits, fail);
  checkLayout(manifest, fail);

  const files = read(bytes, wanted, fail);
  const digests = await Promise.all(manifest.entries.map((m) => sha256HexOf(files.get(m.path)!)));
  manifest.entries.forEach((m, k) => {
    if (digests[k] !== m.sha256) throw fail.tampered(`${m.path} does not match its recorded hash`);
  });
  const json = (path: string) => parseJson(files.get(path)!, path, fail);

  const caseFields = json(ENTRY.case);
  const caseIssue = caseProblem(caseFields, manifest.version);
  if (caseIssue) throw fail.damaged(`${ENTRY.case} ${caseIssue}`);
  const record = caseFields as PackageContents['case'];
  const caseId = record.id;

  const arches: ReadPackage['arches'] = {};
  for (const jaw of JAWS) {
    const a = await arch(jaw, manifest.kind, files, limits, fail);
    if (a) arches[jaw] = a;
  }

  const summary = files.has(ENTRY.summary) ? json(ENTRY.summary) : undefined;
  const summaryIssue = summary === undefined ? null : summaryProblem(summary);
  if (summaryIssue) throw fail.damaged(`${ENTRY.summary}: ${summaryIssue}`);

  const comments = json(ENTRY.comments);
  const commentIssue = commentsProblem(comments, caseId);
  if (commentIssue) throw fail.damaged(`${ENTRY.comments}: ${commentIssue}`);
  const decisions = json(ENTRY.decisions);
  const decisionIssue = decisionsProblem(decisions, caseId);
  if (decisionIssue) throw fail.damaged(`${ENTRY.decisions}: ${decisionIssue}`);

  const audit = json(ENTRY.audit);
  const auditIssue = auditProblem(audit);
  if (auditIssue) throw fail.damaged(`${ENTRY.audit}: ${auditIssue}`);
  const events = audit as AuditEvent[];
  const verdict = verifyChain(events);
  const foreign = events.find((e) => e.caseId !== caseId);
  if (foreign) throw fail.tampered(`its audit trail holds an event of another case (${foreign.caseId})`);
  if (!verdict.ok) throw fail.tampered(`its audit trail does not hold together: ${verdict.problems[0].message.replace(/\.$/, '')}`);

  // The report as sent: a PDF (it must at least be one) and its CSVs as text.
  let report: PackageReport | undefined;
  const pdf = files.get(REPORT_PDF);
  if (pdf) {
    if (strFromU8(pdf.subarray(0, 5)) !== '%PDF-') throw fail.damaged(`${REPORT_PDF} is not a PDF`);
    report = { pdf, csvs: REPORT_CSVS.flatMap((name) => { const b = files.get(reportCsvPath(name)); return b ? [{ name, text: strFromU8(b) }] : []; }) };
  }

  const records = readRecords(files.has(RECORDS_INDEX) ? json(RECORDS_INDEX) : undefined, files, manifest.kind, fail);

  return {
    kind: manifest.kind, studioVersion: manifest.studioVersion, exportedAt: manifest.exportedAt,
    exportedBy: { name: manifest.exportedBy.name, role: manifest.exportedBy.role },
    case: {
      id: caseId, pseudonym: record.pseudonym, clinic: record.clinic, doctor: record.doctor, notes: record.notes,
      status: readStatus(record.status)!, createdAt: record.createdAt, updatedAt: record.updatedAt, demo: record.demo,
    },
    arches,
    ...(files.has(ENTRY.working) ? { working: working(json(ENTRY.working), fail) } : {}),
    versions: versions(json(ENTRY.versions), fail),
    ...(summary === undefined ? {} : { summary: summary as ReadPackage['summary'] }),
    comments: comments as ReviewComment[],
    decisions: decisions as ReviewDecision[],
    audit: events,
    ...(report ? { report } : {}),
    ...(records.length > 0 ? { records } : {}),
    entries: manifest.entries.map((e: ManifestEntry) => ({ path: e.path, size: e.size, sha256: e.sha256 })),
    packageVersion: manifest.version,
  };
}
