// The plan session on the real upper scan from ../shared/data (labels from its Teeth3DS
// file, as a lab's labelled export would bring them): auto-setup, staging and collisions
// run end to end, and the staged plan keeps every per-stage limit.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { loadRealScan } from '../../geometry/fixtures/real-scan.ts';
import { largestSteps } from '../../core/staging.ts';
import { createEngineApi, engineForCase } from '../../engine/worker.ts';
import { createPlannerApi } from '../workers/plan-api.ts';
import { directPlannerClient } from '../workers/plan-client.ts';
import { createPlanSession } from './plan-session.ts';
import { freshLibrary } from './fixtures/library.ts';
import { DEMO_SEED, generateDemoCase } from '../../geometry/demo/index.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';

describe('plan session on the real upper arch (upper-arch-01)', () => {
  it('auto-setup gives a staged plan with no limit exceeded, IPR within the maximum, and findings at every stage', async () => {
    const scan = loadRealScan();
    const arches = { upper: { ...scan.mesh, labels: scan.vertexLabels } };
    const lib = await freshLibrary(new IDBFactory());
    const record = await lib.cases.create({ pseudonym: 'Real scan' });
    const session = createRoot(() => createPlanSession({
      caseId: record.id, plans: lib.plans, settings: lib.settings, planner: directPlannerClient(createPlannerApi()),
      engine: engineForCase(createEngineApi(), record.id), arches: () => arches, autosaveDelayMs: 0,
    }));
    try {
      await session.open();
      await session.settled();
      expect(session.state.phase, String(session.state.message)).toBe('ready');
      expect(session.teeth().map((t) => t.fdi)).toEqual([11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27]);

      await session.runAutoSetup();
      await session.settled();
      const staging = session.staging()!;
      expect(session.stagingError()).toBeNull();
      expect(staging.arches.find((a) => a.jaw === 'upper')!.aligners).toBeGreaterThan(0);
      expect(staging.warnings).toEqual([]);
      const protocol = session.plan().protocol;
      for (const [key, { step, limit }] of Object.entries(largestSteps(staging, protocol.limits))) {
        expect(step, key).toBeLessThanOrEqual(limit + 1e-9);
      }
      for (const ipr of session.plan().ipr) expect(ipr.amountMm).toBeLessThanOrEqual(protocol.iprMaxPerContactMm + 1e-9);
      const findings = session.findings()!;
      expect(findings).not.toBeNull();
      expect(session.state.engineError).toBeNull();
      for (const c of findings.collisions) expect(c.stage).toBeLessThan(staging.stageCount);
      // Reopening the case restores exactly this plan.
      const again = createRoot(() => createPlanSession({
        caseId: record.id, plans: lib.plans, settings: lib.settings, planner: directPlannerClient(createPlannerApi()),
        engine: engineForCase(createEngineApi(), record.id), arches: () => arches, autosaveDelayMs: 0,
      }));
      await again.open();
      await again.settled();
      expect(again.plan()).toEqual(session.plan());
      again.dispose();
    } finally {
      session.dispose();
    }
  }, 120_000);

  it('a case opened after another never plans with the earlier patient\'s arches (demo both arches, then the real upper alone, one planner and one engine as in the studio)', async () => {
    const scan = loadRealScan();
    const planner = directPlannerClient(createPlannerApi());
    const engineApi = createEngineApi();
    const lib = await freshLibrary(new IDBFactory());
    const sessionOf = (caseId: string, arches: Partial<Record<'upper' | 'lower', LabelledMesh>>) => createRoot(() => createPlanSession({
      caseId, plans: lib.plans, settings: lib.settings, planner, engine: engineForCase(engineApi, caseId), arches: () => arches, autosaveDelayMs: 0,
    }));
    const demoCase = await lib.cases.create({ pseudonym: 'Demo' });
    const demo = generateDemoCase(DEMO_SEED);
    const first = sessionOf(demoCase.id, { upper: demo.arches.upper.mesh, lower: demo.arches.lower.mesh });
    await first.open();
    await first.runAutoSetup();
    await first.settled();
    expect(first.state.autoSetup!.targets.some((t) => t.fdi > 30), 'the demo plan moves lower teeth').toBe(true);
    first.dispose();

    const realCase = await lib.cases.create({ pseudonym: 'Upper only' });
    const second = sessionOf(realCase.id, { upper: { ...scan.mesh, labels: scan.vertexLabels } });
    try {
      await second.open();
      await second.settled();
      expect(second.state.phase, String(second.state.message)).toBe('ready');
      await second.runAutoSetup();
      await second.settled();
      const report = second.state.autoSetup!;
      expect(report, String(second.state.message)).not.toBeNull();
      expect(report.targets.map((t) => t.fdi).filter((f) => f > 30)).toEqual([]);
      expect(report.ipr.filter((p) => p.jaw === 'lower' || p.mesial > 30 || p.distal > 30)).toEqual([]);
      expect(report.spaceAnalysis.lower ?? null).toBeNull();
      expect(report.bolton.anterior).toBeNull();
      expect(report.notes.join(' ')).not.toMatch(/overbite/i);
      const saved = await lib.plans.loadWorking(realCase.id);
      expect(saved!.targets.map((t) => t.fdi).filter((f) => f > 30)).toEqual([]);
      expect(saved!.ipr.filter((p) => p.a > 30 || p.b > 30)).toEqual([]);
      // The engine holds the upper-only case's 14 teeth, none of the demo's lower arch.
      expect(second.findings()!.collisions.flatMap((c) => c.collisions).some((c) => c.a > 30 || c.b > 30)).toBe(false);
    } finally {
      second.dispose();
    }
  }, 240_000);
});
