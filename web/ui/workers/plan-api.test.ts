// The planner worker's API called directly (as the worker does), through directPlannerClient,
// and through comlink over a MessageChannel (as the studio's worker client talks to it).
import { afterAll, describe, expect, test } from 'vitest';
import { expose } from 'comlink';
import { positionOf } from '../../core/fdi.ts';
import { MOVEMENT_KEYS } from '../../core/plan.ts';
import { DEMO_SEED, generateDemoCase } from '../../geometry/demo/index.ts';
import { DEFAULT_AUTO_SETUP, type PlannerClient } from '../state/plan-types.ts';
import { buildSegmentationRecord, encodeSegmentationRecord } from '../../geometry/segmentation-record.ts';
import { estimateArchFrame } from '../../geometry/segmentation/arch-frame.ts';
import type { Segmentation } from '../../geometry/segmentation/segment.ts';
import { archPlanParts, type PlanPartsSteps } from '../../geometry/setup/plan-parts.ts';
import { adjustToothAxes, computeToothAxes } from '../../geometry/tooth-axes.ts';
import { closeCrown, isClosed } from '../../geometry/collision-solid.ts';
import { createPlannerApi } from './plan-api.ts';
import { directPlannerClient, plannerClientOn } from './plan-client.ts';

const IPR_MAX_MM = 0.3;
const CASE = 'case-1';
const BOTH = ['upper', 'lower'] as const;
const isMolar = (fdi: number) => positionOf(fdi) === 6 || positionOf(fdi) === 7;

describe(`planner worker API on the demo case (seed ${DEMO_SEED})`, () => {
  const demo = generateDemoCase(DEMO_SEED);
  const numbered = (jaw: 'upper' | 'lower') => [...new Set(demo.arches[jaw].mesh.labels!)].filter((l) => l !== 0).sort((a, b) => a - b);
  const api = createPlannerApi();
  const upper = api.prepareArch(CASE, 'upper', demo.arches.upper.mesh);
  const lower = api.prepareArch(CASE, 'lower', demo.arches.lower.mesh);
  const report = api.autoSetup(CASE, BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM);

  test('prepareArch gives every numbered tooth axes and a closed solid, and keeps the crowns to itself', () => {
    for (const parts of [upper, lower]) {
      expect(parts.teeth.map((t) => t.fdi)).toEqual(numbered(parts.jaw));
      expect(parts.solids.map((s) => s.fdi)).toEqual(numbered(parts.jaw));
      expect(parts.skipped).toEqual([]);
      for (const s of parts.solids) {
        expect(isClosed(s.mesh)).toBe(true);
        expect(s.sourceVertex.length).toBe(s.crownVertexCount);
      }
      expect('crowns' in parts).toBe(false);
    }
  });

  test('auto-setup proposes targets for the teeth the demo put out of place, ascending, none all-zero', () => {
    const fdis = report.targets.map((t) => t.fdi);
    expect(fdis).toEqual([...fdis].sort((a, b) => a - b));
    for (const t of report.targets) expect(MOVEMENT_KEYS.some((k) => t.movement[k] !== 0)).toBe(true);
    const displaced = Object.entries(demo.malpositions)
      .filter(([fdi, m]) => !isMolar(Number(fdi)) && (Math.abs(m.rotationDeg) > 5 || Math.abs(m.mesialMm) > 0.5 || Math.abs(m.buccalMm) > 0.5))
      .map(([fdi]) => Number(fdi));
    expect(displaced.length).toBeGreaterThan(0);
    for (const fdi of displaced) expect(fdis).toContain(fdi);
    expect(report.options).toEqual(DEFAULT_AUTO_SETUP);
  });

  test('auto-setup keeps every IPR within the maximum passed in, and reports Bolton and both space analyses', () => {
    expect(report.ipr.length).toBeGreaterThan(0);
    for (const p of report.ipr) {
      expect(p.amountMm).toBeGreaterThan(0);
      expect(p.amountMm).toBeLessThanOrEqual(IPR_MAX_MM + 1e-9);
    }
    expect(report.bolton.anterior?.ratioPercent).toBeGreaterThan(60);
    expect(report.bolton.overall?.ratioPercent).toBeGreaterThan(80);
    for (const jaw of ['upper', 'lower'] as const) {
      expect(report.spaceAnalysis[jaw]?.requiredMm).toBeGreaterThan(40);
      expect(report.expansionMm[jaw]).toBeGreaterThanOrEqual(0);
    }
    expect(report.notes.some((n) => n.startsWith('Bolton anterior'))).toBe(true);
    expect(structuredClone(report)).toEqual(report);
  });

  test('with molar movement off, no first or second molar gets a target', () => {
    expect(report.options.allowMolarMovement).toBe(false);
    expect(report.targets.filter((t) => isMolar(t.fdi))).toEqual([]);
    const strict = api.autoSetup(CASE, BOTH, { ...DEFAULT_AUTO_SETUP, strategy: 'expansion-first' }, 0);
    expect(strict.targets.filter((t) => isMolar(t.fdi))).toEqual([]);
    expect(strict.ipr).toEqual([]);
    expect(strict.options.strategy).toBe('expansion-first');
  });

  test('directPlannerClient answers as the API does', async () => {
    const client = directPlannerClient(api);
    expect(await client.autoSetup(CASE, BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM)).toEqual(report);
    expect(await client.prepareArch(CASE, 'lower', demo.arches.lower.mesh)).toEqual(lower);
    await expect(client.prepareArch(CASE, 'upper', { ...demo.arches.upper.mesh, labels: null })).rejects.toThrow(/upper arch is not segmented/);
    client.dispose();
  });
});

describe(`planner worker client over a message channel (demo seed ${DEMO_SEED})`, () => {
  const demo = generateDemoCase(DEMO_SEED);
  // A channel per spawned worker, as the browser has a worker per arch.
  const channels: MessageChannel[] = [];
  const client: PlannerClient = plannerClientOn(() => {
    const channel = new MessageChannel();
    expose(createPlannerApi(), channel.port2);
    channels.push(channel);
    return channel.port1;
  }, { perArch: true });
  afterAll(() => {
    client.dispose();
    for (const c of channels) c.port2.close();
  });

  test('auto-setup before any arch is prepared rejects, saying what to do', async () => {
    await expect(client.autoSetup(CASE, BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM)).rejects.toThrow(/Prepare the arches before auto-setup/);
  });

  test('prepared parts cross whole, the mesh sent in stays usable, forget leaves only the other arch, and a failed prepare drops the old parts of the arch', async () => {
    const mesh = demo.arches.upper.mesh;
    const before = mesh.positions.length;
    const upper = await client.prepareArch(CASE, 'upper', mesh);
    expect(mesh.positions.length).toBe(before);
    expect(mesh.labels!.length * 3).toBe(before);
    expect(upper).toEqual(createPlannerApi().prepareArch(CASE, 'upper', mesh));
    await client.prepareArch(CASE, 'lower', demo.arches.lower.mesh);

    const both = await client.autoSetup(CASE, BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM);
    expect(new Set(both.targets.map((t) => Math.floor(t.fdi / 10)))).toEqual(new Set([1, 2, 3, 4]));

    await client.forget(CASE, 'lower');
    await expect(client.autoSetup(CASE, BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM)).rejects.toThrow(/the lower arch is not prepared/);
    const onlyUpper = await client.autoSetup(CASE, ['upper'], DEFAULT_AUTO_SETUP, IPR_MAX_MM);
    expect(onlyUpper.targets.length).toBeGreaterThan(0);
    expect(onlyUpper.targets.every((t) => t.fdi < 30)).toBe(true);
    expect(onlyUpper.ipr.every((p) => p.jaw === 'upper')).toBe(true);
    expect(onlyUpper.spaceAnalysis.lower).toBeUndefined();
    expect(onlyUpper.spaceAnalysis.upper).not.toBeNull();
    expect(onlyUpper.bolton.overall).toBeNull();

    await expect(client.prepareArch(CASE, 'upper', { ...mesh, labels: new Uint8Array(mesh.labels!.length) })).rejects.toThrow(/not segmented/);
    await expect(client.autoSetup(CASE, ['upper'], DEFAULT_AUTO_SETUP, IPR_MAX_MM)).rejects.toThrow(/Prepare the arches/);
  });

  test('a worker per arch: both arches are prepared by their own worker, and auto-setup gets the other arch from its worker', async () => {
    await client.prepareArch(CASE, 'upper', demo.arches.upper.mesh);
    await client.prepareArch(CASE, 'lower', demo.arches.lower.mesh);
    expect(channels.length, 'an upper and a lower planner worker').toBe(2);
    client.warm!();
    expect(channels.length, 'warming started workers are not started again').toBe(2);
    const both = await client.autoSetup(CASE, BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM);
    const single = createPlannerApi();
    single.prepareArch(CASE, 'upper', demo.arches.upper.mesh);
    single.prepareArch(CASE, 'lower', demo.arches.lower.mesh);
    expect(both, 'as one worker holding both arches').toEqual(single.autoSetup(CASE, BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM));
    const onlyLower = await client.autoSetup(CASE, ['lower'], DEFAULT_AUTO_SETUP, IPR_MAX_MM);
    expect(onlyLower.targets.every((t) => t.fdi > 30)).toBe(true);
  });

  test('one patient at a time: after case A (both arches), case B with only its upper arch never gets A\'s lower arch', async () => {
    await client.prepareArch('case-a', 'upper', demo.arches.upper.mesh);
    await client.prepareArch('case-a', 'lower', demo.arches.lower.mesh);
    expect((await client.autoSetup('case-a', BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM)).targets.some((t) => t.fdi > 30)).toBe(true);
    await client.prepareArch('case-b', 'upper', demo.arches.upper.mesh);
    // Case B asking for both arches is refused: its lower arch was never prepared (A's is gone).
    await expect(client.autoSetup('case-b', BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM)).rejects.toThrow(/the lower arch is not prepared/);
    const b = await client.autoSetup('case-b', ['upper'], DEFAULT_AUTO_SETUP, IPR_MAX_MM);
    expect(b.targets.every((t) => t.fdi < 30)).toBe(true);
    expect(b.spaceAnalysis.lower).toBeUndefined();
    // A was dropped when B was prepared, and a closed case's forget leaves the open one alone.
    await expect(client.autoSetup('case-a', ['upper'], DEFAULT_AUTO_SETUP, IPR_MAX_MM)).rejects.toThrow(/Prepare the arches/);
    await client.forget('case-a');
    expect((await client.autoSetup('case-b', ['upper'], DEFAULT_AUTO_SETUP, IPR_MAX_MM)).targets).toEqual(b.targets);
    await client.forget('case-b');
    await expect(client.autoSetup('case-b', ['upper'], DEFAULT_AUTO_SETUP, IPR_MAX_MM)).rejects.toThrow(/Prepare the arches/);
  });
});

describe('prepareArch with the arch\'s saved segmentation record', () => {
  const demo = generateDemoCase(DEMO_SEED);
  const mesh = demo.arches.upper.mesh;
  const seg: Segmentation = {
    faceLabels: new Uint8Array(mesh.indices.length / 3), vertexLabels: mesh.labels!, seeds: [], paint: new Map(),
    frame: estimateArchFrame(mesh, 'upper'), scale: 1, warnings: [], fields: [],
  };
  const plain = buildSegmentationRecord(mesh, seg, 'upper');
  const nudged = adjustToothAxes(plain.teeth.find((t) => t.fdi === 21)!, { tipDeg: 0, torqueDeg: 0, rotationDeg: -8 });
  const bytes = () => encodeSegmentationRecord(buildSegmentationRecord(mesh, seg, 'upper', [nudged]));
  function counted() {
    const calls = { axes: 0 };
    const steps: PlanPartsSteps = { computeToothAxes: (...a) => (calls.axes++, computeToothAxes(...a)), closeCrown };
    return { calls, api: createPlannerApi((m, j, s) => archPlanParts(m, j, s, steps)) };
  }

  test('uses the record\'s axes, the planner\'s nudge included, without measuring them again', () => {
    const { calls, api } = counted();
    const parts = api.prepareArch(CASE, 'upper', mesh, bytes());
    expect(calls.axes).toBe(0);
    expect(parts.teeth.find((t) => t.fdi === 21)).toEqual(nudged);
    expect(parts.skipped).toEqual([]);
    // Auto-setup runs on the same (nudged) axes the plan got.
    expect(api.autoSetup(CASE, ['upper'], DEFAULT_AUTO_SETUP, IPR_MAX_MM).targets.length).toBeGreaterThan(0);
  });

  test('an arch without a record is prepared from its labels', () => {
    const { calls, api } = counted();
    const parts = api.prepareArch(CASE, 'upper', mesh);
    expect(calls.axes).toBe(1);
    expect(parts.teeth.find((t) => t.fdi === 21)!.adjusted).toBe(false);
  });

  test('a record that cannot be read, or is of the other arch, is measured again from the labels, saying so', () => {
    const cases = [[new ArrayBuffer(8), 'upper', /could not be read/], [bytes(), 'lower', /is of the upper arch/]] as const;
    for (const [record, jaw, why] of cases) {
      const { calls, api } = counted();
      const parts = api.prepareArch(CASE, jaw, demo.arches[jaw].mesh, record);
      expect(calls.axes).toBe(1);
      expect(parts.skipped[0]).toMatch(why);
    }
  });
});

describe(`planner worker client with one worker for both arches, as on a two-core machine (demo seed ${DEMO_SEED})`, () => {
  const demo = generateDemoCase(DEMO_SEED);
  const channels: MessageChannel[] = [];
  const client: PlannerClient = plannerClientOn(() => {
    const channel = new MessageChannel();
    expose(createPlannerApi(), channel.port2);
    channels.push(channel);
    return channel.port1;
  });
  afterAll(() => {
    client.dispose();
    for (const c of channels) c.port2.close();
  });

  test('both arches go to the one worker, auto-setup answers as one API does, and another case never gets the first one\'s lower arch', async () => {
    client.warm!();
    await Promise.all([client.prepareArch(CASE, 'upper', demo.arches.upper.mesh), client.prepareArch(CASE, 'lower', demo.arches.lower.mesh)]);
    expect(channels.length).toBe(1);
    const single = createPlannerApi();
    single.prepareArch(CASE, 'upper', demo.arches.upper.mesh);
    single.prepareArch(CASE, 'lower', demo.arches.lower.mesh);
    expect(await client.autoSetup(CASE, BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM)).toEqual(single.autoSetup(CASE, BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM));
    await client.prepareArch('case-b', 'upper', demo.arches.upper.mesh);
    await expect(client.autoSetup('case-b', BOTH, DEFAULT_AUTO_SETUP, IPR_MAX_MM)).rejects.toThrow(/the lower arch is not prepared/);
  });
});

describe(`planner worker API with a missing tooth (demo upper arch with 12 unlabelled, seed ${DEMO_SEED})`, () => {
  const demo = generateDemoCase(DEMO_SEED);
  const mesh = demo.arches.upper.mesh;
  const labels = Uint8Array.from(mesh.labels!, (l) => (l === 12 ? 0 : l));
  const api = createPlannerApi();
  api.prepareArch('case-gap', 'upper', { ...mesh, labels });

  test('reports the space of 12 kept by default, and closes it when the planner asks, echoing the choice', () => {
    const kept = api.autoSetup('case-gap', ['upper'], DEFAULT_AUTO_SETUP, IPR_MAX_MM);
    expect(kept.gaps).toEqual([expect.objectContaining({ jaw: 'upper', missing: [12], choice: 'keep' })]);
    expect(kept.gaps[0].measuredMm).toBeGreaterThan(4);
    expect(kept.budget.upper!.keptMm).toBeCloseTo(kept.gaps[0].measuredMm, 6);
    const closed = api.autoSetup('case-gap', ['upper'], { ...DEFAULT_AUTO_SETUP, missing: { 12: 'close' } }, IPR_MAX_MM);
    expect(closed.options.missing).toEqual({ 12: 'close' });
    expect(closed.gaps[0].choice).toBe('close');
    expect(closed.budget.upper!.keptMm).toBe(0);
    expect(closed.budget.upper!.molarsMm).toBeLessThan(-2);
  });
});
