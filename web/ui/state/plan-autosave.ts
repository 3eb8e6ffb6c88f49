// Saving the working plan a moment after each committed edit: a burst of edits (arrow-key
// nudges) writes once, writes never overlap, and the newest plan is always the one that
// lands last, because each write reads the latest plan when it starts.
import type { Plan } from '../../core/plan.ts';

export type SaveStatus = { status: 'saved' | 'pending' | 'saving' | 'error'; message: string | null };

export interface PlanAutosave {
  /** Saves `plan` after the delay unless a newer one comes first. */
  schedule(plan: Plan): void;
  /** Writes what is pending now (after any write already running); resolves when all is written. */
  flush(): Promise<void>;
  /** Refuses every later write with this reason (a working plan that could not be read must not be overwritten). */
  block(reason: string): void;
  /** Drops a scheduled write without writing it. */
  cancel(): void;
}

export function createPlanAutosave(write: (plan: Plan) => Promise<void>, delayMs: number, report: (s: SaveStatus) => void): PlanAutosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: Plan | null = null;
  let chain: Promise<void> = Promise.resolve();
  let blocked: string | null = null;

  function cancel() {
    clearTimeout(timer);
    timer = undefined;
  }

  function writeNow(): Promise<void> {
    cancel();
    chain = chain.then(async () => {
      const plan = pending;
      if (!plan) return;
      pending = null;
      if (blocked) {
        report({ status: 'error', message: blocked });
        return;
      }
      report({ status: 'saving', message: null });
      try {
        await write(plan);
        report(pending ? { status: 'pending', message: null } : { status: 'saved', message: null });
      } catch (e) {
        report({ status: 'error', message: `Not saved: ${e instanceof Error ? e.message : String(e)}` });
      }
    });
    return chain;
  }

  return {
    schedule(plan) {
      pending = plan;
      report({ status: 'pending', message: null });
      cancel();
      timer = setTimeout(() => void writeNow(), delayMs);
    },
    flush: writeNow,
    block(reason) {
      blocked = reason;
    },
    cancel() {
      cancel();
      pending = null;
    },
  };
}
