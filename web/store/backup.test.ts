import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportBackup, restoreBackup } from './backup.ts';
import { createCaseRepository } from './cases.ts';
import { StoreError } from './db.ts';
import { importFiles } from '../geometry/import/index.ts';
import { encodeMesh } from '../geometry/mesh-binary.ts';
import { scanBytes } from './repro/hostile-backups.ts';
import { archInfo, freshLibrary, sameBytes } from './fixtures/library.ts';
import type { TestLibrary } from './fixtures/library.ts';
import { snapshotLibrary, withFault } from './fixtures/faults.ts';

/** Two cases, three meshes, one case without arches. */
async function filledLibrary(): Promise<TestLibrary & { ids: string[] }> {
  const lib = await freshLibrary('source');
  const a = await lib.cases.create({ pseudonym: 'P-201', clinic: 'North', doctor: 'Dr Ito' });
  await lib.cases.saveArch(a.id, archInfo('upper'), scanBytes(21, 250));
  await lib.cases.saveArch(a.id, archInfo('lower'), scanBytes(22, 250));
  lib.clock.t += 1000;
  const b = await lib.cases.create({ pseudonym: 'P-202', status: 'doctor-review' });
  await lib.cases.saveArch(b.id, archInfo('upper'), scanBytes(23, 10));
  const c = await lib.cases.create({ pseudonym: 'P-203' });
  return { ...lib, ids: [a.id, b.id, c.id] };
}

/** Rewrites a backup zip: `edit` may change the manifest object and the file map. */
function tamper(zip: Uint8Array, edit: (manifest: Record<string, unknown> & { blobs: Record<string, unknown>[]; cases: Record<string, unknown>[] }, files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  const manifest = JSON.parse(strFromU8(files['backup.json']));
  edit(manifest, files);
  files['backup.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files);
}

async function expectRefused(bytes: Uint8Array, code: StoreError['code'], message: RegExp): Promise<void> {
  const target = await freshLibrary('target');
  await target.cases.create({ pseudonym: 'already here' });
  const before = await snapshotLibrary(target.db);
  const error = await restoreBackup(target.db, bytes).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  expect((error as StoreError).message).toMatch(message);
  expect(await snapshotLibrary(target.db)).toEqual(before);
}

describe('backup and restore', () => {
  it('exports a zip with a manifest (no bytes in it) and one file per blob', async () => {
    const { db } = await filledLibrary();
    const files = unzipSync(await exportBackup(db, () => 42));
    const manifest = JSON.parse(strFromU8(files['backup.json']));
    expect(manifest).toMatchObject({ format: 'aligner-studio-backup', version: 4, exportedAt: 42, plans: [] });
    expect(manifest.cases).toHaveLength(3);
    expect(manifest.blobs).toHaveLength(3);
    for (const entry of manifest.blobs) {
      expect(Object.keys(entry).sort()).toEqual(['caseId', 'createdAt', 'id', 'kind', 'sha256', 'size']);
      expect(files[`blobs/${entry.id}.bin`].byteLength).toBe(entry.size);
    }
  });

  it('restores into an empty library exactly, bytes included', async () => {
    const source = await filledLibrary();
    const target = await freshLibrary('target');
    const summary = await restoreBackup(target.db, await exportBackup(source.db));
    expect(summary).toEqual({ added: 3, skipped: 0, restoredAsCopies: 0, droppedPlans: [] });
    expect(await snapshotLibrary(target.db)).toEqual(await snapshotLibrary(source.db));
  });

  it('restoring into the same library skips every case and changes nothing', async () => {
    const { db } = await filledLibrary();
    const before = await snapshotLibrary(db);
    expect(await restoreBackup(db, await exportBackup(db))).toEqual({ added: 0, skipped: 3, restoredAsCopies: 0, droppedPlans: [] });
    expect(await snapshotLibrary(db)).toEqual(before);
  });

  it('a case edited since the backup is kept, and the backed-up version comes back as a "(restored)" copy', async () => {
    const { db, cases, ids } = await filledLibrary();
    const backup = await exportBackup(db);
    const edited = await cases.update(ids[0], { notes: 'edited after the backup' });
    await cases.saveArch(ids[0], archInfo('upper'), scanBytes(99, 5));

    expect(await restoreBackup(db, backup)).toEqual({ added: 0, skipped: 2, restoredAsCopies: 1, droppedPlans: [] });
    expect(await cases.get(ids[0])).toMatchObject({ notes: 'edited after the backup', updatedAt: expect.any(Number) });
    expect(sameBytes(await cases.loadArchMesh(ids[0], 'upper'), scanBytes(99, 5))).toBe(true);

    const copy = (await cases.list()).find((c) => c.pseudonym === 'P-201 (restored)')!;
    expect(copy.id).not.toBe(ids[0]);
    expect(copy.notes).toBe('');
    expect(copy.updatedAt).toBeLessThan(edited.updatedAt);
    expect(sameBytes(await cases.loadArchMesh(copy.id, 'upper'), scanBytes(21, 250))).toBe(true);
    expect(sameBytes(await cases.loadArchMesh(copy.id, 'lower'), scanBytes(22, 250))).toBe(true);
    const copyBlobs = await db.getAllFromIndex('blobs', 'by-case', copy.id);
    expect(copyBlobs).toHaveLength(2);
    // The original's blobs still belong to it alone.
    expect(await db.getAllFromIndex('blobs', 'by-case', ids[0])).toHaveLength(2);
  });

  it('a restore that fails half-way, or hits the quota, leaves the library as it was', async () => {
    const source = await filledLibrary();
    const backup = await exportBackup(source.db);
    for (const fail of [new Error('disk vanished'), 'quota', 'abort'] as const) {
      const target = await freshLibrary('target');
      await target.cases.create({ pseudonym: 'already here' });
      const before = await snapshotLibrary(target.db);
      const faulty = withFault(target.db, { store: 'blobs', method: 'add', skip: 2, fail });
      await expect(restoreBackup(faulty, backup)).rejects.toThrow();
      expect(await snapshotLibrary(target.db)).toEqual(before);
    }
  });

  it('refuses damaged files and writes nothing', async () => {
    const { db } = await filledLibrary();
    const good = await exportBackup(db);
    await expectRefused(new Uint8Array([1, 2, 3, 4, 5]), 'corrupt-backup', /not a readable zip/);
    await expectRefused(good.slice(0, good.byteLength - 40), 'corrupt-backup', /damaged/);
    await expectRefused(zipSync({ 'notes.txt': strToU8('hi') }), 'corrupt-backup', /backup.json is missing/);
    await expectRefused(tamper(good, (m) => { m.format = 'something-else'; }), 'corrupt-backup', /format/);
    await expectRefused(tamper(good, (m) => { m.blobs[1].size = 7; }), 'corrupt-backup', /expected 7/);
    await expectRefused(tamper(good, (m, f) => { delete f[`blobs/${m.blobs[2].id}.bin`]; }), 'corrupt-backup', /missing/);
    await expectRefused(tamper(good, (m, f) => { f[`blobs/${m.blobs[0].id}.bin`][10] ^= 0xff; }), 'corrupt-backup', /checksum/);
    await expectRefused(tamper(good, (m) => { m.cases[1].status = 'lost'; }), 'corrupt-backup', /unknown status/);
    await expectRefused(tamper(good, (m) => { m.blobs.pop(); }), 'corrupt-backup', /scan of case .* is missing/);
  });

  it('refuses a backup from a newer studio', async () => {
    const { db } = await filledLibrary();
    const newer = tamper(await exportBackup(db), (m) => { m.version = 5; });
    await expectRefused(newer, 'unknown-backup-version', /newer Aligner Studio.*version 5; this app reads version 4/);
  });

  it('a backed-up case whose blob id is taken by another case gets new blob ids, not an overwrite', async () => {
    const source = await filledLibrary();
    const backup = await exportBackup(source.db);
    const target = await freshLibrary('target');
    const taken = (await source.db.getAll('blobs'))[0].id;
    const ids = ['mine', taken];
    const targetCases = createCaseRepository(target.db, { newId: () => ids.shift()! });
    const mine = await targetCases.create({ pseudonym: 'mine' });
    await targetCases.saveArch(mine.id, archInfo('upper'), scanBytes(77));
    expect((await target.db.get('blobs', taken))?.caseId).toBe('mine');

    expect(await restoreBackup(target.db, backup)).toMatchObject({ added: 3 });
    expect(sameBytes(await target.cases.loadArchMesh(mine.id, 'upper'), scanBytes(77))).toBe(true);
    for (const c of await source.cases.list()) {
      expect((await target.cases.get(c.id))?.pseudonym).toBe(c.pseudonym);
      for (const jaw of ['upper', 'lower'] as const) {
        expect(sameBytes(await target.cases.loadArchMesh(c.id, jaw), await source.cases.loadArchMesh(c.id, jaw))).toBe(c.arches[jaw] !== undefined);
      }
    }
  });

  it('round-trips the real upper-arch-01 scan, as the studio stores it, byte for byte', async () => {
    const stl = readFileSync(new URL('../../../shared/data/scans/upper-arch-01/upper.stl', import.meta.url));
    const [arch] = importFiles([{ name: 'upper.stl', bytes: new Uint8Array(stl) }]).arches;
    const stored = encodeMesh(arch.mesh);
    const source = await freshLibrary('source');
    const c = await source.cases.create({ pseudonym: 'upper-arch-01' });
    await source.cases.saveArch(c.id, { ...archInfo('upper', arch.mesh.positions.length / 3), triangleCount: arch.mesh.indices.length / 3 }, stored);

    const target = await freshLibrary('target');
    expect(await restoreBackup(target.db, await exportBackup(source.db))).toEqual({ added: 1, skipped: 0, restoredAsCopies: 0, droppedPlans: [] });
    const restored = await target.cases.loadArchMesh(c.id, 'upper');
    expect(arch.mesh.indices.length / 3).toBe(99999);
    expect(restored?.byteLength).toBe(stored.byteLength);
    expect(sameBytes(restored, stored)).toBe(true);
  });
});
