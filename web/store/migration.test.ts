// Migrations from real older databases built with raw IndexedDB, as earlier studios left
// them in users' browsers: v1 (the first prototype) -> v2, and v3 -> v4 (trail and review).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { hashOf } from '../core/canonical.ts';
import { emptyPlan, PLAN_SCHEMA_VERSION } from '../core/plan.ts';
import type { CaseRecord } from '../core/types.ts';
import type { LegacyCaseStatus } from '../core/case-pipeline.ts';
import { wrap } from 'idb';
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { DB_VERSION, openStudioDb, StoreError, UPGRADES } from './db.ts';
import { openLibrary } from './library.ts';
import type { BlobRecord } from './db.ts';
import { caseRecordFromAnyVersion } from './records.ts';
import type { CaseRecordV1 } from './records.ts';
import { meshBytes, sameBytes } from './fixtures/library.ts';

/** Plan hashes as the studio makes them (64 hex digits), one per name. */
const H = { h: hashOf('h') };

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
      ['case-c', 'P-0044', 'records-complete', []], // 'records' in v1: named as the pipeline names it since v5
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

/** The v3 layout documented in db.ts (every store but 'review'), with one case and its working plan. */
async function buildV3(factory: IDBFactory, name: string): Promise<void> {
  const req = factory.open(name, 3);
  req.onupgradeneeded = () => {
    const db = req.result;
    db.createObjectStore('cases', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
    db.createObjectStore('blobs', { keyPath: 'id' }).createIndex('by-case', 'caseId');
    for (const s of ['plans', 'audit']) db.createObjectStore(s, { keyPath: 'id' }).createIndex('by-case', 'caseId');
    db.createObjectStore('protocols', { keyPath: 'id' });
    db.createObjectStore('settings', { keyPath: 'key' });
    const tx = req.transaction!;
    tx.objectStore('cases').put(V3_CASE);
    tx.objectStore('plans').put(V3_WORKING);
  };
  (await request(req)).close();
}

/** As a v3 database stored it: the first studio's status names. */
const V3_CASE: Omit<CaseRecord, 'status'> & { status: LegacyCaseStatus } = {
  id: 'case-v3', pseudonym: 'P-0300', clinic: 'East', doctor: 'Dr Sato', notes: '', status: 'review',
  createdAt: 1_650_000_000_000, updatedAt: 1_650_000_100_000, demo: false, arches: {},
};
const V3_WORKING = { id: 'working:case-v3', caseId: 'case-v3', kind: 'working', name: '', savedAt: 1_650_000_100_000, schemaVersion: PLAN_SCHEMA_VERSION, plan: emptyPlan(), revision: 3 };

describe('migration from schema v3', () => {
  it('adds the review store; cases and plans stay as they were; the first change starts the trail', async () => {
    const factory = new IDBFactory();
    await buildV3(factory, 'lib3');
    const lib = await openLibrary({ name: 'lib3', factory, now: () => 1_700_000_000_000 });
    const db = await openStudioDb('lib3', factory);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['audit', 'blobs', 'cases', 'plans', 'protocols', 'review', 'settings']);
    expect([...db.transaction('review').objectStore('review').indexNames]).toEqual(['by-case']);
    expect(await db.getAll('cases'), 'the status in the pipeline\'s name (v5)').toEqual([{ ...V3_CASE, status: 'doctor-review' }]);
    expect(await db.getAll('plans')).toEqual([V3_WORKING]);
    // A case from before trails has none, and nothing is reported missing.
    expect(await lib.audit.verify('case-v3')).toMatchObject({ ok: true, problems: [], heads: [] });
    await lib.review.addComment('case-v3', { text: 'extrude 12', fdi: 12, planHash: H.h });
    const trail = await lib.audit.list('case-v3');
    expect(trail.map((e) => [e.seq, e.kind, e.parents])).toEqual([[1, 'comment-added', []]]);
    expect((await lib.audit.verify('case-v3')).ok).toBe(true);
    lib.close();
    db.close();
  });

  it('the step is idempotent: run again over a v4 database it changes nothing', async () => {
    const factory = new IDBFactory();
    await buildV3(factory, 'lib3');
    const lib = await openLibrary({ name: 'lib3', factory });
    await lib.review.addComment('case-v3', { text: 'keep', planHash: H.h });
    lib.close();
    let done!: Promise<void>;
    const req = factory.open('lib3', 5);
    req.onupgradeneeded = () => {
      done = UPGRADES[4](wrap(req.result) as unknown as IDBPDatabase<unknown>, wrap(req.transaction!) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>);
    };
    const raw = await request(req);
    await done;
    expect([...raw.transaction('review').objectStore('review').indexNames]).toEqual(['by-case']);
    expect(await request(raw.transaction('review').objectStore('review').count())).toBe(1);
    expect(await request(raw.transaction('audit').objectStore('audit').count())).toBe(2);
    raw.close();
  });
});

describe('the v5 step: case statuses in the pipeline\'s names', () => {
  const legacy = (id: string, status: string) => ({ ...V3_CASE, id, status });
  /** A library with a trail, whose cases then carry the first studio's status names (as v4 stored them). */
  async function withLegacyStatuses(factory: IDBFactory, name: string): Promise<void> {
    await buildV3(factory, name);
    const lib = await openLibrary({ name, factory, now: () => 1_700_000_000_000 });
    await lib.review.addComment('case-v3', { text: 'before the step', planHash: H.h });
    lib.close();
    const req = factory.open(name);
    const raw = await request(req);
    const tx = raw.transaction('cases', 'readwrite');
    for (const [id, status] of [['case-v3', 'review'], ['c-rec', 'records'], ['c-arch', 'archived'], ['c-plan', 'planning'], ['c-odd', 'on hold']]) tx.objectStore('cases').put(legacy(id, status));
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    raw.close();
  }

  it('rewrites every status (one it cannot read to New), and leaves the audit trail as it was', async () => {
    const factory = new IDBFactory();
    await withLegacyStatuses(factory, 'lib4');
    const db = await openStudioDb('lib4', factory);
    const before = await db.getAll('audit');
    db.close();
    let done!: Promise<void>;
    const req = factory.open('lib4', DB_VERSION + 1);
    req.onupgradeneeded = () => {
      done = UPGRADES[5](wrap(req.result) as unknown as IDBPDatabase<unknown>, wrap(req.transaction!) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>);
    };
    const raw = await request(req);
    await done;
    const statuses = Object.fromEntries((await request(raw.transaction('cases').objectStore('cases').getAll())).map((c: CaseRecord) => [c.id, c.status]));
    expect(statuses).toEqual({ 'case-v3': 'doctor-review', 'c-rec': 'records-complete', 'c-arch': 'finished', 'c-plan': 'planning', 'c-odd': 'new' });
    expect(await request(raw.transaction('audit').objectStore('audit').getAll())).toEqual(before);
    raw.close();
  });
});
