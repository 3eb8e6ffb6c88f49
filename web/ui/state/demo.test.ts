import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { createRoot } from 'solid-js';
import type { DemoCase } from '../../geometry/demo/index.ts';
import { decodeMesh } from '../../geometry/mesh-binary.ts';
import { createLibraryStore } from './library.ts';
import { labelledTeeth, openDemoCase } from './demo.ts';
import { freshLibrary, tinyArch } from './test-support.ts';

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

  test('a failure half-way leaves no half-made demo behind', async () => {
    const lib = await freshLibrary(new IDBFactory());
    const library = createRoot(() => createLibraryStore(lib.cases));
    const broken = fakeDemo();
    const repo = { ...lib.cases, saveArch: async (...args: Parameters<typeof lib.cases.saveArch>) => {
      if (args[1].jaw === 'lower') throw new Error('disk full');
      return lib.cases.saveArch(...args);
    } };
    await expect(openDemoCase(library, repo, { generateDemo: async () => broken })).rejects.toThrow('disk full');
    expect(await lib.cases.list()).toEqual([]);
    expect(library.state.openId).toBeNull();
  });

  test('teeth are read from the labels', () => {
    expect(labelledTeeth(new Uint8Array([0, 21, 11, 11, 0, 47]))).toEqual([11, 21, 47]);
    expect(labelledTeeth(null)).toEqual([]);
  });
});
