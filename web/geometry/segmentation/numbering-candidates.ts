// Where one tooth may end and the next begin along the arch, for the numbering: the crown-
// top profile's valleys (occlusal embrasures), the ends of crowned stretches, and weak
// fillers where a tight contact leaves no valley; with the crowned length between any two
// arch positions and the pairs of candidates that enclose a space (room for missing teeth).
import { crownPresent, profileValleys, type ArchProfile } from './arch-profile.ts';

export interface Candidate { s: number; depth: number; edge: boolean }

export interface CutCandidates {
  /** Sorted by arch position. */
  cands: Candidate[];
  /** Crowned length (mm) between two arch positions. */
  presentBetween(a: number, b: number): number;
  firstPresent: number;
  lastPresent: number;
  /** For each candidate, the later ones with mostly gum between them. */
  spaces: number[][];
  /** Bucco-lingual breadth (mm) of the crown between candidates i < j (NaN when unknown). */
  breadthBetween(i: number, j: number): number;
}

/**
 * Weak cut candidates fill crowned stretches with no valley this close (mm), every
 * FILL_STEP: tight contacts (lower incisors' flat incisal edges meet with hardly a dip)
 * leave no valley, and a tooth must still be able to end there.
 */
const FILL_CLEARANCE = 1;
const FILL_STEP = 1;
/** As if they were a bump rather than a valley: cutting a crown where nothing dips is dear. */
const FILL_DEPTH = -0.5;
const FILL_SPAN = 25;
/** The breadth is read over a crown's middle: this fraction of its length is left out at each end. */
const BREADTH_MARGIN = 0.2;

export function cutCandidates(profile: ArchProfile): CutCandidates | null {
  const present = crownPresent(profile);
  const { bin, start } = profile;
  const prefix = new Float64Array(present.length + 1);
  for (let i = 0; i < present.length; i++) prefix[i + 1] = prefix[i] + present[i];
  const presentBetween = (a: number, b: number) => {
    const i = Math.max(0, Math.min(present.length, Math.round((a - start) / bin)));
    const j = Math.max(0, Math.min(present.length, Math.round((b - start) / bin)));
    return j > i ? (prefix[j] - prefix[i]) * bin : 0;
  };
  const cands: Candidate[] = profileValleys(profile).map((v) => ({ ...v, edge: false }));
  let firstPresent = Infinity, lastPresent = -Infinity;
  for (let i = 0; i < present.length; i++) {
    const s = start + i * bin;
    if (present[i] && (i === 0 || !present[i - 1])) cands.push({ s, depth: 0, edge: true });
    if (present[i] && (i === present.length - 1 || !present[i + 1])) cands.push({ s: s + bin, depth: 0, edge: true });
    if (present[i]) { firstPresent = Math.min(firstPresent, s); lastPresent = Math.max(lastPresent, s + bin); }
  }
  if (!Number.isFinite(firstPresent)) return null;
  fillCandidates(cands, present, start, bin);
  cands.sort((a, b) => a.s - b.s);
  // Pairs of candidates with a space between them (mostly gum: room for missing teeth),
  // the same at every scale.
  const spaces = cands.map((c, i) => {
    const out: number[] = [];
    for (let a = i + 1; a < cands.length; a++) {
      const gap = cands[a].s - c.s;
      if (gap >= 1.5 && presentBetween(c.s, cands[a].s) <= 0.5 * gap) out.push(a);
    }
    return out;
  });
  return { cands, presentBetween, firstPresent, lastPresent, spaces, breadthBetween: breadthOf(profile, cands) };
}

/**
 * The crown's breadth between two cuts, taken over its middle (the contacts' narrowing
 * left out) as the widest spread of its outer vertices; memoised, since every size
 * factor and tooth tried asks again for the same pairs.
 */
function breadthOf(profile: ArchProfile, cands: Candidate[]): (i: number, j: number) => number {
  const { outerBuccal, outerLingual, start, bin } = profile;
  const m = cands.length;
  const memo = new Map<number, number>();
  return (i, j) => {
    if (!outerBuccal || !outerLingual) return NaN;
    const key = i * m + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const a = cands[i].s, b = cands[j].s;
    const i0 = Math.max(0, Math.round((a + BREADTH_MARGIN * (b - a) - start) / bin));
    const i1 = Math.min(outerBuccal.length - 1, Math.round((b - BREADTH_MARGIN * (b - a) - start) / bin));
    let hi = -Infinity, lo = Infinity;
    for (let k = i0; k <= i1; k++) { hi = Math.max(hi, outerBuccal[k]); lo = Math.min(lo, outerLingual[k]); }
    const breadth = hi > lo ? hi - lo : NaN;
    memo.set(key, breadth);
    return breadth;
  };
}

/**
 * Adds weak candidates through crowned stretches with no cut nearby, between cuts at most
 * FILL_SPAN apart: a missed contact between two teeth, never a whole featureless surface.
 */
function fillCandidates(cands: Candidate[], present: Uint8Array, start: number, bin: number): void {
  const known = cands.map((c) => c.s).sort((a, b) => a - b);
  let k = 0;
  let last = -Infinity;
  for (let i = 0; i < present.length; i++) {
    if (!present[i]) continue;
    const s = start + (i + 0.5) * bin;
    while (k < known.length && known[k] < s - FILL_CLEARANCE) k++;
    if (k < known.length && known[k] <= s + FILL_CLEARANCE) continue;
    if (s - last < FILL_STEP) continue;
    const before = k > 0 ? known[k - 1] : -Infinity, after = k < known.length ? known[k] : Infinity;
    if (after - before > FILL_SPAN) continue;
    cands.push({ s, depth: FILL_DEPTH, edge: false });
    last = s;
  }
}
