// Every way a dropped file can fail, as one error type with a code the UI can act on and a
// message a clinician can read ("upper.stl: the file ends after 1,204 of 99,999 triangles").
export type ImportErrorCode = 'empty' | 'truncated' | 'corrupt' | 'not-a-mesh' | 'too-large'
  | 'nan' | 'implausible' | 'degenerate' | 'units' | 'labels-mismatch' | 'mixed-jaws' | 'unsupported';

/**
 * What the importer believes the file's units are. `scale` converts them to mm;
 * `spanMm` is the arch's largest side in mm once that scale is applied.
 */
export interface UnitGuess { unit: 'm' | 'cm' | 'in'; scale: number; spanMm: number }

export class ImportError extends Error {
  readonly fileName: string;
  readonly code: ImportErrorCode;
  readonly unitGuess?: UnitGuess;

  /** `problem` is the sentence after "<file>: ", ending with a full stop. */
  constructor(fileName: string, code: ImportErrorCode, problem: string, unitGuess?: UnitGuess) {
    super(`${fileName}: ${problem}`);
    this.name = 'ImportError';
    this.fileName = fileName;
    this.code = code;
    if (unitGuess) this.unitGuess = unitGuess;
  }
}

/** 99999 -> "99,999": counts in messages read like the ones in the UI. */
export function formatCount(n: number): string {
  // Beyond 2^53 digits are no longer exact, and String() switches to "1e+21" which the
  // grouping would garble ("9.999,999,680e+37"): such numbers read as powers of ten.
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) return formatNumber(n);
  const s = String(Math.trunc(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A length for messages: whole units from 10 up, three significant digits below. */
export function formatLength(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return formatNumber(value);
  return Math.abs(value) >= 10 ? formatCount(Math.round(value)) : String(Number(value.toPrecision(3)));
}

/**
 * Any number as a person would write it: "12.5", "0.001", "1e7", "1e38", "-3.4e-12". Floats read
 * from a file carry binary noise (1e38 is stored as 9.99999968e37), so three significant
 * digits are shown.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'not a number';
  if (!Number.isFinite(value)) return value > 0 ? 'infinite' : 'minus infinite';
  const a = Math.abs(value);
  if (a === 0 || (a >= 1e-3 && a < 1e6)) return String(Number(value.toPrecision(3)));
  const [mantissa, exponent] = value.toExponential(2).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}
