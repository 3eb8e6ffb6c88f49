// Proposes one seed per tooth: the numbering along the crown-top profile gives each tooth
// a stretch of the arch, and its seed is the crown-top vertex nearest the middle of that
// stretch, on the arch curve.
import { archOrder, positionOf } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import { crownTopProfile } from './arch-profile.ts';
import type { SegmentationContext } from './context.ts';
import { numberTeeth, SCALE_RANGE, type Numbering, type ToothSpan } from './numbering.ts';
import { AMBIGUITY_MARGIN, numberingAlternatives, type NumberingAlternative } from './numbering-alternatives.ts';
import { expectedWidth } from './tooth-sizes.ts';
import type { Vec3 } from './vec.ts';

/** A tooth the planner knows: the crown under `point` (mm, scan frame) or `vertex` is `fdi`. */
export interface ToothAnchor {
  fdi: number;
  point?: Vec3;
  vertex?: number;
}

/** How sure the automatic numbering is, and what it was told. */
export interface NumberingReport {
  /** Another layout names the same crowns differently at about the same cost. */
  ambiguous: boolean;
  /** The nearest other namings of the teeth found, cheapest first. */
  alternatives: NumberingAlternative[];
  /** The anchor the numbering was built from, at the scan point it resolved to. */
  anchor?: { fdi: number; point: Vec3 };
}

/** How the warning of an uncertain numbering begins (a correction that settles it drops it). */
export const UNCERTAIN_NUMBERS = 'The tooth numbers are uncertain on this scan:';

export interface ToothSeed {
  /** FDI number. */
  fdi: number;
  /** Vertex of the scan (the mesh's own order) the seed sits on. */
  vertex: number;
}

export interface FoundTeeth {
  seeds: ToothSeed[];
  spans: ToothSpan[];
  /** Patient size factor over average crown widths (1 = average). */
  scale: number;
  warnings: string[];
  numbering: NumberingReport;
}

export function findTeeth(ctx: SegmentationContext, anchor?: ToothAnchor): FoundTeeth {
  const profile = crownTopProfile(ctx.coords);
  const pinned = anchor ? resolveAnchor(ctx, anchor) : undefined;
  const free = numberTeeth(profile, ctx.jaw);
  if (!free) {
    return { seeds: [], spans: [], scale: 1, warnings: ['no crowns found above the gum on this scan'], numbering: { ambiguous: false, alternatives: [] } };
  }
  let numbering = free;
  const report: NumberingReport = { ambiguous: false, alternatives: [] };
  const warnings: string[] = [];
  if (pinned) {
    const s = ctx.coords.along[pinned.vertex];
    numbering = numberTeeth(profile, ctx.jaw, { anchor: { fdi: pinned.fdi, s } }) ?? shiftedTo(free, ctx, pinned.fdi, s);
    report.anchor = { fdi: pinned.fdi, point: seedPosition(ctx, pinned) };
    // An anchor the automatic numbering already agrees with changes nothing.
    if (free.spans.some((span) => span.fdi === pinned.fdi && span.start <= s && s < span.end)) numbering = free;
  } else {
    report.alternatives = numberingAlternatives(profile, ctx.jaw, free);
    report.ambiguous = report.alternatives.length > 0 && report.alternatives[0].extraCost < AMBIGUITY_MARGIN;
    if (report.ambiguous) {
      warnings.push(`${UNCERTAIN_NUMBERS} click tooth ${toothToAsk(ctx.jaw, free, report.alternatives[0].numbers)} (or any tooth you know) to set them.`);
    }
  }
  const seeds: ToothSeed[] = [];
  for (const span of numbering.spans) {
    // The planner clicked the anchored crown: its seed goes where they clicked.
    const v = pinned && numbering !== free && span.fdi === pinned.fdi ? pinned.vertex : seedVertexFor(ctx, span);
    if (v < 0) warnings.push(`no crown surface found for tooth ${span.fdi}`);
    else seeds.push({ fdi: span.fdi, vertex: v });
    const expected = expectedWidth(span.fdi, ctx.jaw) * numbering.scale;
    const width = span.end - span.start;
    if (Math.abs(width - expected) > 0.35 * expected) {
      warnings.push(`tooth ${span.fdi} spans ${width.toFixed(1)} mm along the arch, about ${expected.toFixed(1)} mm expected: check its numbering`);
    }
  }
  if (numbering.scale <= SCALE_RANGE[0] + 1e-9 || numbering.scale >= SCALE_RANGE[1] - 1e-9) {
    warnings.push(`crown sizes are outside the usual range (x${numbering.scale.toFixed(2)}): check the scan's units and jaw`);
  }
  return { seeds, spans: numbering.spans, scale: numbering.scale, warnings, numbering: report };
}

/**
 * The tooth whose click settles the doubt: the central, unless the other layout names only
 * teeth behind the canine differently (a closed space, a molar taken for two teeth): then
 * the first molar on that side, which the planner knows and which pins the back of it.
 */
function toothToAsk(jaw: Jaw, best: Numbering, other: readonly number[]): number {
  const differ = best.spans.map((_, i) => i).filter((i) => best.spans[i].fdi !== other[i]);
  const back = (fdi: number) => fdi === 0 || positionOf(fdi) > 3;
  const quadrants = new Set(differ.map((i) => Math.floor(best.spans[i].fdi / 10)));
  if (differ.length && quadrants.size === 1 && differ.every((i) => back(best.spans[i].fdi) && back(other[i]))) return [...quadrants][0] * 10 + 6;
  return jaw === 'upper' ? 11 : 41;
}

function resolveAnchor(ctx: SegmentationContext, anchor: ToothAnchor): { fdi: number; vertex: number } {
  if (!archOrder(ctx.jaw).includes(anchor.fdi)) throw new RangeError(`${anchor.fdi} is not a tooth of the ${ctx.jaw} arch`);
  const vertex = anchor.vertex ?? (anchor.point ? nearestVertex(ctx, anchor.point) : -1);
  if (!Number.isInteger(vertex) || vertex < 0 || vertex >= ctx.topo.vertexCount) {
    throw new RangeError(anchor.vertex === undefined && !anchor.point ? `the anchor for tooth ${anchor.fdi} needs a point or a vertex` : `no vertex ${vertex} on this scan`);
  }
  return { fdi: anchor.fdi, vertex };
}

/**
 * Last resort when no layout fits the anchor (it names a crown far from its size): keep
 * the crowns found and slide every name along the arch so the anchored crown has its own.
 */
function shiftedTo(free: Numbering, ctx: SegmentationContext, fdi: number, s: number): Numbering {
  const order = archOrder(ctx.jaw);
  let at = 0, bd = Infinity;
  free.spans.forEach((span, i) => {
    const d = s < span.start ? span.start - s : s > span.end ? s - span.end : 0;
    if (d < bd) { bd = d; at = i; }
  });
  const shift = order.indexOf(fdi) - order.indexOf(free.spans[at].fdi);
  const spans = free.spans
    .map((span) => ({ ...span, fdi: order[order.indexOf(span.fdi) + shift] }))
    .filter((span) => span.fdi !== undefined);
  return { ...free, spans };
}

/** The highest vertex near the middle of the span and near the arch curve. */
function seedVertexFor(ctx: SegmentationContext, span: ToothSpan): number {
  const { along, buccal, height } = ctx.coords;
  const mid = (span.start + span.end) / 2;
  const half = (span.end - span.start) / 2;
  let best = -1, bestScore = -Infinity;
  for (let v = 0; v < along.length; v++) {
    const da = Math.abs(along[v] - mid);
    if (da > 0.4 * half || Math.abs(buccal[v]) > 0.5 * half) continue;
    const score = height[v] - 0.5 * da - 0.5 * Math.abs(buccal[v]);
    if (score > bestScore) { bestScore = score; best = v; }
  }
  return best;
}

/** Seed position in the scan frame (mm). */
export function seedPosition(ctx: SegmentationContext, seed: ToothSeed): Vec3 {
  const P = ctx.topo.positions;
  return [P[3 * seed.vertex], P[3 * seed.vertex + 1], P[3 * seed.vertex + 2]];
}

/** The scan vertex closest to a point (mm, scan frame): where a click puts a seed. */
export function nearestVertex(ctx: SegmentationContext, p: Vec3): number {
  const P = ctx.topo.positions;
  let best = -1, bd = Infinity;
  for (let v = 0; v < ctx.topo.vertexCount; v++) {
    const d = (P[3 * v] - p[0]) ** 2 + (P[3 * v + 1] - p[1]) ** 2 + (P[3 * v + 2] - p[2]) ** 2;
    if (d < bd) { bd = d; best = v; }
  }
  return best;
}
