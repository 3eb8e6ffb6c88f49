// Cutting crowns from the gingiva and from each other: a random walk (harmonic field)
// per tooth on the vertex graph, with edge conductance that collapses across concave
// creases (the gum line and the interproximal grooves).
//
// Why a random walk and not watershed or graph cut: the gum line is a crisp concave ring
// in most places but fades on the palatal side of incisors and across contact points;
// watershed leaks through any such gap and graph cut needs a max-flow solver and cuts along
// triangle edges (staircases). The random walker splits the potential at the weakest
// links of the whole ring, degrades smoothly where the ring fades, and its field is smooth,
// so the boundary can be taken as the field's isoline inside each triangle. A weak prior
// (how deep below the crown tops a vertex lies, where along the arch it is) settles
// pockets that creases cut off from every seed. Each tooth is solved in a window around
// it with conjugate gradients: a correction re-solves only the teeth it touches, warm-started.
import { archOrder } from '../../core/fdi.ts';
import { meanEdgeLength, type SegmentationContext } from './context.ts';
import type { ToothSeed } from './find-teeth.ts';
import { solveHarmonic } from './harmonic.ts';
import type { ProgressReport } from './progress.ts';
import { expectedCrownHeight, expectedWidth } from './tooth-sizes.ts';

/** One tooth's solved field, kept so an unchanged tooth is not solved again. */
export interface ToothField {
  fdi: number;
  /** Everything the solve depended on, as a string: equal key, equal field. */
  key: string;
  vertices: Int32Array;
  values: Float64Array;
}

export interface CutOptions {
  seeds: ToothSeed[];
  /** Patient size factor over the average crown widths. */
  scale: number;
  /** Painted faces: face index -> label (FDI, or 0 for gingiva); hard constraints. */
  paint: ReadonlyMap<number, number>;
  /** Fields from a previous cut, reused when their key still matches. */
  previous?: readonly ToothField[];
  /** Told after each tooth is solved. */
  onProgress?: ProgressReport;
}

/** Pull towards the prior per vertex, relative to a full-conductance edge. */
const PRIOR_WEIGHT = 0.002;
/** How far (mm) beyond its stretch of the arch a tooth's window reaches. */
const WINDOW_MARGIN = 4;
/** Beyond this distance off the arch curve (mm) or this many crown heights deep, gingiva. */
const WINDOW_LATERAL = 13;
const WINDOW_DEPTH = 1.6;
/** A tooth's core: crown-top vertices at most this deep (mm) and this far off the arch curve. */
const CORE_DEPTH = 2;
const CORE_LATERAL = 8;
/**
 * Depth below the crown top, in crown heights, where the prior turns from tooth to gum. Not
 * the full crown height (the labial zenith, the deepest point of the margin): behind upper
 * incisors the margin runs at about 0.7 crown heights and its crease is shallow, and a prior
 * still calling the palate tooth there pulled a band of it a few millimetres wide into the crown.
 * Where the margin runs deeper, its crease is strong and holds the cut without the prior.
 */
const PRIOR_MARGIN = 0.7;
/** Soft edge (mm) of a tooth's stretch along the arch in its prior. */
const STRETCH_SOFTNESS = 2.5;
/**
 * The papillae between touching teeth: a stronger pull to the gum (relative to a
 * full-conductance edge) within PAPILLA_REACH mm of where a tooth's stretch meets its
 * neighbour's (or past it), below the depth where the prior turns to gum. A lingual papilla
 * beside an upper canine can sit shallow and smooth, no crease between it and the lateral
 * incisor, and the weak prior left it a near tie the incisor won. Nowhere else: a last
 * molar's distal flank has no papilla and runs deep, and pulled there it went to the gum; the
 * real arch's lateral incisors reach past their stretch higher up, on the crown's side of the
 * ramp, and pulled there they lost their palatal flank.
 */
const PAPILLA_WEIGHT = 0.03;
const PAPILLA_REACH = 1.5;
/** Prior targets at or above this stay at the weak pull (the tooth's own side of the ramp). */
const PAPILLA_TARGET = 0.3;
/**
 * Mean edge (mm) of the meshes the pulls above were tuned on (generated arches at 50k
 * triangles). A pull per vertex stands for a pull per area, so on a finer mesh, with more
 * vertices to the square millimetre, each must pull less: left as it was, a 300k-triangle
 * lower arch cut on its proxy (edges about 0.33 mm) gave 6% of its tooth area, a band along
 * the gum line, to the gum (3% at 50k). Coarser meshes keep the tuned pulls.
 */
const PRIOR_EDGE = 0.54;

interface ToothPlan {
  seed: ToothSeed;
  lo: number;
  hi: number;
  top: number;
  crownHeight: number;
  width: number;
  /** Whether another tooth's stretch meets this one's at lo, and at hi (a papilla lies there). */
  metLo: boolean;
  metHi: boolean;
}

export interface CutFields {
  fields: ToothField[];
  /** Label fixed on each vertex before solving (FDI, 0 gingiva), -1 where free. */
  fixed: Int16Array;
}

export function cutTeeth(ctx: SegmentationContext, opts: CutOptions): CutFields {
  const plans = planTeeth(ctx, opts.seeds, opts.scale);
  const fixed = fixedLabels(ctx, plans, opts.paint);
  const fields: ToothField[] = [];
  for (const [i, plan] of plans.entries()) {
    const key = fieldKey(ctx, plan, plans, opts);
    const old = opts.previous?.find((f) => f.fdi === plan.seed.fdi);
    if (old && old.key === key) fields.push(old);
    else fields.push(solveTooth(ctx, plan, fixed, key, old));
    opts.onProgress?.((i + 1) / plans.length, `Cutting the crowns (${i + 1} of ${plans.length})`);
  }
  return { fields, fixed };
}

/** Each seed's stretch of the arch: split from its neighbours in proportion to their widths. */
function planTeeth(ctx: SegmentationContext, seeds: ToothSeed[], scale: number): ToothPlan[] {
  const { along, buccal, height } = ctx.coords;
  const order = archOrder(ctx.jaw);
  const sorted = [...seeds].sort((a, b) => along[a.vertex] - along[b.vertex]);
  const widthOf = (s: ToothSeed) => expectedWidth(s.fdi, ctx.jaw) * scale;
  const plans: ToothPlan[] = sorted.map((seed, i) => {
    const a = along[seed.vertex], w = widthOf(seed);
    let lo = a - 0.55 * w, hi = a + 0.55 * w;
    let metLo = false, metHi = false;
    const prev = sorted[i - 1], next = sorted[i + 1];
    const adjacent = (x: ToothSeed, y: ToothSeed) => Math.abs(order.indexOf(x.fdi) - order.indexOf(y.fdi)) === 1;
    if (prev) {
      const ap = along[prev.vertex], wp = widthOf(prev);
      const split = ap + ((a - ap) * wp) / (wp + w);
      lo = adjacent(prev, seed) ? split : Math.max(lo, split);
      metLo = lo === split;
    }
    if (next) {
      const an = along[next.vertex], wn = widthOf(next);
      const split = a + ((an - a) * w) / (w + wn);
      hi = adjacent(seed, next) ? split : Math.min(hi, split);
      metHi = hi === split;
    }
    return { seed, lo, hi, top: -Infinity, crownHeight: expectedCrownHeight(seed.fdi, ctx.jaw) * Math.sqrt(scale), width: w, metLo, metHi };
  });
  for (let v = 0; v < along.length; v++) {
    if (Math.abs(buccal[v]) > 6) continue;
    for (const p of plans) if (along[v] >= p.lo && along[v] <= p.hi && height[v] > p.top) p.top = height[v];
  }
  for (const p of plans) if (p.top === -Infinity) p.top = height[p.seed.vertex];
  return plans;
}

/** Label fixed on a vertex: painted faces, the tooth cores, the scan's open edge (gingiva); -1 free. */
function fixedLabels(ctx: SegmentationContext, plans: ToothPlan[], paint: ReadonlyMap<number, number>): Int16Array {
  const { topo } = ctx;
  const fixed = new Int16Array(topo.vertexCount).fill(-1);
  // A scan's open edge is its trimmed base, in the gum; a crown-only mesh's is the crowns' own cervical line.
  if (!ctx.crownOnly) for (let v = 0; v < topo.vertexCount; v++) if (topo.boundary[v]) fixed[v] = 0;
  for (const p of plans) {
    for (const v of coreOf(ctx, p)) fixed[v] = p.seed.fdi;
  }
  // A painted label pins the vertices inside the stroke (all their triangles painted
  // alike); its rim stays free, so painting a fringe does not erode what lies beyond it.
  for (const [f, label] of paint) {
    for (let k = 0; k < 3; k++) {
      const v = topo.indices[3 * f + k];
      let inside = true;
      for (let e = topo.vfStart[v]; e < topo.vfStart[v + 1] && inside; e++) inside = paint.get(topo.vf[e]) === label;
      if (inside) fixed[v] = label;
    }
  }
  return fixed;
}

/**
 * The crown top in the middle half of the tooth's stretch of the arch: every cusp, not
 * only the one the seed sits on (a premolar's palatal cusp is cut off from the buccal one
 * by its fissure, and a core on one cusp would leave the other to the gum).
 */
function coreOf(ctx: SegmentationContext, plan: ToothPlan): number[] {
  const { along, buccal, height } = ctx.coords;
  const quarter = (plan.hi - plan.lo) / 4;
  const out: number[] = [plan.seed.vertex];
  for (let v = 0; v < along.length; v++) {
    if (along[v] < plan.lo + quarter || along[v] > plan.hi - quarter) continue;
    if (Math.abs(buccal[v]) > CORE_LATERAL || plan.top - height[v] > CORE_DEPTH) continue;
    out.push(v);
  }
  return out;
}

function fieldKey(ctx: SegmentationContext, plan: ToothPlan, plans: ToothPlan[], opts: CutOptions): string {
  const near = plans
    .filter((p) => p.hi >= plan.lo - 2 * WINDOW_MARGIN && p.lo <= plan.hi + 2 * WINDOW_MARGIN)
    .map((p) => `${p.seed.fdi}@${p.seed.vertex}:${p.lo.toFixed(3)}:${p.hi.toFixed(3)}`);
  // Only paint inside this tooth's window matters to its field.
  let h = 0, n = 0;
  const { along } = ctx.coords;
  for (const [f, l] of opts.paint) {
    const a = along[ctx.topo.indices[3 * f]];
    if (a < plan.lo - 2 * WINDOW_MARGIN || a > plan.hi + 2 * WINDOW_MARGIN) continue;
    h = (Math.imul(h, 31) + f * 7 + l) | 0;
    n++;
  }
  return `${opts.scale}|${near.join(',')}|paint:${n}:${h}`;
}

function solveTooth(ctx: SegmentationContext, plan: ToothPlan, fixed: Int16Array, key: string, old?: ToothField): ToothField {
  const { topo, coords } = ctx;
  const { along, buccal, height } = coords;
  const fdi = plan.seed.fdi;
  const free: number[] = [];
  const H = plan.crownHeight;
  for (let v = 0; v < topo.vertexCount; v++) {
    if (fixed[v] >= 0) continue;
    if (along[v] < plan.lo - WINDOW_MARGIN || along[v] > plan.hi + WINDOW_MARGIN) continue;
    if (Math.abs(buccal[v]) > WINDOW_LATERAL || plan.top - height[v] > WINDOW_DEPTH * H) continue;
    free.push(v);
  }
  const freeArr = Int32Array.from(free);
  const perArea = Math.min(1, (meanEdgeLength(topo) / PRIOR_EDGE) ** 2);
  const priorWeight = new Float64Array(free.length).fill(PRIOR_WEIGHT * perArea);
  const priorTarget = new Float64Array(free.length);
  for (let i = 0; i < free.length; i++) {
    const v = free[i];
    const inside = Math.min(along[v] - plan.lo, plan.hi - along[v]);
    const stretch = Math.min(1, Math.max(0, 0.5 + inside / STRETCH_SOFTNESS));
    const depth = plan.top - height[v];
    const crown = ctx.crownOnly ? 1 : Math.min(1, Math.max(0, 0.5 + (PRIOR_MARGIN * H - depth) / (0.8 * H)));
    const lateral = Math.min(1, Math.max(0, (12 - Math.abs(buccal[v])) / 3));
    priorTarget[i] = stretch * crown * lateral;
    const toPapilla = Math.min(plan.metLo ? along[v] - plan.lo : Infinity, plan.metHi ? plan.hi - along[v] : Infinity);
    if (toPapilla < PAPILLA_REACH && crown < 0.5 && priorTarget[i] < PAPILLA_TARGET) priorWeight[i] = PAPILLA_WEIGHT * perArea;
  }
  let initial: Float64Array | undefined;
  if (old) {
    const prev = new Map<number, number>();
    old.vertices.forEach((v, i) => prev.set(v, old.values[i]));
    initial = Float64Array.from(freeArr, (v) => prev.get(v) ?? 0);
  }
  const res = solveHarmonic({
    topo, weights: ctx.conductance, free: freeArr,
    fixed: (v) => (fixed[v] === fdi ? 1 : 0),
    priorWeight, priorTarget, initial, tolerance: 1e-3, maxIterations: 3000,
  });
  return { fdi, key, vertices: freeArr, values: res.values };
}
