// The frame an auto-setup works in for one arch: the occlusal plane through the crown
// centroids, its normal towards the crown tips, the midline halfway between the molars and
// the anterior direction square to the molar line. Both arches of a patient share the
// midline and the anterior direction (taken from the upper when it is there), so that
// midlines line up and overjet reads along one axis.
import { positionOf, isRightSide } from '../../core/fdi.ts';
import type { ToothAxes } from '../tooth-axes.ts';
import { fitPlane } from '../segmentation/crown-tops.ts';
import { add, cross, dot, orthogonalize, scale, sub, unitOrZero, type Vec3 } from '../segmentation/vec.ts';

export interface PlanFrame {
  /** On the centroid plane, on the midline (mm, scan frame). */
  origin: Vec3;
  /** Patient's left and anterior, in the plane; occlusal: the plane normal towards the crown tips. */
  left: Vec3;
  anterior: Vec3;
  occlusal: Vec3;
}

export const toPlan = (f: PlanFrame, p: Vec3): Vec3 => {
  const r = sub(p, f.origin);
  return [dot(r, f.left), dot(r, f.anterior), dot(r, f.occlusal)];
};

export const fromPlan = (f: PlanFrame, x: number, y: number, z: number): Vec3 =>
  add(f.origin, add(add(scale(f.left, x), scale(f.anterior, y)), scale(f.occlusal, z)));

/** A scan-frame direction from plan components (no origin). */
export const planDirection = (f: PlanFrame, x: number, y: number, z: number): Vec3 =>
  add(add(scale(f.left, x), scale(f.anterior, y)), scale(f.occlusal, z));

/** The most mesial tooth position present on both sides among `positions`, and the pair. */
export function bilateralPair(teeth: ToothAxes[], positions: number[]): [ToothAxes, ToothAxes] | null {
  for (const p of positions) {
    const right = teeth.find((t) => positionOf(t.fdi) === p && isRightSide(t.fdi));
    const left = teeth.find((t) => positionOf(t.fdi) === p && !isRightSide(t.fdi));
    if (right && left) return [right, left];
  }
  return null;
}

function occlusalOf(teeth: ToothAxes[]): Vec3 {
  const mean = unitOrZero(teeth.reduce<Vec3>((s, t) => add(s, t.occlusal), [0, 0, 0]));
  if (teeth.length < 3) return mean;
  const n = fitPlane(teeth.map((t) => t.origin)).normal;
  return dot(n, mean) >= 0 ? n : scale(n, -1);
}

/**
 * The plan frame of one arch. With `reference` (the other arch's frame) the midline and the
 * anterior direction are taken from it, laid into this arch's own occlusal plane.
 */
export function planFrame(teeth: ToothAxes[], reference?: PlanFrame): PlanFrame {
  if (teeth.length < 2) throw new Error('auto-setup: an arch needs at least two teeth');
  const occlusal = occlusalOf(teeth);
  const centroid = scale(teeth.reduce<Vec3>((s, t) => add(s, t.origin), [0, 0, 0]), 1 / teeth.length);
  const onPlane = (p: Vec3): Vec3 => sub(p, scale(occlusal, dot(sub(p, centroid), occlusal)));
  if (reference) {
    const left = orthogonalize(reference.left, occlusal);
    const anterior = unitOrZero(cross(occlusal, left));
    const signed = dot(anterior, reference.anterior) >= 0 ? anterior : scale(anterior, -1);
    return { origin: onPlane(reference.origin), left, anterior: signed, occlusal };
  }
  const anchors = bilateralPair(teeth, [6, 7, 5, 4, 8, 3, 2, 1]);
  const right = anchors ? anchors[0].origin : teeth.filter((t) => isRightSide(t.fdi)).map((t) => t.origin)[0] ?? centroid;
  const leftPt = anchors ? anchors[1].origin : teeth.filter((t) => !isRightSide(t.fdi)).map((t) => t.origin)[0] ?? centroid;
  const left = orthogonalize(sub(leftPt, right), occlusal);
  let anterior = unitOrZero(cross(occlusal, left));
  // Incisors lie ahead of the molars.
  const front = teeth.filter((t) => positionOf(t.fdi) <= 2);
  const ahead = front.length ? scale(front.reduce<Vec3>((s, t) => add(s, t.origin), [0, 0, 0]), 1 / front.length) : centroid;
  const mid = scale(add(right, leftPt), 0.5);
  if (dot(sub(ahead, mid), anterior) < 0) anterior = scale(anterior, -1);
  return { origin: onPlane(mid), left, anterior, occlusal };
}

/** Part of the width mesial of the centroid, from the contact points when the scan has them. */
export function mesialHalf(t: ToothAxes): number {
  const w = t.widthMm;
  let h = w / 2;
  if (t.contactMesial) h = dot(sub(t.contactMesial, t.origin), t.mesial);
  else if (t.contactDistal) h = w - dot(sub(t.origin, t.contactDistal), t.mesial);
  return Math.min(0.65 * w, Math.max(0.35 * w, h));
}

/**
 * The dental midline as the scan has it: where the centrals' mesial contacts meet (one
 * central's alone when the other is missing), across the plan frame (mm, + patient's left);
 * null without a central.
 */
export function dentalMidlineX(teeth: readonly ToothAxes[], frame: PlanFrame): number | null {
  const centrals = teeth.filter((t) => positionOf(t.fdi) === 1);
  if (centrals.length === 0) return null;
  return centrals.reduce((s, t) => s + toPlan(frame, add(t.origin, scale(t.mesial, mesialHalf(t))))[0], 0) / centrals.length;
}

/** Both arches' dental midlines as scanned, across the frames auto-setup plans in (the upper's midline shared). */
export function scanMidlines(arches: { upper?: ToothAxes[]; lower?: ToothAxes[] }): { upper?: number | null; lower?: number | null } {
  const out: { upper?: number | null; lower?: number | null } = {};
  const reference = arches.upper && arches.upper.length >= 2 ? planFrame(arches.upper) : arches.lower && arches.lower.length >= 2 ? planFrame(arches.lower) : null;
  if (!reference) return out;
  if (arches.upper && arches.upper.length >= 2) out.upper = dentalMidlineX(arches.upper, reference);
  if (arches.lower && arches.lower.length >= 2) out.lower = dentalMidlineX(arches.lower, arches.upper ? planFrame(arches.lower, reference) : reference);
  return out;
}
