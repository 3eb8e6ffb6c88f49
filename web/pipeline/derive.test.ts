// The headless pipeline on the demo case (seed DEMO_SEED, both arches) with the WASM engine:
// one call derives staging, poses at every stage, neighbour and antagonist findings with
// the planned IPR done, IPR proposals, warnings, the movement table and the final bite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyPlan, type Plan } from '../core/plan.ts';
import { pairKey } from '../core/findings.ts';
import { planPairs } from '../core/pairs.ts';
import { planFromSetup, TOUCH_MM } from '../core/plan-rules.ts';
import { DEMO_SEED, generateDemoCase } from '../geometry/demo/index.ts';
import { archPlanParts } from '../geometry/setup/plan-parts.ts';
import { autoSetup } from '../geometry/setup/auto-setup.ts';
import { POSE_WORDS } from '../engine/layout.ts';
import { createWasmEngine } from '../engine/wasm.ts';
import type { Engine } from '../engine/engine.ts';
import { derivePlan, loadCase, type DerivedPlan, type PreparedCase } from './derive.ts';

describe(`derivePlan on the demo case (seed ${DEMO_SEED})`, () => {
  let engine: Engine;
  let prepared: PreparedCase;
  let plan: Plan;
  let derived: DerivedPlan;
  beforeAll(async () => {
    const demo = generateDemoCase(DEMO_SEED);
    const parts = [archPlanParts(demo.arches.upper.mesh, 'upper'), archPlanParts(demo.arches.lower.mesh, 'lower')];
    prepared = { parts };
    const setup = autoSetup({ upper: parts[0].teeth, lower: parts[1].teeth, crowns: Object.assign({}, parts[0].crowns, parts[1].crowns) });
    plan = planFromSetup(emptyPlan(), { targets: Object.entries(setup.targets).map(([fdi, movement]) => ({ fdi: Number(fdi), movement })), ipr: setup.ipr, teeth: parts.flatMap((p) => p.teeth.map((t) => t.fdi)) });
    engine = await createWasmEngine();
    derived = await derivePlan(engine, prepared, plan);
  }, 120_000);
  afterAll(() => engine?.dispose());

  it('carries the attachments the protocol asks for after auto-setup: rotation on canines and premolars past 5 deg, extrusion of a canine past 0.5 mm', () => {
    expect(plan.attachments.map((a) => `${a.fdi} ${a.shape} ${a.reason} stage ${a.stagePlaced}`)).toEqual([
      '13 optimized-extrusion extrusion stage 0', '14 optimized-rotation rotation stage 0', '34 optimized-rotation rotation stage 0',
      '43 optimized-rotation rotation stage 0', '44 optimized-rotation rotation stage 0',
    ]);
    for (const a of plan.attachments) {
      const t = plan.targets.find((x) => x.fdi === a.fdi)!.movement;
      expect(a.reason === 'rotation' ? Math.abs(t.rotation) : t.extrusion, `${a.fdi}`).toBeGreaterThanOrEqual(a.reason === 'rotation' ? 5 : 0.5);
    }
  });

  it('stages the plan and poses every loaded tooth at every stage', () => {
    const loaded = prepared.parts.flatMap((p) => p.solids.map((s) => s.fdi));
    expect(derived.staging.stageCount).toBeGreaterThan(1);
    expect(derived.run.poses.length).toBe(derived.staging.stageCount * loaded.length * POSE_WORDS);
    expect(derived.run.pairs).toEqual(planPairs(loaded));
    expect(derived.run.pairs.some((p) => p.kind === 'antagonist')).toBe(true);
    for (const list of derived.run.records) expect(list.map((r) => r.stage)).toEqual([...Array(derived.staging.stageCount).keys()]);
  });

  it('finds with the planned IPR done and touching contacts not counted', async () => {
    const without = await derivePlan(engine, prepared, { ...plan, ipr: [] });
    const last = derived.staging.stageCount - 1;
    const depthAt = (d: DerivedPlan) => new Map((d.findings.collisions.find((c) => c.stage === last)?.collisions ?? []).map((c) => [pairKey(c.a, c.b), c.depthMm]));
    const withIpr = depthAt(derived), noIpr = depthAt(without);
    const helped = plan.ipr.filter((e) => noIpr.has(pairKey(e.a, e.b)));
    expect(helped.length).toBeGreaterThan(0);
    for (const e of helped) expect(withIpr.get(pairKey(e.a, e.b)) ?? 0).toBeLessThan(noIpr.get(pairKey(e.a, e.b))!);
    for (const s of derived.findings.collisions) for (const c of s.collisions) expect(c.depthMm).toBeGreaterThan(TOUCH_MM);
    expect(derived.ipr.planned).toBe(plan.ipr);
    expect(derived.ipr.proposals).toBe(derived.findings.ipr);
  });

  it('words the warnings, fills the movement table and measures the final bite', () => {
    for (const m of derived.findings.midCourse) expect(derived.warnings).toContain(m.message);
    const fdis = prepared.parts.flatMap((p) => p.teeth.map((t) => t.fdi)).sort((a, b) => a - b);
    expect(derived.movements.map((m) => m.fdi)).toEqual(fdis);
    const moved = derived.movements.filter((m) => m.active > 0);
    expect(moved.length).toBeGreaterThan(10);
    for (const m of moved) expect(m.final).toEqual(plan.targets.find((t) => t.fdi === m.fdi)!.movement);
    expect(derived.occlusalContacts.length).toBeGreaterThan(0);
    for (const c of derived.occlusalContacts) expect([Math.floor(c.a / 10) <= 2, Math.floor(c.b / 10) >= 3]).toEqual([true, true]);
  });

  it('loads the case itself, or derives on teeth already loaded', async () => {
    const fdis = await loadCase(engine, prepared);
    const again = await derivePlan(engine, prepared, plan, fdis);
    expect(again.findings).toEqual(derived.findings);
  });
});
