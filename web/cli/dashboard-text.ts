// The dashboard (core/dashboard.ts) as text tables for a terminal: what `dashboard` prints
// without --json. Days to the tenth here (the JSON and the CSV carry the hundredth).
import type { Dashboard, GroupFigures, Spread } from '../core/dashboard.ts';

type Cell = string | number;

const NUMBER = /^(-|-?\d+(\.\d+)?%?)$/;

/** Columns padded to their widest cell; a column of numbers (or '-') right-aligned, text left. */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => NUMBER.test(String(r[i]))));
  return all.map((r) => `  ${r.map((c, i) => (numeric[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ')}`.trimEnd());
}

const days = (x: number | null): Cell => (x === null ? '-' : x.toFixed(1));
const spreadCells = (s: Spread): Cell[] => [s.count, days(s.medianDays), days(s.p90Days)];
const when = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function groupTable(what: string, groups: readonly GroupFigures[]): string[] {
  return [
    `By ${what} (days; sent: records complete -> plan sent; approved: plan sent -> approval)`,
    ...table([what, 'cases', 'sent', 'median', 'p90', 'approved', 'median', 'p90'],
      groups.map((g) => [g.name, g.cases, ...spreadCells(g.recordsToPlanSent), ...spreadCells(g.planSentToApproval)])),
  ];
}

/** `source` says where the cases came from: "7 packages in ./cases". */
export function dashboardText(d: Dashboard, source: string): string[] {
  return [
    `Turnaround dashboard: ${d.cases} case${d.cases === 1 ? '' : 's'} from ${source}, as of ${when(d.at)}`,
    'Days are calendar days; median and 90th percentile interpolate linearly between cases.',
    '',
    'Cases by status',
    ...table(['status', 'cases'], d.byStatus.map((s) => [s.label, s.cases])),
    '',
    'Time in status (days, stays that ended)',
    ...table(['status', 'stays', 'median', 'p90'], d.timeInStatus.map((t) => [t.label, ...spreadCells(t)])),
    '',
    'Turnaround (days)',
    ...table(['from -> to', 'cases', 'median', 'p90'], [
      ['records complete -> plan sent', ...spreadCells(d.recordsToPlanSent)],
      ['plan sent -> approval', ...spreadCells(d.planSentToApproval)],
    ]),
    '',
    ...groupTable('clinic', d.byClinic),
    '',
    ...groupTable('doctor', d.byDoctor),
    '',
    'Waiting longest for an approved plan (estimated dropout risk 1 - 0.98^days)',
    ...(d.waiting.length === 0 ? ['  none'] : table(['case', 'pseudonym', 'clinic', 'doctor', 'status', 'since', 'days', 'risk'],
      d.waiting.map((w) => [w.id, w.pseudonym, w.clinic || '-', w.doctor || '-', w.label, when(w.since).slice(0, 10), days(w.days), `${(w.dropoutRisk * 100).toFixed(1)}%`]))),
    '',
    'QA failure reasons',
    ...(d.qaFailures.length === 0 ? ['  none'] : table(['reason', 'failures', 'let through'], d.qaFailures.map((q) => [q.reason, q.failures, q.overridden]))),
  ];
}
