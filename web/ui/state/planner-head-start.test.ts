import { expect, test } from 'vitest';
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { createPlannerHeadStart } from './planner-head-start.ts';
import type { PlanArchParts, PlannerClient } from './plan-types.ts';
import { tinyArch } from './fixtures/library.ts';

/** A planner that answers each prepare with parts naming the call that made them. */
function countingPlanner() {
  const calls: { caseId: string; jaw: Jaw; mesh: LabelledMesh }[] = [];
  const forgotten: string[] = [];
  const planner: PlannerClient = {
    async prepareArch(caseId, jaw, mesh) {
      calls.push({ caseId, jaw, mesh });
      return { jaw, teeth: [], solids: [], skipped: [`call ${calls.length} for ${caseId}`] } as PlanArchParts;
    },
    autoSetup: () => Promise.reject(new Error('not here')),
    async forget(caseId, jaw) {
      forgotten.push(`${caseId}/${jaw ?? 'all'}`);
    },
    dispose: () => undefined,
  };
  return { planner, calls, forgotten };
}

const record = (...bytes: number[]) => Uint8Array.from(bytes).buffer;

test('the case view takes what was prepared ahead for its case, arch, mesh and record, once', async () => {
  const { planner, calls } = countingPlanner();
  const head = createPlannerHeadStart(planner);
  const upper = tinyArch([11, 21]), lower = tinyArch([31, 41]);
  head.prepareAhead('case-a', 'upper', upper, record(1, 2, 3));
  head.prepareAhead('case-a', 'lower', lower);
  expect(calls).toHaveLength(2);
  // The record read back from storage is another buffer with the same bytes.
  expect((await head.prepareArch('case-a', 'upper', upper, record(1, 2, 3))).skipped).toEqual(['call 1 for case-a']);
  expect((await head.prepareArch('case-a', 'lower', lower)).skipped).toEqual(['call 2 for case-a']);
  expect(calls, 'nothing prepared twice').toHaveLength(2);
  // Asked again (the arch was edited and prepared again): the planner works afresh.
  expect((await head.prepareArch('case-a', 'upper', upper, record(1, 2, 3))).skipped).toEqual(['call 3 for case-a']);
});

test('another case, another mesh or another record is prepared afresh: case a then case b', async () => {
  const { planner, calls } = countingPlanner();
  const head = createPlannerHeadStart(planner);
  const upper = tinyArch([11, 21]);
  head.prepareAhead('case-a', 'upper', upper, record(1));
  expect((await head.prepareArch('case-b', 'upper', upper, record(1))).skipped, 'another case never gets case a\'s parts').toEqual(['call 2 for case-b']);
  // Case b asking dropped case a's head start altogether.
  expect((await head.prepareArch('case-a', 'upper', upper, record(1))).skipped).toEqual(['call 3 for case-a']);

  head.prepareAhead('case-a', 'upper', upper, record(1));
  expect((await head.prepareArch('case-a', 'upper', tinyArch([11, 21]), record(1))).skipped, 'a scan read back from storage, not the shelved one').toEqual(['call 5 for case-a']);
  head.prepareAhead('case-a', 'lower', upper, record(1));
  expect((await head.prepareArch('case-a', 'lower', upper, record(2))).skipped, 'the segmentation changed since').toEqual(['call 7 for case-a']);
  head.prepareAhead('case-a', 'lower', upper);
  expect((await head.prepareArch('case-a', 'lower', upper, record(2))).skipped, 'a record now, none then').toEqual(['call 9 for case-a']);
  expect(calls.map((c) => c.caseId)).toEqual(['case-a', 'case-b', 'case-a', 'case-a', 'case-a', 'case-a', 'case-a', 'case-a', 'case-a']);
});

test('a forgotten arch or case loses its head start, and a failed one fails only when asked', async () => {
  const { planner, calls, forgotten } = countingPlanner();
  const head = createPlannerHeadStart(planner);
  const upper = tinyArch([11, 21]), lower = tinyArch([31, 41]);
  head.prepareAhead('case-a', 'upper', upper);
  head.prepareAhead('case-a', 'lower', lower);
  await head.forget('case-a', 'upper');
  expect((await head.prepareArch('case-a', 'upper', upper)).skipped).toEqual(['call 3 for case-a']);
  await head.forget('case-a');
  expect((await head.prepareArch('case-a', 'lower', lower)).skipped).toEqual(['call 4 for case-a']);
  expect(forgotten).toEqual(['case-a/upper', 'case-a/all']);
  expect(calls).toHaveLength(4);

  const failing = createPlannerHeadStart({ ...planner, prepareArch: () => Promise.reject(new Error('tooth 11 has no crown')) });
  failing.prepareAhead('case-c', 'upper', upper);
  await expect(failing.prepareArch('case-c', 'upper', upper)).rejects.toThrow('tooth 11 has no crown');
});
