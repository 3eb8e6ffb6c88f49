// The plan session on the real upper scan from ../shared/data (labels from its Teeth3DS
// file, as a lab's labelled export would bring them): auto-setup, staging and collisions
// run end to end, and the staged plan keeps every per-stage limit.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { loadRealScan } from '../../geometry/segmentation/real-scan.node.ts';
import { largestSteps } from '../../core/staging.ts';
import { createEngineApi } from '../../engine/worker.ts';
import { createPlannerApi } from '../workers/plan-api.ts';
import { directPlannerClient } from '../workers/plan-client.ts';
import { createPlanSession } from './plan-session.ts';
import { freshLibrary } from './test-support.ts';

describe('plan session on the real upper arch (upper-arch-01)', () => {
  it('auto-setup gives a staged plan with no limit exceeded, IPR within the maximum, and findings at every stage', async () => {
    const scan = loadRealScan();
    const arches = { upper: { ...scan.mesh, labels: scan.vertexLabels } };
    const lib = await freshLibrary(new IDBFactory());
    const record = await lib.cases.create({ pseudonym: 'Real scan' });
    const session = createRoot(() => createPlanSession({
      caseId: record.id, plans: lib.plans, settings: lib.settings, planner: directPlannerClient(createPlannerApi()),
      engine: createEngineApi(), arches: () => arches, autosaveDelayMs: 0,
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
        engine: createEngineApi(), arches: () => arches, autosaveDelayMs: 0,
      }));
      await again.open();
      await again.settled();
      expect(again.plan()).toEqual(session.plan());
      again.dispose();
    } finally {
      session.dispose();
    }
  }, 120_000);
});
