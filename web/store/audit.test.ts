// The audit trail as the library keeps it: every change appends its event under the
// profile's name in the change's own transaction, and tampering with the stored events
// (edited, removed from the middle, the newest removed, moved) is reported by verify.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { hashOf } from '../core/canonical.ts';
import { emptyPlan, setPattern, setTarget, zeroMovement } from '../core/plan.ts';
import { openLibrary } from './library.ts';
import type { Library } from './library.ts';
import { openStudioDb } from './db.ts';
import type { StoredAuditEvent, StudioDb } from './db.ts';
import { auditHeadId } from './audit.ts';
import { scanBytes, segmentationBytes } from './repro/hostile-backups.ts';
import { archInfo } from './fixtures/library.ts';
import { snapshotLibrary } from './fixtures/faults.ts';

/** Plan hashes as the studio makes them (64 hex digits), one per name. */
const H = { h: hashOf('h') };

const PLANNER = { name: 'Ana Ruiz', role: 'planner' } as const;

/** A library on its own fake IndexedDB with a profile, a clock, ids, and the raw db for tampering. */
async function library(name = 'audit-test'): Promise<{ lib: Library; db: StudioDb; clock: { t: number }; factory: IDBFactory }> {
  const factory = new IDBFactory();
  const clock = { t: 1_760_000_000_000 };
  let n = 0;
  const lib = await openLibrary({ name, factory, now: () => (clock.t += 1000), newId: () => `id-${++n}` });
  await lib.profile.save(PLANNER);
  const db = await openStudioDb(name, factory);
  return { lib, db, clock, factory };
}

const moved = (mm: number) => setTarget(emptyPlan(), 11, { ...zeroMovement(), mesial: mm });

/** A case with a five-event trail: created, scan, segmentation, plan, version. */
async function caseWithTrail(lib: Library, pseudonym = 'P-700') {
  const c = await lib.cases.create({ pseudonym });
  await lib.cases.saveArch(c.id, archInfo('upper', 40), scanBytes(70));
  await lib.cases.saveSegmentation(c.id, 'upper', segmentationBytes('upper', 40, 38), [11, 21]);
  await lib.plans.saveWorking(c.id, moved(1), 0);
  await lib.plans.saveVersion(c.id, 'First', moved(1));
  return c.id;
}

const kinds = async (lib: Library, caseId: string) => (await lib.audit.list(caseId)).map((e) => e.kind);
const stored = async (db: StudioDb, caseId: string) =>
  (await db.getAllFromIndex('audit', 'by-case', caseId)).filter((r): r is StoredAuditEvent => r.kind !== 'head').sort((a, b) => a.seq - b.seq);

describe('every change appends its event', () => {
  it('records each hooked operation with the profile\'s name, and nothing for a save that writes nothing', async () => {
    const { lib } = await library();
    const id = await caseWithTrail(lib);
    await lib.plans.saveWorking(id, moved(1), 1); // the same plan again: nothing written
    await lib.cases.moveStatus(id, { to: 'doctor-review', reason: 'plan sent to the doctor' });
    await lib.cases.update(id, { notes: 'crowding', pseudonym: 'P-701' });
    await lib.cases.update(id, { notes: 'crowding' }); // nothing changed
    const version = (await lib.plans.listVersions(id))[0];
    await lib.plans.deleteVersion(version.id);
    await lib.cases.removeArch(id, 'upper');
    expect(await kinds(lib, id)).toEqual([
      'case-created', 'scan-imported', 'segmentation-edited', 'plan-committed', 'status-changed', 'version-saved',
      'status-changed', 'case-edited', 'version-deleted', 'scan-removed',
    ]);
    const trail = await lib.audit.list(id);
    expect(new Set(trail.map((e) => e.actor.name))).toEqual(new Set([PLANNER.name]));
    expect(trail.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(trail[1].summary).toBe('Imported the upper scan (upper.stl)');
    expect(trail[3].detail).toMatchObject({ planHash: hashOf(moved(1)), revision: 1 });
    // The first plan that moves teeth starts planning; a move by hand says why.
    expect(trail[4]).toMatchObject({ summary: 'Status: New -> Planning (planning started)', detail: { from: 'new', to: 'planning', manual: false, work: 'plan-started' } });
    expect(trail[6]).toMatchObject({ summary: 'Status: Planning -> Doctor review (by hand: plan sent to the doctor)', detail: { from: 'planning', to: 'doctor-review', manual: true, reason: 'plan sent to the doctor' } });
    expect(trail[7].summary).toBe('Changed the patient pseudonym and notes');
    expect(await lib.audit.verify(id)).toMatchObject({ ok: true, problems: [], heads: [trail[9].hash] });
  });

  it('names "Unnamed user" until a profile is saved, and the new name after', async () => {
    const factory = new IDBFactory();
    const lib = await openLibrary({ name: 'nameless', factory });
    const c = await lib.cases.create();
    await lib.profile.save({ name: '  Dr Lind ', role: 'doctor' });
    await lib.cases.moveStatus(c.id, { to: 'doctor-review', reason: 'plan sent to the doctor' });
    expect((await lib.audit.list(c.id)).map((e) => e.actor)).toEqual([{ name: 'Unnamed user', role: 'planner' }, { name: 'Dr Lind', role: 'doctor' }]);
    lib.close();
    const again = await openLibrary({ name: 'nameless', factory });
    expect(again.profile.current()).toEqual({ name: 'Dr Lind', role: 'doctor' });
  });

  it('a case made with its arches, and a duplicate, each start their own trail', async () => {
    const { lib } = await library();
    const made = await lib.cases.createWithArches({ pseudonym: 'Demo' },
      [{ arch: archInfo('upper', 40), meshBytes: scanBytes(71) }, { arch: archInfo('lower', 40), meshBytes: scanBytes(72) }]);
    expect(await kinds(lib, made.id)).toEqual(['case-created', 'scan-imported', 'scan-imported']);
    const copy = await lib.cases.duplicate(made.id);
    const copied = await lib.audit.list(copy.id);
    expect(copied.map((e) => [e.kind, e.summary, e.caseId])).toEqual([['case-created', 'Copied from "Demo"', copy.id]]);
    expect((await lib.audit.verify(copy.id)).ok).toBe(true);
    expect(await kinds(lib, made.id)).toHaveLength(3);
  });

  it('delete takes the trail and the review with the case; undo puts back exactly what was there', async () => {
    const { lib, db } = await library();
    const id = await caseWithTrail(lib);
    await lib.review.addComment(id, { text: 'intrude 11', fdi: 11, planHash: H.h });
    const before = await snapshotLibrary(db, { records: true });
    const deleted = await lib.cases.remove(id);
    expect(await db.getAllFromIndex('audit', 'by-case', id)).toEqual([]);
    expect(await db.getAllFromIndex('review', 'by-case', id)).toEqual([]);
    await lib.cases.restoreDeleted(deleted);
    expect(await snapshotLibrary(db, { records: true })).toEqual(before);
    expect((await lib.audit.verify(id)).ok).toBe(true);
  });

  it('a backup carries the trail and the review; the restored case records the restore', async () => {
    const { lib } = await library('backup-source');
    const id = await caseWithTrail(lib);
    await lib.review.addComment(id, { text: 'check 21', fdi: 21, planHash: H.h });
    const backup = await lib.exportBackup();
    const { lib: target } = await library('backup-target');
    expect(await target.restoreBackup(backup, 'clinic.zip')).toMatchObject({ added: 1 });
    const trail = await target.audit.list(id);
    expect(trail.map((e) => e.kind)).toEqual([...await kinds(lib, id), 'backup-restored']);
    expect(trail[trail.length - 1].summary).toBe('Restored from clinic.zip');
    expect((await target.audit.verify(id)).ok).toBe(true);
    expect((await target.review.listComments(id)).map((c) => c.text)).toEqual(['check 21']);
  });
});

describe('verify reports tampering with the stored trail', () => {
  it('an event edited in place', async () => {
    const { lib, db } = await library();
    const id = await caseWithTrail(lib);
    const third = (await stored(db, id))[2];
    await db.put('audit', { ...third, summary: 'Nothing happened here' });
    const verdict = await lib.audit.verify(id);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'edited', seq: 3 })]);
    expect(verdict.problems[0].message).toMatch(/Event 3 .*Nothing happened here.* was changed after it was written/);
  });

  it('an event removed from the middle', async () => {
    const { lib, db } = await library();
    const id = await caseWithTrail(lib);
    await db.delete('audit', (await stored(db, id))[1].hash);
    const verdict = await lib.audit.verify(id);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems[0]).toMatchObject({ kind: 'missing', seq: 3 });
    expect(verdict.problems[0].message).toMatch(/Event 3 .* an event was removed/);
  });

  it('the newest event removed, and still reported after later changes', async () => {
    const { lib, db } = await library();
    const id = await caseWithTrail(lib);
    const trail = await stored(db, id);
    await db.delete('audit', trail[trail.length - 1].hash);
    let verdict = await lib.audit.verify(id);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((p) => p.kind)).toEqual(['head']);
    expect(verdict.problems[0].message).toMatch(/newest event was removed/);
    // A later change cannot paper over the gap.
    await lib.cases.moveStatus(id, { to: 'doctor-review', reason: 'plan sent to the doctor' });
    verdict = await lib.audit.verify(id);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((p) => p.kind)).toEqual(['head']);
  });

  it('the head record removed', async () => {
    const { lib, db } = await library();
    const id = await caseWithTrail(lib);
    await db.delete('audit', auditHeadId(id));
    expect((await lib.audit.verify(id)).problems.map((p) => p.kind)).toEqual(['head']);
    await lib.cases.update(id, { notes: 'later' });
    expect((await lib.audit.verify(id)).ok).toBe(false);
  });

  it('two events swapped (their seq exchanged)', async () => {
    const { lib, db } = await library();
    const id = await caseWithTrail(lib);
    const [, second, third] = await stored(db, id);
    await db.put('audit', { ...second, seq: third.seq });
    await db.put('audit', { ...third, seq: second.seq });
    const verdict = await lib.audit.verify(id);
    expect(verdict.ok).toBe(false);
    expect(new Set(verdict.problems.map((p) => p.kind))).toEqual(new Set(['edited', 'reordered']));
  });

  it('two cases\' trails never mix: damage to one leaves the other intact', async () => {
    const { lib, db } = await library();
    const a = await lib.cases.create({ pseudonym: 'A' });
    const b = await lib.cases.create({ pseudonym: 'B' });
    for (const [i, id] of [a.id, b.id, a.id, b.id, a.id].entries()) await lib.plans.saveWorking(id, setPattern(moved(i), i % 2 ? 'anterior-first' : 'all-together'));
    expect(await kinds(lib, a.id)).toEqual(['case-created', 'plan-committed', 'plan-committed', 'status-changed', 'plan-committed']);
    expect(new Set((await lib.audit.list(b.id)).map((e) => e.caseId))).toEqual(new Set([b.id]));
    await db.delete('audit', (await stored(db, b.id))[1].hash);
    expect((await lib.audit.verify(b.id)).ok).toBe(false);
    expect(await lib.audit.verify(a.id)).toMatchObject({ ok: true, problems: [] });
    // A case from before trails existed has none, and none is missing.
    expect(await lib.audit.verify('no-such-case')).toMatchObject({ ok: true, heads: [] });
  });
});

describe('a backup file is still read', () => {
  it('exported before trails (version 2): the case comes back with only its restore event', async () => {
    const { lib } = await library('v2-source');
    const id = await caseWithTrail(lib);
    const files = unzipSync(await lib.exportBackup());
    const manifest = JSON.parse(strFromU8(files['backup.json']));
    delete manifest.audit;
    delete manifest.review;
    manifest.version = 2;
    files['backup.json'] = strToU8(JSON.stringify(manifest));
    const { lib: target } = await library('v2-target');
    await target.restoreBackup(zipSync(files), 'old.zip');
    expect(await kinds(target, id)).toEqual(['backup-restored']);
    expect((await target.audit.verify(id)).ok).toBe(true);
  });
});
