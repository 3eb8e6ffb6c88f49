// Tooth frames of a segmented arch, with the arch curve and the mesial-distal crown widths
// that space and Bolton analysis need. The fields origin/mesial/buccal/occlusal are a
// core/tooth-frame.ts ToothFrame, so staging (core/pose.ts) reads these directly; this is the
// only place a tooth frame is built from a crown.
//
// Handedness: the frames of the two sides are mirror images, so
// that "+mesial", "+buccal", "+tip" mean the same on every tooth. (mesial, buccal, occlusal)
// is right-handed in quadrants 1 and 4 and left-handed in quadrants 2 and 3; frameBasis in
// core/pose.ts turns either into a right-handed basis with its sign h.
//
// How each axis is found:
//  - origin: the crown's area-weighted centroid;
//  - occlusal (long axis): the normal of the plane through the crown's gum line (the
//    cervical line is close to perpendicular to the long axis on every tooth type, which the
//    crown's own PCA is not: molars are as wide as they are tall), kept within a tooth
//    type's tolerance of the axis the crown's proximal walls turn about (a scan's margin is
//    often not the tooth's neck) and within 30 degrees of the arch frame's occlusal
//    direction; see long-axis.ts;
//  - mesial: the arch's direction at the tooth (through the neighbouring crown centroids,
//    the fitted curve where a tooth has none), pointing to the midline. Turning it towards the
//    line between the contacts was tried: it follows the buccal-lingual bulge of molars and
//    premolars (wider than long) and lost more than it gained on rotated incisors;
//  - buccal: completes the frame, pointing out of the arch.
// Contacts: on each side with a neighbouring crown within reach, the crown vertex closest to
// that neighbour (null without one: last tooth, a space). The width is the crown's greatest
// extent along the mesial axis (see widthEnd).
import { archOrder, isRightSide, toothType } from '../core/fdi.ts';
import type { Jaw } from '../core/types.ts';
import { quatFromAxisAngle, quatMultiply, rotateVector } from '../core/pose.ts';
import type { Mesh } from './mesh.ts';
import type { ArchFrame } from './segmentation/arch-frame.ts';
import { fitArchCurve, toFrame, type ArchCurve } from './segmentation/arch-curve.ts';
import { fuseLongAxis, marginNormal, proximalWallAxis } from './long-axis.ts';
import { add, cross, dot, length, orthogonalize, scale, sub, unitOrZero, type Vec3 } from './segmentation/vec.ts';

export type { Vec3 };

export interface ToothAxes {
  fdi: number;
  origin: Vec3;
  mesial: Vec3;
  buccal: Vec3;
  occlusal: Vec3;
  /** Mesial-distal crown width measured between the contact points, mm. */
  widthMm: number;
  contactMesial: Vec3 | null;
  contactDistal: Vec3 | null;
  /** True once a planner has edited the axes. */
  adjusted: boolean;
}

/** A polyline through the teeth in the scan frame, from the patient's right to left. */
export interface ArchCurvePoints { points: Vec3[] }

/** Farther apart than this (mm), neighbours are not in contact (a space, a missing tooth). */
const CONTACT_REACH_MM = 2.5;

interface Crown { fdi: number; vertices: number[]; faces: number[] }

/** Per tooth its vertices and the triangles all of whose vertices carry its label. */
function crownsOf(mesh: Mesh, labels: Uint8Array): Crown[] {
  const byTooth = new Map<number, Crown>();
  const get = (fdi: number) => {
    let c = byTooth.get(fdi);
    if (!c) byTooth.set(fdi, (c = { fdi, vertices: [], faces: [] }));
    return c;
  };
  for (let v = 0; v < labels.length; v++) if (labels[v] !== 0) get(labels[v]).vertices.push(v);
  const I = mesh.indices;
  for (let f = 0; f < I.length / 3; f++) {
    const l = labels[I[3 * f]];
    if (l !== 0 && l === labels[I[3 * f + 1]] && l === labels[I[3 * f + 2]]) get(l).faces.push(f);
  }
  return [...byTooth.values()];
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
  if (n === 0) throw new Error('crown has no vertices');
  const m: Vec3 = [0, 0, 0];
  for (let i = 0; i < positions.length; i += 3) for (let k = 0; k < 3; k++) m[k] += positions[i + k];
  return scale(m, 1 / n);
}

const at = (P: Float32Array, v: number): Vec3 => [P[3 * v], P[3 * v + 1], P[3 * v + 2]];

function centroidOf(mesh: Mesh, crown: Crown): Vec3 {
  if (crown.faces.length === 0) {
    const c: Vec3 = [0, 0, 0];
    for (const v of crown.vertices) for (let k = 0; k < 3; k++) c[k] += mesh.positions[3 * v + k] / crown.vertices.length;
    return c;
  }
  const idx = new Uint32Array(crown.faces.length * 3);
  crown.faces.forEach((f, i) => idx.set(mesh.indices.subarray(3 * f, 3 * f + 3), 3 * i));
  return crownCentroid(mesh.positions, idx);
}

/** Crown vertices that share a triangle with gingiva: the gum line. */
function gumLine(mesh: Mesh, labels: Uint8Array): Map<number, number[]> {
  const out = new Map<number, Set<number>>();
  const I = mesh.indices;
  for (let f = 0; f < I.length / 3; f++) {
    const a = I[3 * f], b = I[3 * f + 1], c = I[3 * f + 2];
    const la = labels[a], lb = labels[b], lc = labels[c];
    if (la !== 0 && lb !== 0 && lc !== 0) continue;
    for (const v of [a, b, c]) {
      const l = labels[v];
      if (l === 0) continue;
      let s = out.get(l);
      if (!s) out.set(l, (s = new Set()));
      s.add(v);
    }
  }
  return new Map([...out].map(([k, s]) => [k, [...s]]));
}

/** The long axis from the crown's gum line, its proximal walls and the arch (long-axis.ts). */
function longAxis(mesh: Mesh, crown: Crown, margin: number[] | undefined, mesial: Vec3, archOcclusal: Vec3): Vec3 {
  const fromMargin = margin ? marginNormal(margin.map((v) => at(mesh.positions, v)), archOcclusal) : null;
  const walls = proximalWallAxis({ positions: mesh.positions, indices: mesh.indices, faces: crown.faces }, mesial, archOcclusal);
  return fuseLongAxis(fromMargin, walls, toothType(crown.fdi), archOcclusal);
}

/** Frame-plane curve through the crowns, and the tangent (towards the patient's left) near a point. */
function tangentAt(curve: ArchCurve, x: number, y: number): { dir: [number, number]; s: number } {
  let best = 0, bd = Infinity;
  for (let i = 0; i < curve.x.length; i++) {
    const d = (curve.x[i] - x) ** 2 + (curve.y[i] - y) ** 2;
    if (d < bd) { bd = d; best = i; }
  }
  const i0 = Math.max(0, best - 8), i1 = Math.min(curve.x.length - 1, best + 8);
  const tx = curve.x[i1] - curve.x[i0], ty = curve.y[i1] - curve.y[i0];
  const l = Math.hypot(tx, ty) || 1;
  return { dir: [tx / l, ty / l], s: curve.s[best] };
}

const fromFrame = (frame: ArchFrame, x: number, y: number, z: number): Vec3 =>
  add(frame.origin, add(add(scale(frame.left, x), scale(frame.anterior, y)), scale(frame.occlusal, z)));

/** The crown's vertex farthest along `dir` from `origin`. */
function extreme(P: Float32Array, vertices: number[], origin: Vec3, dir: Vec3): { point: Vec3; along: number } {
  let max = -Infinity, arg = vertices[0];
  for (const v of vertices) {
    const d = dot(sub(at(P, v), origin), dir);
    if (d > max) { max = d; arg = v; }
  }
  return { point: at(P, arg), along: max };
}

/** Vertices of a crown on its side facing `dir` (more than half way out from its centroid). */
function facingHalf(P: Float32Array, vertices: number[], origin: Vec3, dir: Vec3): number[] {
  return vertices.filter((v) => dot(sub(at(P, v), origin), dir) > 0);
}

/** The vertex of `a` closest to any vertex of `b`, if within `reach` (hashed on a grid of that cell size). */
function closestWithin(P: Float32Array, a: number[], b: number[], reach: number): { point: Vec3; distance: number } | null {
  const key = (i: number, j: number, k: number) => `${i},${j},${k}`;
  const grid = new Map<string, number[]>();
  for (const w of b) {
    const k = key(Math.floor(P[3 * w] / reach), Math.floor(P[3 * w + 1] / reach), Math.floor(P[3 * w + 2] / reach));
    const cell = grid.get(k);
    if (cell) cell.push(w); else grid.set(k, [w]);
  }
  let bd = reach * reach, arg = -1;
  for (const v of a) {
    const x = P[3 * v], y = P[3 * v + 1], z = P[3 * v + 2];
    const ci = Math.floor(x / reach), cj = Math.floor(y / reach), ck = Math.floor(z / reach);
    for (let i = ci - 1; i <= ci + 1; i++) for (let j = cj - 1; j <= cj + 1; j++) for (let k = ck - 1; k <= ck + 1; k++) {
      for (const w of grid.get(key(i, j, k)) ?? []) {
        const d = (P[3 * w] - x) ** 2 + (P[3 * w + 1] - y) ** 2 + (P[3 * w + 2] - z) ** 2;
        if (d <= bd) { bd = d; arg = v; }
      }
    }
  }
  return arg < 0 ? null : { point: at(P, arg), distance: Math.sqrt(bd) };
}

interface Placed { crown: Crown; origin: Vec3; occlusal: Vec3; tangentMesial: Vec3; buccalHint: Vec3 }

/** The contact on the side `dir` with `neighbour`, or null when the neighbour is not within reach. */
function contactWith(mesh: Mesh, t: Placed, dir: Vec3, neighbour: Placed | undefined): Vec3 | null {
  if (!neighbour) return null;
  const P = mesh.positions;
  const own = facingHalf(P, t.crown.vertices, t.origin, dir);
  const theirs = facingHalf(P, neighbour.crown.vertices, neighbour.origin, scale(dir, -1));
  if (own.length === 0 || theirs.length === 0) return null;
  return closestWithin(P, own, theirs, CONTACT_REACH_MM)?.point ?? null;
}

/**
 * Where the width is measured on one side: the crown's proximal extreme along the arch, over
 * the whole crown, and at least as far as the contact. This is the greatest mesial-distal
 * diameter of the space analysis and Bolton's tables, and what the crown will take along the
 * arch once set (auto-setup settles contacts on the whole crown): measured only at the
 * contact's level, the real arch's crowns came out 0.4 mm narrower each than they stand
 * once aligned, hiding 4 mm of crowding (2.0 mm measured, 5.2 mm more taken by the teeth as
 * set; 6.0 and 1.5 mm now), while on the demo's crowns of known width both agree (mean
 * error 0.07 mm now, 0.09 mm at the contact level).
 */
function widthEnd(P: Float32Array, t: Placed, dir: Vec3, contact: Vec3 | null): Vec3 {
  const end = extreme(P, t.crown.vertices, t.origin, dir);
  return contact && dot(sub(end.point, contact), dir) <= 0 ? contact : end.point;
}

/**
 * Buccal completes the frame pointing out of the arch. With mesial always towards the
 * midline, this makes the two sides mirror images.
 */
function buccalFor(mesial: Vec3, occlusal: Vec3, outward: Vec3): Vec3 {
  const b = unitOrZero(cross(occlusal, mesial));
  return dot(b, outward) >= 0 ? b : scale(b, -1);
}

export function computeToothAxes(mesh: Mesh, vertexLabels: Uint8Array, frame: ArchFrame, jaw: Jaw): { teeth: ToothAxes[]; archCurve: ArchCurvePoints } {
  if (vertexLabels.length !== mesh.positions.length / 3) {
    throw new Error(`tooth axes: ${vertexLabels.length} labels for ${mesh.positions.length / 3} vertices`);
  }
  const order = archOrder(jaw);
  const crowns = crownsOf(mesh, vertexLabels)
    .filter((c) => order.includes(c.fdi))
    .sort((a, b) => order.indexOf(a.fdi) - order.indexOf(b.fdi));
  if (crowns.length === 0) return { teeth: [], archCurve: { points: [] } };
  const P = mesh.positions;
  const planePts: [number, number][] = [];
  for (const c of crowns) {
    for (const v of c.vertices) {
      const [x, y] = toFrame(frame, at(P, v));
      planePts.push([x, y]);
    }
  }
  const curve = fitArchCurve(planePts);
  const margins = gumLine(mesh, vertexLabels);

  const origins = crowns.map((c) => centroidOf(mesh, c));
  const placed: Placed[] = crowns.map((crown, i) => {
    const origin = origins[i];
    const [x, y] = toFrame(frame, origin);
    const { dir } = tangentAt(curve, x, y);
    const alongCurve = sub(fromFrame(frame, dir[0], dir[1], 0), frame.origin);
    // Towards the patient's left along the arch: through the neighbouring crowns where there
    // are some (the fitted curve bends poorly at the ends of the arch), else the curve.
    const prev = origins[i - 1] ?? origin, next = origins[i + 1] ?? origin;
    const chord = sub(next, prev);
    const leftwards = length(chord) > 1e-6 && dot(chord, alongCurve) > 0 ? unitOrZero(chord) : alongCurve;
    const tangent = scale(leftwards, isRightSide(crown.fdi) ? 1 : -1);
    const occlusal = longAxis(mesh, crown, margins.get(crown.fdi), tangent, frame.occlusal);
    const outward = unitOrZero(cross(frame.occlusal, leftwards));
    const buccalHint = dot(outward, sub(fromFrame(frame, -dir[1], dir[0], 0), frame.origin)) >= 0 ? outward : scale(outward, -1);
    return { crown, origin, occlusal, tangentMesial: orthogonalize(tangent, occlusal), buccalHint };
  });

  // Neighbours along the arch: the next crown towards the midline (mesial) and away (distal).
  const teeth = placed.map((t, i) => {
    const right = isRightSide(t.crown.fdi);
    const towardsLeft = placed[i + 1], towardsRight = placed[i - 1];
    const mesialNeighbour = right ? towardsLeft : towardsRight;
    const distalNeighbour = right ? towardsRight : towardsLeft;
    const sameSideDistal = distalNeighbour && isRightSide(distalNeighbour.crown.fdi) === right ? distalNeighbour : undefined;
    const mesial = t.tangentMesial;
    const cm = contactWith(mesh, t, mesial, mesialNeighbour);
    const cd = contactWith(mesh, t, scale(mesial, -1), sameSideDistal);
    const mesialPoint = widthEnd(mesh.positions, t, mesial, cm);
    const distalPoint = widthEnd(mesh.positions, t, scale(mesial, -1), cd);
    const buccal = buccalFor(mesial, t.occlusal, t.buccalHint);
    const axes: ToothAxes = {
      fdi: t.crown.fdi,
      origin: t.origin,
      mesial,
      buccal,
      occlusal: t.occlusal,
      widthMm: dot(sub(mesialPoint, distalPoint), mesial),
      contactMesial: cm,
      contactDistal: cd,
      adjusted: false,
    };
    return axes;
  });
  return { teeth, archCurve: curvePoints(frame, curve, teeth) };
}

/** The fitted plane curve lifted to the height of the crown centroids (interpolated along the arch). */
function curvePoints(frame: ArchFrame, curve: ArchCurve, teeth: ToothAxes[]): ArchCurvePoints {
  const anchors = teeth.map((t) => {
    const [x, y, z] = toFrame(frame, t.origin);
    return { s: tangentAt(curve, x, y).s, z };
  }).sort((a, b) => a.s - b.s);
  const heightAt = (s: number): number => {
    if (s <= anchors[0].s) return anchors[0].z;
    for (let i = 1; i < anchors.length; i++) {
      if (s <= anchors[i].s) {
        const a = anchors[i - 1], b = anchors[i];
        return b.s > a.s ? a.z + ((b.z - a.z) * (s - a.s)) / (b.s - a.s) : a.z;
      }
    }
    return anchors[anchors.length - 1].z;
  };
  const points: Vec3[] = [];
  const step = Math.max(1, Math.round(curve.x.length / 200));
  for (let i = 0; i < curve.x.length; i += step) points.push(fromFrame(frame, curve.x[i], curve.y[i], heightAt(curve.s[i])));
  return { points };
}

/**
 * A planner's edit of a tooth's axes: tip about the buccal axis, torque about the mesial
 * axis, rotation about the occlusal axis, with the clinical signs of core/pose.ts (+tip
 * leans the occlusal axis mesially, +torque buccally, +rotation turns mesial lingually).
 */
export function adjustToothAxes(axes: ToothAxes, rotation: { tipDeg: number; torqueDeg: number; rotationDeg: number }): ToothAxes {
  const { mesial: m, buccal: b, occlusal: o } = axes;
  // Axis and sign such that a positive angle moves the first vector towards the second.
  const turning = (from: Vec3, to: Vec3, deg: number) => quatFromAxisAngle(unitOrZero(cross(from, to)), deg);
  const q = quatMultiply(turning(o, m, rotation.tipDeg), quatMultiply(turning(o, b, rotation.torqueDeg), turning(m, scale(b, -1), rotation.rotationDeg)));
  const rot = (v: Vec3): Vec3 => rotateVector(q, v) as Vec3;
  // Re-orthonormalise (Gram-Schmidt from the long axis) against rounding drift.
  const occlusal = unitOrZero(rot(o));
  const mesial = orthogonalize(rot(m), occlusal);
  const buccalRaw = rot(b);
  let buccal = unitOrZero(cross(occlusal, mesial));
  if (dot(buccal, buccalRaw) < 0) buccal = scale(buccal, -1);
  return { ...axes, occlusal, mesial, buccal, adjusted: true };
}
