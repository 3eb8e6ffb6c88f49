// The sanity limits an imported scan must meet before anything is stored: file size and
// triangle count keep the browser tab alive; finite coordinates and a plausible arch span
// catch broken exports and files written in metres, centimetres or inches.
import { ImportError, formatCount, formatLength, type UnitGuess } from './errors.ts';

export const MAX_FILE_BYTES = 256 * 1024 * 1024;
export const MAX_TRIANGLES = 5_000_000;
/** Largest bounding-box side of a full arch, mm: a child's arch to a large adult's. */
export const ARCH_SPAN_MM: Readonly<{ min: number; max: number }> = Object.freeze({ min: 40, max: 90 });

const UNIT_CANDIDATES: readonly { unit: UnitGuess['unit']; scale: number; name: string }[] = [
  { unit: 'm', scale: 1000, name: 'metres' },
  { unit: 'cm', scale: 10, name: 'centimetres' },
  { unit: 'in', scale: 25.4, name: 'inches' },
];

function inArchRange(spanMm: number): boolean {
  return spanMm >= ARCH_SPAN_MM.min && spanMm <= ARCH_SPAN_MM.max;
}

/** The unit that brings `span` (file units) into the arch range, or null. */
export function guessUnits(span: number): UnitGuess | null {
  for (const c of UNIT_CANDIDATES) {
    if (inArchRange(span * c.scale)) return { unit: c.unit, scale: c.scale, spanMm: span * c.scale };
  }
  return null;
}

/**
 * Throws 'units' unless the largest side of `sizeMm` (already multiplied by the unit scale)
 * is an arch's span. With `userScale` the user already chose the units, so no guess is
 * offered, only the re-check.
 */
export function checkArchSpan(fileName: string, sizeMm: readonly number[], userScale?: number): void {
  const span = Math.max(sizeMm[0], sizeMm[1], sizeMm[2]);
  if (inArchRange(span)) return;
  const range = `an arch spans ${ARCH_SPAN_MM.min}-${ARCH_SPAN_MM.max} mm`;
  if (userScale !== undefined && userScale !== 1) {
    throw new ImportError(fileName, 'units', `scaled ×${formatLength(userScale)} the scan spans ${formatLength(span)} mm; ${range}.`);
  }
  const guess = userScale === undefined ? guessUnits(span) : null;
  if (guess) {
    const name = UNIT_CANDIDATES.find((c) => c.unit === guess.unit)!.name;
    throw new ImportError(fileName, 'units',
      `the scan spans ${formatLength(span)} units but ${range}; it looks like it is in ${name} (×${formatLength(guess.scale)} gives ${formatLength(guess.spanMm)} mm).`,
      guess);
  }
  throw new ImportError(fileName, 'units', `the scan spans ${formatLength(span)} mm; ${range}.`);
}

/** Throws 'nan' at the first coordinate that is NaN or infinite. */
export function checkFinite(fileName: string, positions: Float32Array): void {
  for (let i = 0; i < positions.length; i++) {
    if (!Number.isFinite(positions[i])) {
      throw new ImportError(fileName, 'nan',
        `vertex ${formatCount(Math.floor(i / 3) + 1)} has a coordinate that is not a number (${positions[i]}); the export is broken.`);
    }
  }
}

export function checkTriangleCount(fileName: string, triangles: number): void {
  if (triangles > MAX_TRIANGLES) {
    throw new ImportError(fileName, 'too-large',
      `the scan has ${formatCount(triangles)} triangles, more than the ${formatCount(MAX_TRIANGLES)} the studio can handle; decimate it in the scanner software first.`);
  }
}

export function checkFileSize(fileName: string, bytes: number, maxBytes: number = MAX_FILE_BYTES): void {
  if (bytes > maxBytes) {
    const mb = (n: number) => `${formatLength(n / (1024 * 1024))} MB`;
    throw new ImportError(fileName, 'too-large', `the file is ${mb(bytes)}, more than the ${mb(maxBytes)} the studio accepts.`);
  }
}
