// CONTRACT (bodies filled by the core-trust helper). The audit trail of a case: append-only
// events, each hash covering its parents' hashes, so an edited, removed or reordered event is
// detected. A trail is a small DAG, not a line: two copies of a case that parted (planner and
// doctor) each append, and importing one into the other unions both sides and appends a merge
// event whose parents are both heads (the git pattern).
import { hashOf } from './canonical.ts';
import type { Actor } from './review.ts';

export type AuditKind =
  | 'case-created' | 'case-edited' | 'status-changed'
  | 'scan-imported' | 'scan-removed' | 'segmentation-edited'
  | 'plan-committed' | 'version-saved' | 'version-deleted'
  | 'package-exported' | 'package-imported' | 'backup-restored'
  | 'comment-added' | 'changes-requested' | 'approved'
  // A plan's QA check (detail: passed, failures) and a failed check let through (detail:
  // failures, reason); core/case-pipeline.ts writes and reads both details.
  | 'qa-checked' | 'qa-overridden'
  // A photograph, radiograph or note added to or removed from the case (detail: record, kind,
  // file, sha256 of the bytes), store/case-records.ts.
  | 'record-added' | 'record-removed';

export interface AuditEventInput {
  caseId: string;
  at: number;
  actor: Actor;
  kind: AuditKind;
  /** One line a person reads in the trail, e.g. "Saved plan version \"Final\"". */
  summary: string;
  detail?: Record<string, string | number | boolean>;
}

export interface AuditEvent extends AuditEventInput {
  /** 1 + the largest parent seq (1 for the first event): the order events are shown and stored in. */
  seq: number;
  /** Hashes of the events this one follows: none for the first, two for a merge. */
  parents: string[];
  /** SHA-256 (core/canonical.ts) of canonicalJson of every other field. Also the event's id. */
  hash: string;
}

export type ChainProblemKind = 'edited' | 'missing' | 'reordered' | 'head' | 'foreign';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The event concerned, when there is one. */
  hash?: string;
  seq?: number;
  /** For a person: "Event 4 (Saved plan version "Final", 3 Dec 2026 10:04) was changed after it was written." */
  message: string;
}

export interface ChainVerdict {
  ok: boolean;
  problems: ChainProblem[];
  /** Events no other event names as a parent: one for a linear trail. */
  heads: string[];
}

/** The hash an event must carry: over every field but the hash itself. */
export function eventHash(e: Omit<AuditEvent, 'hash'>): string {
  // Every field, even ones this version does not know: a field slipped in later breaks the hash.
  const { hash: _hash, ...fields } = e as AuditEvent;
  return hashOf(fields);
}

/** A new event after `parents` (the current heads; none for a case's first event). Sync: safe inside an IndexedDB transaction. */
export function appendEvent(input: AuditEventInput, parents: readonly AuditEvent[]): AuditEvent {
  const seq = 1 + parents.reduce((m, p) => Math.max(m, p.seq), 0);
  // Sorted and deduplicated so the same merge made on two machines gets the same hash.
  const parentHashes = [...new Set(parents.map((p) => p.hash))].sort();
  const body: Omit<AuditEvent, 'hash'> = {
    caseId: input.caseId, at: input.at, actor: { name: input.actor.name, role: input.actor.role },
    kind: input.kind, summary: input.summary, seq, parents: parentHashes,
    ...(input.detail === undefined ? {} : { detail: { ...input.detail } }),
  };
  return { ...body, hash: eventHash(body) };
}

const byStoredOrder = (a: AuditEvent, b: AuditEvent): number => a.seq - b.seq || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);

/** The order events are stored and shown in: ascending seq, ties by hash. */
export function sortTrail(events: readonly AuditEvent[]): AuditEvent[] {
  return [...events].sort(byStoredOrder);
}

/** Events no other event names as a parent (one for a linear trail, two before a merge). */
export function headsOf(events: readonly AuditEvent[]): AuditEvent[] {
  const named = new Set(events.flatMap((e) => e.parents));
  return events.filter((e) => !named.has(e.hash));
}

/** Union by hash: what the other copy of the case added is `added`; nothing is ever dropped. */
export function mergeTrails(local: readonly AuditEvent[], incoming: readonly AuditEvent[]): { events: AuditEvent[]; added: AuditEvent[] } {
  const byHash = new Map(local.map((e) => [e.hash, e]));
  const added = new Map<string, AuditEvent>();
  for (const e of incoming) if (!byHash.has(e.hash) && !added.has(e.hash)) added.set(e.hash, e);
  return { events: sortTrail([...byHash.values(), ...added.values()]), added: sortTrail([...added.values()]) };
}

function when(at: number): string {
  const d = new Date(at);
  return Number.isFinite(d.getTime()) ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'unknown time';
}

/** How a person finds the event in the trail: its number, what it says, and when. */
export function describeEvent(e: Pick<AuditEvent, 'seq' | 'summary' | 'at'>): string {
  return `Event ${e.seq} ("${e.summary}", ${when(e.at)})`;
}

function safeHash(e: AuditEvent): string | null {
  try {
    return eventHash(e);
  } catch {
    return null;
  }
}

/**
 * Checks a trail as stored (ascending seq, ties by hash). The chain catches an event edited
 * in place, one removed from the middle and events moved; only `expectedHeads` (kept apart
 * from the trail, e.g. on the case record) can tell that the newest events were cut off.
 */
export function verifyChain(events: readonly AuditEvent[], expectedHeads?: readonly string[]): ChainVerdict {
  const problems: ChainProblem[] = [];
  const add = (kind: ChainProblem['kind'], e: AuditEvent | undefined, text: string) =>
    problems.push({ kind, ...(e ? { hash: e.hash, seq: e.seq } : {}), message: e ? `${describeEvent(e)} ${text}` : text });
  const byHash = new Map<string, AuditEvent>();
  const caseId = events[0]?.caseId;
  events.forEach((e, i) => {
    if (safeHash(e) !== e.hash) add('edited', e, 'was changed after it was written.');
    if (e.caseId !== caseId) add('foreign', e, `belongs to another case (${e.caseId}, not ${caseId}).`);
    const prev = events[i - 1];
    if (prev && byStoredOrder(prev, e) >= 0) {
      add('reordered', e, prev.hash === e.hash ? 'appears twice.' : `is stored after event ${prev.seq} ("${prev.summary}"): the trail was reordered.`);
    }
    byHash.set(e.hash, e);
  });
  for (const e of events) {
    for (const p of e.parents) {
      const parent = byHash.get(p);
      if (!parent) add('missing', e, 'follows an event that is no longer in the trail: an event was removed.');
      else if (parent.seq >= e.seq) add('reordered', e, `comes before event ${parent.seq} ("${parent.summary}") that it follows.`);
    }
  }
  const heads = headsOf(events).map((e) => e.hash);
  if (expectedHeads) {
    const gone = expectedHeads.filter((h) => !byHash.has(h));
    const extra = heads.filter((h) => !expectedHeads.includes(h));
    if (gone.length > 0) add('head', undefined, `The trail ends before its last recorded event: the newest ${gone.length === 1 ? 'event was' : 'events were'} removed.`);
    else if (extra.length > 0) add('head', byHash.get(extra[0]), 'was added without being recorded as the newest event.');
  }
  return { ok: problems.length === 0, problems, heads };
}
