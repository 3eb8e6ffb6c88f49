// Proposes one seed per tooth: the numbering along the crown-top profile gives each tooth
// a stretch of the arch, and its seed is the crown-top vertex nearest the middle of that
// stretch, on the arch curve.
import { crownTopProfile } from './arch-profile.ts';
import type { SegmentationContext } from './context.ts';
import { numberTeeth, SCALE_RANGE, type ToothSpan } from './numbering.ts';
import { expectedWidth } from './tooth-sizes.ts';
import type { Vec3 } from './vec.ts';

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
}

export function findTeeth(ctx: SegmentationContext): FoundTeeth {
  const profile = crownTopProfile(ctx.coords);
  const numbering = numberTeeth(profile, ctx.jaw);
  if (!numbering) return { seeds: [], spans: [], scale: 1, warnings: ['no crowns found above the gum on this scan'] };
  const seeds: ToothSeed[] = [];
  const warnings: string[] = [];
  for (const span of numbering.spans) {
    const v = seedVertexFor(ctx, span);
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
  return { seeds, spans: numbering.spans, scale: numbering.scale, warnings };
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
