// Review records in the library: comments pinned to a tooth and/or a stage, a request for
// changes and a signed approval, each with its audit event and the status it sets, in one
// transaction; and the profile (name, role, known keys, signing key) they are made under.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { hashOf } from '../core/canonical.ts';
import { emptyPlan, setTarget, zeroMovement } from '../core/plan.ts';
import { APPROVAL_MEANING } from '../core/review.ts';
import type { SignedApproval } from '../core/review.ts';
import { createSigningKey } from '../exchange/signing.ts';
import { openStudioDb, StoreError } from './db.ts';
import type { StudioDb } from './db.ts';
import { openLibrary } from './library.ts';
import type { Library } from './library.ts';
import { createReviewRepository } from './review.ts';
import { snapshotLibrary, withFault } from './fixtures/faults.ts';

/** Plan hashes as the studio makes them (64 hex digits), one per name. */
const H = { h: hashOf('h'), h0: hashOf('h0'), h1: hashOf('h1'), h2: hashOf('h2') };

const DOCTOR = { name: 'Dr Mara Lind', role: 'doctor' } as const;

async function library(name = 'review-test'): Promise<{ lib: Library; db: StudioDb; factory: IDBFactory }> {
  const factory = new IDBFactory();
  let t = 1_760_000_000_000;
  let n = 0;
  const lib = await openLibrary({ name, factory, now: () => (t += 1000), newId: () => `id-${++n}` });
  await lib.profile.save(DOCTOR);
  return { lib, db: await openStudioDb(name, factory), factory };
}

const approvedPlan = setTarget(emptyPlan(), 21, { ...zeroMovement(), rotation: 8 });

function approval(caseId: string, over: Partial<SignedApproval> = {}): SignedApproval {
  return {
    id: 'approval-1', kind: 'approval', caseId, signer: DOCTOR.name, at: 1_760_000_500_000, meaning: APPROVAL_MEANING,
    planHash: 'a'.repeat(64), versionName: 'Approved by Dr Mara Lind, 2025-10-09', versionId: 'version-approved',
    fingerprint: 'b'.repeat(64), publicKey: 'AAAA', signature: 'BBBB', ...over,
  };
}

describe('comments', () => {
  it('are kept oldest first under the profile, pinned to a tooth and a stage, each with its audit event', async () => {
    const { lib } = await library();
    const c = await lib.cases.create({ pseudonym: 'P-800', status: 'doctor-review' });
    const before = (await lib.cases.get(c.id))!.updatedAt;
    const first = await lib.review.addComment(c.id, { text: '  less torque on 11 ', fdi: 11, stage: 4, planHash: H.h1 });
    const second = await lib.review.addComment(c.id, { text: 'fine overall', planHash: H.h1 });
    expect(first).toMatchObject({ caseId: c.id, author: DOCTOR, text: 'less torque on 11', fdi: 11, stage: 4, planHash: H.h1 });
    expect(second).not.toHaveProperty('fdi');
    expect(await lib.review.listComments(c.id)).toEqual([first, second]);
    expect((await lib.cases.get(c.id))!.updatedAt).toBeGreaterThan(before);
    const trail = await lib.audit.list(c.id);
    expect(trail.slice(-2).map((e) => [e.kind, e.summary, e.actor.name])).toEqual([
      ['comment-added', 'Comment on tooth 11 at stage 4: "less torque on 11"', DOCTOR.name],
      ['comment-added', 'Comment: "fine overall"', DOCTOR.name],
    ]);
    expect((await lib.audit.verify(c.id)).ok).toBe(true);
  });

  it('empty text, or a case that is not there, writes nothing', async () => {
    const { lib, db } = await library();
    const c = await lib.cases.create();
    const before = await snapshotLibrary(db, { records: true });
    await expect(lib.review.addComment(c.id, { text: '   ', planHash: H.h })).rejects.toThrow(/needs text/);
    await expect(lib.review.addComment('gone', { text: 'hello', planHash: H.h })).rejects.toMatchObject({ code: 'not-found' });
    expect(await snapshotLibrary(db, { records: true })).toEqual(before);
  });

  it('switching cases: each case lists only its own comments and decisions', async () => {
    const { lib } = await library();
    const a = await lib.cases.create({ pseudonym: 'A' });
    const b = await lib.cases.create({ pseudonym: 'B' });
    await lib.review.addComment(a.id, { text: 'on A', fdi: 11, planHash: H.h });
    await lib.review.addComment(b.id, { text: 'on B', fdi: 21, planHash: H.h });
    await lib.review.requestChanges(b.id, { note: 'see 21', commentIds: [], planHash: H.h });
    expect((await lib.review.listComments(a.id)).map((x) => x.text)).toEqual(['on A']);
    expect((await lib.review.listComments(b.id)).map((x) => x.text)).toEqual(['on B']);
    expect(await lib.review.listDecisions(a.id)).toEqual([]);
    expect(await lib.review.listDecisions(b.id)).toHaveLength(1);
  });
});

describe('decisions', () => {
  it('a request for changes names its comments and puts the case back to planning', async () => {
    const { lib } = await library();
    const c = await lib.cases.create({ status: 'doctor-review' });
    const comment = await lib.review.addComment(c.id, { text: 'intrude 12', fdi: 12, planHash: H.h2 });
    const request = await lib.review.requestChanges(c.id, { note: 'Please see the comment on 12', commentIds: [comment.id], planHash: H.h2 });
    expect(request).toMatchObject({ kind: 'changes-requested', by: DOCTOR, note: 'Please see the comment on 12', commentIds: [comment.id] });
    expect(await lib.review.listDecisions(c.id)).toEqual([request]);
    expect((await lib.cases.get(c.id))!.status).toBe('planning');
    expect((await lib.audit.list(c.id)).slice(-2).map((e) => [e.kind, e.summary])).toEqual([
      ['changes-requested', 'Requested changes (1 comment): "Please see the comment on 12"'],
      ['status-changed', 'Status: Doctor review -> Planning (changes requested)'],
    ]);
  });

  it('an approval saves the approved plan as its version, the decision and status approved, together', async () => {
    const { lib } = await library();
    const c = await lib.cases.create({ status: 'doctor-review' });
    const a = approval(c.id);
    await lib.review.recordApproval(c.id, a, approvedPlan);
    expect(await lib.review.listDecisions(c.id)).toEqual([a]);
    const version = await lib.plans.loadVersion('version-approved');
    expect(version).toMatchObject({ name: a.versionName, caseId: c.id, plan: approvedPlan });
    expect((await lib.cases.get(c.id))!.status).toBe('approved');
    expect((await lib.audit.list(c.id)).slice(-2).map((e) => e.kind)).toEqual(['approved', 'status-changed']);
    expect((await lib.audit.list(c.id)).at(-2)!.detail).toMatchObject({ versionId: 'version-approved', planHash: a.planHash, fingerprint: a.fingerprint });
  });

  it('an approval failing half-way, for another case, or over a different saved plan writes nothing', async () => {
    const { lib, db } = await library();
    const c = await lib.cases.create({ status: 'doctor-review' });
    const before = await snapshotLibrary(db, { records: true });
    for (const fail of ['quota', new Error('bug after the version was added')] as const) {
      const faulty = createReviewRepository(withFault(db, { store: 'review', method: 'add', fail }), { now: () => 1_760_000_900_000 });
      await expect(faulty.recordApproval(c.id, approval(c.id), approvedPlan)).rejects.toThrow();
      expect(await snapshotLibrary(db, { records: true })).toEqual(before);
    }
    await expect(lib.review.recordApproval(c.id, approval('other-case'), approvedPlan)).rejects.toThrow(/for case other-case/);
    const saved = await lib.plans.saveVersion(c.id, 'Mine', emptyPlan());
    const taken = await snapshotLibrary(db, { records: true });
    const error = await lib.review.recordApproval(c.id, approval(c.id, { versionId: saved.id }), approvedPlan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/already saved as version "Mine"/);
    expect(await snapshotLibrary(db, { records: true })).toEqual(taken);
  });
});

describe('the profile', () => {
  it('is the default until saved, is trimmed and checked, and survives a reopen', async () => {
    const factory = new IDBFactory();
    const lib = await openLibrary({ name: 'profile', factory });
    expect(lib.profile.current()).toEqual({ name: 'Unnamed user', role: 'planner' });
    expect(await lib.profile.load()).toBeUndefined();
    await expect(lib.profile.save({ name: '   ', role: 'doctor' })).rejects.toThrow(/needs a name/);
    await expect(lib.profile.save({ name: 'X', role: 'surgeon' as never })).rejects.toThrow(/roles/);
    await lib.profile.save({ name: ' Dr Okafor ', role: 'lead' });
    expect(lib.profile.current()).toEqual({ name: 'Dr Okafor', role: 'lead' });
    lib.close();
    const again = await openLibrary({ name: 'profile', factory });
    expect(again.profile.current()).toEqual({ name: 'Dr Okafor', role: 'lead' });
  });

  it('keeps the clinic\'s known keys by name, as typed from the screen, renamed in place, removable', async () => {
    const { lib } = await library();
    const fp = 'c0ffee'.repeat(10) + 'abcd';
    const shown = fp.slice(0, 32).toUpperCase().match(/.{4}/g)!.join(' ');
    await lib.profile.addKnownKey({ fingerprint: fp, name: 'Dr Zed' });
    let keys = await lib.profile.addKnownKey({ fingerprint: shown, name: 'Dr Abel' });
    expect(keys.map((k) => [k.name, k.fingerprint])).toEqual([['Dr Abel', fp.slice(0, 32)], ['Dr Zed', fp]]);
    keys = await lib.profile.addKnownKey({ fingerprint: fp.toUpperCase(), name: ' Dr Zed Senior ' });
    expect(keys.map((k) => k.name)).toEqual(['Dr Abel', 'Dr Zed Senior']);
    await expect(lib.profile.addKnownKey({ fingerprint: 'not hex', name: 'X' })).rejects.toThrow(/hexadecimal/);
    await expect(lib.profile.addKnownKey({ fingerprint: fp, name: ' ' })).rejects.toThrow(/name/);
    expect((await lib.profile.removeKnownKey(shown)).map((k) => k.name)).toEqual(['Dr Zed Senior']);
    expect(await lib.profile.knownKeys()).toHaveLength(1);
  });

  it('keeps this browser\'s signing key as it was made (wrapped)', async () => {
    const { lib } = await library();
    expect(await lib.profile.signingKey()).toBeUndefined();
    const key = await createSigningKey(DOCTOR.name, 'correct horse battery staple', { iterations: 1000 });
    await lib.profile.saveSigningKey(key);
    expect(await lib.profile.signingKey()).toEqual(key);
  });
});
