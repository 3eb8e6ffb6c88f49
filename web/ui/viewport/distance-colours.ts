// Per-vertex colours for the plan's distance colourings. Pure, so the bands can be tested
// in Node. Distances are signed mm: negative where teeth overlap (inside the other one).
import { toothTint, type Rgb } from './colors.ts';

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
 * The overlapping vertices sit inside the neighbour, hidden by its surface, and on a crown a
 * few tenths of a millimetre across are only a handful of vertices; what a planner sees from
 * outside is the surface around them. Vertices this close (mm) to the neighbour (the whole
 * search distance of the overlap map) are shaded amber, full at the contact and fading
 * outwards, so the collision shows as a patch on the visible surface.
 */
const OVERLAP_NEAR_MM = 0.5;
const OVERLAP_NEAR: Rgb = [0.98, 0.68, 0.15];
/** The near band stays full amber up to this fraction of it, then fades. */
const OVERLAP_NEAR_SOLID = 0.5;
/**
 * Only teeth in a collision at the shown stage are measured (finite distances); the rest of
 * such a tooth gets this much of the amber, so the colliding teeth stand out at a glance.
 */
const COLLIDING_TOOTH_AMBER = 0.4;

const mix = (a: Rgb, b: Rgb, f: number): Rgb => [0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * f) as Rgb;

/** The colour of a vertex at signed distance `d` (mm); `tint` where nothing is shown (NaN, far, or no overlap). */
export function distanceColour(d: number, mode: DistanceMode, tint: Rgb): Rgb {
  if (Number.isNaN(d)) return tint;
  if (mode === 'overlap') {
    if (!Number.isFinite(d)) return tint;
    if (d >= 0) {
      const colliding = mix(tint, OVERLAP_NEAR, COLLIDING_TOOTH_AMBER);
      const f = Math.min(1, Math.max(0, (d / OVERLAP_NEAR_MM - OVERLAP_NEAR_SOLID) / (1 - OVERLAP_NEAR_SOLID)));
      return mix(OVERLAP_NEAR, colliding, f);
    }
    return mix(OVERLAP_LIGHT, OVERLAP_DARK, Math.min(1, -d / OVERLAP_FULL_MM));
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
      { label: 'tooth in a collision', rgb: mix(toothTint(11), OVERLAP_NEAR, COLLIDING_TOOTH_AMBER) },
    ];
  }
  return OCCLUSION.map((b) => ({ label: b.label, rgb: b.rgb }));
}
