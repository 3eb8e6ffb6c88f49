// Backups carry a case's photographs, radiographs and notes (backup version 4): they come back
// as they were, thumbnails still naming their records, and a record whose bytes are not the
// file it says is refused with nothing restored.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { writeDicom } from '../exchange/fixtures/dicom-writer.ts';
import { exportBackup, restoreBackup } from './backup.ts';
import { BACKUP_VERSION } from './backup-format.ts';
import { createRecordsRepository } from './case-records.ts';
import { freshLibrary, sameBytes } from './fixtures/library.ts';
import { snapshotLibrary } from './fixtures/faults.ts';

const png = () => encode({ width: 2, height: 2, data: new Uint8Array(16).fill(90), channels: 4 }).slice().buffer as ArrayBuffer;
const thumb = { bytes: Uint8Array.from([0xff, 0xd8, 0xff, 7, 7]).buffer as ArrayBuffer, width: 2, height: 2 };

async function source() {
  const lib = await freshLibrary('source');
  const records = createRecordsRepository(lib.db, { now: () => lib.clock.t });
  const c = await lib.cases.create({ pseudonym: 'P-301' });
  const photo = await records.add(c.id, { fileName: 'smile.png', bytes: png(), recordKind: 'extraoral-smiling', width: 2, height: 2, thumbnail: thumb });
  const dcm = writeDicom({ rows: 4, cols: 4, bits: 16, seed: 11 });
  await records.add(c.id, { fileName: 'pano.dcm', bytes: dcm.buffer, recordKind: 'panoramic' });
  await records.addNote(c.id, 'Deep bite, seed 11');
  return { lib, records, caseId: c.id, photo, zip: await exportBackup(lib.db) };
}

function tamper(zip: Uint8Array, edit: (manifest: { blobs: Record<string, unknown>[] }, files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  const manifest = JSON.parse(strFromU8(files['backup.json']));
  edit(manifest, files);
  files['backup.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files);
}

describe('backup with case records (seed 11)', () => {
  it('restores every record with its kind, file name, who added it and its thumbnail', async () => {
    const { records, caseId, zip } = await source();
    expect(JSON.parse(strFromU8(unzipSync(zip)['backup.json'])).version).toBe(BACKUP_VERSION);
    const target = await freshLibrary('target');
    const restored = createRecordsRepository(target.db);
    await restoreBackup(target.db, zip);
    const before = await records.list(caseId);
    const after = await restored.list(caseId);
    expect(after).toEqual(before);
    for (const r of before) {
      expect(sameBytes((await restored.load(caseId, r.id)).bytes, (await records.load(caseId, r.id)).bytes)).toBe(true);
    }
    expect(after.find((r) => r.recordKind === 'extraoral-smiling')?.thumbId).toBeDefined();
  });

  it('a case restored as a copy keeps each thumbnail on its own record', async () => {
    const { zip, caseId } = await source();
    const target = await freshLibrary('target');
    await restoreBackup(target.db, zip);
    await target.cases.update(caseId, { notes: 'edited here' });
    await restoreBackup(target.db, zip);
    const copy = (await target.cases.list()).find((c) => c.pseudonym.endsWith('(restored)'))!;
    const listed = await createRecordsRepository(target.db).list(copy.id);
    expect(listed).toHaveLength(3);
    const blobs = await target.db.getAllFromIndex('blobs', 'by-case', copy.id);
    const thumbOf = blobs.find((b) => b.kind === 'record-thumb')!.thumbnailOf;
    expect(blobs.find((b) => b.id === thumbOf)?.recordKind).toBe('extraoral-smiling');
  });

  it('refuses a record whose bytes are not the file it says, even with a matching checksum, restoring nothing', async () => {
    const { zip, photo } = await source();
    const bad = tamper(zip, (m, files) => {
      const fake = Uint8Array.from([0xff, 0xd8, 0xff, 0, 1, 2]);
      files[`blobs/${photo.id}.bin`] = fake;
      const entry = m.blobs.find((b) => b.id === photo.id)!;
      entry.size = fake.byteLength;
      entry.sha256 = undefined;
    });
    const target = await freshLibrary('target');
    const before = await snapshotLibrary(target.db, { records: true });
    await expect(restoreBackup(target.db, bad)).rejects.toThrow(/is not the image\/png file it says \(smile\.png was not added: it is named as a PNG image but its content is a JPEG image/);
    expect(await snapshotLibrary(target.db, { records: true })).toEqual(before);
  });

  it('refuses a record of an unknown kind and a thumbnail of nothing', async () => {
    const { zip, photo } = await source();
    const target = await freshLibrary('target');
    const kind = tamper(zip, (m) => { m.blobs.find((b) => b.id === photo.id)!.recordKind = 'selfie'; });
    await expect(restoreBackup(target.db, kind)).rejects.toThrow(/is a record of no kind this studio knows \(selfie\)/);
    const orphan = tamper(zip, (m) => { m.blobs.find((b) => b.kind === 'record-thumb')!.thumbnailOf = 'nothing'; });
    await expect(restoreBackup(target.db, orphan)).rejects.toThrow(/is a thumbnail of no record of its case/);
    expect(await target.db.count('cases')).toBe(0);
  });
});
