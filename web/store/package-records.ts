// A case package's records (package version 3) in and out of the library. Out: every 'record'
// blob of the case, as added (thumbnails stay: the receiver makes its own). In: merged by id,
// never duplicated: a record this case holds already is left as it is, one that either side
// removed (a 'record-removed' event in our trail or theirs) is not brought back, and an id
// that is a blob of another case refuses the whole import. Runs inside the import's transaction.
import type { AuditEvent } from '../core/audit.ts';
import type { PackageRecord, ReadPackage } from '../exchange/package-types.ts';
import { splitTrail } from './audit.ts';
import type { BlobRecord } from './db.ts';
import { StoreError } from './errors.ts';
import type { ImportTx } from './package-merge.ts';

/** The case's records as a package carries them. */
export function packageRecordsOf(blobs: readonly BlobRecord[]): PackageRecord[] {
  return blobs.filter((b) => b.kind === 'record').sort((a, b) => (a.addedAt ?? a.createdAt) - (b.addedAt ?? b.createdAt) || (a.id < b.id ? -1 : 1)).map((b) => ({
    id: b.id, kind: b.recordKind!, fileName: b.fileName ?? '', mediaType: b.mediaType!, addedAt: b.addedAt ?? b.createdAt,
    addedBy: b.addedBy ?? { name: 'Unnamed user', role: 'planner' },
    ...(b.width !== undefined && b.height !== undefined ? { width: b.width, height: b.height } : {}),
    bytes: new Uint8Array(b.bytes),
  }));
}

const removedIn = (events: readonly AuditEvent[]): Set<string> =>
  new Set(events.filter((e) => e.kind === 'record-removed' && typeof e.detail?.record === 'string').map((e) => e.detail!.record as string));

/** Adds the package's records this case lacks; returns how many. Call before the trails are merged. */
export async function mergeRecords(tx: ImportTx, pkg: ReadPackage, fileName: string, at: number): Promise<number> {
  if (!pkg.records?.length) return 0;
  const caseId = pkg.case.id;
  const blobs = tx.objectStore('blobs');
  const ours = splitTrail(await tx.objectStore('audit').index('by-case').getAll(caseId)).events;
  const removed = new Set([...removedIn(ours), ...removedIn(pkg.audit)]);
  let added = 0;
  for (const r of pkg.records) {
    const existing = await blobs.get(r.id);
    if (existing && (existing.caseId !== caseId || existing.kind !== 'record')) {
      throw new StoreError('corrupt-plan', `${fileName} cannot be opened: its record ${r.fileName || r.id} has the id of a stored file of another case in this library. Nothing was changed.`);
    }
    if (existing || removed.has(r.id)) continue;
    const bytes = r.bytes.slice().buffer as ArrayBuffer;
    await blobs.add({
      id: r.id, caseId, kind: 'record', bytes, size: bytes.byteLength, createdAt: at, recordKind: r.kind, fileName: r.fileName,
      mediaType: r.mediaType, addedAt: r.addedAt, addedBy: { ...r.addedBy }, ...(r.width !== undefined && r.height !== undefined ? { width: r.width, height: r.height } : {}),
    });
    added++;
  }
  return added;
}
