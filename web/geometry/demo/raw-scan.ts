// Generated raw arch scans with ground truth, for the segmentation's tests and bench: one
// unlabelled welded surface (crowns and gum, as a scanner's STL), or a crown-only export,
// from a seed. Built from the demo generator's anatomy, arch form, crowns and gum, in the
// demo's and the shared real scan's frame (+x the patient's left, -y anterior, +z superior:
// upper crowns point to -z, lower to +z). The same options give bit-identical meshes; the
// ground truth is the generator's own label of each triangle.
import type { Jaw } from '../../core/types.ts';
import { archOrder, positionOf } from '../../core/fdi.ts';
import type { Mesh } from '../mesh.ts';
import { uniform } from '../../core/random.ts';
import { buildSurface, countTriangles } from './raw-scan-mesh.ts';
import type { Bridge, Variant } from './raw-scan-mesh.ts';
import { drawPatient, stream } from './raw-scan-patient.ts';
import type { RawPatient, RawScanOptions } from './raw-scan-patient.ts';
import { contactCrown, placeRawArch } from './raw-scan-place.ts';
import type { RawTooth } from './raw-scan-place.ts';
import type { GumShape } from './gingiva.ts';
import { toWorld } from './vec.ts';

export type { RawScanOptions };

export interface RawScan {
  /** One indexed surface, no labels: what the segmentation is given. */
  mesh: Mesh;
  /** Ground truth FDI per triangle, 0 = gingiva. */
  faceLabels: Uint8Array;
  /** Ground truth FDI per vertex, 0 = gingiva (a crown's margin ring belongs to the crown). */
  vertexLabels: Uint8Array;
  /** FDI numbers present, from the patient's right to left. */
  teeth: number[];
  jaw: Jaw;
}

const MIN_TRIANGLES = 20_000;
const MAX_TRIANGLES = 600_000;

/** Gum between consecutive crowns: how wide, and whether the crowns touch there. */
function bridgesOf(p: RawPatient, teeth: RawTooth[], missing: Set<number>): Bridge[] {
  const out: Bridge[] = [];
  for (let i = 0; i + 1 < teeth.length; i++) {
    const a = teeth[i], b = teeth[i + 1];
    // The facing margins' middles: local +x on the side of higher arch parameter, -x on the other.
    const ca = contactCrown(a.anatomy, a.mesialSign), cb = contactCrown(b.anatomy, b.mesialSign);
    const K = ca.layout.proximal;
    const high = toWorld(a.frame, vertexOf(ca, K / 2));
    const low = toWorld(b.frame, vertexOf(cb, 2 * K + cb.layout.side - K / 2));
    const widthMm = Math.hypot(high[0] - low[0], high[1] - low[1], high[2] - low[2]);
    const skipped = p.placed.some((f) => missing.has(f) && between(p, f, a.fdi, b.fdi));
    // Extra space sits at a tooth's mesial contact: the more distal tooth's, or both centrals'.
    const gap = (f: number): number => p.extraGap.get(f) ?? 0;
    const spaced = (positionOf(a.fdi) === positionOf(b.fdi) ? gap(a.fdi) + gap(b.fdi) : gap(positionOf(a.fdi) > positionOf(b.fdi) ? a.fdi : b.fdi)) > 0.3;
    out.push({ widthMm, contact: !skipped && !spaced });
  }
  return out;
}

const vertexOf = (c: { positions: Float64Array }, v: number): [number, number, number] =>
  [c.positions[3 * v], c.positions[3 * v + 1], c.positions[3 * v + 2]];

/** Whether tooth f stands between a and b along the arch (patient's right to left order). */
function between(p: RawPatient, f: number, a: number, b: number): boolean {
  const order = archOrder(p.jaw);
  const [i, j] = [order.indexOf(a), order.indexOf(b)].sort((x, y) => x - y);
  const k = order.indexOf(f);
  return k > i && k < j;
}

/** Spacing of the gum's columns past the ends of the arch (gingiva.ts), mm. */
const END_STEP = 1.3;

/**
 * Level ridge, in gum columns, where teeth are missing past either end of the arch (a
 * partial arch): the scan goes on over the healed sockets before the gum falls away.
 */
function endRidges(placed: RawTooth[], present: RawTooth[]): [number, number] {
  if (present.length === 0) return [0, 0];
  const first = present[0], last = present[present.length - 1];
  const reach = (beyond: RawTooth[]): number => Math.round(beyond.reduce((s, t) => s + t.anatomy.mdWidth, 0) / END_STEP);
  return [reach(placed.filter((t) => t.sigma < first.sigma)), reach(placed.filter((t) => t.sigma > last.sigma))];
}

/** The density whose triangle count comes nearest the target. */
function densityFor(target: number, teeth: RawTooth[], bridges: Bridge[], gum: GumShape, variant: Variant): number {
  let best = 1;
  let bestError = Infinity;
  for (let d = 0.3; d <= 4; d += 0.01) {
    const error = Math.abs(countTriangles(teeth, bridges, gum, variant, d) - target);
    if (error < bestError) { bestError = error; best = d; }
  }
  return best;
}

export function rawScan(opts: RawScanOptions): RawScan {
  if (opts.triangles !== undefined && !(opts.triangles >= MIN_TRIANGLES && opts.triangles <= MAX_TRIANGLES)) {
    throw new Error(`triangles must be between ${MIN_TRIANGLES} and ${MAX_TRIANGLES}, got ${opts.triangles}`);
  }
  const patient = drawPatient(opts);
  const missing = new Set(opts.missing ?? []);
  const placed = placeRawArch(patient);
  const teeth = placed.filter((t) => !missing.has(t.fdi));
  const bridges = bridgesOf(patient, teeth, missing);
  const variant: Variant = opts.crownOnly ?? 'full';
  const gum = { ...patient.gum, ridgeColumns: endRidges(placed, teeth) };
  const density = opts.triangles === undefined ? 1 : densityFor(opts.triangles, teeth, bridges, gum, variant);
  const s = buildSurface(opts.jaw, patient.form, teeth, bridges, gum, variant, density);
  // A scanner's noise: a few hundredths of a millimetre on every vertex.
  const noise = opts.noiseMm ?? 0.015;
  const rng = stream(opts.seed, 7);
  const positions = new Float32Array(s.positions.length);
  for (let i = 0; i < positions.length; i++) positions[i] = s.positions[i] + noise * (uniform(rng, -0.5, 0.5) + uniform(rng, -0.5, 0.5));
  const present = new Set(teeth.map((t) => t.fdi));
  return {
    mesh: { positions, indices: Uint32Array.from(s.indices) },
    faceLabels: Uint8Array.from(s.faceLabels),
    vertexLabels: Uint8Array.from(s.vertexLabels),
    teeth: archOrder(opts.jaw).filter((f) => present.has(f)),
    jaw: opts.jaw,
  };
}
