import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { createRoot } from 'solid-js';
import type { DemoCase } from '../../geometry/demo/index.ts';
import { decodeMesh } from '../../geometry/mesh-binary.ts';
import { createLibraryStore } from './library.ts';
import { labelledTeeth, openDemoCase } from './demo.ts';
import { freshLibrary, tinyArch } from './fixtures/library.ts';

function fakeDemo(): DemoCase {
  return {
    seed: 7,
    pseudonym: 'Demo patient',
    notes: 'Lower anterior crowding, upper diastema.',
    arches: { upper: { jaw: 'upper', mesh: tinyArch([11, 21, 12]) }, lower: { jaw: 'lower', mesh: tinyArch([31, 41]) } },
    malpositions: {},
  };
}

describe('opening the demo case', () => {
  test('one call makes a demo case with both arches saved, and opens it', async () => {
    const lib = await freshLibrary(new IDBFactory());
    const library = createRoot(() => createLibraryStore(lib.cases));
    await library.refresh();
    let generated = 0;
    const importer = { generateDemo: async () => { generated++; return fakeDemo(); } };

    const record = await openDemoCase(library, lib.cases, importer, () => 5);
    expect(record).toMatchObject({ demo: true, pseudonym: 'Demo patient', notes: 'Lower anterior crowding, upper diastema.' });
    expect(record.arches.upper).toMatchObject({ teeth: [11, 12, 21], format: 'generated', importedAt: 5 });
    expect(record.arches.lower?.teeth).toEqual([31, 41]);
    expect(library.state.openId).toBe(record.id);
    expect(library.state.cases.map((c) => c.id)).toEqual([record.id]);
    const lower = decodeMesh((await lib.cases.loadArchMesh(record.id, 'lower'))!);
    expect(Array.from(lower.labels!)).toEqual(Array.from(tinyArch([31, 41]).labels!));

    // A second click opens the same case rather than making another.
    library.open(null);
    const again = await openDemoCase(library, lib.cases, importer);
    expect(again.id).toBe(record.id);
    expect(library.state.openId).toBe(record.id);
    expect(generated).toBe(1);
  });

  test('a failure half-way (the tab closed, the disk full) leaves no half-made demo behind: the case and its scans are one write', async () => {
    const lib = await freshLibrary(new IDBFactory());
    const library = createRoot(() => createLibraryStore(lib.cases));
    // The demo is written with createWithArches, whose atomicity store/atomicity.test.ts proves;
    // nothing else may write a case first and its scans later.
    const repo = { ...lib.cases,
      create: async () => { throw new Error('the demo must not be written as an empty case first'); },
      saveArch: async () => { throw new Error('the demo\'s scans must not be written one by one'); },
      createWithArches: async () => { throw new Error('disk full'); } };
    await expect(openDemoCase(library, repo, { generateDemo: async () => fakeDemo() })).rejects.toThrow(/disk full/);
    expect(await lib.cases.list(), 'no case written').toEqual([]);
    expect(library.state.openId).toBeNull();
  });

  test('a demo case left without its arches (by an older studio killed half-way) is made again, not reopened empty forever', async () => {
    const lib = await freshLibrary(new IDBFactory());
    const library = createRoot(() => createLibraryStore(lib.cases));
    const empty = await lib.cases.create({ pseudonym: 'Demo patient', demo: true });
    await library.refresh();
    const record = await openDemoCase(library, lib.cases, { generateDemo: async () => fakeDemo() });
    expect(record.id).not.toBe(empty.id);
    expect(Object.keys(record.arches).sort()).toEqual(['lower', 'upper']);
    expect((await lib.cases.list()).map((c) => c.id)).toEqual([record.id]);
    expect(library.state.cases.map((c) => c.id)).toEqual([record.id]);
    expect(library.state.openId).toBe(record.id);
  });

  test('teeth are read from the labels', () => {
    expect(labelledTeeth(new Uint8Array([0, 21, 11, 11, 0, 47]))).toEqual([11, 21, 47]);
    expect(labelledTeeth(null)).toEqual([]);
  });
});
