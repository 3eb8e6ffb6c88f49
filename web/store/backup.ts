// Full backup and restore of the case library, so a clinic can move browsers or recover
// from a cleared profile. Restore never overwrites and never half-writes: everything is
// checked first, then written in one transaction. A case travels with its blobs, its
// plans (working plan and saved versions), its audit trail and its review records; a
// restored case's trail records the restore.
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { Actor } from '../core/review.ts';
import type { ArchRecord, CaseRecord, Jaw } from '../core/types.ts';
import { appendAudit, DEFAULT_ACTOR } from './audit.ts';
import type { AuditRecord, BlobRecord, PlanRecord, ReviewRecord, StudioDb } from './db.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, blobPath, MANIFEST_PATH, readBackup, recordFieldsOf, sha256Hex } from './backup-format.ts';
import type { BackupContents, BackupManifest, ReadBackupOptions } from './backup-format.ts';
import { plansMovedTo } from './plan-records.ts';
import { inWriteTransaction } from './transaction.ts';
import type { WriteTx } from './transaction.ts';

/** A plan of a restored case that the backup held but could not be restored. */
export interface DroppedPlanSummary {
  /** The case as it is now named in the library (a copy ends in "(restored)"). */
  caseName: string;
  plan: string;
  problem: string;
}

export interface RestoreSummary {
  added: number;
  skipped: number;
  restoredAsCopies: number;
  /** Plans left out of the cases that were restored; empty when every plan came back. */
  droppedPlans: DroppedPlanSummary[];
}

export async function exportBackup(db: StudioDb, now: () => number = Date.now): Promise<Uint8Array> {
  // One read transaction, so the cases, blobs and plans in the file are one consistent moment.
  const tx = db.transaction(['cases', 'blobs', 'plans', 'audit', 'review'], 'readonly');
  const [cases, blobs, plans, audit, review] = await Promise.all([
    tx.objectStore('cases').getAll(),
    tx.objectStore('blobs').getAll(),
    tx.objectStore('plans').getAll(),
    tx.objectStore('audit').getAll(),
    tx.objectStore('review').getAll(),
  ]);
  await tx.done;

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now(),
    cases,
    blobs: [],
    plans,
    audit,
    review,
  };
  // Level 1: scan meshes are float data that barely compress further at higher levels.
  const files: Zippable = {};
  for (const blob of blobs) {
    const { bytes, ...entry } = blob;
    manifest.blobs.push({ ...entry, sha256: await sha256Hex(bytes) });
    files[blobPath(blob.id)] = [new Uint8Array(bytes), { level: 1 }];
  }
  files[MANIFEST_PATH] = strToU8(JSON.stringify(manifest, null, 1));
  return zipSync(files);
}

/** One backed-up case with what it owns. */
interface CaseContents {
  record: CaseRecord;
  blobs: BlobRecord[];
  plans: PlanRecord[];
  audit: AuditRecord[];
  review: ReviewRecord[];
}

export interface RestoreOptions {
  /** Named in messages and in the restored cases' trails. */
  fileName?: string;
  actor?: Actor;
  now?: () => number;
}

/** What restore does with one backed-up case. */
type CaseRestore = CaseContents & { kind: 'added' | 'skipped' | 'copy' };

/**
 * The same case with every blob and saved plan version under a new id, owned by `caseId`.
 * A copy under another case id starts a trail of its own, without the original's review:
 * those records name the original case (an approval's signature covers its case id).
 */
function withNewIds({ record, blobs, plans, audit, review }: CaseContents, caseId: string): CaseContents {
  const sameCase = caseId === record.id;
  const newBlobId = new Map(blobs.map((b) => [b.id, crypto.randomUUID()]));
  const arches: Partial<Record<Jaw, ArchRecord>> = {};
  for (const [jaw, arch] of Object.entries(record.arches) as [Jaw, ArchRecord][]) {
    arches[jaw] = { ...arch, meshBlobId: newBlobId.get(arch.meshBlobId)! };
    if (arch.segmentationBlobId !== undefined) arches[jaw].segmentationBlobId = newBlobId.get(arch.segmentationBlobId)!;
  }
  return {
    record: { ...record, id: caseId, arches },
    // A thumbnail names its record by id: it follows the record to its new one.
    blobs: blobs.map((b) => ({ ...b, id: newBlobId.get(b.id)!, caseId, ...(b.thumbnailOf === undefined ? {} : { thumbnailOf: newBlobId.get(b.thumbnailOf) ?? b.thumbnailOf }) })),
    plans: plansMovedTo(plans, caseId, () => crypto.randomUUID()),
    audit: sameCase ? audit : [],
    review: sameCase ? review : [],
  };
}

type RestoreTx = WriteTx<['cases', 'blobs', 'plans', 'audit', 'review']>;

async function restoreStepFor(tx: RestoreTx, contents: CaseContents): Promise<CaseRestore> {
  const { record } = contents;
  const existing = await tx.objectStore('cases').get(record.id);
  if (existing && existing.updatedAt === record.updatedAt) return { kind: 'skipped', ...contents };
  if (existing) {
    const copy = withNewIds(contents, crypto.randomUUID());
    return { kind: 'copy', ...copy, record: { ...copy.record, pseudonym: `${record.pseudonym} (restored)` } };
  }
  // An id already taken by another case would be overwritten: take new ids instead. (A
  // working plan's id follows from its case, which is not in the library.)
  for (const blob of contents.blobs) {
    if ((await tx.objectStore('blobs').count(blob.id)) > 0) return { kind: 'added', ...withNewIds(contents, record.id) };
  }
  for (const plan of contents.plans) {
    if ((await tx.objectStore('plans').count(plan.id)) > 0) return { kind: 'added', ...withNewIds(contents, record.id) };
  }
  return { kind: 'added', ...contents };
}

/** Reads and checks `bytes` in this thread, then writes it (restoreBackupContents). */
export async function restoreBackup(db: StudioDb, bytes: Uint8Array, options: ReadBackupOptions & RestoreOptions = {}): Promise<RestoreSummary> {
  return restoreBackupContents(db, await readBackup(bytes, options), options);
}

/** Writes a backup already read and checked by readBackup (in a worker, in the studio), in one transaction. */
export async function restoreBackupContents(db: StudioDb, contents: BackupContents, options: RestoreOptions | string = {}): Promise<RestoreSummary> {
  // (A bare string is the file name, as callers from before trails pass it.)
  const opts = typeof options === 'string' ? { fileName: options } : options;
  const fileName = opts.fileName ?? 'the backup';
  const now = opts.now ?? Date.now;
  const actor = opts.actor ?? DEFAULT_ACTOR;
  const { manifest, bytes: blobBytes, droppedPlans } = contents;
  const byCase = <T>() => new Map<string, T[]>(manifest.cases.map((c) => [c.id, []]));
  const blobsOf = byCase<BlobRecord>();
  const plansOf = byCase<PlanRecord>();
  const auditOf = byCase<AuditRecord>();
  const reviewOf = byCase<ReviewRecord>();
  for (const plan of manifest.plans) plansOf.get(plan.caseId)!.push(plan);
  for (const r of manifest.audit) auditOf.get(r.caseId)!.push(r);
  for (const r of manifest.review) reviewOf.get(r.caseId)!.push(r);
  for (const entry of manifest.blobs) {
    const data = blobBytes.get(entry.id)!;
    blobsOf.get(entry.caseId)!.push({
      id: entry.id,
      caseId: entry.caseId,
      kind: entry.kind,
      bytes: data,
      size: data.byteLength,
      createdAt: entry.createdAt ?? manifest.exportedAt,
      ...recordFieldsOf(entry),
    });
  }

  return inWriteTransaction(db, ['cases', 'blobs', 'plans', 'audit', 'review'], `restore ${fileName}`, async (tx) => {
    const summary: RestoreSummary = { added: 0, skipped: 0, restoredAsCopies: 0, droppedPlans: [] };
    for (const backedUp of manifest.cases) {
      const owned = { blobs: blobsOf.get(backedUp.id)!, plans: plansOf.get(backedUp.id)!, audit: auditOf.get(backedUp.id)!, review: reviewOf.get(backedUp.id)! };
      const step = await restoreStepFor(tx, { record: backedUp, ...owned });
      if (step.kind === 'skipped') {
        summary.skipped++;
        continue;
      }
      for (const blob of step.blobs) await tx.objectStore('blobs').add(blob);
      // put, not add: only a working plan left behind by a case no longer here could share the id.
      for (const plan of step.plans) await tx.objectStore('plans').put(plan);
      await tx.objectStore('cases').add(step.record);
      // put: a deleted case took its records with it, so nothing of another case is here.
      for (const r of step.audit) await tx.objectStore('audit').put(r);
      for (const r of step.review) await tx.objectStore('review').put(r);
      const copyOf = step.kind === 'copy' ? ` as a copy of "${backedUp.pseudonym}"` : '';
      await appendAudit(tx, { caseId: step.record.id, at: now(), actor, kind: 'backup-restored', summary: `Restored from ${fileName}${copyOf}`, detail: { file: fileName } });
      if (step.kind === 'added') summary.added++;
      else summary.restoredAsCopies++;
      // Only a case that came back loses something by a dropped plan; a skipped one is here already.
      for (const dropped of droppedPlans.filter((d) => d.caseId === backedUp.id)) {
        summary.droppedPlans.push({ caseName: step.record.pseudonym, plan: dropped.plan, problem: dropped.problem });
      }
    }
    return summary;
  });
}
