// Migration v1 -> v2 from a real v1 database built with raw IndexedDB, as the first
// prototype left it in users' browsers.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../core/types.ts';
import { openStudioDb, StoreError } from './db.ts';
import type { BlobRecord } from './db.ts';
import { caseRecordFromAnyVersion } from './records.ts';
import type { CaseRecordV1 } from './records.ts';
import { meshBytes, sameBytes } from './fixtures/library.ts';

const v1Arch = (blob: string) => ({
  meshBlobId: blob, sourceFiles: ['scan.stl'], format: 'stl-binary', vertexCount: 50643, triangleCount: 99999, importedAt: 1_600_000_000_500,
});

const V1_CASES: CaseRecordV1[] = [
  { id: 'case-a', patient: 'P-0042', doctor: 'Dr Okafor', notes: 'crowding 4 mm', status: 'planning', createdAt: 1_600_000_000_000, updatedAt: 1_600_000_100_000, upper: v1Arch('blob-a-up'), lower: v1Arch('blob-a-lo') },
  { id: 'case-b', patient: 'P-0043', doctor: '', notes: '', status: 'new', createdAt: 1_600_000_200_000, updatedAt: 1_600_000_200_000, upper: v1Arch('blob-b-up') },
  { id: 'case-c', patient: 'P-0044', doctor: 'Dr Lind', notes: 'records only', status: 'records', createdAt: 1_600_000_300_000, updatedAt: 1_600_000_400_000 },
];

const V1_BLOBS: BlobRecord[] = ['blob-a-up', 'blob-a-lo', 'blob-b-up'].map((id, i) => ({
  id, caseId: id.startsWith('blob-a') ? 'case-a' : 'case-b', kind: 'mesh', bytes: meshBytes(100 + i, 1000 + i), size: 1000 + i, createdAt: 1_600_000_000_900,
}));

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The v1 layout documented in db.ts, filled with records, written with raw IndexedDB. */
async function buildV1(factory: IDBFactory, name: string, cases: unknown[], blobs: BlobRecord[]): Promise<void> {
  const req = factory.open(name, 1);
  req.onupgradeneeded = () => {
    const db = req.result;
    const caseStore = db.createObjectStore('cases', { keyPath: 'id' });
    const blobStore = db.createObjectStore('blobs', { keyPath: 'id' });
    blobStore.createIndex('by-case', 'caseId');
    for (const c of cases) caseStore.put(c);
    for (const b of blobs) blobStore.put(b);
  };
  const db = await request(req);
  db.close();
}

describe('migration from schema v1', () => {
  it('brings every v1 case and blob into the v2 layout', async () => {
    const factory = new IDBFactory();
    await buildV1(factory, 'lib', V1_CASES, V1_BLOBS);
    const db = await openStudioDb('lib', factory);

    const a = (await db.get('cases', 'case-a'))!;
    expect(a).toEqual({
      id: 'case-a', pseudonym: 'P-0042', clinic: '', doctor: 'Dr Okafor', notes: 'crowding 4 mm', status: 'planning',
      createdAt: 1_600_000_000_000, updatedAt: 1_600_000_100_000, demo: false,
      arches: {
        upper: { jaw: 'upper', teeth: [], unitScale: 1, ...v1Arch('blob-a-up') },
        lower: { jaw: 'lower', teeth: [], unitScale: 1, ...v1Arch('blob-a-lo') },
      },
    } satisfies CaseRecord);
    expect(a).not.toHaveProperty('patient');
    expect(a).not.toHaveProperty('upper');

    const all = await db.getAll('cases');
    expect(all.map((c) => [c.id, c.pseudonym, c.status, Object.keys(c.arches)])).toEqual([
      ['case-a', 'P-0042', 'planning', ['upper', 'lower']],
      ['case-b', 'P-0043', 'new', ['upper']],
      ['case-c', 'P-0044', 'records', []],
    ]);

    const blobs = await db.getAll('blobs');
    expect(blobs.map((b) => b.id).sort()).toEqual(V1_BLOBS.map((b) => b.id).sort());
    for (const original of V1_BLOBS) {
      const migrated = blobs.find((b) => b.id === original.id)!;
      expect({ ...migrated, bytes: null }).toEqual({ ...original, bytes: null });
      expect(sameBytes(migrated.bytes, original.bytes)).toBe(true);
    }
    // The new index works on migrated records.
    expect((await db.getAllFromIndex('cases', 'by-updated')).map((c) => c.id)).toEqual(['case-a', 'case-b', 'case-c']);
    expect(await db.getAllFromIndex('blobs', 'by-case', 'case-a')).toHaveLength(2);
    db.close();
  });

  it('a failing upgrade leaves the v1 database exactly as it was', async () => {
    const factory = new IDBFactory();
    // A damaged v1 profile: the blobs store exists but the cases store was lost.
    const req = factory.open('lib', 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('blobs', { keyPath: 'id' }).put(V1_BLOBS[0]);
    };
    (await request(req)).close();

    const error = await openStudioDb('lib', factory).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('aborted');
    expect((error as StoreError).message).toMatch(/Nothing was changed/);

    const after = await request(factory.open('lib'));
    expect(after.version).toBe(1);
    expect([...after.objectStoreNames]).toEqual(['blobs']);
    expect(await request(after.transaction('blobs').objectStore('blobs').count())).toBe(1);
    after.close();
  });

  it('the record rewrite is idempotent, so the upgrade step can re-run', () => {
    for (const v1 of V1_CASES) {
      const once = caseRecordFromAnyVersion({ ...v1 });
      expect(caseRecordFromAnyVersion({ ...once })).toEqual(once);
    }
  });
});
