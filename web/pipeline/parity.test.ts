// The CLI and the studio derive a plan the same way (issue 10): the plan command's JSON and
// the studio's plan session, each after auto-setup on the same labelled arches, give
// identical findings (every stage, neighbour and antagonist pairs, planned IPR done), IPR
// and warnings, on the demo case and on the real upper arch (upper-arch-01). Both run the
// WASM engine, the studio's through its engine worker API as in the browser.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { JAWS, type Jaw } from '../core/types.ts';
import { targetOf } from '../core/plan.ts';
import { acceptedProposals } from '../core/plan-rules.ts';
import { DEMO_SEED, generateDemoCase } from '../geometry/demo/index.ts';
import { importFiles } from '../geometry/import/index.ts';
import { REAL_SCAN_DIR, realFile } from '../geometry/fixtures/real-scan.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { selectEngine } from '../engine/select.ts';
import { createEngineApi, engineForCase } from '../engine/worker.ts';
import { memoryIO } from '../cli/io.ts';
import { plan as planCommand } from '../cli/commands/plan.ts';
import type { PlanCaseReport } from '../cli/plan-case.ts';
import { createPlannerApi } from '../ui/workers/plan-api.ts';
import { directPlannerClient } from '../ui/workers/plan-client.ts';
import { createPlanSession } from '../ui/state/plan-session.ts';
import type { PlanSession } from '../ui/state/plan-types.ts';
import { freshLibrary } from '../ui/state/fixtures/library.ts';
import { planWarnings } from './derive.ts';

type PlanJson = PlanCaseReport & { case: string };

async function cliJson(args: string[]): Promise<PlanJson> {
  const io = memoryIO();
  const code = await planCommand([...args, '--auto', '--json'], io);
  expect(io.stderr).toEqual([]);
  expect(code).toBe(0);
  return JSON.parse(io.stdout[0]) as PlanJson;
}

/** The studio's plan session on `arches`, after the planner pressed auto-setup. */
async function studioAfterAutoSetup(arches: Partial<Record<Jaw, LabelledMesh>>): Promise<PlanSession> {
  const lib = await freshLibrary(new IDBFactory());
  const record = await lib.cases.create({ pseudonym: 'Parity' });
  const engineApi = createEngineApi((o) => selectEngine({ ...o, force: 'wasm' }));
  const session = createRoot(() => createPlanSession({
    caseId: record.id, plans: lib.plans, settings: lib.settings, planner: directPlannerClient(createPlannerApi()),
    engine: engineForCase(engineApi, record.id), arches: () => arches, autosaveDelayMs: 0,
  }));
  await session.open();
  await session.settled();
  expect(session.state.phase, String(session.state.message)).toBe('ready');
  await session.runAutoSetup();
  await session.settled();
  expect(session.state.autoSetup, String(session.state.message)).not.toBeNull();
  expect(session.state.engineError).toBeNull();
  return session;
}

/** Plain JSON, as the CLI prints it (-0 reads 0). */
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function expectSameDerivation(cli: PlanJson, studio: PlanSession): void {
  const staging = studio.staging()!;
  const findings = studio.findings()!;
  expect(cli.stageCount).toBe(staging.stageCount);
  expect(cli.teeth.map((t) => [t.fdi, t.final])).toEqual(json(studio.teeth().map((t) => [t.fdi, targetOf(studio.plan(), t.fdi)])));

  // Findings at every stage, neighbour and antagonist pairs, with the planned IPR done.
  expect(cli.findings).toEqual(json(findings));
  expect(cli.findings.collisions.length).toBeGreaterThan(0);

  // IPR: the plan's (the setup's, timed) and what accepting the proposals would add.
  const planned = cli.ipr.filter((e) => e.source === 'auto-setup').map((e) => ({ a: e.a, b: e.b, amountMm: e.amountMm, stage: e.stage }));
  expect(planned).toEqual(json(studio.plan().ipr));
  expect(planned.length).toBeGreaterThan(0);
  const added = cli.ipr.filter((e) => e.source === 'overlap').map((e) => ({ a: e.a, b: e.b, amountMm: e.amountMm, stage: e.stage }));
  expect(added).toEqual(json(acceptedProposals(findings.ipr).map((p) => ({ a: p.a, b: p.b, amountMm: p.amountMm, stage: p.stage }))));

  const parts = JAWS.flatMap((j) => studio.parts()?.[j] ?? []);
  expect(cli.warnings).toEqual(planWarnings(staging, findings, { parts }));
  // The sanity checklist (issue 12): the studio's Checks list is the CLI's, word for word.
  expect(cli.checklist).toEqual(json(studio.checklist()));
  // Auto-setup's plans on the demo and the real upper arch pass every check (issue 12 item 8).
  expect(cli.checklist.filter((c) => c.status !== 'pass').map((c) => `${c.label}: ${c.detail}`)).toEqual([]);

  // The final-stage overlaps the CLI lists are the studio's, antagonists included.
  const last = findings.collisions.find((c) => c.stage === staging.stageCount - 1)?.collisions ?? [];
  expect(cli.finalOverlaps.map((o) => [o.a, o.b, o.kind, o.overlapMm])).toEqual(json(last.map((c) => [c.a, c.b, c.kind, c.depthMm])));
}

describe('the CLI and the studio derive the same plan', () => {
  it(`on the demo case (seed ${DEMO_SEED}, both arches)`, async () => {
    const demo = generateDemoCase(DEMO_SEED);
    const cli = await cliJson(['demo']);
    const studio = await studioAfterAutoSetup({ upper: demo.arches.upper.mesh, lower: demo.arches.lower.mesh });
    try {
      expectSameDerivation(cli, studio);
      // Antagonist pairs are derived too: the demo's bite is measured at the final stage.
      expect(cli.finalOcclusion.length).toBeGreaterThan(0);
    } finally {
      studio.dispose();
    }
  }, 240_000);

  it('on the real upper arch (upper-arch-01, its OBJ and label file as a lab exports them)', async () => {
    const cli = await cliJson([REAL_SCAN_DIR + 'upper.obj', REAL_SCAN_DIR + 'upper.json']);
    const imported = importFiles([realFile('upper.obj'), realFile('upper.json')]);
    expect(imported.errors).toEqual([]);
    const studio = await studioAfterAutoSetup({ upper: imported.arches[0].mesh });
    try {
      expectSameDerivation(cli, studio);
    } finally {
      studio.dispose();
    }
  }, 240_000);
});
