// One case out of the library as a plan package (exchange/package-write.ts): what a planner
// sends a doctor ('case': scans, segmentation, plans, summary, review, trail) or a doctor's
// answer ('response': plans, review and trail only). The package carries its own export
// event, which the library's trail takes once the file is made (never for a file that failed);
// then the case's share base is the working plan that left, so a later import can tell which
// side edited since.
import { appendEvent, sortTrail } from '../core/audit.ts';
import { hashOf } from '../core/canonical.ts';
import type { Actor } from '../core/review.ts';
import type { ArchRecord, CaseRecord, Jaw } from '../core/types.ts';
import { decodeMesh } from '../geometry/mesh-binary.ts';
import { meshContentHash, quantizedMesh } from '../exchange/mesh-codec.ts';
import { PACKAGE_EXTENSION } from '../exchange/package-types.ts';
import type { PackageArch, PackageContents, PackageKind, PackagePlanVersion, PackageReport } from '../exchange/package-types.ts';
import { writePackage } from '../exchange/package-write.ts';
import type { PackageSummary } from '../exchange/summary.ts';
import { STUDIO_VERSION } from '../core/studio-version.ts';
import { commitEvent, parentsFor, splitTrail } from './audit.ts';
import type { BlobRecord, PlanRecord, StudioDb } from './db.ts';
import { caseNotFound, StoreError } from './errors.ts';
import { planOfRecord, workingPlanId } from './plan-records.ts';
import { packageRecordsOf } from './package-records.ts';
import { shareBaseRecord, splitReview } from './review.ts';
import { inWriteTransaction } from './transaction.ts';

export interface ExportPackageOptions {
  kind: PackageKind;
  /** The derived plan as the studio shows it, for a viewer that has not computed yet. */
  summary?: PackageSummary;
  /** The treatment report of the working plan (a case package only). */
  report?: PackageReport;
  now: () => number;
  actor: Actor;
}

/** Characters a file name may not hold on some system (and spaces) become '-'. */
export function safeFileNamePart(text: string): string {
  return text.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|-+$/g, '') || 'case';
}

/** The local calendar date, as the person exporting reads it. */
export function localDate(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const newestVersion = (plans: readonly PlanRecord[]): PlanRecord | undefined =>
  plans.filter((p) => p.kind === 'version').sort((a, b) => b.savedAt - a.savedAt)[0];

/** `<pseudonym>-<newest version or "working">-<date>.aligner`, or `<pseudonym>-response-<date>.aligner`. */
export function packageFileName(record: CaseRecord, plans: readonly PlanRecord[], kind: PackageKind, at: number): string {
  const middle = kind === 'response' ? 'response' : newestVersion(plans)?.name ?? 'working';
  return `${safeFileNamePart(record.pseudonym)}-${safeFileNamePart(middle)}-${localDate(at)}${PACKAGE_EXTENSION}`;
}

function packageArch(arch: ArchRecord, blobs: Map<string, BlobRecord>, record: CaseRecord): PackageArch {
  const mesh = blobs.get(arch.meshBlobId);
  if (!mesh) throw new StoreError('not-found', `The ${arch.jaw} scan of case "${record.pseudonym}" is missing from the library.`);
  const decoded = decodeMesh(mesh.bytes);
  const segmentation = arch.segmentationBlobId === undefined ? undefined : blobs.get(arch.segmentationBlobId);
  if (arch.segmentationBlobId !== undefined && !segmentation) {
    throw new StoreError('not-found', `The ${arch.jaw} segmentation of case "${record.pseudonym}" is missing from the library.`);
  }
  return {
    jaw: arch.jaw, sourceFiles: [...arch.sourceFiles], format: arch.format, teeth: [...arch.teeth],
    unitScale: arch.unitScale, importedAt: arch.importedAt,
    mesh: quantizedMesh(decoded),
    meshHash: meshContentHash(decoded),
    ...(segmentation ? { segmentation: segmentation.bytes } : {}),
  };
}

export async function exportCasePackage(db: StudioDb, caseId: string, opts: ExportPackageOptions): Promise<{ bytes: Uint8Array; fileName: string }> {
  const exportedAt = opts.now();
  // One read transaction: the package is one consistent moment of the case.
  const tx = db.transaction(['cases', 'blobs', 'plans', 'review', 'audit'], 'readonly');
  const [record, blobList, plans, review, audit] = await Promise.all([
    tx.objectStore('cases').get(caseId),
    tx.objectStore('blobs').index('by-case').getAll(caseId),
    tx.objectStore('plans').index('by-case').getAll(caseId),
    tx.objectStore('review').index('by-case').getAll(caseId),
    tx.objectStore('audit').index('by-case').getAll(caseId),
  ]);
  await tx.done;
  if (!record) throw caseNotFound(caseId);

  const fileName = packageFileName(record, plans, opts.kind, exportedAt);
  // The package carries its own export event; the library stores it only once the file is made.
  const trail = splitTrail(audit);
  const what = opts.kind === 'response' ? 'response package' : 'package';
  const exported = appendEvent({ caseId, at: exportedAt, actor: opts.actor, kind: 'package-exported', summary: `Exported ${what} ${fileName}`, detail: { kind: opts.kind, file: fileName } },
    parentsFor(trail.events, trail.head).parents);

  const { arches: archRecords, ...fields } = record;
  const blobs = new Map(blobList.map((b) => [b.id, b]));
  const arches: Partial<Record<Jaw, PackageArch>> = {};
  if (opts.kind === 'case') {
    for (const arch of Object.values(archRecords)) arches[arch.jaw] = packageArch(arch, blobs, record);
  }
  const { comments, decisions, shareBase } = splitReview(review);
  const workingRecord = plans.find((p) => p.id === workingPlanId(caseId));
  const workingPlan = workingRecord && planOfRecord(workingRecord);
  const working = workingPlan && { plan: workingPlan, hash: hashOf(workingPlan), ...(shareBase === undefined ? {} : { sharedBase: shareBase }) };
  const versions: PackagePlanVersion[] = plans.filter((p) => p.kind === 'version').sort((a, b) => a.savedAt - b.savedAt)
    .map((p) => ({ id: p.id, name: p.name, savedAt: p.savedAt, plan: planOfRecord(p) }));

  const contents: PackageContents = {
    kind: opts.kind,
    studioVersion: STUDIO_VERSION,
    exportedAt,
    exportedBy: { name: opts.actor.name, role: opts.actor.role },
    case: fields,
    arches,
    // The doctor's answer never carries a working plan: it must not replace the planner's.
    ...(working && opts.kind === 'case' ? { working } : {}),
    versions,
    ...(opts.summary ? { summary: opts.summary } : {}),
    ...(opts.report && opts.kind === 'case' ? { report: opts.report } : {}),
    // The doctor's answer carries none: records are the case's, sent with it.
    ...(opts.kind === 'case' ? { records: packageRecordsOf(blobList) } : {}),
    comments,
    decisions,
    audit: sortTrail([...trail.events, exported]),
  };
  const bytes = await writePackage(contents);

  await inWriteTransaction(db, ['cases', 'review', 'audit'], 'record the export', async (w) => {
    if ((await w.objectStore('cases').count(caseId)) === 0) throw caseNotFound(caseId);
    await commitEvent(w, exported);
    // What left is now the plan both sides have in common.
    if (working && opts.kind === 'case') await w.objectStore('review').put(shareBaseRecord(caseId, working.hash));
  });
  return { bytes, fileName };
}
