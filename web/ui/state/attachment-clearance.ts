// Whether any of the plan's attachments runs into a neighbour or an antagonist at a stage it
// is on (manufacture/attachment-clearance.ts), held by the plan session so that the
// attachment chart and the findings say the same. The solids and the check load on the first
// look (most plans are never shown with it); the teeth's search trees are kept for the
// prepared teeth, so an edit re-checks without rebuilding them. A result answers only the
// plan, staging and teeth it was checked on: after an edit the old one is never shown.
import { createMemo, createSignal, untrack, type Accessor } from 'solid-js';
import type { Attachment } from '../../core/attachments.ts';
import type { Staging } from '../../core/staging.ts';
import type { Mesh } from '../../geometry/mesh.ts';
import type { ToothBvh } from '../../geometry/bvh.ts';
import type { AttachmentClash } from '../../manufacture/attachment-clash.ts';
import type { AttachmentClearance, PlanArchParts } from './plan-types.ts';

interface Checked {
  attachments: readonly Attachment[];
  parts: readonly PlanArchParts[];
  staging: Staging;
}

const NOTHING_TO_CHECK: AttachmentClearance = Object.freeze({ clashes: [], error: null });

async function clashesOf(k: Checked, trees: Map<Mesh, ToothBvh>, current: () => boolean): Promise<AttachmentClash[] | null> {
  const [{ attachmentSolids }, { attachmentClashes }, { loadManifold }] = await Promise.all([
    import('../../manufacture/case-models.ts'), import('../../manufacture/attachment-clearance.ts'), import('../../manufacture/manifold.ts'),
  ]);
  const api = await loadManifold();
  // Edited (or closed) while the code loaded: the newer plan gets its own check.
  if (!current()) return null;
  const { placed } = attachmentSolids(api, k.attachments, k.parts);
  return attachmentClashes({ parts: k.parts, staging: k.staging, attachments: placed }, trees);
}

export interface AttachmentClearanceDeps {
  attachments: Accessor<readonly Attachment[]>;
  /** The prepared arches (empty before prepare). */
  parts: Accessor<readonly PlanArchParts[]>;
  staging: Accessor<Staging | null>;
  /** Each check, so that the session's `settled` waits for it. */
  track: (work: Promise<unknown>) => void;
}

export function createAttachmentClearance(deps: AttachmentClearanceDeps) {
  const wanted = createMemo((): Checked | null => {
    const parts = deps.parts(), staging = deps.staging();
    return parts.length > 0 && staging ? { attachments: deps.attachments(), parts, staging } : null;
  });
  const [result, setResult] = createSignal<{ for: Checked; clearance: AttachmentClearance } | null>(null);
  let asked: Checked | null = null;
  let closed = false;
  let trees = new Map<Mesh, ToothBvh>();
  let treesFor: readonly PlanArchParts[] | null = null;

  function check(k: Checked): void {
    asked = k;
    // Teeth prepared again are other solids: their trees start afresh.
    if (treesFor !== k.parts) {
      trees = new Map();
      treesFor = k.parts;
    }
    const current = () => !closed && untrack(wanted) === k;
    deps.track(clashesOf(k, trees, current).then(
      (clashes) => clashes && current() && setResult({ for: k, clearance: { clashes, error: null } }),
      (e: unknown) => current() && setResult({ for: k, clearance: { clashes: [], error: e instanceof Error ? e.message : String(e) } }),
    ));
  }

  return {
    /** null until the current plan has been checked; reading it asks for the check. */
    clearance(): AttachmentClearance | null {
      const k = wanted();
      if (!k) return null;
      if (k.attachments.length === 0) return NOTHING_TO_CHECK;
      const r = result();
      if (r?.for === k) return r.clearance;
      if (asked !== k && !closed) check(k);
      return null;
    },
    /** The case closed: a check still running is dropped, and the trees go. */
    dispose(): void {
      closed = true;
      trees = new Map();
    },
  };
}
