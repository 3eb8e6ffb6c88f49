// A case leaving one library as a plan package and entering another, as between a planner's
// browser and a doctor's (two fake IndexedDB factories standing in for two computers): the
// case arrives whole, comes back merged (never duplicated), edits made on both sides since
// they parted are both kept, and an import that cannot finish writes nothing.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { hashOf } from '../core/canonical.ts';
import { emptyPlan, setIpr, setTarget, zeroMovement } from '../core/plan.ts';
import type { Plan } from '../core/plan.ts';
import { planContentHash } from '../core/plan-hash.ts';
import { stagePlan } from '../core/staging.ts';
import { APPROVAL_MEANING } from '../core/review.ts';
import type { Actor, SignedApproval } from '../core/review.ts';
import type { Jaw } from '../core/types.ts';
import { loadRealScan } from '../geometry/fixtures/real-scan.ts';
import { decodeMesh, encodeMesh } from '../geometry/mesh-binary.ts';
import { decodeSegmentationRecord } from '../geometry/segmentation-record.ts';
import { meshContentHash } from '../exchange/mesh-codec.ts';
import { readPackage } from '../exchange/package-read.ts';
import type { PackageKind, ReadPackage } from '../exchange/package-types.ts';
import { summaryOf } from '../exchange/summary.ts';
import { openStudioDb } from './db.ts';
import type { StudioDb } from './db.ts';
import { openLibrary } from './library.ts';
import type { Library } from './library.ts';
import { localDate } from './package-export.ts';
import { importCasePackage } from './package-import.ts';
import { scanBytes, segmentationBytes } from './repro/hostile-backups.ts';
import { archInfo } from './fixtures/library.ts';
import { snapshotLibrary, withFault } from './fixtures/faults.ts';
import type { Fault } from './fixtures/faults.ts';

/** Plan hashes as the studio makes them (64 hex digits), one per name. */
const H = { h: hashOf('h'), h0: hashOf('h0'), h1: hashOf('h1') };

const PLANNER: Actor = { name: 'Pat Planner', role: 'planner' };
const DOCTOR: Actor = { name: 'Dr Mara Lind', role: 'doctor' };
const T0 = Date.UTC(2026, 2, 9, 10, 0);

interface Side { lib: Library; db: StudioDb }

let sides = 0;
/** One browser: a library on a fake IndexedDB of its own, with a profile and a clock (the doctor's reads later). */
async function side(actor: Actor, start = actor === DOCTOR ? T0 + 3_600_000 : T0): Promise<Side> {
  const factory = new IDBFactory();
  const name = `package-io-${++sides}`;
  let t = start;
  let n = 0;
  const lib = await openLibrary({ name, factory, now: () => (t += 60_000), newId: () => `${actor.role}-${sides}-${++n}` });
  await lib.profile.save(actor);
  return { lib, db: await openStudioDb(name, factory) };
}

const move = (over: Partial<ReturnType<typeof zeroMovement>>) => ({ ...zeroMovement(), ...over });
const W0 = setIpr(setTarget(setTarget(emptyPlan(), 11, move({ mesial: 0.5, rotation: 4 })), 21, move({ buccal: -0.3 })), 11, 21, 0.2, 2);
const edited = (plan: Plan, fdi: number, mm: number) => setTarget(plan, fdi, move({ extrusion: mm }));

/** A planner's case: two synthetic arches (upper segmented), a working plan, a version, a comment. */
async function plannerCase(planner: Side, arches = { upper: scanBytes(91, 60), lower: scanBytes(92, 50) }): Promise<string> {
  const c = await planner.lib.cases.createWithArches({ pseudonym: 'P-900', clinic: 'North', doctor: 'Dr Mara Lind', notes: 'crowding 3 mm' },
    [{ arch: archInfo('upper', 60), meshBytes: arches.upper }, { arch: archInfo('lower', 50), meshBytes: arches.lower }]);
  const upper = decodeMesh(arches.upper);
  await planner.lib.cases.saveSegmentation(c.id, 'upper', segmentationBytes('upper', upper.positions.length / 3, upper.indices.length / 3), [11, 21]);
  await planner.lib.plans.saveWorking(c.id, W0, 0);
  await planner.lib.plans.saveVersion(c.id, 'Draft 1', W0);
  await planner.lib.review.addComment(c.id, { text: 'watch 21', fdi: 21, planHash: H.h0 });
  await planner.lib.cases.moveStatus(c.id, { to: 'doctor-review', reason: 'plan sent to the doctor' });
  return c.id;
}

/** What the planner's studio derived for `plan`, as an export carries it (no engine run). */
const summaryFor = (plan: Plan, warning: string) =>
  summaryOf({ plan, staging: stagePlan(plan, plan.protocol), findings: null, checklist: null, movements: [], warnings: [warning] });

/** Export, then read back as the receiving studio does (everything checked). */
async function sent(from: Side, caseId: string, kind: PackageKind = 'case', summary?: ReturnType<typeof summaryFor>): Promise<{ pkg: ReadPackage; fileName: string }> {
  const { bytes, fileName } = await from.lib.packages.exportCase(caseId, { kind, ...(summary ? { summary } : {}) });
  return { pkg: await readPackage(bytes, { fileName }), fileName };
}

/** Element by element (a matcher's deep compare of 300k-element arrays is slow). */
const sameArray = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

const storedMeshHashes = async (s: Side, caseId: string) => {
  const out: Partial<Record<Jaw, string>> = {};
  for (const jaw of ['upper', 'lower'] as Jaw[]) {
    const bytes = await s.lib.cases.loadArchMesh(caseId, jaw);
    if (bytes) out[jaw] = meshContentHash(decodeMesh(bytes));
  }
  return out;
};

describe('the treatment report in a case package', () => {
  it('goes into a case package as given, never into a response, and the import stores the case all the same', async () => {
    const planner = await side(PLANNER);
    const id = await plannerCase(planner);
    const report = { pdf: new TextEncoder().encode('%PDF-1.7 report of P-900'), csvs: [{ name: 'movements.csv', text: 'tooth\r\n11\r\n' }] };
    const { bytes, fileName } = await planner.lib.packages.exportCase(id, { kind: 'case', report });
    const pkg = await readPackage(bytes, { fileName });
    expect(new TextDecoder().decode(pkg.report!.pdf)).toBe('%PDF-1.7 report of P-900');
    expect(pkg.report!.csvs).toEqual(report.csvs);
    const response = await planner.lib.packages.exportCase(id, { kind: 'response', report });
    expect((await readPackage(response.bytes, { fileName: response.fileName })).report, 'a response carries no report').toBeUndefined();
    const doctor = await side(DOCTOR);
    expect((await doctor.lib.packages.importPackage(pkg, fileName)).outcome).toBe('added');
  });
});

describe('a case package into an empty library', () => {
  it('adds the case whole: fields, the real upper scan within 0.01 mm, segmentation, plans, review, a trail that verifies', async () => {
    const planner = await side(PLANNER);
    const real = loadRealScan();
    const upperBytes = encodeMesh({ ...real.mesh, labels: real.vertexLabels });
    const id = await plannerCase(planner, { upper: upperBytes, lower: scanBytes(92, 50) });
    const { pkg, fileName } = await sent(planner, id);
    expect(fileName).toBe(`P-900-Draft-1-${localDate(T0 + 60_000 * 8)}.aligner`);
    expect(pkg.working).toMatchObject({ hash: hashOf(W0) });
    expect(pkg.working).not.toHaveProperty('sharedBase');
    // The package carries the trail as the library now holds it, its own export event last.
    expect(pkg.audit).toEqual(await planner.lib.audit.list(id));
    expect(pkg.audit.at(-1)).toMatchObject({ kind: 'package-exported', actor: PLANNER, summary: `Exported package ${fileName}` });

    const doctor = await side(DOCTOR);
    const summary = await doctor.lib.packages.importPackage(pkg, fileName);
    const { storedWorking, ...counts } = summary;
    expect(counts).toEqual({
      caseId: id, pseudonym: 'P-900', outcome: 'added', newVersions: ['Draft 1'], newComments: 1, newDecisions: 0,
      newEvents: pkg.audit.length, working: 'added', differentScans: [],
    });
    expect(storedWorking, 'the working plan as stored, with the revision a save is based on').toEqual(await doctor.lib.plans.openWorking(id));
    const mine = (await planner.lib.cases.get(id))!;
    const theirs = (await doctor.lib.cases.get(id))!;
    const fields = ({ arches: _a, updatedAt: _u, ...rest }: typeof mine) => rest;
    expect(fields(theirs)).toEqual(fields(mine));
    expect(theirs.arches.upper).toMatchObject({ teeth: [11, 21], vertexCount: real.mesh.positions.length / 3, triangleCount: real.mesh.indices.length / 3 });
    expect((await doctor.lib.cases.list()).map((c) => c.id)).toEqual([id]);

    const arrived = decodeMesh((await doctor.lib.cases.loadArchMesh(id, 'upper'))!);
    let worst = 0;
    for (let i = 0; i < real.mesh.positions.length; i++) worst = Math.max(worst, Math.abs(arrived.positions[i] - real.mesh.positions[i]));
    expect(worst).toBeLessThan(0.01);
    expect(sameArray(arrived.indices, real.mesh.indices)).toBe(true);
    expect(sameArray(arrived.labels!, real.vertexLabels)).toBe(true);
    const seg = decodeSegmentationRecord((await doctor.lib.cases.loadSegmentation(id, 'upper'))!);
    const sentSeg = decodeSegmentationRecord((await planner.lib.cases.loadSegmentation(id, 'upper'))!);
    expect(sameArray(seg.vertexLabels, sentSeg.vertexLabels)).toBe(true);
    expect(sameArray(seg.faceLabels, sentSeg.faceLabels)).toBe(true);
    expect(await storedMeshHashes(doctor, id)).toEqual(await storedMeshHashes(planner, id));

    expect(await doctor.lib.plans.loadWorking(id)).toEqual(W0);
    expect(await doctor.lib.plans.listVersions(id)).toEqual(await planner.lib.plans.listVersions(id));
    expect(await doctor.lib.review.listComments(id)).toEqual(await planner.lib.review.listComments(id));
    const trail = await doctor.lib.audit.list(id);
    expect(trail.map((e) => e.kind)).toEqual([...(await planner.lib.audit.list(id)).map((e) => e.kind), 'package-imported']);
    expect(trail.at(-1)).toMatchObject({ actor: DOCTOR, summary: `Imported ${fileName} from ${PLANNER.name} (new case)` });
    expect((await doctor.lib.audit.verify(id)).ok).toBe(true);
  }, 60_000);
});

describe('the same case coming back', () => {
  it('re-imported where it came from: merged, no duplicate, nothing new but the import event', async () => {
    const planner = await side(PLANNER);
    const id = await plannerCase(planner);
    const { pkg, fileName } = await sent(planner, id);
    const summary = await planner.lib.packages.importPackage(pkg, fileName);
    expect(summary).toMatchObject({ outcome: 'merged', newVersions: [], newComments: 0, newDecisions: 0, newEvents: 0, working: 'unchanged', differentScans: [] });
    expect(await planner.lib.cases.list()).toHaveLength(1);
    expect((await planner.lib.audit.list(id)).at(-1)!.kind).toBe('package-imported');
    expect((await planner.lib.audit.verify(id)).ok).toBe(true);
  });

  it('the doctor\'s response: new comment and request merged, status planning, trails joined by a merge event', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const id = await plannerCase(planner);
    const out = await sent(planner, id);
    await doctor.lib.packages.importPackage(out.pkg, out.fileName);
    const comment = await doctor.lib.review.addComment(id, { text: 'less torque on 11', fdi: 11, stage: 2, planHash: H.h1 });
    await doctor.lib.review.requestChanges(id, { note: 'see 11', commentIds: [comment.id], planHash: H.h1 });
    const back = await sent(doctor, id, 'response');
    expect(back.fileName).toMatch(/^P-900-response-\d{4}-\d\d-\d\d\.aligner$/);
    expect(back.pkg.arches).toEqual({});
    expect(back.pkg).not.toHaveProperty('working');
    // The planner went on working meanwhile: two heads to join.
    await planner.lib.plans.saveWorking(id, edited(W0, 12, 0.3), 1);

    const summary = await planner.lib.packages.importPackage(back.pkg, back.fileName);
    expect(summary).toMatchObject({ outcome: 'merged', newVersions: [], newComments: 1, newDecisions: 1, working: 'unchanged' });
    // Theirs: import, comment, request, status change, export.
    expect(summary.newEvents).toBe(5);
    expect((await planner.lib.review.listComments(id)).map((c) => [c.text, c.fdi, c.author.name])).toEqual([
      ['watch 21', 21, PLANNER.name], ['less torque on 11', 11, DOCTOR.name],
    ]);
    expect((await planner.lib.cases.get(id))!.status).toBe('planning');
    expect(await planner.lib.plans.loadWorking(id)).toEqual(edited(W0, 12, 0.3));
    const trail = await planner.lib.audit.list(id);
    const merge = trail.find((e) => e.kind === 'package-imported' && e.actor.name === PLANNER.name)!;
    expect(merge.parents).toHaveLength(2);
    expect(await planner.lib.audit.verify(id)).toMatchObject({ ok: true, heads: [trail.at(-1)!.hash] });
    // The same response again adds nothing.
    expect(await planner.lib.packages.importPackage(back.pkg, back.fileName)).toMatchObject({ newComments: 0, newDecisions: 0, newEvents: 0 });
  });

  it('a signed approval of a plan both hold (their scans hash alike) makes the case approved; one of another plan does not', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const id = await plannerCase(planner);
    const out = await sent(planner, id);
    await doctor.lib.packages.importPackage(out.pkg, out.fileName);
    const approve = (planHash: string, versionId: string): SignedApproval => ({
      id: `approval-${versionId}`, kind: 'approval', caseId: id, signer: DOCTOR.name, at: T0 + 9e6, meaning: APPROVAL_MEANING, planHash,
      versionName: `Approved by ${DOCTOR.name}`, versionId, fingerprint: 'f'.repeat(64), publicKey: 'AAAA', signature: 'BBBB',
    });
    const hashes = await storedMeshHashes(doctor, id);
    await doctor.lib.review.recordApproval(id, approve(planContentHash(W0, hashes), 'approved-w0'), W0);
    const back = await sent(doctor, id, 'response');
    const planner2 = await side(PLANNER);
    const again = await sent(planner, id);
    await planner2.lib.packages.importPackage(again.pkg, again.fileName);

    expect(await planner.lib.packages.importPackage(back.pkg, back.fileName)).toMatchObject({ newVersions: [`Approved by ${DOCTOR.name}`], newDecisions: 1 });
    expect((await planner.lib.cases.get(id))!.status).toBe('approved');

    // Another library of the planner's, whose response approval names a plan it does not hold.
    const forged = { ...back.pkg, decisions: back.pkg.decisions.map((d) => ({ ...d, planHash: 'e'.repeat(64) })) };
    await planner2.lib.packages.importPackage(forged, back.fileName);
    expect((await planner2.lib.cases.get(id))!.status).toBe('doctor-review');
  });

  it('only the doctor edited the plan: ours is replaced (revision moves on); a changed scan of theirs is reported, ours kept', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const id = await plannerCase(planner);
    const out = await sent(planner, id);
    await doctor.lib.packages.importPackage(out.pkg, out.fileName);
    await doctor.lib.plans.saveWorking(id, edited(W0, 31, 0.4), 1);
    await doctor.lib.cases.saveArch(id, archInfo('lower', 50), scanBytes(93, 50));
    const back = await sent(doctor, id);
    expect(back.pkg.working).toMatchObject({ hash: hashOf(edited(W0, 31, 0.4)), sharedBase: hashOf(W0) });
    const before = (await planner.lib.plans.openWorking(id))!.revision;
    const summary = await planner.lib.packages.importPackage(back.pkg, back.fileName);
    expect(summary).toMatchObject({ working: 'updated', differentScans: ['lower'] });
    expect(await planner.lib.plans.openWorking(id)).toEqual({ plan: edited(W0, 31, 0.4), revision: before + 1 });
    expect(meshContentHash(decodeMesh((await planner.lib.cases.loadArchMesh(id, 'lower'))!))).toBe(meshContentHash(decodeMesh(scanBytes(92, 50))));
  });

  it('both edited since they parted: ours stays the working plan, theirs is kept as a named version (once)', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const id = await plannerCase(planner);
    const out = await sent(planner, id);
    await doctor.lib.packages.importPackage(out.pkg, out.fileName);
    await doctor.lib.plans.saveWorking(id, edited(W0, 31, 0.4), 1);
    const back = await sent(doctor, id);
    await planner.lib.plans.saveWorking(id, edited(W0, 12, -0.2), 1);

    const summary = await planner.lib.packages.importPackage(back.pkg, back.fileName);
    const name = `${DOCTOR.name}'s plan (${localDate(back.pkg.exportedAt)})`;
    expect(summary).toMatchObject({ working: 'kept-both', keptTheirsAs: name });
    expect(await planner.lib.plans.loadWorking(id)).toEqual(edited(W0, 12, -0.2));
    const kept = (await planner.lib.plans.listVersions(id)).find((v) => v.name === name)!;
    expect((await planner.lib.plans.loadVersion(kept.id)).plan).toEqual(edited(W0, 31, 0.4));
    const again = await planner.lib.packages.importPackage(back.pkg, back.fileName);
    expect(again).toMatchObject({ working: 'unchanged' });
    expect(await planner.lib.plans.loadWorking(id)).toEqual(edited(W0, 12, -0.2));
    expect((await planner.lib.plans.listVersions(id)).filter((v) => v.name === name)).toHaveLength(1);
  });
});

describe('an import that cannot be done changes nothing', () => {
  it('a response for a case this library does not hold is refused, naming the file and the case', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const id = await plannerCase(planner);
    const out = await sent(planner, id);
    await doctor.lib.packages.importPackage(out.pkg, out.fileName);
    const back = await sent(doctor, id, 'response');
    const stranger = await side(PLANNER);
    const before = await snapshotLibrary(stranger.db, { records: true });
    await expect(stranger.lib.packages.importPackage(back.pkg, back.fileName))
      .rejects.toThrow(`${back.fileName} answers case P-900, which is not in this library. Nothing was changed.`);
    expect(await snapshotLibrary(stranger.db, { records: true })).toEqual(before);
  });

  it('an export that cannot be made records no export', async () => {
    const planner = await side(PLANNER);
    // A scan 300 mm across: more than the compact codec's grid holds.
    const huge = decodeMesh(scanBytes(94, 40));
    huge.positions[0] = 300;
    const c = await planner.lib.cases.createWithArches({ pseudonym: 'P-901' }, [{ arch: archInfo('upper', 40), meshBytes: encodeMesh(huge) }]);
    const before = await snapshotLibrary(planner.db, { records: true });
    await expect(planner.lib.packages.exportCase(c.id, { kind: 'case' })).rejects.toThrow(/256/);
    expect(await snapshotLibrary(planner.db, { records: true })).toEqual(before);
  });

  const faults: [string, Fault][] = [
    ['the disk full on the working plan', { store: 'plans', method: 'put', fail: 'quota' }],
    ['a failure on the second audit write', { store: 'audit', method: 'put', skip: 1, fail: new Error('bug half-way') }],
    ['the tab closing while the review records are written', { store: 'review', method: 'add', fail: 'abort' }],
  ];
  for (const [what, fault] of faults) {
    it(`adding a new case: ${what}`, async () => {
      const planner = await side(PLANNER);
      const id = await plannerCase(planner);
      const { pkg, fileName } = await sent(planner, id);
      const doctor = await side(DOCTOR);
      const before = await snapshotLibrary(doctor.db, { records: true });
      await expect(importCasePackage(withFault(doctor.db, fault), pkg, fileName, { actor: DOCTOR, now: () => T0 })).rejects.toThrow();
      expect(await snapshotLibrary(doctor.db, { records: true })).toEqual(before);
    });
  }

  it('merging: a write failing half-way leaves the case as it was', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const id = await plannerCase(planner);
    const out = await sent(planner, id);
    await doctor.lib.packages.importPackage(out.pkg, out.fileName);
    await doctor.lib.plans.saveWorking(id, edited(W0, 31, 0.4), 1);
    await doctor.lib.review.addComment(id, { text: 'new', planHash: H.h });
    const back = await sent(doctor, id);
    const before = await snapshotLibrary(planner.db, { records: true });
    const fault: Fault = { store: 'cases', method: 'put', fail: new Error('bug at the last step') };
    await expect(importCasePackage(withFault(planner.db, fault), back.pkg, back.fileName, { actor: PLANNER, now: () => T0 + 1e7 })).rejects.toThrow('bug at the last step');
    expect(await snapshotLibrary(planner.db, { records: true })).toEqual(before);
  });
});

describe('the summary a case package carries', () => {
  it('is kept per case, replaced by a newer case package, left alone by a response; deleted and backed up with the case', async () => {
    const planner = await side(PLANNER);
    const doctor = await side(DOCTOR);
    const id = await plannerCase(planner);
    const other = await plannerCase(planner);
    const first = await sent(planner, id, 'case', summaryFor(W0, 'first'));
    await doctor.lib.packages.importPackage(first.pkg, first.fileName);
    expect(await doctor.lib.review.packageSummary(id)).toEqual(summaryFor(W0, 'first'));
    // Another case (the doctor switches cases) has none of it.
    expect(await doctor.lib.review.packageSummary(other)).toBeUndefined();

    const W1 = edited(W0, 12, 0.3);
    await planner.lib.plans.saveWorking(id, W1, 1);
    const newer = await sent(planner, id, 'case', summaryFor(W1, 'second'));
    // Written in the import's one transaction: a failure at its last step keeps the earlier summary.
    const fault: Fault = { store: 'cases', method: 'put', fail: new Error('bug at the last step') };
    await expect(importCasePackage(withFault(doctor.db, fault), newer.pkg, newer.fileName, { actor: DOCTOR, now: () => T0 + 1e7 })).rejects.toThrow();
    expect((await doctor.lib.review.packageSummary(id))?.warnings).toEqual(['first']);
    await doctor.lib.packages.importPackage(newer.pkg, newer.fileName);
    expect(await doctor.lib.review.packageSummary(id)).toMatchObject({ planHash: hashOf(W1), warnings: ['second'] });

    // The planner's library, answered by a response: its own summary (none) stays none, the doctor's stays.
    const back = await sent(doctor, id, 'response');
    expect(back.pkg).not.toHaveProperty('summary');
    await planner.lib.packages.importPackage(back.pkg, back.fileName);
    expect(await planner.lib.review.packageSummary(id)).toBeUndefined();
    // Even one that carries a summary (not written by a studio): a response is no planner's word.
    const again = await sent(doctor, id, 'response');
    await doctor.lib.packages.importPackage({ ...again.pkg, summary: summaryFor(W0, 'response') }, again.fileName);
    expect((await doctor.lib.review.packageSummary(id))?.warnings).toEqual(['second']);

    const restored = await side(DOCTOR);
    await restored.lib.restoreBackup(await doctor.lib.exportBackup(), 'doctor.backup');
    expect((await restored.lib.review.packageSummary(id))?.warnings).toEqual(['second']);
    const deleted = await doctor.lib.cases.remove(id);
    expect(await doctor.lib.review.packageSummary(id)).toBeUndefined();
    await doctor.lib.cases.restoreDeleted(deleted);
    expect((await doctor.lib.review.packageSummary(id))?.warnings).toEqual(['second']);
  });
});
