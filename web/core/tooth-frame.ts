// A minimal tooth frame, good enough to stage and to name movements (issue 4 refines it):
// origin at the crown centroid, occlusal along the arch's occlusal direction, buccal
// pointing away from the arch centre, mesial along the arch towards the midline.
import { isFdi, isRightSide, jawOf } from './fdi.ts';
import { cross, dot, scale, sub, unitOrThrow, type Vec3 } from './pose.ts';

export interface ToothFrame {
  /** Crown centroid in the scan frame, mm; also the centre the tooth turns about. */
  origin: Vec3;
  /** Unit axes in the scan frame, mutually orthogonal. Mirror images left vs right. */
  mesial: Vec3;
  buccal: Vec3;
  /** From the root towards the crown tip (the direction of extrusion). */
  occlusal: Vec3;
}

/** What a tooth frame needs to know about its arch. */
export interface ArchGuide {
  /** A point inside the arch, roughly its centre, scan frame mm. */
  centre: Vec3;
  /** Direction the crowns of this arch point (towards the occlusal plane). */
  occlusal: Vec3;
}

export class ToothFrameError extends Error {
  override name = 'ToothFrameError';
}

/**
 * Area-weighted centroid of a crown surface; the vertex mean when the surface has no area.
 * Area weighting keeps the centroid where the crown is, not where the scanner sampled densely.
 */
export function crownCentroid(positions: Float32Array, indices: Uint32Array): Vec3 {
  const c: Vec3 = [0, 0, 0];
  let total = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t] * 3, b = indices[t + 1] * 3, d = indices[t + 2] * 3;
    const e1: Vec3 = [positions[b] - positions[a], positions[b + 1] - positions[a + 1], positions[b + 2] - positions[a + 2]];
    const e2: Vec3 = [positions[d] - positions[a], positions[d + 1] - positions[a + 1], positions[d + 2] - positions[a + 2]];
    const n = cross(e1, e2);
    const area = Math.hypot(n[0], n[1], n[2]) / 2;
    for (let k = 0; k < 3; k++) c[k] += (area * (positions[a + k] + positions[b + k] + positions[d + k])) / 3;
    total += area;
  }
  if (total > 0) return scale(c, 1 / total);
  const n = positions.length / 3;
  if (n === 0) throw new ToothFrameError('crown has no vertices');
  const m: Vec3 = [0, 0, 0];
  for (let i = 0; i < positions.length; i += 3) for (let k = 0; k < 3; k++) m[k] += positions[i + k];
  return scale(m, 1 / n);
}

/** Which way is mesial for a tooth, given its buccal and occlusal axes (right-handed scan frame). */
function mesialAxis(fdi: number, buccal: Vec3, occlusal: Vec3): Vec3 {
  // Upper right and lower left: mesial = buccal x occlusal; the other two are mirror images.
  const upper = jawOf(fdi) === 'upper';
  const right = isRightSide(fdi);
  return upper === right ? cross(buccal, occlusal) : cross(occlusal, buccal);
}

export function toothFrame(fdi: number, crown: { positions: Float32Array; indices: Uint32Array }, arch: ArchGuide): ToothFrame {
  if (!isFdi(fdi)) throw new ToothFrameError(`not an FDI tooth number: ${fdi}`);
  if (crown.positions.length === 0) throw new ToothFrameError(`tooth ${fdi}: crown has no vertices`);
  if (!crown.positions.every(Number.isFinite)) throw new ToothFrameError(`tooth ${fdi}: crown has non-finite coordinates`);
  const origin = crownCentroid(crown.positions, crown.indices);
  let occlusal: Vec3;
  try {
    occlusal = unitOrThrow(arch.occlusal);
  } catch {
    throw new ToothFrameError(`tooth ${fdi}: the arch occlusal direction is zero or not finite`);
  }
  const radial = sub(origin, arch.centre);
  const inPlane = sub(radial, scale(occlusal, dot(radial, occlusal)));
  if (!(Math.hypot(...inPlane) > 1e-6)) {
    throw new ToothFrameError(`tooth ${fdi}: crown centroid lies on the arch centre line, buccal is undefined`);
  }
  const buccal = unitOrThrow(inPlane);
  const mesial = unitOrThrow(mesialAxis(fdi, buccal, occlusal));
  return { origin, mesial, buccal, occlusal };
}

/**
 * A rough arch guide from the crowns of one jaw: centre = mean of crown centroids. The
 * occlusal direction must come from the caller (scan orientation or the arch frame):
 * a crown alone does not say which way is up.
 */
export function archGuide(crownCentroids: Vec3[], occlusal: Vec3): ArchGuide {
  if (crownCentroids.length === 0) throw new ToothFrameError('an arch guide needs at least one crown');
  const c: Vec3 = [0, 0, 0];
  for (const p of crownCentroids) for (let k = 0; k < 3; k++) c[k] += p[k] / crownCentroids.length;
  return { centre: c, occlusal: unitOrThrow(occlusal) };
}
