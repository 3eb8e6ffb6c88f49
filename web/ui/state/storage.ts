// The header's storage health: whether the browser promised to keep our data, and how
// much of the quota the library uses.
import { createStore } from 'solid-js/store';
import type { StorageService } from '../services.ts';

export interface StorageIndicatorState {
  persisted: boolean | null;
  usageBytes: number | null;
  quotaBytes: number | null;
}

export interface StorageIndicator {
  state: StorageIndicatorState;
  refresh(): Promise<void>;
  /** Asks once at start; browsers may grant silently, prompt, or refuse. */
  requestPersistence(): Promise<void>;
}

export function createStorageIndicator(storage: StorageService): StorageIndicator {
  const [state, setState] = createStore<StorageIndicatorState>({ persisted: null, usageBytes: null, quotaBytes: null });
  async function refresh() {
    try {
      setState(await storage.read());
    } catch {
      setState({ persisted: null, usageBytes: null, quotaBytes: null });
    }
  }
  return {
    state,
    refresh,
    async requestPersistence() {
      try {
        await storage.requestPersistence();
      } finally {
        await refresh();
      }
    },
  };
}
