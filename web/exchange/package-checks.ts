// Shape checks for what a package's JSON entries hold, before any of it is believed: the
// case fields, an arch, review comments and decisions, audit events. Each returns why the
// value is not what the studio writes, in words that follow the entry's name, or null.
// (store/records.ts checks stored case records; exchange may not import the store, and a
// package's case has no blob ids, so the case check lives here.)
import { isFdi } from '../core/fdi.ts';
import { APPROVAL_MEANING, ROLES, type Role } from '../core/review.ts';
import { readStatus } from '../core/case-pipeline.ts';
import { CASE_STATUSES, type CaseStatus, type Jaw } from '../core/types.ts';

type Loose = Record<string, unknown>;
export const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: unknown): x is string => typeof x === 'string';
const id = (x: unknown): x is string => typeof x === 'string' && x !== '';
const time = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const count = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
export const isHash = (x: unknown): x is string => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every(text);

export function actorProblem(x: unknown): string | null {
  if (!isObject(x) || !text(x.name)) return 'has no name';
  return ROLES.includes(x.role as Role) ? null : `has an unknown role ${JSON.stringify(x.role)}`;
}

/**
 * The case fields a package carries (a case record without its arches). Its status is in the
 * case pipeline's names from package version 3; before, in the first studio's (read as the
 * pipeline's: core/case-pipeline.ts readStatus).
 */
export function caseProblem(x: unknown, packageVersion: number): string | null {
  if (!isObject(x)) return 'is not an object';
  if (!id(x.id)) return 'has no case id';
  for (const key of ['pseudonym', 'clinic', 'doctor', 'notes'] as const) if (!text(x[key])) return `has no ${key}`;
  const known = packageVersion >= 3 ? CASE_STATUSES.includes(x.status as CaseStatus) : readStatus(x.status) !== null;
  if (!known) return `has an unknown status ${JSON.stringify(x.status)}`;
  if (!time(x.createdAt) || !time(x.updatedAt)) return 'has no creation or change time';
  if (typeof x.demo !== 'boolean') return 'does not say whether it is the demo case';
  return null;
}

export function archJsonProblem(x: unknown, jaw: Jaw): string | null {
  if (!isObject(x)) return 'is not an object';
  if (x.jaw !== jaw) return `is not the ${jaw} arch`;
  if (!strings(x.sourceFiles) || !text(x.format)) return 'has no source files or format';
  if (!Array.isArray(x.teeth) || !x.teeth.every((n) => typeof n === 'number' && isFdi(n))) return 'lists teeth that are not FDI numbers';
  if (!time(x.unitScale) || x.unitScale <= 0 || !time(x.importedAt)) return 'has no unit scale or import time';
  if (!count(x.vertexCount) || !count(x.triangleCount)) return 'has no vertex or triangle count';
  if (!isHash(x.meshHash)) return 'has no mesh hash';
  if (!text(x.mesh) || (x.segmentation !== undefined && !text(x.segmentation))) return 'does not name its entries';
  return null;
}

function commentProblem(c: Loose, caseId: string): string | null {
  if (!id(c.id)) return 'has no id';
  if (c.caseId !== caseId) return `belongs to another case (${String(c.caseId)})`;
  const author = actorProblem(c.author);
  if (author) return `: its author ${author}`;
  if (!time(c.at) || !text(c.text) || !isHash(c.planHash)) return 'has no time, text or plan';
  if (c.fdi !== undefined && !(typeof c.fdi === 'number' && isFdi(c.fdi))) return `is pinned to ${JSON.stringify(c.fdi)}, not a tooth`;
  if (c.stage !== undefined && !count(c.stage)) return `is pinned to ${JSON.stringify(c.stage)}, not a stage`;
  return null;
}

function decisionProblem(d: Loose, caseId: string): string | null {
  if (!id(d.id)) return 'has no id';
  if (d.caseId !== caseId) return `belongs to another case (${String(d.caseId)})`;
  if (!time(d.at) || !isHash(d.planHash)) return 'has no time or plan';
  if (d.kind === 'changes-requested') {
    const by = actorProblem(d.by);
    if (by) return `: its author ${by}`;
    return text(d.note) && strings(d.commentIds) ? null : 'has no note or comment list';
  }
  if (d.kind !== 'approval') return `is of an unknown kind ${JSON.stringify(d.kind)}`;
  if (d.meaning !== APPROVAL_MEANING) return `has the meaning ${JSON.stringify(d.meaning)}, not "${APPROVAL_MEANING}"`;
  for (const key of ['signer', 'versionName', 'publicKey', 'signature'] as const) if (!id(d[key])) return `has no ${key}`;
  if (!isHash(d.fingerprint) || !id(d.versionId)) return 'has no key fingerprint or plan version';
  return null;
}

/** A list whose items each pass `problem` and whose ids are unique; `what` names an item ("comment"). */
function listProblem(x: unknown, what: string, problem: (item: Loose) => string | null): string | null {
  if (!Array.isArray(x)) return 'is not a list';
  const seen = new Set<unknown>();
  for (let i = 0; i < x.length; i++) {
    const item = x[i];
    const p = isObject(item) ? problem(item) : 'is not an object';
    if (p) return `${what} ${i + 1} ${p}`.replace(' :', ':');
    const itemId = (item as Loose).id;
    if (seen.has(itemId)) return `${what} ${i + 1} repeats id ${String(itemId)}`;
    seen.add(itemId);
  }
  return null;
}

export const commentsProblem = (x: unknown, caseId: string): string | null =>
  listProblem(x, 'comment', (c) => commentProblem(c, caseId));
export const decisionsProblem = (x: unknown, caseId: string): string | null =>
  listProblem(x, 'decision', (d) => decisionProblem(d, caseId));

/** An event's fields, before its hash and chain are checked (core/audit.ts verifyChain). */
function eventProblem(e: Loose): string | null {
  if (!id(e.caseId) || !time(e.at) || !id(e.kind) || !text(e.summary)) return 'has no case, time, kind or summary';
  const actor = actorProblem(e.actor);
  if (actor) return `: its actor ${actor}`;
  if (!count(e.seq) || e.seq < 1 || !Array.isArray(e.parents) || !e.parents.every(isHash) || !isHash(e.hash)) return 'has no sequence number, parents or hash';
  if (e.detail !== undefined) {
    if (!isObject(e.detail) || !Object.values(e.detail).every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return 'has malformed details';
  }
  return null;
}

export function auditProblem(x: unknown): string | null {
  if (!Array.isArray(x)) return 'is not a list';
  for (let i = 0; i < x.length; i++) {
    const p = isObject(x[i]) ? eventProblem(x[i]) : 'is not an object';
    if (p) return `event ${i + 1} ${p}`.replace(' :', ':');
  }
  return null;
}
