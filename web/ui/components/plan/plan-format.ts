// Wording and number handling shared by the plan panels: typed values as planners type
// them (a decimal comma is common in the clinics we serve), stage and duration wording,
// and the space / Bolton lines of the auto-setup card. Pure, so Node tests cover it.
import type { BoltonRatio } from '../../../geometry/setup/analysis.ts';

// Worded once for the screen and the printed report (web/report).
export { durationText, iprTimingText } from '../../../core/plan-wording.ts';

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

export interface ParseRules {
  min?: number;
  max?: number;
  integer?: boolean;
  /** Names the value in the message, e.g. "Wear days". */
  label?: string;
}

const NUMBER_RE = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** A typed number: "1,5", "-0.3", "+2", " .5 " are fine; junk is refused with a message (the caller keeps its old value). */
export function parseNumber(text: string, rules: ParseRules = {}): Parsed {
  const label = rules.label ?? 'Value';
  const s = text.trim().replace(/\u2212/g, '-');
  if (!NUMBER_RE.test(s)) return { ok: false, message: `${label}: “${text.trim()}” is not a number` };
  const value = Number(s.replace(',', '.')) + 0;
  if (rules.integer && !Number.isInteger(value)) return { ok: false, message: `${label} must be a whole number` };
  if (rules.min !== undefined && value < rules.min) return { ok: false, message: `${label} must be at least ${rules.min}` };
  if (rules.max !== undefined && value > rules.max) return { ok: false, message: `${label} must be at most ${rules.max}` };
  return { ok: true, value };
}

/** Fixed decimals without a "-0.0". */
export function formatFixed(value: number, decimals: number): string {
  const s = value.toFixed(decimals);
  return Number(s) === 0 ? (0).toFixed(decimals) : s;
}

/** Signed with a plus for movements ("+1.5", "-0.3", "0.0"). */
export function formatSigned(value: number, decimals = 1): string {
  const s = formatFixed(value, decimals);
  return Number(s) > 0 ? `+${s}` : s;
}

/** What an input shows for a stored value: short, no trailing zeros beyond what matters. */
export function inputText(value: number, decimals = 2): string {
  return String(Number(formatFixed(value, decimals)));
}

/** "Template (stage 0)", "Stage 3 of 12", "Final (stage 12)". */
export function stageLabel(stage: number, stageCount: number): string {
  const last = Math.max(0, stageCount - 1);
  if (stage <= 0) return 'Template (stage 0)';
  if (stage >= last) return `Final (stage ${last})`;
  return `Stage ${stage} of ${last}`;
}

export function alignerCountText(n: number): string {
  return n === 1 ? '1 aligner' : `${n} aligners`;
}


/** Arch length discrepancy in words: negative is crowding. */
export function discrepancyText(discrepancyMm: number): string {
  if (Math.abs(discrepancyMm) < 0.05) return 'no crowding or spacing';
  return discrepancyMm < 0 ? `crowding of ${formatFixed(-discrepancyMm, 1)} mm` : `spacing of ${formatFixed(discrepancyMm, 1)} mm`;
}

/** "78.4% (norm 77.2%): lower excess 0.6 mm". */
export function boltonText(r: BoltonRatio | null): string {
  if (!r) return 'not measured (a tooth is missing)';
  const head = `${formatFixed(r.ratioPercent, 1)}% (norm ${r.normPercent}%)`;
  if (r.excessArch === 'none' || r.excessMm < 0.05) return `${head}: balanced`;
  return `${head}: ${r.excessArch} excess ${formatFixed(r.excessMm, 1)} mm`;
}
