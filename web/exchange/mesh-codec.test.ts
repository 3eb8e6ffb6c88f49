import { describe, expect, it } from 'vitest';
import { loadRealScan } from '../geometry/fixtures/real-scan.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { seededRandom } from '../core/random.ts';
import { PackageError } from './errors.ts';
import { maxError, sameBytes } from './fixtures/package.ts';
import { COMPACT_STEP_MM, decodeCompactMesh, encodeCompactMesh, meshContentHash, meshContentHashAsync, quantizedMesh } from './mesh-codec.ts';


/** Thrown by `run`, as a PackageError. */
async function refusal(run: () => Promise<unknown>): Promise<PackageError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(PackageError);
    return error as PackageError;
  }
  throw new Error('expected a refusal');
}

describe('compact mesh codec on upper-arch-01', () => {
  const real = loadRealScan();
  const mesh: LabelledMesh = { ...real.mesh, labels: real.vertexLabels };

  it('hashes the same on the platform SHA-256 as on the JavaScript one, with and without labels', async () => {
    expect(await meshContentHashAsync(mesh)).toBe(meshContentHash(mesh));
    const unlabelled = { ...mesh, labels: null };
    expect(await meshContentHashAsync(unlabelled)).toBe(meshContentHash(unlabelled));
    expect(meshContentHash(unlabelled)).not.toBe(meshContentHash(mesh));
  });

  it('gives back every vertex within 0.01 mm, and the indices and labels exactly', async () => {
    const bytes = await encodeCompactMesh(mesh);
    const back = await decodeCompactMesh(bytes, 'arches/upper.mesh');
    expect(back.positions.length).toBe(mesh.positions.length);
    expect(maxError(mesh.positions, back.positions)).toBeLessThanOrEqual(COMPACT_STEP_MM / 2 + 1e-9);
    expect(maxError(mesh.positions, back.positions)).toBeLessThan(0.01);
    expect(sameBytes(back.indices, mesh.indices)).toBe(true);
    expect(sameBytes(back.labels!, mesh.labels!)).toBe(true);
    // What the sender predicts the receiver sees is what the receiver sees, bit for bit.
    expect(sameBytes(back.positions, quantizedMesh(mesh).positions)).toBe(true);
    // Compact: well under the 2.4 MB of raw float positions and uint32 indices.
    expect(bytes.byteLength).toBeLessThan(0.4 * (mesh.positions.byteLength + mesh.indices.byteLength));
  });

  it('hashes the same before and after any number of round trips, and differently after a one-step move', async () => {
    const once = await decodeCompactMesh(await encodeCompactMesh(mesh), 'once');
    const twice = await decodeCompactMesh(await encodeCompactMesh(once), 'twice');
    const hash = meshContentHash(mesh);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(meshContentHash(quantizedMesh(mesh))).toBe(hash);
    expect(meshContentHash(once)).toBe(hash);
    expect(meshContentHash(twice)).toBe(hash);
    expect(sameBytes(twice.positions, once.positions)).toBe(true);
    const moved = { ...once, positions: once.positions.slice() };
    moved.positions[3 * 1000 + 2] += COMPACT_STEP_MM;
    expect(meshContentHash(moved)).not.toBe(hash);
    const relabelled = { ...once, labels: once.labels!.slice() };
    relabelled.labels![5] ^= 1;
    expect(meshContentHash(relabelled)).not.toBe(hash);
    expect(meshContentHash({ ...once, labels: null })).not.toBe(hash);
  });

  it('refuses cut-short and garbled bytes naming the entry', async () => {
    const bytes = await encodeCompactMesh(mesh);
    const cut = await refusal(() => decodeCompactMesh(bytes.slice(0, bytes.length - 100), 'arches/upper.mesh'));
    expect(cut.code).toBe('damaged');
    expect(cut.message).toMatch(/^arches\/upper\.mesh /);
    expect((await refusal(() => decodeCompactMesh(bytes.slice(0, 20), 'arches/upper.mesh'))).message).toBe('arches/upper.mesh is cut short');
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0x58;
    expect((await refusal(() => decodeCompactMesh(wrongMagic, 'arches/upper.mesh'))).message).toBe('arches/upper.mesh is not a compact mesh');
    // Garbage in every stream (seed 7): each one is refused, never read as a mesh.
    const random = seededRandom(7);
    for (const at of [60, 60 + 150_000, bytes.length - 2_000, bytes.length - 10]) {
      const garbled = bytes.slice();
      for (let i = at; i < at + 8; i++) garbled[i] = Math.floor(random() * 256);
      const error = await refusal(() => decodeCompactMesh(garbled, 'arches/upper.mesh'));
      expect(error.message).toMatch(/^arches\/upper\.mesh (has|is|does not match its own checksum)/);
    }
  });

  it('refuses a header claiming more triangles than the limit before allocating them', async () => {
    const bytes = await encodeCompactMesh(mesh);
    const error = await refusal(() => decodeCompactMesh(bytes, 'arches/upper.mesh', { triangles: 50_000 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('99,999 triangles, more than the 50,000');
  });
});

describe('compact mesh codec edge cases (seeded 11)', () => {
  it('keeps degenerate triangles and a mesh without labels or triangles', async () => {
    const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1.001]);
    const indices = new Uint32Array([0, 1, 2, 1, 3, 2, 0, 0, 1, 2, 2, 2]);
    const back = await decodeCompactMesh(await encodeCompactMesh({ positions, indices, labels: null }), 'tiny');
    expect([...back.indices]).toEqual([...indices]);
    expect(back.labels).toBeNull();
    expect(maxError(positions, back.positions)).toBeLessThanOrEqual(COMPACT_STEP_MM / 2);
    const empty = await decodeCompactMesh(await encodeCompactMesh({ positions: new Float32Array(0), indices: new Uint32Array(0), labels: null }), 'empty');
    expect(empty.positions.length + empty.indices.length).toBe(0);
  });

  it('keeps a shuffled vertex and triangle order exactly (nothing is reordered)', async () => {
    const { mesh } = loadRealScan();
    const random = seededRandom(11);
    const n = mesh.positions.length / 3;
    const order = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
    const where = new Uint32Array(n);
    order.forEach((v, i) => { where[v] = i; });
    const positions = new Float32Array(mesh.positions.length);
    order.forEach((v, i) => positions.set(mesh.positions.subarray(3 * v, 3 * v + 3), 3 * i));
    const indices = mesh.indices.map((v) => where[v]);
    const back = await decodeCompactMesh(await encodeCompactMesh({ positions, indices, labels: null }), 'shuffled');
    expect(sameBytes(back.indices, indices)).toBe(true);
    expect(maxError(positions, back.positions)).toBeLessThan(0.01);
  });

  it('refuses a scan wider than the grid holds, saying so in millimetres', async () => {
    const positions = new Float32Array([0, 0, 0, 300, 0, 0, 0, 10, 0]);
    const error = await refusal(() => encodeCompactMesh({ positions, indices: new Uint32Array([0, 1, 2]), labels: null }, 'the upper scan'));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('the upper scan is 300.0 mm across (x), more than the 256.0 mm a plan package holds per scan; is it in millimetres?');
    const nan = await refusal(() => encodeCompactMesh({ positions: new Float32Array([0, 0, NaN]), indices: new Uint32Array(0), labels: null }, 'the upper scan'));
    expect(nan.message).toContain('NaN');
  });
});
