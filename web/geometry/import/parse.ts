// One file in, one indexed mesh out, whatever the format. STL soups are welded here so
// every caller gets shared vertices; OBJ and PLY keep their own vertex order untouched.
import type { Mesh } from '../mesh.ts';
import { weldSoup } from '../weld.ts';
import { detectFormat, type MeshFormat } from './detect.ts';
import { ImportError } from './errors.ts';
import { checkFileSize, checkFinite, checkTriangleCount } from './limits.ts';
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
  const report = throttled(opts.onProgress);
  const reading = subRange(report, 0, 0.9);
  const readProgress = (f: number) => reading(f, `reading ${name}`);

  let parsed: ParsedMesh;
  if (format === 'stl-binary' || format === 'stl-ascii') {
    const soup = format === 'stl-binary' ? readBinaryStl(name, bytes, readProgress) : readAsciiStl(name, bytes, readProgress);
    report(0.9, `welding ${name}`);
    const triangles = soup.length / 9;
    parsed = { mesh: weldSoup(soup), format, trianglesIn: triangles, verticesIn: triangles * 3 };
  } else {
    const mesh = format === 'obj' ? readObj(name, bytes, readProgress) : readPly(name, bytes, readProgress);
    parsed = { mesh, format, trianglesIn: mesh.indices.length / 3, verticesIn: mesh.positions.length / 3 };
  }
  checkTriangleCount(name, parsed.trianglesIn);
  checkFinite(name, parsed.mesh.positions);
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
