// A protocol as a shared document (issue 16): a DSO lead writes one, signs it
// (exchange/protocol-file.ts) and every clinic works under it. Versions of one protocol share
// its id; a plan keeps a ProtocolRef to the version it was staged under, so the studio can
// say "made under version 2; version 3 is current" and re-stage in one step.
import { hashOf } from './canonical.ts';
import { deepFreeze } from './freeze.ts';
import { setProtocol, type Plan } from './plan.ts';
import { DEFAULT_PROTOCOL, ProtocolError, protocolFields, protocolProblems, type Protocol } from './protocol.ts';
import { protocolIdProblem, protocolNameProblem, protocolVersionProblem, type ProtocolRef } from './protocol-ref.ts';
import { DEFAULT_QA_CHECKLIST, qaChecklistFields, qaChecklistProblems, type QaCheck } from './qa-checklist.ts';
import { isRecordKind, type RecordKind } from './record-kinds.ts';
import { ROLES, type Actor, type Role } from './review.ts';

export type { ProtocolRef } from './protocol-ref.ts';

export interface ProtocolDocument {
  /** The same across versions of one protocol. */
  id: string;
  name: string;
  /** 1 for the first; each revision one more. */
  version: number;
  /** Who wrote this version (the local profile of the lead who saved it). */
  author: Actor;
  /** When this version was written, ms since 1970 UTC. */
  createdAt: number;
  /** What a plan staged under it takes: limits, IPR maximum, attachment rules, sanity thresholds, models. */
  settings: Protocol;
  /** The records a case must hold before its plan goes out. */
  requiredRecords: readonly RecordKind[];
  qaChecklist: readonly QaCheck[];
}

/**
 * Both scans, the usual eight-view photo series (three extraoral, five intraoral) and a
 * panoramic radiograph, which shows the roots and bone every movement depends on. A
 * cephalogram and periapicals are left for a protocol to ask for: many aligner cases go
 * without (a judgement).
 */
export const DEFAULT_REQUIRED_RECORDS: readonly RecordKind[] = Object.freeze([
  'upper-scan', 'lower-scan',
  'extraoral-frontal', 'extraoral-smiling', 'extraoral-profile',
  'intraoral-frontal', 'intraoral-right-buccal', 'intraoral-left-buccal', 'intraoral-upper-occlusal', 'intraoral-lower-occlusal',
  'panoramic',
] satisfies RecordKind[]);

const AUTHOR_NAME_MAX = 120;

function authorProblems(a: unknown): string[] {
  if (typeof a !== 'object' || a === null) return ['author must be an object with a name and a role'];
  const { name, role } = a as Partial<Actor>;
  const out: string[] = [];
  if (typeof name !== 'string' || name.trim() === '' || name.length > AUTHOR_NAME_MAX) out.push(`author.name must be a name of 1-${AUTHOR_NAME_MAX} characters`);
  if (!ROLES.includes(role as Role)) out.push(`author.role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role) ?? String(role)})`);
  return out;
}

function requiredRecordsProblems(x: unknown): string[] {
  if (!Array.isArray(x)) return ['requiredRecords must be a list of record kinds'];
  const out: string[] = [];
  x.forEach((kind: unknown, i) => {
    if (!isRecordKind(kind)) out.push(`requiredRecords[${i}] names no record kind this studio knows (got ${JSON.stringify(kind) ?? String(kind)})`);
    else if (x.indexOf(kind) !== i) out.push(`requiredRecords lists ${kind} twice`);
  });
  return out;
}

/** Every problem with a protocol document, one line each naming its field; empty when it is valid. */
export function protocolDocumentProblems(x: unknown): string[] {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return ['the protocol document is not an object'];
  const d = x as Partial<Record<keyof ProtocolDocument, unknown>>;
  const createdAt = typeof d.createdAt === 'number' && Number.isSafeInteger(d.createdAt) && d.createdAt >= 0
    ? [] : [`createdAt must be a time in ms since 1970 (got ${String(d.createdAt)})`];
  const settings = typeof d.settings === 'object' && d.settings !== null
    ? protocolProblems(d.settings).map((p) => `settings: ${p}`) : ['settings must be an object'];
  return [
    ...protocolIdProblem(d.id, 'id'),
    ...protocolNameProblem(d.name, 'name'),
    ...protocolVersionProblem(d.version, 'version'),
    ...authorProblems(d.author),
    ...createdAt,
    ...settings,
    ...requiredRecordsProblems(d.requiredRecords),
    ...qaChecklistProblems(d.qaChecklist),
  ];
}

/**
 * Only the document's own fields, copied and frozen: what is hashed, signed and kept, so
 * nothing else a file carries rides along. For a valid document (see checkProtocolDocument).
 */
export function protocolDocumentFields(d: ProtocolDocument): ProtocolDocument {
  return deepFreeze({
    id: d.id, name: d.name, version: d.version, author: { name: d.author.name, role: d.author.role }, createdAt: d.createdAt,
    settings: protocolFields(d.settings), requiredRecords: [...d.requiredRecords], qaChecklist: qaChecklistFields(d.qaChecklist),
  });
}

/** The document's own fields when valid; otherwise a ProtocolError listing every problem. */
export function checkProtocolDocument(x: unknown): ProtocolDocument {
  const problems = protocolDocumentProblems(x);
  if (problems.length > 0) throw new ProtocolError(problems);
  return protocolDocumentFields(x as ProtocolDocument);
}

/** Version 1 of a new protocol with the studio's defaults; the caller gives the id (a UUID) and the time. */
export function defaultProtocolDocument(init: { id: string; name: string; author: Actor; createdAt: number }): ProtocolDocument {
  return checkProtocolDocument({
    ...init, version: 1, settings: DEFAULT_PROTOCOL, requiredRecords: DEFAULT_REQUIRED_RECORDS, qaChecklist: DEFAULT_QA_CHECKLIST,
  });
}

export type ProtocolRevision = Partial<Pick<ProtocolDocument, 'name' | 'author' | 'settings' | 'requiredRecords' | 'qaChecklist'>>;

/** The next version of `doc`, with the changes, written at `createdAt`; checked like any document. */
export function reviseProtocol(doc: ProtocolDocument, changes: ProtocolRevision, createdAt: number): ProtocolDocument {
  return checkProtocolDocument({ ...doc, ...changes, version: doc.version + 1, createdAt });
}

/** SHA-256 hex of the canonical document: every field of it (the signature is not part of it). */
export function protocolHash(doc: ProtocolDocument): string {
  return hashOf(protocolDocumentFields(doc));
}

export function protocolRefOf(doc: ProtocolDocument): ProtocolRef {
  return { id: doc.id, name: doc.name, version: doc.version, hash: protocolHash(doc) };
}

/**
 * What the studio says about the protocol a plan was staged under, given the clinic's
 * protocols: `none` when the plan names none; `current` when it names the latest version held
 * (that very document, by hash); `older-version` when the clinic holds a later version;
 * `unknown` when the clinic does not hold the protocol, holds only earlier versions, or holds
 * a different document under the same id and version.
 */
export type ProtocolStanding =
  | { state: 'current' }
  | { state: 'older-version'; current: ProtocolRef }
  | { state: 'unknown' }
  | { state: 'none' };

export function protocolStanding(ref: ProtocolRef | undefined, library: readonly ProtocolDocument[]): ProtocolStanding {
  if (ref === undefined) return { state: 'none' };
  const versions = library.filter((d) => d.id === ref.id);
  if (versions.length === 0) return { state: 'unknown' };
  const latest = Math.max(...versions.map((d) => d.version));
  if (ref.version < latest) return { state: 'older-version', current: protocolRefOf(versions.find((d) => d.version === latest)!) };
  const held = ref.version === latest && versions.some((d) => d.version === latest && protocolHash(d) === ref.hash);
  return held ? { state: 'current' } : { state: 'unknown' };
}

/** The plan staged under `doc`: its settings, and the ref that says so. The studio derives it again. */
export function restageUnder(plan: Plan, doc: ProtocolDocument): Plan {
  return setProtocol(plan, doc.settings, protocolRefOf(doc));
}
