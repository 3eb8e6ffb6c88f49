// The studio's model export as its client runs it, over comlink (a MessageChannel standing in
// for each worker): both arches of the demo case at once into one zip, each model read back
// closed; the progress counts every model; cancelling rejects and leaves nothing; a case
// that cannot have models is refused before any worker starts.
import { expose } from 'comlink';
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../geometry/demo/index.ts';
import { weldSoup } from '../../geometry/weld.ts';
import { ENGRAVING_FONT_FILE, plannedDemo, type PlannedFixture } from '../../manufacture/fixtures/cases.ts';
import { checkClosedSolid } from '../../manufacture/mesh-check.ts';
import { readBinaryStl } from '../../manufacture/stl.ts';
import type { ModelsManifest } from '../../manufacture/model-export.ts';
import { createModelsApi } from './models-api.ts';
import { modelsExportOn, ModelsInputError, type ModelsExportInput } from './models-client.ts';

/** Models take seconds each; on a busy machine a block of them takes minutes. Generous, never a speed claim. */
const HEAVY_MS = 600_000;

let spawned = 0;
const exporter = modelsExportOn(() => {
  spawned++;
  const channel = new MessageChannel();
  expose(createModelsApi(async () => { const b = readFileSync(ENGRAVING_FONT_FILE); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }), channel.port2);
  return channel.port1;
}, 2);

describe(`the studio's model export (demo seed ${DEMO_SEED})`, () => {
  let planned: PlannedFixture;
  let input: ModelsExportInput;
  beforeAll(async () => {
    planned = await plannedDemo();
    input = { caseLabel: 'Demo patient', arches: planned.modelArches, plan: planned.plan, staging: planned.staging, stages: [0, 2], createdAt: '2026-12-04T12:00:00.000Z' };
  }, HEAVY_MS);

  it('builds both arches in two workers into one zip, every model closed, with progress for each', async () => {
    spawned = 0;
    const progress: number[] = [];
    const { zip, manifest } = await exporter.run(input, { onProgress: (p) => { progress.push(p.done); expect(p.total).toBe(4); } });
    expect(spawned).toBe(2);
    expect(progress).toEqual([1, 2, 3, 4]);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(manifest.models.map((m) => m.file)).toEqual(['DEMO-PATIENT_U_00.stl', 'DEMO-PATIENT_U_02.stl', 'DEMO-PATIENT_L_00.stl', 'DEMO-PATIENT_L_02.stl']);
    expect((JSON.parse(strFromU8(files['manifest.json'])) as ModelsManifest).models).toEqual(manifest.models);
    for (const m of manifest.models) expect(checkClosedSolid(weldSoup(readBinaryStl(files[m.file]).positions)).problem, m.file).toBe('');
    expect(Object.keys(files)).toContain('attachments.csv');
  }, HEAVY_MS);

  it('shares one arch\'s stages between the two workers, the manifest still in stage order', async () => {
    spawned = 0;
    const upper = planned.modelArches.filter((a) => a.jaw === 'upper');
    const { manifest } = await exporter.run({ ...input, arches: upper, stages: [0, 1, 2, 3] }, {});
    expect(spawned).toBe(2);
    expect(manifest.models.map((m) => m.file)).toEqual(['DEMO-PATIENT_U_00.stl', 'DEMO-PATIENT_U_01.stl', 'DEMO-PATIENT_U_02.stl', 'DEMO-PATIENT_U_03.stl']);
  }, HEAVY_MS);

  it('gives every stage\'s trim line of both arches without making models, one worker per arch', async () => {
    spawned = 0;
    const lines = await exporter.trimLines({ arches: planned.modelArches, plan: planned.plan, staging: planned.staging });
    expect(spawned).toBe(2);
    for (const arch of planned.staging.arches) {
      const byStage = lines[arch.jaw]!;
      expect([...byStage.keys()]).toEqual(Array.from({ length: arch.aligners + 1 }, (_, i) => i));
      for (const points of byStage.values()) {
        expect(points.length % 3).toBe(0);
        // A loop round the arch, a point about every 0.5 mm.
        expect(points.length / 3).toBeGreaterThan(200);
        expect(points.every(Number.isFinite)).toBe(true);
      }
    }
  }, HEAVY_MS);

  it('stops making trim lines when told, rejecting with the reason', async () => {
    const controller = new AbortController();
    const run = exporter.trimLines({ arches: planned.modelArches, plan: planned.plan, staging: planned.staging }, controller.signal);
    controller.abort(new DOMException('Another plan came.', 'AbortError'));
    await expect(run).rejects.toThrow('Another plan came.');
  }, HEAVY_MS);

  it('cancelled after the first model: rejects with the reason, no zip', async () => {
    const controller = new AbortController();
    const run = exporter.run({ ...input, stages: undefined }, { signal: controller.signal, onProgress: (p) => { if (p.done === 1) controller.abort(new DOMException('The export was cancelled.', 'AbortError')); } });
    await expect(run).rejects.toThrow('The export was cancelled.');
  }, HEAVY_MS);

  it('refuses a case whose plan has limit warnings before starting a worker, saying which', async () => {
    spawned = 0;
    const staging = { ...planned.staging, warnings: [{ fdi: 23, limit: 'rotation' as const, step: 2.5, limitValue: 2, fromStage: 1, toStage: 3, message: 'tooth 23 rotates 2.5° per aligner (limit 2°)' }] };
    await expect(exporter.run({ ...input, staging }, {})).rejects.toThrow(ModelsInputError);
    await expect(exporter.run({ ...input, staging }, {})).rejects.toThrow(/limit warning, fix it before making models: tooth 23 rotates 2\.5°/);
    expect(spawned).toBe(0);
  }, HEAVY_MS);
});
