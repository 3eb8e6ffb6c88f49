// All-or-nothing writes. IndexedDB commits a transaction as soon as it has no pending
// requests, even if our code then throws; so every write runs through here, where any
// failure (thrown by our code, a failed request, an abort) aborts the transaction before
// the error is passed on. Work must only await IndexedDB requests: awaiting anything else
// (fetch, crypto, timers) lets the transaction commit early.
import type { IDBPTransaction } from 'idb';
import type { StudioDb, StudioSchema, StudioStore } from './db.ts';
import { storeErrorFrom } from './errors.ts';

export type WriteTx<S extends StudioStore[]> = IDBPTransaction<StudioSchema, S, 'readwrite'>;

/** `action` completes "Could not ..." in the error a user sees, e.g. "save the upper arch". */
export async function inWriteTransaction<S extends StudioStore[], R>(
  db: StudioDb,
  stores: S,
  action: string,
  work: (tx: WriteTx<S>) => Promise<R>,
): Promise<R> {
  const tx = db.transaction(stores, 'readwrite');
  // Observed below; this keeps an early rejection from being reported as unhandled.
  tx.done.catch(() => undefined);
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // The transaction already aborted itself (a failed request does that).
    }
    throw storeErrorFrom(error, action);
  }
}
