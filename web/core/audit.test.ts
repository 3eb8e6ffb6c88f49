import { describe, expect, it } from 'vitest';
import { appendEvent, describeEvent, eventHash, headsOf, mergeTrails, sortTrail, verifyChain, type AuditEvent, type AuditKind } from './audit.ts';
import { mulberry32, type Rng } from './random.ts';
import type { Actor } from './review.ts';

const planner: Actor = { name: 'Ana Planner', role: 'planner' };
const doctor: Actor = { name: 'Dr Bo', role: 'doctor' };
const T0 = Date.UTC(2026, 11, 3, 10, 0);

function extend(trail: readonly AuditEvent[], summary: string, opts: { kind?: AuditKind; actor?: Actor; at?: number; caseId?: string } = {}): AuditEvent[] {
  const e = appendEvent({
    caseId: opts.caseId ?? 'case-1', at: opts.at ?? T0 + trail.length * 60_000, actor: opts.actor ?? planner,
    kind: opts.kind ?? 'plan-committed', summary, detail: { step: trail.length },
  }, headsOf(trail));
  return sortTrail([...trail, e]);
}

function linear(n: number): AuditEvent[] {
  let t = extend([], 'Case created', { kind: 'case-created' });
  for (let i = 2; i <= n; i++) t = extend(t, `Edit ${i}`);
  return t;
}

describe('audit chain', () => {
  it('a linear trail verifies, each event following the one before', () => {
    const t = linear(5);
    expect(t.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(t[3].parents).toEqual([t[2].hash]);
    expect(t[0].parents).toEqual([]);
    const v = verifyChain(t, [t[4].hash]);
    expect(v).toEqual({ ok: true, problems: [], heads: [t[4].hash] });
  });

  it('names the time of an event in UTC', () => {
    expect(describeEvent({ seq: 4, summary: 'Saved plan version "Final"', at: Date.UTC(2026, 11, 3, 10, 4) }))
      .toBe('Event 4 ("Saved plan version "Final"", 2026-12-03 10:04 UTC)');
  });

  it.each([
    ['summary', (e: AuditEvent) => ({ ...e, summary: 'Nothing happened' })],
    ['time', (e: AuditEvent) => ({ ...e, at: e.at + 1 })],
    ['actor', (e: AuditEvent) => ({ ...e, actor: doctor })],
    ['detail', (e: AuditEvent) => ({ ...e, detail: { step: 99 } })],
    ['an added field', (e: AuditEvent) => ({ ...e, note: 'slipped in' })],
  ])('an edit of the %s of any event is found and names that event', (_what, edit) => {
    const t = linear(5);
    for (let i = 0; i < t.length; i++) {
      const edited = t.map((e, j) => (j === i ? edit(e) as AuditEvent : e));
      const v = verifyChain(edited, [t[4].hash]);
      expect(v.ok).toBe(false);
      expect(v.problems.map((p) => [p.kind, p.seq])).toEqual([['edited', i + 1]]);
      expect(v.problems[0].message).toMatch(new RegExp(`^Event ${i + 1} \\(".*", 2026-12-03 10:0\\d UTC\\) was changed after it was written\\.$`));
    }
  });

  it('an edited event whose hash was recomputed breaks the link from the next one', () => {
    const t = linear(4);
    const forged = { ...t[1], summary: 'Other' };
    const relinked = [t[0], { ...forged, hash: eventHash(forged) }, t[2], t[3]];
    const v = verifyChain(relinked, [t[3].hash]);
    expect(v.problems.map((p) => [p.kind, p.seq])).toEqual([['missing', 3], ['head', 2]]);
  });

  it('a removed middle event is found from the event that followed it', () => {
    const t = linear(5);
    const v = verifyChain([...t.slice(0, 2), ...t.slice(3)]);
    expect(v.problems.map((p) => [p.kind, p.seq])).toEqual([['missing', 4]]);
    expect(v.problems[0].message).toContain('an event was removed');
  });

  it('two events swapped in the stored order are found', () => {
    const t = linear(5);
    const swapped = [t[0], t[2], t[1], t[3], t[4]];
    const v = verifyChain(swapped);
    expect(v.ok).toBe(false);
    expect(v.problems.every((p) => p.kind === 'reordered')).toBe(true);
    expect(v.problems[0].message).toContain('Event 2 ("Edit 2"');
  });

  it('the newest event removed is found only against the recorded heads', () => {
    const t = linear(5);
    const cut = t.slice(0, 4);
    expect(verifyChain(cut).ok).toBe(true);
    const v = verifyChain(cut, [t[4].hash]);
    expect(v.problems.map((p) => p.kind)).toEqual(['head']);
    expect(v.problems[0].message).toContain('newest event was removed');
  });

  it('an event appended without being recorded as the head is found', () => {
    const t = linear(3);
    const v = verifyChain(extend(t, 'Unrecorded'), [t[2].hash]);
    expect(v.problems.map((p) => [p.kind, p.seq])).toEqual([['head', 4]]);
  });

  it('an event of another case is found', () => {
    const t = extend(linear(3), 'From elsewhere', { caseId: 'case-2' });
    const v = verifyChain(t);
    expect(v.problems.map((p) => [p.kind, p.seq])).toEqual([['foreign', 4]]);
    expect(v.problems[0].message).toContain('belongs to another case (case-2');
  });
});

describe('merging trails', () => {
  function parted() {
    const shared = linear(3);
    const mine = extend(extend(shared, 'Planner moved 11'), 'Planner saved "v2"');
    const theirs = extend(shared, 'Doctor commented on 21', { actor: doctor, kind: 'comment-added', at: T0 + 3_600_000 });
    return { shared, mine, theirs };
  }

  it('keeps both sides and a merge event joins their heads', () => {
    const { mine, theirs } = parted();
    const { events, added } = mergeTrails(mine, theirs);
    expect(added.map((e) => e.summary)).toEqual(['Doctor commented on 21']);
    expect(events).toHaveLength(6);
    expect(headsOf(events)).toHaveLength(2);
    const merged = extend(events, 'Imported the doctor\'s answer', { kind: 'package-imported' });
    const merge = merged[merged.length - 1];
    expect(merge.parents).toEqual([mine[4].hash, theirs[3].hash].sort());
    expect(merge.seq).toBe(6);
    expect(verifyChain(merged, [merge.hash])).toEqual({ ok: true, problems: [], heads: [merge.hash] });
  });

  it('is idempotent and gives the same trail on both sides', () => {
    const { mine, theirs } = parted();
    const once = mergeTrails(mine, theirs);
    const twice = mergeTrails(once.events, theirs);
    expect(twice.added).toEqual([]);
    expect(twice.events).toEqual(once.events);
    expect(mergeTrails(theirs, mine).events).toEqual(once.events);
  });
});

function randomTrail(rng: Rng, n: number): AuditEvent[] {
  const kinds: AuditKind[] = ['plan-committed', 'comment-added', 'version-saved', 'status-changed', 'segmentation-edited'];
  const branches: AuditEvent[][] = [extend([], 'Case created', { kind: 'case-created' })];
  for (let i = 0; i < n; i++) {
    const b = Math.floor(rng() * branches.length);
    const r = rng();
    if (r < 0.15) branches.push([...branches[b]]);
    else if (r < 0.25 && branches.length > 1) {
      const other = (b + 1) % branches.length;
      const { events } = mergeTrails(branches[b], branches[other]);
      branches[b] = extend(events, `Merge ${i}`, { kind: 'package-imported' });
      branches.splice(other, 1);
    } else {
      const actor = rng() < 0.5 ? planner : doctor;
      branches[b] = extend(branches[b], `Edit ${i} "quoted" é`, { kind: kinds[Math.floor(rng() * kinds.length)], actor, at: T0 + Math.floor(rng() * 1e9) });
    }
  }
  return branches.reduce((acc, t) => mergeTrails(acc, t).events, [] as AuditEvent[]);
}

describe('seeded random trails', () => {
  it.each([1, 7, 2026])('seed %i: a branching, merging trail survives JSON and verifies', (seed) => {
    const trail = randomTrail(mulberry32(seed), 60);
    expect(trail.some((e) => e.parents.length === 2)).toBe(true);
    const heads = headsOf(trail).map((e) => e.hash);
    const back = JSON.parse(JSON.stringify(trail)) as AuditEvent[];
    expect(verifyChain(back, heads)).toEqual({ ok: true, problems: [], heads });
    const rng = mulberry32(seed);
    const i = 1 + Math.floor(rng() * (back.length - 1));
    back[i] = { ...back[i], at: back[i].at + 1000 };
    expect(verifyChain(back, heads).problems.map((p) => [p.kind, p.seq])).toEqual([['edited', back[i].seq]]);
  });
});
