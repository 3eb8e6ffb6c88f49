// Where each demo tooth stands: the ideal arch (teeth in contact along the arch form, with
// the usual crown tip and torque and a mild curve of Spee), then the seed's malposition
// applied in the tooth frame about the crown centroid.
import type { Jaw } from '../../core/types.ts';
import { jawOf, positionOf } from '../../core/fdi.ts';
import { crownAnatomy } from './anatomy.ts';
import type { CrownAnatomy } from './anatomy.ts';
import { buildCrown, mirrorCrown } from './crown.ts';
import type { CrownSurface, RingLayout } from './crown.ts';
import { archForm, archPoint, offsetArch } from './arch-form.ts';
import type { ArchForm } from './arch-form.ts';
import type { Malposition } from './malocclusion.ts';
import type { Frame, Vec3 } from './vec.ts';
import { add, cross, rotateFrame, scale, sub, toWorld } from './vec.ts';

export interface PlacedTooth {
  fdi: number;
  anatomy: CrownAnatomy;
  /** +1 when the tooth's mesial direction is its frame's +x. */
  mesialSign: number;
  crown: CrownSurface;
  /** Area-weighted centroid of the crown surface in its own frame. */
  centroid: Vec3;
  /** Arch parameter of the tooth in the ideal arch. */
  sigma: number;
  /** Crown frame in the ideal arch and as generated (x mesial-distal, y buccal, z occlusal). */
  ideal: Frame;
  actual: Frame;
}

// Crown angulation (mesial +) and inclination (buccal +) of the long axis, central -> second
// molar; the curve of Wilson shows as buccal upper and lingual lower posterior crowns.
const UPPER_TIP = [5, 9, 10, 3, 3, 5, 5];
const UPPER_TORQUE = [17, 12, 5, 2, 2, 4, 4];
const LOWER_TIP = [2, 2, 5, 2, 2, 2, 2];
const LOWER_TORQUE = [6, 4, -2, -8, -12, -15, -18];
// Height of the cusp tips / incisal edges (the curve of Spee), mm; the upper sits so that
// its incisors overlap the lower ones by ~2 mm and its posterior cusps interdigitate.
const LOWER_TIP_Z = [0.0, 0.0, 0.3, -0.5, -0.8, -0.7, -0.2];
const UPPER_TIP_Z = [-1.6, -1.3, -0.6, -1.2, -1.5, -1.1, -0.6];

/** Space left at each contact of the ideal arch, mm (a scan rarely shows teeth fused). */
export const CONTACT_GAP = 0.08;

/** Ring layout shared with the gingiva: the proximal side count must match across an arch. */
export const PROXIMAL_SEGMENTS = 16;

export function ringLayout(a: CrownAnatomy): { layout: RingLayout; rings: number } {
  switch (a.type) {
    case 'molar': return { layout: { proximal: PROXIMAL_SEGMENTS, side: 20 }, rings: 21 };
    case 'incisor': return { layout: { proximal: PROXIMAL_SEGMENTS, side: 16 }, rings: 18 };
    default: return { layout: { proximal: PROXIMAL_SEGMENTS, side: 16 }, rings: 20 };
  }
}

const centroidCache = new WeakMap<CrownSurface, Vec3>();

export function crownCentroid(c: CrownSurface): Vec3 {
  let centroid = centroidCache.get(c);
  if (!centroid) {
    centroid = surfaceCentroid(c);
    centroidCache.set(c, centroid);
  }
  return centroid;
}

function surfaceCentroid(c: CrownSurface): Vec3 {
  const p = c.positions;
  const I = c.indices;
  let sx = 0, sy = 0, sz = 0, area = 0;
  for (let t = 0; t < I.length; t += 3) {
    const a = I[t] * 3, b = I[t + 1] * 3, d = I[t + 2] * 3;
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[d] - p[a], vy = p[d + 1] - p[a + 1], vz = p[d + 2] - p[a + 2];
    const w = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
    area += w;
    sx += (w * (p[a] + p[b] + p[d])) / 3;
    sy += (w * (p[a + 1] + p[b + 1] + p[d + 1])) / 3;
    sz += (w * (p[a + 2] + p[b + 2] + p[d + 2])) / 3;
  }
  return [sx / area, sy / area, sz / area];
}

// Crowns and arch forms do not depend on the seed: built once, then shared (read-only).
const crownCache = new Map<string, CrownSurface>();
let archFormCache: Record<Jaw, ArchForm> | null = null;

/** The crown of a tooth type in its own frame; one side is built, the other mirrored. */
function demoCrown(a: CrownAnatomy, mesialSign: number): CrownSurface {
  const key = `${a.fdi % 10}${jawOf(a.fdi)}${mesialSign}`;
  let crown = crownCache.get(key);
  if (!crown) {
    if (mesialSign > 0) {
      const { layout, rings } = ringLayout(a);
      crown = buildCrown(a, 1, layout, rings);
    } else {
      crown = mirrorCrown(demoCrown(a, 1));
    }
    crownCache.set(key, crown);
  }
  return crown;
}

/** The lower arch form (occlusal-level crown centres) and the upper one around it. */
export function demoArchForms(): Record<Jaw, ArchForm> {
  archFormCache ??= buildArchForms();
  return archFormCache;
}

function buildArchForms(): Record<Jaw, ArchForm> {
  // Arc length to the lower second molar's centre: the summed lower widths.
  const lower = archForm(-26, 26.5, 3, 5 + 5.5 + 6.5 + 7 + 7 + 11 + 10.5 / 2, 80);
  // The upper arch stands buccally of the lower by half a cusp, and further at the incisors
  // (overjet), so the upper incisors' lingual faces clear the lower incisal edges.
  return { lower, upper: offsetArch(lower, (s) => 2.8 + 1.6 * Math.exp(-((s / 10) ** 2))) };
}

/** First guess: the teeth's table widths laid end to end along the arch, outward from the midline. */
export function widthSigmas(widths: number[], side: number): number[] {
  const out: number[] = [];
  let prev = 0;
  for (let i = 0; i < widths.length; i++) {
    prev += side * (i === 0 ? widths[0] / 2 : (widths[i - 1] + widths[i]) / 2);
    out.push(prev);
  }
  return out;
}

/** Lowest and highest value of the posed crown's vertices along the horizontal direction u. */
export function extent(c: CrownSurface, f: Frame, u: Vec3): [number, number] {
  const ax = f.x[0] * u[0] + f.x[1] * u[1] + f.x[2] * u[2];
  const ay = f.y[0] * u[0] + f.y[1] * u[1] + f.y[2] * u[2];
  const az = f.z[0] * u[0] + f.z[1] * u[1] + f.z[2] * u[2];
  const o = f.origin[0] * u[0] + f.origin[1] * u[1] + f.origin[2] * u[2];
  let lo = Infinity;
  let hi = -Infinity;
  const p = c.positions;
  for (let i = 0; i < p.length; i += 3) {
    const v = o + ax * p[i] + ay * p[i + 1] + az * p[i + 2];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * How far crown b could slide along u before touching crown a (negative: overlap), mm:
 * both crowns are binned on the plane across u and compared cell by cell.
 */
export function slideGap(a: CrownSurface, fa: Frame, b: CrownSurface, fb: Frame, u: Vec3): number {
  const cell = 0.5;
  const reach = new Map<number, number>();
  const visit = (c: CrownSurface, f: Frame, each: (key: number, along: number) => void): void => {
    const p = c.positions;
    for (let i = 0; i < p.length; i += 3) {
      const x = f.origin[0] + f.x[0] * p[i] + f.y[0] * p[i + 1] + f.z[0] * p[i + 2];
      const y = f.origin[1] + f.x[1] * p[i] + f.y[1] * p[i + 1] + f.z[1] * p[i + 2];
      const z = f.origin[2] + f.x[2] * p[i] + f.y[2] * p[i + 1] + f.z[2] * p[i + 2];
      const key = (Math.floor((y * u[0] - x * u[1]) / cell) + 4096) * 8192 + Math.floor(z / cell) + 4096;
      each(key, x * u[0] + y * u[1]);
    }
  };
  visit(a, fa, (key, along) => {
    const r = reach.get(key);
    if (r === undefined || along > r) reach.set(key, along);
  });
  let gap = Infinity;
  visit(b, fb, (key, along) => {
    const r = reach.get(key);
    if (r !== undefined && along - r < gap) gap = along - r;
  });
  return gap;
}

export function idealFrame(form: ArchForm, jaw: Jaw, fdi: number, sigma: number, a: CrownAnatomy, mesialSign: number): Frame {
  const p = positionOf(fdi) - 1;
  const ap = archPoint(form, jaw, sigma);
  const z: Vec3 = jaw === 'upper' ? [0, 0, -1] : [0, 0, 1];
  const y: Vec3 = [ap.nx, ap.ny, 0];
  let f: Frame = { origin: [0, 0, 0], x: cross(y, z), y, z };
  const tip = ((jaw === 'upper' ? UPPER_TIP : LOWER_TIP)[p] * Math.PI) / 180;
  const torque = ((jaw === 'upper' ? UPPER_TORQUE : LOWER_TORQUE)[p] * Math.PI) / 180;
  f = rotateFrame(f, f.x, -torque);
  f = rotateFrame(f, f.y, mesialSign * tip);
  const tipZ = (jaw === 'upper' ? UPPER_TIP_Z : LOWER_TIP_Z)[p];
  const target: Vec3 = [ap.x, ap.y, tipZ];
  return { ...f, origin: sub(target, scale(f.z, a.height)) };
}

/** Moves a frame by a malposition given in its own axes, about a local pivot. */
export function applyMalposition(f: Frame, pivot: Vec3, m: Malposition, mesialSign: number): Frame {
  const rad = Math.PI / 180;
  // rotation + is mesial-in (core convention): the opposite turn to mesial-out.
  let r: Frame = rotateFrame(f, f.z, -mesialSign * m.rotationDeg * rad);
  r = rotateFrame(r, f.x, -m.torqueDeg * rad);
  r = rotateFrame(r, f.y, mesialSign * m.tipDeg * rad);
  const shift = add(add(scale(f.x, mesialSign * m.mesialMm), scale(f.y, m.buccalMm)), scale(f.z, m.extrusionMm));
  const pivotWorld = toWorld(f, pivot);
  const turned = add(add(scale(r.x, pivot[0]), scale(r.y, pivot[1])), scale(r.z, pivot[2]));
  return { ...r, origin: add(sub(pivotWorld, turned), shift) };
}

/** All teeth of one arch, ordered along the arch parameter. */
export function placeArch(jaw: Jaw, form: ArchForm, fdis: number[], malpositions: Record<number, Malposition>): PlacedTooth[] {
  const teeth = fdis.filter((f) => jawOf(f) === jaw).sort((a, b) => positionOf(a) - positionOf(b));
  const out: PlacedTooth[] = [];
  for (const side of [-1, 1]) {
    // Arch parameter < 0 is the patient's right in the upper and the left in the lower.
    const quadrant = jaw === 'upper' ? (side < 0 ? 1 : 2) : (side < 0 ? 3 : 4);
    const quad = teeth.filter((f) => Math.floor(f / 10) === quadrant);
    const anatomies = quad.map(crownAnatomy);
    const mesialSign = -side;
    const crowns = anatomies.map((a) => demoCrown(a, mesialSign));
    const sigmas = widthSigmas(anatomies.map((a) => a.mdWidth), side);
    const frames: Frame[] = [];
    const midline = archPoint(form, jaw, 0);
    quad.forEach((fdi, i) => {
      // Slide each crown along the arch until it just touches its mesial neighbour (tip and
      // torque move the contacts, so the table widths alone leave gaps and overlaps).
      for (let iteration = 0; iteration < 5; iteration++) {
        const f = idealFrame(form, jaw, fdi, sigmas[i], anatomies[i], mesialSign);
        let gap: number;
        if (i === 0) {
          // Against the mirror image: twice the distance to the midline.
          const u: Vec3 = [side * midline.tx, side * midline.ty, 0];
          gap = 2 * (extent(crowns[i], f, u)[0] - (midline.x * u[0] + midline.y * u[1]));
        } else {
          const at = archPoint(form, jaw, (sigmas[i] + sigmas[i - 1]) / 2);
          const u: Vec3 = [side * at.tx, side * at.ty, 0];
          gap = slideGap(crowns[i - 1], frames[i - 1], crowns[i], f, u);
          if (!Number.isFinite(gap)) gap = extent(crowns[i], f, u)[0] - extent(crowns[i - 1], frames[i - 1], u)[1];
        }
        sigmas[i] += side * (CONTACT_GAP - gap) * (i === 0 ? 0.5 : 1);
      }
      frames.push(idealFrame(form, jaw, fdi, sigmas[i], anatomies[i], mesialSign));
    });
    quad.forEach((fdi, i) => {
      const centroid = crownCentroid(crowns[i]);
      const actual = applyMalposition(frames[i], centroid, malpositions[fdi], mesialSign);
      out.push({ fdi, anatomy: anatomies[i], mesialSign, crown: crowns[i], centroid, sigma: sigmas[i], ideal: frames[i], actual });
    });
  }
  return out.sort((p, q) => p.sigma - q.sigma);
}
