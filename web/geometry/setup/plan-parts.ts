// What planning needs from one labelled arch: each tooth's axes (frame and width), its crown
// for auto-setup's contact settling, and its closed collision solid for the engine, with
// the way back from solid vertices to scan vertices (overlap and occlusion colours are
// painted on the scan). The studio's planner worker and the CLI both call this, so a lab's
// batch check sees the teeth the planner sees.
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh, Mesh } from '../mesh.ts';
import { estimateArchFrame } from '../segmentation/arch-frame.ts';
import { computeToothAxes, type ToothAxes } from '../tooth-axes.ts';
import { cutCrowns } from '../tooth-crowns.ts';
import { closeCrown } from '../collision-solid.ts';

/** One tooth's closed collision solid, ready for the engine, with the way back to the scan. */
export interface PlanSolid {
  fdi: number;
  /** closeCrown's mesh, scan frame, mm. */
  mesh: Mesh;
  /** Solid vertices [0, crownVertexCount) are crown vertices. */
  crownVertexCount: number;
  /** Arch (scan) vertex index of each of the first crownVertexCount solid vertices. */
  sourceVertex: Uint32Array;
}

export interface PlanArchParts {
  jaw: Jaw;
  /** Tooth axes (frames + widths), ascending FDI. */
  teeth: ToothAxes[];
  /** Ascending FDI; a crown that could not be closed has none (and is named in `skipped`). */
  solids: PlanSolid[];
  /** Why a tooth is left out of collision checks. */
  skipped: string[];
}

/** PlanArchParts plus each crown's vertices (scan frame), which auto-setup settles contacts with. */
export interface PlanArchGeometry extends PlanArchParts {
  crowns: Record<number, Float32Array>;
}

export function archPlanParts(mesh: LabelledMesh, jaw: Jaw): PlanArchGeometry {
  if (!mesh.labels || !mesh.labels.some((l) => l !== 0)) throw new Error(`the ${jaw} arch is not segmented into teeth yet`);
  const teeth = computeToothAxes(mesh, mesh.labels, estimateArchFrame(mesh, jaw), jaw).teeth.sort((a, b) => a.fdi - b.fdi);
  const withAxes = new Set(teeth.map((t) => t.fdi));
  const crowns: Record<number, Float32Array> = {};
  const solids: PlanSolid[] = [];
  const skipped: string[] = [];
  for (const c of cutCrowns(mesh)) {
    if (!withAxes.has(c.fdi)) continue;
    crowns[c.fdi] = c.mesh.positions;
    try {
      const solid = closeCrown(c.mesh, `tooth ${c.fdi}`);
      // closeCrown adds no vertex and keeps the crown's vertex order, so crown vertex i is solid vertex i.
      solids.push({ fdi: c.fdi, mesh: solid.mesh, crownVertexCount: solid.crownVertexCount, sourceVertex: c.sourceVertex.slice(0, solid.crownVertexCount) });
    } catch (e) {
      skipped.push(`tooth ${c.fdi} left out of collision checks: ${(e as Error).message}`);
    }
  }
  solids.sort((a, b) => a.fdi - b.fdi);
  return { jaw, teeth, solids, crowns, skipped };
}
