// Seeded synthetic arches with known teeth, for tests that need ground truth beyond the one
// real scan: crowns as cusped domes standing on a U-shaped gum ridge. The surface is the
// upper envelope (max) of the gum ridge and every crown, so the gum line and the contacts
// are concave creases, as on a scan; the winning term at each triangle is its true label.
// Built in the patient frame of the shared data: +x the patient's left, -y anterior, +z
// superior (upper crowns point to -z, lower crowns to +z).
import type { Jaw } from '../../core/types.ts';
import { archOrder, positionOf } from '../../core/fdi.ts';
import type { Mesh } from '../mesh.ts';
import { seededRandom } from './random.ts';
import { expectedCrownHeight, expectedWidth } from './tooth-sizes.ts';

export interface SyntheticArchOptions {
  jaw: Jaw;
  seed: number;
  /** FDI numbers left out (their space stays open, at gum level, unless `closeSpaces`). */
  missing?: number[];
  /** Missing teeth leave no space: their neighbours touch, as after an extraction closed. */
  closeSpaces?: boolean;
  /** Include the third molars (18/28 or 38/48). */
  thirdMolars?: boolean;
  /** Grid step along and across the arch (mm); about the resolution of a scan. */
  step?: number;
}

export interface SyntheticArch {
  mesh: Mesh;
  faceLabels: Uint8Array;
  vertexLabels: Uint8Array;
  /** FDI numbers present, from the patient's right to left. */
  teeth: number[];
}

interface Crown { fdi: number; center: number; halfLength: number; halfWidth: number; height: number; cusps: number }

const GUM_TOP = 0;
const BAND_BUCCAL = 11;
const BAND_LINGUAL = 10;

export function syntheticArch(opts: SyntheticArchOptions): SyntheticArch {
  const rand = seededRandom(opts.seed);
  const step = opts.step ?? 0.3;
  const size = 0.95 + 0.15 * rand();
  const missing = new Set(opts.missing ?? []);
  const order = archOrder(opts.jaw).filter((f) => opts.thirdMolars || positionOf(f) !== 8);
  const crowns: Crown[] = [];
  let t = 5;
  for (const fdi of order) {
    const p = positionOf(fdi);
    const w = expectedWidth(fdi, opts.jaw) * size * (0.95 + 0.1 * rand());
    if (!missing.has(fdi)) {
      crowns.push({
        fdi, center: t + w / 2, halfLength: w * 0.54, halfWidth: (p <= 2 ? 3.4 : p === 3 ? 4 : p <= 5 ? 4.6 : 5.4) * size,
        height: expectedCrownHeight(fdi, opts.jaw) * (0.75 + 0.15 * rand()), cusps: p <= 3 ? 1 : p <= 5 ? 2 : 4,
      });
    }
    if (!missing.has(fdi) || !opts.closeSpaces) t += w;
  }
  const length = t + 5;
  const curve = archCentreline(length, rand);
  const nt = Math.ceil(length / step) + 1;
  const nw = Math.ceil((BAND_BUCCAL + BAND_LINGUAL) / step) + 1;
  const positions = new Float32Array(nt * nw * 3);
  const sign = opts.jaw === 'upper' ? -1 : 1;
  const noise = () => (rand() - 0.5) * 0.04;
  for (let i = 0; i < nt; i++) {
    const ti = (i * length) / (nt - 1);
    const [cx, cy, nx, ny] = curve(ti);
    for (let j = 0; j < nw; j++) {
      const w = -BAND_LINGUAL + (j * (BAND_BUCCAL + BAND_LINGUAL)) / (nw - 1);
      const k = 3 * (i * nw + j);
      positions[k] = cx + w * nx + noise();
      positions[k + 1] = cy + w * ny + noise();
      positions[k + 2] = sign * surfaceHeight(crowns, ti, w).height + noise();
    }
  }
  const indices = new Uint32Array((nt - 1) * (nw - 1) * 6);
  const faceLabels = new Uint8Array((nt - 1) * (nw - 1) * 2);
  let f = 0;
  for (let i = 0; i + 1 < nt; i++) {
    for (let j = 0; j + 1 < nw; j++) {
      const a = i * nw + j, b = a + nw, c = b + 1, d = a + 1;
      // Winding chosen so normals point out of the tissue, towards the crown tips.
      const tris = sign < 0 ? [[a, b, c], [a, c, d]] : [[a, c, b], [a, d, c]];
      for (const tri of tris) {
        indices.set(tri, 3 * f);
        const ti = ((i + (tri === tris[0] ? 2 / 3 : 1 / 3)) * length) / (nt - 1);
        const wj = -BAND_LINGUAL + ((j + (tri === tris[0] ? 1 / 3 : 2 / 3)) * (BAND_BUCCAL + BAND_LINGUAL)) / (nw - 1);
        faceLabels[f++] = surfaceHeight(crowns, ti, wj).label;
      }
    }
  }
  const mesh = { positions, indices };
  return { mesh, faceLabels, vertexLabels: majorityVertexLabels(mesh, faceLabels), teeth: crowns.map((c) => c.fdi) };
}

/** U-shaped centreline by arc length: (x, y) and the outward (buccal) normal. */
function archCentreline(length: number, rand: () => number): (t: number) => [number, number, number, number] {
  // Proportions of an average arch (half-width 0.22, depth 0.33 of its length), jittered,
  // then scaled so the parameter is true arc length.
  const halfWidth = 0.22 * (0.92 + 0.16 * rand()), depth = 0.33 * (0.9 + 0.2 * rand());
  const power = 1.7 + 0.4 * rand();
  const unit: [number, number][] = [];
  for (let i = 0; i <= 2000; i++) {
    const u = -1 + i / 1000;
    unit.push([halfWidth * u, -depth + depth * Math.abs(u) ** power]);
  }
  let total = 0;
  for (let i = 1; i < unit.length; i++) total += Math.hypot(unit[i][0] - unit[i - 1][0], unit[i][1] - unit[i - 1][1]);
  const samples = unit.map(([x, y]) => [(x * length) / total, (y * length) / total] as [number, number]);
  const acc = [0];
  for (let i = 1; i < samples.length; i++) acc.push(acc[i - 1] + Math.hypot(samples[i][0] - samples[i - 1][0], samples[i][1] - samples[i - 1][1]));
  return (t) => {
    const target = t;
    let i = 1;
    while (i < acc.length - 1 && acc[i] < target) i++;
    const f = (target - acc[i - 1]) / (acc[i] - acc[i - 1] || 1);
    const x = samples[i - 1][0] + f * (samples[i][0] - samples[i - 1][0]);
    const y = samples[i - 1][1] + f * (samples[i][1] - samples[i - 1][1]);
    const dx = samples[i][0] - samples[i - 1][0], dy = samples[i][1] - samples[i - 1][1];
    const l = Math.hypot(dx, dy) || 1;
    // Travelling from the patient's right (-x) to left (+x) around the front (-y): outside is to the right.
    return [x, y, dy / l, -dx / l];
  };
}

/** Creases (gum line, contacts) are rounded over about this much (mm), as a scanner sees them. */
const FILLET = 0.2;

/** Occlusal height (towards the crown tips) of the surface at (t, w) and which part is on top. */
function surfaceHeight(crowns: Crown[], t: number, w: number): { height: number; label: number } {
  const ridge = GUM_TOP - 0.06 * w * w;
  let best = ridge, label = 0, sum = 1;
  for (const c of crowns) {
    const dt = (t - c.center) / c.halfLength;
    if (Math.abs(dt) > 1) continue;
    const dw = w / c.halfWidth;
    const rho = Math.pow(Math.abs(dt) ** 3 + Math.abs(dw) ** 3, 1 / 3);
    if (rho >= 1) continue;
    // A cusped dome: flat-topped, walls steepening towards the gum line.
    const dome = Math.sqrt(1 - rho ** 4);
    let cusp = 0;
    if (c.cusps >= 2) cusp += 0.9 * Math.exp(-((dw / 0.25) ** 2));
    if (c.cusps >= 4) cusp += 0.6 * Math.exp(-((dt / 0.2) ** 2));
    const h = GUM_TOP - 2 + (c.height + 2) * dome - cusp * dome;
    // Soft maximum, accumulated relative to the current best for stability.
    if (h > best) { sum = sum * Math.exp((best - h) / FILLET) + 1; best = h; label = c.fdi; }
    else sum += Math.exp((h - best) / FILLET);
  }
  return { height: best + FILLET * Math.log(sum), label };
}

function majorityVertexLabels(mesh: Mesh, faceLabels: Uint8Array): Uint8Array {
  const n = mesh.positions.length / 3;
  const counts = new Map<number, Map<number, number>>();
  for (let f = 0; f < faceLabels.length; f++) {
    for (let k = 0; k < 3; k++) {
      const v = mesh.indices[3 * f + k];
      let m = counts.get(v);
      if (!m) { m = new Map(); counts.set(v, m); }
      m.set(faceLabels[f], (m.get(faceLabels[f]) ?? 0) + 1);
    }
  }
  const out = new Uint8Array(n);
  for (const [v, m] of counts) {
    let best = 0, bn = -1;
    for (const [l, c] of m) if (c > bn || (c === bn && l !== 0)) { best = l; bn = c; }
    out[v] = best;
  }
  return out;
}
