// The patient behind one generated raw scan, drawn from its seed: crown sizes (the demo's
// anatomy tables scaled per patient and per tooth), the arch form, each tooth's small
// irregularity, crowding and spacing. Every draw has its own stream, so asking for a missing
// tooth or a finer mesh leaves the rest of the patient as it was.
import type { Jaw } from '../../core/types.ts';
import { archOrder, positionOf } from '../../core/fdi.ts';
import { mulberry32, randomSign, uniform } from '../../core/random.ts';
import type { Rng } from '../../core/random.ts';
import { crownAnatomy } from './anatomy.ts';
import type { CrownAnatomy } from './anatomy.ts';
import { archForm, offsetArch } from './arch-form.ts';
import type { ArchForm } from './arch-form.ts';
import type { GumShape } from './gingiva.ts';
import type { Malposition } from './malocclusion.ts';

export interface RawScanOptions {
  jaw: Jaw;
  seed: number;
  /** Teeth absent with their space left open, at gum level. */
  missing?: number[];
  /** Teeth absent with their space closed: the neighbours touch. */
  closedSpaces?: number[];
  thirdMolars?: boolean;
  /** Arch-length shortage, mm: anterior teeth staggered and rotated to fit (seeded). */
  crowding?: number;
  /** Extra space, mm per arch, spread over the contacts from the midline to the first molars. */
  spacing?: number;
  /** Largest rotation about a long axis, degrees (default 8). */
  rotationDeg?: number;
  /** Largest mesial-distal tip, degrees (default 4). */
  tipDeg?: number;
  /** Gum trimmed off (crowns joined at their contacts) or one separate crown per tooth. */
  crownOnly?: 'trimmed' | 'separate';
  /** Target triangle count (50k-500k); default the demo's density. */
  triangles?: number;
  /** Scanner noise amplitude, mm (default 0.015). */
  noiseMm?: number;
}

export interface RawPatient {
  jaw: Jaw;
  /** Teeth placed (closed spaces left out), patient's right to left. */
  placed: number[];
  anatomy: Map<number, CrownAnatomy>;
  malposition: Map<number, Malposition>;
  /** Extra gap at each tooth's mesial contact, mm (a central's is shared with the midline). */
  extraGap: Map<number, number>;
  form: ArchForm;
  gum: GumShape;
}

/** An independent stream per purpose, so the draws of one do not shift the others. */
export function stream(seed: number, purpose: number): Rng {
  return mulberry32((Math.imul(seed | 0, 0x9e3779b1) + Math.imul(purpose, 0x85ebca6b)) >>> 0);
}

const DEMO_LOWER_ARC = 5 + 5.5 + 6.5 + 7 + 7 + 11 + 10.5 / 2;

/** Third molars take the second molar's shape, a little smaller. */
function baseAnatomy(fdi: number): CrownAnatomy {
  if (positionOf(fdi) < 8) return crownAnatomy(fdi);
  const a = crownAnatomy(fdi - 1);
  return { ...a, fdi, mdWidth: a.mdWidth * 0.9, blWidth: a.blWidth * 0.92, height: a.height * 0.92 };
}

function drawSizes(o: RawScanOptions, teeth: number[]): { anatomy: Map<number, CrownAnatomy>; scale: number } {
  const rng = stream(o.seed, 1);
  const scale = uniform(rng, 0.93, 1.07);
  // One factor per tooth position (left and right alike) and a little asymmetry.
  const byPosition = Array.from({ length: 9 }, () => uniform(rng, -0.045, 0.045));
  const anatomy = new Map<number, CrownAnatomy>();
  for (const fdi of archOrder(o.jaw)) {
    const own = uniform(rng, -0.012, 0.012);
    const tall = uniform(rng, 0.93, 1.07);
    if (!teeth.includes(fdi)) continue;
    const a = baseAnatomy(fdi);
    const f = scale * (1 + byPosition[positionOf(fdi)] + own);
    anatomy.set(fdi, { ...a, mdWidth: a.mdWidth * f, blWidth: a.blWidth * (scale + (f - scale) * 0.5), height: a.height * tall });
  }
  return { anatomy, scale };
}

function drawForm(o: RawScanOptions, scale: number): ArchForm {
  const rng = stream(o.seed, 2);
  const halfWidth = 26.5 * uniform(rng, 0.94, 1.06) * scale;
  const power = uniform(rng, 2.6, 3.4);
  const lower = archForm(-26, halfWidth, power, DEMO_LOWER_ARC * scale, 95);
  if (o.jaw === 'lower') return lower;
  const overjet = uniform(rng, 1.0, 2.2);
  return offsetArch(lower, (s) => 2.8 + overjet * Math.exp(-((s / 10) ** 2)));
}

function drawMalpositions(o: RawScanOptions, teeth: number[]): Map<number, Malposition> {
  const rng = stream(o.seed, 3);
  const R = o.rotationDeg ?? 8;
  const T = o.tipDeg ?? 4;
  const m = new Map<number, Malposition>();
  for (const fdi of archOrder(o.jaw)) {
    const p: Malposition = {
      mesialMm: 0,
      buccalMm: uniform(rng, -0.3, 0.3),
      extrusionMm: uniform(rng, -0.3, 0.3),
      tipDeg: uniform(rng, -T, T),
      torqueDeg: uniform(rng, -3, 3),
      rotationDeg: uniform(rng, -R, R),
    };
    if (teeth.includes(fdi)) m.set(fdi, p);
  }
  const crowding = o.crowding ?? 0;
  if (crowding > 0) {
    // The shortage lands on the contacts of the six anterior teeth and their premolar
    // neighbours; each tooth gives way by standing out or in of the arch and turning.
    const c = stream(o.seed, 4);
    const anterior = teeth.filter((f) => positionOf(f) <= 3);
    const weights = Array.from({ length: anterior.length + 1 }, () => uniform(c, 0.5, 1.5));
    const total = weights.reduce((a, b) => a + b, 0);
    let out = randomSign(c);
    anterior.forEach((fdi, i) => {
      const excess = (crowding * (weights[i] + weights[i + 1])) / 2 / total;
      const p = m.get(fdi)!;
      p.buccalMm += out * Math.min(2.5, 0.4 + 1.1 * excess);
      p.rotationDeg += randomSign(c) * Math.min(30, 6 + 16 * excess);
      out = -out as 1 | -1;
    });
  }
  return m;
}

function drawSpacing(o: RawScanOptions, teeth: number[]): Map<number, number> {
  const rng = stream(o.seed, 5);
  const gaps = new Map<number, number>();
  const spacing = o.spacing ?? 0;
  const open = teeth.filter((f) => positionOf(f) <= 6);
  const weights = open.map(() => uniform(rng, 0.2, 1.5));
  const total = weights.reduce((a, b) => a + b, 0);
  open.forEach((fdi, i) => gaps.set(fdi, spacing > 0 ? (spacing * weights[i]) / total : 0));
  return gaps;
}

/**
 * The free gingival margin stands about this far (mm) off the enamel, so gum and crown meet
 * in a crease all round as on a scan (there the crease is as deep mid-crown as between teeth).
 */
const MARGIN_LIP = 0.8;

function drawGum(o: RawScanOptions): GumShape {
  const rng = stream(o.seed, 6);
  return o.jaw === 'upper'
    ? { lingualRows: 18, buccalRows: 18, buccalDepth: uniform(rng, 8, 10), lingualDepth: uniform(rng, 9, 11), lingualReach: uniform(rng, 5, 7), buccalFlare: 1.5, marginLip: MARGIN_LIP }
    : { lingualRows: 18, buccalRows: 18, buccalDepth: uniform(rng, 7, 9), lingualDepth: uniform(rng, 5.5, 7.5), lingualReach: uniform(rng, 2.5, 3.5), buccalFlare: 1.5, marginLip: MARGIN_LIP };
}

export function drawPatient(o: RawScanOptions): RawPatient {
  const closed = new Set(o.closedSpaces ?? []);
  const all = archOrder(o.jaw).filter((f) => o.thirdMolars || positionOf(f) !== 8);
  for (const f of [...(o.missing ?? []), ...closed]) {
    if (!all.includes(f)) throw new Error(`tooth ${f} is not in this ${o.jaw} arch`);
  }
  const placed = all.filter((f) => !closed.has(f));
  const { anatomy, scale } = drawSizes(o, placed);
  return {
    jaw: o.jaw,
    placed,
    anatomy,
    malposition: drawMalpositions(o, placed),
    extraGap: drawSpacing(o, placed),
    form: drawForm(o, scale),
    gum: drawGum(o),
  };
}
