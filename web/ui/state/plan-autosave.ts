// Saving the working plan a moment after each committed edit, by a debounced save
// (debounced-save.ts): a burst of edits (arrow-key nudges) writes once, writes never overlap,
// and the newest plan is always the one that lands last, because each write reads the latest
// plan when it starts. The status it reports is 'saved' only after a write of the newest
// plan succeeded: a refused or failed write is 'conflict' or 'error' until a later write
// succeeds.
import type { Plan } from '../../core/plan.ts';
import { createDebouncedSave } from './debounced-save.ts';

export type SaveStatus = { status: 'saved' | 'pending' | 'saving' | 'error' | 'conflict'; message: string | null };

export interface PlanAutosave {
  /** Saves `plan` after the delay unless a newer one comes first. */
  schedule(plan: Plan): void;
  /** Writes what is pending now (after any write already running); resolves when all is written. */
  flush(): Promise<void>;
  /** Refuses every later write with this reason (a working plan that could not be read must not be overwritten). */
  block(reason: string): void;
  /** Drops a scheduled write without writing it. */
  cancel(): void;
  /** True while a plan waits for its write or is being written. */
  dirty(): boolean;
  /** The newest plan not yet known to be on disk, and the one being written now; null when clean. */
  unsaved(): { latest: Plan; writing: Plan | null } | null;
}

/** A refusal because another tab saved first (StoreError 'conflict'), told apart without importing the store. */
export function isConflict(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'conflict';
}

export function createPlanAutosave(write: (plan: Plan) => Promise<void>, delayMs: number, report: (s: SaveStatus) => void): PlanAutosave {
  let pending: Plan | null = null;
  let writing: Plan | null = null;
  let blocked: string | null = null;

  async function writePending(): Promise<void> {
    const plan = pending;
    if (!plan) return;
    pending = null;
    if (blocked) {
      report({ status: 'error', message: blocked });
      return;
    }
    report({ status: 'saving', message: null });
    writing = plan;
    try {
      await write(plan);
      report(pending ? { status: 'pending', message: null } : { status: 'saved', message: null });
    } catch (e) {
      report({ status: isConflict(e) ? 'conflict' : 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      writing = null;
    }
  }
  const save = createDebouncedSave(writePending, delayMs);

  return {
    schedule(plan) {
      pending = plan;
      report({ status: 'pending', message: null });
      save.schedule();
    },
    flush: () => save.now(),
    block(reason) {
      blocked = reason;
    },
    cancel() {
      save.cancel();
      pending = null;
    },
    dirty: () => pending !== null || writing !== null,
    unsaved() {
      const latest = pending ?? writing;
      return latest ? { latest, writing } : null;
    },
  };
}
