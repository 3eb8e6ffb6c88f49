// Laying an arch's movable teeth along its form, from the midline outward on each side:
// each crown's chord is its width less half the IPR at each of its contacts, kept spaces sit
// in front of the teeth they are kept for, and a lone central can stand across the midline.
import type { ToothAxes } from '../tooth-axes.ts';
import type { IprContact } from './analysis.ts';
import { walkChord, type ArchFormCurve } from './arch-form.ts';

export interface Side {
  right: boolean;
  /** Movable teeth, mesial first. */
  teeth: ToothAxes[];
  /** Arc length of the mesial contact of the first fixed tooth on this side; null without one. */
  anchor: number | null;
  anchorTooth: ToothAxes | null;
}

/** Space kept in front of each tooth (FDI) for missing teeth, mm. */
export type KeptGaps = ReadonlyMap<number, number>;

export const contactKey = (c: IprContact): string => `${c.mesial}-${c.distal}`;

export interface Layout {
  sEnd: [number, number];
  /** Unsigned arc length of each laid tooth's mesial and distal ends on its side (a central straddling the midline starts below 0). */
  starts: Map<number, number>;
  ends: Map<number, number>;
}

/**
 * Lays each side's movable teeth along the form from the midline, kept gaps in front of the
 * teeth they are kept for. `straddle`: a central left alone by a closed missing central, set
 * across the midline (the dental midline at its middle, never drifted into the gap).
 */
export function layout(
  form: ArchFormCurve, sides: Side[], ipr: Map<string, number>, midline: IprContact | null,
  widthOf: (t: ToothAxes) => number, kept: KeptGaps, straddle: number | null,
): Layout {
  const starts = new Map<number, number>(), ends = new Map<number, number>();
  const sEnd: [number, number] = [0, 0];
  const across = sides.findIndex((sd) => straddle !== null && sd.teeth[0]?.fdi === straddle);
  let otherStart = 0;
  for (const k of across === 1 ? [1, 0] : [0, 1]) {
    const side = sides[k];
    let s = k === across ? -widthOf(side.teeth[0]) / 2 : otherStart;
    side.teeth.forEach((t, i) => {
      const mesialIpr = i === 0 ? (midline ? ipr.get(contactKey(midline)) ?? 0 : 0) : ipr.get(`${side.teeth[i - 1].fdi}-${t.fdi}`) ?? 0;
      const next = side.teeth[i + 1] ?? side.anchorTooth;
      const distalIpr = next ? ipr.get(`${t.fdi}-${next.fdi}`) ?? 0 : 0;
      const w = Math.max(1, widthOf(t) - mesialIpr / 2 - distalIpr / 2);
      s += kept.get(t.fdi) ?? 0;
      starts.set(t.fdi, s);
      s = walkChord(form, s, w);
      ends.set(t.fdi, s);
    });
    if (side.anchorTooth) s += kept.get(side.anchorTooth.fdi) ?? 0;
    sEnd[k] = s;
    if (k === across) otherStart = widthOf(side.teeth[0]) / 2;
  }
  return { sEnd, starts, ends };
}

