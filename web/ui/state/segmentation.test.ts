// The segmentation store end to end without a browser: the worker API called directly,
// the real case repository on fake IndexedDB, a seeded synthetic upper arch (seed 21).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { createRoot } from 'solid-js';
import type { CaseRecord } from '../../core/types.ts';
import { encodeMesh } from '../../geometry/mesh-binary.ts';
import { syntheticArch } from '../../geometry/segmentation/index.ts';
import { createSegmentApi } from '../workers/segment-api.ts';
import { directSegmentClient } from '../workers/segment-client.ts';
import { createSegmentationStore } from './segmentation.ts';
import { freshLibrary } from './fixtures/library.ts';

const arch = syntheticArch({ jaw: 'upper', seed: 21 });
const mesh = { positions: arch.mesh.positions, indices: arch.mesh.indices };
const count = (labels: Uint8Array | undefined, l: number) => (labels ?? new Uint8Array()).reduce((n, x) => n + (x === l ? 1 : 0), 0);

async function setup() {
  const lib = await freshLibrary(new IDBFactory());
  let record: CaseRecord = await lib.cases.create({ pseudonym: 'Patient S' });
  record = await lib.cases.saveArch(record.id, {
    jaw: 'upper', sourceFiles: ['upper.stl'], format: 'stl-binary', vertexCount: mesh.positions.length / 3,
    triangleCount: mesh.indices.length / 3, teeth: [], unitScale: 1, importedAt: 1,
  }, encodeMesh({ ...mesh, labels: null }));
  const open = (saveDelayMs = 0) => createRoot(() => createSegmentationStore({
    caseId: record.id, repo: lib.cases, client: directSegmentClient(createSegmentApi()), currentCase: () => record,
    mesh: (jaw) => (jaw === 'upper' ? mesh : undefined), onCaseSaved: (r) => { record = r; }, saveDelayMs,
  }));
  return { lib, open, record: () => record };
}

describe('segmentation store (synthetic upper arch, seed 21)', () => {
  test('"Segment teeth" labels the arch, reports a status line, and saves the record with the teeth', async () => {
    const { lib, open, record } = await setup();
    const seg = open();
    await seg.segment('upper');
    await seg.settled();
    const a = seg.state.arches.upper;
    expect(a.phase).toBe('ready');
    expect(a.teeth).toEqual(arch.teeth.slice().sort((x, y) => archIndex(x) - archIndex(y)));
    expect(a.status).toMatch(/^\d+ teeth found in [\d.]+ s\.$/);
    expect(a.revision).toBe(a.savedRevision);
    expect(seg.labels().upper!.length).toBe(mesh.positions.length / 3);
    expect(record().arches.upper!.teeth.slice().sort()).toEqual(arch.teeth.slice().sort());
    expect(await lib.cases.loadSegmentation(record().id, 'upper')).toBeInstanceOf(ArrayBuffer);
    expect(seg.state.active).toBe('upper');
  });

  test('delete, undo, redo and a reopened store find the saved state again', async () => {
    const { open } = await setup();
    const seg = open();
    await seg.segment('upper');
    const all = seg.state.arches.upper.teeth.length;
    seg.select({ jaw: 'upper', fdi: 13 });
    await seg.deleteSelected();
    expect(seg.state.arches.upper.teeth).toHaveLength(all - 1);
    expect(seg.state.selected).toBeNull();
    expect(count(seg.labels().upper, 13)).toBe(0);
    await seg.undo();
    expect(seg.state.arches.upper.teeth).toHaveLength(all);
    await seg.redo();
    expect(seg.state.arches.upper.teeth).toHaveLength(all - 1);
    await seg.undo();
    await seg.settled();
    const labels = seg.labels().upper!;

    const reopened = open();
    await reopened.restore();
    expect(reopened.state.arches.upper.phase).toBe('ready');
    expect(reopened.state.arches.upper.teeth).toHaveLength(all);
    expect(reopened.labels().upper).toEqual(labels);
    expect(reopened.state.arches.upper.canUndo).toBe(false);
  });

  test('closing the case (opening another) saves a correction still waiting for its autosave', async () => {
    const { open, record } = await setup();
    const seg = open(60_000);
    await seg.segment('upper');
    await seg.save('upper');
    seg.select({ jaw: 'upper', fdi: 13 });
    await seg.deleteSelected();
    expect(seg.state.arches.upper.revision).not.toBe(seg.state.arches.upper.savedRevision);
    seg.dispose();
    await seg.settled();
    expect(record().arches.upper!.teeth, 'the deletion reached the library').not.toContain(13);
    const reopened = open();
    await reopened.restore();
    expect(reopened.state.arches.upper.teeth).not.toContain(13);
  });

  test('the add tool waits for a number after the click, then adds that tooth', async () => {
    const { open } = await setup();
    const seg = open();
    await seg.segment('upper');
    const seed = seg.state.arches.upper.teeth.includes(14) ? 14 : seg.state.arches.upper.teeth[0];
    const labelsBefore = seg.labels().upper!;
    const vertex = labelsBefore.findIndex((l) => l === seed);
    seg.select({ jaw: 'upper', fdi: seed });
    await seg.deleteSelected();
    seg.setTool('add');
    await seg.pick('upper', vertex, 0);
    expect(seg.state.pendingSeed).toEqual({ jaw: 'upper', vertex });
    await seg.addToothAt(seed);
    expect(seg.state.pendingSeed).toBeNull();
    expect(seg.state.arches.upper.teeth).toContain(seed);
    expect(seg.state.selected).toEqual({ jaw: 'upper', fdi: seed });
  });

  test('a brush stroke paints at once and becomes one undo step when it ends', async () => {
    const { open } = await setup();
    const seg = open();
    await seg.segment('upper');
    const labels = seg.labels().upper!;
    const vertex = labels.findIndex((l) => l === 11);
    seg.setTool('brush');
    seg.setBrush({ brushOnto: 'gingiva', brushRadiusMm: 2 });
    await seg.brushDab('upper', vertex);
    expect(seg.stroking()).toBe(true);
    expect(seg.labels().upper![vertex]).toBe(0);
    expect(seg.state.arches.upper.canUndo).toBe(false);
    // Dabs still queued when the pointer lifts are painted before the stroke's re-cut.
    const other = labels.findIndex((l) => l === 21);
    void seg.brushDab('upper', other);
    void seg.brushDab('upper', other + 1);
    await seg.brushEnd();
    expect(seg.labels().upper![other]).toBe(0);
    expect(seg.stroking()).toBe(false);
    expect(seg.state.arches.upper.canUndo).toBe(true);
    expect(count(seg.labels().upper, 11)).toBeLessThan(count(labels, 11));
    await seg.undo();
    expect(seg.state.arches.upper.canUndo).toBe(false);
    expect(seg.labels().upper).toEqual(labels);
  });

  test('painting onto a tooth needs a selected tooth: the message says so', async () => {
    const { open } = await setup();
    const seg = open();
    await seg.segment('upper');
    seg.setTool('brush');
    await seg.brushDab('upper', 0);
    expect(seg.state.error).toMatch(/Select the tooth/);
  });

  test('a replaced scan forgets its segmentation: no labels, no tools, Segment teeth again', async () => {
    const { open } = await setup();
    const seg = open();
    await seg.segment('upper');
    seg.select({ jaw: 'upper', fdi: 11 });
    seg.forget('upper');
    expect(seg.state.arches.upper.phase).toBe('none');
    expect(seg.labels().upper).toBeUndefined();
    expect(seg.state.selected).toBeNull();
    expect(seg.state.active).toBeNull();
    await seg.undo();
    expect(seg.state.error).toBeNull();
  });

  test('frame edits segment again; axes show, and a nudge is saved as adjusted', async () => {
    const { open } = await setup();
    const seg = open();
    await seg.segment('upper');
    const frame = seg.state.arches.upper.frame!;
    await seg.rotateAnterior('upper', 1);
    expect(seg.state.arches.upper.frame!.anterior).not.toEqual(frame.anterior);
    expect(seg.state.arches.upper.canUndo).toBe(true);
    await seg.undo();
    await seg.setShowAxes(true);
    expect(seg.axes().upper!.teeth.length).toBe(seg.state.arches.upper.teeth.length);
    seg.select({ jaw: 'upper', fdi: 11 });
    expect(seg.widthOf('upper', 11)).toBeGreaterThan(4);
    await seg.nudgeAxes('torqueDeg', 1);
    expect(seg.axes().upper!.teeth.find((t) => t.fdi === 11)!.adjusted).toBe(true);
    expect(seg.state.arches.upper.savedRevision).toBe(-1);
    await seg.settled();
    expect(seg.state.arches.upper.savedRevision).toBe(seg.state.arches.upper.revision);
  });
});

/** Arch order of the upper teeth: patient's right (18) to left (28). */
function archIndex(fdi: number): number {
  return fdi < 20 ? 20 - fdi : fdi;
}
