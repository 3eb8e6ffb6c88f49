// Which teeth are where along the arch: a dynamic programme over the crown-top profile.
// Candidate cuts are the profile's valleys (occlusal embrasures), the ends of crowned
// stretches and weak fillers where contacts leave no dip (numbering-candidates.ts); teeth are laid out from the patient's right to left in FDI order, each
// spanning its expected width (scaled by one factor per patient) and, from the premolars
// back, its expected bucco-lingual breadth (a molar halved at its grooves is still a molar's
// breadth; a premolar is narrower), the midline falling near
// the front of the arch. A missing tooth is a gum-level space about its width wide;
// third molars are optional at both ends, at a small cost. The cheapest layout names the teeth.
import type { Jaw } from '../../core/types.ts';
import { archOrder, positionOf } from '../../core/fdi.ts';
import type { ArchProfile } from './arch-profile.ts';
import { cutCandidates, type Candidate } from './numbering-candidates.ts';
import { expectedBreadth, expectedWidth } from './tooth-sizes.ts';

export interface ToothSpan {
  fdi: number;
  /** Arch positions (mm) of the tooth's right and left ends. */
  start: number;
  end: number;
}

export interface Numbering {
  spans: ToothSpan[];
  /** Patient size factor applied to the average widths. */
  scale: number;
  cost: number;
}

/** A tooth the planner named: the crown over arch position `s` (mm) is tooth `fdi`. */
export interface ArchAnchor { fdi: number; s: number }

export interface NumberingOptions {
  anchor?: ArchAnchor;
  /** Size factors tried, every this much (coarser is faster, for second opinions). */
  scaleStep?: number;
  /** Size factors tried (default SCALE_RANGE). */
  scaleRange?: readonly [number, number];
}

/** Anchor as the DP sees it: tooth index in arch order; `loose` widens its allowed length. */
interface LayoutAnchor { t: number; s: number; loose: boolean }

/** Breadth is weighed from the first premolar back (a canine's pointed cusp reads narrow). */
const BREADTH_FROM = 4;
const BREADTH_SPREAD = 0.1;
const BREADTH_WEIGHT = 2;
const WIDTH_SPREAD = 0.18;
/** A tooth spans between these multiples of its expected width along the arch. */
const MIN_STRETCH = 0.45;
const MAX_STRETCH = 1.7;
/** Patient size factors tried over the average crown widths. */
export const SCALE_RANGE: readonly [number, number] = [0.8, 1.5];
const COARSE_STEP = 0.06;
const FINE_STEP = 0.02;
const CUT_WEIGHT = 2.0;
/**
 * A third molar is often absent and a last molar's long crown, cut at its distal groove,
 * reads as two: one present costs this much (about a shallow cut's worth).
 */
const THIRD_MOLAR = 2;
/**
 * Between two premolars or molars a contact's embrasure reads deep (on 80 generated arches:
 * 0.75 mm or more at 3 contacts in 4, median 1.2) and a valley inside a crown shallow (0.45
 * mm or less at 3 in 4, median 0.3): cuts there are weighed more steeply about a higher
 * neutral depth, so a molar halved at its groove no longer passes for two teeth. Which
 * contacts count is read from the tooth on the distal side (a premolar or molar), the same
 * for a layout that skips a closed space there as for one that does not.
 */
const BACK_CUT_WEIGHT = 4;
const BACK_NEUTRAL_DEPTH = 0.8;
const NEUTRAL_DEPTH = 0.5;
const EMPTY_COST = 1.0;
const MIDLINE_SPREAD = 3;
const MID_SKIP = 3;
/**
 * A missing tooth whose space has closed: its neighbours' widths and breadths tell it is
 * gone; any other than a first premolar or a lateral costs OTHER_CLOSED_SPACE more.
 */
const CLOSED_SPACE = 3;
const OTHER_CLOSED_SPACE = 1;
const USUAL_CLOSED: readonly number[] = [2, 4];
/** A scan holding only one side of the arch (rare; costs about eight missing teeth). */
const WHOLE_SIDE_MISSING = 40;
/** How far from the anchored crown's middle (a fraction of its width) the click usually lies. */
const ANCHOR_SPREAD = 0.25;
/** An anchored tooth that fits nowhere at its usual size may span this range of widths. */
const LOOSE_STRETCH: readonly [number, number] = [0.3, 3];

/**
 * A closed space's cost by the tooth gone: first premolars are the usual extraction and
 * upper laterals the usual absent tooth whose space is closed; where two premolars look
 * alike the scan cannot tell which of them is missing, and the usual one is named. Once the
 * planner has named a tooth that prior steps aside: their tooth and the widths decide.
 */
function closedSpaceCost(fdi: number, anchored: boolean): number {
  return CLOSED_SPACE + (anchored || USUAL_CLOSED.includes(positionOf(fdi)) ? 0 : OTHER_CLOSED_SPACE);
}

/** Cost of the distal end of a quadrant missing up to (not including) position p. */
function distalSkipCost(p: number): number {
  let c = 0;
  for (let q = 8; q > p; q--) c += q === 8 ? 0 : q === 7 ? 2 : q === 6 ? 4 : 6;
  return c;
}

export function numberTeeth(profile: ArchProfile, jaw: Jaw, opts: NumberingOptions = {}): Numbering | null {
  const found = cutCandidates(profile);
  if (!found) return null;
  const { cands, presentBetween, firstPresent, lastPresent, spaces, breadthBetween } = found;
  const order = archOrder(jaw);
  const at = opts.anchor ? order.indexOf(opts.anchor.fdi) : -1;
  if (opts.anchor && at < 0) throw new RangeError(`${opts.anchor.fdi} is not a tooth of the ${jaw} arch`);
  const step = opts.scaleStep ?? FINE_STEP;
  const search = (anchor: LayoutAnchor | undefined) => {
    let best: Numbering | null = null;
    const tryScale = (scale: number) => {
      const r = layout(cands, jaw, scale, presentBetween, firstPresent, lastPresent, spaces, breadthBetween, anchor);
      if (r && (!best || r.cost < best.cost)) best = r;
    };
    // Coarse to fine: the cost is smooth enough in the size factor at this step.
    const coarse = Math.max(step, COARSE_STEP);
    const [lo, hi] = opts.scaleRange ?? SCALE_RANGE;
    for (let scale = Math.max(lo, SCALE_RANGE[0]); scale <= Math.min(hi, SCALE_RANGE[1]) + 1e-9; scale += coarse) tryScale(scale);
    const found = best as Numbering | null;
    if (found && coarse > step) {
      for (let scale = found.scale - coarse + step; scale < found.scale + coarse - 1e-9; scale += step) {
        if (Math.abs(scale - found.scale) > 1e-9 && scale >= SCALE_RANGE[0] - 1e-9 && scale <= SCALE_RANGE[1] + 1e-9) tryScale(scale);
      }
    }
    return best;
  };
  if (!opts.anchor) return search(undefined);
  return search({ t: at, s: opts.anchor.s, loose: false }) ?? search({ t: at, s: opts.anchor.s, loose: true });
}

function layout(
  cands: Candidate[], jaw: Jaw, scale: number,
  presentBetween: (a: number, b: number) => number, firstPresent: number, lastPresent: number,
  spaces: readonly number[][], breadthBetween: (i: number, j: number) => number, anchor?: LayoutAnchor,
): Numbering | null {
  const order = archOrder(jaw);
  const T = order.length;
  const widths = order.map((f) => expectedWidth(f, jaw) * scale);
  const breadths = order.map((f) => (positionOf(f) >= BREADTH_FROM ? expectedBreadth(f, jaw) * Math.sqrt(scale) : NaN));
  const m = cands.length;
  const cost = new Float64Array(m * T).fill(Infinity);
  const from = new Int32Array(m * T).fill(-1);
  const fromTooth = new Int32Array(m * T).fill(-1);
  const startOf = new Int32Array(m * T).fill(-1);

  // Crowned length from the arch's start to each candidate: a tooth's empty part in O(1).
  const crownedTo = Float64Array.from(cands, (c) => presentBetween(-Infinity, c.s));
  const third = order.map((f) => positionOf(f) === 8);
  const reach = widths.map((w, t) => (anchor?.loose && t === anchor.t ? LOOSE_STRETCH[1] : MAX_STRETCH) * w);
  const toothCost = (t: number, a: number, j: number) => {
    const len = cands[j].s - cands[a].s;
    const e = widths[t];
    const loose = anchor?.loose && t === anchor.t;
    if (len < (loose ? LOOSE_STRETCH[0] : MIN_STRETCH) * e || len > reach[t]) return Infinity;
    // The anchored tooth, and only it, covers the anchor.
    if (anchor && (cands[a].s <= anchor.s && anchor.s < cands[j].s) !== (t === anchor.t)) return Infinity;
    // The planner clicks a crown near its middle, not at its edge.
    const off = anchor && t === anchor.t ? ((cands[a].s + cands[j].s) / 2 - anchor.s) / (ANCHOR_SPREAD * e) : 0;
    const rel = (len - e) / (WIDTH_SPREAD * e);
    return 0.5 * rel * rel + 0.5 * off * off + EMPTY_COST * (len - (crownedTo[j] - crownedTo[a])) + breadthCost(t, a, j) + (third[t] ? THIRD_MOLAR : 0);
  };
  // A premolar is narrower bucco-lingually than a molar by more than their widths tell
  // them apart: a molar halved at its grooves, or a premolar named as a molar, shows here.
  const breadthCost = (t: number, a: number, j: number) => {
    const e = breadths[t];
    if (Number.isNaN(e)) return 0;
    const b = breadthBetween(a, j);
    if (Number.isNaN(b)) return 0;
    const rel = (b - e) / (BREADTH_SPREAD * e);
    return BREADTH_WEIGHT * 0.5 * rel * rel;
  };
  const cutCost = (i: number) => CUT_WEIGHT * (NEUTRAL_DEPTH - Math.min(cands[i].depth, 2));
  const midlineCost = (m0: number) => 0.5 * (m0 / MIDLINE_SPREAD) ** 2;
  const sideEnd = T / 2; // indices < sideEnd are the patient's right quadrant
  const backCutCost = (i: number) => BACK_CUT_WEIGHT * (BACK_NEUTRAL_DEPTH - Math.min(cands[i].depth, 2));
  const back = order.map((f) => positionOf(f) >= BREADTH_FROM);
  const touchCost = (i: number, t: number, next: number) =>
    cands[i].edge ? CUT_WEIGHT * NEUTRAL_DEPTH : back[next < sideEnd ? t : next] ? backCutCost(i) : cutCost(i);

  const relax = (j: number, t: number, c: number, i: number, ti: number, a: number) => {
    if (c < cost[j * T + t]) { cost[j * T + t] = c; from[j * T + t] = i; fromTooth[j * T + t] = ti; startOf[j * T + t] = a; }
  };
  // First tooth: any tooth, distal ones before it missing.
  for (let t = 0; t < T; t++) {
    const p = positionOf(order[t]);
    const skip = t < sideEnd ? distalSkipCost(p) : WHOLE_SIDE_MISSING + 6 * (p - 1);
    for (let a = 0; a < m; a++) {
      // Nothing before the first tooth may hold the anchor.
      if (anchor && cands[a].s > anchor.s) break;
      const pre = EMPTY_COST * presentBetween(firstPresent, cands[a].s);
      for (let j = a + 1; j < m && cands[j].s - cands[a].s <= reach[t]; j++) {
        const c = toothCost(t, a, j);
        if (c === Infinity) continue;
        relax(j, t, skip + pre + c, -1, -1, a);
      }
    }
  }
  for (let i = 0; i < m; i++) {
    for (let t = 0; t < T - 1; t++) {
      const base = cost[i * T + t];
      if (base === Infinity) continue;
      // The next tooth touches this one at candidate i.
      const mid = t === sideEnd - 1 ? midlineCost(cands[i].s) : 0;
      const touch = base + touchCost(i, t, t + 1) + mid;
      for (let j = i + 1; j < m && cands[j].s - cands[i].s <= reach[t + 1]; j++) {
        const c = toothCost(t + 1, i, j);
        if (c !== Infinity) relax(j, t + 1, touch + c, i, t, i);
      }
      // One tooth missing with its space closed (an extraction, an absent lateral): the
      // next present tooth touches this one. Never across the midline.
      const t2 = t + 2;
      if (t2 < T && positionOf(order[t + 1]) !== 1) {
        for (let j = i + 1; j < m && cands[j].s - cands[i].s <= reach[t2]; j++) {
          const c = toothCost(t2, i, j);
          if (c !== Infinity) relax(j, t2, base + touchCost(i, t, t2) + mid + closedSpaceCost(order[t + 1], anchor !== undefined) + c, i, t, i);
        }
      }
      // A space, possibly holding missing teeth, then the next present tooth.
      for (const a of spaces[i]) {
        const gap = cands[a].s - cands[i].s;
        if (anchor && cands[i].s <= anchor.s && anchor.s < cands[a].s) break;
        const crowned = presentBetween(cands[i].s, cands[a].s);
        for (let t2 = t + 1; t2 < T; t2++) {
          let missing = 0;
          for (let k = t + 1; k < t2; k++) missing += widths[k];
          if (missing > gap * 2.5 + 3) break;
          const nskip = t2 - t - 1;
          const mismatch = nskip === 0 ? gap / 1.5 : (gap - missing) / (0.35 * missing);
          let c = base + MID_SKIP * nskip + 0.5 * mismatch * mismatch + EMPTY_COST * crowned;
          if (t < sideEnd && t2 >= sideEnd) {
            let right = 0, left = 0;
            for (let k = t + 1; k < t2; k++) if (k < sideEnd) right += widths[k]; else left += widths[k];
            const m0 = cands[i].s + (right + left > 0 ? (gap * right) / (right + left) : gap / 2);
            c += midlineCost(m0);
          }
          for (let j = a + 1; j < m && cands[j].s - cands[a].s <= reach[t2]; j++) {
            const tc = toothCost(t2, a, j);
            if (tc !== Infinity) relax(j, t2, c + tc, i, t, a);
          }
        }
      }
    }
  }
  let bestCost = Infinity, bi = -1, bt = -1;
  for (let i = 0; i < m; i++) {
    for (let t = 0; t < T; t++) {
      if (cost[i * T + t] === Infinity) continue;
      if (anchor && cands[i].s <= anchor.s) continue;
      const p = positionOf(order[t]);
      const skip = t >= sideEnd ? distalSkipCost(p) : WHOLE_SIDE_MISSING + 6 * (p - 1);
      const c = cost[i * T + t] + skip + EMPTY_COST * presentBetween(cands[i].s, lastPresent);
      if (c < bestCost) { bestCost = c; bi = i; bt = t; }
    }
  }
  if (bi < 0) return null;
  const spans: ToothSpan[] = [];
  for (let i = bi, t = bt; i >= 0 && t >= 0;) {
    const a = startOf[i * T + t];
    spans.push({ fdi: order[t], start: cands[a].s, end: cands[i].s });
    const pi = from[i * T + t], pt = fromTooth[i * T + t];
    i = pi; t = pt;
  }
  spans.reverse();
  return { spans, scale, cost: bestCost };
}
