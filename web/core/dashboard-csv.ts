// The dashboard as one CSV file for a spreadsheet: a section per figure, each a title line,
// a header and its rows, sections parted by an empty line. One file rather than several, so
// the export is one download in the studio and one redirect from the CLI.
import { csv, type CsvCell } from './csv.ts';
import { PIPELINE_STATUSES } from './case-pipeline.ts';
import type { Dashboard, GroupFigures, Spread } from './dashboard.ts';

const SPREAD = ['median_days', 'p90_days'];
const spreadCells = (s: Spread): CsvCell[] => [s.count, s.medianDays, s.p90Days];
const iso = (at: number) => new Date(at).toISOString();

function section(title: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return csv([title], []) + csv(header, rows);
}

function groupSections(what: 'clinic' | 'doctor', groups: readonly GroupFigures[]): string[] {
  return [
    section(`By ${what}`, [
      what, 'cases', ...PIPELINE_STATUSES,
      'records_to_plan_sent_cases', ...SPREAD.map((h) => `records_to_plan_sent_${h}`),
      'plan_sent_to_approval_cases', ...SPREAD.map((h) => `plan_sent_to_approval_${h}`),
    ], groups.map((g) => [g.name, g.cases, ...g.byStatus.map((s) => s.cases), ...spreadCells(g.recordsToPlanSent), ...spreadCells(g.planSentToApproval)])),
    section(`Time in status by ${what} (days; stays that ended)`, [what, 'status', 'stays', ...SPREAD],
      groups.flatMap((g) => g.timeInStatus.map((t) => [g.name, t.label, ...spreadCells(t)]))),
  ];
}

export function dashboardCsv(d: Dashboard): string {
  return [
    section('Turnaround dashboard', ['as_of', 'cases'], [[iso(d.at), d.cases]]),
    section('Cases by status', ['status', 'cases'], d.byStatus.map((s) => [s.label, s.cases])),
    section('Time in status (days; stays that ended)', ['status', 'stays', ...SPREAD], d.timeInStatus.map((t) => [t.label, ...spreadCells(t)])),
    section('Turnaround (days)', ['from_to', 'cases', ...SPREAD], [
      ['records complete to plan sent', ...spreadCells(d.recordsToPlanSent)],
      ['plan sent to approval', ...spreadCells(d.planSentToApproval)],
    ]),
    ...groupSections('clinic', d.byClinic),
    ...groupSections('doctor', d.byDoctor),
    section('Waiting longest for a plan (dropout risk = 1 - 0.98^days)', ['case', 'pseudonym', 'clinic', 'doctor', 'status', 'waiting_since', 'days', 'dropout_risk'],
      d.waiting.map((w) => [w.id, w.pseudonym, w.clinic, w.doctor, w.label, iso(w.since), w.days, w.dropoutRisk])),
    section('QA failure reasons', ['reason', 'failures', 'overridden'], d.qaFailures.map((q) => [q.reason, q.failures, q.overridden])),
  ].join('\r\n');
}
