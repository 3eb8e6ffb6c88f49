// Runs of CHUNK consecutive vertices of each tooth with a bounding sphere (body frame), so a
// sweep can drop a whole run whose sphere misses the other tooth's grown box instead of
// moving each vertex. Neighbouring vertices in a crown's order sit close together, so the
// spheres are small. Only vertices the box test would drop anyway are dropped.
import { TOOTH_FIRST_VERTEX, TOOTH_VERTEX_COUNT, TOOTH_BYTES, VERTEX_BYTES } from './layout.generated';
import { alloc } from './arena';
import { gTeeth, gVertices } from './closest';

export const CHUNK: i32 = 32;
/** Per chunk: centre xyz, radius (f64). */
export const CHUNK_BYTES: usize = 32;

/** Per tooth: the address of its first chunk. */
export let chunkTable: usize = 0;

export function buildChunks(toothCount: i32): bool {
  chunkTable = alloc(<usize>toothCount * 4 + 16);
  if (chunkTable == 0) return false;
  for (let i = 0; i < toothCount; i++) {
    const rec = gTeeth + <usize>i * TOOTH_BYTES;
    const first = gVertices + <usize>load<u32>(rec + TOOTH_FIRST_VERTEX) * VERTEX_BYTES;
    const count = <i32>load<u32>(rec + TOOTH_VERTEX_COUNT);
    const chunks = (count + CHUNK - 1) / CHUNK;
    const at = alloc(<usize>chunks * CHUNK_BYTES + 16);
    if (at == 0) return false;
    store<u32>(chunkTable + <usize>i * 4, <u32>at);
    for (let c = 0; c < chunks; c++) {
      const end = min(count, (c + 1) * CHUNK);
      let lx = Infinity, ly = Infinity, lz = Infinity, hx = -Infinity, hy = -Infinity, hz = -Infinity;
      for (let v = c * CHUNK; v < end; v++) {
        const p = first + <usize>v * VERTEX_BYTES;
        const x = <f64>load<f32>(p), y = <f64>load<f32>(p + 4), z = <f64>load<f32>(p + 8);
        lx = Math.min(lx, x); ly = Math.min(ly, y); lz = Math.min(lz, z);
        hx = Math.max(hx, x); hy = Math.max(hy, y); hz = Math.max(hz, z);
      }
      const cx = (lx + hx) / 2, cy = (ly + hy) / 2, cz = (lz + hz) / 2;
      let r2 = 0.0;
      for (let v = c * CHUNK; v < end; v++) {
        const p = first + <usize>v * VERTEX_BYTES;
        const dx = <f64>load<f32>(p) - cx, dy = <f64>load<f32>(p + 4) - cy, dz = <f64>load<f32>(p + 8) - cz;
        r2 = Math.max(r2, dx * dx + dy * dy + dz * dz);
      }
      const s = at + <usize>c * CHUNK_BYTES;
      store<f64>(s, cx);
      store<f64>(s + 8, cy);
      store<f64>(s + 16, cz);
      // Rounded outwards: the sphere must hold every vertex as the sweep computes it.
      store<f64>(s + 24, Math.sqrt(r2) * (1 + 1e-9) + 1e-6);
    }
  }
  return true;
}
