// Wavefront OBJ reader: "v x y z" and "f a b c ..." records, with the v/vt/vn index forms,
// negative (relative) indices and polygons fanned into triangles. Every other record
// (vt, vn, o, g, s, usemtl, mtllib, l, ...) is ignored. Vertices keep file order, because
// Teeth3DS label files give one label per vertex in that order.
import type { Mesh } from '../mesh.ts';
import { ImportError, formatCount } from './errors.ts';
import { MAX_TRIANGLES, MAX_VERTICES, checkTriangleCount, checkVertexCount } from './limits.ts';
import { GrowableFloat32, GrowableUint32 } from './growable.ts';
import { TextCursor } from './text-cursor.ts';

const V = 118, F = 102, HASH = 35;

export function readObj(name: string, bytes: Uint8Array, progress: (f: number) => void): Mesh {
  const c = new TextCursor(bytes);
  const positions = new GrowableFloat32(Math.max(1024, Math.floor(bytes.length / 24)));
  const indices = new GrowableUint32(Math.max(1024, Math.floor(bytes.length / 12)));
  const polygon: number[] = [];
  let vertexCount = 0;
  let nextReport = 0;
  const corrupt = (why: string) => new ImportError(name, 'corrupt', `line ${formatCount(c.line)}: ${why}; the OBJ is damaged.`);
  const b = bytes;
  while (!c.atEnd) {
    if (c.pos >= nextReport) {
      progress(c.pos / b.length);
      nextReport = c.pos + 65536;
    }
    c.skipBlanks();
    const p = c.pos;
    const next = b[p + 1];
    const recordEnds = next === 32 || next === 9;
    if (b[p] === V && recordEnds) {
      c.pos = p + 1;
      const x = c.number(), y = c.number(), z = c.number();
      if (c.bad) {
        if (c.atEnd) throw new ImportError(name, 'truncated', `the file ends inside vertex ${formatCount(vertexCount + 1)} (truncated).`);
        throw corrupt('a vertex without three numbers');
      }
      positions.push3(x, y, z);
      vertexCount++;
      if (vertexCount > MAX_VERTICES) checkVertexCount(name, vertexCount);
    } else if (b[p] === F && recordEnds) {
      c.pos = p + 1;
      polygon.length = 0;
      // A trailing "# comment" ends the corners, as it ends any OBJ line.
      while (!c.atLineEnd() && b[c.pos] !== HASH) {
        const raw = c.objIndex();
        if (c.bad) throw corrupt(`a face corner "${c.tokenText()}" is not a whole vertex number`);
        if (raw === 0) throw corrupt('a face uses vertex 0 (OBJ counts from 1)');
        // Past MAX_VERTICES no file can reach it; past 2^32 it would wrap round in the index
        // array and silently name another vertex. Quoted as written: the double has lost digits.
        if (Math.abs(raw) > MAX_VERTICES || c.tokenDigits() > 15) {
          const written = c.tokenText().split('/')[0];
          throw corrupt(raw > 0
            ? `a face refers to vertex ${written}, more than any scan has (at most ${formatCount(MAX_VERTICES)})`
            : `a face refers to vertex ${written} before the start of the file`);
        }
        // Negative indices count back from the last vertex read so far.
        const index = raw > 0 ? raw - 1 : vertexCount + raw;
        if (index < 0) throw corrupt(`a face refers to vertex ${raw} before the start of the file`);
        polygon.push(index);
      }
      if (polygon.length < 3) throw corrupt(`a face with ${polygon.length} corner${polygon.length === 1 ? '' : 's'}`);
      for (let k = 1; k + 1 < polygon.length; k++) indices.push3(polygon[0], polygon[k], polygon[k + 1]);
      if (indices.length > MAX_TRIANGLES * 3) checkTriangleCount(name, indices.length / 3);
    }
    c.nextLine();
  }
  const triangles = indices.length / 3;
  checkTriangleCount(name, triangles);
  if (vertexCount === 0 && triangles === 0) throw new ImportError(name, 'empty', 'the OBJ has no vertices or faces.');
  if (triangles === 0) {
    throw new ImportError(name, 'not-a-mesh', `the OBJ has ${formatCount(vertexCount)} points but no faces: a point cloud, not a surface scan.`);
  }
  const out = indices.data;
  for (let i = 0; i < indices.length; i++) {
    if (out[i] >= vertexCount) {
      throw new ImportError(name, 'corrupt',
        `triangle ${formatCount(Math.floor(i / 3) + 1)} refers to vertex ${out[i] + 1} but the file has ${formatCount(vertexCount)} vertices; the OBJ is damaged.`);
    }
  }
  progress(1);
  return { positions: positions.toArray(), indices: indices.toArray() };
}
