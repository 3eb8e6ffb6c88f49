// A segmentation record (geometry/segmentation-record.ts) as a package carries it. The
// record's bulk is each tooth's closed collision solid in raw float32, twice the size of the
// scan's own compact mesh, so the solids go through the compact mesh codec (same absolute
// grid as the scan, vertex order kept: a saved solid is reused only when it begins with
// exactly its crown's vertices, geometry/setup/plan-parts.ts). Labels, seeds, paint, the arch
// frame, the tooth axes and the arch curve travel as they are (the zip deflates them). The
// reader rebuilds the record's own bytes, so the store keeps one format.
//
// Layout (little-endian): 'ASSC', u32 version, u32 header length, JSON header (jaw, seeds,
// paint, frame, teeth, archCurve, counts, each solid's fdi and byte length), u8 faceLabels,
// u8 vertexLabels, then each solid's compact mesh.
import {
  decodeSegmentationRecord, encodeSegmentationRecord, SegmentationRecordError, type SegmentationRecord,
} from '../geometry/segmentation-record.ts';
import type { Jaw } from '../core/types.ts';
import { PackageError } from './errors.ts';
import { decodeCompactMesh, encodeCompactMesh, type CompactMeshLimits } from './mesh-codec.ts';

const MAGIC = 'ASSC';
const VERSION = 1;
/** More solids than an arch has teeth (with room for supernumeraries) is not a segmentation. */
const MAX_SOLIDS = 32;

interface Header extends Omit<SegmentationRecord, 'version' | 'faceLabels' | 'vertexLabels' | 'solids'> {
  faceCount: number;
  vertexCount: number;
  solids: { fdi: number; bytes: number }[];
}

/** `record`: the segmentation record's bytes, as the store keeps them. */
export async function encodeCompactSegmentation(record: ArrayBuffer, what: string): Promise<Uint8Array> {
  const r = decodeSegmentationRecord(record);
  const solids = await Promise.all(r.solids.map((s) => encodeCompactMesh({ ...s.mesh, labels: null }, `${what} (the solid of tooth ${s.fdi})`)));
  const header: Header = {
    jaw: r.jaw, seeds: r.seeds, paint: r.paint, frame: r.frame, teeth: r.teeth, archCurve: r.archCurve,
    faceCount: r.faceLabels.length, vertexCount: r.vertexLabels.length,
    solids: r.solids.map((s, i) => ({ fdi: s.fdi, bytes: solids[i].byteLength })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const size = 12 + json.byteLength + r.faceLabels.length + r.vertexLabels.length + solids.reduce((s, x) => s + x.byteLength, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.byteLength, true);
  let at = 12;
  for (const part of [json, r.faceLabels, r.vertexLabels, ...solids]) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

/**
 * The segmentation record's bytes for a scan of `scan` vertices and triangles; a
 * PackageError whose message starts with `what` when the entry is not one, or belongs to
 * another scan.
 */
export async function decodeCompactSegmentation(
  bytes: Uint8Array, what: string, scan: { jaw: Jaw; vertexCount: number; triangleCount: number }, limits?: CompactMeshLimits,
): Promise<ArrayBuffer> {
  const bad = (problem: string, cause?: unknown) => new PackageError('damaged', `${what} ${problem}`, cause === undefined ? undefined : { cause });
  if (bytes.byteLength < 12) throw bad('is cut short');
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw bad('is not a segmentation');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4, true) !== VERSION) {
    throw new PackageError('unknown-version', `${what} is in segmentation format version ${view.getUint32(4, true)}; this studio reads version ${VERSION}`);
  }
  const jsonBytes = view.getUint32(8, true);
  if (12 + jsonBytes > bytes.byteLength) throw bad('is cut short');
  let h: Header;
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonBytes))) as Header;
  } catch (error) {
    throw bad('has a header that is not JSON', error);
  }
  if (typeof h !== 'object' || h === null || !Array.isArray(h.solids) || !Array.isArray(h.paint)) throw bad('has a malformed header');
  if (h.jaw !== scan.jaw) throw bad(`is the segmentation of ${JSON.stringify(h.jaw)}, not of the ${scan.jaw} arch`);
  if (h.vertexCount !== scan.vertexCount || h.faceCount !== scan.triangleCount) {
    throw bad(`is for a scan of ${String(h.vertexCount)} vertices and ${String(h.faceCount)} triangles, not this arch's ${scan.vertexCount} and ${scan.triangleCount}`);
  }
  if (!h.paint.every((p) => Array.isArray(p) && p.length === 2 && isCount(p[0]) && isCount(p[1]))) throw bad('has malformed painted triangles');
  if (h.solids.length > MAX_SOLIDS || !h.solids.every((s) => isCount(s?.fdi) && isCount(s.bytes))) throw bad('lists its tooth solids wrongly');
  let at = 12 + jsonBytes;
  const take = (n: number): Uint8Array => {
    if (at + n > bytes.byteLength) throw bad('is cut short');
    const part = bytes.subarray(at, at + n);
    at += n;
    return part;
  };
  const faceLabels = take(h.faceCount).slice();
  const vertexLabels = take(h.vertexCount).slice();
  const parts = h.solids.map((s) => ({ fdi: s.fdi, bytes: take(s.bytes) }));
  if (at !== bytes.byteLength) throw bad('has bytes left over');
  const solids = [];
  for (const s of parts) {
    const mesh = await decodeCompactMesh(s.bytes, `${what} (the solid of tooth ${s.fdi})`, limits);
    solids.push({ fdi: s.fdi, mesh: { positions: mesh.positions, indices: mesh.indices } });
  }
  const record: SegmentationRecord = {
    version: 1, jaw: h.jaw, faceLabels, vertexLabels, seeds: h.seeds, paint: h.paint.map(([face, label]) => [face, label]),
    frame: h.frame, teeth: h.teeth, archCurve: h.archCurve, solids,
  };
  try {
    // Through the studio's own reader, so the header fields meet the same checks as a stored record.
    const encoded = encodeSegmentationRecord(record);
    decodeSegmentationRecord(encoded);
    return encoded;
  } catch (error) {
    if (error instanceof SegmentationRecordError || error instanceof TypeError || error instanceof RangeError) {
      throw bad(`is not a readable segmentation (${(error as Error).message})`, error);
    }
    throw error;
  }
}
