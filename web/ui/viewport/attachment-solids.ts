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
  const [{ attachmentSolids }, { loadManifold }] = await Promise.all([import('../../manufacture/case-models.ts'), import('../../manufacture/manifold.ts')]);
  const { placed, problems } = attachmentSolids(await loadManifold(), attachments, parts);
  return { meshes: placed.map((p) => ({ attachment: p.attachment, positions: p.mesh.positions, indices: p.mesh.indices })), problems };
}
