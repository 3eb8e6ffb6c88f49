// Test support for the UI state tests (imported by *.test.ts only): a real case library on
// the IndexedDB factory the test passes (fake-indexeddb in Node), and small labelled meshes.
import { openLibrary } from '../../store/library.ts';
import type { Library } from '../../store/library.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';

export async function freshLibrary(factory: IDBFactory): Promise<Library & { clock: { t: number } }> {
  const clock = { t: 1_700_000_000_000 };
  let n = 0;
  const library = await openLibrary({ name: 'ui-test', factory, now: () => (clock.t += 1000), newId: () => `id-${++n}` });
  return Object.assign(library, { clock });
}

/** A tetrahedron per tooth, FDI-labelled, with a gingiva triangle: small but a real mesh. */
export function tinyArch(teeth: number[], offsetMm = 0): LabelledMesh {
  const positions: number[] = [];
  const indices: number[] = [];
  const labels: number[] = [];
  const add = (x: number, y: number, z: number, label: number) => {
    positions.push(x + offsetMm, y, z);
    labels.push(label);
    return labels.length - 1;
  };
  const g = [add(-30, 0, 0, 0), add(30, 0, 0, 0), add(0, -30, 0, 0)];
  indices.push(g[0], g[2], g[1]);
  teeth.forEach((fdi, i) => {
    const x = -20 + i * 8;
    const v = [add(x, -10, 0, fdi), add(x + 4, -10, 0, fdi), add(x + 2, -6, 0, fdi), add(x + 2, -8, -6, fdi)];
    indices.push(v[0], v[1], v[3], v[1], v[2], v[3], v[2], v[0], v[3], v[0], v[2], v[1]);
  });
  return { positions: new Float32Array(positions), indices: new Uint32Array(indices), labels: new Uint8Array(labels) };
}
