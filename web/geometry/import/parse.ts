// One file in, one indexed mesh out, whatever the format. STL soups are welded here so
// every caller gets shared vertices; OBJ and PLY keep their own vertex order untouched.
import type { Mesh } from '../mesh.ts';
import { weldSoup } from '../weld.ts';
import { detectFormat, type MeshFormat } from './detect.ts';
import { ImportError } from './errors.ts';
import { checkCoordinates, checkFileSize, checkTriangleCount } from './limits.ts';
import { readObj } from './obj.ts';
import { readPly } from './ply.ts';
import { subRange, throttled } from './progress.ts';
import { readAsciiStl, readBinaryStl } from './stl.ts';
import type { ImportOptions, InputFile } from './types.ts';

export interface ParsedMesh { mesh: Mesh; format: MeshFormat; trianglesIn: number; verticesIn: number }

export function parseMesh(file: InputFile, opts: ImportOptions = {}): ParsedMesh {
  const { name, bytes } = file;
  checkFileSize(name, bytes.length, opts.maxBytes);
  const format = detectFormat(name, bytes);
  const text = format === 'stl-ascii' || format === 'obj' || format === 'ply-ascii' ? withLineFeeds(bytes) : bytes;
  const report = throttled(opts.onProgress);
  const reading = subRange(report, 0, 0.9);
  const readProgress = (f: number) => reading(f, `reading ${name}`);

  let parsed: ParsedMesh;
  if (format === 'stl-binary' || format === 'stl-ascii') {
    const soup = format === 'stl-binary' ? readBinaryStl(name, bytes, readProgress) : readAsciiStl(name, text, readProgress);
    report(0.9, `welding ${name}`);
    const triangles = soup.length / 9;
    parsed = { mesh: weldSoup(soup), format, trianglesIn: triangles, verticesIn: triangles * 3 };
  } else {
    const mesh = format === 'obj' ? readObj(name, text, readProgress) : readPly(name, text, readProgress);
    parsed = { mesh, format, trianglesIn: mesh.indices.length / 3, verticesIn: mesh.positions.length / 3 };
  }
  checkTriangleCount(name, parsed.trianglesIn);
  checkCoordinates(name, parsed.mesh.positions);
  const scale = opts.unitScale;
  if (scale !== undefined && scale !== 1) {
    if (!(scale > 0) || !Number.isFinite(scale)) {
      throw new ImportError(name, 'units', `the unit scale ${scale} is not a positive number.`);
    }
    const p = parsed.mesh.positions;
    for (let i = 0; i < p.length; i++) p[i] *= scale;
  }
  report(1, `read ${name}`);
  return parsed;
}

/**
 * Text with classic Mac line endings (CR alone) as the readers expect it: each CR becomes
 * a LF in a copy. Without this the whole file is one line, and an OBJ reads as one vertex
 * and no faces ("a point cloud"). Files with any LF are left alone (CRLF is read as is).
 */
function withLineFeeds(bytes: Uint8Array): Uint8Array {
  if (bytes.indexOf(10) >= 0 || bytes.indexOf(13) < 0) return bytes;
  const copy = bytes.slice();
  for (let i = 0; i < copy.length; i++) if (copy[i] === 13) copy[i] = 10;
  return copy;
}
