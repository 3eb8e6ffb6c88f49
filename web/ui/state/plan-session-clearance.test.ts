// The plan session's attachment clearance on the demo case (seed DEMO_SEED): the protocol's
// attachments after auto-setup clear every neighbour and antagonist; the one on 14, widened to
// 4 mm and pushed 3 mm mesially, runs into 13 from the template to the upper arch's last
// aligner; a result is never shown for a plan other than the one it was checked on; and a
// second case opened after the first shows only its own result, one patient at a time.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createRoot } from 'solid-js';
import { describe, expect, test } from 'vitest';
import type { Attachment } from '../../core/attachments.ts';
import { ATTACHMENT_CLASH_MM } from '../../manufacture/attachment-clearance.ts';
import { engineForCase } from '../../engine/worker.ts';
import { createPlanSession } from './plan-session.ts';
import type { PlanSession } from './plan-types.ts';
import { arches, DEMO_SEED, engineApi, opened, planner } from './fixtures/demo-plan.ts';

/** Each clash as [tooth, other tooth, kind, from stage, to stage]. */
const clashes = (s: PlanSession) => s.attachmentClearance()?.clashes.map((c) => [c.fdi, c.other, c.kind, c.fromStage, c.toStage]);

/** The attachment on 14 widened and pushed towards 13 (as manufacture/attachment-clearance.test.ts does). */
const pushed = (list: readonly Attachment[]) => list.map((a) => (a.fdi === 14 ? { ...a, offsetMm: { mesial: 3, occlusal: 0 }, widthMm: 4 } : a));

describe(`attachment clearance in the plan session (demo case, seed ${DEMO_SEED})`, () => {
  test('protocol attachments are clear; one pushed into its neighbour clashes at the stages it is on; an earlier plan\'s result never shows', async () => {
    const { session, lib } = await opened(new IDBFactory());
    expect(session.attachmentClearance(), 'no attachments: nothing to check').toEqual({ clashes: [], error: null });
    await session.runAutoSetup();
    await session.settled();
    const protocol = session.plan().attachments;
    expect(protocol.map((a) => a.fdi)).toEqual([13, 14, 34, 43, 44]);
    expect(session.attachmentClearance(), 'checked on the first look, not before').toBeNull();
    await session.settled();
    expect(session.attachmentClearance()).toEqual({ clashes: [], error: null });

    // Checked, then undone while the check ran: its clash belongs to a plan no longer shown.
    session.setAttachments(pushed(protocol));
    expect(session.attachmentClearance(), 'the all clear of the plan before is not shown').toBeNull();
    session.undo();
    await session.settled();
    expect(session.attachmentClearance(), 'the undone plan\'s result is dropped').toBeNull();
    await session.settled();
    expect(session.attachmentClearance()).toEqual({ clashes: [], error: null });

    session.redo();
    session.attachmentClearance();
    await session.settled();
    const upperAligners = session.staging()!.arches.find((a) => a.jaw === 'upper')!.aligners;
    expect(upperAligners).toBeGreaterThan(0);
    expect(clashes(session)).toEqual([[14, 13, 'neighbour', 0, upperAligners]]);
    expect(session.attachmentClearance()!.clashes[0].depthMm).toBeGreaterThan(ATTACHMENT_CLASH_MM);

    // Closed with a check still running: it never lands.
    session.setAttachments(protocol);
    expect(session.attachmentClearance()).toBeNull();
    session.dispose();
    await session.settled();
    expect(session.attachmentClearance()).toBeNull();

    // The next patient, the same scans but an unplanned case: its own result only (its clash
    // lasts the template alone, it has no aligners), never the first case's.
    const record = await lib.cases.create({ pseudonym: 'Patient Q' });
    const next = createRoot(() => createPlanSession({
      caseId: record.id, plans: lib.plans, settings: lib.settings, planner, engine: engineForCase(engineApi, record.id), arches: () => arches, autosaveDelayMs: 0,
    }));
    await next.open();
    await next.settled();
    next.setAttachments(pushed(protocol));
    expect(next.attachmentClearance(), 'nothing of the first case meanwhile').toBeNull();
    await next.settled();
    expect(clashes(next)).toEqual([[14, 13, 'neighbour', 0, 0]]);
    next.dispose();
  }, 300_000);
});
