// The plan session takes a segmented arch's saved record: its axes, the planner's nudge in the
// segmentation tool included, are the plan's tooth frames and are not measured again; an arch
// with no record is prepared from its labels.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expect, test } from 'vitest';
import type { Jaw } from '../../core/types.ts';
import { closeCrown } from '../../geometry/collision-solid.ts';
import { buildSegmentationRecord, encodeSegmentationRecord } from '../../geometry/segmentation-record.ts';
import { estimateArchFrame } from '../../geometry/segmentation/arch-frame.ts';
import { archPlanParts, type PlanPartsSteps } from '../../geometry/setup/plan-parts.ts';
import { adjustToothAxes, computeToothAxes } from '../../geometry/tooth-axes.ts';
import { createPlannerApi } from '../workers/plan-api.ts';
import { directPlannerClient } from '../workers/plan-client.ts';
import { arches, libraryWithCase } from './fixtures/demo-plan.ts';

test('the upper arch plans with its saved record\'s nudged axis, unmeasured; the lower, without a record, from its labels', async () => {
  const mesh = arches.upper;
  const seg = {
    faceLabels: new Uint8Array(mesh.indices.length / 3), vertexLabels: mesh.labels!, seeds: [], paint: new Map<number, number>(),
    frame: estimateArchFrame(mesh, 'upper'), scale: 1, warnings: [], fields: [],
  };
  const measured = buildSegmentationRecord(mesh, seg, 'upper');
  const nudged = adjustToothAxes(measured.teeth.find((t) => t.fdi === 21)!, { tipDeg: 0, torqueDeg: 5, rotationDeg: 0 });
  const record = encodeSegmentationRecord(buildSegmentationRecord(mesh, seg, 'upper', [nudged]));

  const measuredJaws: Jaw[] = [];
  const steps: PlanPartsSteps = {
    computeToothAxes: (m, labels, frame, jaw) => (measuredJaws.push(jaw), computeToothAxes(m, labels, frame, jaw)),
    closeCrown,
  };
  const asked: Jaw[] = [];
  const ctx = await libraryWithCase(new IDBFactory());
  const session = ctx.open({
    planner: directPlannerClient(createPlannerApi((m, jaw, saved) => archPlanParts(m, jaw, saved, steps))),
    savedSegmentation: async (jaw) => (asked.push(jaw), jaw === 'upper' ? record : undefined),
  });
  try {
    await session.open();
    await session.settled();
    expect(session.state.phase, String(session.state.message)).toBe('ready');
    expect(asked).toEqual(['upper', 'lower']);
    expect(measuredJaws).toEqual(['lower']);
    const teeth = session.teeth();
    expect(teeth.find((t) => t.fdi === 21)).toEqual(nudged);
    expect(teeth.find((t) => t.fdi === 21)!.buccal).not.toEqual(measured.teeth.find((t) => t.fdi === 21)!.buccal);
    expect(teeth.filter((t) => t.fdi > 30).every((t) => !t.adjusted)).toBe(true);
    expect(teeth).toHaveLength(28);
  } finally {
    session.dispose();
  }
}, 60_000);
