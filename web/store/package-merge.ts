// The same case coming back as a package: how its scans, working plan and status meet ours.
// Working plans are compared with the share base, the plan both copies last had in common
// (stored when the case last left or entered as a package): only the side that changed it
// since wins; when both did, ours stays the working plan and theirs is kept as a version, so
// nothing either side did is lost. Everything here runs inside the import's one transaction
// and awaits nothing but IndexedDB (hashing and mesh decoding are synchronous).
import { readStatus } from '../core/case-pipeline.ts';
import type { AuditEvent } from '../core/audit.ts';
import { hashOf } from '../core/canonical.ts';
import { planFromJson } from '../core/plan.ts';
import { planContentHash } from '../core/plan-hash.ts';
import type { ReviewDecision } from '../core/review.ts';
import type { ArchRecord, CaseRecord, CaseStatus, Jaw } from '../core/types.ts';
import { decodeMesh, encodeMesh } from '../geometry/mesh-binary.ts';
import { meshContentHash } from '../exchange/mesh-codec.ts';
import type { PackageArch, ReadPackage } from '../exchange/package-types.ts';
import { splitTrail } from './audit.ts';
import type { BlobRecord } from './db.ts';
import { StoreError } from './errors.ts';
import { localDate } from './package-export.ts';
import { newerPlanError, planOfRecord, savedByNewerStudio, workingPlanId } from './plan-records.ts';
import { shareBaseKey, shareBaseRecord, summaryRecord } from './review.ts';
import type { WriteTx } from './transaction.ts';

export type ImportTx = WriteTx<['cases', 'blobs', 'plans', 'review', 'audit']>;

export type WorkingOutcome = 'added' | 'unchanged' | 'updated' | 'kept-both';

/** The blobs and arch record of a package arch, as the case will hold them. */
export function storedArch(caseId: string, arch: PackageArch, newId: () => string, at: number): { record: ArchRecord; blobs: BlobRecord[] } {
  const meshBytes = encodeMesh(arch.mesh);
  const mesh: BlobRecord = { id: newId(), caseId, kind: 'mesh', bytes: meshBytes, size: meshBytes.byteLength, createdAt: at };
  const record: ArchRecord = {
    jaw: arch.jaw, meshBlobId: mesh.id, sourceFiles: [...arch.sourceFiles], format: arch.format,
    vertexCount: arch.mesh.positions.length / 3, triangleCount: arch.mesh.indices.length / 3,
    teeth: [...arch.teeth], unitScale: arch.unitScale, importedAt: arch.importedAt,
  };
  if (!arch.segmentation) return { record, blobs: [mesh] };
  const seg: BlobRecord = { id: newId(), caseId, kind: 'segmentation', bytes: arch.segmentation, size: arch.segmentation.byteLength, createdAt: at };
  return { record: { ...record, segmentationBlobId: seg.id }, blobs: [mesh, seg] };
}

async function storedMeshHash(tx: ImportTx, record: CaseRecord, jaw: Jaw): Promise<string | undefined> {
  const arch = record.arches[jaw];
  if (!arch) return undefined;
  const blob = await tx.objectStore('blobs').get(arch.meshBlobId);
  if (!blob) throw new StoreError('not-found', `The ${jaw} scan of case "${record.pseudonym}" is missing from the library.`);
  return meshContentHash(decodeMesh(blob.bytes));
}

/**
 * Our scans stay: a package scan that differs is reported, not taken. An arch we lack is
 * added, and a segmentation of the same scan when ours has none.
 */
export async function mergeArches(tx: ImportTx, ours: CaseRecord, pkg: ReadPackage, newId: () => string, at: number): Promise<{ record: CaseRecord; differentScans: Jaw[] }> {
  const record: CaseRecord = { ...ours, arches: { ...ours.arches } };
  const differentScans: Jaw[] = [];
  const blobs = tx.objectStore('blobs');
  for (const arch of Object.values(pkg.arches)) {
    const mine = record.arches[arch.jaw];
    if (!mine) {
      const stored = storedArch(ours.id, arch, newId, at);
      for (const blob of stored.blobs) await blobs.add(blob);
      record.arches[arch.jaw] = stored.record;
    } else if ((await storedMeshHash(tx, ours, arch.jaw)) !== arch.meshHash) {
      differentScans.push(arch.jaw);
    } else if (mine.segmentationBlobId === undefined && arch.segmentation) {
      const seg = { id: newId(), caseId: ours.id, kind: 'segmentation' as const, bytes: arch.segmentation, size: arch.segmentation.byteLength, createdAt: at };
      await blobs.add(seg);
      record.arches[arch.jaw] = { ...mine, teeth: [...arch.teeth], segmentationBlobId: seg.id };
    }
  }
  return { record, differentScans };
}

/**
 * A case package's summary is kept for the review screen to show before the plan is computed;
 * the latest package's replaces an earlier one (the screen shows it only while it names the
 * working plan). A response package carries the doctor's answer, not the planner's numbers.
 */
export async function keepSummary(tx: ImportTx, pkg: ReadPackage): Promise<void> {
  if (pkg.kind === 'case' && pkg.summary) await tx.objectStore('review').put(summaryRecord(pkg.case.id, pkg.summary));
}

/** Decides between our working plan and theirs; call before the package's versions are added. */
export async function mergeWorking(tx: ImportTx, pkg: ReadPackage, newId: () => string, at: number): Promise<{ outcome: WorkingOutcome; keptTheirsAs?: string }> {
  if (!pkg.working) return { outcome: 'unchanged' };
  const caseId = pkg.case.id;
  const plans = tx.objectStore('plans');
  const review = tx.objectStore('review');
  const theirs = planFromJson(pkg.working.plan);
  const theirsHash = hashOf(theirs);
  const write = async (revision: number) => {
    await plans.put({ id: workingPlanId(caseId), caseId, kind: 'working', name: '', savedAt: at, schemaVersion: theirs.schemaVersion, plan: theirs, revision });
  };
  const local = await plans.get(workingPlanId(caseId));
  if (!local) {
    await write(1);
    await review.put(shareBaseRecord(caseId, theirsHash));
    return { outcome: 'added' };
  }
  // Never overwritten, and never compared half-read.
  if (savedByNewerStudio(local)) throw newerPlanError(local);
  const oursHash = hashOf(planOfRecord(local));
  const baseRecord = await review.get(shareBaseKey(caseId));
  const base = baseRecord?.type === 'share-base' ? baseRecord.value : undefined;
  const versions = (await plans.index('by-case').getAll(caseId)).filter((p) => p.kind === 'version');
  // Theirs kept here as a version already (an earlier import of this plan): nothing new.
  const alreadyKept = versions.some((v) => hashOf(v.plan) === theirsHash);
  const theirsEdited = theirsHash !== oursHash && theirsHash !== pkg.working.sharedBase && !alreadyKept;
  const oursEdited = oursHash !== base;

  let result: { outcome: WorkingOutcome; keptTheirsAs?: string } = { outcome: 'unchanged' };
  if (theirsEdited && !oursEdited) {
    await write((local.revision ?? 0) + 1);
    result = { outcome: 'updated' };
  } else if (theirsEdited) {
    const name = `${pkg.exportedBy.name}'s plan (${localDate(pkg.exportedAt)})`;
    const savedAt = Math.max(at, ...versions.map((v) => v.savedAt + 1));
    await plans.add({ id: newId(), caseId, kind: 'version', name, savedAt, schemaVersion: theirs.schemaVersion, plan: theirs });
    result = { outcome: 'kept-both', keptTheirsAs: name };
  }
  await review.put(shareBaseRecord(caseId, result.outcome === 'updated' ? theirsHash : oursHash));
  return result;
}

/** planContentHash of every plan of the case this library can read, with its scans as stored. */
async function presentPlanHashes(tx: ImportTx, record: CaseRecord): Promise<Set<string>> {
  const meshHashes: Partial<Record<Jaw, string>> = {};
  for (const jaw of Object.keys(record.arches) as Jaw[]) meshHashes[jaw] = await storedMeshHash(tx, record, jaw);
  const out = new Set<string>();
  for (const p of await tx.objectStore('plans').index('by-case').getAll(record.id)) {
    if (!savedByNewerStudio(p)) out.add(planContentHash(planOfRecord(p), meshHashes));
  }
  return out;
}

/**
 * The status the other side's newest status change asks for, when it is newer than ours; an
 * approval counts only when it approves a plan this library holds (its signature is the
 * UI's to check). Undefined: leave the status as it is.
 */
export async function statusAfterMerge(tx: ImportTx, record: CaseRecord, trailAdded: readonly AuditEvent[], newDecisions: readonly ReviewDecision[]): Promise<CaseStatus | undefined> {
  const theirs = new Set(trailAdded.map((e) => e.hash));
  const changes = splitTrail(await tx.objectStore('audit').index('by-case').getAll(record.id)).events
    .filter((e) => e.kind === 'status-changed' && readStatus(e.detail?.to) !== null)
    .sort((a, b) => a.at - b.at || a.seq - b.seq);
  const latest = changes[changes.length - 1];
  // An older studio's trail names the first studio's statuses: read in the pipeline's.
  const asked = latest && theirs.has(latest.hash) ? readStatus(latest.detail!.to)! : undefined;
  const approvals = newDecisions.filter((d) => d.kind === 'approval');
  if (asked !== 'approved' && (asked !== undefined || approvals.length === 0)) return asked;
  const present = await presentPlanHashes(tx, record);
  return approvals.some((a) => present.has(a.planHash)) ? 'approved' : undefined;
}
