// What the plan session asks of the engine beyond the pipeline's runs (web/pipeline): calls
// that stop when the case closes, and per-vertex distances painted back onto the scans for
// the colourings. Each function is one engine job; the session's lane keeps them from interleaving.
import { jawOf, type Fdi } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import type { Collision } from '../../core/findings.ts';
import type { EngineCalls, OcclusionMap } from '../../engine/engine.ts';
import type { PlanArchParts, PlanColouring, PlanSolid } from './plan-types.ts';

export type PlanEngine = EngineCalls;

/** The engine calls until `close()`; after it every call fails without reaching the engine. */
export function closable(engine: PlanEngine): { calls: PlanEngine; close(): void; closed(): boolean } {
  let closed = false;
  const guard = <A extends unknown[], R>(f: (...args: A) => Promise<R>) => (...args: A): Promise<R> =>
    closed ? Promise.reject(new Error('The case was closed.')) : f(...args);
  return {
    calls: {
      loadTeeth: guard((t) => engine.loadTeeth(t)),
      stageTeeth: guard((t) => engine.stageTeeth?.(t) ?? Promise.resolve()),
      computePoses: guard((p) => engine.computePoses(p)),
      queryPairs: guard((p, o) => engine.queryPairs(p, o)),
      occlusionMap: guard((r) => engine.occlusionMap(r)),
      updateToothTarget: guard((f, t, s) => engine.updateToothTarget(f, t, s)),
    },
    close: () => void (closed = true),
    closed: () => closed,
  };
}

/** The overlap colouring measures only just around the overlap; a wider search would paint whole crowns. */
const OVERLAP_SEARCH_MM = 0.5;
const OCCLUSION_SEARCH_MM = 1;

/** Writes a map's crown distances onto arch vertices; where two maps reach a vertex the nearer (deeper) wins. */
function paint(out: Partial<Record<Jaw, Float32Array>>, map: OcclusionMap, solids: ReadonlyMap<Fdi, PlanSolid>): void {
  for (const t of map.teeth) {
    const solid = solids.get(t.fdi);
    const target = out[jawOf(t.fdi)];
    if (!solid || !target) continue;
    const n = Math.min(t.crownVertexCount, solid.sourceVertex.length);
    for (let i = 0; i < n; i++) {
      const v = solid.sourceVertex[i];
      const d = map.distances[t.offset + i];
      if (v < target.length && !(target[v] <= d)) target[v] = d;
    }
  }
}

/**
 * Signed distance per arch vertex at `stage`: 'overlap' measures each colliding pair both
 * ways, 'occlusion' each arch against the other. NaN where nothing was measured.
 */
export async function vertexDistancesAt(
  engine: PlanEngine, mode: Exclude<PlanColouring, 'tooth'>, stage: number, collisions: readonly Collision[],
  parts: readonly PlanArchParts[], vertexCounts: Partial<Record<Jaw, number>>,
): Promise<Partial<Record<Jaw, Float32Array>>> {
  const out: Partial<Record<Jaw, Float32Array>> = {};
  for (const p of parts) out[p.jaw] = new Float32Array(vertexCounts[p.jaw] ?? 0).fill(NaN);
  const solids = new Map(parts.flatMap((p) => p.solids.map((s) => [s.fdi, s] as const)));
  const requests: { teeth: Fdi[]; antagonists: Fdi[]; searchMm: number }[] = [];
  if (mode === 'overlap') {
    for (const c of collisions) {
      if (!solids.has(c.a) || !solids.has(c.b)) continue;
      requests.push({ teeth: [c.a], antagonists: [c.b], searchMm: OVERLAP_SEARCH_MM }, { teeth: [c.b], antagonists: [c.a], searchMm: OVERLAP_SEARCH_MM });
    }
  } else {
    const upper = [...solids.keys()].filter((f) => jawOf(f) === 'upper');
    const lower = [...solids.keys()].filter((f) => jawOf(f) === 'lower');
    if (upper.length > 0 && lower.length > 0) {
      requests.push({ teeth: upper, antagonists: lower, searchMm: OCCLUSION_SEARCH_MM }, { teeth: lower, antagonists: upper, searchMm: OCCLUSION_SEARCH_MM });
    }
  }
  for (const r of requests) paint(out, await engine.occlusionMap({ ...r, stage }), solids);
  return out;
}
