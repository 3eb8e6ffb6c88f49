// Test support for the Node tests of web/store: a fresh fake IndexedDB per test, a clock
// and id source that tests control, and small arch records and mesh bytes.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { ArchRecord, Jaw } from '../core/types.ts';
import { createCaseRepository } from './cases.ts';
import type { CaseRepository } from './cases.ts';
import { openStudioDb } from './db.ts';
import type { StudioDb } from './db.ts';

export interface TestLibrary {
  db: StudioDb;
  factory: IDBFactory;
  cases: CaseRepository;
  clock: { t: number };
}

/** A new database in a factory of its own, so tests never see each other's data. */
export async function freshLibrary(name = 'test-library'): Promise<TestLibrary> {
  const factory = new IDBFactory();
  const db = await openStudioDb(name, factory);
  const clock = { t: 1_700_000_000_000 };
  let n = 0;
  const cases = createCaseRepository(db, { now: () => clock.t, newId: () => `id-${++n}` });
  return { db, factory, cases, clock };
}

export function archInfo(jaw: Jaw, vertexCount = 4): Omit<ArchRecord, 'meshBlobId'> {
  return {
    jaw,
    sourceFiles: [`${jaw}.stl`],
    format: 'stl-binary',
    vertexCount,
    triangleCount: vertexCount * 2 - 4,
    teeth: jaw === 'upper' ? [11, 21] : [31, 41],
    unitScale: 1,
    importedAt: 1_700_000_000_000,
  };
}

/** Deterministic bytes (xorshift32 from `seed`), standing in for an encoded mesh. */
export function meshBytes(seed: number, length = 256): ArrayBuffer {
  const out = new Uint8Array(length);
  let x = seed | 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out.buffer;
}

export function sameBytes(a: ArrayBuffer | Uint8Array | undefined, b: ArrayBuffer | Uint8Array | undefined): boolean {
  if (!a || !b) return false;
  const x = a instanceof Uint8Array ? a : new Uint8Array(a);
  const y = b instanceof Uint8Array ? b : new Uint8Array(b);
  return x.byteLength === y.byteLength && x.every((v, i) => v === y[i]);
}
