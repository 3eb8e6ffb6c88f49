// Full backup and restore of the case library, so a clinic can move browsers or recover
// from a cleared profile. Restore never overwrites and never half-writes: everything is
// checked first, then written in one transaction.
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { ArchRecord, CaseRecord, Jaw } from '../core/types.ts';
import type { BlobRecord, StudioDb } from './db.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, blobPath, MANIFEST_PATH, readBackup, sha256Hex } from './backup-format.ts';
import type { BackupManifest } from './backup-format.ts';
import { inWriteTransaction } from './transaction.ts';
import type { WriteTx } from './transaction.ts';

export interface RestoreSummary {
  added: number;
  skipped: number;
  restoredAsCopies: number;
}

export async function exportBackup(db: StudioDb, now: () => number = Date.now): Promise<Uint8Array> {
  // One read transaction, so the cases and blobs in the file are one consistent moment.
  const tx = db.transaction(['cases', 'blobs'], 'readonly');
  const [cases, blobs] = await Promise.all([tx.objectStore('cases').getAll(), tx.objectStore('blobs').getAll()]);
  await tx.done;

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now(),
    cases,
    blobs: [],
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

type Plan = { kind: 'added' | 'skipped' | 'copy'; record: CaseRecord; blobs: BlobRecord[] };

/** The same case with every blob under a new id, owned by `caseId`. */
function withNewBlobIds(record: CaseRecord, blobs: BlobRecord[], caseId: string): { record: CaseRecord; blobs: BlobRecord[] } {
  const newBlobId = new Map(blobs.map((b) => [b.id, crypto.randomUUID()]));
  const arches: Partial<Record<Jaw, ArchRecord>> = {};
  for (const [jaw, arch] of Object.entries(record.arches) as [Jaw, ArchRecord][]) {
    arches[jaw] = { ...arch, meshBlobId: newBlobId.get(arch.meshBlobId)! };
    if (arch.segmentationBlobId !== undefined) arches[jaw].segmentationBlobId = newBlobId.get(arch.segmentationBlobId)!;
  }
  return {
    record: { ...record, id: caseId, arches },
    blobs: blobs.map((b) => ({ ...b, id: newBlobId.get(b.id)!, caseId })),
  };
}

async function planCase(tx: WriteTx<['cases', 'blobs']>, record: CaseRecord, blobs: BlobRecord[]): Promise<Plan> {
  const existing = await tx.objectStore('cases').get(record.id);
  if (existing && existing.updatedAt === record.updatedAt) return { kind: 'skipped', record, blobs };
  if (existing) {
    const copy = withNewBlobIds(record, blobs, crypto.randomUUID());
    return { kind: 'copy', blobs: copy.blobs, record: { ...copy.record, pseudonym: `${record.pseudonym} (restored)` } };
  }
  // A blob id already taken by another case would be overwritten: take new ids instead.
  for (const blob of blobs) {
    if ((await tx.objectStore('blobs').count(blob.id)) > 0) return { kind: 'added', ...withNewBlobIds(record, blobs, record.id) };
  }
  return { kind: 'added', record, blobs };
}

export async function restoreBackup(db: StudioDb, bytes: Uint8Array): Promise<RestoreSummary> {
  const { manifest, bytes: blobBytes } = await readBackup(bytes);
  const blobsOf = new Map<string, BlobRecord[]>(manifest.cases.map((c) => [c.id, []]));
  for (const entry of manifest.blobs) {
    const data = blobBytes.get(entry.id)!;
    blobsOf.get(entry.caseId)!.push({
      id: entry.id,
      caseId: entry.caseId,
      kind: entry.kind,
      bytes: data,
      size: data.byteLength,
      createdAt: entry.createdAt ?? manifest.exportedAt,
    });
  }

  return inWriteTransaction(db, ['cases', 'blobs'], 'restore the backup', async (tx) => {
    const summary: RestoreSummary = { added: 0, skipped: 0, restoredAsCopies: 0 };
    for (const backedUp of manifest.cases) {
      const plan = await planCase(tx, backedUp, blobsOf.get(backedUp.id)!);
      if (plan.kind === 'skipped') {
        summary.skipped++;
        continue;
      }
      for (const blob of plan.blobs) await tx.objectStore('blobs').add(blob);
      await tx.objectStore('cases').add(plan.record);
      if (plan.kind === 'added') summary.added++;
      else summary.restoredAsCopies++;
    }
    return summary;
  });
}
