// Where an attachment sits on a crown. The FA point (Andrews' facial-axis point) is the
// middle of the facial axis of the clinical crown: on the facial (buccal, labial) surface,
// halfway between the gingival margin and the incisal edge or cusp tip, and centred
// mesio-distally. It is found from the crown's own vertices in the tooth frame, so it is the
// same wherever the scan sits in space. An attachment's place is an offset from it (the
// planner's edit); the point on the surface there, its outward normal and the plane the
// attachment's base lies in (its frame) follow. Pure: meshes in, numbers out.
import type { Mesh } from '../mesh.ts';
import type { ToothFrame } from '../../core/tooth-frame.ts';
import { cross, dot, length, scale, sub, add, type Vec3 } from '../../core/vec.ts';

export type CrownSurface = 'buccal' | 'lingual';

/** A point on the crown's surface with its outward unit normal, scan frame, mm. */
export interface SurfacePoint {
  point: Vec3;
  normal: Vec3;
}

/** An attachment's own frame: origin on the enamel, x mesial, y occlusal, z out of the surface. */
export interface AttachmentFrame {
  origin: Vec3;
  x: Vec3;
  y: Vec3;
  z: Vec3;
}

/** The crown in its tooth frame: per vertex (mesial, occlusal, outward) coordinates, mm. */
interface CrownLocal {
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

function local(crown: Mesh, frame: ToothFrame, surface: CrownSurface): CrownLocal {
  const n = crown.positions.length / 3;
  const out = { x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
  const side = surface === 'buccal' ? 1 : -1;
  for (let i = 0; i < n; i++) {
    const d: Vec3 = [crown.positions[i * 3] - frame.origin[0], crown.positions[i * 3 + 1] - frame.origin[1], crown.positions[i * 3 + 2] - frame.origin[2]];
    out.x[i] = dot(d, frame.mesial);
    out.y[i] = dot(d, frame.occlusal);
    out.z[i] = side * dot(d, frame.buccal);
  }
  return out;
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/**
 * The facial (or lingual) axis of the clinical crown, in tooth-frame coordinates: the
 * mesio-distal middle of that half of the crown and the heights of its gingival margin and
 * its incisal edge or cusp tip (low and high quantiles, so a stray vertex does not move them).
 */
function crownAxis(l: CrownLocal): { x: number; yGingival: number; yIncisal: number } {
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < l.z.length; i++) {
    if (l.z[i] <= 0) continue;
    xs.push(l.x[i]);
    ys.push(l.y[i]);
  }
  if (xs.length < 3) throw new Error('the crown has no surface on that side of its axes');
  return { x: (quantile(xs, 0.05) + quantile(xs, 0.95)) / 2, yGingival: quantile(ys, 0.03), yIncisal: quantile(ys, 0.98) };
}

/**
 * Where a ray from outside, along the outward axis through (x, y) of the tooth frame, meets
 * the crown first: the outermost triangle over (x, y), with the height z there.
 */
function surfaceAt(crown: Mesh, l: CrownLocal, x: number, y: number): { z: number; triangle: number } | null {
  let best: { z: number; triangle: number } | null = null;
  const idx = crown.indices;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t], b = idx[t + 1], c = idx[t + 2];
    const ax = l.x[a], ay = l.y[a], bx = l.x[b], by = l.y[b], cx = l.x[c], cy = l.y[c];
    const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
    if (Math.abs(det) < 1e-12) continue;
    const u = ((by - cy) * (x - cx) + (cx - bx) * (y - cy)) / det;
    const v = ((cy - ay) * (x - cx) + (ax - cx) * (y - cy)) / det;
    if (u < -1e-9 || v < -1e-9 || u + v > 1 + 1e-9) continue;
    const z = u * l.z[a] + v * l.z[b] + (1 - u - v) * l.z[c];
    if (z > 0 && (!best || z > best.z)) best = { z, triangle: t };
  }
  return best;
}

/** Area-weighted normal of the triangles around `p` (within `radius`), pointing to `outward`'s side. */
function normalAround(crown: Mesh, p: Vec3, radius: number, outward: Vec3): Vec3 {
  const { positions: pos, indices } = crown;
  let n: Vec3 = [0, 0, 0];
  const r2 = radius * radius;
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t] * 3, b = indices[t + 1] * 3, c = indices[t + 2] * 3;
    const cx = (pos[a] + pos[b] + pos[c]) / 3 - p[0], cy = (pos[a + 1] + pos[b + 1] + pos[c + 1]) / 3 - p[1], cz = (pos[a + 2] + pos[b + 2] + pos[c + 2]) / 3 - p[2];
    if (cx * cx + cy * cy + cz * cz > r2) continue;
    const u: Vec3 = [pos[b] - pos[a], pos[b + 1] - pos[a + 1], pos[b + 2] - pos[a + 2]];
    const v: Vec3 = [pos[c] - pos[a], pos[c + 1] - pos[a + 1], pos[c + 2] - pos[a + 2]];
    n = add(n, cross(u, v));
  }
  // Which way the triangles wind is the scan's business: the crown's outside is `outward`.
  const len = length(n);
  if (len === 0) return outward;
  const unit = scale(n, 1 / len);
  return dot(unit, outward) < 0 ? scale(unit, -1) : unit;
}

/**
 * The point of the crown's surface at `offset` (mm along the tooth's mesial and occlusal
 * axes) from its FA point, or from the lingual counterpart, with the outward normal there.
 * Throws when the crown has no surface on that side (a fragment, not a crown).
 */
export function crownSurfacePoint(crown: Mesh, frame: ToothFrame, surface: CrownSurface = 'buccal', offset = { mesial: 0, occlusal: 0 }): SurfacePoint {
  const l = local(crown, frame, surface);
  const axis = crownAxis(l);
  const x = axis.x + offset.mesial, y = (axis.yGingival + axis.yIncisal) / 2 + offset.occlusal;
  const hit = surfaceAt(crown, l, x, y);
  if (!hit) throw new Error(`no crown surface ${offset.mesial || offset.occlusal ? 'at that offset from the FA point' : 'at the FA point'} (a hole in the scan, or off the crown)`);
  const outward = surface === 'buccal' ? frame.buccal : scale(frame.buccal, -1);
  const point = add(add(frame.origin, add(scale(frame.mesial, x), scale(frame.occlusal, y))), scale(outward, hit.z));
  return { point, normal: normalAround(crown, point, 1.5, outward) };
}

/** The crown's FA point (surface 'buccal'), or the lingual surface's counterpart. */
export function faPoint(crown: Mesh, frame: ToothFrame, surface: CrownSurface = 'buccal'): SurfacePoint {
  return crownSurfacePoint(crown, frame, surface);
}

/** The frame an attachment is built in: on the surface at its place, z along the normal, y as near occlusal as the surface allows. */
export function attachmentFrame(at: SurfacePoint, frame: ToothFrame): AttachmentFrame {
  const z = at.normal;
  const up = sub(frame.occlusal, scale(z, dot(frame.occlusal, z)));
  const y = length(up) > 1e-6 ? scale(up, 1 / length(up)) : frame.mesial;
  let x = cross(y, z);
  if (dot(x, frame.mesial) < 0) x = scale(x, -1);
  return { origin: at.point, x, y, z };
}

/** Samples across the footprint per side: corners, edges and inside, finer than any crown's curvature matters at. */
const SEAT_SAMPLES = 9;

/**
 * How far below the attachment's base plane the enamel falls under its footprint (width x
 * height, centred), mm, at least 0: the base must reach that deep for no gap to be left
 * where the crown curves away from the plane. Measured by casting down onto the crown at
 * points across the footprint, its corners included.
 */
export function seatingDepth(crown: Mesh, f: AttachmentFrame, widthMm: number, heightMm: number): number {
  const n = crown.positions.length / 3;
  const l: CrownLocal = { x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const d: Vec3 = [crown.positions[i * 3] - f.origin[0], crown.positions[i * 3 + 1] - f.origin[1], crown.positions[i * 3 + 2] - f.origin[2]];
    l.x[i] = dot(d, f.x);
    l.y[i] = dot(d, f.y);
    // Shifted up so that the near surface is at positive heights for surfaceAt (which keeps z > 0 only).
    l.z[i] = dot(d, f.z) + SEAT_REACH_MM;
  }
  let deepest = 0;
  for (let i = 0; i < SEAT_SAMPLES; i++) {
    for (let j = 0; j < SEAT_SAMPLES; j++) {
      const x = (i / (SEAT_SAMPLES - 1) - 0.5) * widthMm, y = (j / (SEAT_SAMPLES - 1) - 0.5) * heightMm;
      const hit = surfaceAt(crown, l, x, y);
      // No enamel under this point within reach: off the crown's edge; nothing to seat on there.
      if (hit) deepest = Math.min(deepest, hit.z - SEAT_REACH_MM);
    }
  }
  return -deepest;
}

/** How far below its base plane the enamel is looked for under an attachment, mm: a crown curves away less. */
const SEAT_REACH_MM = 3;
