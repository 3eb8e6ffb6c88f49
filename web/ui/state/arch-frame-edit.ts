// The planner's edits of an arch frame the scan estimate got wrong: turn the occlusal
// normal over (the crowns were taken for the base), or turn the anterior direction about
// it in small steps (the midline was off). Each edit returns a new frame; the
// segmentation is then run again on it.
import type { Jaw } from '../../core/types.ts';
import { leftFor } from '../../geometry/segmentation/index.ts';
import type { ArchFrame, Vec3 } from '../../geometry/segmentation/index.ts';

/** One press of the rotate control turns the anterior direction by this much (degrees). */
export const ANTERIOR_STEP_DEG = 5;

/**
 * Turns the occlusal normal over. The estimate derived the triangle winding from the same
 * sign, so it flips with it; left follows (it depends on which side is superior).
 */
export function flipOcclusal(frame: ArchFrame, jaw: Jaw): ArchFrame {
  const occlusal = neg(frame.occlusal);
  return { ...frame, occlusal, left: leftFor(occlusal, frame.anterior, jaw), inwardNormals: !frame.inwardNormals };
}

/** Rotates the anterior direction about the occlusal normal by `deg` (counter-clockwise seen from the crowns). */
export function rotateAnterior(frame: ArchFrame, deg: number, jaw: Jaw): ArchFrame {
  const a = (deg * Math.PI) / 180;
  const n = frame.occlusal;
  const v = frame.anterior;
  // Rodrigues' rotation; v is perpendicular to n, so the n(n.v) term vanishes.
  const nxv = cross(n, v);
  const anterior = normalise([
    v[0] * Math.cos(a) + nxv[0] * Math.sin(a),
    v[1] * Math.cos(a) + nxv[1] * Math.sin(a),
    v[2] * Math.cos(a) + nxv[2] * Math.sin(a),
  ]);
  return { ...frame, anterior, left: leftFor(frame.occlusal, anterior, jaw) };
}

/** Angle between two frames' anterior directions, degrees (for the control's readout). */
export function anteriorTurnDeg(from: ArchFrame, to: ArchFrame): number {
  const c = dot(from.anterior, to.anterior);
  const s = dot(from.occlusal, cross(from.anterior, to.anterior));
  return (Math.atan2(s, c) * 180) / Math.PI;
}

const neg = (a: Vec3): Vec3 => [-a[0], -a[1], -a[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
function normalise(a: Vec3): Vec3 {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
}
