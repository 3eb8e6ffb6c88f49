// Interrupted writes: a save that fails or is aborted half-way, or that hits a full disk,
// leaves the library exactly as it was (proved by a full snapshot, bytes included).
import { describe, expect, it } from 'vitest';
import { createCaseRepository } from './cases.ts';
import { StoreError } from './db.ts';
import { createSettingsRepository } from './settings.ts';
import { archInfo, freshLibrary, meshBytes, sameBytes } from './fixtures/library.ts';
import { snapshotLibrary, withFault } from './fixtures/faults.ts';
import type { Fault } from './fixtures/faults.ts';

/** A library with one case holding an upper arch. */
async function libraryWithUpperArch() {
  const lib = await freshLibrary();
  const c = await lib.cases.create({ pseudonym: 'P-100' });
  await lib.cases.saveArch(c.id, archInfo('upper'), meshBytes(11));
  return { ...lib, caseId: c.id };
}

/** That library, a snapshot of it, and a case repository over the same db with `fault`. */
async function caseWithUpperArch(fault: Fault) {
  const lib = await libraryWithUpperArch();
  let n = 0;
  const faulty = createCaseRepository(withFault(lib.db, fault), { now: () => lib.clock.t + 5, newId: () => `faulty-${++n}` });
  return { ...lib, faulty, before: await snapshotLibrary(lib.db) };
}

describe('interrupted saveArch changes nothing', () => {
  const faults: [string, Fault][] = [
    ['an error after the new blob was put, before the case was', { store: 'cases', method: 'put', fail: new Error('bug between the two puts') }],
    ['an error after both puts, while dropping the old blob', { store: 'blobs', method: 'delete', fail: new Error('bug at the last step') }],
    ['the transaction aborted under it (tab closing) after the blob put', { store: 'cases', method: 'put', fail: 'abort' }],
  ];
  for (const [what, fault] of faults) {
    it(what, async () => {
      const { db, cases, faulty, caseId, before } = await caseWithUpperArch(fault);
      await expect(faulty.saveArch(caseId, archInfo('upper', 9), meshBytes(12))).rejects.toThrow();
      expect(await snapshotLibrary(db)).toEqual(before);
      expect(sameBytes(await cases.loadArchMesh(caseId, 'upper'), meshBytes(11))).toBe(true);
    });
  }

  it('an abort surfaces as StoreError "aborted"', async () => {
    const { faulty, caseId } = await caseWithUpperArch({ store: 'cases', method: 'put', fail: 'abort' });
    const error = await faulty.saveArch(caseId, archInfo('lower'), meshBytes(13)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('aborted');
  });

  it('a full disk surfaces as StoreError "quota" with a message that says what to do', async () => {
    const { db, faulty, caseId, before } = await caseWithUpperArch({ store: 'cases', method: 'put', fail: 'quota' });
    const error = await faulty.saveArch(caseId, archInfo('lower'), meshBytes(14)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('quota');
    expect((error as StoreError).message).toMatch(/save the lower arch.*storage.*full.*Nothing was changed/);
    expect(await snapshotLibrary(db)).toEqual(before);
  });
});

describe('other writes are all-or-nothing too', () => {
  it('duplicate failing on its second blob copy leaves no half copy', async () => {
    const { db, cases, caseId } = await libraryWithUpperArch();
    await cases.saveArch(caseId, archInfo('lower'), meshBytes(15));
    const before = await snapshotLibrary(db);
    const faulty = createCaseRepository(withFault(db, { store: 'blobs', method: 'add', skip: 1, fail: 'quota' }));
    await expect(faulty.duplicate(caseId)).rejects.toMatchObject({ code: 'quota' });
    expect(await snapshotLibrary(db)).toEqual(before);
  });

  it('remove aborted after deleting the blobs keeps the case and its meshes', async () => {
    const { db, caseId } = await libraryWithUpperArch();
    const before = await snapshotLibrary(db);
    const faulty = createCaseRepository(withFault(db, { store: 'cases', method: 'delete', fail: 'abort' }));
    await expect(faulty.remove(caseId)).rejects.toMatchObject({ code: 'aborted' });
    expect(await snapshotLibrary(db)).toEqual(before);
  });

  it('a setting that hits the quota is not saved and says so', async () => {
    const { db } = await freshLibrary();
    const settings = createSettingsRepository(db);
    await settings.set('ui.numbering', 'fdi');
    const faulty = createSettingsRepository(withFault(db, { store: 'settings', method: 'put', fail: 'quota' }));
    await expect(faulty.set('ui.numbering', 'universal')).rejects.toMatchObject({ code: 'quota' });
    expect(await settings.get('ui.numbering', 'none')).toBe('fdi');
  });
});

describe('a case created with its arches (the demo case) is one write', () => {
  const faults: [string, Fault][] = [
    ['the tab closing after the first scan was written', { store: 'blobs', method: 'add', skip: 1, fail: 'abort' }],
    ['a full disk on the second scan', { store: 'blobs', method: 'add', skip: 1, fail: 'quota' }],
    ['a failure writing the case after both scans', { store: 'cases', method: 'add', fail: new Error('bug at the last step') }],
  ];
  for (const [what, fault] of faults) {
    it(`leaves no case and no scan behind: ${what}`, async () => {
      const { db, faulty, before } = await caseWithUpperArch(fault);
      const arches = [{ arch: archInfo('upper'), meshBytes: meshBytes(21) }, { arch: archInfo('lower'), meshBytes: meshBytes(22) }];
      await expect(faulty.createWithArches({ pseudonym: 'Demo', demo: true }, arches)).rejects.toThrow();
      expect(await snapshotLibrary(db)).toEqual(before);
    });
  }

  it('writes the case pointing at both scans when nothing fails', async () => {
    const lib = await freshLibrary();
    const record = await lib.cases.createWithArches({ pseudonym: 'Demo', demo: true },
      [{ arch: archInfo('upper'), meshBytes: meshBytes(21) }, { arch: archInfo('lower'), meshBytes: meshBytes(22) }]);
    expect(await lib.cases.get(record.id)).toEqual(record);
    expect(sameBytes(await lib.cases.loadArchMesh(record.id, 'lower'), meshBytes(22))).toBe(true);
    await expect(lib.cases.createWithArches({}, [{ arch: archInfo('upper'), meshBytes: meshBytes(1) }, { arch: archInfo('upper'), meshBytes: meshBytes(2) }]))
      .rejects.toThrow(/one arch per jaw/);
  });
});
