// The plan's attachments as solids for the viewport, made with manifold-3d (web/manufacture)
// from each tooth's collision solid (its first vertices are the crown's, so the FA point and
// the seat are found on the crown) and axes, as placed on the scanned tooth; the scene draws
// each with its tooth's pose. Not cut by the tooth: the part inside is hidden by the enamel,
// and a chart edit redraws in milliseconds.
import type { Attachment } from '../../core/attachments.ts';
import type { PlanArchParts } from '../state/plan-types.ts';

export interface AttachmentMesh {
  attachment: Attachment;
  positions: Float32Array;
  indices: Uint32Array;
}

/** One solid per attachment whose tooth is prepared; an attachment that cannot be placed (no crown surface there) is left out and named. */
export async function attachmentMeshes(attachments: readonly Attachment[], parts: readonly PlanArchParts[]): Promise<{ meshes: AttachmentMesh[]; problems: string[] }> {
  if (attachments.length === 0) return { meshes: [], problems: [] };
  // Loaded on first use: a plan without attachments (and the share link's first frame) never waits for it.
  const [{ attachmentSolid }, { loadManifold }] = await Promise.all([import('../../manufacture/attachment-solid.ts'), import('../../manufacture/manifold.ts')]);
  const api = await loadManifold();
  const solids = new Map(parts.flatMap((p) => p.solids.map((s) => [s.fdi, s.mesh] as const)));
  const axes = new Map(parts.flatMap((p) => p.teeth.map((t) => [t.fdi, t] as const)));
  const meshes: AttachmentMesh[] = [];
  const problems: string[] = [];
  for (const a of attachments) {
    const solid = solids.get(a.fdi);
    const frame = axes.get(a.fdi);
    if (!solid || !frame) continue;
    try {
      const s = attachmentSolid(api, { attachment: a, crown: solid, frame });
      meshes.push({ attachment: a, positions: s.mesh.positions, indices: s.mesh.indices });
    } catch (e) {
      problems.push(`The attachment on ${a.fdi} cannot be drawn: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }
  return { meshes, problems };
}
