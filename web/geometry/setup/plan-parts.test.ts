import { describe, expect, it } from 'vitest';
import { DEMO_SEED, generateDemoCase } from '../demo/index.ts';
import { archPlanParts, type PlanPartsSteps } from './plan-parts.ts';
import { closeCrown, isClosed } from '../collision-solid.ts';
import { buildSegmentationRecord, decodeSegmentationRecord, encodeSegmentationRecord } from '../segmentation-record.ts';
import { estimateArchFrame } from '../segmentation/arch-frame.ts';
import type { Segmentation } from '../segmentation/segment.ts';
import { adjustToothAxes, computeToothAxes } from '../tooth-axes.ts';

describe(`plan parts of the demo case (seed ${DEMO_SEED})`, () => {
  const demo = generateDemoCase(DEMO_SEED);
  const parts = archPlanParts(demo.arches.upper.mesh, 'upper');

  it('gives every numbered tooth axes and a closed solid, in ascending FDI', () => {
    const fdis = [...new Set(demo.arches.upper.mesh.labels!)].filter((l) => l !== 0).sort((a, b) => a - b);
    expect(parts.teeth.map((t) => t.fdi)).toEqual(fdis);
    expect(parts.solids.map((s) => s.fdi)).toEqual(fdis);
    expect(parts.skipped).toEqual([]);
    for (const s of parts.solids) expect(isClosed(s.mesh)).toBe(true);
  });

  it('maps each crown vertex of a solid back to the scan vertex at the same place (its own label, or gingiva at the rim)', () => {
    for (const s of parts.solids) {
      expect(s.sourceVertex.length).toBe(s.crownVertexCount);
      let own = 0;
      for (let i = 0; i < s.crownVertexCount; i++) {
        const v = s.sourceVertex[i];
        const label = demo.arches.upper.mesh.labels![v];
        expect([0, s.fdi]).toContain(label);
        if (label === s.fdi) own++;
        for (let k = 0; k < 3; k++) expect(s.mesh.positions[i * 3 + k]).toBe(demo.arches.upper.mesh.positions[v * 3 + k]);
      }
      expect(own / s.crownVertexCount).toBeGreaterThan(0.9);
    }
  });

  it('refuses an arch with no tooth labels, saying so', () => {
    expect(() => archPlanParts({ ...demo.arches.upper.mesh, labels: new Uint8Array(demo.arches.upper.mesh.labels!.length) }, 'upper')).toThrow(/not segmented/);
  });
});

describe('plan parts from a saved segmentation record', () => {
  const demo = generateDemoCase(DEMO_SEED);
  const mesh = demo.arches.upper.mesh;
  const labels = mesh.labels!;
  const measured = archPlanParts(mesh, 'upper');
  const seg: Segmentation = {
    faceLabels: new Uint8Array(mesh.indices.length / 3), vertexLabels: labels, seeds: [], paint: new Map(),
    frame: estimateArchFrame(mesh, 'upper'), scale: 1, warnings: [], fields: [],
  };
  // The planner tipped 11 in the segmentation tool; the record went through storage.
  const built = buildSegmentationRecord(mesh, seg, 'upper');
  const nudged = adjustToothAxes(built.teeth.find((t) => t.fdi === 11)!, { tipDeg: 6, torqueDeg: 0, rotationDeg: 0 });
  const record = decodeSegmentationRecord(encodeSegmentationRecord(buildSegmentationRecord(mesh, seg, 'upper', [nudged])));

  function counting() {
    const calls = { axes: 0, close: 0 };
    const steps: PlanPartsSteps = {
      computeToothAxes: (...a) => (calls.axes++, computeToothAxes(...a)),
      closeCrown: (...a) => (calls.close++, closeCrown(...a)),
    };
    return { calls, steps };
  }

  it('without a record measures the axes and closes every crown', () => {
    const { calls, steps } = counting();
    archPlanParts(mesh, 'upper', undefined, steps);
    expect(calls).toEqual({ axes: 1, close: measured.solids.length });
  });

  it('made from the same labels, takes its axes (the nudge included) and solids without recomputing them', () => {
    const { calls, steps } = counting();
    const parts = archPlanParts(mesh, 'upper', record, steps);
    expect(calls).toEqual({ axes: 0, close: 0 });
    const t11 = parts.teeth.find((t) => t.fdi === 11)!;
    expect(t11.adjusted).toBe(true);
    expect(t11.occlusal).toEqual(nudged.occlusal);
    expect(t11.occlusal).not.toEqual(measured.teeth.find((t) => t.fdi === 11)!.occlusal);
    expect(parts.teeth.filter((t) => t.fdi !== 11)).toEqual(measured.teeth.filter((t) => t.fdi !== 11));
    // Same solids, same way back to the scan: the colour maps paint the same vertices.
    expect(parts.solids).toEqual(measured.solids);
    expect(parts.crowns).toEqual(measured.crowns);
    expect(parts.skipped).toEqual([]);
  });

  it('made from other labels (an edit not saved yet), measures again but keeps the adjusted axes', () => {
    const edited = Uint8Array.from(labels);
    const v = edited.findIndex((l) => l === 21);
    edited[v] = 0;
    const { calls, steps } = counting();
    const parts = archPlanParts({ ...mesh, labels: edited }, 'upper', record, steps);
    expect(calls.axes).toBe(1);
    expect(calls.close).toBe(parts.solids.length);
    expect(parts.teeth.find((t) => t.fdi === 11)).toEqual(nudged);
    expect(parts.teeth.find((t) => t.fdi === 12)!.adjusted).toBe(false);
  });
});
