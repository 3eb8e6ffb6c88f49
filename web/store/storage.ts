// Browser storage health: whether the browser promised not to evict the case library, and
// how much of the quota it uses. Each answer is null where the browser (or Node) cannot say.

export interface StorageState {
  persisted: boolean | null;
  usageBytes: number | null;
  quotaBytes: number | null;
}

function storageManager(): StorageManager | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/**
 * Asks the browser to keep the library even under storage pressure. True when granted (or
 * already granted), false when refused, null when the browser has no such request.
 */
export async function requestPersistentStorage(): Promise<boolean | null> {
  const storage = storageManager();
  if (!storage?.persist) return null;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

export async function readStorageState(): Promise<StorageState> {
  const storage = storageManager();
  const state: StorageState = { persisted: null, usageBytes: null, quotaBytes: null };
  if (!storage) return state;
  try {
    if (storage.persisted) state.persisted = await storage.persisted();
  } catch {
    // Some browsers throw in private windows; leave it unknown.
  }
  try {
    if (storage.estimate) {
      const estimate = await storage.estimate();
      state.usageBytes = estimate.usage ?? null;
      state.quotaBytes = estimate.quota ?? null;
    }
  } catch {
    // As above: unknown rather than wrong.
  }
  return state;
}
