import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openStudioDb, runUpgrades, StoreError } from './db.ts';
import type { StudioDb } from './db.ts';
import { wrap } from 'idb';
import type { IDBPDatabase, IDBPTransaction } from 'idb';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens with raw IndexedDB at `version`, running `upgrade` if the version moves. */
function openRaw(factory: IDBFactory, name: string, version?: number, upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void): Promise<IDBDatabase> {
  const req = factory.open(name, version);
  if (upgrade) req.onupgradeneeded = () => upgrade(req.result, req.transaction!);
  return request(req);
}

async function storesOf(db: StudioDb): Promise<Record<string, string[]>> {
  const tx = db.transaction([...db.objectStoreNames], 'readonly');
  return Object.fromEntries([...db.objectStoreNames].map((n) => [n, [...tx.objectStore(n).indexNames]]));
}

describe('openStudioDb', () => {
  it('creates every store and index of the current schema on a fresh profile', async () => {
    const db = await openStudioDb('fresh', new IDBFactory());
    expect(db.version).toBe(DB_VERSION);
    expect(await storesOf(db)).toEqual({
      audit: ['by-case'],
      blobs: ['by-case'],
      cases: ['by-updated'],
      plans: ['by-case'],
      protocols: [],
      review: ['by-case'],
      settings: [],
    });
    db.close();
  });

  it('refuses a database from a newer studio with a clear message and leaves it untouched', async () => {
    const factory = new IDBFactory();
    const future = await openRaw(factory, 'lib', DB_VERSION + 1, (db) => {
      db.createObjectStore('cases', { keyPath: 'id' }).put({ id: 'c1', shape: 'from the future' });
    });
    future.close();

    const error = await openStudioDb('lib', factory).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('newer-version');
    expect((error as StoreError).message).toMatch(/made by a newer Aligner Studio/);

    const after = await openRaw(factory, 'lib');
    expect(after.version).toBe(DB_VERSION + 1);
    expect([...after.objectStoreNames]).toEqual(['cases']);
    expect(await request(after.transaction('cases').objectStore('cases').getAll())).toEqual([{ id: 'c1', shape: 'from the future' }]);
    after.close();
  });

  it('reports "blocked" while an old tab keeps version 1 open, and then opens nothing behind the user', async () => {
    const factory = new IDBFactory();
    const oldTab = await openRaw(factory, 'lib', 1, (db) => db.createObjectStore('cases', { keyPath: 'id' }));
    const error = await openStudioDb('lib', factory).catch((e: unknown) => e);
    expect((error as StoreError).code).toBe('blocked');
    expect((error as StoreError).message).toMatch(/Close the other Aligner Studio tabs/);
    oldTab.close();
    // Once the old tab is gone the library opens normally.
    const db = await openStudioDb('lib', factory);
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('closes itself when a newer studio in another tab upgrades, so that tab is not blocked', async () => {
    const factory = new IDBFactory();
    const db = await openStudioDb('lib', factory);
    const newer = await openRaw(factory, 'lib', DB_VERSION + 1, () => undefined);
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    expect(() => db.transaction('cases')).toThrow();
  });

  it('upgrade steps are safe to re-run on a database already at the current layout', async () => {
    const factory = new IDBFactory();
    const db = await openStudioDb('lib', factory);
    await db.put('cases', {
      id: 'c1', pseudonym: 'P-001', clinic: 'North', doctor: 'Dr A', notes: '', status: 'planning',
      createdAt: 1, updatedAt: 2, demo: false, arches: {},
    });
    const before = await db.getAll('cases');
    db.close();

    // Force a versionchange and run every step from scratch over the existing data.
    let done!: Promise<void>;
    const raw = await openRaw(factory, 'lib', DB_VERSION + 1, (rawDb, rawTx) => {
      done = runUpgrades(
        wrap(rawDb) as unknown as IDBPDatabase<unknown>,
        wrap(rawTx) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>,
        0,
        DB_VERSION,
      );
    });
    await done;
    expect([...raw.objectStoreNames].sort()).toEqual(['audit', 'blobs', 'cases', 'plans', 'protocols', 'review', 'settings']);
    expect(await request(raw.transaction('cases').objectStore('cases').getAll())).toEqual(before);
    raw.close();
  });
});
