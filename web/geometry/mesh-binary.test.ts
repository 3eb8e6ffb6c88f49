import { describe, expect, it } from 'vitest';
import { MESH_BINARY_VERSION, decodeMesh, encodeMesh } from './mesh-binary.ts';
import { syntheticScan } from './fixtures/synthetic-scan.ts';
import type { LabelledMesh } from './mesh.ts';

function labelled(seed: number): LabelledMesh {
  const { mesh } = syntheticScan(seed, 7, 5);
  const labels = new Uint8Array(mesh.positions.length / 3).map((_, i) => (i % 3 === 0 ? 0 : 11 + (i % 7)));
  return { ...mesh, labels };
}

describe('mesh-binary', () => {
  it('round-trips a labelled mesh exactly (seed 3)', () => {
    const mesh = labelled(3);
    const back = decodeMesh(encodeMesh(mesh));
    expect(back.positions).toEqual(mesh.positions);
    expect(back.indices).toEqual(mesh.indices);
    expect(back.labels).toEqual(mesh.labels);
  });

  it('round-trips an unlabelled mesh and keeps labels null (seed 4)', () => {
    const { mesh } = syntheticScan(4, 5, 4);
    const back = decodeMesh(encodeMesh({ ...mesh, labels: null }));
    expect(back.labels).toBeNull();
    expect(back.positions).toEqual(mesh.positions);
    expect(back.indices).toEqual(mesh.indices);
  });

  it('writes the ASMH magic and the format version in the header', () => {
    const buffer = encodeMesh(labelled(5));
    const view = new DataView(buffer);
    expect(String.fromCharCode(...new Uint8Array(buffer, 0, 4))).toBe('ASMH');
    expect(view.getUint32(4, true)).toBe(MESH_BINARY_VERSION);
    expect(buffer.byteLength % 4).toBe(0);
  });

  it('rejects a buffer with the wrong magic', () => {
    const buffer = encodeMesh(labelled(6));
    new Uint8Array(buffer)[0] = 'X'.charCodeAt(0);
    expect(() => decodeMesh(buffer)).toThrow(/not a stored mesh/);
  });

  it('rejects an unknown (newer) version', () => {
    const buffer = encodeMesh(labelled(7));
    new DataView(buffer).setUint32(4, MESH_BINARY_VERSION + 1, true);
    expect(() => decodeMesh(buffer)).toThrow(/version 2 is not supported.*newer/);
  });

  it('rejects a truncated buffer and one with trailing bytes', () => {
    const buffer = encodeMesh(labelled(8));
    expect(() => decodeMesh(buffer.slice(0, buffer.byteLength - 8))).toThrow(/wrong length/);
    expect(() => decodeMesh(buffer.slice(0, 10))).toThrow(/cut short/);
    const longer = new Uint8Array(buffer.byteLength + 4);
    longer.set(new Uint8Array(buffer));
    expect(() => decodeMesh(longer.buffer)).toThrow(/wrong length/);
  });

  it('rejects a triangle that points past the vertices', () => {
    const mesh = labelled(9);
    const buffer = encodeMesh(mesh);
    const firstIndex = 24 + mesh.positions.length * 4;
    new DataView(buffer).setUint32(firstIndex, 10_000, true);
    expect(() => decodeMesh(buffer)).toThrow(/damaged: triangle/);
  });

  it('refuses to encode labels that do not match the vertices', () => {
    const mesh = labelled(10);
    expect(() => encodeMesh({ ...mesh, labels: new Uint8Array(3) })).toThrow(/labels/);
  });
});
