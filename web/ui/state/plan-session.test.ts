// The plan session end to end without a browser, opening, saving and showing: the demo case
// (seed DEMO_SEED, both arches), the planner API in this thread, the WASM engine, and the real
// plan and settings repositories on fake IndexedDB (fixtures/demo-plan.ts).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test, vi } from 'vitest';
import { createSignal } from 'solid-js';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { Jaw } from '../../core/types.ts';
import { emptyPlan, PLAN_SCHEMA_VERSION, zeroMovement, type Plan } from '../../core/plan.ts';
import { DEFAULT_PROTOCOL, editProtocol } from '../../core/protocol.ts';
import { openStudioDb } from '../../store/db.ts';
import { workingPlanId } from '../../store/plans.ts';
import { PROTOCOL_SETTING } from './plan-session.ts';
import { arches, DEMO_SEED, libraryWithCase, opened } from './fixtures/demo-plan.ts';

/** Other tabs' messages and autosaves arrive when a busy machine gets to them: wait long, not fixed. */
const BUSY_MACHINE = { timeout: 30_000, interval: 20 };

describe(`plan session on the demo case (seed ${DEMO_SEED})`, () => {
  test('a fresh case opens ready with an empty plan under the clinic default protocol', async () => {
    const ctx = await libraryWithCase(new IDBFactory());
    const clinic = editProtocol({ wearDays: 10, iprMaxPerContactMm: 0.4 });
    await ctx.lib.settings.set(PROTOCOL_SETTING, clinic);
    const session = ctx.open();
    await session.open();
    await session.settled();
    expect(session.state.phase).toBe('ready');
    expect(session.plan()).toEqual(emptyPlan(clinic));
    expect(session.teeth().map((t) => t.fdi)).toEqual([...session.teeth().map((t) => t.fdi)].sort((a, b) => a - b));
    expect(session.teeth()).toHaveLength(28);
    expect(session.staging()!.stageCount).toBe(1);
    expect(session.findings()).not.toBeNull();
    // Scanned teeth touch at their contacts, which is not a collision (the demo's crowded incisors do overlap).
    expect(session.collisionsAtStage().every((c) => c.depthMm >= 0.02)).toBe(true);
    expect(session.canUndo()).toBe(false);
  });

  test('an arch not segmented is left out with a note; new scans or labels make the plan stale', async () => {
    const ctx = await libraryWithCase(new IDBFactory());
    const bare = { ...arches.lower, labels: new Uint8Array(arches.lower.positions.length / 3) };
    const [current, setCurrent] = createSignal<Partial<Record<Jaw, LabelledMesh>>>({ upper: arches.upper, lower: bare });
    const session = ctx.open({ arches: current });
    await session.open();
    await session.settled();
    expect(session.state.phase).toBe('ready');
    expect(session.state.message).toBe('The lower arch is not segmented yet: it is left out of the plan.');
    expect(session.teeth().every((t) => t.fdi < 30)).toBe(true);
    expect(session.parts()!.lower).toBeUndefined();
    setCurrent({ ...current() });
    expect(session.state.phase).toBe('stale');
    setCurrent({ lower: bare });
    await session.prepare();
    expect(session.state.phase).toBe('error');
    expect(session.state.message).toMatch(/No arch is segmented/);
  });

  test('a damaged clinic default falls back to the DESIGN.md protocol', async () => {
    const ctx = await libraryWithCase(new IDBFactory());
    await ctx.lib.settings.set(PROTOCOL_SETTING, { ...DEFAULT_PROTOCOL, wearDays: -3 });
    const session = ctx.open();
    await session.open();
    await session.settled();
    expect(session.plan().protocol).toEqual(DEFAULT_PROTOCOL);
  });

  test('closing the session saves an edit still waiting for its autosave', async () => {
    const { session, open, lib, caseId } = await opened(new IDBFactory(), { autosaveDelayMs: 60_000 });
    session.setMovement(44, { ...zeroMovement(), torque: 3 });
    expect(session.state.save.status).toBe('pending');
    session.dispose();
    // Only the flush on dispose can write it: the autosave timer is a minute away.
    await vi.waitFor(async () => expect(await lib.plans.loadWorking(caseId)).toEqual(session.plan()), BUSY_MACHINE);
    const again = open();
    await again.open();
    await again.settled();
    expect(again.plan()).toEqual(session.plan());
  });

  test('every committed plan is saved; a new session on the same library opens the same plan', async () => {
    const { session, open } = await opened(new IDBFactory());
    session.setMovement(13, { ...zeroMovement(), rotation: 6, extrusion: -0.3 });
    session.setPattern('anterior-first');
    session.setManualStart(13, 2);
    session.setProtocol({ overcorrectionStages: 2 });
    await session.settled();
    expect(session.state.save).toEqual({ status: 'saved', message: null });
    const again = open();
    await again.open();
    await again.settled();
    expect(again.plan()).toEqual(session.plan());
    expect(again.plan().protocol.overcorrectionStages).toBe(2);
    expect(again.history().states).toHaveLength(1);
  });

  test('a working plan saved by a newer studio is an error and is never saved over', async () => {
    const { factory, caseId, open } = await libraryWithCase(new IDBFactory());
    const db = await openStudioDb('ui-test', factory);
    const newer = { ...emptyPlan(), schemaVersion: PLAN_SCHEMA_VERSION + 1, brackets: ['new'] } as unknown as Plan;
    const record = { id: workingPlanId(caseId), caseId, kind: 'working' as const, name: '', savedAt: 1, schemaVersion: PLAN_SCHEMA_VERSION + 1, plan: newer };
    await db.put('plans', record);
    const session = open();
    await session.open();
    await session.settled();
    expect(session.state.phase).toBe('error');
    expect(session.state.message).toMatch(/newer/);
    session.setMovement(11, { ...zeroMovement(), mesial: 1 });
    await session.settled();
    expect(session.state.save.status).toBe('error');
    expect(await db.get('plans', workingPlanId(caseId))).toEqual(record);
    db.close();
  });

  test('versions: save (named), list newest first, load as one undo step, delete', async () => {
    const { session } = await opened(new IDBFactory());
    await session.saveVersion('   ');
    expect(session.state.message).toMatch(/needs a name/);
    session.setMovement(22, { ...zeroMovement(), tip: 4 });
    await session.saveVersion('  First ');
    const first = session.plan();
    session.setMovement(22, { ...zeroMovement(), tip: -4 });
    await session.saveVersion('Second');
    expect(session.state.versions.map((v) => v.name)).toEqual(['Second', 'First']);
    const steps = session.history().states.length;
    await session.loadVersion(session.state.versions[1].id);
    expect(session.plan()).toEqual(first);
    expect(session.history().states).toHaveLength(steps + 1);
    await session.deleteVersion(session.state.versions[0].id);
    expect(session.state.versions.map((v) => v.name)).toEqual(['First']);
    await session.loadVersion('no-such-version');
    expect(session.state.message).toMatch(/could not be opened/);
    await session.settled();
  });

  test('play steps through the stages and stops at the last; play at the end starts over', async () => {
    const { session } = await opened(new IDBFactory(), { playIntervalMs: 5 });
    session.setMovement(31, { ...zeroMovement(), buccal: 1 });
    await session.settled();
    const last = session.staging()!.stageCount - 1;
    expect(last).toBe(4);
    const seen: number[] = [];
    session.play();
    expect(session.state.playing).toBe(true);
    while (session.state.playing) {
      seen.push(session.state.stage);
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(session.state.stage).toBe(last);
    expect(seen[0]).toBe(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    session.play();
    expect(session.state.stage).toBe(0);
    session.pause();
    expect(session.state.playing).toBe(false);
  });

  test("'occlusion' colouring gives signed distances on both arches; 'overlap' marks the overlapping crowns", async () => {
    const { session } = await opened(new IDBFactory());
    // 36 extruded 1 mm into its antagonists (7 stages at 0.15 mm).
    session.setMovement(36, { ...zeroMovement(), extrusion: 1 });
    session.setColouring('occlusion');
    await session.settled();
    expect(session.vertexDistances()).not.toBeNull();
    session.setStage(session.staging()!.stageCount - 1);
    await session.settled();
    const d = session.vertexDistances()!;
    for (const jaw of ['upper', 'lower'] as const) {
      const values = [...d[jaw]!];
      expect(values).toHaveLength(arches[jaw].positions.length / 3);
      expect(values.some((v) => Number.isFinite(v) && v > 0)).toBe(true);
      expect(values.some((v) => v < 0)).toBe(true);
      // The gingiva is not measured.
      expect(values.some((v) => Number.isNaN(v))).toBe(true);
    }
    session.setColouring('overlap');
    await session.settled();
    const hit = session.collisionsAtStage().find((c) => c.a === 26 || c.b === 36);
    expect(hit?.kind).toBe('antagonist');
    const o = session.vertexDistances()!;
    const crownOf36 = session.parts()!.lower!.solids.find((x) => x.fdi === 36)!.sourceVertex;
    expect([...crownOf36].some((v) => o.lower![v] < 0)).toBe(true);
    // Teeth that overlap nothing at this stage are not painted.
    const touched = new Set(session.collisionsAtStage().flatMap((c) => [c.a, c.b]));
    const clear = session.parts()!.lower!.solids.filter((x) => !touched.has(x.fdi));
    expect(clear.length, 'some lower tooth overlaps nothing at this stage').toBeGreaterThan(0);
    for (const x of clear) expect([...x.sourceVertex].every((v) => Number.isNaN(o.lower![v])), `tooth ${x.fdi}`).toBe(true);
    session.setColouring('tooth');
    expect(session.vertexDistances()).toBeNull();
  });

});
