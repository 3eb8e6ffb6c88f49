import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStudioDb } from './db.ts';
import { createSettingsRepository } from './settings.ts';
import { readStorageState, requestPersistentStorage } from './storage.ts';
import { freshLibrary } from './fixtures/library.ts';

describe('settings', () => {
  it('returns the fallback until set, then the stored value, across reopen', async () => {
    const { db, factory } = await freshLibrary('settings');
    const settings = createSettingsRepository(db);
    expect(await settings.get('engine.backend', 'auto')).toBe('auto');
    await settings.set('engine.backend', 'wasm');
    await settings.set('ui.layout', { panels: ['table', 'chart'], width: 320 });
    await settings.set('engine.backend', 'webgpu');
    db.close();

    const reopened = createSettingsRepository(await openStudioDb('settings', factory));
    expect(await reopened.get('engine.backend', 'auto')).toBe('webgpu');
    expect(await reopened.get('ui.layout', null)).toEqual({ panels: ['table', 'chart'], width: 320 });
    expect(await reopened.get('ui.numbering', 'fdi')).toBe('fdi');
  });
});

describe('storage health', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('answers null where there is no navigator.storage (Node)', async () => {
    vi.stubGlobal('navigator', undefined);
    expect(await readStorageState()).toEqual({ persisted: null, usageBytes: null, quotaBytes: null });
    expect(await requestPersistentStorage()).toBeNull();
  });

  it('reads persistence and quota from navigator.storage, asking for persistence only when not granted', async () => {
    let granted = false;
    const persist = vi.fn(async () => (granted = true));
    vi.stubGlobal('navigator', {
      storage: { persisted: async () => granted, persist, estimate: async () => ({ usage: 12_345, quota: 1_000_000 }) },
    });
    expect(await readStorageState()).toEqual({ persisted: false, usageBytes: 12_345, quotaBytes: 1_000_000 });
    expect(await requestPersistentStorage()).toBe(true);
    expect(await requestPersistentStorage()).toBe(true);
    expect(persist).toHaveBeenCalledTimes(1);
    expect((await readStorageState()).persisted).toBe(true);
  });

  it('a refused request reports false', async () => {
    vi.stubGlobal('navigator', { storage: { persisted: async () => false, persist: async () => false } });
    expect(await requestPersistentStorage()).toBe(false);
    expect(await readStorageState()).toEqual({ persisted: false, usageBytes: null, quotaBytes: null });
  });
});
