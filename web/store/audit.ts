// A case's audit trail in the library. Every change appends its event inside the change's
// own write transaction, so a change and its record are written together or not at all.
// Hashing is synchronous (core/canonical.ts): awaiting anything but IndexedDB here would let
// the transaction commit early. The chain (core/audit.ts) catches edited, removed and moved
// events; the head record catches the newest events being cut off, which the chain alone
// cannot see.
import { appendEvent, headsOf, mergeTrails, sortTrail, verifyChain } from '../core/audit.ts';
import type { AuditEvent, AuditEventInput, ChainProblem, ChainVerdict } from '../core/audit.ts';
import type { Actor } from '../core/review.ts';
import type { AuditHeadRecord, AuditRecord, StoredAuditEvent, StudioDb } from './db.ts';

/** Who acts until the studio's profile has a name. */
export const DEFAULT_ACTOR: Readonly<Actor> = Object.freeze({ name: 'Unnamed user', role: 'planner' });

export const auditHeadId = (caseId: string): string => `head:${caseId}`;

export const isHeadRecord = (r: AuditRecord): r is AuditHeadRecord => r.kind === 'head';

export const eventRecord = (e: AuditEvent): StoredAuditEvent => ({ ...e, id: e.hash });

/** The event without its storage key: the hash covers every other field, so `id` must go. */
export function eventOfRecord(r: StoredAuditEvent): AuditEvent {
  const { id: _id, ...event } = r;
  return event;
}

/** What appendAudit needs of a write transaction that includes the 'audit' store. */
export interface AuditWriter {
  get(id: string): Promise<AuditRecord | undefined>;
  put(record: AuditRecord): Promise<unknown>;
  index(name: 'by-case'): { getAll(caseId: string): Promise<AuditRecord[]> };
}

const LOST_HEAD = 'The newest events of this trail were removed before later events were added.';
const LOST_HEAD_RECORD = 'The record of this trail\'s newest event was removed: events may have been cut off its end.';

/** The case's trail split into its events (stored order) and its head record. */
export function splitTrail(records: readonly AuditRecord[]): { events: AuditEvent[]; head: AuditHeadRecord | undefined } {
  const head = records.find(isHeadRecord);
  const events = records.filter((r): r is StoredAuditEvent => !isHeadRecord(r)).map(eventOfRecord);
  return { events: sortTrail(events), head };
}

/**
 * The events a new event of this trail follows: the heads the head record names, or, when
 * it is missing or names events that are gone, the heads of what is left (the new event
 * keeps the chain one, and `problem` keeps the gap reported).
 */
export function parentsFor(events: readonly AuditEvent[], head: AuditHeadRecord | undefined): { parents: AuditEvent[]; problem?: string } {
  const byHash = new Map(events.map((e) => [e.hash, e]));
  if (head && head.heads.every((h) => byHash.has(h))) return { parents: head.heads.map((h) => byHash.get(h)!), ...(head.problem ? { problem: head.problem } : {}) };
  const problem = head?.problem ?? (events.length === 0 ? undefined : head ? LOST_HEAD : LOST_HEAD_RECORD);
  return { parents: headsOf(events), ...(problem ? { problem } : {}) };
}

/**
 * Stores an event made earlier with appendEvent (an export builds its package around its
 * own event first). Changes stored meanwhile stay: the heads it did not follow remain heads,
 * and the next event joins them.
 */
export async function commitEvent(tx: { objectStore(name: 'audit'): AuditWriter }, event: AuditEvent): Promise<void> {
  const store = tx.objectStore('audit');
  const head = await store.get(auditHeadId(event.caseId));
  await store.put(eventRecord(event));
  if (head && isHeadRecord(head)) {
    await store.put(headRecord(event.caseId, [...head.heads.filter((h) => !event.parents.includes(h)), event.hash], head.problem));
    return;
  }
  const { events } = splitTrail(await store.index('by-case').getAll(event.caseId));
  await store.put(headRecord(event.caseId, headsOf(events).map((e) => e.hash), events.length > 1 ? LOST_HEAD_RECORD : undefined));
}

/**
 * Appends one event after the case's current heads and moves the head record to it, inside
 * the caller's write transaction. A trail found already cut short keeps saying so.
 */
export async function appendAudit(tx: { objectStore(name: 'audit'): AuditWriter }, input: AuditEventInput): Promise<AuditEvent> {
  const store = tx.objectStore('audit');
  const head = await store.get(auditHeadId(input.caseId));
  let problem = head && isHeadRecord(head) ? head.problem : undefined;
  const parents: AuditEvent[] = [];
  let intact = head !== undefined && isHeadRecord(head);
  if (head && isHeadRecord(head)) {
    for (const hash of head.heads) {
      const record = await store.get(hash);
      if (record && !isHeadRecord(record) && record.caseId === input.caseId) parents.push(eventOfRecord(record));
      else intact = false;
    }
  }
  if (!intact) {
    // No head record (a case from before trails, or a removed record) or a head event gone:
    // the new event follows what is left, so the chain stays one, and the gap stays reported.
    const { events } = splitTrail(await store.index('by-case').getAll(input.caseId));
    if (events.length > 0) problem ??= head ? LOST_HEAD : LOST_HEAD_RECORD;
    parents.splice(0, parents.length, ...headsOf(events));
  }
  const event = appendEvent(input, parents);
  await store.put(eventRecord(event));
  await store.put(headRecord(input.caseId, [event.hash], problem));
  return event;
}

/**
 * Puts the events of another copy of the case that this trail lacks, and makes the heads of
 * the union the case's heads (an appendAudit after it then joins both sides). A trail found
 * already cut short keeps saying so. Returns the events added.
 */
export async function mergeIntoTrail(tx: { objectStore(name: 'audit'): AuditWriter }, caseId: string, incoming: readonly AuditEvent[]): Promise<AuditEvent[]> {
  const store = tx.objectStore('audit');
  const { events: local, head } = splitTrail(await store.index('by-case').getAll(caseId));
  const present = new Set(local.map((e) => e.hash));
  let problem = head?.problem;
  if (head && !head.heads.every((h) => present.has(h))) problem ??= LOST_HEAD;
  if (!head && local.length > 0) problem ??= LOST_HEAD_RECORD;
  const { events, added } = mergeTrails(local, incoming);
  for (const e of added) await store.put(eventRecord(e));
  await store.put(headRecord(caseId, headsOf(events).map((e) => e.hash), problem));
  return added;
}

export function headRecord(caseId: string, heads: string[], problem?: string): AuditHeadRecord {
  return { id: auditHeadId(caseId), caseId, kind: 'head', heads: [...heads].sort(), ...(problem === undefined ? {} : { problem }) };
}

/** The chain's verdict plus what only the head record knows. */
export function verifyStoredTrail(records: readonly AuditRecord[]): ChainVerdict {
  const { events, head } = splitTrail(records);
  const verdict = verifyChain(events, head?.heads);
  const extra: ChainProblem[] = [];
  if (!head && events.length > 0) extra.push({ kind: 'head', message: LOST_HEAD_RECORD });
  if (head?.problem) extra.push({ kind: 'head', message: head.problem });
  if (extra.length === 0) return verdict;
  return { ...verdict, ok: false, problems: [...verdict.problems, ...extra] };
}

export interface AuditRepository {
  /** The case's events, oldest first (ascending seq, ties by hash). */
  list(caseId: string): Promise<AuditEvent[]>;
  verify(caseId: string): Promise<ChainVerdict>;
}

export function createAuditRepository(db: StudioDb): AuditRepository {
  return {
    list: async (caseId) => splitTrail(await db.getAllFromIndex('audit', 'by-case', caseId)).events,
    verify: async (caseId) => verifyStoredTrail(await db.getAllFromIndex('audit', 'by-case', caseId)),
  };
}

const FIELD_LABELS: Record<string, string> = { pseudonym: 'patient pseudonym', clinic: 'clinic', doctor: 'doctor', notes: 'notes' };

/** "Changed the patient pseudonym and notes". */
export function editedSummary(fields: readonly string[]): string {
  const labels = fields.map((f) => FIELD_LABELS[f] ?? f);
  const list = labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
  return `Changed the ${list}`;
}

/** One line of free text for a summary: a long comment is cut, not the trail made unreadable. */
export function quoted(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `"${line.length > max ? `${line.slice(0, max - 1)}…` : line}"`;
}
