// The gum of a demo arch: one structured grid around the arch whose holes are exactly the
// crowns' margin rings, so the crowns and the gingiva share their boundary vertices (one
// watertight-looking surface, as a scanner would capture it). Columns run along the arch,
// rows from the lingual edge over the ridge to the buccal vestibule. Between two teeth the
// grid bridges their facing proximal margins: that strip is the interdental papilla.
import type { Jaw } from '../../core/types.ts';
import type { ArchForm } from './arch-form.ts';
import { archPoint, projectOnArch } from './arch-form.ts';
import type { RingLayout } from './crown.ts';

/** What the gingiva needs to know of one crown, in arch order. */
export interface GumTooth {
  /** Global index of the crown's margin ring vertex 0; the ring is contiguous. */
  ringStart: number;
  layout: RingLayout;
  /** Extra fullness of the ridge over this root (canine eminence), mm. */
  eminence: number;
  /** Columns bridging to the next crown (default 3: a contact); more across an open space. */
  gapColumns?: number;
  /** How far the bridge to the next crown dips apically at its middle, mm (an edentulous ridge). */
  gapSag?: number;
}

export interface GumShape {
  lingualRows: number;
  buccalRows: number;
  /** Depth of the vestibule and of the lingual edge below the margins, mm. */
  buccalDepth: number;
  lingualDepth: number;
  /** How far the lingual edge reaches in from the margins (palate wall / floor of mouth), mm. */
  lingualReach: number;
  /** How far the vestibule edge stands out buccally of the margins, mm. */
  buccalFlare: number;
  /**
   * Columns of level edentulous ridge past the first and the last crown before the gum falls
   * away (teeth missing at the end of the arch); none by default.
   */
  ridgeColumns?: [number, number];
  /**
   * How far (mm) the free gingival margin stands off the enamel: the gum leaves the crown
   * outwards before it turns apically, so the two meet in a crease (the sulcus) all round,
   * mid-crown as between teeth. None by default (the demo's gum leaves it tangentially).
   */
  marginLip?: number;
}

const GAP_COLUMNS = 3;
/** Share of a side's rows (mm-proportional: rows span the side's depth) over which the margin lip stands out. */
const LIP_SPAN = 0.08;
const END_COLUMNS = 6;

type Anchor = { sigma: number; offset: number; apical: number };

/** Ring index of the proximal side facing lower (0) or higher (1) arch parameter; j from lingual corner. */
const proximal = (l: RingLayout, high: boolean, j: number): number =>
  high ? j : 2 * l.proximal + l.side - j;
const buccal = (l: RingLayout, k: number): number => l.proximal + l.side - k;
const lingual = (l: RingLayout, k: number): number => (2 * l.proximal + l.side + k) % (2 * l.proximal + 2 * l.side);

/**
 * Appends the gingiva of one arch to `positions` (xyz, world) and returns its triangles.
 * The crowns' rings must already be in `positions`.
 */
export function buildGingiva(jaw: Jaw, form: ArchForm, teeth: GumTooth[], shape: GumShape, positions: number[], gaps?: Array<[number, number]>): number[] {
  const K = teeth[0].layout.proximal;
  const apicalSign = jaw === 'upper' ? 1 : -1;
  const rows = shape.lingualRows + K + 1 + shape.buccalRows;
  const jl = shape.lingualRows;
  const jb = jl + K;
  const vertex = (p: number[]): number => {
    positions.push(p[0], p[1], p[2]);
    return positions.length / 3 - 1;
  };
  const at = (i: number): number[] => [positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]];
  const toArch = (p: number[]): Anchor => ({ ...projectOnArch(form, jaw, p[0], p[1]), apical: apicalSign * p[2] });
  const fromArch = (a: Anchor): number[] => {
    const q = archPoint(form, jaw, a.sigma);
    return [q.x + a.offset * q.nx, q.y + a.offset * q.ny, apicalSign * a.apical];
  };

  // Columns: the hole band (rows jl..jb) of every column, as vertex indices.
  const band: number[][] = [];
  const holeStart: number[] = [];
  const eminence: number[] = [];
  const ridgeLow = shape.ridgeColumns?.[0] ?? 0;
  const ridgeHigh = shape.ridgeColumns?.[1] ?? 0;
  const endColumns = (ring: number[], towardsHigh: boolean): number[][] => {
    const out: number[][] = [];
    const arc = ring.map((v) => toArch(at(v)));
    const first = arc[0].apical;
    const last = arc[arc.length - 1].apical;
    const flat = towardsHigh ? ridgeHigh : ridgeLow;
    for (let e = 1; e <= END_COLUMNS + flat; e++) {
      // Over a level ridge the band stops narrowing and the gum does not fall yet.
      const narrow = e - Math.min(Math.max(0, e - 2), flat);
      const fall = e - Math.min(e, flat);
      // The ridge runs on past the last molar, rounds off the papilla peak of its distal
      // margin and falls away (tuberosity / retromolar pad).
      const settle = Math.min(1, e / 2);
      out.push(arc.map((a, j) => {
        const t = j / (arc.length - 1);
        const ridge = first + t * (last - first) - 0.6 * Math.sin(Math.PI * t);
        return vertex(fromArch({
          sigma: a.sigma + (towardsHigh ? 1 : -1) * 1.3 * e,
          offset: a.offset * (1 - 0.07 * narrow),
          apical: a.apical + settle * (ridge - a.apical) + 0.12 * fall * fall + 0.3 * fall,
        }));
      }));
    }
    return towardsHigh ? out : out.reverse();
  };
  const side = (t: GumTooth, high: boolean): number[] =>
    Array.from({ length: K + 1 }, (_, j) => t.ringStart + proximal(t.layout, high, j));

  for (const col of endColumns(side(teeth[0], false), false)) { band.push(col); eminence.push(0); }
  teeth.forEach((t, n) => {
    const M = t.layout.side;
    holeStart.push(band.length);
    for (let k = 0; k <= M; k++) {
      const col = new Array<number>(K + 1).fill(-1);
      col[0] = t.ringStart + lingual(t.layout, k);
      col[K] = t.ringStart + buccal(t.layout, k);
      if (k === 0 || k === M) for (let j = 0; j <= K; j++) col[j] = t.ringStart + proximal(t.layout, k === M, j);
      band.push(col);
      eminence.push(t.eminence * Math.sin((Math.PI * k) / M) ** 2);
    }
    if (n === teeth.length - 1) return;
    const from = side(t, true);
    const to = side(teeth[n + 1], false);
    const columns = t.gapColumns ?? GAP_COLUMNS;
    const first = positions.length / 3;
    for (let g = 1; g <= columns; g++) {
      const f = g / (columns + 1);
      const sag = apicalSign * (t.gapSag ?? 0) * Math.sin(Math.PI * f);
      band.push(from.map((v, j) => {
        const a = at(v);
        const b = at(to[j]);
        const z = a[2] + f * (b[2] - a[2]);
        return vertex([a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), sag ? z + sag : z]);
      }));
      eminence.push(0);
    }
    // Callers that trim the gum away keep these bridges (the crowns' contacts) apart.
    gaps?.push([first, positions.length / 3]);
  });
  for (const col of endColumns(side(teeth[teeth.length - 1], true), true)) { band.push(col); eminence.push(0); }

  // Rows away from the margins: from each column's margin vertex towards a smooth edge.
  const C = band.length;
  const lingualAnchor = band.map((col) => toArch(at(col[0])));
  const buccalAnchor = band.map((col) => toArch(at(col[K])));
  // Gaussian smoothing along the arch; the ends are padded by point reflection so that a
  // trend (the arch parameter itself) carries on instead of bending back.
  const smooth = (xs: number[], radius: number): number[] => {
    const reach = 3 * radius;
    const n = xs.length;
    const value = (k: number): number => (k < 0 ? 2 * xs[0] - xs[-k] : k >= n ? 2 * xs[n - 1] - xs[2 * (n - 1) - k] : xs[k]);
    const weights = Array.from({ length: 2 * reach + 1 }, (_, k) => Math.exp(-0.5 * ((k - reach) / radius) ** 2));
    const total = weights.reduce((a, b) => a + b, 0);
    return xs.map((_, i) => {
      let sum = 0;
      for (let k = -reach; k <= reach; k++) sum += weights[k + reach] * value(i + k);
      return sum / total;
    });
  };
  const grid: number[][] = band.map(() => new Array<number>(rows).fill(-1));
  for (const [anchors, count, outward] of [[lingualAnchor, shape.lingualRows, -1], [buccalAnchor, shape.buccalRows, 1]] as const) {
    const sigmaFar = smooth(anchors.map((a) => a.sigma), 6);
    const offsetFar = smooth(anchors.map((a) => a.offset), 12);
    // The vestibule and lingual edges keep their level past the last molars instead of
    // following the ridge down there.
    const level = anchors.map((_, c) => anchors[Math.min(C - 1 - END_COLUMNS - ridgeHigh, Math.max(END_COLUMNS + ridgeLow, c))].apical);
    const apicalFar = smooth(level, 12);
    for (let c = 0; c < C; c++) {
      const a = anchors[c];
      for (let r = 1; r <= count; r++) {
        const t = r / count;
        const reach = outward > 0 ? shape.buccalFlare : -shape.lingualReach;
        const depth = outward > 0 ? shape.buccalDepth : shape.lingualDepth;
        // Rise steeply off the margin, then turn away: the alveolar ridge in section.
        const down = Math.sin((Math.PI / 2) * t);
        const out = t * t;
        const bulge = outward * (0.9 * Math.sin(Math.PI * t) ** 0.5 + eminence[c] * Math.sin(Math.PI * t));
        // The lip fades towards the edge, so the vestibule and lingual edges stay where they were.
        const lip = shape.marginLip ? outward * shape.marginLip * Math.sin((Math.PI / 2) * Math.min(1, t / LIP_SPAN)) * (1 - t) : 0;
        const p = fromArch({
          sigma: a.sigma + (sigmaFar[c] - a.sigma) * down,
          offset: a.offset + (offsetFar[c] + reach - a.offset) * out + bulge + lip,
          apical: a.apical + (apicalFar[c] + depth - a.apical) * down,
        });
        grid[c][outward > 0 ? jb + r : jl - r] = vertex(p);
      }
    }
  }
  for (let c = 0; c < C; c++) for (let j = 0; j <= K; j++) grid[c][jl + j] = band[c][j];

  const holeColumn = new Uint8Array(C);
  holeStart.forEach((h, n) => holeColumn.fill(1, h, h + teeth[n].layout.side));
  const len2 = (a: number, b: number): number => {
    const dx = positions[3 * a] - positions[3 * b];
    const dy = positions[3 * a + 1] - positions[3 * b + 1];
    const dz = positions[3 * a + 2] - positions[3 * b + 2];
    return dx * dx + dy * dy + dz * dz;
  };
  const indices: number[] = [];
  for (let c = 0; c < C - 1; c++) {
    for (let j = 0; j < rows - 1; j++) {
      if (holeColumn[c] && j >= jl && j < jb) continue;
      const a = grid[c][j], b = grid[c + 1][j], d = grid[c][j + 1], e = grid[c + 1][j + 1];
      // Split each quad along its shorter diagonal.
      if (len2(a, e) <= len2(b, d)) indices.push(a, b, e, a, e, d);
      else indices.push(a, b, d, b, e, d);
    }
  }
  return indices;
}
