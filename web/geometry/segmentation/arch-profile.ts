// The crown-top profile along the arch: for each slice across the arch, how high the
// crowns reach. Neighbouring crowns meet lower than their cusps and incisal edges (the
// occlusal embrasures), so the profile's valleys are where one tooth ends and the next
// begins; stretches at gum level are spaces left by missing teeth.
import type { ArchCoordinates } from './arch-curve.ts';

export interface ArchProfile {
  /** Arch position of the first bin's start (mm). */
  start: number;
  /** Bin length along the arch (mm). */
  bin: number;
  /** Smoothed highest crown point per bin (mm above the occlusal plane); NaN where empty. */
  top: Float64Array;
  /** The same on strips along the buccal and the lingual side of the arch curve. */
  buccalTop?: Float64Array;
  lingualTop?: Float64Array;
  /**
   * Per bin, the buccal offsets (mm) of the outermost vertices on either side within
   * BREADTH_DEPTH of the crowns' tops nearby: over a tooth they give its bucco-lingual breadth.
   */
  outerBuccal?: Float64Array;
  outerLingual?: Float64Array;
}

export interface ProfileValley {
  /** Arch position (mm). */
  s: number;
  /** How far the profile dips below the lower of its two neighbouring peaks (mm). */
  depth: number;
}

/** Below this height (mm, relative to the occlusal plane) a slice holds no crown. */
export const CROWN_PRESENT_LEVEL = -6;
/** The side strips (mm from the arch curve), and how near a valley their notch may lie (bins). */
const SIDE_STRIP: readonly [number, number] = [1.5, 6];
const SIDE_NOTCH = 2;
/** Deepest occlusal embrasure between touching crowns (mm), and how far to look for them. */
const EMBRASURE_MAX = 3;
const NEIGHBOUR_REACH = 6;
/** At the ends of the arch, gum behind the last molar is this much below its cusps (mm). */
const END_DROP = 2.5;
const END_REACH = 8;
/**
 * Farther in, the crowns stand higher still above an edentulous ridge where the last teeth
 * of a side are missing (a partial arch): its flat gum must not read as crowns.
 */
const RIDGE_DROP = 4.5;
const RIDGE_REACH = 40;
/** An edentulous ridge: over this length (mm) it varies less than FLAT_RANGE, FLAT_DROP below the crowns. */
const FLAT_LENGTH = 10;
const FLAT_RANGE = 0.8;
const FLAT_DROP = 2.5;

export function crownTopProfile(coords: ArchCoordinates, lateral = 7, bin = 0.25): ArchProfile {
  let lo = Infinity, hi = -Infinity;
  const n = coords.along.length;
  for (let v = 0; v < n; v++) {
    if (Math.abs(coords.buccal[v]) > lateral) continue;
    lo = Math.min(lo, coords.along[v]); hi = Math.max(hi, coords.along[v]);
  }
  const nb = Math.max(1, Math.ceil((hi - lo) / bin) + 1);
  const strip = (from: number, to: number) => stripTop(coords, lo, bin, nb, from, to);
  const top = strip(-lateral, lateral);
  return {
    start: lo, bin, top,
    buccalTop: strip(SIDE_STRIP[0], SIDE_STRIP[1]), lingualTop: strip(-SIDE_STRIP[1], -SIDE_STRIP[0]),
    ...outerSides(coords, top, lo, bin),
  };
}

/** How far below the crowns' tops nearby (mm) and within what reach (bins) the breadth is taken. */
const BREADTH_DEPTH = 3;
const BREADTH_REACH = 12;
const BREADTH_LATERAL = 9;

function outerSides(coords: ArchCoordinates, top: Float64Array, lo: number, bin: number): { outerBuccal: Float64Array; outerLingual: Float64Array } {
  const nb = top.length;
  const ref = Float64Array.from(top, (_, i) => {
    let m = -Infinity;
    for (let k = Math.max(0, i - BREADTH_REACH); k <= Math.min(nb - 1, i + BREADTH_REACH); k++) if (top[k] > m) m = top[k];
    return m;
  });
  const outerBuccal = new Float64Array(nb).fill(-Infinity), outerLingual = new Float64Array(nb).fill(Infinity);
  for (let v = 0; v < coords.along.length; v++) {
    const b = coords.buccal[v];
    const i = Math.floor((coords.along[v] - lo) / bin);
    if (Math.abs(b) > BREADTH_LATERAL || i < 0 || i >= nb || !(coords.height[v] > ref[i] - BREADTH_DEPTH)) continue;
    if (b > outerBuccal[i]) outerBuccal[i] = b;
    if (b < outerLingual[i]) outerLingual[i] = b;
  }
  return { outerBuccal, outerLingual };
}

/** Smoothed highest point per bin of the vertices whose buccal offset lies in [from, to]. */
function stripTop(coords: ArchCoordinates, lo: number, bin: number, nb: number, from: number, to: number): Float64Array {
  const raw = new Float64Array(nb).fill(-Infinity);
  for (let v = 0; v < coords.along.length; v++) {
    const b = coords.buccal[v];
    if (b < from || b > to) continue;
    const i = Math.floor((coords.along[v] - lo) / bin);
    if (i >= 0 && i < nb && coords.height[v] > raw[i]) raw[i] = coords.height[v];
  }
  const top = new Float64Array(nb);
  for (let i = 0; i < nb; i++) {
    let s = 0, w = 0;
    for (let k = -2; k <= 2; k++) {
      const j = i + k;
      if (j < 0 || j >= nb || raw[j] === -Infinity) continue;
      s += raw[j]; w++;
    }
    top[i] = w ? s / w : NaN;
  }
  return top;
}

/** Local minima of the profile, with their depth below the neighbouring peaks within `reach` mm. */
export function profileValleys(profile: ArchProfile, reach = 3, minDepth = 0.12): ProfileValley[] {
  const { top, bin, start } = profile;
  const nb = top.length;
  const win = Math.round(reach / bin);
  const out: ProfileValley[] = [];
  for (let i = 1; i < nb - 1; i++) {
    const h = top[i];
    if (!(h <= top[i - 1] && h <= top[i + 1]) || Number.isNaN(h)) continue;
    let left = -Infinity, right = -Infinity;
    for (let k = 1; k <= win; k++) {
      if (i - k >= 0 && top[i - k] > left) left = top[i - k];
      if (i + k < nb && top[i + k] > right) right = top[i + k];
    }
    const depth = Math.min(left, right) - h;
    if (depth >= minDepth) out.push({ s: start + (i + 0.5) * bin, depth: embrasureDepth(profile, i, win, depth) });
  }
  return out;
}

/**
 * How deep a valley of the crown tops reads as a gap between two crowns. Where crowns
 * touch, their rounded corners leave a notch on the buccal and the lingual side too (the
 * embrasures open towards the gum); a molar's grooves between its cusps dip the crown tops
 * as much but barely notch its sides. So the valley's depth is weighed with the side
 * strips' dips there: contacts stand out, grooves inside a crown do not. The middle of the
 * three is taken, not their mean: a side strip that misses a lingually set molar for a bin
 * reads a dip of many millimetres, and a mean would make a contact of that molar's middle.
 */
function embrasureDepth(profile: ArchProfile, i: number, win: number, depth: number): number {
  const sides = [profile.buccalTop, profile.lingualTop].map((t) => (t ? sideDip(t, i, win) : NaN));
  if (!sides.every(Number.isFinite)) return depth;
  return [depth, sides[0], sides[1]].sort((a, b) => a - b)[1];
}

/** How far a side strip dips near bin i below the lower of its peaks on either side. */
function sideDip(top: Float64Array, i: number, win: number): number {
  let low = Infinity, left = -Infinity, right = -Infinity;
  for (let k = -SIDE_NOTCH; k <= SIDE_NOTCH; k++) if (top[i + k] < low) low = top[i + k];
  for (let k = 1; k <= win; k++) {
    if (top[i - k] > left) left = top[i - k];
    if (top[i + k] > right) right = top[i + k];
  }
  return Math.max(0, Math.min(left, right) - low);
}

/**
 * Crown-present flags per bin: high enough above the occlusal plane's gum level and not far
 * below the crowns beside it (the gum behind the last molar and the ridge of an empty
 * space are lower than the neighbouring crowns by more than an embrasure is).
 */
export function crownPresent(profile: ArchProfile): Uint8Array {
  const { top, bin } = profile;
  const win = Math.round(NEIGHBOUR_REACH / bin);
  const present = Uint8Array.from(top, (h, i) => {
    if (!(h >= CROWN_PRESENT_LEVEL)) return 0;
    let near = -Infinity;
    for (let k = Math.max(0, i - win); k <= Math.min(top.length - 1, i + win); k++) if (top[k] > near) near = top[k];
    return h >= near - EMBRASURE_MAX ? 1 : 0;
  });
  trimEnd(top, present, bin, 1);
  trimEnd(top, present, bin, -1);
  return present;
}

/**
 * The tuberosity or retromolar pad behind the last molar can stand nearly as high as its
 * distal cusps; walking in from an end, bins well below the crowns just inside are gum.
 */
function trimEnd(top: Float64Array, present: Uint8Array, bin: number, step: 1 | -1): void {
  const n = top.length;
  const reach = Math.round(END_REACH / bin), farReach = Math.round(RIDGE_REACH / bin);
  let i = step === 1 ? 0 : n - 1;
  while (i >= 0 && i < n && !present[i]) i += step;
  for (; i >= 0 && i < n; i += step) {
    let inside = -Infinity, far = -Infinity;
    for (let k = 1; k <= farReach; k++) {
      const j = i + step * k;
      if (j < 0 || j >= n) break;
      if (k <= reach && top[j] > inside) inside = top[j];
      if (top[j] > far) far = top[j];
    }
    if (top[i] >= inside - END_DROP && top[i] >= far - RIDGE_DROP) break;
    present[i] = 0;
  }
  // A long flat stretch at the end, well below the crowns inside: an edentulous ridge
  // (crowns, even a molar's flat occlusal table, rise and fall more than this along 10 mm).
  const flat = Math.round(FLAT_LENGTH / bin);
  for (; i >= 0 && i < n; i += step) {
    let lo = Infinity, hi = -Infinity, far = -Infinity;
    for (let k = 0; k <= farReach; k++) {
      const j = i + step * k;
      if (j < 0 || j >= n) break;
      if (k < flat) { lo = Math.min(lo, top[j]); hi = Math.max(hi, top[j]); } else far = Math.max(far, top[j]);
    }
    if (!(hi - lo < FLAT_RANGE && hi < far - FLAT_DROP)) break;
    for (let k = 0; k < flat; k++) { const j = i + step * k; if (j >= 0 && j < n) present[j] = 0; }
  }
}
