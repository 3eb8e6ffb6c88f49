// Segmentations in the library (schema v3): the v2 -> v3 migration from a real v2 database,
// saveSegmentation / loadSegmentation, interrupted saves, and every case-level operation
// (new mesh, remove arch, remove, duplicate, backup) carrying the segmentation blob along.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../core/types.ts';
import { exportBackup, restoreBackup } from './backup.ts';
import { createCaseRepository } from './cases.ts';
import { DB_VERSION, openStudioDb, StoreError } from './db.ts';
import type { BlobRecord } from './db.ts';
import { scanBytes, segmentationBytes } from './repro/hostile-backups.ts';
import { archInfo, freshLibrary, meshBytes, sameBytes } from './fixtures/library.ts';

/** The segmented library's segmentation: a valid record of scanBytes(31) (40 vertices, 38 triangles), as a backup checks. */
const SEGMENTATION = segmentationBytes('upper', 40, 38);
import { snapshotLibrary, withFault } from './fixtures/faults.ts';
import type { Fault } from './fixtures/faults.ts';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

const v2Arch = (jaw: 'upper' | 'lower', blob: string) => ({
  jaw, meshBlobId: blob, sourceFiles: [`${jaw}.stl`], format: 'stl-binary', vertexCount: 50643, triangleCount: 99999,
  teeth: [], unitScale: 1, importedAt: 1_650_000_000_500,
});

const V2_CASES: CaseRecord[] = [
  { id: 'case-a', pseudonym: 'P-0042', clinic: 'North', doctor: 'Dr Okafor', notes: '', status: 'planning', createdAt: 1_650_000_000_000,
    updatedAt: 1_650_000_100_000, demo: false, arches: { upper: v2Arch('upper', 'blob-a-up'), lower: v2Arch('lower', 'blob-a-lo') } },
  { id: 'case-b', pseudonym: 'P-0043', clinic: '', doctor: '', notes: 'new', status: 'new', createdAt: 1_650_000_200_000,
    updatedAt: 1_650_000_200_000, demo: true, arches: {} },
];

const V2_BLOBS: BlobRecord[] = ['blob-a-up', 'blob-a-lo'].map((id, i) => ({
  id, caseId: 'case-a', kind: 'mesh', bytes: meshBytes(300 + i, 800), size: 800, createdAt: 1_650_000_000_900,
}));

/** The v2 layout documented in db.ts, written with raw IndexedDB as a v2 studio left it. */
async function buildV2(factory: IDBFactory, cases: unknown[], blobs: BlobRecord[]): Promise<void> {
  const req = factory.open('lib', 2);
  req.onupgradeneeded = () => {
    const db = req.result;
    const caseStore = db.createObjectStore('cases', { keyPath: 'id' });
    caseStore.createIndex('by-updated', 'updatedAt');
    db.createObjectStore('blobs', { keyPath: 'id' }).createIndex('by-case', 'caseId');
    db.createObjectStore('plans', { keyPath: 'id' }).createIndex('by-case', 'caseId');
    db.createObjectStore('audit', { keyPath: 'id' }).createIndex('by-case', 'caseId');
    db.createObjectStore('protocols', { keyPath: 'id' });
    db.createObjectStore('settings', { keyPath: 'key' });
    for (const c of cases) caseStore.put(c);
    for (const b of blobs) req.transaction!.objectStore('blobs').put(b);
  };
  (await request(req)).close();
}

describe('migration from schema v2', () => {
  it('keeps every v2 case and blob as it was; arches get no segmentationBlobId', async () => {
    const factory = new IDBFactory();
    await buildV2(factory, V2_CASES, V2_BLOBS);
    const db = await openStudioDb('lib', factory);
    expect(db.version).toBe(DB_VERSION);
    expect(await db.getAll('cases')).toEqual(V2_CASES);
    for (const c of await db.getAll('cases')) for (const arch of Object.values(c.arches)) expect(arch).not.toHaveProperty('segmentationBlobId');
    const blobs = await db.getAll('blobs');
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(blobs.map((b) => ({ ...b, bytes: null })).sort(byId)).toEqual(V2_BLOBS.map((b) => ({ ...b, bytes: null })).sort(byId));
    V2_BLOBS.forEach((b) => expect(sameBytes(blobs.find((x) => x.id === b.id)!.bytes, b.bytes)).toBe(true));

    // The migrated case takes a segmentation.
    const cases = createCaseRepository(db, { newId: () => 'seg-1', now: () => 1_700_000_000_000 });
    const updated = await cases.saveSegmentation('case-a', 'upper', meshBytes(7, 64), [21, 11]);
    expect(updated.arches.upper).toMatchObject({ segmentationBlobId: 'seg-1', teeth: [11, 21] });
    expect(sameBytes(await cases.loadSegmentation('case-a', 'upper'), meshBytes(7, 64))).toBe(true);
    expect(await cases.loadSegmentation('case-a', 'lower')).toBeUndefined();
    db.close();
  });

  it('drops a segmentationBlobId that points at no blob, so no case points at nothing', async () => {
    const factory = new IDBFactory();
    const dangling = { ...V2_CASES[0], arches: { upper: { ...V2_CASES[0].arches.upper!, segmentationBlobId: 'gone' } } };
    await buildV2(factory, [dangling], V2_BLOBS);
    const db = await openStudioDb('lib', factory);
    expect((await db.get('cases', 'case-a'))!.arches.upper).toEqual(V2_CASES[0].arches.upper);
    db.close();
  });
});

/** A library with one case holding an upper arch and its segmentation. */
async function segmentedLibrary() {
  const lib = await freshLibrary();
  const c = await lib.cases.create({ pseudonym: 'P-300' });
  await lib.cases.saveArch(c.id, archInfo('upper', 40), scanBytes(31));
  lib.clock.t += 10;
  await lib.cases.saveSegmentation(c.id, 'upper', SEGMENTATION, [11, 12, 21]);
  return { ...lib, caseId: c.id };
}

const blobKinds = async (db: Awaited<ReturnType<typeof freshLibrary>>['db']) => (await db.getAll('blobs')).map((b) => `${b.caseId}:${b.kind}`).sort();

describe('saveSegmentation / loadSegmentation', () => {
  it('stores the bytes as a segmentation blob, and a second save replaces the first', async () => {
    const { db, cases, caseId } = await segmentedLibrary();
    expect(await blobKinds(db)).toEqual([`${caseId}:mesh`, `${caseId}:segmentation`]);
    const before = (await cases.get(caseId))!;
    const after = await cases.saveSegmentation(caseId, 'upper', meshBytes(33, 256), [11, 21]);
    expect(after.updatedAt).toBeGreaterThan(before.updatedAt);
    expect(after.arches.upper!.teeth).toEqual([11, 21]);
    expect(after.arches.upper!.segmentationBlobId).not.toBe(before.arches.upper!.segmentationBlobId);
    expect(await blobKinds(db)).toEqual([`${caseId}:mesh`, `${caseId}:segmentation`]);
    expect(sameBytes(await cases.loadSegmentation(caseId, 'upper'), meshBytes(33, 256))).toBe(true);
  });

  it('refuses an arch that is not there, and a case that is not there', async () => {
    const { cases, caseId } = await segmentedLibrary();
    await expect(cases.saveSegmentation(caseId, 'lower', meshBytes(1), [31])).rejects.toMatchObject({ code: 'not-found' });
    await expect(cases.saveSegmentation('nope', 'upper', meshBytes(1), [11])).rejects.toBeInstanceOf(StoreError);
    await expect(cases.loadSegmentation('nope', 'upper')).rejects.toBeInstanceOf(StoreError);
  });
});

describe('interrupted saveSegmentation changes nothing', () => {
  const faults: [string, Fault][] = [
    ['an error after the new blob was put, before the case was', { store: 'cases', method: 'put', fail: new Error('bug between the two puts') }],
    ['an error while dropping the old segmentation blob', { store: 'blobs', method: 'delete', fail: new Error('bug at the last step') }],
    ['the transaction aborted under it (tab closing)', { store: 'cases', method: 'put', fail: 'abort' }],
    ['a full disk on the blob put', { store: 'blobs', method: 'add', fail: 'quota' }],
  ];
  for (const [what, fault] of faults) {
    it(what, async () => {
      const { db, cases, caseId, clock } = await segmentedLibrary();
      const before = await snapshotLibrary(db);
      const faulty = createCaseRepository(withFault(db, fault), { now: () => clock.t + 5, newId: () => 'faulty-1' });
      await expect(faulty.saveSegmentation(caseId, 'upper', meshBytes(34), [11])).rejects.toThrow();
      expect(await snapshotLibrary(db)).toEqual(before);
      expect(sameBytes(await cases.loadSegmentation(caseId, 'upper'), SEGMENTATION)).toBe(true);
    });
  }
});

describe('case operations carry segmentation blobs', () => {
  it('a new mesh for the arch drops its segmentation (the labels were for the old mesh)', async () => {
    const { db, cases, caseId } = await segmentedLibrary();
    const updated = await cases.saveArch(caseId, archInfo('upper', 9), meshBytes(35));
    expect(updated.arches.upper).not.toHaveProperty('segmentationBlobId');
    expect(await cases.loadSegmentation(caseId, 'upper')).toBeUndefined();
    expect(await blobKinds(db)).toEqual([`${caseId}:mesh`]);
  });

  it('removeArch drops the mesh and the segmentation', async () => {
    const { db, cases, caseId } = await segmentedLibrary();
    await cases.removeArch(caseId, 'upper');
    expect(await db.getAll('blobs')).toEqual([]);
  });

  it('remove takes the segmentation with the case, and undo brings it back', async () => {
    const { db, cases, caseId } = await segmentedLibrary();
    const before = await snapshotLibrary(db);
    const deleted = await cases.remove(caseId);
    expect(deleted.blobs.map((b) => b.kind).sort()).toEqual(['mesh', 'segmentation']);
    expect(await db.getAll('blobs')).toEqual([]);
    await cases.restoreDeleted(deleted);
    expect(await snapshotLibrary(db)).toEqual(before);
  });

  it('duplicate copies the segmentation under a new id, owned by the copy', async () => {
    const { cases, caseId } = await segmentedLibrary();
    const original = (await cases.get(caseId))!;
    const copy = await cases.duplicate(caseId);
    expect(copy.arches.upper!.segmentationBlobId).toBeDefined();
    expect(copy.arches.upper!.segmentationBlobId).not.toBe(original.arches.upper!.segmentationBlobId);
    expect(sameBytes(await cases.loadSegmentation(copy.id, 'upper'), SEGMENTATION)).toBe(true);
    // Dropping the copy's segmentation leaves the original's.
    await cases.removeArch(copy.id, 'upper');
    expect(sameBytes(await cases.loadSegmentation(caseId, 'upper'), SEGMENTATION)).toBe(true);
  });

  it('backup and restore carry the segmentation, also when restored as a copy', async () => {
    const source = await segmentedLibrary();
    const zip = await exportBackup(source.db, () => 42);
    const manifest = JSON.parse(strFromU8(unzipSync(zip)['backup.json'])) as { blobs: { kind: string }[] };
    expect(manifest.blobs.map((b) => b.kind).sort()).toEqual(['mesh', 'segmentation']);

    const target = await freshLibrary('target');
    expect(await restoreBackup(target.db, zip)).toEqual({ added: 1, skipped: 0, restoredAsCopies: 0, droppedPlans: [] });
    expect(await snapshotLibrary(target.db)).toEqual(await snapshotLibrary(source.db));

    // Edited since the backup: the restore comes back as a copy with fresh blob ids.
    await source.cases.update(source.caseId, { notes: 'edited' });
    expect(await restoreBackup(source.db, zip)).toMatchObject({ restoredAsCopies: 1 });
    const copy = (await source.cases.list()).find((c) => c.pseudonym.endsWith('(restored)'))!;
    expect(copy.arches.upper!.segmentationBlobId).not.toBe((await source.cases.get(source.caseId))!.arches.upper!.segmentationBlobId);
    expect(sameBytes(await source.cases.loadSegmentation(copy.id, 'upper'), SEGMENTATION)).toBe(true);
  });

  it('a backup whose segmentation blob is missing is refused and changes nothing', async () => {
    const source = await segmentedLibrary();
    const files = unzipSync(await exportBackup(source.db, () => 42));
    const manifest = JSON.parse(strFromU8(files['backup.json'])) as { blobs: { id: string; kind: string }[] };
    const seg = manifest.blobs.find((b) => b.kind === 'segmentation')!;
    manifest.blobs = manifest.blobs.filter((b) => b !== seg);
    delete files[`blobs/${seg.id}.bin`];
    files['backup.json'] = strToU8(JSON.stringify(manifest));
    const target = await freshLibrary('target');
    const before = await snapshotLibrary(target.db);
    const error = await restoreBackup(target.db, zipSync(files)).catch((e: unknown) => e);
    expect((error as StoreError).code).toBe('corrupt-backup');
    expect((error as StoreError).message).toMatch(/the upper segmentation of case .* is missing/);
    expect(await snapshotLibrary(target.db)).toEqual(before);
  });
});
