// Every way a dropped file can fail, as one error type with a code the UI can act on and a
// message a clinician can read ("upper.stl: the file ends after 1,204 of 99,999 triangles").
export type ImportErrorCode = 'empty' | 'truncated' | 'corrupt' | 'not-a-mesh' | 'too-large'
  | 'nan' | 'units' | 'labels-mismatch' | 'mixed-jaws' | 'unsupported';

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
  const s = String(Math.trunc(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A length for messages: whole units from 10 up, three significant digits below. */
export function formatLength(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 10 ? formatCount(Math.round(value)) : String(Number(value.toPrecision(3)));
}
