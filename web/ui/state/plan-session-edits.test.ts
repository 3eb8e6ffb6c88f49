// Editing the plan in the session end to end: auto-setup, typed values and nudges, undo,
// the stage slider's collisions, the gizmo drag and IPR proposals, on the demo case (seed
// DEMO_SEED) with the planner API in this thread and the WASM engine (fixtures/demo-plan.ts).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { poseFromMovement } from '../../core/pose.ts';
import { zeroMovement } from '../../core/plan.ts';
import { frameOf } from './plan-derive.ts';
import type { PlanEngine } from './plan-engine.ts';
import { DEMO_SEED, engineApi, finalNeighbourDepths, libraryWithCase, opened } from './fixtures/demo-plan.ts';
import { engineForCase } from '../../engine/worker.ts';

describe(`plan session edits on the demo case (seed ${DEMO_SEED})`, () => {
  test('auto-setup stages a plan in one undo step, IPR within the maximum, no final neighbour overlap above 0.1 mm', async () => {
    const { session } = await opened(new IDBFactory());
    await session.runAutoSetup();
    await session.settled();
    const plan = session.plan();
    expect(session.history().states).toHaveLength(2);
    expect(session.state.autoSetup?.targets.length).toBeGreaterThan(0);
    const staging = session.staging()!;
    expect(session.state.stage, 'the result is shown: the final stage').toBe(staging.stageCount - 1);
    expect(session.state.message).toMatch(/final position \(stage \d+\)/);
    expect(staging.arches.every((a) => a.aligners > 0)).toBe(true);
    expect(staging.warnings).toEqual([]);
    expect(plan.ipr.length).toBeGreaterThan(0);
    for (const e of plan.ipr) {
      expect(e.amountMm).toBeLessThanOrEqual(plan.protocol.iprMaxPerContactMm + 1e-9);
      expect(e.stage).toBeGreaterThanOrEqual(0);
      expect(e.stage).toBeLessThan(staging.stageCount);
    }
    expect(finalNeighbourDepths(session).filter((d) => d > 0.1)).toEqual([]);
    expect(session.state.engineError).toBeNull();
  });

  test('typed values and nudges are one undo step each; undo and redo walk them back and forth', async () => {
    const { session } = await opened(new IDBFactory());
    session.setMovement(11, { ...zeroMovement(), mesial: 0.5 });
    session.setStep({ mm: 0.2, deg: 1.5 });
    session.nudge(11, 'buccal', -1);
    session.nudge(11, 'rotation', 1);
    const target = () => session.plan().targets.find((t) => t.fdi === 11)?.movement;
    expect(target()).toEqual({ ...zeroMovement(), mesial: 0.5, buccal: -0.2, rotation: 1.5 });
    expect(session.history().states).toHaveLength(4);
    session.undo();
    expect(target()).toEqual({ ...zeroMovement(), mesial: 0.5, buccal: -0.2 });
    session.undo();
    session.undo();
    expect(session.plan().targets).toEqual([]);
    expect(session.canUndo()).toBe(false);
    session.redo();
    expect(target()).toEqual({ ...zeroMovement(), mesial: 0.5 });
    session.select(11);
    expect(session.selectedMovement()).toEqual({ ...zeroMovement(), mesial: 0.5 });
    // A bad value says why and leaves the plan as it was.
    session.setMovement(11, { ...zeroMovement(), tip: 95 });
    expect(session.state.message).toMatch(/below 90 degrees/);
    expect(session.history().states).toHaveLength(4);
    session.setProtocol({ wearDays: 0 });
    expect(session.state.message).toMatch(/wear days/);
    await session.settled();
    expect(session.staging()!.stageCount).toBe(3);
    expect(session.state.engineError).toBeNull();
  });

  test('a big move makes a collision that the stage slider shows at the last stage only', async () => {
    const { session } = await opened(new IDBFactory());
    // 11 moves 3 mm mesially into 21 (12 stages at 0.25 mm).
    session.setMovement(11, { ...zeroMovement(), mesial: 3 });
    await session.settled();
    const last = session.staging()!.stageCount - 1;
    expect(last).toBe(12);
    session.setStage(0);
    expect(session.collisionsAtStage().some((c) => c.a === 11 && c.b === 21)).toBe(false);
    session.setStage(99);
    expect(session.state.stage).toBe(last);
    const hit = session.collisionsAtStage().find((c) => c.a === 11 && c.b === 21);
    expect(hit?.depthMm).toBeGreaterThan(0.3);
    // The viewport draws 11 where the engine has it: 3 mm along its mesial axis at the end.
    const frame = frameOf(session.teeth().find((t) => t.fdi === 11)!);
    expect(session.posesAtStage().get(11)!.t).toEqual(poseFromMovement(frame, { ...zeroMovement(), mesial: 3 }).t.map((v) => expect.closeTo(v, 6)));
    // The plan gets shorter: the shown stage follows it.
    session.undo();
    expect(session.state.stage).toBe(0);
  });

  test('dragging a tooth updates its overlaps live without committing; the end commits one step', async () => {
    const { session } = await opened(new IDBFactory());
    session.setMovement(21, { ...zeroMovement(), buccal: 0.5 });
    await session.settled();
    const steps = session.history().states.length;
    const frame = frameOf(session.teeth().find((t) => t.fdi === 11)!);
    const into21 = poseFromMovement(frame, { ...zeroMovement(), mesial: 3 });
    session.select(11);
    session.dragTooth(11, into21, 'move');
    await session.settled();
    expect(session.history().states).toHaveLength(steps);
    expect(session.plan().targets.map((t) => t.fdi)).toEqual([21]);
    expect(session.state.stage).toBe(session.staging()!.stageCount - 1);
    expect(session.posesAtStage().get(11)).toEqual(into21);
    expect(session.selectedMovement()!.mesial).toBeCloseTo(3, 6);
    const live = session.findings()!.collisions.flatMap((c) => c.collisions).filter((c) => c.a === 11 && c.b === 21);
    expect(Math.max(...live.map((c) => c.depthMm))).toBeGreaterThan(0.3);
    session.dragTooth(11, into21, 'cancel');
    await session.settled();
    expect(session.findings()!.collisions.flatMap((c) => c.collisions).some((c) => c.a === 11 && c.b === 21 && c.depthMm > 0.3)).toBe(false);
    session.dragTooth(11, into21, 'move');
    session.dragTooth(11, into21, 'end');
    await session.settled();
    expect(session.history().states).toHaveLength(steps + 1);
    expect(session.plan().targets.find((t) => t.fdi === 11)!.movement.mesial).toBeCloseTo(3, 6);
    const last = session.staging()!.stageCount - 1;
    expect(session.state.stage, 'the view stays on the final position, which now has more stages').toBe(last);
    expect(session.findings()!.collisions.find((c) => c.stage === last)?.collisions.some((c) => c.a === 11 && c.b === 21)).toBe(true);
  });

  test('accepting the engine IPR proposals plans the stripping in one undo step and clears the final overlap', async () => {
    const { session } = await opened(new IDBFactory());
    session.setMovement(11, { ...zeroMovement(), mesial: 3 });
    await session.settled();
    const proposal = session.findings()!.ipr.find((p) => p.a === 11 && p.b === 21)!;
    expect(proposal.overlapMm).toBeGreaterThan(0.1);
    const steps = session.history().states.length;
    session.acceptIprProposals();
    expect(session.history().states).toHaveLength(steps + 1);
    expect(session.plan().ipr.find((e) => e.a === 11 && e.b === 21)).toEqual({ a: 11, b: 21, amountMm: proposal.amountMm, stage: proposal.stage });
    await session.settled();
    expect(session.findings()!.ipr.some((p) => p.a === 11 && p.b === 21)).toBe(false);
    const last = session.staging()!.stageCount - 1;
    expect(session.findings()!.collisions.find((c) => c.stage === last)?.collisions.some((c) => c.a === 11 && c.b === 21) ?? false).toBe(false);
  });


  test('a burst of edits makes one engine run with the newest plan; a failed run says why and keeps the findings', async () => {
    let runs = 0;
    let fail = false;
    const ctx = await libraryWithCase(new IDBFactory());
    const engine = engineForCase(engineApi, ctx.caseId);
    const counting: PlanEngine = {
      ...engine,
      computePoses(plan) {
        runs++;
        return fail ? Promise.reject(new Error('the GPU device was lost')) : engine.computePoses(plan);
      },
    };
    const session = ctx.open({ engine: counting });
    await session.open();
    await session.settled();
    runs = 0;
    for (let i = 0; i < 5; i++) session.nudge(11, 'mesial', 1);
    expect(session.state.computing).toBe(true);
    await session.settled();
    expect(runs).toBe(1);
    expect(session.state.computing).toBe(false);
    expect(session.staging()!.stageCount).toBe(3);
    expect(session.findings()!.collisions.every((c) => c.stage < 3)).toBe(true);
    const before = session.findings();
    fail = true;
    session.nudge(11, 'mesial', 1);
    await session.settled();
    expect(session.state.engineError).toBe('the GPU device was lost');
    expect(session.findings()).toBe(before);
    fail = false;
    session.undo();
    await session.settled();
    expect(session.state.engineError).toBeNull();
  });
});
