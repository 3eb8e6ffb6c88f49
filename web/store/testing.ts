// Test support only (imported by *.test.ts, never by the app): a fault-injecting wrapper
// that makes one store operation fail the way a full disk or a closing tab would, and a
// snapshot of the whole library to prove a failed write changed nothing.
import type { BlobRecord, PlanRecord, StudioDb, StudioStore } from './db.ts';
import type { CaseRecord } from '../core/types.ts';

export interface Fault {
  store: StudioStore;
  method: 'put' | 'add' | 'delete';
  /** Calls that succeed before the failing one (default 0). */
  skip?: number;
  /**
   * 'quota': the request rejects with a QuotaExceededError DOMException, as a full disk does.
   * 'abort': the transaction is aborted under our feet, as when the tab closes.
   * An Error: thrown as is, as a bug in our own code would.
   */
  fail: 'quota' | 'abort' | Error;
}

const bound = (target: object, prop: string | symbol): unknown => {
  const value = Reflect.get(target, prop, target);
  return typeof value === 'function' ? value.bind(target) : value;
};

/** The same database, except that the operation named by `fault` fails once its turn comes. */
export function withFault(db: StudioDb, fault: Fault): StudioDb {
  let calls = 0;
  const failing = (tx: { abort(): void }) => () => {
    if (fault.fail === 'quota') return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    if (fault.fail === 'abort') {
      tx.abort();
      return Promise.reject(new DOMException('The transaction was aborted.', 'AbortError'));
    }
    return Promise.reject(fault.fail);
  };
  const wrapStore = (tx: { abort(): void }, store: object, name: string) =>
    new Proxy(store, {
      get(target, prop) {
        if (name !== fault.store || prop !== fault.method) return bound(target, prop);
        const real = bound(target, prop) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => (calls++ < (fault.skip ?? 0) ? real(...args) : failing(tx)());
      },
    });
  const wrapTx = (tx: { abort(): void; objectStoreNames: DOMStringList }) =>
    new Proxy(tx, {
      get(target, prop) {
        if (prop === 'objectStore') {
          return (name: string) => wrapStore(target, (target as unknown as IDBTransaction).objectStore(name), name);
        }
        if (prop === 'store') return wrapStore(target, Reflect.get(target, prop, target) as object, target.objectStoreNames[0]);
        return bound(target, prop);
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== 'transaction') return bound(target, prop);
      return (...args: Parameters<StudioDb['transaction']>) => wrapTx(target.transaction(...args));
    },
  });
}

export interface LibrarySnapshot {
  cases: CaseRecord[];
  blobs: Omit<BlobRecord, 'bytes'>[];
  /** Blob bytes as hex, by blob id: equal snapshots mean byte-identical blobs. */
  bytes: Record<string, string>;
  plans: PlanRecord[];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (b) => HEX[b]).join('');

export async function snapshotLibrary(db: StudioDb): Promise<LibrarySnapshot> {
  const cases = await db.getAll('cases');
  const blobs = await db.getAll('blobs');
  const plans = await db.getAll('plans');
  return {
    cases,
    blobs: blobs.map(({ bytes: _bytes, ...rest }) => rest),
    bytes: Object.fromEntries(blobs.map((b) => [b.id, hex(b.bytes)])),
    plans,
  };
}
