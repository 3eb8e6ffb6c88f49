// Which teeth are where along the arch: a dynamic programme over the crown-top profile.
// Candidate cuts are the profile's valleys (occlusal embrasures) and the ends of crowned
// stretches; teeth are laid out from the patient's right to left in FDI order, each
// spanning its expected width (scaled by one factor per patient), the midline falling near
// the front of the arch. A missing tooth is a gum-level space about its width wide;
// third molars are simply optional at both ends. The cheapest layout names the teeth.
import type { Jaw } from '../../core/types.ts';
import { archOrder, positionOf } from '../../core/fdi.ts';
import { crownPresent, profileValleys, type ArchProfile } from './arch-profile.ts';
import { expectedWidth } from './tooth-sizes.ts';

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

interface Candidate { s: number; depth: number; edge: boolean }

const WIDTH_SPREAD = 0.18;
/** A tooth spans between these multiples of its expected width along the arch. */
const MIN_STRETCH = 0.45;
const MAX_STRETCH = 1.7;
/** Patient size factors tried over the average crown widths. */
export const SCALE_RANGE: readonly [number, number] = [0.8, 1.5];
const CUT_WEIGHT = 2.0;
const NEUTRAL_DEPTH = 0.5;
const EMPTY_COST = 1.0;
const MIDLINE_SPREAD = 3;
const MID_SKIP = 3;
/** A scan holding only one side of the arch (rare; costs about eight missing teeth). */
const WHOLE_SIDE_MISSING = 40;

/** Cost of the distal end of a quadrant missing up to (not including) position p. */
function distalSkipCost(p: number): number {
  let c = 0;
  for (let q = 8; q > p; q--) c += q === 8 ? 0 : q === 7 ? 2 : q === 6 ? 4 : 6;
  return c;
}

export function numberTeeth(profile: ArchProfile, jaw: Jaw): Numbering | null {
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
  cands.sort((a, b) => a.s - b.s);
  let best: Numbering | null = null;
  for (let scale = SCALE_RANGE[0]; scale <= SCALE_RANGE[1] + 1e-9; scale += 0.02) {
    const r = layout(cands, jaw, scale, presentBetween, firstPresent, lastPresent);
    if (r && (!best || r.cost < best.cost)) best = r;
  }
  return best;
}

function layout(
  cands: Candidate[], jaw: Jaw, scale: number,
  presentBetween: (a: number, b: number) => number, firstPresent: number, lastPresent: number,
): Numbering | null {
  const order = archOrder(jaw);
  const T = order.length;
  const widths = order.map((f) => expectedWidth(f, jaw) * scale);
  const m = cands.length;
  const cost = new Float64Array(m * T).fill(Infinity);
  const from = new Int32Array(m * T).fill(-1);
  const fromTooth = new Int32Array(m * T).fill(-1);
  const startOf = new Int32Array(m * T).fill(-1);

  const toothCost = (t: number, a: number, j: number) => {
    const len = cands[j].s - cands[a].s;
    const e = widths[t];
    if (len < MIN_STRETCH * e || len > MAX_STRETCH * e) return Infinity;
    const rel = (len - e) / (WIDTH_SPREAD * e);
    return 0.5 * rel * rel + EMPTY_COST * (len - presentBetween(cands[a].s, cands[j].s));
  };
  const cutCost = (i: number) => CUT_WEIGHT * (NEUTRAL_DEPTH - Math.min(cands[i].depth, 2));
  const midlineCost = (m0: number) => 0.5 * (m0 / MIDLINE_SPREAD) ** 2;
  const sideEnd = T / 2; // indices < sideEnd are the patient's right quadrant

  const relax = (j: number, t: number, c: number, i: number, ti: number, a: number) => {
    if (c < cost[j * T + t]) { cost[j * T + t] = c; from[j * T + t] = i; fromTooth[j * T + t] = ti; startOf[j * T + t] = a; }
  };
  // First tooth: any tooth, distal ones before it missing.
  for (let t = 0; t < T; t++) {
    const p = positionOf(order[t]);
    const skip = t < sideEnd ? distalSkipCost(p) : WHOLE_SIDE_MISSING + 6 * (p - 1);
    for (let a = 0; a < m; a++) {
      const pre = EMPTY_COST * presentBetween(firstPresent, cands[a].s);
      for (let j = a + 1; j < m && cands[j].s - cands[a].s <= MAX_STRETCH * widths[t]; j++) {
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
      const touch = base + (cands[i].edge ? CUT_WEIGHT * NEUTRAL_DEPTH : cutCost(i)) + (t === sideEnd - 1 ? midlineCost(cands[i].s) : 0);
      for (let j = i + 1; j < m && cands[j].s - cands[i].s <= MAX_STRETCH * widths[t + 1]; j++) {
        const c = toothCost(t + 1, i, j);
        if (c !== Infinity) relax(j, t + 1, touch + c, i, t, i);
      }
      // A space, possibly holding missing teeth, then the next present tooth.
      for (let a = i + 1; a < m; a++) {
        const gap = cands[a].s - cands[i].s;
        if (gap < 1.5) continue;
        const crowned = presentBetween(cands[i].s, cands[a].s);
        if (crowned > 0.5 * gap) continue;
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
          for (let j = a + 1; j < m && cands[j].s - cands[a].s <= MAX_STRETCH * widths[t2]; j++) {
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
