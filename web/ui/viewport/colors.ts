// The viewport's palette, in sRGB 0..1. Teeth get a faint per-tooth tint so neighbours
// stay distinguishable without looking like a colour chart.
import { archOrder, jawOf } from '../../core/fdi.ts';

export type Rgb = [number, number, number];

export const GINGIVA: Rgb = [0.85, 0.47, 0.49];
/** Unsegmented scans: one stone-like colour, like a plaster model. */
export const STONE: Rgb = [0.9, 0.87, 0.8];
export const SELECTED_TOOTH: Rgb = [0.42, 0.8, 0.76];

// Three ivories differing a little in lightness and warmth; adjacent teeth never share one.
const IVORIES: Rgb[] = [
  [0.96, 0.93, 0.86],
  [0.91, 0.89, 0.83],
  [0.95, 0.9, 0.8],
];

export function toothTint(fdi: number): Rgb {
  const index = archOrder(jawOf(fdi)).indexOf(fdi);
  return IVORIES[Math.max(0, index) % IVORIES.length];
}

export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}
