// The QA gate as the studio runs it before sending (seed: the demo case's): no gate for a plan
// under no protocol document, none while the plan is computing, the protocol's checklist over
// the computed plan and the case's records once it is under one, and a failure that cannot be
// checked when the protocol is not in this studio.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultProtocolDocument, restageUnder, reviseProtocol } from '../../core/protocol-document.ts';
import type { Plan } from '../../core/plan.ts';
import { JAWS } from '../../core/types.ts';
import { plannedDemo, type PlannedFixture } from '../../manufacture/fixtures/cases.ts';
import type { PlanSession } from './plan-types.ts';
import { qaGateForSending } from './qa-gate.ts';

const north = defaultProtocolDocument({ id: 'north', name: 'North adult standard', author: { name: 'Dr Lee Lead', role: 'lead' }, createdAt: 1 });

/** The plan session's accessors the gate reads, over a computed plan (or one still computing). */
function session(p: PlannedFixture, plan: Plan, computing = false): PlanSession {
  const parts = Object.fromEntries(p.parts.map((x) => [x.jaw, x]));
  return {
    plan: () => plan, staging: () => p.derived.staging, findings: () => p.derived.findings, checklist: () => p.derived.checklist,
    parts: () => parts, state: { phase: 'ready', computing },
  } as unknown as PlanSession;
}

describe('the QA gate before sending', () => {
  let demo: PlannedFixture;
  beforeAll(async () => { demo = await plannedDemo(); }, 600_000);

  it('does not gate a plan under no protocol document, and waits for a plan still computing', async () => {
    expect(await qaGateForSending({ plan: session(demo, demo.derived.plan), protocols: [north], records: async () => [], jaws: JAWS })).toEqual({ state: 'no-protocol' });
    const under = restageUnder(demo.derived.plan, north);
    expect(await qaGateForSending({ plan: session(demo, under, true), protocols: [north], records: async () => [], jaws: JAWS })).toEqual({ state: 'computing' });
  });

  it('runs the protocol\'s checklist over the computed plan and the case\'s records', async () => {
    const under = restageUnder(demo.derived.plan, north);
    const missing = await qaGateForSending({ plan: session(demo, under), protocols: [north], records: async () => ['panoramic'], jaws: JAWS });
    expect(missing.state).toBe('checked');
    if (missing.state !== 'checked') return;
    expect(missing.protocol).toBe('North adult standard version 1');
    const records = missing.result.checks.find((c) => c.id === 'records-complete')!;
    expect(records.status).toBe('fail');
    expect(records.reasons[0]).toMatch(/^Missing records: /);
    expect(records.reasons[0]).not.toContain('panoramic');
    // A protocol that requires only the scans the case has: the records check passes.
    const scansOnly = reviseProtocol(north, { requiredRecords: ['upper-scan', 'lower-scan'] }, 2);
    const passed = await qaGateForSending({ plan: session(demo, restageUnder(demo.derived.plan, scansOnly)), protocols: [north, scansOnly], records: async () => [], jaws: JAWS });
    expect(passed.state === 'checked' && passed.result.checks.find((c) => c.id === 'records-complete')!.status).toBe('pass');
  });

  it('fails, to be let through only with a reason, when the plan\'s protocol is not in this studio', async () => {
    const under = restageUnder(demo.derived.plan, north);
    const out = await qaGateForSending({ plan: session(demo, under), protocols: [], records: async () => [], jaws: JAWS });
    expect(out).toEqual({
      state: 'checked', protocol: 'North adult standard version 1',
      result: { passed: false, checks: [], failures: ['The plan is staged under North adult standard version 1, which is not among this studio\'s protocols: its QA checklist cannot run. Import it in Settings.'] },
    });
  });
});
