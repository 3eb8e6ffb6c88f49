// No attachment may run into a neighbour or an antagonist at any stage it is on: the aligner
// could not seat, and the patient would bite on it. Each attachment's surface (its corners,
// edge points and face points) is posed with its tooth at every stage it is on and measured
// against the teeth the plan's pair rules (core/pairs.ts) check its tooth against, posed at
// that stage, by signed distance to their closed solids (geometry/bvh.ts, the engine's
// reference query). A point inside another tooth is a clash, its depth the distance.
import type { Attachment } from '../core/attachments.ts';
import { jawOf, type Fdi } from '../core/fdi.ts';
import { planPairs } from '../core/pairs.ts';
import { applyPose, invertPose, type Pose } from '../core/pose.ts';
import { stagePoses, type Staging } from '../core/staging.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import type { Vec3 } from '../core/vec.ts';
import { buildBvh, closestPoint, emptyClosestPoint, type ToothBvh } from '../geometry/bvh.ts';
import type { Mesh } from '../geometry/mesh.ts';
import type { PlanArchParts } from '../geometry/setup/plan-parts.ts';
import type { AttachmentClash } from './attachment-clash.ts';

export { clashText, type AttachmentClash } from './attachment-clash.ts';

/** Overlaps under this are contact, not a clash (mm): the scan's own noise. */
export const ATTACHMENT_CLASH_MM = 0.05;

/** Points over an attachment's surface: corners, and a 3 x 3 barycentric grid on each face. */
function surfacePoints(mesh: Mesh): Vec3[] {
  const p = mesh.positions, idx = mesh.indices;
  const out: Vec3[] = [];
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
    for (let i = 0; i <= 3; i++) {
      for (let j = 0; i + j <= 3; j++) {
        const u = i / 3, v = j / 3, w = 1 - u - v;
        out.push([u * p[a] + v * p[b] + w * p[c], u * p[a + 1] + v * p[b + 1] + w * p[c + 1], u * p[a + 2] + v * p[b + 2] + w * p[c + 2]]);
      }
    }
  }
  return out;
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
    const points = surfacePoints(mesh);
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
        for (const q of points) {
          const r = applyPose(back, applyPose(own, q));
          closestPoint(tree(other), r[0], r[1], r[2], hit);
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
