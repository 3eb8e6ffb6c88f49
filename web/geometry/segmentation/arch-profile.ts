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
}

export interface ProfileValley {
  /** Arch position (mm). */
  s: number;
  /** How far the profile dips below the lower of its two neighbouring peaks (mm). */
  depth: number;
}

/** Below this height (mm, relative to the occlusal plane) a slice holds no crown. */
export const CROWN_PRESENT_LEVEL = -6;
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
  const raw = new Float64Array(nb).fill(-Infinity);
  for (let v = 0; v < n; v++) {
    if (Math.abs(coords.buccal[v]) > lateral) continue;
    const b = Math.floor((coords.along[v] - lo) / bin);
    if (coords.height[v] > raw[b]) raw[b] = coords.height[v];
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
  return { start: lo, bin, top };
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
    if (depth >= minDepth) out.push({ s: start + (i + 0.5) * bin, depth });
  }
  return out;
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
