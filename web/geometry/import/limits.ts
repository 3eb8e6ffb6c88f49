// The sanity limits an imported scan must meet before anything is stored: file size and
// triangle count keep the browser tab alive; finite coordinates and a plausible arch span
// catch broken exports and files written in metres, centimetres or inches.
import { ImportError, formatCount, formatLength, formatNumber, type UnitGuess } from './errors.ts';
import { extensionOf } from './names.ts';

export const MAX_FILE_BYTES = 256 * 1024 * 1024;
export const MAX_TRIANGLES = 5_000_000;
/** An unwelded soup has three vertices per triangle; no scan needs more. */
export const MAX_VERTICES = 3 * MAX_TRIANGLES;
/**
 * Largest coordinate (file units) of any scan: an arch in micrometres stays under 1e5, so
 * anything past this is a broken export, and it would only turn into nonsense spans later.
 */
export const MAX_COORDINATE = 1e6;
/**
 * A label file holds about one small number per vertex of its scan (Teeth3DS: a label and
 * an instance, "11, 3, " pretty-printed): 24 bytes a vertex plus 64 KiB for the rest, and
 * never more than MAX_LABEL_BYTES. Checked on the byte length, before any decoding, so a
 * 400 MB file costs nothing but its read.
 */
export const LABEL_BYTES_PER_VERTEX = 24;
export const LABEL_BYTES_SLACK = 64 * 1024;
export const MAX_LABEL_BYTES = 64 * 1024 * 1024;
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
 * A scan is a surface: an arch's area is about its span squared (thousands of mm²). When
 * the triangles add up to less than this fraction of the span squared they lie on a line
 * or a point, and later steps (segmentation's grids) would fail on the zero width.
 * Relative to the span, so a scan in metres is judged the same as one in mm.
 */
export const MIN_AREA_PER_SPAN2 = 1e-4;

export function checkSurface(fileName: string, area: number, sizeMm: readonly number[], triangles: number): void {
  const span = Math.max(sizeMm[0], sizeMm[1], sizeMm[2]);
  if (area > MIN_AREA_PER_SPAN2 * span * span) return;
  throw new ImportError(fileName, 'degenerate',
    `the ${formatCount(triangles)} triangles have no area (their corners lie on a line or on one point), so this is not a surface scan; the export is broken.`);
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

/**
 * Throws 'nan' at the first coordinate that is NaN or infinite, and 'implausible' at the
 * first one no scan could have (1e38: a broken export, not a position in mm).
 */
export function checkCoordinates(fileName: string, positions: Float32Array): void {
  for (let i = 0; i < positions.length; i++) {
    const v = positions[i];
    if (!Number.isFinite(v)) {
      throw new ImportError(fileName, 'nan',
        `vertex ${formatCount(Math.floor(i / 3) + 1)} has a coordinate that is not a number (${v}); the export is broken.`);
    }
    if (Math.abs(v) > MAX_COORDINATE) {
      throw new ImportError(fileName, 'implausible',
        `vertex ${formatCount(Math.floor(i / 3) + 1)} has a coordinate of ${formatNumber(v)}, which is not a position on a scan in mm (nor in metres, centimetres or inches); the export is broken.`);
    }
  }
}

export function checkTriangleCount(fileName: string, triangles: number): void {
  if (triangles > MAX_TRIANGLES) {
    throw new ImportError(fileName, 'too-large',
      `the scan has ${formatCount(triangles)} triangles, more than the ${formatCount(MAX_TRIANGLES)} the studio can handle; decimate it in the scanner software first.`);
  }
}

export function checkVertexCount(fileName: string, vertices: number): void {
  if (vertices > MAX_VERTICES) {
    throw new ImportError(fileName, 'too-large',
      `the scan has ${formatCount(vertices)} vertices, more than the ${formatCount(MAX_VERTICES)} the studio can handle; decimate it in the scanner software first.`);
  }
}

function megabytes(n: number): string {
  return n < 1024 * 1024 ? `${formatLength(n / 1024)} KB` : `${formatLength(n / (1024 * 1024))} MB`;
}

/** A file size and its limit, in bytes when rounding would show them equal ("64 MB, more than 64 MB"). */
function sizes(bytes: number, limit: number): [string, string] {
  const [a, b] = [megabytes(bytes), megabytes(limit)];
  return a === b ? [`${formatCount(bytes)} bytes`, `${formatCount(limit)} bytes`] : [a, b];
}

export function checkFileSize(fileName: string, bytes: number, maxBytes: number = MAX_FILE_BYTES): void {
  if (bytes > maxBytes) {
    const [size, limit] = sizes(bytes, maxBytes);
    throw new ImportError(fileName, 'too-large', `the file is ${size}, more than the ${limit} the studio accepts.`);
  }
}

/** The most bytes a label file may have; for the scan's vertex count when it is known. */
export function labelByteLimit(vertexCount?: number): number {
  if (vertexCount === undefined) return MAX_LABEL_BYTES;
  return Math.min(MAX_LABEL_BYTES, LABEL_BYTES_SLACK + LABEL_BYTES_PER_VERTEX * vertexCount);
}

/** Refuses a label file by its length alone, before it is decoded or parsed. */
export function checkLabelFileSize(fileName: string, bytes: number, vertexCount?: number): void {
  const limit = labelByteLimit(vertexCount);
  if (bytes <= limit) return;
  const [size, most] = sizes(bytes, limit);
  const forScan = vertexCount === undefined || limit === MAX_LABEL_BYTES
    ? `more than the ${most} any label file may have`
    : `more than the ${most} a label file for a scan of ${formatCount(vertexCount)} vertices can need (one tooth number per vertex)`;
  throw new ImportError(fileName, 'too-large', `the label file is ${size}, ${forScan}; it is not this scan's label file or it is damaged.`);
}

/**
 * A file refused by its size alone, before a byte of it is read (the CLI from a stat, the
 * studio from File.size): label files (.json) have their own, smaller cap.
 */
export function checkSizeBeforeReading(fileName: string, bytes: number): void {
  if (extensionOf(fileName) === 'json') checkLabelFileSize(fileName, bytes);
  else checkFileSize(fileName, bytes);
}
