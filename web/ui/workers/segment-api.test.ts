// The segmentation worker's API called directly (as the worker does), on the real scan as
// the studio imports it and on a seeded synthetic arch.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { syntheticArch } from '../../geometry/segmentation/index.ts';
import { decodeSegmentationRecord } from '../../geometry/segmentation-record.ts';
import { flipOcclusal, rotateAnterior } from '../state/arch-frame-edit.ts';
import { importApi } from './import-api.ts';
import { createSegmentApi } from './segment-api.ts';

const UPPER_TEETH = [17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27];
const scanDir = new URL('../../../../shared/data/scans/upper-arch-01/', import.meta.url);

function realUpper() {
  const bytes = new Uint8Array(readFileSync(new URL('upper.stl', scanDir)));
  const { mesh } = importApi.importFiles([{ name: 'upper.stl', bytes }]).arches[0];
  return { positions: mesh.positions, indices: mesh.indices };
}

const count = (labels: Uint8Array, l: number) => labels.reduce((n, x) => n + (x === l ? 1 : 0), 0);

describe('segmentation worker API on the real upper scan', () => {
  const mesh = realUpper();
  const api = createSegmentApi();
  const stages: string[] = [];
  const first = api.segment('case/upper', mesh, 'upper', undefined, (_f, stage) => stages.push(stage));

  test('segments 14 numbered teeth in arch order, reporting progress', () => {
    expect(first.teeth).toEqual(UPPER_TEETH);
    expect(first.vertexLabels.length).toBe(mesh.positions.length / 3);
    expect(first.seeds.map((s) => s.fdi).sort()).toEqual([...UPPER_TEETH].sort());
    expect(first.canUndo).toBe(false);
    expect(stages.length).toBeGreaterThanOrEqual(2);
  });

  test('delete, undo and redo walk the list of states', () => {
    const without = api.deleteTooth('case/upper', 13);
    expect(without.teeth).toHaveLength(13);
    expect(count(without.vertexLabels, 13)).toBe(0);
    expect(without.canUndo).toBe(true);
    const back = api.undo('case/upper');
    expect(back.teeth).toEqual(UPPER_TEETH);
    expect(back.vertexLabels).toEqual(first.vertexLabels);
    expect(back.revision).toBe(first.revision);
    expect(back.canRedo).toBe(true);
    const again = api.redo('case/upper');
    expect(again.teeth).toHaveLength(13);
    expect(again.revision).toBe(without.revision);
    // A new correction after an undo drops the redo branch.
    api.undo('case/upper');
    const renumbered = api.renumberTooth('case/upper', 27, 28);
    expect(renumbered.teeth).toContain(28);
    expect(renumbered.canRedo).toBe(false);
    api.undo('case/upper');
  });

  test('the record round-trips: saved bytes reopen with the same labels, seeds and teeth', () => {
    const { bytes, teeth } = api.record('case/upper');
    expect(teeth).toEqual(UPPER_TEETH);
    const decoded = decodeSegmentationRecord(bytes.slice(0));
    expect(decoded.jaw).toBe('upper');
    expect(decoded.solids.map((s) => s.fdi).sort()).toEqual([...UPPER_TEETH].sort());
    const reopened = createSegmentApi().resume('case/upper', mesh, 'upper', bytes);
    expect(reopened.teeth).toEqual(UPPER_TEETH);
    expect(reopened.vertexLabels).toEqual(api.current('case/upper').vertexLabels);
    expect(reopened.seeds).toEqual(api.current('case/upper').seeds);
  });

  test('a saved record of another jaw is refused with a clear message', () => {
    const { bytes } = api.record('case/upper');
    expect(() => createSegmentApi().resume('x', mesh, 'lower', bytes)).toThrow(/upper arch, not the lower/);
  });
});

describe('segmentation worker API on a synthetic upper arch (seed 21)', () => {
  const arch = syntheticArch({ jaw: 'upper', seed: 21 });
  const mesh = { positions: arch.mesh.positions, indices: arch.mesh.indices };

  test('a brush stroke colours at once and re-cuts once at its end, as one undo step', () => {
    const api = createSegmentApi();
    const start = api.segment('s', mesh, 'upper');
    const seed = start.seeds.find((s) => s.fdi === 11)!;
    const dab = api.brush('s', [seed.vertex], 2, 0);
    expect(dab.label).toBe(0);
    expect(dab.vertices.length).toBeGreaterThan(3);
    expect(Array.from(dab.vertices)).toContain(seed.vertex);
    // Mid-stroke nothing is in the history yet.
    expect(api.current('s').canUndo).toBe(false);
    const ended = api.endStroke('s');
    expect(ended.canUndo).toBe(true);
    expect(ended.vertexLabels[seed.vertex]).toBe(0);
    expect(count(ended.vertexLabels, 11)).toBeLessThan(count(start.vertexLabels, 11));
    expect(api.undo('s').vertexLabels).toEqual(start.vertexLabels);
  });

  test('a seed added where a tooth was deleted brings the tooth back', () => {
    const api = createSegmentApi();
    const start = api.segment('s', mesh, 'upper');
    const seed = start.seeds.find((s) => s.fdi === 14)!;
    expect(api.deleteTooth('s', 14).teeth).not.toContain(14);
    const back = api.addTooth('s', 14, seed.vertex);
    expect(back.teeth).toEqual(start.teeth);
    const moved = api.moveTooth('s', 14, seed.vertex);
    expect(moved.seeds.find((s) => s.fdi === 14)!.vertex).toBe(seed.vertex);
  });

  test('an edited frame segments again as one undoable step; undo returns to the old frame', () => {
    const api = createSegmentApi();
    const start = api.segment('s', mesh, 'upper');
    const turned = api.resegment('s', rotateAnterior(start.frame, 5, 'upper'));
    expect(turned.frame.anterior).not.toEqual(start.frame.anterior);
    expect(turned.teeth).toEqual(start.teeth);
    expect(api.undo('s').frame).toEqual(start.frame);
    const flipped = api.resegment('s', flipOcclusal(start.frame, 'upper'));
    expect(flipped.frame.occlusal).toEqual(start.frame.occlusal.map((x) => -x));
  });

  test('tooth axes come per tooth with a width; a nudge is kept and marked adjusted', () => {
    const api = createSegmentApi();
    const start = api.segment('s', mesh, 'upper');
    const axes = api.toothAxes('s');
    expect(axes.teeth.map((t) => t.fdi).sort()).toEqual([...start.teeth].sort());
    expect(axes.archCurve.points.length).toBeGreaterThan(2);
    const before = axes.teeth.find((t) => t.fdi === 11)!;
    expect(before.widthMm).toBeGreaterThan(4);
    const nudged = api.adjustAxes('s', 11, { tipDeg: 1, torqueDeg: 0, rotationDeg: 0 });
    expect(nudged.adjusted).toBe(true);
    expect(nudged.mesial).not.toEqual(before.mesial);
    expect(api.toothAxes('s').teeth.find((t) => t.fdi === 11)).toEqual(nudged);
    const saved = decodeSegmentationRecord(api.record('s').bytes);
    expect(saved.teeth.find((t) => t.fdi === 11)!.adjusted).toBe(true);
  });
});

describe('one patient at a time in the segmentation worker (synthetic upper arches, seeds 21 and 22)', () => {
  test('two cases\' arches are held apart by case: edits, undo and closing one never touch the other', () => {
    const a = syntheticArch({ jaw: 'upper', seed: 21 });
    const b = syntheticArch({ jaw: 'upper', seed: 22 });
    const api = createSegmentApi();
    const viewA = api.segment('case-a/upper', { positions: a.mesh.positions, indices: a.mesh.indices }, 'upper');
    const viewB = api.segment('case-b/upper', { positions: b.mesh.positions, indices: b.mesh.indices }, 'upper');
    expect(viewB.vertexLabels.length).toBe(b.mesh.positions.length / 3);
    const fdi = viewA.teeth[0];
    api.deleteTooth('case-a/upper', fdi);
    expect(api.current('case-b/upper').vertexLabels).toEqual(viewB.vertexLabels);
    expect(api.current('case-b/upper').canUndo, 'B has no history of A\'s edit').toBe(false);
    api.close('case-a/upper');
    expect(() => api.current('case-a/upper')).toThrow();
    expect(api.current('case-b/upper').teeth).toEqual(viewB.teeth);
    expect(decodeSegmentationRecord(api.record('case-b/upper').bytes).vertexLabels.length).toBe(b.mesh.positions.length / 3);
  });
});

describe('segmentation progress from the worker module (synthetic upper arch, seed 23)', () => {
  test('progress names each phase in order, never goes back, and ends at 100%', () => {
    const arch = syntheticArch({ jaw: 'upper', seed: 23 });
    const api = createSegmentApi();
    const seen: { fraction: number; stage: string }[] = [];
    api.segment('case/progress', arch.mesh, 'upper', undefined, (fraction, stage) => seen.push({ fraction, stage }));
    const fractions = seen.map((p) => p.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions[0]).toBe(0);
    expect(seen.at(-1)).toEqual({ fraction: 1, stage: 'Done' });
    // The phases, each named once in plain words, in the order they run.
    const phases = [...new Set(seen.map((p) => p.stage.replace(/ \(\d+ of \d+\)$/, '')))];
    expect(phases).toEqual([
      'Reading the scan\'s surface', 'Finding the arch frame', 'Measuring the surface curvature', 'Drawing the arch curve',
      'Finding and numbering the teeth', 'Cutting the crowns from the gum and each other', 'Cutting the crowns',
      'Cleaning up the boundaries', 'Done',
    ]);
    // Every tooth's cut is reported, so a long cut still moves the bar.
    expect(seen.filter((p) => p.stage.startsWith('Cutting the crowns (')).length).toBe(arch.teeth.length);
    // Re-segmenting on an edited frame reports the same way.
    const again: number[] = [];
    api.resegment('case/progress', rotateAnterior(api.current('case/progress').frame, 5, 'upper'), (f) => again.push(f));
    expect(again.at(-1)).toBe(1);
    for (let i = 1; i < again.length; i++) expect(again[i]).toBeGreaterThanOrEqual(again[i - 1]);
  });
});
