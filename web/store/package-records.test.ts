// A case's records leaving one library in a package and entering another: they arrive as
// added, merge by id (never duplicated, never brought back once removed), a response package
// carries none, and a package with record bytes altered on the way is refused.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../core/review.ts';
import { writeDicom } from '../exchange/fixtures/dicom-writer.ts';
import { rezip } from '../exchange/fixtures/package.ts';
import { readPackage } from '../exchange/package-read.ts';
import { openLibrary, type Library } from './library.ts';
import { sameBytes } from './fixtures/library.ts';

const PLANNER: Actor = { name: 'Pat Planner', role: 'planner' };
const DOCTOR: Actor = { name: 'Dr Mara Lind', role: 'doctor' };
let sides = 0;

async function side(actor: Actor): Promise<Library> {
  let t = Date.UTC(2026, 2, 9) + sides * 3_600_000;
  let n = 0;
  const id = ++sides;
  const lib = await openLibrary({ name: `records-${id}`, factory: new IDBFactory(), now: () => (t += 60_000), newId: () => `${actor.role}-${id}-${++n}` });
  await lib.profile.save(actor);
  return lib;
}

const png = encode({ width: 3, height: 2, data: new Uint8Array(24).fill(140), channels: 4 }).slice().buffer as ArrayBuffer;

async function plannerCase(lib: Library): Promise<string> {
  const c = await lib.cases.create({ pseudonym: 'P-77' });
  await lib.records.add(c.id, { fileName: 'profile.png', bytes: png, recordKind: 'extraoral-profile', width: 3, height: 2, thumbnail: { bytes: Uint8Array.from([0xff, 0xd8, 0xff]).buffer as ArrayBuffer, width: 3, height: 2 } });
  await lib.records.add(c.id, { fileName: 'ceph.dcm', bytes: writeDicom({ rows: 4, cols: 4, bits: 16, seed: 77 }).buffer, recordKind: 'cephalometric' });
  await lib.records.addNote(c.id, 'Midline 1 mm to the right');
  return c.id;
}

const send = async (from: Library, caseId: string, kind: 'case' | 'response' = 'case') => {
  const out = await from.packages.exportCase(caseId, { kind });
  return { ...out, read: await readPackage(out.bytes, { fileName: out.fileName }) };
};

describe('case records through a package (seed 77)', () => {
  it('arrive with the case as added (kind, file, who and when, bytes), thumbnails made again by the receiver', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const caseId = await plannerCase(planner);
    const { read, fileName } = await send(planner, caseId);
    expect(read.records?.map((r) => r.kind)).toEqual(['extraoral-profile', 'cephalometric', 'notes']);
    const summary = await doctor.packages.importPackage(read, fileName);
    expect(summary).toMatchObject({ outcome: 'added', newRecords: 3 });
    const theirs = await planner.records.list(caseId);
    const ours = await doctor.records.list(caseId);
    expect(ours.map(({ thumbId: _t, ...r }) => r)).toEqual(theirs.map(({ thumbId: _t, ...r }) => r));
    expect(ours[0].addedBy).toEqual(PLANNER);
    expect(ours[0].thumbId).toBeUndefined();
    for (const r of theirs) expect(sameBytes((await doctor.records.load(caseId, r.id)).bytes, (await planner.records.load(caseId, r.id)).bytes)).toBe(true);
    // The trail that came with the case says who added them.
    expect((await doctor.audit.list(caseId)).filter((e) => e.kind === 'record-added')).toHaveLength(3);
    expect((await doctor.audit.verify(caseId)).ok).toBe(true);
  });

  it('merge by id: the same records coming back are not duplicated, new ones are added, a removed one stays removed', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const caseId = await plannerCase(planner);
    const first = await send(planner, caseId);
    await doctor.packages.importPackage(first.read, first.fileName);
    // The doctor removes the note and adds a photo; the planner sends the case again.
    const note = (await doctor.records.list(caseId)).find((r) => r.recordKind === 'notes')!;
    await doctor.records.remove(caseId, note.id);
    await doctor.records.add(caseId, { fileName: 'front.png', bytes: png, recordKind: 'intraoral-frontal' });
    const again = await send(planner, caseId);
    expect((await doctor.packages.importPackage(again.read, again.fileName)).newRecords).toBeUndefined();
    expect((await doctor.records.list(caseId)).map((r) => r.recordKind)).toEqual(['extraoral-profile', 'cephalometric', 'intraoral-frontal']);
    // The doctor's case goes back: the planner gains the photo, and loses nothing twice.
    const back = await send(doctor, caseId);
    expect((await planner.packages.importPackage(back.read, back.fileName)).newRecords).toBe(1);
    const planners = await planner.records.list(caseId);
    expect(planners.map((r) => r.recordKind)).toEqual(['extraoral-profile', 'cephalometric', 'notes', 'intraoral-frontal']);
    expect(new Set(planners.map((r) => r.id)).size).toBe(4);
  });

  it('a response package carries no records', async () => {
    const planner = await side(PLANNER);
    const caseId = await plannerCase(planner);
    expect((await send(planner, caseId, 'response')).read.records).toBeUndefined();
  });

  it('record bytes altered on the way: refused by the hash check, nothing written', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const caseId = await plannerCase(planner);
    const { bytes, fileName } = await planner.packages.exportCase(caseId, { kind: 'case' });
    const [photo] = await planner.records.list(caseId);
    const path = `records/${photo.id}.png`;
    const altered = rezip(bytes, (files) => { files[path] = files[path].map((b, i) => (i === files[path].length - 1 ? b ^ 0xff : b)); });
    await expect(readPackage(altered, { fileName })).rejects.toThrow(`${fileName} has been altered since it was exported: ${path} does not match its recorded hash.`);
    expect(await doctor.cases.list()).toEqual([]);
  });
});
