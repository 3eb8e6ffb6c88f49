// Two tabs on one case's working plan, in Node: two libraries on one fake IndexedDB (with
// their change feeds on Node's BroadcastChannel where the test says so), each with the plan
// session's working-plan part over a plain plan history.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test, vi } from 'vitest';
import { createRoot, createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import { commit, currentPlan, emptyPlan, historyOf, setPattern, setTarget, zeroMovement, type Plan } from '../../core/plan.ts';
import { openLibrary, type Library } from '../../store/library.ts';
import { createPlanWorking, FINISHED_NOTE, LOST_NOTE, THEIRS_NOTE, UPDATED_NOTE } from './plan-working.ts';
import type { PlanSessionState } from './plan-types.ts';
import { createUnloadGuard, type GuardedPage } from './unload-guard.ts';

/** Other tabs' messages and autosaves arrive when a busy machine gets to them: wait long, not fixed. */
const BUSY_MACHINE = { timeout: 30_000, interval: 20 };

const autoSetup = (p: Plan) => setTarget(setTarget(p, 11, { ...zeroMovement(), mesial: 0.8 }), 43, { ...zeroMovement(), rotation: 9 });

let n = 0;
/** Libraries ("tabs") on one database; `shareWithTabs`: they hear each other. */
async function database(shareWithTabs: boolean) {
  const factory = new IDBFactory();
  const name = `plan-working-${++n}`;
  const stored = new Map<string, string>();
  const stash = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v), removeItem: (k: string) => void stored.delete(k) };
  const connect = () => openLibrary({ name, factory, shareWithTabs, stash });
  const first = await connect();
  const caseId = (await first.cases.create({ pseudonym: 'Patient W' })).id;
  return { first, connect, caseId };
}

function tab(lib: Library, caseId: string) {
  return createRoot(() => {
    const [state, setState] = createStore({ save: { status: 'saved', message: null } } as PlanSessionState);
    const [history, setHistory] = createSignal(historyOf(emptyPlan()));
    const plan = () => currentPlan(history());
    const working = createPlanWorking({
      caseId, plans: lib.plans, changes: lib.changes, history, plan, setState, delayMs: 60_000, adopt: (p) => setHistory(historyOf(p)),
    });
    return {
      state, plan, working,
      async open() {
        setHistory(historyOf((await working.open()) ?? emptyPlan()));
      },
      /** One committed edit, waiting for its autosave. */
      edit(change: (p: Plan) => Plan) {
        setHistory(commit(history(), change(plan())));
        working.autosave.schedule(plan());
      },
    };
  });
}

describe('two tabs on one working plan', () => {
  test('tab B\'s save over tab A\'s newer plan is refused and shown as a conflict, never "Saved"; B can load A\'s version', async () => {
    // The tabs do not hear each other here: B saves on what it opened, as when the notice comes late.
    const { first, connect, caseId } = await database(false);
    const a = tab(first, caseId);
    const b = tab(await connect(), caseId);
    await a.open();
    await b.open();
    a.edit(autoSetup);
    await a.working.autosave.flush();
    expect(a.state.save.status).toBe('saved');

    b.edit((p) => setPattern(p, 'anterior-first'));
    await b.working.autosave.flush();
    expect(b.state.save.status).toBe('conflict');
    expect(b.state.save.message).toMatch(/changed in another tab/);
    expect(b.working.hasUnsaved()).toBe(true);
    expect(await first.plans.loadWorking(caseId), 'A\'s targets kept').toEqual(autoSetup(emptyPlan()));
    // Every later edit in B is refused the same way until the planner chooses.
    b.edit((p) => setPattern(p, 'posterior-first'));
    await b.working.autosave.flush();
    expect(b.state.save.status).toBe('conflict');

    await b.working.loadTheirs();
    expect(b.plan()).toEqual(autoSetup(emptyPlan()));
    expect(b.state.save).toEqual({ status: 'saved', message: THEIRS_NOTE });
    b.edit((p) => setPattern(p, 'anterior-first'));
    await b.working.autosave.flush();
    expect(b.state.save.status).toBe('saved');
    expect(await first.plans.loadWorking(caseId)).toEqual(setPattern(autoSetup(emptyPlan()), 'anterior-first'));
  });

  test('"Keep mine" saves the conflicting tab\'s plan over the other one', async () => {
    const { first, connect, caseId } = await database(false);
    const a = tab(first, caseId);
    const b = tab(await connect(), caseId);
    await a.open();
    await b.open();
    a.edit(autoSetup);
    await a.working.autosave.flush();
    b.edit((p) => setPattern(p, 'manual'));
    await b.working.autosave.flush();
    expect(b.state.save.status).toBe('conflict');
    await b.working.keepMine();
    expect(b.state.save.status).toBe('saved');
    expect(await first.plans.loadWorking(caseId)).toEqual(setPattern(emptyPlan(), 'manual'));
  });

  test('a tab with nothing unsaved shows the other tab\'s save, and its next edit builds on it', async () => {
    const { first, connect, caseId } = await database(true);
    const a = tab(first, caseId);
    const b = tab(await connect(), caseId);
    await a.open();
    await b.open();
    a.edit(autoSetup);
    await a.working.autosave.flush();
    await vi.waitFor(() => expect(b.plan()).toEqual(autoSetup(emptyPlan())), BUSY_MACHINE);
    await b.working.idle();
    expect(b.state.save).toEqual({ status: 'saved', message: UPDATED_NOTE });
    b.edit((p) => setPattern(p, 'anterior-first'));
    await b.working.autosave.flush();
    expect(b.state.save.status).toBe('saved');
    expect(await first.plans.loadWorking(caseId)).toEqual(setPattern(autoSetup(emptyPlan()), 'anterior-first'));
  });

  test('a tab with an unsaved edit is not reloaded under it: its save is refused instead', async () => {
    const { first, connect, caseId } = await database(true);
    const a = tab(first, caseId);
    const b = tab(await connect(), caseId);
    await a.open();
    await b.open();
    b.edit((p) => setPattern(p, 'manual'));
    a.edit(autoSetup);
    await a.working.autosave.flush();
    await b.working.autosave.flush();
    await b.working.idle();
    expect(b.plan()).toEqual(setPattern(emptyPlan(), 'manual'));
    expect(b.state.save.status).toBe('conflict');
    expect(await first.plans.loadWorking(caseId)).toEqual(autoSetup(emptyPlan()));
  });
});

describe('an edit still waiting when the tab closes', () => {
  test('is kept on close and saved when the case opens again', async () => {
    const { first, connect, caseId } = await database(false);
    const a = tab(first, caseId);
    await a.open();
    a.edit(autoSetup);
    // The page goes away: its database connection with it, so only what was kept synchronously survives.
    first.close();
    a.working.flushForClose();
    await a.working.autosave.flush();
    const again = await connect();
    const c = tab(again, caseId);
    await c.open();
    expect(c.plan()).toEqual(autoSetup(emptyPlan()));
    expect(c.state.save).toEqual({ status: 'saved', message: FINISHED_NOTE });
    expect(await again.plans.openWorking(caseId)).toEqual({ plan: autoSetup(emptyPlan()), revision: 1 });
    // Kept once: the next open finds nothing to finish.
    const d = tab(again, caseId);
    await d.open();
    expect(d.state.save.message).toBeNull();
  });

  test('is not written over a plan another tab saved since; the planner is told', async () => {
    const { first, connect, caseId } = await database(false);
    const a = tab(first, caseId);
    await a.open();
    a.edit((p) => setPattern(p, 'manual'));
    first.close();
    a.working.flushForClose();
    await a.working.autosave.flush();
    const other = await connect();
    await other.plans.saveWorking(caseId, autoSetup(emptyPlan()), 0);
    const c = tab(other, caseId);
    await c.open();
    expect(c.plan()).toEqual(autoSetup(emptyPlan()));
    expect(c.state.save).toEqual({ status: 'saved', message: LOST_NOTE });
  });

  test('a pagehide writes the edit at once, without waiting for the autosave delay (a minute here)', async () => {
    const { first, caseId } = await database(false);
    const a = tab(first, caseId);
    await a.open();
    const page = Object.assign(new EventTarget(), { document: Object.assign(new EventTarget(), { visibilityState: 'visible' as const }) }) as GuardedPage;
    const guard = createUnloadGuard(page);
    guard.register(a.working);
    a.edit(autoSetup);
    expect(guard.hasUnsaved()).toBe(true);
    page.dispatchEvent(new Event('pagehide'));
    await vi.waitFor(async () => expect(await first.plans.loadWorking(caseId)).toEqual(autoSetup(emptyPlan())), BUSY_MACHINE);
    await a.working.autosave.flush();
    expect(guard.hasUnsaved()).toBe(false);
  });

  test('a save that finished after all leaves nothing kept', async () => {
    const { first, caseId } = await database(false);
    const a = tab(first, caseId);
    await a.open();
    a.edit(autoSetup);
    a.working.flushForClose();
    await a.working.autosave.flush();
    expect(a.state.save.status).toBe('saved');
    expect(first.plans.takeUnsaved(caseId)).toBeUndefined();
  });
});
