// One sanity check as every reader shows it (core/sanity.ts), and the way its details write
// amounts: one decimal, with the unit, so a planner reads "0.8 mm" and "14.0°" everywhere.

export type SanityStatus = 'pass' | 'warn' | 'fail';

export interface SanityCheck {
  id: string;
  /** What is checked, as a heading. */
  label: string;
  status: SanityStatus;
  /** What was found, in plain words: teeth by FDI, amounts with units, the threshold. */
  detail: string;
}

/** A check; its detail reads as a sentence, so it starts with a capital. */
export function check(id: string, label: string, status: SanityStatus, detail: string): SanityCheck {
  return { id, label, status, detail: detail.charAt(0).toUpperCase() + detail.slice(1) };
}

/** Without a "-0.0" for an amount that rounds to zero. */
const fixed = (v: number): string => (Math.abs(v) < 0.05 ? 0 : v).toFixed(1);

export const mm = (v: number): string => `${fixed(v)} mm`;
export const deg = (v: number): string => `${fixed(v)}°`;
