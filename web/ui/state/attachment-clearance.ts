// Whether any of the plan's attachments runs into a neighbour or an antagonist at a stage it
// is on, measured by the engine (manufacture/attachment-clearance-engine.ts), held by the
// plan session so that the attachment chart and the findings say the same. The solids, the
// check and an engine of its own load on the first look (most plans are never shown with it);
// checks take turns on that engine, and it is released when the case closes. A result answers
// only the plan, staging and teeth it was checked on: after an edit the old one is never shown.
import { createMemo, createSignal, untrack, type Accessor } from 'solid-js';
import type { Attachment } from '../../core/attachments.ts';
import type { Staging } from '../../core/staging.ts';
import type { Engine } from '../../engine/engine.ts';
import type { AttachmentClash } from '../../manufacture/attachment-clash.ts';
import type { AttachmentClearance, PlanArchParts } from './plan-types.ts';

interface Checked {
  attachments: readonly Attachment[];
  parts: readonly PlanArchParts[];
  staging: Staging;
}

const NOTHING_TO_CHECK: AttachmentClearance = Object.freeze({ clashes: [], error: null });

async function clashesOf(k: Checked, engine: () => Promise<Engine>, current: () => boolean): Promise<AttachmentClash[] | null> {
  const [{ attachmentSolids }, { attachmentClashesByEngine }, { loadManifold }] = await Promise.all([
    import('../../manufacture/case-models.ts'), import('../../manufacture/attachment-clearance-engine.ts'), import('../../manufacture/manifold.ts'),
  ]);
  const api = await loadManifold();
  // Edited (or closed) while the code loaded: the newer plan gets its own check.
  if (!current()) return null;
  const { placed } = attachmentSolids(api, k.attachments, k.parts);
  return attachmentClashesByEngine(await engine(), { parts: k.parts, staging: k.staging, attachments: placed });
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
  let engine: Promise<Engine> | null = null;
  // The studio's choice of backend (select.ts): WebGPU on a real GPU, otherwise WASM.
  const engineOnce = () => (engine ??= import('../../engine/select.ts').then((m) => m.selectEngine()).then((s) => s.engine));
  // One check at a time: each loads its own solids into the engine.
  let turn: Promise<unknown> = Promise.resolve();

  function check(k: Checked): void {
    asked = k;
    const current = () => !closed && untrack(wanted) === k;
    const run = turn.then(() => (current() ? clashesOf(k, engineOnce, current) : null));
    turn = run.catch(() => undefined);
    deps.track(run.then(
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
    /** The case closed: a check still running is dropped, and the engine is released once it is done. */
    dispose(): void {
      closed = true;
      const made = engine;
      engine = null;
      if (made) void turn.then(() => made).then((e) => e.dispose(), () => undefined);
    },
  };
}
