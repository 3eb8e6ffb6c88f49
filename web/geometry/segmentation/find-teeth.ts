// Proposes one seed per tooth: the numbering along the crown-top profile gives each tooth
// a stretch of the arch, and its seed is the crown-top vertex nearest the middle of that
// stretch, on the arch curve.
import { archOrder, positionOf } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import { crownTopProfile, type ArchProfile } from './arch-profile.ts';
import type { SegmentationContext } from './context.ts';
import { numberTeeth, SCALE_RANGE, type Numbering, type ToothSpan } from './numbering.ts';
import { AMBIGUITY_MARGIN, namesOf, numberingAlternatives, type NumberingAlternative } from './numbering-alternatives.ts';
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
  /** The tooth (FDI) whose click would settle an uncertain numbering, as the warning names it. */
  askFdi?: number;
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
    numbering = numberFromAnchor(profile, ctx.jaw, free, pinned.fdi, s) ?? shiftedTo(free, ctx, pinned.fdi, s);
    report.anchor = { fdi: pinned.fdi, point: seedPosition(ctx, pinned) };
  } else {
    Object.assign(report, judgeNumbering(profile, ctx.jaw, free));
    if (report.askFdi !== undefined) warnings.push(`${UNCERTAIN_NUMBERS} click tooth ${report.askFdi} (or any tooth you know) to set them.`);
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

/** How sure the automatic numbering is: its nearest rivals, and the tooth to ask for when unsure. */
export function judgeNumbering(profile: ArchProfile, jaw: Jaw, free: Numbering): NumberingReport {
  const alternatives = numberingAlternatives(profile, jaw, free);
  if (alternatives.length > 0 && alternatives[0].extraCost < AMBIGUITY_MARGIN) {
    return { ambiguous: true, alternatives, askFdi: toothToAsk(jaw, free, alternatives[0].numbers) };
  }
  // Which of two alike premolars is gone the scan cannot tell: ask for the one left.
  const premolar = closedPremolarSpace(free);
  return premolar ? { ambiguous: true, alternatives, askFdi: premolar } : { ambiguous: false, alternatives };
}

/**
 * The tooth whose click settles the doubt: the central, unless the other layout names only
 * teeth behind the canine differently (a closed space, a molar taken for two teeth): then
 * the crown nearest the canine that the two name differently, by the name it has now. Named
 * right, it settles both which premolar is gone and where the molars start; a first molar
 * would pin the molars but not which of two alike premolars is missing.
 */
export function toothToAsk(jaw: Jaw, best: Numbering, other: readonly number[]): number {
  const differ = best.spans.map((_, i) => i).filter((i) => best.spans[i].fdi !== other[i]);
  const back = (fdi: number) => fdi === 0 || positionOf(fdi) > 3;
  const quadrants = new Set(differ.map((i) => Math.floor(best.spans[i].fdi / 10)));
  if (differ.length && quadrants.size === 1 && differ.every((i) => back(best.spans[i].fdi) && back(other[i]))) {
    return best.spans[differ.reduce((a, i) => (positionOf(best.spans[i].fdi) < positionOf(best.spans[a].fdi) ? i : a))].fdi;
  }
  return jaw === 'upper' ? 11 : 41;
}

/**
 * The layout built from a tooth the planner named at arch position `s`; the automatic one
 * when it gives every crown the same names (the anchor's pull on the boundaries would only
 * nudge them). Agreeing on the clicked crown alone is not enough: a molar halved behind a
 * closed space can leave a "16" under the click while the names behind it are shifted,
 * and the click near the true molar's middle is what sets them right. Null when no layout
 * fits the anchor.
 */
export function numberFromAnchor(profile: ArchProfile, jaw: Jaw, free: Numbering, fdi: number, s: number): Numbering | null {
  const anchored = numberTeeth(profile, jaw, { anchor: { fdi, s } });
  if (!anchored) return null;
  const same = namesOf(free.spans, anchored.spans).every((f, i) => f === free.spans[i].fdi) && anchored.spans.length === free.spans.length;
  return same ? free : anchored;
}

/**
 * The premolar left beside a closed premolar space in this layout (two touching teeth of one
 * side with a premolar's position between them), or 0.
 */
export function closedPremolarSpace(n: Numbering): number {
  for (let i = 0; i + 1 < n.spans.length; i++) {
    const a = n.spans[i], b = n.spans[i + 1];
    if (Math.floor(a.fdi / 10) !== Math.floor(b.fdi / 10) || a.end !== b.start) continue;
    const [lo, hi] = [positionOf(a.fdi), positionOf(b.fdi)].sort((x, y) => x - y);
    if (hi - lo !== 2 || (lo + 1 !== 4 && lo + 1 !== 5)) continue;
    const left = [a, b].find((s) => positionOf(s.fdi) === 4 || positionOf(s.fdi) === 5);
    if (left) return left.fdi;
  }
  return 0;
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
