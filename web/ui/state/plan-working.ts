// The open case's working plan on disk, as one tab among others sees it: the revision this
// tab's plan is based on (every save names it, so a save over another tab's newer plan is
// refused and shown as a conflict, never as "Saved"), reloading the plan when another tab
// saved and this one has nothing unsaved, the two ways out of a conflict, and the plan a
// closing tab leaves in synchronous storage (an IndexedDB write started as the page goes
// away does not outlive it), finished when the case is opened again.
import type { SetStoreFunction } from 'solid-js/store';
import type { Plan, PlanHistory } from '../../core/plan.ts';
import type { ChangeSource } from '../../store/changes.ts';
import type { PlanService } from '../services.ts';
import { createPlanAutosave, type SaveStatus } from './plan-autosave.ts';
import type { PlanSessionState } from './plan-types.ts';

export interface PlanWorkingDeps {
  caseId: string;
  plans: PlanService;
  changes?: ChangeSource;
  history: () => PlanHistory;
  plan: () => Plan;
  setState: SetStoreFunction<PlanSessionState>;
  delayMs: number;
  /** Shows a plan read from disk: a fresh history, engine run again. */
  adopt(plan: Plan): void;
}

export const UPDATED_NOTE = 'Updated from another tab.';
export const THEIRS_NOTE = 'Showing the plan as the other tab saved it. Your change was not kept.';
export const FINISHED_NOTE = 'Your last change before the tab closed was saved now.';
export const LOST_NOTE = 'A change made just before a tab closed was not saved: the plan had been changed in another tab since.';

const same = (a: Plan | undefined, b: Plan | undefined) => a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);

export function createPlanWorking(deps: PlanWorkingDeps) {
  const { caseId, plans, setState } = deps;
  let revision = 0;
  let status: SaveStatus['status'] = 'saved';
  let stashed = false;
  let queue: Promise<void> = Promise.resolve();

  function report(s: SaveStatus) {
    status = s.status;
    setState('save', s);
    // What a closing tab kept is on disk now.
    if (s.status === 'saved' && stashed) {
      stashed = false;
      plans.takeUnsaved(caseId);
    }
  }

  const autosave = createPlanAutosave(async (p) => {
    revision = await plans.saveWorking(caseId, p, revision);
  }, deps.delayMs, report);

  /** Store reads in order, one at a time; settled() waits for them. */
  function queued(work: () => Promise<void>): Promise<void> {
    queue = queue.then(work).catch((e: unknown) => {
      setState('save', { status: 'error', message: e instanceof Error ? e.message : String(e) });
    });
    return queue;
  }

  const hasUnsaved = () => autosave.dirty() || status === 'conflict' || status === 'error';

  function reloadFromOtherTab(): Promise<void> {
    return queued(async () => {
      // Unsaved edits here: their save is refused and the planner chooses (never overwritten silently).
      if (hasUnsaved()) return;
      const before = deps.history();
      const working = await plans.openWorking(caseId);
      if (!working || working.revision === revision || deps.history() !== before || hasUnsaved()) return;
      revision = working.revision;
      if (!same(working.plan, deps.plan())) deps.adopt(working.plan);
      setState('save', { status: 'saved', message: UPDATED_NOTE });
    });
  }

  const stopListening = deps.changes?.listen((n) => {
    if (n.caseId === caseId && n.what === 'plan' && n.revision !== revision) void reloadFromOtherTab();
  });

  return {
    autosave,
    /** The stored plan (undefined: none yet), after finishing what a closed tab left unsaved. Throws when it cannot be read. */
    async open(): Promise<Plan | undefined> {
      const working = await plans.openWorking(caseId);
      revision = working?.revision ?? 0;
      const left = plans.takeUnsaved(caseId);
      if (!left || same(left.plan, working?.plan)) return working?.plan;
      const writingLanded = left.writing !== null && revision === left.basedOn + 1 && same(working?.plan, left.writing);
      if (revision !== left.basedOn && !writingLanded) {
        setState('save', { status: 'saved', message: LOST_NOTE });
        return working?.plan;
      }
      try {
        revision = await plans.saveWorking(caseId, left.plan, revision);
        setState('save', { status: 'saved', message: FINISHED_NOTE });
        return left.plan;
      } catch (e) {
        setState('save', { status: 'saved', message: `${LOST_NOTE} (${e instanceof Error ? e.message : String(e)})` });
        return working?.plan;
      }
    },
    /** This tab has edits that are not on disk (waiting, being written, refused or failed). */
    hasUnsaved,
    /** The page is going away: keep the unsaved plan synchronously, and start writing it. */
    flushForClose() {
      const u = autosave.unsaved();
      if (u && plans.keepUnsaved(caseId, { basedOn: revision, plan: u.latest, writing: u.writing })) stashed = true;
      void autosave.flush();
    },
    /** Out of a conflict: drop this tab's change and show what the other tab saved. */
    loadTheirs(): Promise<void> {
      return queued(async () => {
        autosave.cancel();
        await autosave.flush();
        const working = await plans.openWorking(caseId);
        revision = working?.revision ?? 0;
        if (working) deps.adopt(working.plan);
        report({ status: 'saved', message: THEIRS_NOTE });
      });
    },
    /** Out of a conflict: save this tab's plan over the other tab's. */
    keepMine(): Promise<void> {
      return queued(async () => {
        await autosave.flush();
        revision = (await plans.openWorking(caseId))?.revision ?? 0;
        autosave.schedule(deps.plan());
        await autosave.flush();
      });
    },
    /** Resolves when no reload or resolution is running. */
    async idle(): Promise<void> {
      let q: Promise<void>;
      do {
        q = queue;
        await q;
      } while (q !== queue);
    },
    dispose() {
      stopListening?.();
    },
  };
}

export type PlanWorking = ReturnType<typeof createPlanWorking>;
