// Where each tooth of a generated raw scan stands: the demo's ideal arch (tip, torque, curve
// of Spee), but each crown is turned by its irregularity first and only then slid along the
// arch until it touches its mesial neighbour, so rotated and staggered teeth meet without
// passing through each other, as on a scan. Spacing widens chosen contacts.
import { positionOf } from '../../core/fdi.ts';
import type { CrownAnatomy } from './anatomy.ts';
import { archPoint } from './arch-form.ts';
import { buildCrown, mirrorCrown } from './crown.ts';
import type { CrownSurface } from './crown.ts';
import {
  applyMalposition, CONTACT_GAP, crownCentroid, extent, idealFrame, ringLayout, slideGap, widthSigmas,
} from './placement.ts';
import type { RawPatient } from './raw-scan-patient.ts';
import type { Frame, Vec3 } from './vec.ts';

export interface RawTooth {
  fdi: number;
  anatomy: CrownAnatomy;
  mesialSign: number;
  /** Crown frame as generated (x mesial-distal, y buccal, z occlusal). */
  frame: Frame;
  sigma: number;
}

const contactCrowns = new WeakMap<CrownAnatomy, CrownSurface>();

/** The crown at the demo's density, for contacts; the mesh is tessellated later at its own. */
export function contactCrown(a: CrownAnatomy, mesialSign: number): CrownSurface {
  let c = contactCrowns.get(a);
  if (!c) {
    const { layout, rings } = ringLayout(a);
    c = buildCrown(a, 1, layout, rings);
    contactCrowns.set(a, c);
  }
  return mesialSign > 0 ? c : mirrorCrown(c);
}

/** The tables (tip, torque, cusp level) end at the second molar; a third molar uses its row. */
const tableFdi = (fdi: number): number => (positionOf(fdi) === 8 ? fdi - 1 : fdi);

export function placeRawArch(p: RawPatient): RawTooth[] {
  const { jaw, form } = p;
  const out: RawTooth[] = [];
  for (const side of [-1, 1]) {
    const quadrant = jaw === 'upper' ? (side < 0 ? 1 : 2) : (side < 0 ? 3 : 4);
    const quad = p.placed.filter((f) => Math.floor(f / 10) === quadrant).sort((a, b) => positionOf(a) - positionOf(b));
    const anatomies = quad.map((f) => p.anatomy.get(f)!);
    const mesialSign = -side;
    const crowns = anatomies.map((a) => contactCrown(a, mesialSign));
    const sigmas = widthSigmas(anatomies.map((a) => a.mdWidth), side);
    const frames: Frame[] = [];
    const midline = archPoint(form, jaw, 0);
    const posed = (i: number): Frame => {
      const ideal = idealFrame(form, jaw, tableFdi(quad[i]), sigmas[i], anatomies[i], mesialSign);
      return applyMalposition(ideal, crownCentroid(crowns[i]), p.malposition.get(quad[i])!, mesialSign);
    };
    quad.forEach((fdi, i) => {
      const target = CONTACT_GAP + (p.extraGap.get(fdi) ?? 0);
      for (let iteration = 0; iteration < 6; iteration++) {
        const f = posed(i);
        let gap: number;
        if (i === 0) {
          // Against the midline: each central keeps half the gap on its side.
          const u: Vec3 = [side * midline.tx, side * midline.ty, 0];
          gap = 2 * (extent(crowns[i], f, u)[0] - (midline.x * u[0] + midline.y * u[1]));
        } else {
          const at = archPoint(form, jaw, (sigmas[i] + sigmas[i - 1]) / 2);
          const u: Vec3 = [side * at.tx, side * at.ty, 0];
          gap = slideGap(crowns[i - 1], frames[i - 1], crowns[i], f, u);
          if (!Number.isFinite(gap)) gap = extent(crowns[i], f, u)[0] - extent(crowns[i - 1], frames[i - 1], u)[1];
        }
        sigmas[i] += side * (target - gap) * (i === 0 ? 0.5 : 1);
      }
      frames.push(posed(i));
    });
    quad.forEach((fdi, i) => out.push({ fdi, anatomy: anatomies[i], mesialSign, frame: frames[i], sigma: sigmas[i] }));
  }
  return out.sort((a, b) => a.sigma - b.sigma);
}
