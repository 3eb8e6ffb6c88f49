// The one blob format meshes are stored in (IndexedDB blobs, backups, plan packages).
// A fixed little-endian header says what follows, so a blob written by a newer studio
// is refused with a clear message instead of being read as garbage.
//
// Layout (all little-endian):
//   0  'ASMH'               magic
//   4  u32 version          MESH_BINARY_VERSION
//   8  u32 vertexCount
//  12  u32 triangleCount
//  16  u32 flags            bit 0: per-vertex labels follow the indices
//  20  u32 reserved (0)
//  24  f32 positions[3 * vertexCount]   mm
//      u32 indices[3 * triangleCount]
//      u8  labels[vertexCount]          only with flag bit 0
//      zero padding to a multiple of 4 bytes
import type { LabelledMesh } from './mesh.ts';

export const MESH_BINARY_MAGIC = 'ASMH';
export const MESH_BINARY_VERSION = 1;
const HEADER_BYTES = 24;
const FLAG_LABELS = 1;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function byteLength(vertexCount: number, triangleCount: number, labelled: boolean): number {
  const raw = HEADER_BYTES + vertexCount * 12 + triangleCount * 12 + (labelled ? vertexCount : 0);
  return Math.ceil(raw / 4) * 4;
}

export function encodeMesh(mesh: LabelledMesh): ArrayBuffer {
  const { positions, indices, labels } = mesh;
  if (positions.length % 3 !== 0) throw new Error('encodeMesh: positions length is not a multiple of 3');
  if (indices.length % 3 !== 0) throw new Error('encodeMesh: indices length is not a multiple of 3');
  const vertexCount = positions.length / 3;
  const triangleCount = indices.length / 3;
  if (labels && labels.length !== vertexCount) {
    throw new Error(`encodeMesh: ${labels.length} labels for ${vertexCount} vertices`);
  }
  const buffer = new ArrayBuffer(byteLength(vertexCount, triangleCount, labels !== null));
  const view = new DataView(buffer);
  for (let i = 0; i < 4; i++) view.setUint8(i, MESH_BINARY_MAGIC.charCodeAt(i));
  view.setUint32(4, MESH_BINARY_VERSION, true);
  view.setUint32(8, vertexCount, true);
  view.setUint32(12, triangleCount, true);
  view.setUint32(16, labels ? FLAG_LABELS : 0, true);
  view.setUint32(20, 0, true);
  let offset = HEADER_BYTES;
  if (LITTLE_ENDIAN) {
    // The layout is little-endian and 4-byte aligned: on such a machine (every browser's) the arrays copy as they are.
    new Float32Array(buffer, offset, positions.length).set(positions);
    offset += positions.length * 4;
    new Uint32Array(buffer, offset, indices.length).set(indices);
    offset += indices.length * 4;
  } else {
    for (let i = 0; i < positions.length; i++, offset += 4) view.setFloat32(offset, positions[i], true);
    for (let i = 0; i < indices.length; i++, offset += 4) view.setUint32(offset, indices[i], true);
  }
  if (labels) new Uint8Array(buffer, offset, vertexCount).set(labels);
  return buffer;
}

export function decodeMesh(buffer: ArrayBuffer): LabelledMesh {
  if (buffer.byteLength < HEADER_BYTES) {
    throw new Error(`the stored scan is cut short: ${buffer.byteLength} bytes, shorter than its ${HEADER_BYTES}-byte header`);
  }
  const view = new DataView(buffer);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== MESH_BINARY_MAGIC) {
    throw new Error(`not a stored mesh: expected the '${MESH_BINARY_MAGIC}' header, found ${JSON.stringify(magic)}`);
  }
  const version = view.getUint32(4, true);
  if (version !== MESH_BINARY_VERSION) {
    const newer = version > MESH_BINARY_VERSION ? ' (written by a newer version of the studio)' : '';
    throw new Error(`the stored scan is in format version ${version} is not supported; this studio reads version ${MESH_BINARY_VERSION}${newer}`);
  }
  const vertexCount = view.getUint32(8, true);
  const triangleCount = view.getUint32(12, true);
  const labelled = (view.getUint32(16, true) & FLAG_LABELS) !== 0;
  const expected = byteLength(vertexCount, triangleCount, labelled);
  if (buffer.byteLength !== expected) {
    throw new Error(`the stored scan has the wrong length: ${buffer.byteLength} bytes, expected ${expected} for ${vertexCount} vertices and ${triangleCount} triangles`);
  }
  const positions = new Float32Array(vertexCount * 3);
  const indices = new Uint32Array(triangleCount * 3);
  let offset = HEADER_BYTES;
  if (LITTLE_ENDIAN) {
    positions.set(new Float32Array(buffer, offset, positions.length));
    offset += positions.length * 4;
    indices.set(new Uint32Array(buffer, offset, indices.length));
    offset += indices.length * 4;
  } else {
    for (let i = 0; i < positions.length; i++, offset += 4) positions[i] = view.getFloat32(offset, true);
    for (let i = 0; i < indices.length; i++, offset += 4) indices[i] = view.getUint32(offset, true);
  }
  for (let i = 0; i < indices.length; i++) {
    if (indices[i] >= vertexCount) throw new Error(`the stored scan is damaged: triangle ${Math.floor(i / 3)} uses vertex ${indices[i]} of ${vertexCount}`);
  }
  const labels = labelled ? new Uint8Array(buffer, offset, vertexCount).slice() : null;
  return { positions, indices, labels };
}
