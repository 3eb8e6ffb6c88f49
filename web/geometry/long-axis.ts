// A crown's long axis from two readings that fail differently, and the arch:
//  - the gum line: the normal of the plane through the crown's margin. Precise where the
//    margin follows the neck of the tooth (the cervical line is close to perpendicular to
//    the long axis on every tooth type), but a scan's margin is often not the neck: palatal
//    gum sits far up the cingulum of upper anterior teeth, molar margins are ragged, a
//    label cut runs across a crown. Such a margin tilts its plane by 10-30 degrees;
//  - the crown's own shape: the axis the mesial and distal walls turn about. The proximal
//    walls taper towards the neck alike on both sides and are never hidden by gum, so
//    their normals lie close to a plane square to the long axis: the axis is the direction
//    least along them (the smallest eigenvector of their normals' scatter). It needs no
//    margin, but cusps, a rhomboid molar outline or a canine's tilted cusp ridges turn it
//    by up to ~10 degrees, so it is coarse;
//  - the arch's occlusal direction: the prior both are kept near.
// The margin normal is kept where the shape allows it (within a tolerance per tooth type,
// the shape reading's own spread on crowns with known axes) and pulled to the edge of that
// tolerance where it is not: a good margin is never moved, a bad one cannot go far.
import type { ToothType } from '../core/fdi.ts';
import { fitPlane } from './segmentation/crown-tops.ts';
import { add, dot, orthogonalize, scale, symmetricEigen3, unitOrZero, type Vec3 } from './segmentation/vec.ts';

const DEG = Math.PI / 180;

/** The long axis may lean at most this much from the arch's occlusal direction. */
export const MAX_LONG_AXIS_TILT_DEG = 30;

/**
 * How far (degrees) the margin normal may be from the proximal-wall axis, by tooth type: the
 * proximal-wall axis's largest error on generated crowns of known axes (raw scans and the
 * demo, both jaws; rotated and tipped teeth included) plus about 1.5 degrees. Incisor walls
 * are nearly flat and symmetric (4.5 degrees at worst, on crowded incisors turned 30), a canine's turn with its cusp ridges
 * (9.6), premolars' (4.2) and molars' (7.1) with their outline and cusps.
 */
export const SHAPE_TOLERANCE_DEG: Record<ToothType, number> = { incisor: 6, canine: 11, premolar: 6, molar: 9 };

/** Walls: faces whose normal is within this of square to the axis (the occlusal cap left out). */
const WALL_MAX_DEG = 50;
/** Proximal: faces whose normal is within this of the mesial-distal direction. */
const PROXIMAL_MAX_DEG = 52;
/** Below this area (mm^2) the proximal walls are too little of the crown to read an axis from. */
const MIN_PROXIMAL_AREA = 4;
/**
 * The axis must stand out: its eigenvalue at most this fraction of the next one, else the
 * walls are too flat or too few in one direction and the reading is left out.
 */
const MAX_EIGEN_RATIO = 0.5;

/** Triangles of one crown as its mesh gives them: scan positions and indices into them. */
export interface CrownSurfaceRef {
  positions: Float32Array;
  indices: Uint32Array;
  faces: readonly number[];
}

/** The normal of the plane through the margin points, on the side of `towards`; null with too few points. */
export function marginNormal(points: Vec3[], towards: Vec3): Vec3 | null {
  if (points.length < 8) return null;
  const n = fitPlane(points).normal;
  return dot(n, towards) < 0 ? scale(n, -1) : n;
}

/**
 * The axis the crown's mesial and distal walls turn about, on the side of `towards`
 * (`mesial` and `towards`: the arch's rough directions at the tooth), or null when the walls
 * do not fix one.
 */
export function proximalWallAxis(crown: CrownSurfaceRef, mesial: Vec3, towards: Vec3): Vec3 | null {
  // The arch's direction picks the proximal walls of a tooth in line; a rotated tooth's own
  // mesial-distal direction (the normals' main direction) picks them again.
  const first = wallScatter(crown, mesial, towards);
  if (!first) return null;
  const own = wallScatter(crown, first.vectors[2], towards) ?? first;
  if (own.values[0] > MAX_EIGEN_RATIO * own.values[1]) return null;
  const axis = dot(own.vectors[0], towards) < 0 ? scale(own.vectors[0], -1) : own.vectors[0];
  // Flat walls leave the axis free to lie across the crown: no reading rather than a wrong one.
  return dot(axis, towards) >= Math.cos(MAX_LONG_AXIS_TILT_DEG * DEG) ? axis : null;
}

/** Eigen-decomposition of the proximal wall normals' area-weighted scatter; null with too little wall. */
function wallScatter(crown: CrownSurfaceRef, mesial: Vec3, towards: Vec3): ReturnType<typeof symmetricEigen3> | null {
  const P = crown.positions, I = crown.indices;
  const wallCos = Math.cos(WALL_MAX_DEG * DEG), proximalCos = Math.cos(PROXIMAL_MAX_DEG * DEG);
  const m = new Float64Array(9);
  let area = 0;
  for (const f of crown.faces) {
    const a = 3 * I[3 * f], b = 3 * I[3 * f + 1], c = 3 * I[3 * f + 2];
    const ux = P[b] - P[a], uy = P[b + 1] - P[a + 1], uz = P[b + 2] - P[a + 2];
    const vx = P[c] - P[a], vy = P[c + 1] - P[a + 1], vz = P[c + 2] - P[a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const twice = Math.hypot(nx, ny, nz);
    if (twice === 0) continue;
    const x = nx / twice, y = ny / twice, z = nz / twice;
    if (Math.abs(x * towards[0] + y * towards[1] + z * towards[2]) > wallCos) continue;
    if (Math.abs(x * mesial[0] + y * mesial[1] + z * mesial[2]) < proximalCos) continue;
    const w = twice / 2;
    area += w;
    m[0] += w * x * x; m[1] += w * x * y; m[2] += w * x * z;
    m[4] += w * y * y; m[5] += w * y * z; m[8] += w * z * z;
  }
  if (area < MIN_PROXIMAL_AREA) return null;
  m[3] = m[1]; m[6] = m[2]; m[7] = m[5];
  return symmetricEigen3(m);
}

/** `v` turned towards `centre` until it is at most `maxDeg` from it (unchanged when it already is). */
export function withinCone(v: Vec3, centre: Vec3, maxDeg: number): Vec3 {
  const angle = Math.acos(Math.max(-1, Math.min(1, dot(v, centre))));
  const max = maxDeg * DEG;
  if (angle <= max) return v;
  const side = orthogonalize(v, centre);
  return unitOrZero(add(scale(centre, Math.cos(max)), scale(side, Math.sin(max))));
}

/**
 * The long axis from the margin normal and the proximal-wall axis (either may be null), kept
 * within the tooth type's tolerance of the wall axis and within MAX_LONG_AXIS_TILT_DEG of
 * the arch's occlusal direction.
 */
export function fuseLongAxis(margin: Vec3 | null, walls: Vec3 | null, type: ToothType, archOcclusal: Vec3): Vec3 {
  let axis = margin ?? walls ?? archOcclusal;
  if (margin && walls) axis = withinCone(margin, walls, SHAPE_TOLERANCE_DEG[type]);
  return withinCone(axis, archOcclusal, MAX_LONG_AXIS_TILT_DEG);
}
