import { describe, expect, it } from 'vitest';
import { StoreError } from './db.ts';
import { NEW_CASE_NAME } from './cases.ts';
import { archInfo, freshLibrary, meshBytes, sameBytes } from './fixtures/library.ts';
import { snapshotLibrary } from './fixtures/faults.ts';
import { IDBFactory } from 'fake-indexeddb';
import { openLibrary } from './library.ts';

describe('case repository', () => {
  it('creates cases with defaults and lists the most recently changed first', async () => {
    const { cases, clock } = await freshLibrary();
    const a = await cases.create({ pseudonym: 'P-001', clinic: 'North', demo: true });
    clock.t += 10;
    const b = await cases.create();
    expect(a).toMatchObject({ pseudonym: 'P-001', clinic: 'North', doctor: '', status: 'new', demo: true, arches: {} });
    expect(b).toMatchObject({ pseudonym: NEW_CASE_NAME, demo: false, createdAt: clock.t, updatedAt: clock.t });
    expect((await cases.list()).map((c) => c.id)).toEqual([b.id, a.id]);
    clock.t += 10;
    await cases.update(a.id, { notes: 'Class II' });
    expect((await cases.list()).map((c) => c.id)).toEqual([a.id, b.id]);
    expect(await cases.get(a.id)).toMatchObject({ notes: 'Class II', pseudonym: 'P-001' });
    expect(await cases.get('nope')).toBeUndefined();
  });

  it('update bumps updatedAt even within the same millisecond and touches only case fields', async () => {
    const { cases } = await freshLibrary();
    const a = await cases.create({ pseudonym: 'P-001' });
    const sneaky = { notes: 'n', id: 'other', createdAt: 0 } as unknown as Parameters<typeof cases.update>[1];
    const updated = await cases.update(a.id, sneaky);
    expect(updated.updatedAt).toBe(a.updatedAt + 1);
    expect(updated).toMatchObject({ id: a.id, createdAt: a.createdAt, notes: 'n' });
    await expect(cases.update(a.id, { status: 'lost' as never })).rejects.toThrow(TypeError);
    // A status moves along the pipeline only (moveStatus), never as a plain field.
    await expect(cases.update(a.id, { status: 'approved' })).rejects.toThrow('A case\'s status moves with the work, or by hand with a reason.');
    expect((await cases.get(a.id))!.status).toBe('new');
    const missing = await cases.update('nope', { notes: 'x' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(StoreError);
    expect((missing as StoreError).code).toBe('not-found');
  });

  it('saveArch stores the mesh, points the arch at it and drops the jaw\'s previous mesh', async () => {
    const { db, cases } = await freshLibrary();
    const c = await cases.create();
    const first = await cases.saveArch(c.id, archInfo('upper'), meshBytes(1));
    const firstBlob = first.arches.upper!.meshBlobId;
    await cases.saveArch(c.id, archInfo('lower'), meshBytes(2));
    const second = await cases.saveArch(c.id, archInfo('upper', 8), meshBytes(3, 512));

    expect(second.arches.upper).toEqual({ ...archInfo('upper', 8), meshBlobId: second.arches.upper!.meshBlobId });
    expect(second.arches.upper!.meshBlobId).not.toBe(firstBlob);
    expect(await db.get('blobs', firstBlob)).toBeUndefined();
    expect(sameBytes(await cases.loadArchMesh(c.id, 'upper'), meshBytes(3, 512))).toBe(true);
    expect(sameBytes(await cases.loadArchMesh(c.id, 'lower'), meshBytes(2))).toBe(true);
    const stored = await db.getAllFromIndex('blobs', 'by-case', c.id);
    expect(stored.map((b) => [b.kind, b.size]).sort()).toEqual([['mesh', 256], ['mesh', 512]]);
  });

  it('removeArch drops the arch and its blob; loadArchMesh then finds nothing', async () => {
    const { db, cases } = await freshLibrary();
    const c = await cases.create();
    const saved = await cases.saveArch(c.id, archInfo('lower'), meshBytes(4));
    const after = await cases.removeArch(c.id, 'lower');
    expect(after.arches).toEqual({});
    expect(after.updatedAt).toBeGreaterThan(saved.updatedAt);
    expect(await db.count('blobs')).toBe(0);
    expect(await cases.loadArchMesh(c.id, 'lower')).toBeUndefined();
    expect(await cases.removeArch(c.id, 'lower')).toEqual(after);
    await expect(cases.loadArchMesh('nope', 'upper')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('duplicate copies the blobs under new ids, so deleting the copy keeps the original meshes', async () => {
    const { db, cases } = await freshLibrary();
    const original = await cases.create({ pseudonym: 'P-007', doctor: 'Dr Osei', demo: true });
    await cases.saveArch(original.id, archInfo('upper'), meshBytes(5));
    const withArches = await cases.saveArch(original.id, archInfo('lower'), meshBytes(6));

    const copy = await cases.duplicate(original.id);
    expect(copy).toMatchObject({ pseudonym: 'P-007 (copy)', doctor: 'Dr Osei', demo: false });
    expect(copy.id).not.toBe(original.id);
    for (const jaw of ['upper', 'lower'] as const) {
      expect(copy.arches[jaw]!.meshBlobId).not.toBe(withArches.arches[jaw]!.meshBlobId);
      expect(sameBytes(await cases.loadArchMesh(copy.id, jaw), await cases.loadArchMesh(original.id, jaw))).toBe(true);
    }
    expect(await db.count('blobs')).toBe(4);

    await cases.remove(copy.id);
    expect(await db.count('blobs')).toBe(2);
    expect(sameBytes(await cases.loadArchMesh(original.id, 'upper'), meshBytes(5))).toBe(true);
    expect(sameBytes(await cases.loadArchMesh(original.id, 'lower'), meshBytes(6))).toBe(true);
  });

  it('remove takes the record and its blobs; restoreDeleted gives back exactly the same library', async () => {
    const { db, cases } = await freshLibrary();
    const keep = await cases.create({ pseudonym: 'keep' });
    await cases.saveArch(keep.id, archInfo('upper'), meshBytes(7));
    const c = await cases.create({ pseudonym: 'P-009' });
    await cases.saveArch(c.id, archInfo('upper'), meshBytes(8, 4096));
    await cases.saveArch(c.id, archInfo('lower'), meshBytes(9, 4096));
    const before = await snapshotLibrary(db);

    const deleted = await cases.remove(c.id);
    expect(deleted.record.id).toBe(c.id);
    expect(deleted.blobs).toHaveLength(2);
    expect(await cases.get(c.id)).toBeUndefined();
    expect((await db.getAll('blobs')).map((b) => b.caseId)).toEqual([keep.id]);

    await cases.restoreDeleted(deleted);
    expect(await snapshotLibrary(db)).toEqual(before);
    await expect(cases.remove('nope')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('moves a case along the pipeline: by the work from where it stands, by hand only with a reason, never over another tab\'s move', async () => {
    const { cases } = await freshLibrary();
    const a = await cases.create({ pseudonym: 'P-002' });
    expect((await cases.moveStatus(a.id, { work: 'approved' })).status, 'an approval does not reach a new case').toBe('new');
    expect((await cases.moveStatus(a.id, { work: 'plan-started' })).status).toBe('planning');
    const refused = await cases.moveStatus(a.id, { to: 'manufacturing', reason: '   ' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as StoreError).code).toBe('invalid-move');
    expect((refused as StoreError).message).toBe('Moving the case from Planning to Manufacturing by hand needs a reason: it is kept in the audit trail.');
    expect((await cases.get(a.id))!.status, 'nothing written').toBe('planning');
    expect((await cases.moveStatus(a.id, { to: 'manufacturing', reason: 'approved on paper' }, 'planning')).status).toBe('manufacturing');
    const stale = await cases.moveStatus(a.id, { to: 'finished', reason: 'done' }, 'planning').catch((e: unknown) => e);
    expect((stale as StoreError).code).toBe('conflict');
  });

  it('records the QA gate: a pass sends the plan to doctor review; a failure let through only with a reason, audited; a failure sends it back', async () => {
    const lib = await openLibrary({ name: 'qa-gate', factory: new IDBFactory() });
    const failed = { passed: false, checks: [], failures: ['Missing records: panoramic radiograph'] };
    const a = await lib.cases.create({ pseudonym: 'P-QA' });
    await lib.cases.moveStatus(a.id, { work: 'plan-started' });
    const refused = await lib.cases.recordQaGate(a.id, failed, { reason: ' ' }).catch((e: unknown) => e);
    expect((refused as StoreError).code).toBe('invalid-move');
    expect((await lib.audit.list(a.id)).map((e) => e.kind), 'nothing written').toEqual(['case-created', 'status-changed']);
    expect((await lib.cases.recordQaGate(a.id, failed, { reason: 'radiograph taken at the clinic, on its way' })).status).toBe('doctor-review');
    const trail = await lib.audit.list(a.id);
    expect(trail.slice(2).map((e) => [e.kind, e.summary])).toEqual([
      ['qa-checked', 'QA: 1 failed'],
      ['qa-overridden', 'QA failure let through: radiograph taken at the clinic, on its way'],
      ['status-changed', 'Status: Planning -> Doctor review (plan sent for review)'],
    ]);
    const b = await lib.cases.create({ pseudonym: 'P-QA2' });
    await lib.cases.moveStatus(b.id, { work: 'plan-started' });
    expect((await lib.cases.recordQaGate(b.id, { passed: true, checks: [], failures: [] })).status).toBe('doctor-review');
    const c = await lib.cases.create({ pseudonym: 'P-QA3' });
    await lib.cases.moveStatus(c.id, { to: 'qa', reason: 'checking before sending' });
    expect((await lib.cases.recordQaGate(c.id, failed)).status, 'a failure in QA goes back to planning').toBe('planning');
    lib.close();
  });
});

