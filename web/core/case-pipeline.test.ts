import { describe, expect, it } from 'vitest';
import { appendEvent, headsOf, verifyChain, type AuditEvent } from './audit.ts';
import {
  automaticTransition, isWorkTransition, manualTransitionProblem, PIPELINE_STATUSES, pipelineStatusOf, qaCheckedDetail, qaFailuresOf,
  qaOverriddenDetail, readStatus, readTransition, statusChangeEvent, statusTimeline, STATUS_LABELS, type PipelineWork,
} from './case-pipeline.ts';
import { DASHBOARD_SCRIPT, DAY, generateCases, generateTrail, LEAD, PLANNER, T0 } from './fixtures/pipeline-cases.ts';

const SEED = 1616;
const day = (d: number) => T0 + d * DAY;

/** The stays as [status, from day, to day or null], with the reason of a manual entry. */
function days(events: AuditEvent[], createdAt: number) {
  return statusTimeline(events, createdAt).map((s) => [s.status, (s.from - T0) / DAY, s.to === null ? null : (s.to - T0) / DAY, ...(s.manual ? [s.reason] : [])]);
}

describe('statuses', () => {
  it('are listed in the order of the work, each with a plain label', () => {
    expect(PIPELINE_STATUSES.map((s) => STATUS_LABELS[s])).toEqual([
      'New', 'Records complete', 'Planning', 'QA', 'Doctor review', 'Approved', 'Manufacturing', 'In treatment', 'Finished',
    ]);
  });

  it('map every stored (legacy) status, and read either naming', () => {
    expect((['new', 'records', 'planning', 'review', 'approved', 'archived'] as const).map(pipelineStatusOf)).toEqual(['new', 'records-complete', 'planning', 'doctor-review', 'approved', 'finished']);
    expect(['records', 'review', 'archived', 'qa', 'in-treatment'].map(readStatus)).toEqual(['records-complete', 'doctor-review', 'finished', 'qa', 'in-treatment']);
    expect([undefined, 3, 'Planning', 'done', ''].map(readStatus)).toEqual([null, null, null, null, null]);
  });
});

describe('transitions', () => {
  const moves = (work: PipelineWork) => Object.fromEntries(PIPELINE_STATUSES.map((s) => [s, automaticTransition(s, work)]).filter(([, to]) => to !== null));

  it('the work moves a case forward, and only from where that work happens', () => {
    expect(moves('records-complete')).toEqual({ new: 'records-complete' });
    expect(moves('plan-started')).toEqual({ 'new': 'planning', 'records-complete': 'planning' });
    expect(moves('approval-void')).toEqual({ approved: 'planning' });
    expect(moves('qa-submitted')).toEqual({ planning: 'qa' });
    expect(moves('qa-failed')).toEqual({ qa: 'planning' });
    expect(moves('plan-sent')).toEqual({ planning: 'doctor-review', qa: 'doctor-review' });
    expect(moves('approved')).toEqual({ planning: 'approved', qa: 'approved', 'doctor-review': 'approved' });
    expect(moves('manufacturing-started')).toEqual({ approved: 'manufacturing' });
    expect(moves('treatment-started')).toEqual({ manufacturing: 'in-treatment' });
    expect(moves('treatment-finished')).toEqual({ 'in-treatment': 'finished' });
  });

  it('changes requested send the plan back to planning; a refinement re-enters planning from treatment or after it', () => {
    expect(moves('changes-requested')).toEqual({ qa: 'planning', 'doctor-review': 'planning' });
    expect(moves('refinement')).toEqual({ 'in-treatment': 'planning', finished: 'planning' });
    expect(isWorkTransition('finished', 'planning')).toBe(true);
    expect(isWorkTransition('doctor-review', 'planning')).toBe(true);
    expect(isWorkTransition('new', 'approved')).toBe(false);
    expect(isWorkTransition('approved', 'doctor-review')).toBe(false);
  });

  it('a manual change needs a reason (blank is none) and a different status', () => {
    expect(manualTransitionProblem('approved', 'planning', '')).toBe('Moving the case from Approved to Planning by hand needs a reason: it is kept in the audit trail.');
    expect(manualTransitionProblem('approved', 'planning', '  \n')).toMatch(/needs a reason/);
    expect(manualTransitionProblem('qa', 'qa', 'because')).toBe('The case is already QA.');
    expect(manualTransitionProblem('new', 'finished', 'Patient moved abroad')).toBeNull();
  });

  it('is written as a status-changed event with from, to, manual and the work or the reason, and read back', () => {
    const on = { caseId: 'c9', at: day(3), actor: LEAD };
    const manual = statusChangeEvent({ from: 'new', to: 'finished', manual: true, reason: ' Patient moved abroad ' }, on);
    expect(manual).toEqual({ ...on, kind: 'status-changed', summary: 'Status: New -> Finished (by hand: Patient moved abroad)', detail: { from: 'new', to: 'finished', manual: true, reason: 'Patient moved abroad' } });
    const sent = statusChangeEvent({ from: 'qa', to: 'doctor-review', manual: false, work: 'plan-sent' }, on);
    expect(sent.summary).toBe('Status: QA -> Doctor review (plan sent for review)');
    expect(sent.detail).toEqual({ from: 'qa', to: 'doctor-review', manual: false, work: 'plan-sent' });
    expect(readTransition(appendEvent(manual, []))).toEqual({ at: day(3), from: 'new', to: 'finished', manual: true, reason: 'Patient moved abroad' });
    expect(readTransition(appendEvent(sent, []))).toEqual({ at: day(3), from: 'qa', to: 'doctor-review', manual: false });
  });

  it('refuses to write a manual change without a reason, or a move the work does not make', () => {
    const on = { caseId: 'c9', at: day(3), actor: PLANNER };
    expect(() => statusChangeEvent({ from: 'approved', to: 'planning', manual: true, reason: ' ' }, on)).toThrow('needs a reason');
    expect(() => statusChangeEvent({ from: 'new', to: 'approved', manual: false, work: 'approved' }, on)).toThrow('plan approved does not move a case from New -> Approved');
  });
});

describe(`status timeline from generated audit trails (seed ${SEED})`, () => {
  const cases = generateCases(DASHBOARD_SCRIPT, SEED);
  const of = (id: string) => cases.find((c) => c.id === id)!;

  it('writes trails that verify, in both namings', () => {
    for (const c of cases) expect(verifyChain(c.audit).ok).toBe(true);
    const names = cases.flatMap((c) => c.audit.filter((e) => e.kind === 'status-changed').map((e) => String(e.detail!.to)));
    expect(names).toContain('records');
    expect(names).toContain('records-complete');
  });

  it('follows QA failures and changes requested back to planning', () => {
    const c = of('c2');
    expect(days(c.audit, c.createdAt)).toEqual([
      ['new', 1, 2], ['records-complete', 2, 4], ['planning', 4, 7], ['qa', 7, 8], ['planning', 8, 10], ['qa', 10, 12],
      ['doctor-review', 12, 13], ['planning', 13, 15], ['qa', 15, 16], ['doctor-review', 16, 20], ['approved', 20, null],
    ]);
  });

  it('records a manual move with its reason', () => {
    const c = of('c4');
    expect(days(c.audit, c.createdAt)).toEqual([['new', 10, 12], ['records-complete', 12, 20], ['planning', 20, null, 'Started by hand after the scans were re-checked']]);
  });

  it('re-enters planning for a refinement after treatment', () => {
    const c = of('c6');
    expect(days(c.audit, c.createdAt)).toEqual([
      ['new', 0, 1], ['records-complete', 1, 2], ['planning', 2, 4], ['doctor-review', 4, 5], ['approved', 5, 6],
      ['manufacturing', 6, 10], ['in-treatment', 10, 40], ['finished', 40, 45], ['planning', 45, null],
    ]);
  });

  it('is the same whichever naming and noise the seed drew', () => {
    for (const s of [1, 2, 3]) {
      const again = generateCases(DASHBOARD_SCRIPT, s);
      again.forEach((c, i) => expect(statusTimeline(c.audit, c.createdAt)).toEqual(statusTimeline(cases[i].audit, cases[i].createdAt)));
    }
  });

  it('leaves a case that never moved where it was made', () => {
    const c = of('c5');
    expect(days(c.audit, c.createdAt)).toEqual([['new', 20, null]]);
  });
});

describe('status timeline edge cases', () => {
  const change = (trail: AuditEvent[], at: number, from: string, to: string, caseId = 'c9') =>
    [...trail, appendEvent({ caseId, at, actor: PLANNER, kind: 'status-changed', summary: `Status: ${from} -> ${to}`, detail: { from, to } }, headsOf(trail))];

  it('starts in the status the first change left (a case made before statuses were audited)', () => {
    const t = change([], day(5), 'records', 'planning');
    expect(days(t, day(0))).toEqual([['records-complete', 0, 5], ['planning', 5, null]]);
  });

  it('keeps a line in order when a clock was behind (zero-length stays), and ignores a change to the same status', () => {
    let t = change([], day(5), 'new', 'planning');
    t = change(t, day(4), 'planning', 'review');
    t = change(t, day(6), 'review', 'doctor-review');
    t = change(t, day(7), 'unknown', 'approved');
    expect(days(t, day(0))).toEqual([['new', 0, 5], ['planning', 5, 5], ['doctor-review', 5, 7], ['approved', 7, null]]);
    expect(days(change([], day(-1), 'new', 'records'), day(0))).toEqual([['new', 0, 0], ['records-complete', 0, null]]);
  });

  it('reads a merged trail in time order, whichever branch an event is on', () => {
    const base = change([], day(1), 'new', 'records');
    const planner = change(base, day(3), 'records', 'planning');
    const doctor = change(base, day(2), 'records', 'review');
    const merged = [...planner, doctor[1]];
    expect(days(merged, day(0))).toEqual([['new', 0, 1], ['records-complete', 1, 2], ['doctor-review', 2, 3], ['planning', 3, null]]);
  });

  it('skips events that are no status change or name an unknown status', () => {
    const t = change(generateTrail({ id: 'c9', pseudonym: 'P', clinic: '', doctor: '', createdDay: 0, steps: [] }, 7), day(2), 'new', 'somewhere');
    expect(days(t, day(0))).toEqual([['new', 0, null]]);
  });
});

describe('QA details', () => {
  it('one line per failed item, trimmed and once; passed when none', () => {
    expect(qaCheckedDetail([' IPR above maximum ', 'Root parallelism', 'IPR above maximum', ''])).toEqual({ passed: false, failures: 'IPR above maximum\nRoot parallelism' });
    expect(qaCheckedDetail([])).toEqual({ passed: true, failures: '' });
  });

  it('are read back from qa-checked and qa-overridden events only', () => {
    const ev = (kind: 'qa-checked' | 'qa-overridden' | 'comment-added', detail: Record<string, string | boolean>) =>
      appendEvent({ caseId: 'c9', at: day(1), actor: LEAD, kind, summary: 'QA', detail }, []);
    expect(qaFailuresOf(ev('qa-checked', qaCheckedDetail(['A', 'B'])))).toEqual(['A', 'B']);
    expect(qaFailuresOf(ev('qa-checked', qaCheckedDetail([])))).toEqual([]);
    expect(qaFailuresOf(ev('qa-overridden', qaOverriddenDetail(['A'], 'Accepted by Dr Doe')))).toEqual(['A']);
    expect(qaFailuresOf(ev('comment-added', { failures: 'A' }))).toEqual([]);
    expect(() => qaOverriddenDetail(['A'], '  ')).toThrow('needs a reason');
  });
});
