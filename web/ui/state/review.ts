// The review of one case as the studio shows it: its comments and the doctor's decisions,
// the latest approval with whether its signature holds (verified, unknown key, invalid) and
// whether the plan has changed since (void, with what changed in plain words), and the three
// things a reviewer does: comment, request changes, approve with a signature. Made per case
// (CaseView), so one patient's comments never show on another's. Also the summary the case's
// last package carried, which the review screen shows while the plan is still being computed.
import { createEffect, createMemo, createSignal, on, type Accessor } from 'solid-js';
import type { Fdi } from '../../core/fdi.ts';
import type { Plan } from '../../core/plan.ts';
import { hashOf } from '../../core/canonical.ts';
import { approvalStanding, standingApproval } from '../../core/approval-standing.ts';
import { planContentHash } from '../../core/plan-hash.ts';
import { APPROVAL_MEANING } from '../../core/review.ts';
import type { ChangeRequest, KnownKey, ReviewComment, ReviewDecision, SignedApproval } from '../../core/review.ts';
import type { Jaw } from '../../core/types.ts';
import { approvalTrust, signApproval } from '../../exchange/signing.ts';
import { signingKeyFor, type SignerInput } from './signing-key.ts';
import type { PackageSummary } from '../../exchange/summary.ts';
import { approvalVersionName } from '../format.ts';
import type { StudioServices } from '../services.ts';

export type ApprovalTrust = 'checking' | 'verified' | 'unknown-key' | 'invalid';
/** What the approval card shows: no approval, or the latest one's trust, or void when the plan changed after it. */
export type ApprovalState = 'none' | ApprovalTrust | 'void';

export interface ApprovalView {
  approval: SignedApproval;
  trust: ApprovalTrust;
  /** The known doctor's name when verified. */
  trustedName?: string;
  /** The plan (or its scans) changed since it was signed. */
  void: boolean;
  /** In plain words, what changed (planDifferences against the approved version). */
  differences: string[];
  /** Set when the approved version could not be read to name the differences. */
  differencesNote?: string;
}

export interface ReviewServices {
  review: StudioServices['review'];
  plans: Pick<StudioServices['plans'], 'loadVersion'>;
  profile: Pick<StudioServices['profile'], 'signingKey' | 'saveSigningKey'>;
}

export interface ReviewStoreDeps {
  caseId: string;
  services: ReviewServices;
  /** The working plan once it is loaded (undefined before). */
  plan: Accessor<Plan | undefined>;
  /** Content hashes of the case's stored meshes, once every loaded arch is hashed. */
  meshHashes: Accessor<Partial<Record<Jaw, string>> | undefined>;
  knownKeys: Accessor<readonly KnownKey[]>;
  /** Changes when the case was written elsewhere (an import, another tab): the review is read again. */
  revision?: Accessor<unknown>;
  now?: () => number;
  newId?: () => string;
  /** PBKDF2 work for a new signing key (tests use fewer); the default is signing.ts's. */
  keyIterations?: number;
}

export type ApproveInput = SignerInput;

export interface ReviewStore {
  comments: Accessor<ReviewComment[]>;
  decisions: Accessor<ReviewDecision[]>;
  /** The newest decision: what the case waits on. */
  latestDecision: Accessor<ReviewDecision | undefined>;
  /** The newest decision when it is an approval, checked (null otherwise: none yet, or changes requested since). */
  approval: Accessor<ApprovalView | null>;
  approvalState: Accessor<ApprovalState>;
  /** planContentHash of the current plan and meshes (undefined until both are known). */
  currentHash: Accessor<string | undefined>;
  /** Comments written since the newest decision: what a request for changes sends. */
  openComments: Accessor<ReviewComment[]>;
  /** How many comments each tooth has (the viewport's markers). */
  commentCounts: Accessor<ReadonlyMap<Fdi, number>>;
  /** What the case's last imported package derived, as stored (undefined: none). */
  packageSummary: Accessor<PackageSummary | undefined>;
  /**
   * packageSummary while it describes the working plan (or the plan is not loaded yet to
   * tell): a summary of another plan (edited since, or kept as a version) is not shown.
   */
  planSummary: Accessor<PackageSummary | undefined>;
  loaded: Accessor<boolean>;
  error: Accessor<string | null>;
  refresh(): Promise<void>;
  addComment(c: { text: string; fdi?: Fdi; stage?: number }): Promise<ReviewComment>;
  requestChanges(note: string): Promise<ChangeRequest>;
  /** Signs the current plan and records the approval (the plan saved as version "Approved by …"). */
  approve(input: ApproveInput): Promise<SignedApproval>;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createReviewStore(deps: ReviewStoreDeps): ReviewStore {
  const { caseId, services } = deps;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const [comments, setComments] = createSignal<ReviewComment[]>([]);
  const [decisions, setDecisions] = createSignal<ReviewDecision[]>([]);
  const [packageSummary, setPackageSummary] = createSignal<PackageSummary | undefined>(undefined);
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  // A slow read must not land after a newer one.
  let reads = 0;
  async function refresh(): Promise<void> {
    const mine = ++reads;
    try {
      const [c, d, s] = await Promise.all([
        services.review.listComments(caseId), services.review.listDecisions(caseId), services.review.packageSummary(caseId),
      ]);
      if (mine !== reads) return;
      setComments(c.filter((x) => x.caseId === caseId));
      setDecisions(d.filter((x) => x.caseId === caseId));
      setPackageSummary(s);
      setError(null);
    } catch (e) {
      if (mine === reads) setError(`The review of this case could not be read: ${messageOf(e)}`);
    } finally {
      if (mine === reads) setLoaded(true);
    }
  }
  createEffect(on(deps.revision ?? (() => 0), () => void refresh()));

  const latestDecision = createMemo(() => decisions().at(-1));
  const latestApproval = createMemo(() => standingApproval(decisions()));
  const currentHash = createMemo(() => {
    const plan = deps.plan();
    const hashes = deps.meshHashes();
    return plan && hashes ? planContentHash(plan, hashes) : undefined;
  });

  const [trust, setTrust] = createSignal<{ id: string; state: ApprovalTrust; name?: string } | null>(null);
  createEffect(on([latestApproval, () => [...deps.knownKeys()]], ([a, keys]) => {
    if (!a) return void setTrust(null);
    setTrust({ id: a.id, state: 'checking' });
    void approvalTrust(a, keys).then(
      (t) => { if (latestApproval()?.id === a.id) setTrust({ id: a.id, ...t }); },
      () => { if (latestApproval()?.id === a.id) setTrust({ id: a.id, state: 'invalid' }); },
    );
  }));

  // The approved version is read once per approval, to say what changed since.
  const [approved, setApproved] = createSignal<{ versionId: string; plan?: Plan; note?: string } | null>(null);
  createEffect(on(latestApproval, (a) => {
    setApproved(null);
    if (!a) return;
    void services.plans.loadVersion(a.versionId).then(
      (v) => { if (latestApproval()?.id === a.id) setApproved({ versionId: a.versionId, plan: v.plan }); },
      () => { if (latestApproval()?.id === a.id) setApproved({ versionId: a.versionId, note: `The approved version "${a.versionName}" is not in this library.` }); },
    );
  }));

  const approval = createMemo((): ApprovalView | null => {
    const a = latestApproval();
    if (!a) return null;
    const t = trust();
    const plan = deps.plan();
    const hashes = deps.meshHashes();
    const base = approved();
    const standing = plan && hashes ? approvalStanding(a, plan, hashes, base?.plan ?? null) : { holds: true as const };
    const isVoid = !standing.holds;
    const differences = standing.holds ? [] : standing.differences;
    // While the approved version is still being read there is nothing to say yet; a version not in this library says so in its own words.
    const differencesNote = standing.holds || !base ? undefined : (base.note ?? standing.why);
    return {
      approval: a, trust: t && t.id === a.id ? t.state : 'checking', ...(t?.name ? { trustedName: t.name } : {}),
      void: isVoid, differences, ...(differencesNote ? { differencesNote } : {}),
    };
  });

  const approvalState = createMemo((): ApprovalState => {
    const v = approval();
    if (!v) return 'none';
    // A forged or damaged signature says so first: "void" would suggest it once held.
    if (v.trust === 'invalid') return 'invalid';
    return v.void ? 'void' : v.trust;
  });

  const openComments = createMemo(() => {
    const since = latestDecision()?.at ?? -Infinity;
    return comments().filter((c) => c.at > since);
  });

  const commentCounts = createMemo(() => {
    const counts = new Map<Fdi, number>();
    for (const c of comments()) if (c.fdi !== undefined) counts.set(c.fdi, (counts.get(c.fdi) ?? 0) + 1);
    return counts;
  });

  // Hashed on read, not on every edit: only the review screen asks, before the plan is ready.
  const planSummary = (): PackageSummary | undefined => {
    const s = packageSummary();
    if (!s) return undefined;
    const plan = deps.plan();
    return plan === undefined || hashOf(plan) === s.planHash ? s : undefined;
  };

  function hashNow(): string {
    const hash = currentHash();
    if (hash === undefined) throw new Error('The plan is still loading: wait until the teeth are shown, then try again.');
    return hash;
  }

  return {
    comments, decisions, latestDecision, approval, approvalState, currentHash, openComments, commentCounts, packageSummary, planSummary, loaded, error,
    refresh,
    async addComment(c) {
      const text = c.text.trim();
      if (!text) throw new Error('Write the comment first.');
      const comment = await services.review.addComment(caseId, { text, planHash: hashNow(), ...(c.fdi === undefined ? {} : { fdi: c.fdi }), ...(c.stage === undefined ? {} : { stage: c.stage }) });
      await refresh();
      return comment;
    },
    async requestChanges(note) {
      const request = await services.review.requestChanges(caseId, { note: note.trim(), commentIds: openComments().map((c) => c.id), planHash: hashNow() });
      await refresh();
      return request;
    },
    async approve(input) {
      const name = input.name.trim();
      if (!name) throw new Error('Type your name as it should appear on the approval.');
      if (!input.passphrase) throw new Error('Enter your passphrase to sign.');
      const plan = deps.plan();
      const planHash = hashNow();
      if (!plan) throw new Error('The plan is still loading: wait until the teeth are shown, then try again.');
      const key = await signingKeyFor(services.profile, { ...input, name }, deps.keyIterations);
      const at = now();
      const approval = await signApproval(key, name, input.passphrase,
        { caseId, at, meaning: APPROVAL_MEANING, planHash, versionName: approvalVersionName(name, at) },
        { id: newId(), versionId: newId() });
      await services.review.recordApproval(caseId, approval, plan);
      await refresh();
      return approval;
    },
  };
}
