// A backed-up blob must be what the manifest says it is: a matching checksum only proves the
// bytes arrived as written, not that they are a scan. A "mesh" of random bytes would restore
// and then fail every time the case is opened, so each blob is decoded here, before
// anything is stored, with the same decoders the studio opens them with.
import type { Jaw } from '../core/types.ts';
import { decodeMesh, MESH_BINARY_MAGIC } from '../geometry/mesh-binary.ts';
import { decodeSegmentationRecord, SEGMENTATION_RECORD_MAGIC } from '../geometry/segmentation-record.ts';
import type { BlobKind } from './db.ts';

/** An arch's use of a blob, as the manifest's case records give it. */
export interface BlobUse {
  /** e.g. 'the upper scan of case "P-201"', for messages. */
  what: string;
  jaw: Jaw;
  kind: BlobKind;
  meshBlobId: string;
}

export interface MeshCounts {
  vertexCount: number;
  triangleCount: number;
}

/** Why a blob cannot be opened, in words that follow its name ("the upper scan ... <message>"). */
export class BlobContentError extends Error {
  override readonly name = 'BlobContentError';
}

const formatCount = (n: number): string => n.toLocaleString('en-US');

function magic(bytes: ArrayBuffer): string {
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  return String.fromCharCode(...head);
}

/** The counts of a stored mesh that decodes whole and sane; throws BlobContentError. */
export function checkMeshBlob(bytes: ArrayBuffer, maxTriangles: number): MeshCounts {
  if (magic(bytes) !== MESH_BINARY_MAGIC) throw new BlobContentError('is not a stored scan (it does not start like one)');
  // Refused before decoding, as the importer refuses such a scan.
  const declared = bytes.byteLength >= 16 ? new DataView(bytes).getUint32(12, true) : 0;
  if (declared > maxTriangles) {
    throw new BlobContentError(`has ${formatCount(declared)} triangles, more than the ${formatCount(maxTriangles)} the studio can handle`);
  }
  let mesh;
  try {
    mesh = decodeMesh(bytes);
  } catch (error) {
    throw new BlobContentError(`cannot be opened: ${(error as Error).message}`, { cause: error });
  }
  const vertexCount = mesh.positions.length / 3;
  const triangleCount = mesh.indices.length / 3;
  if (triangleCount === 0) throw new BlobContentError('is an empty scan (no triangles)');
  for (let i = 0; i < mesh.positions.length; i++) {
    if (!Number.isFinite(mesh.positions[i])) {
      throw new BlobContentError(`cannot be opened: vertex ${formatCount(Math.floor(i / 3) + 1)} has a coordinate that is not a number`);
    }
  }
  return { vertexCount, triangleCount };
}

/**
 * A stored segmentation that decodes and fits its arch: the same jaw, and one label per
 * vertex and per triangle of the arch's scan (`mesh`). Without a use (a blob no arch
 * names) only the decoding is checked. Throws BlobContentError.
 */
export function checkSegmentationBlob(bytes: ArrayBuffer, use?: { jaw: Jaw; mesh: MeshCounts }): void {
  if (magic(bytes) !== SEGMENTATION_RECORD_MAGIC) throw new BlobContentError('is not a stored segmentation (it does not start like one)');
  let record;
  try {
    record = decodeSegmentationRecord(bytes);
  } catch (error) {
    throw new BlobContentError(`cannot be opened: ${(error as Error).message}`, { cause: error });
  }
  if (!use) return;
  if (record.jaw !== use.jaw) throw new BlobContentError(`is of the ${record.jaw} arch, not the ${use.jaw}`);
  if (record.vertexLabels.length !== use.mesh.vertexCount) {
    throw new BlobContentError(`does not fit its scan: it labels ${formatCount(record.vertexLabels.length)} vertices, the scan has ${formatCount(use.mesh.vertexCount)}`);
  }
  if (record.faceLabels.length !== use.mesh.triangleCount) {
    throw new BlobContentError(`does not fit its scan: it labels ${formatCount(record.faceLabels.length)} triangles, the scan has ${formatCount(use.mesh.triangleCount)}`);
  }
}
