// What a review leaves on a case: who is acting (the local profile), comments pinned to a
// tooth and/or a stage, and the doctor's decisions (changes requested, or a signed approval).
// These live beside the plan, not in it: a comment must not change the plan's content hash
// and so void an approval.
import type { Fdi } from './fdi.ts';

export type Role = 'planner' | 'doctor' | 'lab' | 'lead';
export const ROLES: readonly Role[] = ['planner', 'doctor', 'lab', 'lead'];

/** "Who" in every record: the local profile set in the studio's settings (there are no accounts). */
export interface Actor {
  name: string;
  role: Role;
}

export interface ReviewComment {
  id: string;
  caseId: string;
  author: Actor;
  at: number;
  text: string;
  fdi?: Fdi;
  stage?: number;
  /** Content hash (core/plan-hash.ts) of the plan state the comment was written about. */
  planHash: string;
}

/** The meaning a signature carries (21 CFR 11.50(a)(3)). */
export const APPROVAL_MEANING = 'approved for manufacturing';

/** The signed fields of an approval: what the signature covers, as canonical JSON. */
export interface ApprovalStatement {
  caseId: string;
  /** The signer's printed name (21 CFR 11.50(a)(1)). */
  signer: string;
  /** Date and time of signing, ms since 1970 UTC (11.50(a)(2)). */
  at: number;
  meaning: typeof APPROVAL_MEANING;
  /** core/plan-hash.ts planContentHash of the approved plan, its meshes and its protocol. */
  planHash: string;
  /** Name of the saved plan version that holds the approved plan. */
  versionName: string;
  /** SHA-256 of the public key (SPKI), hex: what a clinic's list of known keys holds. */
  fingerprint: string;
}

export interface SignedApproval extends ApprovalStatement {
  id: string;
  kind: 'approval';
  /** The signer's public key, SPKI DER in base64: it travels with the signature. */
  publicKey: string;
  /** ECDSA P-256 / SHA-256 over canonicalJson(statement) (IEEE P1363 r||s), base64. */
  signature: string;
  /** Id of the plan version (PlanRecord id) that holds the approved plan. */
  versionId: string;
}

export interface ChangeRequest {
  id: string;
  caseId: string;
  kind: 'changes-requested';
  by: Actor;
  at: number;
  planHash: string;
  /** What the doctor wrote with the request; the pinned comments are in commentIds. */
  note: string;
  commentIds: string[];
}

export type ReviewDecision = SignedApproval | ChangeRequest;

/** A clinic's list of its doctors' keys: a signature by one of these shows "verified: <name>". */
export interface KnownKey {
  fingerprint: string;
  name: string;
  addedAt: number;
}
