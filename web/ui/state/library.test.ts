import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test, vi } from 'vitest';
import { createRoot, createSignal } from 'solid-js';
import { openLibrary } from '../../store/library.ts';
import { createLibraryStore } from './library.ts';
import type { CaseRepository } from '../../store/cases.ts';
import { freshLibrary, tinyArch } from './fixtures/library.ts';
import { encodeMesh } from '../../geometry/mesh-binary.ts';

/** Other tabs' messages and autosaves arrive when a busy machine gets to them: wait long, not fixed. */
const BUSY_MACHINE = { timeout: 30_000, interval: 20 };

const inRoot = <T>(fn: () => T): T => createRoot(() => fn());

describe('case library store (real repository on fake IndexedDB)', () => {
  test('a new case appears first and opens', async () => {
    const lib = await freshLibrary(new IDBFactory());
    const store = inRoot(() => createLibraryStore(lib.cases));
    await store.refresh();
    expect(store.state.loaded).toBe(true);
    expect(store.state.cases).toEqual([]);
    const a = await store.create({ pseudonym: 'Patient A' });
    const b = await store.create({ pseudonym: 'Patient B' });
    expect(store.state.cases.map((c) => c.pseudonym)).toEqual(['Patient B', 'Patient A']);
    expect(store.state.openId).toBe(b.id);
    expect(store.openCase()?.id).toBe(b.id);
    store.open(a.id);
    expect(store.openCase()?.pseudonym).toBe('Patient A');
  });

  test('editing a case moves it to the top and survives a refresh', async () => {
    const lib = await freshLibrary(new IDBFactory());
    const store = inRoot(() => createLibraryStore(lib.cases));
    const a = await store.create({ pseudonym: 'Patient A' });
    await store.create({ pseudonym: 'Patient B' });
    await store.update(a.id, { pseudonym: 'Patient A-17', clinic: 'North' });
    expect(store.state.cases[0]).toMatchObject({ id: a.id, pseudonym: 'Patient A-17', clinic: 'North', status: 'new' });
    const again = inRoot(() => createLibraryStore(lib.cases));
    await again.refresh();
    expect(again.state.cases[0]).toMatchObject({ id: a.id, pseudonym: 'Patient A-17' });
  });

  test('delete then undo brings back the case and its scan bytes exactly', async () => {
    const lib = await freshLibrary(new IDBFactory());
    const store = inRoot(() => createLibraryStore(lib.cases));
    const c = await store.create({ pseudonym: 'Patient C' });
    const bytes = encodeMesh(tinyArch([11, 21]));
    const saved = await lib.cases.saveArch(c.id, {
      jaw: 'upper', sourceFiles: ['upper.stl'], format: 'stl-binary', vertexCount: 11, triangleCount: 9, teeth: [11, 21], unitScale: 1, importedAt: 1,
    }, bytes);
    store.upsert(saved);

    const deleted = await store.remove(c.id);
    expect(deleted?.record.id).toBe(c.id);
    expect(store.state.cases).toEqual([]);
    expect(store.state.openId).toBeNull();
    expect(store.lastDeleted()).not.toBeNull();
    expect(await lib.cases.get(c.id)).toBeUndefined();

    expect(await store.undoDelete()).toBe(true);
    expect(store.lastDeleted()).toBeNull();
    expect(store.state.openId).toBe(c.id);
    expect(store.state.cases.map((x) => x.id)).toEqual([c.id]);
    const back = await lib.cases.loadArchMesh(c.id, 'upper');
    expect(new Uint8Array(back!)).toEqual(new Uint8Array(bytes));
    expect(await store.undoDelete()).toBe(false);
  });

  test('duplicate opens the copy and leaves the original', async () => {
    const lib = await freshLibrary(new IDBFactory());
    const store = inRoot(() => createLibraryStore(lib.cases));
    const c = await store.create({ pseudonym: 'Patient D' });
    const copy = await store.duplicate(c.id);
    expect(copy?.id).not.toBe(c.id);
    expect(store.state.openId).toBe(copy!.id);
    expect(store.state.cases.map((x) => x.id).sort()).toEqual([c.id, copy!.id].sort());
    expect(copy!.pseudonym).toContain('Patient D');
  });

  test('a case opens for editing or for review; switching cases takes the new one\'s mode, and a doctor only reviews', async () => {
    const lib = await freshLibrary(new IDBFactory());
    const [doctor, setDoctor] = createSignal(false);
    const store = inRoot(() => createLibraryStore(lib.cases, { reviewOnly: doctor }));
    const a = await store.create({ pseudonym: 'Patient G' });
    const b = await store.create({ pseudonym: 'Patient H' });
    expect(store.state).toMatchObject({ openId: b.id, openMode: 'edit' });
    store.open(a.id, 'review');
    expect(store.state).toMatchObject({ openId: a.id, openMode: 'review' });
    store.open(b.id);
    expect(store.state).toMatchObject({ openId: b.id, openMode: 'edit' });
    store.setMode('review');
    expect(store.state.openMode).toBe('review');
    store.setMode('edit');

    setDoctor(true);
    store.open(a.id, 'edit');
    expect(store.state).toMatchObject({ openId: a.id, openMode: 'review' });
    store.setMode('edit');
    expect(store.state.openMode).toBe('review');
    const copy = await store.duplicate(a.id);
    expect(store.state).toMatchObject({ openId: copy!.id, openMode: 'review' });
    setDoctor(false);
    store.open(a.id);
    expect(store.state).toMatchObject({ openId: a.id, openMode: 'edit' });
  });

  test('a failing repository shows an error instead of throwing', async () => {
    const failing = {
      list: async () => { throw new Error('disk on fire'); },
      update: async () => { throw new Error('quota exceeded'); },
    } as unknown as CaseRepository;
    const store = inRoot(() => createLibraryStore(failing));
    await store.refresh();
    expect(store.state.loaded).toBe(true);
    expect(store.state.error).toContain('disk on fire');
    store.clearError();
    expect(await store.update('x', { pseudonym: 'y' })).toBeUndefined();
    expect(store.state.error).toContain('quota exceeded');
  });
});

describe('case library store with another tab on the same library', () => {
  async function twoTabs() {
    const factory = new IDBFactory();
    const a = await openLibrary({ name: 'library-tabs', factory, shareWithTabs: true });
    const b = await openLibrary({ name: 'library-tabs', factory, shareWithTabs: true });
    return { a, b };
  }

  test('fields edited from values another tab changed are refused, told, and the list shows the stored record', async () => {
    const { a, b } = await twoTabs();
    const storeB = inRoot(() => createLibraryStore(b.cases));
    const c = await a.cases.create({ pseudonym: 'Patient E', notes: 'first' });
    await storeB.refresh();
    await a.cases.update(c.id, { notes: 'from A' });
    const outcome = await storeB.saveFields(c.id, { notes: 'from B' }, { notes: 'first' });
    expect(outcome.status).toBe('conflict');
    expect(outcome.status !== 'saved' && outcome.message).toMatch(/changed in another tab/);
    expect((await a.cases.get(c.id))!.notes).toBe('from A');
    expect(storeB.state.cases.find((x) => x.id === c.id)?.notes).toBe('from A');
    const saved = await storeB.saveFields(c.id, { doctor: 'Dr B' }, { doctor: '' });
    expect(saved.status).toBe('saved');
    a.close();
    b.close();
  });

  test('the list follows what another tab creates, edits and deletes', async () => {
    const { a, b } = await twoTabs();
    const storeB = inRoot(() => createLibraryStore(b.cases));
    await storeB.refresh();
    const stop = storeB.follow(b.changes);
    const c = await a.cases.create({ pseudonym: 'Patient F' });
    await vi.waitFor(() => expect(storeB.state.cases.map((x) => x.pseudonym)).toEqual(['Patient F']), BUSY_MACHINE);
    storeB.open(c.id);
    await a.cases.update(c.id, { pseudonym: 'Patient F-2' });
    await vi.waitFor(() => expect(storeB.state.cases.map((x) => x.pseudonym)).toEqual(['Patient F-2']), BUSY_MACHINE);
    await a.cases.remove(c.id);
    await vi.waitFor(() => expect(storeB.state.cases).toEqual([]), BUSY_MACHINE);
    expect(storeB.state.openId, 'the deleted case is closed').toBeNull();
    stop();
    a.close();
    b.close();
  });
});
