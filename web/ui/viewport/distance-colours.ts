// Per-vertex colours for the plan's distance colourings. Pure, so the bands can be tested
// in Node. Distances are signed mm: negative where teeth overlap (inside the other one).
import type { Rgb } from './colors.ts';

export type DistanceMode = 'overlap' | 'occlusion';

export interface LegendBand { label: string; rgb: Rgb }

// The clinical contact map planners know from occlusion software: red is a hard contact,
// yellow a light one, green to blue increasingly open. Beyond 1 mm there is no contact to show.
const OCCLUSION: { below: number; rgb: Rgb; label: string }[] = [
  { below: -0.3, rgb: [0.62, 0.05, 0.08], label: '≤ −0.3 mm' },
  { below: 0, rgb: [0.93, 0.33, 0.16], label: '−0.3–0 mm' },
  { below: 0.1, rgb: [0.98, 0.84, 0.2], label: '0–0.1 mm' },
  { below: 0.3, rgb: [0.3, 0.74, 0.35], label: '0.1–0.3 mm' },
  { below: 0.6, rgb: [0.27, 0.78, 0.86], label: '0.3–0.6 mm' },
  { below: 1, rgb: [0.2, 0.4, 0.9], label: '0.6–1 mm' },
];

const OVERLAP_LIGHT: Rgb = [0.95, 0.35, 0.3];
const OVERLAP_DARK: Rgb = [0.45, 0.02, 0.05];
/** Depth at which the overlap colour is darkest; deeper overlaps look the same. */
const OVERLAP_FULL_MM = 0.5;
/**
 * The overlapping vertices sit inside the neighbour, hidden by its surface; what a planner
 * sees from outside is the rim around them. Vertices this close (mm) to the neighbour are
 * shaded amber, fading into the tooth's tint, so the collision shows on the visible surface.
 */
const OVERLAP_NEAR_MM = 0.3;
const OVERLAP_NEAR: Rgb = [0.98, 0.7, 0.25];
/**
 * Only teeth in a collision at the shown stage are measured (finite distances); the rest of
 * such a tooth gets this much of the amber, so the colliding teeth stand out at a glance.
 */
const COLLIDING_TOOTH_AMBER = 0.3;

/** The colour of a vertex at signed distance `d` (mm); `tint` where nothing is shown (NaN, far, or no overlap). */
export function distanceColour(d: number, mode: DistanceMode, tint: Rgb): Rgb {
  if (Number.isNaN(d)) return tint;
  if (mode === 'overlap') {
    if (!Number.isFinite(d)) return tint;
    if (d >= 0) {
      const f = Math.min(1, d / OVERLAP_NEAR_MM) * (1 - COLLIDING_TOOTH_AMBER);
      return [0, 1, 2].map((i) => OVERLAP_NEAR[i] + (tint[i] - OVERLAP_NEAR[i]) * f) as Rgb;
    }
    const f = Math.min(1, -d / OVERLAP_FULL_MM);
    return [0, 1, 2].map((i) => OVERLAP_LIGHT[i] + (OVERLAP_DARK[i] - OVERLAP_LIGHT[i]) * f) as Rgb;
  }
  // The deepest band includes its bound (-0.3 mm is already deep); the others end below theirs.
  if (d <= OCCLUSION[0].below) return OCCLUSION[0].rgb;
  for (const band of OCCLUSION) if (d < band.below) return band.rgb;
  return tint;
}

/** What the legend lists for a mode, deepest first. */
export function legendBands(mode: DistanceMode): LegendBand[] {
  if (mode === 'overlap') {
    return [
      { label: 'deep overlap', rgb: OVERLAP_DARK },
      { label: 'overlap', rgb: OVERLAP_LIGHT },
      { label: `within ${OVERLAP_NEAR_MM} mm of it`, rgb: OVERLAP_NEAR },
      { label: 'tooth in a collision', rgb: [0.9, 0.82, 0.66] },
    ];
  }
  return OCCLUSION.map((b) => ({ label: b.label, rgb: b.rgb }));
}
