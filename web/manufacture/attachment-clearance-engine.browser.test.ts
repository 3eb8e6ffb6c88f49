// The attachment clearance check on the WebGPU engine (headless Chromium's software adapter)
// against the plain-TypeScript reference, on a seeded row of irregular crowns with attachments
// reaching into their neighbours and a staged plan that turns and moves every tooth: the same
// clashes (tooth, neighbour, run of stages), depths within 1e-3 mm (f32 on the GPU).
import { expect } from 'chai';
import { emptyPlan, setTarget } from '../core/plan.ts';
import { stagePlan } from '../core/staging.ts';
import { plannerAttachment } from '../core/attachments.ts';
import { seededRandom, uniform } from '../core/random.ts';
import type { PlanArchParts } from '../geometry/setup/plan-parts.ts';
import { createWebGpuEngine } from '../engine/webgpu.ts';
import { crownRow } from '../engine/fixtures/synthetic-crowns.ts';
import { withGpu } from '../engine/fixtures/gpu-harness.ts';
import { attachmentClashes } from './attachment-clearance.ts';
import { attachmentClashesByEngine } from './attachment-clearance-engine.ts';
import { box } from './fixtures/box-teeth.ts';

const DEPTH_TOL = 1e-3;
const SEED = 73;

describe('attachment clearance on the WebGPU engine', () => {
  it(`finds what the reference finds on a row of crowns with a staged plan (seed ${SEED})`, async function () {
    this.timeout(300_000);
    const row = crownRow(SEED, 4);
    const parts = [{
      teeth: row.map((t) => ({ fdi: t.fdi, ...t.frame })),
      solids: row.map((t) => ({ fdi: t.fdi, mesh: t.solid, crownVertexCount: t.crownVertexCount })),
    }] as unknown as Pick<PlanArchParts, 'teeth' | 'solids'>[];
    const random = seededRandom(SEED);
    let plan = emptyPlan();
    for (const t of row) {
      plan = setTarget(plan, t.fdi, {
        mesial: uniform(random, -1, 1), buccal: uniform(random, -0.5, 0.5), extrusion: uniform(random, -0.5, 0.5),
        tip: uniform(random, -5, 5), torque: uniform(random, -5, 5), rotation: uniform(random, -12, 12),
      });
    }
    const staging = stagePlan(plan, plan.protocol);
    // Each crown but the last reaches towards the next one's side; the last one's points away.
    const attachments = row.map((t, i) => {
      const x = 7.5 * i;
      const mesh = i < row.length - 1 ? box(x + 2, x + 6.5, -2.5, -1, -1, 1) : box(x - 6, x - 5, -2.5, -1, -1, 1);
      return { attachment: { ...plannerAttachment(t.fdi), stagePlaced: i === 1 ? 2 : 0, stageRemoved: i === 2 ? 3 : null }, mesh };
    });
    const input = { parts, staging, attachments };
    const reference = attachmentClashes(input);
    expect(reference.length, 'the row has clashes to find').to.be.greaterThan(1);
    await withGpu(async ({ device }) => {
      const engine = await createWebGpuEngine({ device });
      try {
        const found = await attachmentClashesByEngine(engine, input);
        const runs = (cs: typeof found) => cs.map((c) => [c.fdi, c.other, c.kind, c.fromStage, c.toStage]);
        expect(runs(found)).to.deep.equal(runs(reference));
        found.forEach((c, i) => expect(Math.abs(c.depthMm - reference[i].depthMm), `depth of ${c.fdi} into ${c.other}`).to.be.at.most(DEPTH_TOL));
      } finally {
        engine.dispose();
      }
    });
  });
});
