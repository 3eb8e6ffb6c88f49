// Preparing a case, the session prepares both arches at once (a planner worker each) and
// hands each arch's teeth to the engine as soon as it is prepared, so the engine builds
// their BVHs while the planner still works: the load that follows builds none of them again.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expect, test } from 'vitest';
import { jawOf } from '../../core/fdi.ts';
import { engineForCase } from '../../engine/worker.ts';
import type { LoadedTeeth } from '../../engine/engine.ts';
import { engineApi, libraryWithCase, planner } from './fixtures/demo-plan.ts';

test('each arch is staged in the engine once prepared, and the load reuses every staged BVH (demo case)', async () => {
  const ctx = await libraryWithCase(new IDBFactory());
  const calls = engineForCase(engineApi, ctx.caseId);
  const events: string[] = [];
  let loaded: LoadedTeeth | null = null;
  const session = ctx.open({
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
