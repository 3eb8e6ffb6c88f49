// Binary STL, the format every slicer reads: an 80-byte header, the triangle count, then per
// triangle its normal and three corners as float32 and a 2-byte attribute. Little-endian.
import type { Mesh } from '../geometry/mesh.ts';

export function binaryStl(mesh: Mesh, header: string): Uint8Array {
  const p = mesh.positions, idx = mesh.indices;
  const count = idx.length / 3;
  const bytes = new Uint8Array(84 + 50 * count);
  const view = new DataView(bytes.buffer);
  // The header is free text, but must not start with "solid" (readers would take it for ASCII STL).
  const text = header.replace(/^solid/i, 'model').replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  view.setUint32(80, count, true);
  let o = 84;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const l = Math.hypot(nx, ny, nz) || 1;
    nx /= l; ny /= l; nz /= l;
    for (const value of [nx, ny, nz, p[a], p[a + 1], p[a + 2], p[b], p[b + 1], p[b + 2], p[c], p[c + 1], p[c + 2]]) {
      view.setFloat32(o, value, true);
      o += 4;
    }
    o += 2;
  }
  return bytes;
}

/** The triangles of a binary STL as a mesh (corners not shared): for tests and the CLI's checks. */
export function readBinaryStl(bytes: Uint8Array): Mesh {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 84) throw new Error('STL: shorter than its header');
  const count = view.getUint32(80, true);
  if (bytes.length !== 84 + 50 * count) throw new Error(`STL: ${count} triangles need ${84 + 50 * count} bytes, the file has ${bytes.length}`);
  const positions = new Float32Array(count * 9);
  for (let t = 0; t < count; t++) for (let k = 0; k < 9; k++) positions[t * 9 + k] = view.getFloat32(84 + t * 50 + 12 + k * 4, true);
  return { positions, indices: Uint32Array.from({ length: count * 3 }, (_, i) => i) };
}
