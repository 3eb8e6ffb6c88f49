// The printable models of the demo case (both arches, every stage) and of the real upper arch,
// exported as the lab receives them and read back from the zip: every STL closed, manifold,
// outward-facing, one piece and accepted by manifold-3d; one model per aligner plus the template per
// arch; the manifest's triangles, volumes and hashes true; tooth surfaces where the engine
// puts the teeth; trim lines on the gum, outside the crowns; and bad input refused with a
// clear message before a byte is written. Pictures go to .test-out/manufacture/ to look at.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { stagePoses } from '../core/staging.ts';
import { readPose } from '../engine/layout.ts';
import { toothInputs } from '../pipeline/index.ts';
import { weldSoup } from '../geometry/weld.ts';
import { buildBvh, closestPoint } from '../geometry/bvh.ts';
import { applyPose } from '../core/pose.ts';
import { DEMO_SEED } from '../geometry/demo/index.ts';
import { engravingFont, plannedDemo, plannedRealUpper, type PlannedFixture } from './fixtures/cases.ts';
import { renderMesh } from './fixtures/render.ts';
import { loadManifold, type ManifoldApi } from './manifold.ts';
import { manifoldOf } from './attachment-solid.ts';
import { caseModels, caseTrimLines, modelJobs, type CaseModelsInput } from './case-models.ts';
import { exportCaseModels, zipSink, type ModelSink, type ModelsManifest } from './model-export.ts';
import { checkClosedSolid } from './mesh-check.ts';
import { readBinaryStl } from './stl.ts';
import { ModelError, TOOTH_SURFACE_TOLERANCE_MM } from './arch-model.ts';
import type { Mesh } from '../geometry/mesh.ts';

/** Models take seconds each; on a busy machine a block of them takes minutes. Generous, never a speed claim. */
const HEAVY_MS = 600_000;

const OUT = '.test-out/manufacture';
mkdirSync(OUT, { recursive: true });

function inputOf(p: PlannedFixture, caseLabel: string): CaseModelsInput {
  return { caseLabel, arches: p.modelArches, plan: p.plan, staging: p.staging, font: engravingFont() };
}

async function exportZip(api: ManifoldApi, input: CaseModelsInput): Promise<{ files: Record<string, Uint8Array>; manifest: ModelsManifest }> {
  const chunks: Uint8Array[] = [];
  const manifest = await exportCaseModels(api, { ...input, createdAt: '2026-12-04T12:00:00.000Z' }, zipSink((c) => { chunks.push(c); }));
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) { all.set(c, o); o += c.length; }
  return { files: unzipSync(all), manifest };
}

/** What a slicer sees: the STL's triangle soup welded at equal corners, checked by us and by manifold-3d. */
function checkStl(api: ManifoldApi, bytes: Uint8Array): { mesh: Mesh; volume: number } {
  const mesh = weldSoup(readBinaryStl(bytes).positions);
  const check = checkClosedSolid(mesh);
  expect(check.problem).toBe('');
  const m = manifoldOf(api, mesh);
  try {
    expect(m.status()).toBe('NoError');
    expect(m.numTri()).toBe(mesh.indices.length / 3);
    // One piece: no tooth, attachment or sliver floating apart from the model.
    const shells = m.decompose();
    expect(shells.length).toBe(1);
    for (const p of shells) p.delete();
    expect(m.volume()).toBeCloseTo(check.volume, 0);
  } finally {
    m.delete();
  }
  return { mesh, volume: check.volume };
}

describe.each([
  [`the demo case (seed ${DEMO_SEED})`, plannedDemo, 'DEMO-0001'],
  ['the real upper arch (upper-arch-01)', plannedRealUpper, 'UPPER-01'],
])('printable models of %s', (name, make, label) => {
  let api: ManifoldApi;
  let planned: PlannedFixture;
  let zip: { files: Record<string, Uint8Array>; manifest: ModelsManifest };
  beforeAll(async () => {
    api = await loadManifold();
    planned = await make();
    zip = await exportZip(api, inputOf(planned, label));
  }, HEAVY_MS);

  it('has one model per aligner plus the template for each arch, named <case>_<U|L>_<stage>.stl', () => {
    for (const arch of planned.staging.arches) {
      const models = zip.manifest.models.filter((m) => m.arch === arch.jaw);
      expect(models.map((m) => m.stage)).toEqual(Array.from({ length: arch.aligners + 1 }, (_, i) => i));
      const letter = arch.jaw === 'upper' ? 'U' : 'L';
      expect(models.map((m) => m.file)).toEqual(models.map((m) => `${label}_${letter}_${String(m.stage).padStart(2, '0')}.stl`));
    }
    const expected = new Set(['manifest.json', 'attachments.csv', ...zip.manifest.models.flatMap((m) => [m.file, m.trimFile])]);
    expect(new Set(Object.keys(zip.files))).toEqual(expected);
    expect(JSON.parse(strFromU8(zip.files['manifest.json']))).toEqual(zip.manifest);
    // The plan's protocol sets the height (base to the highest cusp, more only where a gum line lies lower) and the trim line.
    expect(zip.manifest.modelHeightMm).toBe(planned.plan.protocol.models.heightMm);
    expect(zip.manifest.trim).toEqual(planned.plan.protocol.models.trim);
    for (const m of zip.manifest.models) expect(m.heightMm).toBeGreaterThanOrEqual(planned.plan.protocol.models.heightMm - 0.05);
  }, HEAVY_MS);

  it('every model is closed, manifold and outward-facing (each edge in two triangles, one winding, positive volume, manifold-3d accepts it), as its manifest entry says', () => {
    for (const entry of zip.manifest.models) {
      const bytes = zip.files[entry.file];
      expect(bytesToHex(sha256(bytes)), entry.file).toBe(entry.sha256);
      const { mesh, volume } = checkStl(api, bytes);
      expect(mesh.indices.length / 3, entry.file).toBe(entry.triangles);
      expect(volume, entry.file).toBeGreaterThan(3000);
      expect(Math.abs(volume - entry.volumeMm3), entry.file).toBeLessThan(0.5);
    }
    if (name.startsWith('the demo')) {
      const first = checkStl(api, zip.files[zip.manifest.models[0].file]).mesh;
      const box = (m: Mesh) => { let lo = Infinity, hi = -Infinity; for (let i = 2; i < m.positions.length; i += 3) { lo = Math.min(lo, m.positions[i]); hi = Math.max(hi, m.positions[i]); } return hi - lo; };
      // Base to cusp tips 15 mm (the base is parallel to the occlusal plane, so along any axis it is about that).
      expect(box(first)).toBeGreaterThan(13);
      expect(box(first)).toBeLessThan(19);
    }
  }, HEAVY_MS);

  it('writes each model\'s trim line as a closed loop round the arch, on the model\'s surface (on the gum, or on a crown\'s gum line where the scan has no gum), never inside a crown', () => {
    const source = planned.modelArches[0];
    const entry = zip.manifest.models.find((m) => m.arch === source.jaw && m.stage === 0)!;
    const model = checkStl(api, zip.files[entry.file]).mesh;
    const bvh = buildBvh(model, 'model');
    const points = strFromU8(zip.files[entry.trimFile]).trim().split('\n').map((l) => l.split(' ').map(Number));
    expect(points.length).toBeGreaterThan(200);
    expect(entry.trimLengthMm).toBeGreaterThan(150);
    const crowns = source.parts.solids.map((s) => buildBvh(s.mesh, String(s.fdi)));
    const fromCrowns: number[] = [];
    for (const [x, y, z] of points) {
      expect(Math.abs(closestPoint(bvh, x, y, z).distance)).toBeLessThan(0.01);
      // On a crown's gum line where the scan has no gum beyond it, never inside a crown.
      for (const c of crowns) expect(closestPoint(c, x, y, z).distance).toBeGreaterThan(-0.01);
      fromCrowns.push(Math.min(...crowns.map((c) => closestPoint(c, x, y, z).distance)));
    }
    // The offset (0.5 mm) goes over the gum's surface, not flat seen from above (which put half
    // of the demo's line 1.9 mm or more from the teeth, up the steep labial gum); across the
    // embrasures and spaces it bridges from tooth to tooth.
    fromCrowns.sort((a, b) => a - b);
    expect(fromCrowns[Math.floor(fromCrowns.length / 2)]).toBeLessThan(1.2);
    const step = Math.max(...points.map((p, i) => { const q = points[(i + 1) % points.length]; return Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]); }));
    // About every 0.5 mm; laid onto the model, a point may step from the gum onto a crown's gum line.
    expect(step).toBeLessThan(3);
    writeFileSync(`${OUT}/${label}-trim-top.png`, renderMesh(model, [0, 0, source.jaw === 'upper' ? 1 : -1], [0, 1, 0], 0.1, undefined, points as [number, number, number][]).png);
  }, HEAVY_MS);

  it('gives the viewport every stage\'s trim line without building the models: one per model, on the exported line (half of it within 0.05 mm, all within 2 mm)', async () => {
    const lines = [];
    for await (const line of caseTrimLines(api, inputOf(planned, label))) lines.push(line);
    expect(lines.map((l) => `${l.jaw} ${l.stage}`)).toEqual(zip.manifest.models.map((m) => `${m.arch} ${m.stage}`));
    for (const [k, entry] of zip.manifest.models.entries()) {
      const exported = strFromU8(zip.files[entry.trimFile]).trim().split('\n').map((l) => l.split(' ').map(Number));
      const shown = lines[k].trim.points;
      expect(Math.abs(lines[k].trim.lengthMm - entry.trimLengthMm), entry.trimFile).toBeLessThan(0.05 * entry.trimLengthMm);
      // The exported line is laid onto the finished model; the shown one stays on the gum block's surface.
      const off = exported.map(([x, y, z]) => Math.min(...shown.map((q) => Math.hypot(q[0] - x, q[1] - y, q[2] - z)))).sort((a, b) => a - b);
      // Mostly the same points; where the scan has no gum beyond a crown the export's line is laid
      // onto the crown's gum line, which moves those points up to a millimetre or two.
      expect(off[Math.floor(off.length / 2)], entry.trimFile).toBeLessThan(0.05);
      expect(off[Math.floor(off.length * 0.9)], entry.trimFile).toBeLessThan(1);
      expect(off[off.length - 1], entry.trimFile).toBeLessThan(2);
    }
  }, HEAVY_MS);

  it('lists the attachment chart beside the models', () => {
    const rows = strFromU8(zip.files['attachments.csv']).trim().split('\r\n');
    expect(rows[0]).toBe('tooth,shape,surface,width_mm,height_mm,depth_mm,stage_placed,stage_removed,reason');
    expect(rows.length - 1).toBe(planned.plan.attachments.length);
    for (const a of planned.plan.attachments) expect(rows.some((r) => r.startsWith(`${a.fdi},`))).toBe(true);
  }, HEAVY_MS);
});

describe(`models of the demo case (seed ${DEMO_SEED}) against the engine`, () => {
  let api: ManifoldApi;
  let planned: PlannedFixture;
  beforeAll(async () => {
    api = await loadManifold();
    planned = await plannedDemo();
  }, HEAVY_MS);

  it('poses the teeth where the engine puts them, and keeps their surfaces within 0.05 mm of the engine-posed crowns', async () => {
    const run = planned.derived.run;
    const order = toothInputs(planned.parts).map((t) => t.fdi);
    const upper = planned.modelArches.find((a) => a.jaw === 'upper')!;
    const frames = new Map(upper.parts.teeth.map((t) => [t.fdi, t]));
    const stage = Math.floor(run.stageCount / 2);
    const poses = stagePoses(planned.staging, frames, stage);
    const engine = new Map(order.map((fdi, i) => [fdi, readPose(run.poses, order.length, stage, i)]));
    for (const [fdi, pose] of poses) {
      const e = engine.get(fdi)!;
      for (const p of upper.parts.solids.find((s) => s.fdi === fdi)!.mesh.positions.subarray(0, 30).reduce<number[][]>((acc, _, i, a) => (i % 3 === 0 ? [...acc, [a[i], a[i + 1], a[i + 2]]] : acc), [])) {
        const ours = applyPose(pose, p as [number, number, number]), theirs = applyPose(e, p as [number, number, number]);
        expect(Math.hypot(ours[0] - theirs[0], ours[1] - theirs[1], ours[2] - theirs[2])).toBeLessThan(1e-3);
      }
    }
    const input = { ...inputOf(planned, 'DEMO-0001'), arches: [upper] };
    let model: Mesh | null = null;
    let reported = Infinity;
    for await (const m of caseModels(api, { ...input, stages: [stage] })) { model = m.mesh; reported = m.toothSurfaceErrorMm; }
    expect(reported).toBeLessThanOrEqual(TOOTH_SURFACE_TOLERANCE_MM);
    const bvh = buildBvh(model!, 'model');
    let near = 0, all = 0;
    for (const s of upper.parts.solids) {
      const pose = engine.get(s.fdi)!;
      // Crown vertices the solid uses (closing the crown peels off spikes and fins at the rim, leaving their vertices unused).
      const used = new Set(s.mesh.indices);
      for (let v = 0; v < s.crownVertexCount; v++) {
        if (!used.has(v)) continue;
        const p = applyPose(pose, [s.mesh.positions[v * 3], s.mesh.positions[v * 3 + 1], s.mesh.positions[v * 3 + 2]]);
        const d = closestPoint(bvh, p[0], p[1], p[2]).distance;
        all++;
        // A crown vertex is on the model's surface, or inside it (buried in the gum block or a touching neighbour): never outside.
        expect(d).toBeLessThan(TOOTH_SURFACE_TOLERANCE_MM);
        if (Math.abs(d) <= TOOTH_SURFACE_TOLERANCE_MM) near++;
      }
    }
    // Most of each crown is the model's surface: only the cervical band under the gum and contact spots are buried.
    expect(near / all).toBeGreaterThan(0.8);
  }, HEAVY_MS);

  it('carries each attachment at the stages it is on, and not after it comes off', async () => {
    const upper = planned.modelArches.find((a) => a.jaw === 'upper')!;
    const on = planned.plan.attachments.filter((a) => upper.parts.solids.some((s) => s.fdi === a.fdi));
    expect(on.length).toBeGreaterThan(0);
    const plan = { ...planned.plan, attachments: on.map((a, i) => (i === 0 ? { ...a, stagePlaced: 0, stageRemoved: 2 } : a)) };
    const counts: number[] = [];
    for await (const m of caseModels(api, { ...inputOf(planned, 'DEMO-0001'), plan, arches: [upper], stages: [0, 1, 2, 3, 4] })) counts.push(m.attachments);
    expect(counts).toEqual([on.length, on.length, on.length, on.length - 1, on.length - 1]);
  }, HEAVY_MS);

  it('engraves case, arch and stage in the base, at least 0.4 mm deep, reading the right way round from below', async () => {
    const upper = planned.modelArches.find((a) => a.jaw === 'upper')!;
    let model: Mesh | null = null;
    let up: [number, number, number] = [0, 0, 1];
    for await (const m of caseModels(api, { ...inputOf(planned, 'DEMO-0001'), arches: [upper], stages: [0] })) { model = m.mesh; up = m.up; }
    // From below the base, looking towards the cusps: the base is the nearest surface; the letters are pits in it.
    const below = renderMesh(model!, up, [0, 1, 0], 0.05);
    writeFileSync(`${OUT}/DEMO-0001-U-00-base.png`, below.png);
    const depths = [...below.depth].filter((d) => !Number.isNaN(d)).sort((a, b) => a - b);
    const base = depths[Math.floor(depths.length * 0.02)];
    const pitArea = depths.filter((d) => d > base + 0.4 && d < base + 1).length * below.mmPerPixel ** 2;
    // Two lines of 2-3.5 mm capitals: tens of square millimetres of letter strokes.
    expect(pitArea).toBeGreaterThan(15);
    expect(pitArea).toBeLessThan(200);
  }, HEAVY_MS);
});

describe('models refused on bad input, before anything is written', () => {
  let api: ManifoldApi;
  let planned: PlannedFixture;
  beforeAll(async () => {
    api = await loadManifold();
    planned = await plannedDemo();
  }, HEAVY_MS);

  function recordingSink(): ModelSink & { names: string[]; aborted: boolean } {
    const sink = { names: [] as string[], aborted: false, add(n: string) { sink.names.push(n); }, close() {}, abort() { sink.aborted = true; } };
    return sink;
  }

  it.each([
    ['no segmentation', (p: PlannedFixture) => ({ arches: p.modelArches.map((a) => ({ ...a, mesh: { ...a.mesh, labels: null } })) }), /upper arch is not segmented: segment its teeth/],
    ['no plan', (p: PlannedFixture) => ({ staging: { ...p.staging, teeth: [] } }), /no staged plan: run auto-setup/],
    ['a plan with limit warnings', (p: PlannedFixture) => ({ staging: { ...p.staging, warnings: [{ fdi: 13, limit: 'rotation' as const, step: 3.1, limitValue: 2, fromStage: 1, toStage: 4, message: 'tooth 13 rotates 3.1° per aligner (limit 2°) in aligners 1-4' }] } }), /limit warning, fix it before making models: tooth 13 rotates 3.1°/],
  ])('%s: a clear message, no file written', async (_what, change, message) => {
    const sink = recordingSink();
    const input = { ...inputOf(planned, 'DEMO-0001'), ...change(planned), createdAt: '2026-12-04T12:00:00.000Z' };
    const attempt = exportCaseModels(api, input, sink);
    await expect(attempt).rejects.toThrow(ModelError);
    await expect(attempt).rejects.toThrow(message);
    expect(sink.names).toEqual([]);
    expect(sink.aborted).toBe(true);
  }, HEAVY_MS);

  it('a cancelled export stops before the next model and writes no manifest', async () => {
    const sink = recordingSink();
    const controller = new AbortController();
    const attempt = exportCaseModels(api, { ...inputOf(planned, 'DEMO-0001'), createdAt: '2026-12-04T12:00:00.000Z' }, sink, {
      signal: controller.signal,
      onProgress: (p) => { if (p.done === 1) controller.abort(new DOMException('The export was cancelled.', 'AbortError')); },
    });
    await expect(attempt).rejects.toThrow('cancelled');
    expect(sink.names.filter((n) => n.endsWith('.stl'))).toHaveLength(1);
    expect(sink.names).not.toContain('manifest.json');
    expect(sink.aborted).toBe(true);
    expect(modelJobs(inputOf(planned, 'DEMO-0001')).length).toBeGreaterThan(2);
  }, HEAVY_MS);
});
