// What planning needs from one labelled arch: each tooth's axes (frame and width), its crown
// for auto-setup's contact settling, and its closed collision solid for the engine, with
// the way back from solid vertices to scan vertices (overlap and occlusion colours are
// painted on the scan). The studio's planner worker and the CLI both call this, so a lab's
// batch check sees the teeth the planner sees. A segmentation saved in the studio already
// holds the axes (with the planner's adjustments) and the solids: those are used, and only
// the cheap crown cut is redone, for the crowns and the way back to the scan.
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh, Mesh } from '../mesh.ts';
import { estimateArchFrame } from '../segmentation/arch-frame.ts';
import { computeToothAxes, type ToothAxes } from '../tooth-axes.ts';
import { cutCrowns } from '../tooth-crowns.ts';
import { closeCrown } from '../collision-solid.ts';
import type { SegmentationRecord } from '../segmentation-record.ts';

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

/**
 * What a saved segmentation record already holds for an arch (segmentation-record.ts): the
 * labels it was made from, the tooth axes (the planner's adjustments included) and the
 * closed solids.
 */
export type SavedArchParts = Pick<SegmentationRecord, 'vertexLabels' | 'teeth' | 'solids'>;

/** The two costly steps, injectable so tests can count them. */
export interface PlanPartsSteps {
  computeToothAxes: typeof computeToothAxes;
  closeCrown: typeof closeCrown;
}

const STEPS: PlanPartsSteps = { computeToothAxes, closeCrown };

/**
 * `saved` is the arch's segmentation record, when there is one. Made from these very labels,
 * its axes and solids are taken as they are (seconds saved on a real scan); made from other
 * labels (an edit not saved yet), the axes are measured again but the planner's adjusted
 * ones still replace them tooth by tooth, as buildSegmentationRecord does.
 */
export function archPlanParts(mesh: LabelledMesh, jaw: Jaw, saved?: SavedArchParts, steps: PlanPartsSteps = STEPS): PlanArchGeometry {
  if (!mesh.labels || !mesh.labels.some((l) => l !== 0)) throw new Error(`the ${jaw} arch is not segmented into teeth yet`);
  const current = saved !== undefined && sameLabels(saved.vertexLabels, mesh.labels);
  const teeth = (current ? structuredClone(saved.teeth) : withAdjusted(
    steps.computeToothAxes(mesh, mesh.labels, estimateArchFrame(mesh, jaw), jaw).teeth,
    saved?.teeth ?? [],
  )).sort((a, b) => a.fdi - b.fdi);
  const withAxes = new Set(teeth.map((t) => t.fdi));
  const savedSolids = new Map(current ? saved.solids.map((s) => [s.fdi, s.mesh]) : []);
  const crowns: Record<number, Float32Array> = {};
  const solids: PlanSolid[] = [];
  const skipped: string[] = [];
  for (const c of cutCrowns(mesh)) {
    if (!withAxes.has(c.fdi)) continue;
    crowns[c.fdi] = c.mesh.positions;
    const kept = savedSolids.get(c.fdi);
    if (kept && startsWith(kept.positions, c.mesh.positions)) {
      // A saved solid is closeCrown of this same cut crown, so crown vertex i is its vertex i.
      const n = c.mesh.positions.length / 3;
      solids.push({ fdi: c.fdi, mesh: { positions: kept.positions.slice(), indices: kept.indices.slice() }, crownVertexCount: n, sourceVertex: c.sourceVertex.slice(0, n) });
      continue;
    }
    try {
      const solid = steps.closeCrown(c.mesh, `tooth ${c.fdi}`);
      // closeCrown adds no vertex and keeps the crown's vertex order, so crown vertex i is solid vertex i.
      solids.push({ fdi: c.fdi, mesh: solid.mesh, crownVertexCount: solid.crownVertexCount, sourceVertex: c.sourceVertex.slice(0, solid.crownVertexCount) });
    } catch (e) {
      skipped.push(`tooth ${c.fdi} left out of collision checks: ${(e as Error).message}`);
    }
  }
  solids.sort((a, b) => a.fdi - b.fdi);
  return { jaw, teeth, solids, crowns, skipped };
}

function withAdjusted(measured: ToothAxes[], saved: ToothAxes[]): ToothAxes[] {
  const adjusted = new Map(saved.filter((t) => t.adjusted).map((t) => [t.fdi, t]));
  return measured.map((t) => structuredClone(adjusted.get(t.fdi)) ?? t);
}

function sameLabels(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `solid` begins with exactly the crown's vertices (a solid of another cut does not). */
function startsWith(solid: Float32Array, crown: Float32Array): boolean {
  if (solid.length < crown.length) return false;
  for (let i = 0; i < crown.length; i++) if (solid[i] !== crown[i]) return false;
  return true;
}
