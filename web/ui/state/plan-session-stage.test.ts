// Preparing a case, the session prepares both arches at once. With a planner worker per arch
// it hands each arch's teeth to the engine as soon as it is prepared, so the engine builds
// their BVHs while the planner still works (the load that follows builds none of them again);
// with one planner worker (two cores) the engine gets nothing until the staged plan is drawn,
// and the view is told which arches are being prepared so it can build their meshes meanwhile.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createEffect, createRoot } from 'solid-js';
import { expect, test } from 'vitest';
import { jawOf } from '../../core/fdi.ts';
import { engineForCase } from '../../engine/worker.ts';
import type { LoadedTeeth } from '../../engine/engine.ts';
import { engineApi, libraryWithCase, planner } from './fixtures/demo-plan.ts';

test('with a planner worker per arch, each arch is staged in the engine once prepared, and the load reuses every staged BVH (demo case)', async () => {
  const ctx = await libraryWithCase(new IDBFactory());
  const calls = engineForCase(engineApi, ctx.caseId);
  const events: string[] = [];
  let loaded: LoadedTeeth | null = null;
  const session = ctx.open({
    planner: { ...planner, parallelArches: true },
    engine: {
      ...calls,
      stageTeeth: async (teeth) => {
        events.push(`stage ${[...new Set(teeth.map((t) => jawOf(t.fdi)))].join(',')} (${teeth.length})`);
        await calls.stageTeeth!(teeth);
      },
      loadTeeth: async (teeth) => {
        events.push(`load (${teeth.length})`);
        return (loaded = await calls.loadTeeth(teeth));
      },
    },
  });
  try {
    await session.open();
    await session.settled();
    expect(session.state.phase, String(session.state.message)).toBe('ready');
    expect(events).toEqual(['stage upper (14)', 'stage lower (14)', 'load (28)']);
    expect(loaded!.reusedBvhs).toBe(28);
  } finally {
    session.dispose();
  }
});

test('the two arches are prepared at the same time: the lower is asked for before the upper is done (demo case)', async () => {
  const ctx = await libraryWithCase(new IDBFactory());
  const events: string[] = [];
  const session = ctx.open({
    planner: {
      ...planner,
      prepareArch: async (caseId, jaw, mesh, record) => {
        events.push(`start ${jaw}`);
        // A task boundary: every promise callback waiting now (the other arch's start among them) runs first.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const parts = await planner.prepareArch(caseId, jaw, mesh, record);
        events.push(`end ${jaw}`);
        return parts;
      },
    },
  });
  try {
    await session.open();
    await session.settled();
    expect(session.state.phase, String(session.state.message)).toBe('ready');
    expect(events.slice(0, 2)).toEqual(['start upper', 'start lower']);
  } finally {
    session.dispose();
  }
});

test('with one planner worker, the plan is shown first: the engine gets the teeth once the view has drawn it (demo case)', async () => {
  const ctx = await libraryWithCase(new IDBFactory());
  const calls = engineForCase(engineApi, ctx.caseId);
  const events: string[] = [];
  const preparing: string[][] = [];
  let draw!: () => void;
  let asked!: () => void;
  const drawnAsked = new Promise<void>((resolve) => { asked = resolve; });
  const session = ctx.open({
    engine: {
      ...calls,
      stageTeeth: async (teeth) => {
        events.push('stage');
        await calls.stageTeeth!(teeth);
      },
      loadTeeth: async (teeth) => {
        events.push(`load (${teeth.length})`);
        return calls.loadTeeth(teeth);
      },
    },
    drawn: () => new Promise<void>((resolve) => {
      events.push('drawn?');
      draw = resolve;
      asked();
    }),
  });
  const stop = createRoot((dispose) => {
    createEffect(() => preparing.push([...session.state.preparingJaws]));
    return dispose;
  });
  try {
    const opening = session.open();
    await drawnAsked;
    // Shown: the teeth are posed by the staging, while the findings are still to come.
    expect(session.state.phase).toBe('ready');
    expect(session.state.computing).toBe(true);
    expect(session.parts()?.upper?.teeth.length).toBe(14);
    expect(session.staging()).not.toBeNull();
    expect(session.findings()).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events, 'nothing reaches the engine before the plan is drawn').toEqual(['drawn?']);
    draw();
    await opening;
    await session.settled();
    expect(events).toEqual(['drawn?', 'load (28)']);
    expect(session.state.computing).toBe(false);
    expect(session.findings()).not.toBeNull();
    expect(preparing, 'the view is told which arches are being prepared, and when that is over').toContainEqual(['upper', 'lower']);
    expect(preparing[preparing.length - 1]).toEqual([]);
  } finally {
    stop();
    session.dispose();
  }
});

test('opening a case\'s plan session starts the planner workers before anything is prepared', async () => {
  const ctx = await libraryWithCase(new IDBFactory());
  let warmed = 0;
  const session = ctx.open({ planner: { ...planner, warm: () => void warmed++ } });
  try {
    expect(warmed).toBe(1);
    expect(session.state.phase).toBe('idle');
  } finally {
    session.dispose();
  }
});
