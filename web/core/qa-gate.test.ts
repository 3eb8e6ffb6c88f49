import { describe, expect, it } from 'vitest';
import { appendEvent, verifyChain, type AuditEvent } from './audit.ts';
import { plannerAttachment } from './attachments.ts';
import { QA_OVERRIDE_NEEDS_REASON, qaFailuresOf, type PipelineStatus } from './case-pipeline.ts';
import { archOrder, positionOf, toothType, type Fdi } from './fdi.ts';
import type { PairRecord } from './findings.ts';
import { planPairs } from './pairs.ts';
import {
  applyAttachmentRules, emptyPlan, planRuleAttachments, setAttachments, setIpr, setManualStart, setPattern, setTarget, setTargets,
  targetOf, zeroMovement, STAGING_PATTERNS, type Plan,
} from './plan.ts';
import { findingsWithIpr } from './plan-rules.ts';
import { DEFAULT_REQUIRED_RECORDS, defaultProtocolDocument, reviseProtocol } from './protocol-document.ts';
import { DEFAULT_QA_CHECKLIST, QA_CHECK_IDS, type QaCheck, type QaCheckId } from './qa-checklist.ts';
import { qaAuditInputs, runQaGate, sendBlocked, type QaGateInput, type QaResult } from './qa-gate.ts';
import { mulberry32, uniform } from './random.ts';
import type { RecordKind } from './record-kinds.ts';
import type { Actor } from './review.ts';
import { sanityChecklist } from './sanity.ts';
import { stagePlan } from './staging.ts';

const TEETH: Fdi[] = [...archOrder('upper'), ...archOrder('lower')].filter((f) => f % 10 !== 8);
const LEAD: Actor = { name: 'Lee Lead', role: 'lead' };
const T0 = Date.UTC(2026, 2, 2, 9);
const CASE = 'case-qa-1';

interface Derive {
  /** Neighbour distances at the last stage by contact ("13-14"), reached linearly from touching at stage 0. */
  finals?: Record<string, number>;
  present?: readonly RecordKind[];
  qaChecklist?: readonly QaCheck[];
}

/**
 * What the pipeline derives from a plan, made here with core's own functions: the staging,
 * pair records standing in for the engine's (neighbours touching, antagonists 0.5 mm apart,
 * unless `finals` says otherwise), the findings with the plan's IPR done and the sanity list.
 */
function derive(plan: Plan, { finals = {}, present = DEFAULT_REQUIRED_RECORDS, qaChecklist = DEFAULT_QA_CHECKLIST }: Derive = {}): QaGateInput {
  const staging = stagePlan(plan, plan.protocol);
  const last = staging.stageCount - 1;
  const records: PairRecord[] = planPairs(TEETH).flatMap((p) => Array.from({ length: staging.stageCount }, (_, stage) => {
    const end = finals[`${p.a}-${p.b}`];
    const distance = end === undefined ? (p.kind === 'antagonist' ? 0.5 : 0) : end * (last === 0 ? 1 : stage / last);
    return { a: p.a, b: p.b, kind: p.kind, stage, distance };
  }));
  const findings = findingsWithIpr(records, plan, staging.stageCount);
  const movements = TEETH.map((fdi) => ({ fdi, final: targetOf(plan, fdi) }));
  const checklist = sanityChecklist({ protocol: plan.protocol, movements, ipr: plan.ipr, findings, records, finalStage: last, bolton: null });
  return { qaChecklist, plan, staging, findings, checklist, movements, requiredRecords: DEFAULT_REQUIRED_RECORDS, presentRecords: present };
}

/** Moves within every limit and sanity threshold; 13's rotation is past the rotation rule, which gave it its attachment. */
const CLEAN: Plan = applyAttachmentRules(setTargets(emptyPlan(), [
  { fdi: 13, movement: { ...zeroMovement(), rotation: 6 } },
  { fdi: 12, movement: { ...zeroMovement(), buccal: 0.4, torque: 3 } },
  { fdi: 23, movement: { ...zeroMovement(), rotation: -4, tip: 2 } },
  { fdi: 33, movement: { ...zeroMovement(), extrusion: 0.3 } },
  { fdi: 46, movement: { ...zeroMovement(), mesial: -0.5 } },
]), TEETH);

const statuses = (r: QaResult): Record<string, string> => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
const allPassBut = (id: QaCheckId | null, status = 'fail'): Record<string, string> =>
  Object.fromEntries(QA_CHECK_IDS.map((c) => [c, c === id ? status : 'pass']));
const without = (id: QaCheckId): QaCheck[] => DEFAULT_QA_CHECKLIST.map((c) => (c.id === id ? { ...c, enabled: false } : c));

/** One fixture per check that fails that check alone, with the one line it must say. */
const FAILING: readonly { id: QaCheckId; input: () => QaGateInput; line: string }[] = [
  {
    id: 'staging-limits', input: () => derive(setManualStart(CLEAN, 13, 0, 2)),
    line: "Tooth 13 rotation 3.00° per aligner in aligners 1-2 exceeds the protocol's 2° limit",
  },
  {
    id: 'final-collisions', input: () => derive(CLEAN, { finals: { '13-14': -0.32 } }),
    line: 'Final collision 13-14 (neighbours) 0.32 mm deep (at most 0.10 mm)',
  },
  {
    id: 'ipr-maximum', input: () => derive(setIpr(CLEAN, 11, 21, 0.6, 0), { finals: { '11-21': -0.6 } }),
    line: "IPR 11-21 0.6 mm planned exceeds the protocol's 0.5 mm per contact",
  },
  {
    id: 'attachments-where-needed', input: () => derive(setAttachments(CLEAN, [])),
    line: "Tooth 13 moves 6.0° rotation and has no attachment (the protocol's rotation rule wants one from 5°)",
  },
  {
    id: 'records-complete', input: () => derive(CLEAN, { present: DEFAULT_REQUIRED_RECORDS.filter((k) => k !== 'panoramic' && k !== 'intraoral-frontal') }),
    line: 'Missing records: intraoral frontal photo, panoramic radiograph',
  },
  {
    id: 'sanity-checks', input: () => derive(setTarget(CLEAN, 15, { ...zeroMovement(), extrusion: 0.8 })),
    line: 'Extrusion of premolars and molars: 15 extrudes 0.8 mm (above 0.5 mm; aligners extrude poorly and it may open the bite).',
  },
];

describe('the QA gate', () => {
  it('passes a clean plan on every check, and lets it be sent', () => {
    expect(CLEAN.attachments.map((a) => [a.fdi, a.reason])).toEqual([[13, 'rotation']]);
    const result = runQaGate(derive(CLEAN));
    expect(result.checks.map((c) => c.id)).toEqual([...QA_CHECK_IDS]);
    expect(statuses(result)).toEqual(allPassBut(null));
    expect(result.checks.every((c) => c.reasons.length === 0 && c.label.length > 0)).toBe(true);
    expect(result).toMatchObject({ passed: true, failures: [] });
    expect(sendBlocked(result)).toBeNull();
  });

  for (const f of FAILING) {
    it(`fails ${f.id} alone, with its reason line`, () => {
      const result = runQaGate(f.input());
      expect(statuses(result)).toEqual(allPassBut(f.id));
      expect(result.checks.find((c) => c.id === f.id)!.reasons).toEqual([f.line]);
      expect(result).toMatchObject({ passed: false, failures: [f.line] });
    });

    it(`never fails ${f.id} when the protocol turns it off`, () => {
      const result = runQaGate({ ...f.input(), qaChecklist: without(f.id) });
      expect(statuses(result)).toEqual(allPassBut(f.id, 'off'));
      expect(result.checks.find((c) => c.id === f.id)!.reasons).toEqual([]);
      expect(result).toMatchObject({ passed: true, failures: [] });
    });
  }

  it('runs the checklist a revised protocol document carries: every check off passes a plan failing them all', () => {
    const doc = defaultProtocolDocument({ id: '0d9c1f4e-7a2b-4c3d-8e5f-6a7b8c9d0e1f', name: 'QA off', author: LEAD, createdAt: T0 });
    const off = reviseProtocol(doc, { qaChecklist: doc.qaChecklist.map((c) => ({ ...c, enabled: false })) }, T0 + 1);
    const worst = derive(setTarget(setIpr(setManualStart(setAttachments(CLEAN, []), 13, 0, 2), 11, 21, 0.6, 0), 15, { ...zeroMovement(), extrusion: 0.8 }), {
      finals: { '13-14': -0.32, '11-21': -0.6 }, present: [],
    });
    expect(runQaGate(worst).checks.every((c) => c.status === 'fail')).toBe(true);
    const result = runQaGate({ ...worst, qaChecklist: off.qaChecklist });
    expect(result.checks.every((c) => c.status === 'off')).toBe(true);
    expect(result.passed).toBe(true);
  });

  it("reads final collisions against the checklist's own depth, not the sanity list's 0.1 mm", () => {
    const input = derive(CLEAN, { finals: { '13-14': -0.32 } });
    expect(input.checklist.find((c) => c.id === 'final-collisions')!.status).toBe('fail');
    const lenient = DEFAULT_QA_CHECKLIST.map((c): QaCheck => (c.id === 'final-collisions' ? { ...c, maxDepthMm: 0.4 } : c));
    expect(runQaGate({ ...input, qaChecklist: lenient }).passed).toBe(true);
    const strict = DEFAULT_QA_CHECKLIST.map((c): QaCheck => (c.id === 'final-collisions' ? { ...c, maxDepthMm: 0.3 } : c));
    expect(runQaGate({ ...input, qaChecklist: strict }).failures).toEqual(['Final collision 13-14 (neighbours) 0.32 mm deep (at most 0.30 mm)']);
  });

  it('names upper-against-lower collisions and IPR the overlap still needs beyond the maximum', () => {
    const result = runQaGate(derive(CLEAN, { finals: { '13-43': -0.25, '11-12': -0.7 } }));
    expect(result.checks.find((c) => c.id === 'final-collisions')!.reasons).toEqual([
      'Final collision 11-12 (neighbours) 0.70 mm deep (at most 0.10 mm)',
      'Final collision 13-43 (upper against lower) 0.25 mm deep (at most 0.10 mm)',
    ]);
    expect(result.checks.find((c) => c.id === 'ipr-maximum')!.reasons).toEqual([
      "IPR 11-12 needs 0.7 mm (0 mm planned, 0.7 mm more for the overlap left), above the protocol's 0.5 mm per contact",
    ]);
  });

  it('words each attachment rule by the movement that asks for it; an attachment of any kind on the tooth meets it', () => {
    const moved = setPattern(setTargets(emptyPlan(), [
      { fdi: 11, movement: { ...zeroMovement(), extrusion: 0.6 } },
      { fdi: 22, movement: { ...zeroMovement(), torque: -9 } },
      { fdi: 26, movement: { ...zeroMovement(), mesial: -1.2 } },
    ]), 'posterior-first');
    const result = runQaGate({ ...derive(moved), qaChecklist: [{ id: 'attachments-where-needed', enabled: true }] });
    expect(result.failures).toEqual([
      "Tooth 11 extrudes 0.6 mm and has no attachment (the protocol's extrusion rule wants one from 0.5 mm)",
      "Tooth 13 anchors the upper molars' distalization and has no attachment (the protocol's anchorage rule wants one when molars move back 1 mm or more)",
      "Tooth 14 anchors the upper molars' distalization and has no attachment (the protocol's anchorage rule wants one when molars move back 1 mm or more)",
      "Tooth 15 anchors the upper molars' distalization and has no attachment (the protocol's anchorage rule wants one when molars move back 1 mm or more)",
      "Tooth 22 torques 9.0° and has no attachment (the protocol's root-control rule wants one from 8° of tip or torque)",
      "Tooth 23 anchors the upper molars' distalization and has no attachment (the protocol's anchorage rule wants one when molars move back 1 mm or more)",
      "Tooth 24 anchors the upper molars' distalization and has no attachment (the protocol's anchorage rule wants one when molars move back 1 mm or more)",
      "Tooth 25 anchors the upper molars' distalization and has no attachment (the protocol's anchorage rule wants one when molars move back 1 mm or more)",
    ]);
    const planners = setAttachments(moved, planRuleAttachments(moved, TEETH).map((a) => plannerAttachment(a.fdi, 'ellipsoid')));
    expect(runQaGate({ ...derive(planners), qaChecklist: [{ id: 'attachments-where-needed', enabled: true }] }).passed).toBe(true);
  });

  it('wants the attachment on for every aligner the movement needs it: bonded late or taken off early fails, with the aligners', () => {
    const only = [{ id: 'attachments-where-needed' as const, enabled: true }];
    const timed = (plan: Plan, placed: number, removed: number | null) => setAttachments(plan, plan.attachments.map((a) => ({ ...a, stagePlaced: placed, stageRemoved: removed })));
    // 13 rotates in aligners 1-3 (2° per aligner).
    expect(runQaGate({ ...derive(timed(CLEAN, 2, null)), qaChecklist: only }).failures).toEqual([
      "Tooth 13 moves 6.0° rotation in aligners 1-3, but its attachment is bonded only before aligner 2 (the protocol's rotation rule wants one from 5°)",
    ]);
    expect(runQaGate({ ...derive(timed(CLEAN, 0, 2)), qaChecklist: only }).failures).toEqual([
      "Tooth 13 moves 6.0° rotation in aligners 1-3, but its attachment is taken off after aligner 2 (the protocol's rotation rule wants one from 5°)",
    ]);
    expect(runQaGate({ ...derive(timed(CLEAN, 1, 3)), qaChecklist: only }).passed).toBe(true);

    // Anchorage is needed while the arch's molars move back (26: aligners 1-5), though the anchor itself stays put.
    const distalize = setPattern(setTargets(emptyPlan(), [{ fdi: 26, movement: { ...zeroMovement(), mesial: -1.2 } }]), 'posterior-first');
    const anchored = setAttachments(distalize, planRuleAttachments(distalize, TEETH).map((a) => ({ ...a, stageRemoved: a.fdi === 14 ? 3 : null })));
    expect(runQaGate({ ...derive(anchored), qaChecklist: only }).failures).toEqual([
      "Tooth 14 anchors the upper molars' distalization in aligners 1-5, but its attachment is taken off after aligner 3 (the protocol's anchorage rule wants one when molars move back 1 mm or more)",
    ]);
  });

  // Plans an auto-setup could make: moves within every sanity threshold, staged by a pattern, the rules' attachments applied.
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`passes a generated plan the rules attached (seed ${seed}), and fails it tooth by tooth once its attachments are gone`, () => {
      const rng = mulberry32(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
      const targets = TEETH.filter(() => rng() < 0.5).map((fdi) => {
        const molar = toothType(fdi) === 'molar';
        return {
          fdi,
          movement: {
            // Centrals keep their mesial place: a midline shift is a sanity warning, not what this draws.
            mesial: positionOf(fdi) === 1 ? 0 : uniform(rng, -1.5, 1), buccal: uniform(rng, -1, 1),
            extrusion: uniform(rng, -0.5, molar || positionOf(fdi) >= 4 ? 0.4 : 0.8),
            tip: uniform(rng, -9, 9), torque: uniform(rng, -9, 9), rotation: uniform(rng, -1, 1) * (molar ? 9 : 14),
          },
        };
      });
      const plan = applyAttachmentRules(setPattern(setTargets(emptyPlan(), targets), pick(STAGING_PATTERNS.filter((p) => p !== 'manual'))), TEETH);
      const result = runQaGate(derive(plan));
      expect(result.failures).toEqual([]);
      const wanted = planRuleAttachments(plan, TEETH).map((a) => a.fdi);
      const bare = runQaGate(derive(setAttachments(plan, [])));
      expect(bare.failures.map((f) => Number(/^Tooth (\d+) /.exec(f)?.[1]))).toEqual(wanted);
    });
  }
});

describe('sending a plan through the gate', () => {
  const failing = (): QaResult => runQaGate(derive(setAttachments(CLEAN, []), { present: DEFAULT_REQUIRED_RECORDS.filter((k) => k !== 'panoramic') }));
  const LINES = [
    "Tooth 13 moves 6.0° rotation and has no attachment (the protocol's rotation rule wants one from 5°)",
    'Missing records: panoramic radiograph',
  ];
  const on = (status: PipelineStatus) => ({ caseId: CASE, at: T0 + 60_000, actor: LEAD, status });

  it('is blocked by a failed gate, with its reasons', () => {
    expect(sendBlocked(failing())).toEqual(LINES);
  });

  it('refuses an override without a reason, and says so', () => {
    for (const reason of ['', '   ']) {
      expect(sendBlocked(failing(), { reason })).toEqual([QA_OVERRIDE_NEEDS_REASON, ...LINES]);
      expect(() => qaAuditInputs(failing(), on('qa'), { reason })).toThrow(QA_OVERRIDE_NEEDS_REASON);
    }
  });

  it('is let through by an override with a reason: checked and overridden events, then QA -> doctor review, on a chain that verifies', () => {
    const override = { reason: '  Panoramic taken 2026-02-20 at the referring clinic; 13 rotates with a button  ' };
    expect(sendBlocked(failing(), override)).toBeNull();
    const { events, status } = qaAuditInputs(failing(), on('qa'), override);
    expect(status).toBe('doctor-review');
    expect(events.map((e) => e.kind)).toEqual(['qa-checked', 'qa-overridden', 'status-changed']);
    const [checked, overridden, moved] = events;
    expect(checked).toEqual({ caseId: CASE, at: T0 + 60_000, actor: LEAD, kind: 'qa-checked', summary: 'QA: 2 failed', detail: { passed: false, failures: LINES.join('\n') } });
    const reason = 'Panoramic taken 2026-02-20 at the referring clinic; 13 rotates with a button';
    expect(overridden).toEqual({ caseId: CASE, at: T0 + 60_000, actor: LEAD, kind: 'qa-overridden', summary: `QA failure let through: ${reason}`, detail: { failures: LINES.join('\n'), reason } });
    expect(moved).toMatchObject({ kind: 'status-changed', detail: { from: 'qa', to: 'doctor-review', manual: false, work: 'plan-sent' } });

    const trail: AuditEvent[] = [appendEvent({ caseId: CASE, at: T0, actor: LEAD, kind: 'case-created', summary: 'Case created' }, [])];
    for (const e of events) trail.push(appendEvent(e, [trail[trail.length - 1]]));
    expect(verifyChain(trail)).toMatchObject({ ok: true, problems: [] });
    expect(qaFailuresOf(trail[1])).toEqual(LINES);
    expect(qaFailuresOf(trail[2])).toEqual(LINES);
  });

  it('sends a passed plan (planning or QA -> doctor review); a failed one goes back from QA to planning, and stays in planning', () => {
    const passed = runQaGate(derive(CLEAN));
    for (const from of ['qa', 'planning'] as const) {
      const { events, status } = qaAuditInputs(passed, on(from), { reason: 'not needed' });
      expect(status).toBe('doctor-review');
      expect(events.map((e) => [e.kind, e.detail])).toEqual([
        ['qa-checked', { passed: true, failures: '' }],
        ['status-changed', { from, to: 'doctor-review', manual: false, work: 'plan-sent' }],
      ]);
      expect(events[0].summary).toBe('QA passed');
    }
    const back = qaAuditInputs(failing(), on('qa'));
    expect(back.status).toBe('planning');
    expect(back.events.map((e) => [e.kind, e.detail])).toEqual([
      ['qa-checked', { passed: false, failures: LINES.join('\n') }],
      ['status-changed', { from: 'qa', to: 'planning', manual: false, work: 'qa-failed' }],
    ]);
    const stays = qaAuditInputs(failing(), on('planning'));
    expect(stays).toEqual({ status: 'planning', events: [back.events[0]] });
  });
});
