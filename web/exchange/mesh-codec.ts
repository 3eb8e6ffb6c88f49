// The compact mesh of a plan package: meshoptimizer's vertex and index codecs (a maintained,
// glTF-standard codec) over positions snapped to an absolute 1/256 mm grid. The grid is
// exact in float32 for any scan (|x| < 32768 mm) and its worst error, half a step along
// each axis, is 0.0034 mm, under the 0.01 mm a package promises. Snapping to an absolute
// grid (not one relative to the mesh) makes a vertex that two meshes share (a scan and a
// tooth's solid cut from it) land on the same point in both.
//
// Vertex and triangle order are kept: per-vertex labels, segmentation records (seeds,
// painted triangles, per-triangle labels) and saved collision solids index them, so
// meshoptimizer's reordering is not used. Its index codec may start a triangle at another
// corner (same winding); those rotations are stored, 2 bits a triangle, so indices come back
// exactly. As the meshoptimizer README suggests, the index stream is deflated too.
//
// Layout (little-endian): 'ASMC', u32 version, u32 vertexCount, u32 triangleCount,
// i32 grid minimum x y z, u32 flags, then the byte lengths of the sections that follow:
// u32 vertex stream, u32 index stream (inflated), u32 index stream (deflated), u32 rotations
// (deflated, 0 when none), u32 labels (deflated, 0 when none); then the 32-byte
// meshContentHash of the mesh. meshoptimizer's streams carry no checksum (garbage decodes to
// some other mesh), so the decoder checks the result against that hash.
import { deflateSync } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { MeshoptDecoder } from 'meshoptimizer/decoder';
import { MeshoptEncoder } from 'meshoptimizer/encoder';
import { MAX_TRIANGLES } from '../geometry/import/limits.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { sha256HexOf } from './digest.ts';
import { PackageError } from './errors.ts';
import { inflateExactlyAsync } from './zip-read.ts';

export const COMPACT_STEP_MM = 1 / 256;
const GRID = 256;
/** Offsets from the grid minimum are uint16: an arch up to 65535 steps (255.99 mm) across. */
const MAX_STEPS = 0xffff;
/** Below 2^15 mm, x * 256 stays within float32's 24-bit mantissa: every grid point is exact. */
const COORDINATE_LIMIT_MM = 32768;
const MAGIC = 'ASMC';
const VERSION = 1;
const HASH_AT = 52;
const HEADER_BYTES = HASH_AT + 32;
const HAS_LABELS = 1;
const HAS_ROTATIONS = 2;
/** The index stream is meshoptimizer's sequence codec (never rotates; chosen if the triangle codec ever changed a triangle). */
const INDEX_SEQUENCE = 4;

export interface CompactMeshLimits {
  triangles: number;
}

function checkShape(mesh: LabelledMesh, what: string): void {
  const n = mesh.positions.length / 3;
  if (!Number.isInteger(n) || mesh.indices.length % 3 !== 0) throw new Error(`${what}: positions or indices are not whole vertices and triangles`);
  for (const i of mesh.indices) if (i >= n) throw new Error(`${what}: a triangle uses vertex ${i} of ${n}`);
  if (mesh.labels && mesh.labels.length !== n) throw new Error(`${what}: ${mesh.labels.length} labels for ${n} vertices`);
}

/** Grid coordinates of every vertex; `strict` also refuses what the codec cannot hold. */
function gridOf(positions: Float32Array, what: string, strict: boolean): { ints: Int32Array; min: [number, number, number] } {
  const ints = new Int32Array(positions.length);
  const min: [number, number, number] = [0, 0, 0];
  const max: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    if (!Number.isFinite(p) || Math.abs(p) >= COORDINATE_LIMIT_MM) {
      throw new PackageError('too-large', `${what} has a coordinate of ${p} mm, which a plan package cannot hold (|x| < ${COORDINATE_LIMIT_MM} mm)`);
    }
    const q = Math.round(p * GRID);
    ints[i] = q;
    const k = i % 3;
    if (i < 3 || q < min[k]) min[k] = q;
    if (i < 3 || q > max[k]) max[k] = q;
  }
  if (strict) {
    for (let k = 0; k < 3; k++) {
      if (max[k] - min[k] > MAX_STEPS) {
        throw new PackageError('too-large', `${what} is ${((max[k] - min[k]) / GRID).toFixed(1)} mm across (${'xyz'[k]}), more than the ${(MAX_STEPS / GRID).toFixed(1)} mm a plan package holds per scan; is it in millimetres?`);
      }
    }
  }
  return { ints, min };
}

/** What the receiver of a package sees: the mesh with its positions snapped to the package grid. */
export function quantizedMesh(mesh: LabelledMesh): LabelledMesh {
  const { ints } = gridOf(mesh.positions, 'the mesh', true);
  const positions = new Float32Array(ints.length);
  for (let i = 0; i < ints.length; i++) positions[i] = ints[i] / GRID;
  return { positions, indices: mesh.indices.slice(), labels: mesh.labels ? mesh.labels.slice() : null };
}

/**
 * SHA-256 over the grid coordinates, the indices and the labels (no header, no codec bytes):
 * the same for a mesh, its quantizedMesh and what decodeCompactMesh gives back, so two
 * studios can tell whether they hold the same scan. Typed arrays are hashed as they lie in
 * memory, little-endian on every platform the studio runs on.
 */
export function meshContentHash(mesh: LabelledMesh): string {
  return bytesToHex(contentDigest(mesh));
}

/** What meshContentHash hashes, in order; `ints`, the positions on the grid, when known. */
function contentParts(mesh: LabelledMesh, ints = gridOf(mesh.positions, 'the mesh', false).ints): Uint8Array[] {
  const counts = new Uint32Array([ints.length / 3, mesh.indices.length / 3, mesh.labels ? 1 : 0]);
  return [
    utf8ToBytes('aligner-studio-mesh-1'), new Uint8Array(counts.buffer), new Uint8Array(ints.buffer),
    new Uint8Array(mesh.indices.buffer, mesh.indices.byteOffset, mesh.indices.byteLength), ...(mesh.labels ? [mesh.labels] : []),
  ];
}

function contentDigest(mesh: LabelledMesh): Uint8Array {
  const h = sha256.create();
  for (const part of contentParts(mesh)) h.update(part);
  return h.digest();
}

/** meshContentHash on the platform's SHA-256 (digest.ts): the same hash, sooner. */
export function meshContentHashAsync(mesh: LabelledMesh, ints?: Int32Array): Promise<string> {
  return sha256HexOf(...contentParts(mesh, ints));
}

/** Rotation r of each triangle such that original corner j is decoded corner (j + r) % 3; null if one is no rotation. */
function rotationsOf(original: Uint32Array, decoded: Uint32Array): Uint8Array | null {
  const t = original.length / 3;
  const packed = new Uint8Array(Math.ceil(t / 4));
  for (let f = 0; f < t; f++) {
    const a = original[3 * f], b = original[3 * f + 1], c = original[3 * f + 2];
    const d0 = decoded[3 * f], d1 = decoded[3 * f + 1], d2 = decoded[3 * f + 2];
    let r: number;
    if (a === d0 && b === d1 && c === d2) r = 0;
    else if (a === d1 && b === d2 && c === d0) r = 1;
    else if (a === d2 && b === d0 && c === d1) r = 2;
    else return null;
    packed[f >> 2] |= r << ((f & 3) * 2);
  }
  return packed;
}

export async function encodeCompactMesh(mesh: LabelledMesh, what = 'the scan'): Promise<Uint8Array> {
  checkShape(mesh, what);
  const { ints, min } = gridOf(mesh.positions, what, true);
  await Promise.all([MeshoptEncoder.ready, MeshoptDecoder.ready]);
  const n = ints.length / 3, t = mesh.indices.length / 3;
  const grid = new Uint16Array(n * 4);
  for (let v = 0; v < n; v++) for (let k = 0; k < 3; k++) grid[4 * v + k] = ints[3 * v + k] - min[k];
  const vertex = MeshoptEncoder.encodeVertexBuffer(new Uint8Array(grid.buffer), n, 8);
  const indexBytes = new Uint8Array(mesh.indices.buffer, mesh.indices.byteOffset, mesh.indices.byteLength);
  let flags = mesh.labels ? HAS_LABELS : 0;
  let index = MeshoptEncoder.encodeIndexBuffer(indexBytes, 3 * t, 4);
  const decoded = new Uint32Array(3 * t);
  MeshoptDecoder.decodeIndexBuffer(new Uint8Array(decoded.buffer), 3 * t, 4, index);
  const rotations = rotationsOf(mesh.indices, decoded);
  if (rotations === null) {
    index = MeshoptEncoder.encodeIndexSequence(indexBytes, 3 * t, 4);
    flags |= INDEX_SEQUENCE;
  } else if (rotations.some((r) => r !== 0)) {
    flags |= HAS_ROTATIONS;
  }
  const sections = [
    vertex,
    deflateSync(index, { level: 6 }),
    flags & HAS_ROTATIONS ? deflateSync(rotations!, { level: 6 }) : new Uint8Array(0),
    mesh.labels ? deflateSync(mesh.labels, { level: 6 }) : new Uint8Array(0),
  ];
  const out = new Uint8Array(HEADER_BYTES + sections.reduce((s, x) => s + x.byteLength, 0));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  [VERSION, n, t].forEach((x, i) => view.setUint32(4 + 4 * i, x, true));
  min.forEach((x, k) => view.setInt32(16 + 4 * k, x, true));
  view.setUint32(28, flags, true);
  view.setUint32(32, vertex.byteLength, true);
  view.setUint32(36, index.byteLength, true);
  [sections[1], sections[2], sections[3]].forEach((s, i) => view.setUint32(40 + 4 * i, s.byteLength, true));
  out.set(contentDigest(mesh), HASH_AT);
  let at = HEADER_BYTES;
  for (const s of sections) {
    out.set(s, at);
    at += s.byteLength;
  }
  return out;
}

/** The mesh in `bytes`; a PackageError whose message starts with `what` (the entry) when they are not one. */
export async function decodeCompactMesh(bytes: Uint8Array, what: string, limits?: CompactMeshLimits): Promise<LabelledMesh> {
  return (await decodeCompactMeshAndHash(bytes, what, limits)).mesh;
}

/** decodeCompactMesh with the mesh's meshContentHash, checked (so a caller need not hash it again). */
export async function decodeCompactMeshAndHash(
  bytes: Uint8Array, what: string, limits: CompactMeshLimits = { triangles: MAX_TRIANGLES },
): Promise<{ mesh: LabelledMesh; hash: string }> {
  const bad = (problem: string, cause?: unknown) => new PackageError('damaged', `${what} ${problem}`, cause === undefined ? undefined : { cause });
  if (bytes.byteLength < HEADER_BYTES) throw bad('is cut short');
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw bad('is not a compact mesh');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  if (u32(4) !== VERSION) throw new PackageError('unknown-version', `${what} is in mesh format version ${u32(4)}; this studio reads version ${VERSION}`);
  const n = u32(8), t = u32(12);
  if (t > limits.triangles) {
    throw new PackageError('too-large', `${what} has ${t.toLocaleString('en')} triangles, more than the ${limits.triangles.toLocaleString('en')} the studio can handle`);
  }
  if (n > 3 * t) throw bad(`claims ${n} vertices for ${t} triangles`);
  const min = [view.getInt32(16, true), view.getInt32(20, true), view.getInt32(24, true)];
  const flags = u32(28);
  const vertexBytes = u32(32), indexRaw = u32(36);
  const lengths = [vertexBytes, u32(40), u32(44), u32(48)];
  if (flags & ~(HAS_LABELS | HAS_ROTATIONS | INDEX_SEQUENCE)) throw bad('has unknown flags');
  if (HEADER_BYTES + lengths.reduce((s, x) => s + x, 0) !== bytes.byteLength) throw bad('is cut short or has bytes left over');
  // meshoptimizer's streams stay well under 20 bytes a triangle: a larger claim is not one of them.
  if (indexRaw > 64 + 20 * t) throw bad('claims an index stream too large for its triangles');
  const sections: Uint8Array[] = [];
  let at = HEADER_BYTES;
  for (const length of lengths) {
    sections.push(bytes.subarray(at, at + length));
    at += length;
  }
  await MeshoptDecoder.ready;
  const grid = new Uint16Array(n * 4);
  try {
    MeshoptDecoder.decodeVertexBuffer(new Uint8Array(grid.buffer), n, 8, sections[0]);
  } catch (error) {
    throw bad('has a damaged vertex stream', error);
  }
  const stream = await inflateExactlyAsync(sections[1], indexRaw);
  if (!stream) throw bad('has a damaged index stream');
  const indices = new Uint32Array(3 * t);
  try {
    if (flags & INDEX_SEQUENCE) MeshoptDecoder.decodeIndexSequence(new Uint8Array(indices.buffer), 3 * t, 4, stream);
    else MeshoptDecoder.decodeIndexBuffer(new Uint8Array(indices.buffer), 3 * t, 4, stream);
  } catch (error) {
    throw bad('has a damaged index stream', error);
  }
  for (let i = 0; i < indices.length; i++) if (indices[i] >= n) throw bad(`has a triangle using vertex ${indices[i]} of ${n}`);
  if (flags & HAS_ROTATIONS) {
    const rotations = await inflateExactlyAsync(sections[2], Math.ceil(t / 4));
    if (!rotations) throw bad('has damaged triangle rotations');
    for (let f = 0; f < t; f++) {
      const r = (rotations[f >> 2] >> ((f & 3) * 2)) & 3;
      if (r === 3) throw bad('has damaged triangle rotations');
      if (r === 0) continue;
      const d0 = indices[3 * f], d1 = indices[3 * f + 1], d2 = indices[3 * f + 2];
      indices[3 * f] = r === 1 ? d1 : d2;
      indices[3 * f + 1] = r === 1 ? d2 : d0;
      indices[3 * f + 2] = r === 1 ? d0 : d1;
    }
  } else if (lengths[2] !== 0) throw bad('has rotations it does not announce');
  let labels: Uint8Array | null = null;
  if (flags & HAS_LABELS) {
    labels = await inflateExactlyAsync(sections[3], n);
    if (!labels) throw bad('has damaged labels');
  } else if (lengths[3] !== 0) throw bad('has labels it does not announce');
  const positions = new Float32Array(3 * n);
  // The grid points are kept for the hash: they are what gridOf would give back from the positions.
  const ints = new Int32Array(3 * n);
  const [mx, my, mz] = min;
  for (let v = 0; v < n; v++) {
    const x = mx + grid[4 * v], y = my + grid[4 * v + 1], z = mz + grid[4 * v + 2];
    ints[3 * v] = x;
    ints[3 * v + 1] = y;
    ints[3 * v + 2] = z;
    positions[3 * v] = x / GRID;
    positions[3 * v + 1] = y / GRID;
    positions[3 * v + 2] = z / GRID;
  }
  const mesh = { positions, indices, labels };
  const hash = await meshContentHashAsync(mesh, ints);
  if (hash !== bytesToHex(bytes.subarray(HASH_AT, HASH_AT + 32))) throw bad('does not match its own checksum');
  return { mesh, hash };
}
