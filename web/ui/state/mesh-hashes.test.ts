// The approval's mesh hashes: one per stored arch, none until the case's scans are all read,
// and computed again only when an arch's mesh itself is replaced.
import { expect, test } from 'vitest';
import { createRoot, createSignal } from 'solid-js';
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { meshContentHash } from '../../exchange/mesh-codec.ts';
import { createMeshHashes } from './mesh-hashes.ts';

/** Two crowns on a gum triangle, shifted by `offsetMm` along x. */
function tinyArch(teeth: number[], offsetMm = 0): LabelledMesh {
  const positions = [-30, 0, 0, 30, 0, 0, 0, -30, 0];
  const indices = [0, 2, 1];
  const labels = [0, 0, 0];
  teeth.forEach((fdi, i) => {
    const at = positions.length / 3;
    positions.push(-20 + i * 8, 5, 2, -16 + i * 8, 5, 2, -18 + i * 8, 9, 4);
    indices.push(at, at + 1, at + 2);
    labels.push(fdi, fdi, fdi);
  });
  return { positions: new Float32Array(positions.map((v, i) => (i % 3 === 0 ? v + offsetMm : v))), indices: new Uint32Array(indices), labels: new Uint8Array(labels) };
}

test('hashes follow the stored meshes: none while loading, the upper kept when the lower is replaced', () => {
  const upper = tinyArch([11, 21]);
  const lower = tinyArch([31, 41]);
  const [meshes, setMeshes] = createSignal<Partial<Record<Jaw, LabelledMesh>>>({ upper });
  const [loaded, setLoaded] = createSignal(false);
  createRoot((dispose) => {
    const hashes = createMeshHashes(meshes, loaded);
    expect(hashes()).toBeUndefined();
    setLoaded(true);
    expect(hashes()).toEqual({ upper: meshContentHash(upper) });
    setMeshes({ upper, lower });
    expect(hashes()).toEqual({ upper: meshContentHash(upper), lower: meshContentHash(lower) });
    const moved = tinyArch([31, 41], 0.5);
    setMeshes({ upper, lower: moved });
    expect(hashes()!.lower).not.toBe(meshContentHash(lower));
    expect(hashes()!.upper).toBe(meshContentHash(upper));
    dispose();
  });
});

test('a hash already known for the very mesh object (a package reader checked it) is used, not taken again', () => {
  const upper = tinyArch([11, 21]);
  const lower = tinyArch([31, 41]);
  createRoot((dispose) => {
    const hashes = createMeshHashes(() => ({ upper, lower }), () => true, (m) => (m === upper ? 'known-upper' : undefined));
    expect(hashes()).toEqual({ upper: 'known-upper', lower: meshContentHash(lower) });
    dispose();
  });
});
