// The cut of a dense scan, made on its proxy (see proxy.ts): seeds and paint go down to the
// proxy's vertices and triangles, the proxy is cut as any scan is, and its labels come back
// up to every triangle of the scan. Painted triangles keep their label exactly, at the
// scan's own resolution.
import type { SegmentationContext } from './context.ts';
import type { FoundTeeth } from './find-teeth.ts';
import { giveGumToTeeth } from './crown-only.ts';
import { smoothBoundaries, vertexLabelsFromFaces } from './labels.ts';
import type { ProgressReport } from './progress.ts';
import type { CutState, Segmentation } from './segment.ts';
import { faceNeighbours } from './topology.ts';

const neighbourCache = new WeakMap<SegmentationContext, Int32Array>();

/** Seeds found on the proxy, moved onto the scan's own vertices. */
export function liftSeeds(ctx: SegmentationContext, found: FoundTeeth): FoundTeeth {
  if (!ctx.proxy) return found;
  const { representative } = ctx.proxy.map;
  return { ...found, seeds: found.seeds.map((s) => ({ fdi: s.fdi, vertex: representative[s.vertex] })) };
}

export function recutOnProxy(
  ctx: SegmentationContext, state: CutState,
  recut: (ctx: SegmentationContext, state: CutState, onProgress?: ProgressReport) => Segmentation, onProgress?: ProgressReport,
): Segmentation {
  const { ctx: inner, map } = ctx.proxy!;
  const { clusterOf, faceOf } = map;
  const paint = new Map<number, number>();
  for (const [f, l] of state.paint) if (faceOf[f] >= 0) paint.set(faceOf[f], l);
  const seeds = state.seeds.map((s) => ({ fdi: s.fdi, vertex: clusterOf[s.vertex] }));
  const coarse = recut(inner, { ...state, seeds, paint }, (f, stage) => onProgress?.(0.9 * f, stage));
  onProgress?.(0.9, 'Carrying the labels back to the full scan');
  const { topo } = ctx;
  const I = topo.indices;
  const faceLabels = new Uint8Array(topo.faceCount);
  const vl = coarse.vertexLabels;
  const { vfStart } = inner.topo;
  // A proxy vertex no proxy triangle kept has no label of its own.
  const known = (c: number) => vfStart[c + 1] > vfStart[c];
  let unknown = false;
  for (let f = 0; f < topo.faceCount; f++) {
    const pf = faceOf[f];
    if (pf >= 0) { faceLabels[f] = coarse.faceLabels[pf]; continue; }
    // A triangle that collapsed into one or two proxy vertices: their majority label.
    const ca = clusterOf[I[3 * f]], cb = clusterOf[I[3 * f + 1]], cc = clusterOf[I[3 * f + 2]];
    if (known(cb) && known(cc) && vl[cb] === vl[cc]) faceLabels[f] = vl[cb];
    else if (known(ca)) faceLabels[f] = vl[ca];
    else if (known(cb)) faceLabels[f] = vl[cb];
    else if (known(cc)) faceLabels[f] = vl[cc];
    else { faceLabels[f] = UNKNOWN; unknown = true; }
  }
  const locked = new Set(state.paint.keys());
  for (const [f, l] of state.paint) faceLabels[f] = l;
  let neighbours = neighbourCache.get(ctx);
  if (!neighbours) { neighbours = faceNeighbours(topo); neighbourCache.set(ctx, neighbours); }
  if (unknown) fillUnknown(neighbours, faceLabels);
  if (ctx.crownOnly) giveGumToTeeth(topo, neighbours, faceLabels, state.seeds, locked);
  smoothBoundaries(neighbours, faceLabels, locked);
  return {
    ...coarse,
    faceLabels,
    vertexLabels: vertexLabelsFromFaces(topo, faceLabels),
    seeds: state.seeds,
    paint: state.paint,
    warnings: state.warnings,
  };
}

const UNKNOWN = 255;

/** Unlabelled triangles take the label of the nearest labelled one across edges (gum where none is reached). */
function fillUnknown(neighbours: Int32Array, labels: Uint8Array): void {
  const n = labels.length;
  const queue = new Int32Array(n);
  let head = 0, tail = 0;
  for (let f = 0; f < n; f++) if (labels[f] !== UNKNOWN) queue[tail++] = f;
  while (head < tail) {
    const f = queue[head++];
    for (let k = 0; k < 3; k++) {
      const g = neighbours[3 * f + k];
      if (g >= 0 && labels[g] === UNKNOWN) { labels[g] = labels[f]; queue[tail++] = g; }
    }
  }
  for (let f = 0; f < n; f++) if (labels[f] === UNKNOWN) labels[f] = 0;
}
