// The dashboard's figures on DASHBOARD_SCRIPT (fixtures/pipeline-cases.ts), read at day 60;
// every expected number is worked out by hand from that table, in the comments.
import { describe, expect, it } from 'vitest';
import { PIPELINE_STATUSES } from './case-pipeline.ts';
import { dashboard, dropoutRisk, percentile, uniteCases, type Figures, type Spread } from './dashboard.ts';
import { dashboardCsv } from './dashboard-csv.ts';
import { DASHBOARD_SCRIPT, DAY, generateCases, T0 } from './fixtures/pipeline-cases.ts';

const SEED = 2016;
const NOW = T0 + 60 * DAY;
const spread = (count: number, medianDays: number | null = null, p90Days: number | null = null): Spread => ({ count, medianDays, p90Days });
const counts = (f: Figures) => Object.fromEntries(f.byStatus.filter((s) => s.cases > 0).map((s) => [s.status, s.cases]));
const times = (f: Figures) => Object.fromEntries(f.timeInStatus.filter((t) => t.count > 0).map(({ status, count, medianDays, p90Days }) => [status, spread(count, medianDays, p90Days)]));

describe('percentile: linear interpolation between the sorted values (type 7)', () => {
  it('interpolates where nearest rank would jump to a value', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    // Nearest rank would give the 6th value, 10.
    expect(percentile([1, 2, 3, 4, 5, 10], 0.9)).toBe(7.5);
    expect(percentile([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 0.9)).toBe(9);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('dropout risk is 1 - 0.98^days, to four places', () => {
    expect([0, 1, 15, 50, -3].map(dropoutRisk)).toEqual([0, 0.02, 0.2614, 0.6358, 0]);
  });
});

describe(`dashboard of seven generated cases at day 60 (seed ${SEED})`, () => {
  const cases = generateCases(DASHBOARD_SCRIPT, SEED);
  const d = dashboard(cases, NOW);

  it('counts the cases by their status now', () => {
    expect(d.at).toBe(NOW);
    expect(d.cases).toBe(7);
    expect(d.byStatus.map((s) => s.status)).toEqual(PIPELINE_STATUSES);
    // c5 new; c7 records complete; c4 and c6 (refinement) planning; c3 in review; c2 approved; c1 in treatment.
    expect(counts(d)).toEqual({ 'new': 1, 'records-complete': 1, 'planning': 2, 'doctor-review': 1, 'approved': 1, 'in-treatment': 1 });
    expect(d.byStatus[4]).toEqual({ status: 'doctor-review', label: 'Doctor review', cases: 1 });
  });

  it('times each status over the stays that ended: median and 90th percentile in days', () => {
    expect(times(d)).toEqual({
      // [1, 1, 1.25, 2, 2, 5]: median 1.25 + 0.5 * 0.75 = 1.625, shown 1.63; p90 at 4.5: 2 + 0.5 * 3.
      'new': spread(6, 1.63, 3.5),
      // [0, 1, 1, 2, 8]: p90 at 3.6: 2 + 0.6 * 6.
      'records-complete': spread(5, 1, 5.6),
      // [1, 2, 2, 2, 2, 2, 3] (c2 three times, c3 twice): p90 at 5.4: 2 + 0.4 * 1.
      'planning': spread(7, 2, 2.4),
      // [1, 1, 1, 1, 1, 2].
      'qa': spread(6, 1, 1.5),
      // [1, 1, 2, 4]: median at 1.5; p90 at 2.7: 2 + 0.7 * 2.
      'doctor-review': spread(4, 1.5, 3.4),
      'approved': spread(2, 1, 1),
      // [4, 7]: p90 at 0.9: 4 + 0.9 * 3.
      'manufacturing': spread(2, 5.5, 6.7),
      'in-treatment': spread(1, 30, 30),
      'finished': spread(1, 5, 5),
    });
    expect(d.timeInStatus[0]).toEqual({ status: 'new', label: 'New', ...spread(6, 1.63, 3.5) });
  });

  it('measures records complete to plan sent, and plan sent to approval', () => {
    // c1 2->6, c2 2->12, c3 10->15, c6 1->4: [3, 4, 5, 10]; c4 and c7 not sent yet.
    expect(d.recordsToPlanSent).toEqual(spread(4, 4.5, 8.5));
    // c1 6->8, c2 12->20 (from the first time it was sent), c6 4->5: [1, 2, 8].
    expect(d.planSentToApproval).toEqual(spread(3, 2, 6.8));
  });

  it('gives the same figures by clinic, a case without one under "(no clinic)"', () => {
    expect(d.byClinic.map((g) => [g.name, g.cases])).toEqual([['(no clinic)', 1], ['North', 3], ['South', 3]]);
    const [none, north, south] = d.byClinic;
    expect(counts(none)).toEqual({ 'records-complete': 1 });
    expect(times(none)).toEqual({ new: spread(1, 1.25, 1.25) });
    expect([none.recordsToPlanSent, none.planSentToApproval]).toEqual([spread(0), spread(0)]);
    expect(counts(north)).toEqual({ 'doctor-review': 1, 'approved': 1, 'in-treatment': 1 });
    // [4, 5, 10]: p90 at 1.8: 5 + 0.8 * 5; [2, 8]: p90 at 0.9: 2 + 0.9 * 6.
    expect([north.recordsToPlanSent, north.planSentToApproval]).toEqual([spread(3, 5, 9), spread(2, 5, 7.4)]);
    // [1, 2, 2, 2, 2, 3].
    expect(times(north).planning).toEqual(spread(6, 2, 2.5));
    expect(counts(south)).toEqual({ new: 1, planning: 2 });
    expect([south.recordsToPlanSent, south.planSentToApproval]).toEqual([spread(1, 3, 3), spread(1, 1, 1)]);
  });

  it('and by doctor', () => {
    expect(d.byDoctor.map((g) => [g.name, g.cases])).toEqual([['(no doctor)', 1], ['Dr Ames', 2], ['Dr Baker', 2], ['Dr Cole', 2]]);
    const turnaround = d.byDoctor.map((g) => [g.recordsToPlanSent, g.planSentToApproval]);
    expect(turnaround).toEqual([
      [spread(0), spread(0)],
      // [4, 10]: p90 4 + 0.9 * 6; [2, 8].
      [spread(2, 7, 9.4), spread(2, 5, 7.4)],
      [spread(1, 5, 5), spread(0)],
      [spread(1, 3, 3), spread(1, 1, 1)],
    ]);
    expect(counts(d.byDoctor[2])).toEqual({ planning: 1, 'doctor-review': 1 });
  });

  it('lists the cases waiting longest for an approved plan, with their dropout risk', () => {
    // c3 since records complete on day 10; c4 since day 12; c7 since day 31.25; c6 since its refinement on day 45.
    expect(d.waiting.map((w) => [w.id, w.status, (w.since - T0) / DAY, w.days, w.dropoutRisk])).toEqual([
      ['c3', 'doctor-review', 10, 50, 0.6358],
      ['c4', 'planning', 12, 48, 0.6208],
      ['c7', 'records-complete', 31.25, 28.75, 0.4406],
      ['c6', 'planning', 45, 15, 0.2614],
    ]);
    expect(d.waiting[0]).toEqual({
      id: 'c3', pseudonym: 'Patient 3', clinic: 'North', doctor: 'Dr Baker', status: 'doctor-review', label: 'Doctor review',
      since: T0 + 10 * DAY, days: 50, dropoutRisk: 0.6358,
    });
    expect(dashboard(cases, NOW, { longest: 2 }).waiting.map((w) => w.id)).toEqual(['c3', 'c4']);
  });

  it('counts QA failure reasons, most frequent first, and how often each was let through', () => {
    expect(d.qaFailures).toEqual([
      { reason: 'IPR above maximum', failures: 2, overridden: 0 },
      { reason: 'Root parallelism', failures: 1, overridden: 1 },
      { reason: 'Attachments missing', failures: 1, overridden: 0 },
    ]);
  });

  it('is the same whatever the seed drew (naming, noise events)', () => {
    for (const seed of [1, 99]) expect(dashboard(generateCases(DASHBOARD_SCRIPT, seed), NOW)).toEqual(d);
  });

  it('as it stood on day 11: later cases and events left out', () => {
    const then = dashboard(cases, T0 + 11 * DAY);
    expect(then.cases).toBe(5);
    expect(counts(then)).toEqual({ new: 1, planning: 1, qa: 1, manufacturing: 1, 'in-treatment': 1 });
    expect(then.waiting.map((w) => [w.id, w.days, w.dropoutRisk])).toEqual([['c2', 9, 0.1663], ['c3', 1, 0.02]]);
    expect(then.qaFailures.map((q) => [q.reason, q.failures])).toEqual([['Attachments missing', 1], ['IPR above maximum', 1]]);
    // c1 6->8 and c6 4->5: [1, 2]; c2 is sent only on day 12.
    expect(then.planSentToApproval).toEqual(spread(2, 1.5, 1.9));
  });

  it('counts a case once when it comes in several copies, their trails united', () => {
    const c2 = cases[1];
    const early = { ...c2, pseudonym: 'Old name', audit: c2.audit.slice(0, 6) };
    const united = uniteCases([early, ...cases]);
    expect(united.map((c) => c.id)).toEqual(['c2', 'c1', 'c3', 'c4', 'c5', 'c6', 'c7']);
    expect(united[0].pseudonym).toBe('Patient 2');
    expect(dashboard(united, NOW)).toEqual(d);
    expect(dashboard(uniteCases([...cases, early]), NOW).byStatus).toEqual(d.byStatus);
  });

  it('exports every figure as CSV sections', () => {
    const sections = dashboardCsv(d).split('\r\n\r\n');
    expect(sections.map((s) => s.split('\r\n')[0])).toEqual([
      'Turnaround dashboard', 'Cases by status', 'Time in status (days; stays that ended)', 'Turnaround (days)',
      'By clinic', 'Time in status by clinic (days; stays that ended)', 'By doctor', 'Time in status by doctor (days; stays that ended)',
      'Waiting longest for a plan (dropout risk = 1 - 0.98^days)', 'QA failure reasons',
    ]);
    expect(sections[0]).toBe('Turnaround dashboard\r\nas_of,cases\r\n2026-03-06T00:00:00.000Z,7');
    expect(sections[1]).toBe('Cases by status\r\nstatus,cases\r\nNew,1\r\nRecords complete,1\r\nPlanning,2\r\nQA,0\r\nDoctor review,1\r\nApproved,1\r\nManufacturing,0\r\nIn treatment,1\r\nFinished,0');
    expect(sections[2].split('\r\n').slice(1, 3)).toEqual(['status,stays,median_days,p90_days', 'New,6,1.63,3.5']);
    expect(sections[3]).toBe('Turnaround (days)\r\nfrom_to,cases,median_days,p90_days\r\nrecords complete to plan sent,4,4.5,8.5\r\nplan sent to approval,3,2,6.8');
    expect(sections[4].split('\r\n').slice(1)).toEqual([
      `clinic,cases,${PIPELINE_STATUSES.join(',')},records_to_plan_sent_cases,records_to_plan_sent_median_days,records_to_plan_sent_p90_days,plan_sent_to_approval_cases,plan_sent_to_approval_median_days,plan_sent_to_approval_p90_days`,
      '(no clinic),1,0,1,0,0,0,0,0,0,0,0,,,0,,',
      'North,3,0,0,0,0,1,1,0,1,0,3,5,9,2,5,7.4',
      'South,3,1,0,2,0,0,0,0,0,0,1,3,3,1,1,1',
    ]);
    expect(sections[5].split('\r\n')).toContain('North,Planning,6,2,2.5');
    expect(sections[8]).toBe([
      'Waiting longest for a plan (dropout risk = 1 - 0.98^days)',
      'case,pseudonym,clinic,doctor,status,waiting_since,days,dropout_risk',
      'c3,Patient 3,North,Dr Baker,Doctor review,2026-01-15T00:00:00.000Z,50,0.6358',
      'c4,Patient 4,South,Dr Baker,Planning,2026-01-17T00:00:00.000Z,48,0.6208',
      'c7,Patient 7,,,Records complete,2026-02-05T06:00:00.000Z,28.75,0.4406',
      'c6,Patient 6,South,Dr Cole,Planning,2026-02-19T00:00:00.000Z,15,0.2614',
    ].join('\r\n'));
    expect(sections[9]).toBe('QA failure reasons\r\nreason,failures,overridden\r\nIPR above maximum,2,0\r\nRoot parallelism,1,1\r\nAttachments missing,1,0\r\n');
  });
});

