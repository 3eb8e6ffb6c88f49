// STL readers. Both return a triangle soup (9 floats per triangle); welding into an
// indexed mesh is a separate step (../weld.ts) shared by both.
import { ImportError, formatCount } from './errors.ts';
import { MAX_TRIANGLES, checkTriangleCount } from './limits.ts';
import { TextCursor } from './text-cursor.ts';
import { GrowableFloat32 } from './growable.ts';

const HEADER = 84;
const RECORD = 50;

export function readBinaryStl(name: string, bytes: Uint8Array, progress: (f: number) => void): Float32Array {
  if (bytes.length < HEADER) {
    throw new ImportError(name, 'truncated', `the file is ${bytes.length} bytes, shorter than the 84-byte header of a binary STL (truncated).`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fits = Math.floor((bytes.length - HEADER) / RECORD);
  let count = view.getUint32(80, true);
  // Some exporters leave the count at 0 and still write whole records after it.
  if (count === 0 && fits > 0 && (bytes.length - HEADER) % RECORD === 0) count = fits;
  if (count === 0) throw new ImportError(name, 'empty', 'the STL contains no triangles.');
  const expected = HEADER + RECORD * count;
  if (bytes.length < expected) {
    // A header count far beyond what the bytes could ever hold is garbage, not a cut download.
    if (count > MAX_TRIANGLES && count > fits * 2) {
      throw new ImportError(name, 'corrupt',
        `the header claims ${formatCount(count)} triangles but the file can hold only ${formatCount(fits)}; the file is damaged or not an STL.`);
    }
    throw new ImportError(name, 'truncated', `the file ends after ${formatCount(fits)} of ${formatCount(count)} triangles (truncated).`);
  }
  if (bytes.length - expected >= RECORD) {
    throw new ImportError(name, 'corrupt',
      `the header says ${formatCount(count)} triangles but the file holds ${formatCount(fits)}; the file is damaged.`);
  }
  checkTriangleCount(name, count);
  const soup = new Float32Array(count * 9);
  const step = 16384;
  for (let t = 0; t < count; t++) {
    const at = HEADER + t * RECORD + 12; // skip the facet normal: it is recomputed from the corners
    const o = t * 9;
    for (let k = 0; k < 9; k++) soup[o + k] = view.getFloat32(at + k * 4, true);
    if (t % step === 0) progress(t / count);
  }
  progress(1);
  return soup;
}

/**
 * ASCII STL: "solid ... facet normal ... outer loop / vertex x y z (x3) / endloop /
 * endfacet ... endsolid". Facets with more than three vertices (a few exporters write
 * quads) are fanned into triangles. Several solids in one file are read as one mesh.
 */
export function readAsciiStl(name: string, bytes: Uint8Array, progress: (f: number) => void): Float32Array {
  const c = new TextCursor(bytes);
  const soup = new GrowableFloat32(Math.max(1024, Math.floor(bytes.length / 28)));
  let facetOpen = false;
  let facetStart = 0;
  let facets = 0;
  let sawEnd = false;
  let nextReport = 0;
  const corrupt = (why: string) => new ImportError(name, 'corrupt', `line ${formatCount(c.line)}: ${why}; the STL is damaged.`);
  while (c.skipWhitespace()) {
    if (c.pos >= nextReport) {
      progress(c.pos / bytes.length);
      nextReport = c.pos + 65536;
    }
    const word = c.word();
    switch (word) {
      case 'vertex': {
        if (!facetOpen) throw corrupt('a vertex outside a facet');
        const x = c.number(), y = c.number(), z = c.number();
        if (c.bad) {
          if (c.atEnd) throw new ImportError(name, 'truncated', `the file ends inside triangle ${formatCount(facets)} (truncated).`);
          throw corrupt('a vertex without three numbers');
        }
        soup.push3(x, y, z);
        break;
      }
      case 'facet':
        if (facetOpen) throw corrupt('a facet starts before the previous one ended');
        facetOpen = true;
        facetStart = soup.length;
        facets++;
        checkTriangleCount(name, facets);
        c.nextLine(); // "normal nx ny nz": recomputed from the corners
        break;
      case 'endfacet': {
        if (!facetOpen) throw corrupt('"endfacet" without a facet');
        const corners = (soup.length - facetStart) / 3;
        if (corners < 3) throw corrupt(`a facet with ${corners} vertices`);
        if (corners > 3) fanFacet(soup, facetStart, corners);
        facetOpen = false;
        break;
      }
      case 'solid':
        sawEnd = false;
        c.nextLine();
        break;
      case 'endsolid':
        if (facetOpen) throw corrupt('"endsolid" inside a facet');
        sawEnd = true;
        c.nextLine();
        break;
      case 'outer': case 'loop': case 'endloop':
        break;
      default:
        throw corrupt(`unexpected "${word.slice(0, 20)}"`);
    }
  }
  if (facetOpen) throw new ImportError(name, 'truncated', `the file ends inside triangle ${formatCount(facets)} (truncated).`);
  if (!sawEnd) throw new ImportError(name, 'truncated', `the file ends after ${formatCount(facets)} triangles without its "endsolid" line (truncated).`);
  if (soup.length === 0) throw new ImportError(name, 'empty', 'the STL contains no triangles.');
  progress(1);
  return soup.toArray();
}

/** Rewrites a polygon facet's corners (from `start`) in place as a triangle fan. */
function fanFacet(soup: GrowableFloat32, start: number, corners: number): void {
  const polygon = soup.data.slice(start, start + corners * 3);
  soup.length = start;
  for (let k = 1; k + 1 < corners; k++) {
    soup.push3(polygon[0], polygon[1], polygon[2]);
    soup.push3(polygon[k * 3], polygon[k * 3 + 1], polygon[k * 3 + 2]);
    soup.push3(polygon[k * 3 + 3], polygon[k * 3 + 4], polygon[k * 3 + 5]);
  }
}
