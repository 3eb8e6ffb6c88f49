// No attachment may run into a neighbour or an antagonist at any stage it is on: the aligner
// could not seat, and the patient would bite on it. Each attachment is posed with its tooth at
// every stage it is on and measured against the teeth the plan's pair rules (core/pairs.ts)
// check its tooth against, posed at that stage, as the engine measures a pair of teeth: by
// signed distance (geometry/bvh.ts), the attachment's vertices (corners, edge and face points)
// against the tooth's closed solid and the tooth's vertices against the attachment's. A vertex
// inside the other solid is a clash, its depth the distance. This is the plain-TypeScript
// reference; the studio runs the engine's (attachment-clearance-engine.ts).
import type { Attachment } from '../core/attachments.ts';
import { jawOf, type Fdi } from '../core/fdi.ts';
import { planPairs } from '../core/pairs.ts';
import { applyPose, invertPose, type Pose } from '../core/pose.ts';
import { stagePoses, type Staging } from '../core/staging.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import { buildBvh, closestPoint, emptyClosestPoint, type ToothBvh } from '../geometry/bvh.ts';
import type { Mesh } from '../geometry/mesh.ts';
import { gridSplit } from '../geometry/grid-split.ts';
import type { PlanArchParts } from '../geometry/setup/plan-parts.ts';
import type { AttachmentClash } from './attachment-clash.ts';

export { clashText, type AttachmentClash } from './attachment-clash.ts';

/** Overlaps under this are contact, not a clash (mm): the scan's own noise. */
export const ATTACHMENT_CLASH_MM = 0.05;

/**
 * The attachment's solid as measured: each face cut 3 x 3 (geometry/grid-split.ts), so its
 * vertices sample the faces, not only the corners. The engine's run takes the same solid.
 */
export function clearanceSolid(mesh: Mesh): Mesh {
  return gridSplit(mesh, 3);
}

export interface ClearanceInput {
  parts: readonly Pick<PlanArchParts, 'teeth' | 'solids'>[];
  staging: Staging;
  /** Each attachment with its solid at the scan position (case-models.ts attachmentSolids). */
  attachments: readonly { attachment: Attachment; mesh: Mesh }[];
}

/**
 * `trees`: the teeth's search trees by solid, kept by a caller that checks again after each
 * edit (the attachment chart), so only the first check builds them.
 */
export function attachmentClashes(input: ClearanceInput, trees: Map<Mesh, ToothBvh> = new Map()): AttachmentClash[] {
  const frames = new Map<Fdi, ToothFrame>(input.parts.flatMap((p) => p.teeth.map((t) => [t.fdi, t] as const)));
  const solids = new Map(input.parts.flatMap((p) => p.solids.map((s) => [s.fdi, s.mesh] as const)));
  const pairs = planPairs([...solids.keys()].sort((a, b) => a - b));
  const tree = (fdi: Fdi): ToothBvh => {
    const solid = solids.get(fdi)!;
    let t = trees.get(solid);
    if (!t) { t = buildBvh(solid, `tooth ${fdi}`); trees.set(solid, t); }
    return t;
  };
  const last = input.staging.stageCount - 1;
  const posesAt = new Map<number, Map<Fdi, Pose>>();
  const poses = (stage: number): Map<Fdi, Pose> => {
    let m = posesAt.get(stage);
    if (!m) { m = stagePoses(input.staging, frames, stage); posesAt.set(stage, m); }
    return m;
  };
  const identity: Pose = { t: [0, 0, 0], q: [0, 0, 0, 1] };
  const hit = emptyClosestPoint();
  const out: AttachmentClash[] = [];
  for (const { attachment: a, mesh } of input.attachments) {
    const solid = clearanceSolid(mesh);
    const attachmentTree = buildBvh(mesh, `the attachment on ${a.fdi}`);
    const others = pairs.filter((p) => p.a === a.fdi || p.b === a.fdi).map((p) => (p.a === a.fdi ? p.b : p.a)).filter((o) => solids.has(o));
    for (const other of others) {
      let run: AttachmentClash | null = null;
      // Up to its arch's last aligner: past it that arch has no aligner to fit.
      const archLast = input.staging.arches.find((x) => x.jaw === jawOf(a.fdi))?.aligners ?? last;
      for (let stage = a.stagePlaced; stage <= Math.min(a.stageRemoved ?? archLast, archLast); stage++) {
        const at = poses(stage);
        // Into the other tooth's scan frame: its pose undone after the attachment's tooth's pose.
        const back = invertPose(at.get(other) ?? identity);
        const own = at.get(a.fdi) ?? identity;
        let deepest = 0;
        const p = solid.positions;
        for (let v = 0; v < p.length; v += 3) {
          const r = applyPose(back, applyPose(own, [p[v], p[v + 1], p[v + 2]]));
          closestPoint(tree(other), r[0], r[1], r[2], hit);
          if (-hit.distance > deepest) deepest = -hit.distance;
        }
        // And the other tooth's vertices into the attachment: its pose, then the attachment's undone.
        const into = invertPose(own), theirs = at.get(other) ?? identity;
        const q = solids.get(other)!.positions;
        for (let v = 0; v < q.length; v += 3) {
          const r = applyPose(into, applyPose(theirs, [q[v], q[v + 1], q[v + 2]]));
          closestPoint(attachmentTree, r[0], r[1], r[2], hit);
          if (-hit.distance > deepest) deepest = -hit.distance;
        }
        if (deepest > ATTACHMENT_CLASH_MM) {
          if (run && run.toStage === stage - 1) { run.toStage = stage; run.depthMm = Math.max(run.depthMm, deepest); }
          else { run = { fdi: a.fdi, other, kind: jawOf(a.fdi) === jawOf(other) ? 'neighbour' : 'antagonist', fromStage: stage, toStage: stage, depthMm: deepest }; out.push(run); }
        }
      }
    }
  }
  return out;
}
