import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../core/canonical.ts';
import { writeDicom } from '../exchange/fixtures/dicom-writer.ts';
import { RecordFileError } from '../exchange/record-files.ts';
import { createAuditRepository } from './audit.ts';
import { createRecordsRepository } from './case-records.ts';
import { freshLibrary } from './fixtures/library.ts';
import { snapshotLibrary } from './fixtures/faults.ts';

const LEAD = { name: 'Dr Lee', role: 'doctor' as const };
const png = (v = 200) => encode({ width: 2, height: 2, data: new Uint8Array(16).fill(v), channels: 4 }).slice().buffer as ArrayBuffer;
const thumb = { bytes: Uint8Array.from([0xff, 0xd8, 0xff, 1, 2]).buffer as ArrayBuffer, width: 2, height: 2 };

async function library() {
  const lib = await freshLibrary();
  let n = 0;
  const records = createRecordsRepository(lib.db, { now: () => lib.clock.t, newId: () => `r-${++n}`, actor: () => LEAD });
  return { ...lib, records, audit: createAuditRepository(lib.db) };
}

describe('case records store', () => {
  it('adds a photo, a DICOM radiograph and a note, lists them oldest first, loads and removes them, each audited', async () => {
    const { cases, records, audit, clock, db } = await library();
    const c = await cases.create({ pseudonym: 'P-1' });
    const photo = await records.add(c.id, { fileName: 'smile.png', bytes: png(), recordKind: 'extraoral-smiling', width: 2, height: 2, thumbnail: thumb });
    clock.t += 5;
    const dcm = writeDicom({ rows: 4, cols: 4, bits: 16, seed: 3 });
    const xray = await records.add(c.id, { fileName: 'pano.dcm', bytes: dcm.buffer, recordKind: 'panoramic' });
    clock.t += 5;
    const note = await records.addNote(c.id, '  Patient reports clicking on the left.  ');

    expect(photo).toMatchObject({ caseId: c.id, recordKind: 'extraoral-smiling', fileName: 'smile.png', mediaType: 'image/png', addedBy: LEAD, width: 2, thumbId: 'r-2' });
    expect(xray).toMatchObject({ recordKind: 'panoramic', mediaType: 'application/dicom', size: dcm.byteLength });
    expect(xray.thumbId).toBeUndefined();
    expect(note).toMatchObject({ recordKind: 'notes', mediaType: 'text/plain', fileName: '' });
    expect((await records.list(c.id)).map((r) => r.id)).toEqual([photo.id, xray.id, note.id]);
    expect(new TextDecoder().decode((await records.load(c.id, note.id)).bytes)).toBe('Patient reports clicking on the left.');
    expect(new Uint8Array(await records.thumbnail(c.id, photo.id) ?? new ArrayBuffer(0))).toEqual(new Uint8Array(thumb.bytes));

    const trail = (await audit.list(c.id));
    const added = trail.filter((e) => e.kind === 'record-added');
    expect(added.map((e) => e.summary)).toEqual(['Added Extraoral frontal smiling photo (smile.png)', 'Added Panoramic radiograph (pano.dcm)', 'Added Clinical notes']);
    expect(added[1].detail).toEqual({ record: xray.id, kind: 'panoramic', file: 'pano.dcm', sha256: sha256Hex(dcm) });
    expect(added[0].actor).toEqual(LEAD);

    await records.remove(c.id, photo.id);
    expect((await records.list(c.id)).map((r) => r.id)).toEqual([xray.id, note.id]);
    // The thumbnail went with it.
    expect((await db.getAllFromIndex('blobs', 'by-case', c.id)).map((b) => b.kind).sort()).toEqual(['record', 'record']);
    const removed = (await audit.list(c.id)).filter((e) => e.kind === 'record-removed');
    expect(removed.map((e) => e.summary)).toEqual(['Removed Extraoral frontal smiling photo (smile.png)']);
    expect((await audit.verify(c.id)).ok).toBe(true);
  });

  it('keeps each case\'s records to itself: another case lists none and cannot read, remove or thumbnail them', async () => {
    const { cases, records } = await library();
    const a = await cases.create({ pseudonym: 'A' });
    const b = await cases.create({ pseudonym: 'B' });
    const photo = await records.add(a.id, { fileName: 'front.png', bytes: png(), recordKind: 'intraoral-frontal', thumbnail: thumb });
    expect(await records.list(b.id)).toEqual([]);
    await expect(records.load(b.id, photo.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(records.remove(b.id, photo.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(records.saveThumbnail(b.id, photo.id, thumb)).rejects.toMatchObject({ code: 'not-found' });
    expect(await records.thumbnail(b.id, photo.id)).toBeUndefined();
    expect(await records.list(a.id)).toHaveLength(1);
  });

  it('a refused file leaves storage untouched: wrong content, too large, unknown case, blank note', async () => {
    const { cases, records, db } = await library();
    const c = await cases.create({ pseudonym: 'P' });
    const before = await snapshotLibrary(db, { records: true });
    const jpegNamedPng = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).buffer as ArrayBuffer;
    const refused = await records.add(c.id, { fileName: 'smile.png', bytes: jpegNamedPng, recordKind: 'extraoral-smiling' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RecordFileError);
    expect((refused as Error).message).toBe('smile.png was not added: it is named as a PNG image but its content is a JPEG image. Nothing was stored.');
    await expect(records.add(c.id, { fileName: 'pano.dcm', bytes: png(), recordKind: 'panoramic' })).rejects.toThrow(/pano\.dcm was not added/);
    await expect(records.add('nope', { fileName: 'a.png', bytes: png(), recordKind: 'panoramic' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(records.addNote(c.id, '   ')).rejects.toThrow('A note needs some text');
    await expect(records.add(c.id, { fileName: 'a.png', bytes: png(), recordKind: 'upper-scan' })).rejects.toThrow(TypeError);
    expect(await snapshotLibrary(db, { records: true })).toEqual(before);
  });

  it('a thumbnail made again replaces any earlier one and is not audited', async () => {
    const { cases, records, audit } = await library();
    const c = await cases.create();
    const photo = await records.add(c.id, { fileName: 'a.png', bytes: png(), recordKind: 'extraoral-profile' });
    const events = (await audit.list(c.id)).length;
    await records.saveThumbnail(c.id, photo.id, thumb);
    await records.saveThumbnail(c.id, photo.id, { ...thumb, width: 3 });
    const [listed] = await records.list(c.id);
    expect(listed.thumbId).toBeDefined();
    expect((await audit.list(c.id)).length).toBe(events);
  });

  it('duplicating a case copies its records and thumbnails under new ids; deleting a case takes them along', async () => {
    const { cases, records, db } = await library();
    const c = await cases.create({ pseudonym: 'P' });
    const photo = await records.add(c.id, { fileName: 'a.png', bytes: png(), recordKind: 'extraoral-profile', thumbnail: thumb });
    const copy = await cases.duplicate(c.id);
    const copied = await records.list(copy.id);
    expect(copied).toHaveLength(1);
    expect(copied[0].id).not.toBe(photo.id);
    expect(copied[0].thumbId).toBeDefined();
    expect(copied[0].thumbId).not.toBe(photo.thumbId);
    await cases.remove(c.id);
    expect(await db.getAllFromIndex('blobs', 'by-case', c.id)).toEqual([]);
    expect(await records.list(copy.id)).toHaveLength(1);
  });
});
