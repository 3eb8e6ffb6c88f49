// The attachment chart's clearance line: whether any attachment runs into a neighbour or an
// antagonist at a stage it is on (manufacture/attachment-clearance.ts), in words. The solids
// and the check load on first use; the teeth's search trees are kept by the caller's
// `trees` (one per open case's chart), so an edit re-checks without rebuilding them.
import type { Attachment } from '../../core/attachments.ts';
import type { Staging } from '../../core/staging.ts';
import type { Mesh } from '../../geometry/mesh.ts';
import type { ToothBvh } from '../../geometry/bvh.ts';
import type { PlanArchParts } from './plan-types.ts';

export async function clearanceProblems(attachments: readonly Attachment[], parts: readonly PlanArchParts[], staging: Staging, label: (fdi: number) => string, trees: Map<Mesh, ToothBvh>): Promise<string[]> {
  if (attachments.length === 0) return [];
  const [{ attachmentSolids }, { attachmentClashes, clashText }, { loadManifold }] = await Promise.all([
    import('../../manufacture/case-models.ts'), import('../../manufacture/attachment-clearance.ts'), import('../../manufacture/manifold.ts'),
  ]);
  const { placed } = attachmentSolids(await loadManifold(), attachments, parts);
  return attachmentClashes({ parts, staging, attachments: placed }, trees).map((c) => clashText(c, label));
}
