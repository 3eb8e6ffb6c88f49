import { plannerAttachment } from '../core/attachments.ts';
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { archOrder } from '../core/fdi.ts';
import { addComment, emptyPlan, MOVEMENT_KEYS, PLAN_SCHEMA_VERSION, planFromJson, setAttachments, setIpr, setManualStart, setPattern, setTarget, STAGING_PATTERNS } from '../core/plan.ts';
import type { Plan } from '../core/plan.ts';
import type { ToothMovement } from '../core/pose.ts';
import { mulberry32, uniform } from '../core/random.ts';
import { exportBackup, restoreBackup } from './backup.ts';
import { createCaseRepository } from './cases.ts';
import { openStudioDb, StoreError } from './db.ts';
import type { PlanRecord } from './db.ts';
import { createPlanRepository, workingPlanId } from './plans.ts';
import { scanBytes } from './repro/hostile-backups.ts';
import { archInfo, freshLibrary } from './fixtures/library.ts';
import { snapshotLibrary, withFault } from './fixtures/faults.ts';
import type { Fault } from './fixtures/faults.ts';

/** A plan touching every part of the value: targets, pattern, manual starts, IPR, attachments, comments. */
function seededPlan(seed: number): Plan {
  const rng = mulberry32(seed);
  let plan = emptyPlan();
  for (const fdi of archOrder('upper')) {
    const m = {} as ToothMovement;
    for (const k of MOVEMENT_KEYS) m[k] = uniform(rng, -3, 3);
    plan = setTarget(plan, fdi, m);
  }
  plan = setPattern(plan, STAGING_PATTERNS[Math.floor(rng() * STAGING_PATTERNS.length)]);
  plan = setManualStart(plan, 13, 2, 5);
  plan = setManualStart(plan, 23, 1);
  plan = setIpr(plan, 12, 11, Math.round(uniform(rng, 0.1, 0.5) * 10) / 10, 3);
  plan = setAttachments(plan, [plannerAttachment(13), plannerAttachment(24, 'optimized-rotation')]);
  plan = addComment(plan, { author: 'Dr Okafor', at: 1_700_000_000_500, text: 'less torque on 11', fdi: 11 });
  return addComment(plan, { author: 'planner', at: 1_700_000_000_600, text: 'agreed' });
}

async function libraryWithCase() {
  const lib = await freshLibrary();
  let n = 0;
  const plans = createPlanRepository(lib.db, { now: () => lib.clock.t, newId: () => `plan-${++n}` });
  const c = await lib.cases.create({ pseudonym: 'P-500' });
  await lib.cases.saveArch(c.id, archInfo('upper'), scanBytes(5));
  return { ...lib, plans, caseId: c.id };
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/** A stored record as a newer studio (plan schema PLAN_SCHEMA_VERSION + 1) would leave it. */
function fromNewerStudio(record: PlanRecord): PlanRecord {
  const schemaVersion = PLAN_SCHEMA_VERSION + 1;
  return { ...record, schemaVersion, plan: { ...(record.plan as object), schemaVersion, brackets: ['something new'] } };
}

describe('plan versions', () => {
  it('a saved version of a seeded random plan (seed 7) loads back deep-equal', async () => {
    const { plans, caseId } = await libraryWithCase();
    const plan = seededPlan(7);
    const saved = await plans.saveVersion(caseId, '  Initial setup ', plan);
    expect(saved).toEqual({ id: 'plan-1', caseId, name: 'Initial setup', savedAt: expect.any(Number), schemaVersion: PLAN_SCHEMA_VERSION });
    const loaded = await plans.loadVersion(saved.id);
    expect(loaded).toEqual({ ...saved, plan });
    expect(Object.isFrozen(loaded.plan.targets[0].movement)).toBe(true);
  });

  it('lists versions newest first, even when saved within one millisecond, and bumps the case', async () => {
    const { plans, cases, caseId, clock } = await libraryWithCase();
    const before = (await cases.get(caseId))!.updatedAt;
    await plans.saveVersion(caseId, 'v1', emptyPlan());
    await plans.saveVersion(caseId, 'v2', seededPlan(1));
    clock.t += 60_000;
    await plans.saveVersion(caseId, 'v3', seededPlan(2));
    const list = await plans.listVersions(caseId);
    expect(list.map((v) => v.name)).toEqual(['v3', 'v2', 'v1']);
    expect(list[1].savedAt).toBeGreaterThan(list[2].savedAt);
    expect((await cases.get(caseId))!.updatedAt).toBeGreaterThan(before);
    expect((await plans.loadVersion(list[1].id)).plan).toEqual(seededPlan(1));
  });

  it('deleteVersion removes one version; unknown ids and cases are "not-found"; empty names are refused', async () => {
    const { db, plans, caseId } = await libraryWithCase();
    const a = await plans.saveVersion(caseId, 'a', emptyPlan());
    const b = await plans.saveVersion(caseId, 'b', seededPlan(3));
    await plans.deleteVersion(a.id);
    expect((await plans.listVersions(caseId)).map((v) => v.id)).toEqual([b.id]);
    expect((await rejection(plans.loadVersion(a.id))).code).toBe('not-found');
    expect((await rejection(plans.deleteVersion(a.id))).code).toBe('not-found');
    await plans.saveWorking(caseId, seededPlan(3));
    expect((await rejection(plans.deleteVersion(workingPlanId(caseId)))).code).toBe('not-found');
    const before = await snapshotLibrary(db);
    expect((await rejection(plans.saveVersion('no-such-case', 'x', emptyPlan()))).code).toBe('not-found');
    expect((await rejection(plans.listVersions('no-such-case'))).code).toBe('not-found');
    await expect(plans.saveVersion(caseId, '   ', emptyPlan())).rejects.toThrow(/needs a name/);
    expect(await snapshotLibrary(db)).toEqual(before);
  });
});

describe('the working plan', () => {
  it('reopening the library (a new connection) restores the exact working plan (seed 11)', async () => {
    const { db, factory, plans, caseId } = await libraryWithCase();
    expect(await plans.loadWorking(caseId)).toBeUndefined();
    await plans.saveWorking(caseId, seededPlan(10));
    await plans.saveWorking(caseId, seededPlan(11));
    db.close();

    const reopened = await openStudioDb('test-library', factory);
    const again = createPlanRepository(reopened);
    expect(await again.loadWorking(caseId)).toEqual(seededPlan(11));
    // One working plan per case, and it is not a saved version.
    expect(await reopened.getAllFromIndex('plans', 'by-case', caseId)).toHaveLength(1);
    expect(await again.listVersions(caseId)).toEqual([]);
    reopened.close();
  });

  it('saving the same working plan again writes nothing; a changed one marks the case as changed', async () => {
    const { db, plans, cases, caseId } = await libraryWithCase();
    await plans.saveWorking(caseId, seededPlan(4));
    const before = await snapshotLibrary(db);
    await plans.saveWorking(caseId, seededPlan(4));
    expect(await snapshotLibrary(db)).toEqual(before);
    await plans.saveWorking(caseId, setPattern(seededPlan(4), 'manual'));
    expect((await cases.get(caseId))!.updatedAt).toBeGreaterThan(before.cases[0].updatedAt);
  });
});

describe('the working plan across tabs (revisions)', () => {
  it('each save returns the next revision; opening returns the plan with its revision; the same plan again keeps it', async () => {
    const { plans, caseId } = await libraryWithCase();
    expect(await plans.openWorking(caseId)).toBeUndefined();
    expect(await plans.saveWorking(caseId, seededPlan(1), 0)).toBe(1);
    expect(await plans.saveWorking(caseId, seededPlan(2), 1)).toBe(2);
    expect(await plans.saveWorking(caseId, seededPlan(2), 2)).toBe(2);
    expect(await plans.openWorking(caseId)).toEqual({ plan: seededPlan(2), revision: 2 });
    expect(await plans.loadWorking(caseId)).toEqual(seededPlan(2));
  });

  it('a save based on an older revision is refused as a conflict and writes nothing (tab B over tab A)', async () => {
    const { db, plans, caseId } = await libraryWithCase();
    // Both tabs opened the case without a working plan (revision 0); tab A saves first.
    const a = await plans.saveWorking(caseId, seededPlan(20), 0);
    const before = await snapshotLibrary(db);
    const refused = await rejection(plans.saveWorking(caseId, setPattern(emptyPlan(), 'posterior-first'), 0));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/changed in another tab/);
    expect(await snapshotLibrary(db)).toEqual(before);
    expect(await plans.openWorking(caseId)).toEqual({ plan: seededPlan(20), revision: a });
    // Based on A's revision, B's save goes through.
    expect(await plans.saveWorking(caseId, setPattern(seededPlan(20), 'posterior-first'), a)).toBe(a + 1);
  });

  it('a stale save of the plan already stored is no conflict: nothing is lost, the caller learns the revision', async () => {
    const { plans, caseId } = await libraryWithCase();
    await plans.saveWorking(caseId, seededPlan(5), 0);
    const r = await plans.saveWorking(caseId, seededPlan(6), 1);
    expect(await plans.saveWorking(caseId, seededPlan(6), 1)).toBe(r);
  });

  it('a record saved before revisions existed reads as revision 0', async () => {
    const { db, plans, caseId } = await libraryWithCase();
    await plans.saveWorking(caseId, seededPlan(8), 0);
    const record = (await db.get('plans', workingPlanId(caseId)))!;
    delete record.revision;
    await db.put('plans', record);
    expect((await plans.openWorking(caseId))?.revision).toBe(0);
    expect(await plans.saveWorking(caseId, seededPlan(9), 0)).toBe(1);
  });

  it('keeps a closing tab\'s unsaved plan in synchronous storage and gives it back once', async () => {
    const lib = await freshLibrary();
    const stash = new Map<string, string>();
    const storage = { getItem: (k: string) => stash.get(k) ?? null, setItem: (k: string, v: string) => void stash.set(k, v), removeItem: (k: string) => void stash.delete(k) };
    const plans = createPlanRepository(lib.db, { stash: storage });
    const c = await lib.cases.create({ pseudonym: 'P-501' });
    expect(plans.keepUnsaved(c.id, { basedOn: 3, plan: seededPlan(12), writing: seededPlan(11) })).toBe(true);
    expect(plans.takeUnsaved(c.id)).toEqual({ basedOn: 3, plan: seededPlan(12), writing: seededPlan(11) });
    expect(plans.takeUnsaved(c.id)).toBeUndefined();
    // Without storage nothing is kept; a damaged entry is no plan.
    expect(createPlanRepository(lib.db).keepUnsaved(c.id, { basedOn: 0, plan: emptyPlan(), writing: null })).toBe(false);
    stash.set(`test-library/unsaved-plan/${c.id}`, '{"basedOn":1,"plan":{"nonsense":true}}');
    expect(plans.takeUnsaved(c.id)).toBeUndefined();
  });
});

describe('interrupted plan saves change nothing', () => {
  const faults: [string, Fault][] = [
    ['a full disk on the plan put', { store: 'plans', method: 'put', fail: 'quota' }],
    ['a full disk on the version add', { store: 'plans', method: 'add', fail: 'quota' }],
    ['the tab closing after the plan was written, before the case was', { store: 'cases', method: 'put', fail: 'abort' }],
    ['a bug after the plan was written', { store: 'cases', method: 'put', fail: new Error('bug after the plan put') }],
  ];
  for (const [what, fault] of faults) {
    it(what, async () => {
      const { db, plans, caseId } = await libraryWithCase();
      await plans.saveWorking(caseId, seededPlan(20));
      await plans.saveVersion(caseId, 'kept', seededPlan(21));
      const before = await snapshotLibrary(db);
      const faulty = createPlanRepository(withFault(db, fault), { newId: () => 'faulty' });
      const save = fault.method === 'add' ? faulty.saveVersion(caseId, 'lost', seededPlan(22)) : faulty.saveWorking(caseId, seededPlan(22));
      const error = await save.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      if (fault.fail === 'quota') expect(error).toMatchObject({ code: 'quota', message: expect.stringMatching(/Nothing was changed/) });
      if (fault.fail === 'abort') expect(error).toMatchObject({ code: 'aborted' });
      expect(await snapshotLibrary(db)).toEqual(before);
      expect(await plans.loadWorking(caseId)).toEqual(seededPlan(20));
    });
  }
});

describe('plans from a newer studio, and damaged ones', () => {
  it('are refused clearly, still listed, and never overwritten', async () => {
    const { db, plans, caseId } = await libraryWithCase();
    const v = await plans.saveVersion(caseId, 'from the future', seededPlan(30));
    await plans.saveWorking(caseId, seededPlan(31));
    for (const id of [v.id, workingPlanId(caseId)]) await db.put('plans', fromNewerStudio((await db.get('plans', id))!));
    const before = await snapshotLibrary(db);

    const version = await rejection(plans.loadVersion(v.id));
    expect(version.code).toBe('newer-plan');
    const schemas = `plan schema ${PLAN_SCHEMA_VERSION + 1}; this app reads schema ${PLAN_SCHEMA_VERSION}`;
    expect(version.message).toMatch(/^The saved plan version "from the future" of this case was saved by a newer Aligner Studio/);
    expect(version.message).toContain(schemas);
    expect((await rejection(plans.loadWorking(caseId))).message).toMatch(/working plan .*newer Aligner Studio/);
    expect((await rejection(plans.saveWorking(caseId, emptyPlan()))).code).toBe('newer-plan');
    expect(await plans.listVersions(caseId)).toEqual([{ ...v, schemaVersion: PLAN_SCHEMA_VERSION + 1 }]);
    expect(await snapshotLibrary(db)).toEqual(before);
  });

  it('a damaged record is "corrupt-plan" and says what is wrong', async () => {
    const { db, plans, caseId } = await libraryWithCase();
    const v = await plans.saveVersion(caseId, 'broken', seededPlan(32));
    const record = (await db.get('plans', v.id))!;
    await db.put('plans', { ...record, plan: { ...(record.plan as object), targets: [{ fdi: 19, movement: {} }] } });
    const error = await rejection(plans.loadVersion(v.id));
    expect(error.code).toBe('corrupt-plan');
    expect(error.message).toMatch(/"broken" .*damaged.*not an FDI tooth number: 19/);
  });
});

/** A plan as a schema-1 studio stored it (before plans carried a protocol): web/core/fixtures/plans. */
const storedV1Plan = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../core/fixtures/plans/v1.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('plans saved by an older studio (plan schema 1)', () => {
  it('a schema-1 working plan written raw loads as the current plan, is left as stored until saved, and is saved at the current schema', async () => {
    const { db, plans, caseId } = await libraryWithCase();
    const raw: PlanRecord = { id: workingPlanId(caseId), caseId, kind: 'working', name: '', savedAt: 1_600_000_000_000, schemaVersion: 1, plan: storedV1Plan(), revision: 3 };
    await db.put('plans', raw);
    const before = await snapshotLibrary(db);

    const opened = (await plans.openWorking(caseId))!;
    expect(opened.revision).toBe(3);
    expect(opened.plan).toEqual(planFromJson(storedV1Plan()));
    expect(opened.plan.schemaVersion).toBe(PLAN_SCHEMA_VERSION);
    expect(opened.plan.protocol).toEqual({ ...emptyPlan().protocol });
    expect(opened.plan.targets.map((t) => t.fdi)).toEqual([11, 13, 21]);
    expect(await snapshotLibrary(db)).toEqual(before);

    // Saving the plan unchanged still writes it: the stored one is of the old schema.
    expect(await plans.saveWorking(caseId, opened.plan, opened.revision)).toBe(4);
    const saved = (await db.get('plans', workingPlanId(caseId)))!;
    expect(saved.schemaVersion).toBe(PLAN_SCHEMA_VERSION);
    expect(saved.plan).toMatchObject({ schemaVersion: PLAN_SCHEMA_VERSION, protocol: expect.any(Object) });
    expect(JSON.parse(JSON.stringify(saved.plan))).toEqual(JSON.parse(JSON.stringify(opened.plan)));
    expect(await plans.loadWorking(caseId)).toEqual(opened.plan);
  });

  it('a schema-1 saved version is listed as stored and loads as the current plan', async () => {
    const { db, plans, caseId } = await libraryWithCase();
    await db.put('plans', { id: 'old-version', caseId, kind: 'version', name: 'from last year', savedAt: 1_600_000_000_000, schemaVersion: 1, plan: storedV1Plan() });
    expect(await plans.listVersions(caseId)).toEqual([{ id: 'old-version', caseId, name: 'from last year', savedAt: 1_600_000_000_000, schemaVersion: 1 }]);
    const loaded = await plans.loadVersion('old-version');
    expect(loaded.plan).toEqual(planFromJson(storedV1Plan()));
    expect(loaded.plan.schemaVersion).toBe(PLAN_SCHEMA_VERSION);
  });

  it('a backup holding a schema-1 plan restores it at the current schema', async () => {
    const source = await libraryWithCase();
    await source.db.put('plans', { id: workingPlanId(source.caseId), caseId: source.caseId, kind: 'working', name: '', savedAt: 1_600_000_000_000, schemaVersion: 1, plan: storedV1Plan() });
    const target = await freshLibrary('target');
    expect(await restoreBackup(target.db, await exportBackup(source.db))).toMatchObject({ added: 1, droppedPlans: [] });
    const restored = (await target.db.get('plans', workingPlanId(source.caseId)))!;
    expect([restored.schemaVersion, (restored.plan as { schemaVersion: number }).schemaVersion]).toEqual([PLAN_SCHEMA_VERSION, PLAN_SCHEMA_VERSION]);
    expect(await createPlanRepository(target.db).loadWorking(source.caseId)).toEqual(planFromJson(storedV1Plan()));
  });
});

describe('plans travel with their case', () => {
  async function caseWithPlans() {
    const lib = await libraryWithCase();
    await lib.plans.saveVersion(lib.caseId, 'first', seededPlan(40));
    await lib.plans.saveVersion(lib.caseId, 'second', seededPlan(41));
    await lib.plans.saveWorking(lib.caseId, seededPlan(42));
    return lib;
  }

  it('remove takes them away and restoreDeleted puts back exactly what was there', async () => {
    const { db, cases, plans, caseId } = await caseWithPlans();
    const before = await snapshotLibrary(db);
    const deleted = await cases.remove(caseId);
    expect(deleted.plans).toHaveLength(3);
    expect(await db.count('plans')).toBe(0);
    await cases.restoreDeleted(deleted);
    expect(await snapshotLibrary(db)).toEqual(before);
    expect(await plans.loadWorking(caseId)).toEqual(seededPlan(42));
  });

  it('duplicate copies working plan and versions to the copy; the original keeps its own', async () => {
    const { db, cases, plans, caseId } = await caseWithPlans();
    const copy = await cases.duplicate(caseId);
    expect(await plans.loadWorking(copy.id)).toEqual(seededPlan(42));
    const copied = await plans.listVersions(copy.id);
    const originals = await plans.listVersions(caseId);
    expect(copied.map((v) => [v.name, v.savedAt])).toEqual(originals.map((v) => [v.name, v.savedAt]));
    expect(copied.some((v) => originals.some((o) => o.id === v.id))).toBe(false);
    expect((await plans.loadVersion(copied[1].id)).plan).toEqual(seededPlan(40));
    expect(await db.getAllFromIndex('plans', 'by-case', caseId)).toHaveLength(3);
  });

  it('a duplicate failing on a plan copy leaves no half copy', async () => {
    const { db, caseId } = await caseWithPlans();
    const before = await snapshotLibrary(db);
    const faulty = createCaseRepository(withFault(db, { store: 'plans', method: 'add', skip: 1, fail: 'quota' }));
    await expect(faulty.duplicate(caseId)).rejects.toMatchObject({ code: 'quota' });
    expect(await snapshotLibrary(db)).toEqual(before);
  });

  it('backup and restore carry them, into an empty library and as a "(restored)" copy', async () => {
    const source = await caseWithPlans();
    const backup = await exportBackup(source.db);
    const target = await freshLibrary('target');
    expect(await restoreBackup(target.db, backup)).toEqual({ added: 1, skipped: 0, restoredAsCopies: 0, droppedPlans: [] });
    expect(await snapshotLibrary(target.db)).toEqual(await snapshotLibrary(source.db));
    expect(await createPlanRepository(target.db).loadWorking(source.caseId)).toEqual(seededPlan(42));

    // A plan edit after the backup makes the backed-up state come back beside it.
    await source.plans.saveWorking(source.caseId, seededPlan(43));
    expect(await restoreBackup(source.db, backup)).toEqual({ added: 0, skipped: 0, restoredAsCopies: 1, droppedPlans: [] });
    const copy = (await source.cases.list()).find((c) => c.pseudonym === 'P-500 (restored)')!;
    expect(await source.plans.loadWorking(copy.id)).toEqual(seededPlan(42));
    expect(await source.plans.loadWorking(source.caseId)).toEqual(seededPlan(43));
    expect((await source.plans.listVersions(copy.id)).map((v) => v.name)).toEqual(['second', 'first']);
  });

  it('a backed-up plan whose id another case holds gets a new id, not an overwrite', async () => {
    const source = await caseWithPlans();
    const backup = await exportBackup(source.db);
    const target = await freshLibrary('target');
    const mine = await createCaseRepository(target.db, { newId: () => 'mine' }).create({ pseudonym: 'mine' });
    const takenId = (await source.plans.listVersions(source.caseId))[0].id;
    await createPlanRepository(target.db, { newId: () => takenId }).saveVersion(mine.id, 'mine', emptyPlan());
    expect(await restoreBackup(target.db, backup)).toMatchObject({ added: 1 });
    const targetPlans = createPlanRepository(target.db);
    expect(await targetPlans.loadVersion(takenId)).toMatchObject({ caseId: mine.id, name: 'mine' });
    expect((await targetPlans.listVersions(source.caseId)).map((v) => v.name)).toEqual(['second', 'first']);
  });

  it('a version 1 backup (before plans travelled) still restores', async () => {
    const source = await caseWithPlans();
    const v1 = rewrite(await exportBackup(source.db), (m) => { m.version = 1; delete (m as Partial<Manifest>).plans; });
    const target = await freshLibrary('target');
    expect(await restoreBackup(target.db, v1)).toMatchObject({ added: 1 });
    expect(await target.db.count('plans')).toBe(0);
  });

  it('a plan from a newer studio, or a damaged plan, is left out and named in the summary; an orphan plan refuses the file', async () => {
    const source = await caseWithPlans();
    const good = await exportBackup(source.db);
    const newer = rewrite(good, (m) => { m.plans[0] = fromNewerStudio(m.plans[0]); });
    const damaged = rewrite(good, (m) => { (m.plans[1].plan as { ipr: unknown }).ipr = 'lots'; });
    for (const [bytes, problem] of [[newer, /saved by a newer Aligner Studio/], [damaged, /plan IPR must be a list/]] as const) {
      const target = await freshLibrary('target');
      const summary = await restoreBackup(target.db, bytes);
      expect(summary).toMatchObject({ added: 1, droppedPlans: [{ caseName: 'P-500', problem: expect.stringMatching(problem) }] });
      expect(await target.db.count('plans')).toBe(2);
    }
    const orphan = rewrite(good, (m) => { m.plans[2].caseId = 'elsewhere'; });
    const target = await freshLibrary('target');
    await target.cases.create({ pseudonym: 'already here' });
    const before = await snapshotLibrary(target.db);
    const error = await rejection(restoreBackup(target.db, orphan));
    expect([error.code, error.message]).toEqual(['corrupt-backup', expect.stringMatching(/belongs to no case/)]);
    expect(await snapshotLibrary(target.db)).toEqual(before);
  });
});

type Manifest = Record<string, unknown> & { plans: PlanRecord[] };

function rewrite(zip: Uint8Array, edit: (manifest: Manifest) => void): Uint8Array {
  const files = unzipSync(zip);
  const manifest = JSON.parse(strFromU8(files['backup.json'])) as Manifest;
  edit(manifest);
  files['backup.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files);
}
