// The clearance check run by the engine against the plain-TypeScript reference
// (attachment-clearance.ts), on the reference and WASM backends (the WebGPU one in
// attachment-clearance-engine.browser.test.ts): the same clashes (tooth, other tooth, kind and
// run of stages) exactly, the depths within DEPTH_TOL: both measure the same vertices against
// the same surfaces, the engine in f32 tooth frames.
import { describe, expect, it } from 'vitest';
import { emptyPlan, setTarget, zeroMovement } from '../core/plan.ts';
import { stagePlan } from '../core/staging.ts';
import { plannerAttachment } from '../core/attachments.ts';
import { DEMO_SEED } from '../geometry/demo/index.ts';
import { createReferenceEngine } from '../engine/reference.ts';
import { createWasmEngine } from '../engine/wasm.ts';
import type { Engine } from '../engine/engine.ts';
import { attachmentClashes, type AttachmentClash } from './attachment-clearance.ts';
import { attachmentClashesByEngine, clearancePasses } from './attachment-clearance-engine.ts';
import { attachmentSolids } from './case-models.ts';
import { plannedDemo } from './fixtures/cases.ts';
import { box, twoBoxTeeth } from './fixtures/box-teeth.ts';
import { loadManifold } from './manifold.ts';

const HEAVY_MS = 600_000;
/** How far the engine's deepest overlap may differ from the reference's (mm): f32 against f64. */
const DEPTH_TOL = 1e-3;

const backends: [string, () => Promise<Engine>][] = [['reference', async () => createReferenceEngine()], ['wasm', () => createWasmEngine()]];
const runs = (clashes: AttachmentClash[]) => clashes.map((c) => [c.fdi, c.other, c.kind, c.fromStage, c.toStage]);

function expectAgree(engine: AttachmentClash[], reference: AttachmentClash[]): void {
  expect(runs(engine)).toEqual(runs(reference));
  engine.forEach((c, i) => expect(Math.abs(c.depthMm - reference[i].depthMm), `depth of ${c.fdi} into ${c.other}`).toBeLessThanOrEqual(DEPTH_TOL));
}

describe('attachment clearance by the engine', () => {
  it('puts attachments on teeth checked against each other in separate passes, one per tooth per pass', () => {
    const a = (fdi: number, others: number[]) => ({ attachment: { ...plannerAttachment(fdi), stagePlaced: 0, stageRemoved: null }, mesh: box(0, 1, 0, 1, 0, 1), others });
    const passes = clearancePasses([a(13, [12, 14, 43]), a(14, [13, 15, 44]), a(15, [14, 16]), a(13, [12, 14, 43]), a(43, [13, 42, 44])]);
    expect(passes.map((p) => p.map((x) => x.attachment.fdi))).toEqual([[13, 15], [14, 43], [13]]);
  });

  for (const [name, make] of backends) {
    it(`${name}: an attachment 1.5 mm into its neighbour, as the reference finds it`, async () => {
      const parts = twoBoxTeeth();
      const plan = setTarget(emptyPlan(), 12, { ...zeroMovement(), mesial: -2 });
      const staging = stagePlan(plan, plan.protocol);
      const attachment = { ...plannerAttachment(11), stagePlaced: 0, stageRemoved: null };
      const engine = await make();
      try {
        for (const [mesh, removed] of [[box(7.5, 10.5, -3.5, -1.5, 3, 5), null], [box(7.5, 10.5, -3.5, -1.5, 3, 5), 2], [box(3, 5, -4, -3, 3, 5), null]] as const) {
          const input = { parts, staging, attachments: [{ attachment: { ...attachment, stageRemoved: removed }, mesh }] };
          const reference = attachmentClashes(input);
          expectAgree(await attachmentClashesByEngine(engine, input), reference);
        }
        const found = await attachmentClashesByEngine(engine, { parts, staging, attachments: [{ attachment, mesh: box(7.5, 10.5, -3.5, -1.5, 3, 5) }] });
        expect(runs(found)).toEqual([[11, 12, 'neighbour', 0, 5]]);
        expect(found[0].depthMm).toBeCloseTo(1.5, 2);
      } finally {
        engine.dispose();
      }
    }, HEAVY_MS);
  }

  it(`wasm: the demo case's attachments (seed ${DEMO_SEED}) clear, and pushed ones clash as the reference finds`, async () => {
    const planned = await plannedDemo();
    const api = await loadManifold();
    const { placed } = attachmentSolids(api, planned.plan.attachments, planned.parts);
    const engine = await createWasmEngine();
    try {
      const input = { parts: planned.parts, staging: planned.staging, attachments: placed };
      expect(await attachmentClashesByEngine(engine, input)).toEqual([]);
      // Every attachment widened and pushed towards its mesial neighbour at once: many passes, many clashes.
      const pushed = attachmentSolids(api, planned.plan.attachments.map((a) => ({ ...a, offsetMm: { mesial: 3, occlusal: 0 }, widthMm: 4 })), planned.parts).placed;
      const all = { ...input, attachments: pushed };
      const reference = attachmentClashes(all);
      expect(reference.length, 'the pushed attachments clash').toBeGreaterThan(3);
      expectAgree(await attachmentClashesByEngine(engine, all), reference);
    } finally {
      engine.dispose();
    }
  }, HEAVY_MS);
});
