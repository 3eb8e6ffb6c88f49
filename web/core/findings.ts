// What the planner must act on, read from the engine's pair results over all stages:
// collisions per stage, collisions that come and go mid-course (warnings), and IPR
// proposals for neighbour contacts still overlapping at the end. Plain records in, plain
// records out: the records have the shape of the engine's readPairResult (core does not
// import the engine), plus the pair's kind when the caller knows it.
import { jawOf, type Fdi } from './fdi.ts';
import type { PlannedIpr } from './plan.ts';

export type ContactKind = 'neighbour' | 'antagonist' | 'other';

/** One pair at one stage (engine readPairResult shape; extra fields are ignored). */
export interface PairRecord {
  a: Fdi;
  b: Fdi;
  stage: number;
  /** Signed minimum distance, mm; negative = overlap depth. */
  distance: number;
  /** Defaults to neighbour within a jaw and antagonist across jaws. */
  kind?: ContactKind;
}

export interface Collision {
  a: Fdi;
  b: Fdi;
  kind: ContactKind;
  /** Overlap depth, mm (> 0). */
  depthMm: number;
}

export interface StageCollisions {
  stage: number;
  /** Deepest first. */
  collisions: Collision[];
}

export interface MidCourseCollision {
  a: Fdi;
  b: Fdi;
  kind: ContactKind;
  fromStage: number;
  toStage: number;
  maxDepthMm: number;
  /** Where the overlap is deepest. */
  deepestStage: number;
  message: string;
}

export interface IprProposal {
  a: Fdi;
  b: Fdi;
  /** Overlap at the final stage, mm. */
  overlapMm: number;
  /** The overlap rounded up to 0.1 mm: enamel to strip at this contact, both teeth together. */
  amountMm: number;
  /** Half of the amount from each tooth. */
  fromA: number;
  fromB: number;
  /** Strip after this aligner: the last stage before the overlap first appears (0 if it is there from the start). */
  stage: number;
  /** Above the protocol's maximum per contact. */
  aboveMax: boolean;
}

export interface Findings {
  collisions: StageCollisions[];
  midCourse: MidCourseCollision[];
  ipr: IprProposal[];
}

export class FindingsError extends Error {
  override name = 'FindingsError';
}

/** IPR is prescribed in 0.1 mm steps; tenths within this of a whole step are not rounded up again. */
const TENTH_EPS = 1e-6;

function kindOf(r: PairRecord): ContactKind {
  return r.kind ?? (jawOf(r.a) === jawOf(r.b) ? 'neighbour' : 'antagonist');
}

/** One key per contact, whichever way round the two teeth are named. */
export function pairKey(a: Fdi, b: Fdi): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/**
 * When IPR at a contact is done: after the last stage before the two teeth first overlap by
 * more than `touchMm`, so the room is there before they need it; 0 when they overlap from
 * the start or never. Returns a lookup by contact.
 */
export function iprStageLookup(records: readonly PairRecord[], touchMm = 0): (a: Fdi, b: Fdi) => number {
  const first = new Map<string, number>();
  for (const r of records) {
    if (!(r.distance < -touchMm)) continue;
    const k = pairKey(r.a, r.b);
    first.set(k, Math.min(first.get(k) ?? Infinity, r.stage));
  }
  return (a, b) => Math.max(0, (first.get(pairKey(a, b)) ?? 1) - 1);
}

/** Each pair's records, ordered by stage; a pair is the same whichever way round it was queried. */
function byPair(records: readonly PairRecord[]): Map<string, PairRecord[]> {
  const out = new Map<string, PairRecord[]>();
  for (const r of records) {
    if (!Number.isFinite(r.distance)) throw new FindingsError(`pair ${r.a}-${r.b} at stage ${r.stage}: distance is not finite`);
    if (!Number.isInteger(r.stage) || r.stage < 0) throw new FindingsError(`pair ${r.a}-${r.b}: stage ${r.stage} is not a whole stage >= 0`);
    const key = pairKey(r.a, r.b);
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  for (const list of out.values()) list.sort((x, y) => x.stage - y.stage);
  return out;
}

const overlaps = (r: PairRecord): boolean => r.distance < 0;

/** Pairs with a negative distance at each stage that has any, stages ascending. */
export function collisionsByStage(records: readonly PairRecord[]): StageCollisions[] {
  const stages = new Map<number, Collision[]>();
  for (const r of records) {
    if (!overlaps(r)) continue;
    const [a, b] = r.a < r.b ? [r.a, r.b] : [r.b, r.a];
    const list = stages.get(r.stage) ?? [];
    list.push({ a, b, kind: kindOf(r), depthMm: -r.distance });
    stages.set(r.stage, list);
  }
  return [...stages.entries()].sort(([x], [y]) => x - y)
    .map(([stage, collisions]) => ({ stage, collisions: collisions.sort((p, q) => q.depthMm - p.depthMm || p.a - q.a || p.b - q.b) }));
}

/** Runs of consecutive queried stages in which a pair overlaps. */
function overlapRuns(list: PairRecord[]): PairRecord[][] {
  const runs: PairRecord[][] = [];
  let run: PairRecord[] = [];
  for (const r of list) {
    if (overlaps(r)) run.push(r);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * An overlap already in the scan (stage 0) that the staging resolves is not a mid-course
 * collision: the staging did not cause it. It is one only if the staging drives the teeth
 * deeper into each other than the scan has them, by more than this (mm).
 */
export const SCAN_OVERLAP_GROWTH_MM = 0.05;

/** Overlaps that appear and are gone again by `finalStage`: warnings with their stage range. */
export function midCourseCollisions(records: readonly PairRecord[], finalStage: number): MidCourseCollision[] {
  const out: MidCourseCollision[] = [];
  for (const list of byPair(records).values()) {
    for (const run of overlapRuns(list)) {
      const last = run[run.length - 1];
      if (last.stage >= finalStage) continue;
      const deepest = run.reduce((d, r) => (r.distance < d.distance ? r : d));
      if (run[0].stage === 0 && deepest.distance >= run[0].distance - SCAN_OVERLAP_GROWTH_MM) continue;
      const [a, b] = last.a < last.b ? [last.a, last.b] : [last.b, last.a];
      const [fromStage, toStage] = [run[0].stage, last.stage];
      out.push({
        a, b, kind: kindOf(last), fromStage, toStage, maxDepthMm: -deepest.distance, deepestStage: deepest.stage,
        message: `teeth ${a} and ${b} overlap by up to ${(-deepest.distance).toFixed(2)} mm in stages ${fromStage}-${toStage}, clear by the end`,
      });
    }
  }
  return out.sort((p, q) => p.fromStage - q.fromStage || p.a - q.a || p.b - q.b);
}

/** Overlap rounded up to the next 0.1 mm. */
export function iprAmount(overlapMm: number): number {
  if (!(overlapMm > 0)) return 0;
  return Math.ceil(overlapMm * 10 - TENTH_EPS) / 10;
}

/**
 * One proposal per neighbour contact still overlapping at `finalStage`. Its stage is the last
 * before the pair first overlaps at all, so the stripping also relieves any earlier overlap.
 */
export function proposeIpr(records: readonly PairRecord[], finalStage: number, maxPerContactMm: number): IprProposal[] {
  const out: IprProposal[] = [];
  for (const list of byPair(records).values()) {
    const end = list.find((r) => r.stage === finalStage);
    if (!end || !overlaps(end) || kindOf(end) !== 'neighbour') continue;
    const first = list.find(overlaps)!;
    const amountMm = iprAmount(-end.distance);
    const [a, b] = end.a < end.b ? [end.a, end.b] : [end.b, end.a];
    out.push({
      a, b, overlapMm: -end.distance, amountMm, fromA: amountMm / 2, fromB: amountMm / 2,
      stage: Math.max(0, first.stage - 1), aboveMax: amountMm > maxPerContactMm + TENTH_EPS,
    });
  }
  return out.sort((p, q) => p.a - q.a || p.b - q.b);
}

/** Everything at once; `finalStage` is the last stage of the plan (stageCount - 1). */
export function planFindings(records: readonly PairRecord[], finalStage: number, maxPerContactMm: number): Findings {
  return {
    collisions: collisionsByStage(records),
    midCourse: midCourseCollisions(records, finalStage),
    ipr: proposeIpr(records, finalStage, maxPerContactMm),
  };
}

/**
 * Pair records as they will be once the plan's IPR is done: stripping A mm at a neighbour
 * contact after stage s leaves A mm more room there at every later stage, so an overlap the
 * IPR was planned for is not reported again. Antagonist records and earlier stages are
 * unchanged; the input is not modified.
 */
export function applyPlannedIpr(records: readonly PairRecord[], ipr: readonly Pick<PlannedIpr, 'a' | 'b' | 'amountMm' | 'stage'>[]): PairRecord[] {
  const planned = new Map<string, { amountMm: number; stage: number }[]>();
  for (const e of ipr) {
    const key = pairKey(e.a, e.b);
    planned.set(key, [...(planned.get(key) ?? []), e]);
  }
  return records.map((r) => {
    const list = planned.get(pairKey(r.a, r.b));
    if (!list || kindOf(r) !== 'neighbour') return r;
    const room = list.reduce((sum, e) => sum + (r.stage > e.stage ? e.amountMm : 0), 0);
    return room > 0 ? { ...r, distance: r.distance + room } : r;
  });
}
