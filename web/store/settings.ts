// Small preferences that outlive a session (compute backend, tooth numbering shown, ...).
// Values must be structured-cloneable plain data.
import type { StudioDb } from './db.ts';
import { inWriteTransaction } from './transaction.ts';

export interface SettingsRepository {
  /** The stored value, or `fallback` when the key was never set. */
  get<T>(key: string, fallback: T): Promise<T>;
  set<T>(key: string, value: T): Promise<void>;
}

export function createSettingsRepository(db: StudioDb): SettingsRepository {
  return {
    async get<T>(key: string, fallback: T): Promise<T> {
      const record = await db.get('settings', key);
      return record === undefined ? fallback : (record.value as T);
    },
    async set<T>(key: string, value: T): Promise<void> {
      await inWriteTransaction(db, ['settings'], `save the setting ${key}`, async (tx) => {
        await tx.objectStore('settings').put({ key, value });
      });
    },
  };
}
