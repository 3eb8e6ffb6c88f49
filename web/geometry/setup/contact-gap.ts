// How far apart two posed crowns are along a direction, from their vertices: both are
// binned on the plane across the direction and compared cell by cell (the same measure the
// demo generator uses to put its teeth in contact). Negative = overlap depth. The auto-setup
// uses it to settle each contact once the crowns are turned to their targets, since the
// mesial-distal widths alone cannot tell how a tipped or rotated crown meets its neighbour.
import { cross, dot, unitOrZero, type Vec3 } from '../segmentation/vec.ts';

const CELL_MM = 0.4;

/** Gap (mm) that `b` has in front of `a` along unit `u` (a to b), with `up` any direction not along u. */
export function contactGap(a: Float32Array | number[], b: Float32Array | number[], u: Vec3, up: Vec3): number {
  const w1 = unitOrZero(cross(u, up));
  const w2 = cross(w1, u);
  const keyOf = (p: Vec3) => (Math.floor(dot(p, w1) / CELL_MM) + 1e5) * 1e6 + Math.floor(dot(p, w2) / CELL_MM) + 1e5;
  const reach = new Map<number, number>();
  for (let i = 0; i < a.length; i += 3) {
    const p: Vec3 = [a[i], a[i + 1], a[i + 2]];
    const k = keyOf(p), d = dot(p, u);
    const r = reach.get(k);
    if (r === undefined || d > r) reach.set(k, d);
  }
  let gap = Infinity;
  for (let i = 0; i < b.length; i += 3) {
    const p: Vec3 = [b[i], b[i + 1], b[i + 2]];
    const r = reach.get(keyOf(p));
    if (r !== undefined) gap = Math.min(gap, dot(p, u) - r);
  }
  return gap;
}
