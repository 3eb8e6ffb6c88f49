// The review store over a fake review service (in memory, as the store's repository answers):
// each case sees its own comments and package summary only, an approval turns void when the
// plan changes and names the tooth, and the three trust states of a signature.
import { describe, expect, test, vi } from 'vitest';
import { createRoot, createSignal } from 'solid-js';
import { hashOf } from '../../core/canonical.ts';
import { emptyPlan, setTarget, zeroMovement, type Plan } from '../../core/plan.ts';
import type { Actor, ChangeRequest, KnownKey, ReviewComment, ReviewDecision, SignedApproval } from '../../core/review.ts';
import type { StoredSigningKey } from '../../exchange/signing.ts';
import type { PackageSummary } from '../../exchange/summary.ts';
import { WRONG_UNLOCK } from '../../exchange/signing.ts';
import { createReviewStore, type ReviewServices, type ReviewStore } from './review.ts';

const DOCTOR: Actor = { name: 'Dr Rivera', role: 'doctor' };
const MESHES = { upper: 'a'.repeat(64), lower: 'b'.repeat(64) };
const FAST_KEY = 1000;

/** The repositories the store calls, in memory; `slow` holds a case's next read until released. */
function fakeServices(seed: ReviewComment[] = [], summaries: Record<string, PackageSummary> = {}) {
  const comments = [...seed];
  const decisions: ReviewDecision[] = [];
  const versions = new Map<string, { plan: Plan; name: string }>();
  let signingKey: StoredSigningKey | undefined;
  // Times the repositories stamp: an hour ahead of the store's own clock (approvals), so a request made after an approval is also later.
  let clock = Date.now() + 3_600_000;
  let ids = 0;
  const gates = new Map<string, Promise<void>>();
  const services: ReviewServices = {
    review: {
      async listComments(caseId) {
        await gates.get(caseId);
        return comments.filter((c) => c.caseId === caseId);
      },
      async listDecisions(caseId) {
        await gates.get(caseId);
        return decisions.filter((d) => d.caseId === caseId);
      },
      async addComment(caseId, c) {
        const comment: ReviewComment = { id: `c${++ids}`, caseId, author: DOCTOR, at: ++clock, ...c };
        comments.push(comment);
        return comment;
      },
      async requestChanges(caseId, r) {
        const request: ChangeRequest = { id: `d${++ids}`, caseId, kind: 'changes-requested', by: DOCTOR, at: ++clock, ...r };
        decisions.push(request);
        return request;
      },
      async recordApproval(_caseId, approval, plan) {
        versions.set(approval.versionId, { plan, name: approval.versionName });
        decisions.push(approval);
      },
      async packageSummary(caseId) {
        await gates.get(caseId);
        return summaries[caseId];
      },
    },
    plans: {
      async loadVersion(id) {
        const v = versions.get(id);
        if (!v) throw new Error(`no version ${id}`);
        return { id, caseId: 'A', name: v.name, savedAt: 0, plan: v.plan } as Awaited<ReturnType<ReviewServices['plans']['loadVersion']>>;
      },
    },
    profile: {
      signingKey: async () => signingKey,
      saveSigningKey: async (k) => void (signingKey = k),
    },
  };
  return {
    services, comments, decisions,
    hold(caseId: string) {
      let release!: () => void;
      gates.set(caseId, new Promise<void>((r) => (release = r)));
      return () => {
        gates.delete(caseId);
        release();
      };
    },
  };
}

function comment(caseId: string, id: string, text: string, fdi?: number): ReviewComment {
  return { id, caseId, author: DOCTOR, at: 1, text, planHash: 'h', ...(fdi === undefined ? {} : { fdi }) };
}

/** A package summary of `plan` (only the fields the store looks at matter here). */
function summaryOf(plan: Plan, warning: string): PackageSummary {
  return {
    planHash: hashOf(plan), stageCount: 1, aligners: { upper: 0 }, wearDays: 14, durationDays: 0, movements: [], ipr: [], iprProposals: [],
    collisionsChecked: false, finalCollisions: [], midCourse: [], warnings: [warning], checklist: null,
  };
}

function storeFor(caseId: string, services: ReviewServices, extra: { plan?: () => Plan | undefined; keys?: () => KnownKey[] } = {}) {
  let dispose!: () => void;
  const store = createRoot((d) => {
    dispose = d;
    return createReviewStore({
      caseId, services, plan: 'plan' in extra ? extra.plan! : () => emptyPlan(), meshHashes: () => MESHES, knownKeys: extra.keys ?? (() => []),
      keyIterations: FAST_KEY, newId: (() => { let n = 0; return () => `${caseId}-${++n}`; })(),
    });
  });
  return { store, dispose };
}

const settled = (store: ReviewStore) => vi.waitFor(() => expect(store.loaded()).toBe(true));

describe('review store', () => {
  test('switching cases shows the other case\'s comments only, even when the first case\'s read lands late', async () => {
    const fake = fakeServices([comment('A', 'a1', 'Rotate 11 less', 11), comment('B', 'b1', 'Fine for B'), comment('A', 'a2', 'Check 21', 21)]);
    const release = fake.hold('A');
    const a = storeFor('A', fake.services);
    // The planner switches to case B before A's review was read.
    a.dispose();
    const b = storeFor('B', fake.services);
    await settled(b.store);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(b.store.comments().map((c) => c.id)).toEqual(['b1']);
    expect([...b.store.commentCounts()]).toEqual([]);
    b.dispose();

    const again = storeFor('A', fake.services);
    await settled(again.store);
    expect(again.store.comments().map((c) => c.text)).toEqual(['Rotate 11 less', 'Check 21']);
    expect([...again.store.commentCounts()]).toEqual([[11, 1], [21, 1]]);
    again.dispose();
  });

  test('the package summary loads per case; switching cases never shows the other case\'s; shown only for the plan it describes', async () => {
    const A0 = setTarget(emptyPlan(), 11, { ...zeroMovement(), mesial: 0.5 });
    const fake = fakeServices([], { A: summaryOf(A0, 'from A'), B: summaryOf(emptyPlan(), 'from B') });
    const release = fake.hold('A');
    const a = storeFor('A', fake.services);
    a.dispose();
    const c = storeFor('C', fake.services);
    await settled(c.store);
    release();
    await new Promise((r) => setTimeout(r, 10));
    // C came in no package: A's summary, read late, never shows here.
    expect(c.store.packageSummary()).toBeUndefined();
    expect(c.store.planSummary()).toBeUndefined();
    c.dispose();

    const b = storeFor('B', fake.services);
    await settled(b.store);
    expect(b.store.planSummary()?.warnings).toEqual(['from B']);
    b.dispose();

    // Before the working plan is loaded it cannot be told apart: shown. Loaded, it must be the plan described.
    const [plan, setPlan] = createSignal<Plan | undefined>(undefined);
    const again = storeFor('A', fake.services, { plan });
    await settled(again.store);
    expect(again.store.planSummary()?.warnings).toEqual(['from A']);
    setPlan(A0);
    expect(again.store.planSummary()?.warnings).toEqual(['from A']);
    setPlan(setTarget(A0, 21, { ...zeroMovement(), rotation: 3 }));
    expect(again.store.planSummary()).toBeUndefined();
    expect(again.store.packageSummary()?.warnings).toEqual(['from A']);
    again.dispose();
  });

  test('a comment carries the plan hash; a request for changes sends the comments made since the last decision', async () => {
    const fake = fakeServices();
    const { store, dispose } = storeFor('A', fake.services);
    await settled(store);
    const first = await store.addComment({ text: '  Less torque on 11 ', fdi: 11, stage: 4 });
    expect(first).toMatchObject({ text: 'Less torque on 11', fdi: 11, stage: 4 });
    expect(first.planHash).toBe(store.currentHash());
    await store.addComment({ text: 'Overall fine' });
    await expect(store.addComment({ text: '   ' })).rejects.toThrow('Write the comment first.');
    expect(store.openComments()).toHaveLength(2);
    const request = await store.requestChanges(' Please revise 11 ');
    expect(request.commentIds).toEqual(store.comments().map((c) => c.id));
    expect(request.note).toBe('Please revise 11');
    expect(store.latestDecision()?.kind).toBe('changes-requested');
    expect(store.openComments()).toEqual([]);
    expect(store.approvalState()).toBe('none');
    dispose();
  });

  test('approval holds for the signed plan and turns void when tooth 11 moves, naming it; the approved plan stays as its version', async () => {
    const fake = fakeServices();
    const [plan, setPlan] = createSignal<Plan>(setTarget(emptyPlan(), 21, { ...zeroMovement(), mesial: 0.5 }));
    const { store, dispose } = storeFor('A', fake.services, { plan });
    await settled(store);
    const approval = await store.approve({ name: ' Dr Rivera ', passphrase: 'correct horse', passphraseAgain: 'correct horse' });
    expect(approval).toMatchObject({ signer: 'Dr Rivera', meaning: 'approved for manufacturing', planHash: store.currentHash() });
    expect(approval.versionName).toMatch(/^Approved by Dr Rivera, \d{4}-\d\d-\d\d \d\d:\d\d$/);
    await vi.waitFor(() => expect(store.approvalState()).toBe('unknown-key'));
    expect(store.approval()?.void).toBe(false);

    setPlan(setTarget(plan(), 11, { ...zeroMovement(), rotation: 4 }));
    await vi.waitFor(() => expect(store.approvalState()).toBe('void'));
    expect(store.approval()?.differences).toEqual(['tooth 11: final position added (rotation 0 -> 4°)']);
    const kept = await fake.services.plans.loadVersion(approval.versionId);
    expect(kept.plan.targets.map((t) => t.fdi)).toEqual([21]);

    // Moving it back restores what was signed: the approval holds again.
    setPlan({ ...plan(), targets: plan().targets.filter((t) => t.fdi !== 11) });
    await vi.waitFor(() => expect(store.approvalState()).toBe('unknown-key'));
    dispose();
  });

  test('trust: verified by a known key with its name, unknown key otherwise, invalid when a signed field was altered', async () => {
    const fake = fakeServices();
    const [keys, setKeys] = createSignal<KnownKey[]>([]);
    const { store, dispose } = storeFor('A', fake.services, { keys });
    await settled(store);
    const approval = await store.approve({ name: 'Dr Rivera', passphrase: 'correct horse', passphraseAgain: 'correct horse' });
    await vi.waitFor(() => expect(store.approvalState()).toBe('unknown-key'));

    setKeys([{ fingerprint: approval.fingerprint.slice(0, 32).toUpperCase(), name: 'Dr Ana Rivera', addedAt: 1 }]);
    await vi.waitFor(() => expect(store.approvalState()).toBe('verified'));
    expect(store.approval()?.trustedName).toBe('Dr Ana Rivera');

    // Someone edits the stored approval's signer: the signature no longer holds.
    const stored = fake.decisions.find((d) => d.id === approval.id) as SignedApproval;
    fake.decisions.splice(fake.decisions.indexOf(stored), 1, { ...stored, signer: 'Dr Someone Else' });
    await store.refresh();
    await vi.waitFor(() => expect(store.approvalState()).toBe('invalid'));
    dispose();
  });

  test('a second approval unlocks the stored key; a wrong passphrase records nothing', async () => {
    const fake = fakeServices();
    const { store, dispose } = storeFor('A', fake.services);
    await settled(store);
    await expect(store.approve({ name: 'Dr Rivera', passphrase: 'correct horse', passphraseAgain: 'correct hors' }))
      .rejects.toThrow('The two passphrases are not the same.');
    await expect(store.approve({ name: 'Dr Rivera', passphrase: 'correct horse' })).rejects.toThrow('no signing key yet');
    const first = await store.approve({ name: 'Dr Rivera', passphrase: 'correct horse', passphraseAgain: 'correct horse' });
    await expect(store.approve({ name: 'Dr Rivera', passphrase: 'wrong horse!' })).rejects.toThrow(WRONG_UNLOCK);
    expect(fake.decisions.map((d) => d.id)).toEqual([first.id]);
    const second = await store.approve({ name: 'dr rivera', passphrase: 'correct horse' });
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(store.decisions().map((d) => d.id)).toEqual([first.id, second.id]);
    // Changes requested afterwards withdraw the approval: the card shows no approval.
    await vi.waitFor(() => expect(store.approvalState()).toBe('unknown-key'));
    await store.requestChanges('Second thoughts about 11');
    expect(store.approval()).toBeNull();
    expect(store.approvalState()).toBe('none');
    dispose();
  });
});
