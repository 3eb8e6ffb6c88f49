// Space and tooth-size arithmetic a planner checks before accepting a setup: Bolton's
// ratios and how IPR is shared out over the contacts when an arch is short of room.
import { positionOf } from '../../core/fdi.ts';

/** Bolton's norms (Bolton 1958), lower sum / upper sum in percent. */
export const BOLTON_ANTERIOR_NORM = 77.2;
export const BOLTON_OVERALL_NORM = 91.3;

export interface BoltonRatio {
  /** Lower sum / upper sum, percent. */
  ratioPercent: number;
  normPercent: number;
  upperSumMm: number;
  lowerSumMm: number;
  /** Which arch has too much tooth material against the norm, and how much (mm). */
  excessArch: 'upper' | 'lower' | 'none';
  excessMm: number;
}

export interface BoltonAnalysis {
  /** Canine to canine (3-3); null when a tooth of the twelve is missing. */
  anterior: BoltonRatio | null;
  /** First molar to first molar (6-6); null when a tooth of the twenty-four is missing. */
  overall: BoltonRatio | null;
}

const QUADRANTS = { upper: [1, 2], lower: [4, 3] } as const;

function sumOf(widths: ReadonlyMap<number, number>, quadrants: readonly number[], upTo: number): number | null {
  let sum = 0;
  for (const q of quadrants) {
    for (let p = 1; p <= upTo; p++) {
      const w = widths.get(q * 10 + p);
      if (w === undefined || !Number.isFinite(w)) return null;
      sum += w;
    }
  }
  return sum;
}

function ratio(widths: ReadonlyMap<number, number>, upTo: number, norm: number): BoltonRatio | null {
  const upper = sumOf(widths, QUADRANTS.upper, upTo);
  const lower = sumOf(widths, QUADRANTS.lower, upTo);
  if (upper === null || lower === null || !(upper > 0)) return null;
  const ratioPercent = (100 * lower) / upper;
  // Excess is the material to remove from one arch for its sum to meet the norm.
  const lowerExcess = lower - (upper * norm) / 100;
  const upperExcess = upper - (lower * 100) / norm;
  const excessArch = Math.abs(lowerExcess) < 1e-9 ? 'none' : lowerExcess > 0 ? 'lower' : 'upper';
  return {
    ratioPercent, normPercent: norm, upperSumMm: upper, lowerSumMm: lower, excessArch,
    excessMm: excessArch === 'lower' ? lowerExcess : excessArch === 'upper' ? upperExcess : 0,
  };
}

/** Bolton's anterior (3-3) and overall (6-6) ratios from mesial-distal widths (mm) by FDI. */
export function boltonAnalysis(widths: ReadonlyMap<number, number>): BoltonAnalysis {
  return { anterior: ratio(widths, 3, BOLTON_ANTERIOR_NORM), overall: ratio(widths, 6, BOLTON_OVERALL_NORM) };
}

/** IPR amounts are proposed in these steps (mm), as a strip or disc removes them. */
export const IPR_STEP_MM = 0.1;

const roundUpToStep = (mm: number): number => Math.ceil(mm / IPR_STEP_MM - 1e-6) * IPR_STEP_MM;

export interface IprContact {
  /** The two teeth, mesial first. */
  mesial: number;
  distal: number;
}

/**
 * Shares out IPR to gain `shortRightMm` and `shortLeftMm` of arch length on the two sides:
 * the midline contact first (it helps both sides, half each), then each side's contacts
 * from the midline outward (anterior contacts first), each at most `maxPerContactMm`, in
 * 0.1 mm steps (rounded up, so a little space may be left). Returns mm per contact key
 * `${mesial}-${distal}`; contacts not listed get none.
 */
export function allocateIpr(
  shortRightMm: number, shortLeftMm: number,
  midline: IprContact | null, right: IprContact[], left: IprContact[], maxPerContactMm: number,
): Map<string, number> {
  const out = new Map<string, number>();
  const max = Math.floor(maxPerContactMm / IPR_STEP_MM + 1e-6) * IPR_STEP_MM;
  if (!(max > 0)) return out;
  let r = Math.max(0, shortRightMm), l = Math.max(0, shortLeftMm);
  if (midline && r > 1e-6 && l > 1e-6) {
    const amount = Math.min(max, roundUpToStep(2 * Math.min(r, l)));
    out.set(`${midline.mesial}-${midline.distal}`, amount);
    r -= amount / 2; l -= amount / 2;
  }
  const side = (need: number, contacts: IprContact[]) => {
    for (const c of contacts) {
      if (need <= 1e-6) break;
      const amount = Math.min(max, roundUpToStep(need));
      out.set(`${c.mesial}-${c.distal}`, amount);
      need -= amount;
    }
  };
  side(r, right);
  side(l, left);
  return out;
}

/** Anterior contacts first: ordered by the position of the mesial tooth. */
export function byAnteriorFirst(contacts: IprContact[]): IprContact[] {
  return [...contacts].sort((a, b) => positionOf(a.mesial) - positionOf(b.mesial));
}
