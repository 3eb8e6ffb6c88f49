// Attachments against the teeth they could run into, at every stage they are on: a made-up
// pair of box teeth with an attachment reaching 1.5 mm into the neighbour, which the plan
// moves away 0.25 mm per aligner (the clash lasts until it has moved 1.5 mm); and the demo
// case's own attachments, placed by the protocol, which clear their neighbours.
import { describe, expect, it } from 'vitest';
import { emptyPlan, setTarget } from '../core/plan.ts';
import { zeroMovement } from '../core/plan.ts';
import { stagePlan } from '../core/staging.ts';
import { plannerAttachment } from '../core/attachments.ts';
import { DEMO_SEED } from '../geometry/demo/index.ts';
import { attachmentClashes, clashText } from './attachment-clearance.ts';
import { attachmentSolids } from './case-models.ts';
import { plannedDemo } from './fixtures/cases.ts';
import { loadManifold } from './manifold.ts';
import { box, twoBoxTeeth } from './fixtures/box-teeth.ts';

/** Models take seconds each; on a busy machine a block of them takes minutes. Generous, never a speed claim. */
const HEAVY_MS = 600_000;

describe('attachment clearance', () => {
  it('finds an attachment reaching 1.5 mm into its neighbour, for as long as the plan leaves the neighbour there', () => {
    const parts = twoBoxTeeth();
    // 12 moves 2 mm distally (away from 11), 0.25 mm per aligner under the default limits.
    const plan = setTarget(emptyPlan(), 12, { ...zeroMovement(), mesial: -2 });
    const staging = stagePlan(plan, plan.protocol);
    const attachment = { ...plannerAttachment(11), stagePlaced: 0, stageRemoved: null };
    const clashes = attachmentClashes({ parts, staging, attachments: [{ attachment, mesh: box(7.5, 10.5, -3.5, -1.5, 3, 5) }] });
    expect(clashes).toHaveLength(1);
    const [c] = clashes;
    expect(c).toMatchObject({ fdi: 11, other: 12, kind: 'neighbour', fromStage: 0 });
    // Overlap 1.5 - 0.25 s mm at stage s: over 0.05 mm until stage 5.
    expect(c.toStage).toBe(5);
    expect(c.depthMm).toBeCloseTo(1.5, 1);
    expect(clashText(c)).toBe('The attachment on 11 runs into 12 (its neighbour) on the template and aligners 1-5, up to 1.50 mm.');
    // Taken off after aligner 2: the clash ends there.
    const shorter = attachmentClashes({ parts, staging, attachments: [{ attachment: { ...attachment, stageRemoved: 2 }, mesh: box(7.5, 10.5, -3.5, -1.5, 3, 5) }] });
    expect(shorter.map((x) => [x.fromStage, x.toStage])).toEqual([[0, 2]]);
    // An attachment clear of 12 (on 11's own buccal face) clashes with nothing.
    expect(attachmentClashes({ parts, staging, attachments: [{ attachment, mesh: box(3, 5, -4, -3, 3, 5) }] })).toEqual([]);
  }, HEAVY_MS);

  it(`checks the demo case's attachments (seed ${DEMO_SEED}) at every stage they are on against neighbours and antagonists`, async () => {
    const planned = await plannedDemo();
    const { placed, problems } = attachmentSolids(await loadManifold(), planned.plan.attachments, planned.parts);
    expect(problems).toEqual([]);
    expect(placed.length).toBe(planned.plan.attachments.length);
    const clashes = attachmentClashes({ parts: planned.parts, staging: planned.staging, attachments: placed });
    // The protocol places them at the FA point, mid-crown: clear of the contacts and the bite.
    expect(clashes.map((c) => clashText(c))).toEqual([]);
    // Widened to 4 mm and pushed 3 mm towards its mesial neighbour, the one on 14 runs into 13;
    // one on a lower premolar stops being checked after the lower arch's last aligner.
    for (const [fdi, other] of [[14, 13], [34, 33]]) {
      const moved = placed.find((p) => p.attachment.fdi === fdi)!;
      const pushed = attachmentSolids(await loadManifold(), [{ ...moved.attachment, offsetMm: { mesial: 3, occlusal: 0 }, widthMm: 4 }], planned.parts).placed;
      const found = attachmentClashes({ parts: planned.parts, staging: planned.staging, attachments: pushed });
      const aligners = planned.staging.arches.find((a) => a.jaw === (fdi < 30 ? 'upper' : 'lower'))!.aligners;
      expect(found.map((c) => [c.fdi, c.other, c.kind, c.fromStage, c.toStage])).toEqual([[fdi, other, 'neighbour', 0, aligners]]);
    }
  }, HEAVY_MS);
});
