// Where a moved tooth points: derotated (its mesial axis along the arch), levelled (long
// axis from the occlusal plane normal) and with its crown angulation (tip) and inclination
// (torque) brought towards simple norms. The pose that takes the crown there follows.
import { positionOf } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import { quatFromMatrix, rotateVector, type Pose } from '../../core/pose.ts';
import type { ToothAxes } from '../tooth-axes.ts';
import type { ArchSetup, Placement } from './arch-setup.ts';
import { fromPlan, planDirection } from './plan-frame.ts';
import { add, cross, dot, scale, sub, unitOrZero, type Vec3 } from '../segmentation/vec.ts';

/**
 * Long-axis norms, degrees, central incisor to third molar: tip + = crown tipped mesially,
 * torque + = crown inclined buccally (core/pose.ts signs), read against the occlusal plane
 * normal. Typical long-axis values (the demo case is built on the same table); modest on
 * purpose: a crown scan gives the long axis to a few degrees only.
 */
export const TIP_NORMS: Record<Jaw, number[]> = {
  upper: [5, 9, 10, 3, 3, 5, 5, 5],
  lower: [2, 2, 5, 2, 2, 2, 2, 2],
};
export const TORQUE_NORMS: Record<Jaw, number[]> = {
  upper: [17, 12, 5, 2, 2, 4, 4, 4],
  lower: [6, 4, -2, -8, -12, -15, -18, -18],
};
/**
 * Tip or torque further than this from its norm (degrees) is left as it is and reported:
 * changing it that much moves the root, which aligners deliver poorly, and a crown that far
 * from the norm (the long axes are checked in long-axis.ts against independent readings) is
 * the planner's decision, not a default.
 */
export const MAX_AXIS_CHANGE_DEG = 8;

const DEG = Math.PI / 180;

/** The tooth's current tip and torque against the plane normal `n`, given its target mesial and outward directions. */
export function axisAngles(occlusal: Vec3, n: Vec3, mesial: Vec3, outward: Vec3): { tip: number; torque: number } {
  const up = dot(occlusal, n);
  return { tip: Math.atan2(dot(occlusal, mesial), up) / DEG, torque: Math.atan2(dot(occlusal, outward), up) / DEG };
}

export interface TargetAxes {
  mesial: Vec3;
  buccal: Vec3;
  occlusal: Vec3;
  /** Components left as they are because they were too far from the norm, with the measured angle and the norm (degrees). */
  held: { what: 'tip' | 'torque'; measured: number; norm: number }[];
}

/** Target axes from the in-plane mesial and outward directions and the plane normal. */
export function targetAxes(t: ToothAxes, jaw: Jaw, n: Vec3, mesialIn: Vec3, outward: Vec3, normalise: boolean): TargetAxes {
  const now = axisAngles(t.occlusal, n, mesialIn, outward);
  const p = Math.min(8, positionOf(t.fdi)) - 1;
  const held: TargetAxes['held'] = [];
  const towards = (what: 'tip' | 'torque', current: number, norm: number) => {
    if (!normalise) return current;
    if (Math.abs(norm - current) <= MAX_AXIS_CHANGE_DEG) return norm;
    held.push({ what, measured: current, norm });
    return current;
  };
  const tip = towards('tip', now.tip, TIP_NORMS[jaw][p]);
  const torque = towards('torque', now.torque, TORQUE_NORMS[jaw][p]);
  const occlusal = unitOrZero(add(add(n, scale(mesialIn, Math.tan(tip * DEG))), scale(outward, Math.tan(torque * DEG))));
  const mesial = unitOrZero(sub(mesialIn, scale(occlusal, dot(mesialIn, occlusal))));
  // Same handedness as the tooth's own axes (mirror images across the midline).
  const h = dot(cross(t.mesial, t.buccal), t.occlusal) >= 0 ? 1 : -1;
  const buccal = scale(cross(occlusal, mesial), h);
  return { mesial, buccal, occlusal, held };
}

/** The rigid pose taking the tooth's axes to `target` with its centroid at `origin`. */
export function poseTo(t: ToothAxes, target: TargetAxes, origin: Vec3): Pose {
  // R = [m' b' o'] [m b o]^-1; both bases orthonormal with the same handedness, so the inverse is the transpose.
  const A = [target.mesial, target.buccal, target.occlusal];
  const B = [t.mesial, t.buccal, t.occlusal];
  const m = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) m[r * 3 + c] += A[k][r] * B[k][c];
  const q = quatFromMatrix(m as Parameters<typeof quatFromMatrix>[0]);
  return { t: sub(origin, rotateVector(q, t.origin)), q };
}

/** The target pose of a moved tooth from its placement; `held` collects the tip/torque left as measured. */
export function targetOf(s: ArchSetup, jaw: Jaw, t: ToothAxes, p: Placement, normalise: boolean, held?: string[]): Pose {
  const f = s.frame;
  const mesial = planDirection(f, p.mesial[0], p.mesial[1], 0);
  const outward = planDirection(f, p.outward[0], p.outward[1], 0);
  const axes = targetAxes(t, jaw, f.occlusal, mesial, outward, normalise);
  if (held) for (const h of axes.held) held.push(`${t.fdi} ${h.what} ${Math.round(h.measured)}° (norm ${h.norm}°)`);
  return poseTo(t, axes, fromPlan(f, p.x, p.y, p.z));
}
