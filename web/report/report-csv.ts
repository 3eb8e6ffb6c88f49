// The report's tables as CSV for spreadsheets and lab systems: numbers as numbers (no units in
// the cells; the header names them), one row per tooth or contact. The attachment chart is the
// one the models export writes (manufacture/model-files.ts), so a lab gets the same file twice.
import { csv } from '../core/csv.ts';
import { attachmentChartCsv } from '../manufacture/model-files.ts';
import type { ReportPlan } from './report-data.ts';

const round = (v: number, digits: number) => Number(v.toFixed(digits));

export function movementsCsv(derived: ReportPlan): string {
  return csv(['tooth', 'arch', 'mesial_mm', 'buccal_mm', 'extrusion_mm', 'tip_deg', 'torque_deg', 'rotation_deg', 'first_aligner', 'last_aligner', 'stages_needed'],
    derived.movements.map((m) => [
      m.fdi, m.jaw, round(m.final.mesial, 2), round(m.final.buccal, 2), round(m.final.extrusion, 2), round(m.final.tip, 1), round(m.final.torque, 1), round(m.final.rotation, 1),
      m.active > 0 ? m.start + 1 : null, m.active > 0 ? m.start + m.active : null, m.required,
    ]));
}

/** IPR at stage s is done after aligner s: before aligner s + 1. */
export function iprCsv(derived: ReportPlan): string {
  return csv(['tooth_a', 'tooth_b', 'amount_mm', 'after_aligner', 'before_aligner'],
    [...derived.plan.ipr].sort((a, b) => a.stage - b.stage || a.a - b.a).map((i) => [Math.min(i.a, i.b), Math.max(i.a, i.b), round(i.amountMm, 2), i.stage, i.stage + 1]));
}

export function attachmentsCsv(derived: ReportPlan): string {
  return attachmentChartCsv(derived.plan.attachments);
}

export function reportCsvs(derived: ReportPlan): { name: string; text: string }[] {
  return [
    { name: 'movements.csv', text: movementsCsv(derived) },
    { name: 'ipr.csv', text: iprCsv(derived) },
    { name: 'attachments.csv', text: attachmentsCsv(derived) },
  ];
}
