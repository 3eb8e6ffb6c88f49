// What is persisted for a segmented arch: the labels and the planner's edits (seeds,
// paint) so the segmentation can be reopened and corrected, the arch frame, the tooth
// axes (with any planner adjustment) and arch curve, and each tooth's closed collision
// solid for the engine. The segmentation's solved fields are a cache and are not kept.
//
// Binary layout (little-endian), one blob per arch:
//   0  'ASSG'            magic
//   4  u32 version       SEGMENTATION_RECORD_VERSION
//   8  u32 headerBytes   length of the JSON header that follows
//  12  JSON header (UTF-8): jaw, seeds, frame, teeth, archCurve, counts; zero-padded to 4 bytes
//      u8  faceLabels[faceCount]       zero-padded to 4 bytes
//      u8  vertexLabels[vertexCount]   zero-padded to 4 bytes
//      u32 paint[2 * paintCount]       (face, label) pairs
//      per solid: f32 positions[3 * vertexCount], u32 indices[3 * triangleCount]
// Plain numbers go through JSON (exact for doubles); the bulk goes as typed arrays.
import type { Jaw } from '../core/types.ts';
import { JAWS } from '../core/types.ts';
import { closeCrown, CollisionSolidError } from './collision-solid.ts';
import type { Mesh } from './mesh.ts';
import type { ArchFrame } from './segmentation/arch-frame.ts';
import type { Segmentation } from './segmentation/segment.ts';
import { cutCrowns } from './tooth-crowns.ts';
import { computeToothAxes, type ArchCurvePoints, type ToothAxes } from './tooth-axes.ts';

export interface SegmentationRecord {
  version: 1;
  jaw: Jaw;
  faceLabels: Uint8Array;
  vertexLabels: Uint8Array;
  seeds: { fdi: number; vertex: number }[];
  paint: [face: number, label: number][];
  frame: ArchFrame;
  teeth: ToothAxes[];
  archCurve: ArchCurvePoints;
  /** Closed collision solids (closeCrown), ascending FDI. A crown that cannot be closed has none. */
  solids: { fdi: number; mesh: Mesh }[];
}

export const SEGMENTATION_RECORD_MAGIC = 'ASSG';
export const SEGMENTATION_RECORD_VERSION = 1;

export class SegmentationRecordError extends Error {
  override name = 'SegmentationRecordError';
}

/**
 * Everything to persist for `seg` on `mesh`. `axesOverrides` are the planner's adjusted
 * axes (adjustToothAxes); they replace the computed ones tooth by tooth.
 */
export function buildSegmentationRecord(mesh: Mesh, seg: Segmentation, jaw: Jaw, axesOverrides: ToothAxes[] = []): SegmentationRecord {
  const { teeth, archCurve } = computeToothAxes(mesh, seg.vertexLabels, seg.frame, jaw);
  const override = new Map(axesOverrides.map((a) => [a.fdi, a]));
  const solids: { fdi: number; mesh: Mesh }[] = [];
  for (const crown of cutCrowns({ ...mesh, labels: seg.vertexLabels })) {
    try {
      solids.push({ fdi: crown.fdi, mesh: closeCrown(crown.mesh, `tooth ${crown.fdi}`).mesh });
    } catch (e) {
      // A sliver of a crown (a bad paint stroke) is no reason to lose the whole segmentation.
      if (!(e instanceof CollisionSolidError)) throw e;
    }
  }
  return {
    version: 1,
    jaw,
    faceLabels: seg.faceLabels.slice(),
    vertexLabels: seg.vertexLabels.slice(),
    seeds: seg.seeds.map((s) => ({ fdi: s.fdi, vertex: s.vertex })),
    paint: [...seg.paint].sort((a, b) => a[0] - b[0]),
    frame: structuredClone(seg.frame),
    teeth: teeth.map((t) => override.get(t.fdi) ?? t),
    archCurve,
    solids,
  };
}

interface Header {
  jaw: Jaw;
  seeds: SegmentationRecord['seeds'];
  frame: ArchFrame;
  teeth: ToothAxes[];
  archCurve: ArchCurvePoints;
  faceCount: number;
  vertexCount: number;
  paintCount: number;
  solids: { fdi: number; vertexCount: number; triangleCount: number }[];
}

const pad4 = (n: number): number => Math.ceil(n / 4) * 4;

export function encodeSegmentationRecord(r: SegmentationRecord): ArrayBuffer {
  const header: Header = {
    jaw: r.jaw, seeds: r.seeds, frame: r.frame, teeth: r.teeth, archCurve: r.archCurve,
    faceCount: r.faceLabels.length, vertexCount: r.vertexLabels.length, paintCount: r.paint.length,
    solids: r.solids.map((s) => ({ fdi: s.fdi, vertexCount: s.mesh.positions.length / 3, triangleCount: s.mesh.indices.length / 3 })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  let size = 12 + pad4(json.length) + pad4(r.faceLabels.length) + pad4(r.vertexLabels.length) + 8 * r.paint.length;
  for (const s of r.solids) size += 4 * (s.mesh.positions.length + s.mesh.indices.length);
  const buffer = new ArrayBuffer(size);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  for (let i = 0; i < 4; i++) bytes[i] = SEGMENTATION_RECORD_MAGIC.charCodeAt(i);
  view.setUint32(4, SEGMENTATION_RECORD_VERSION, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  let offset = 12 + pad4(json.length);
  bytes.set(r.faceLabels, offset);
  offset += pad4(r.faceLabels.length);
  bytes.set(r.vertexLabels, offset);
  offset += pad4(r.vertexLabels.length);
  for (const [face, label] of r.paint) {
    view.setUint32(offset, face, true);
    view.setUint32(offset + 4, label, true);
    offset += 8;
  }
  // Offsets stay 4-aligned from here on, so the arrays are copied whole (every platform the
  // studio runs on is little-endian, as the record is; element by element through a DataView
  // took a share link's fresh worker tens of milliseconds).
  for (const s of r.solids) {
    new Float32Array(buffer, offset, s.mesh.positions.length).set(s.mesh.positions);
    offset += 4 * s.mesh.positions.length;
    new Uint32Array(buffer, offset, s.mesh.indices.length).set(s.mesh.indices);
    offset += 4 * s.mesh.indices.length;
  }
  return buffer;
}

const corrupt = (why: string) => new SegmentationRecordError(`stored segmentation is corrupt: ${why}`);

function checkHeader(h: unknown): Header {
  if (typeof h !== 'object' || h === null) throw corrupt('the header is not an object');
  const x = h as Record<string, unknown>;
  if (!JAWS.includes(x.jaw as Jaw)) throw corrupt(`unknown jaw ${JSON.stringify(x.jaw)}`);
  for (const key of ['faceCount', 'vertexCount', 'paintCount'] as const) {
    if (!Number.isInteger(x[key]) || (x[key] as number) < 0) throw corrupt(`${key} is not a count`);
  }
  for (const key of ['seeds', 'teeth', 'solids'] as const) if (!Array.isArray(x[key])) throw corrupt(`${key} is missing`);
  if (typeof x.frame !== 'object' || x.frame === null) throw corrupt('the arch frame is missing');
  if (typeof x.archCurve !== 'object' || x.archCurve === null || !Array.isArray((x.archCurve as ArchCurvePoints).points)) throw corrupt('the arch curve is missing');
  for (const s of x.solids as Header['solids']) {
    if (!Number.isInteger(s?.fdi) || !Number.isInteger(s.vertexCount) || !Number.isInteger(s.triangleCount)) throw corrupt('a solid has no counts');
  }
  return x as unknown as Header;
}

export function decodeSegmentationRecord(buf: ArrayBuffer): SegmentationRecord {
  if (buf.byteLength < 12) throw new SegmentationRecordError(`stored segmentation is truncated: ${buf.byteLength} bytes, shorter than its 12-byte header`);
  const bytes = new Uint8Array(buf);
  const view = new DataView(buf);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== SEGMENTATION_RECORD_MAGIC) {
    throw new SegmentationRecordError(`not a stored segmentation: expected the '${SEGMENTATION_RECORD_MAGIC}' header, found ${JSON.stringify(magic)}`);
  }
  const version = view.getUint32(4, true);
  if (version !== SEGMENTATION_RECORD_VERSION) {
    const newer = version > SEGMENTATION_RECORD_VERSION ? ' (written by a newer version of the studio)' : '';
    throw new SegmentationRecordError(`segmentation format version ${version} is not supported; this studio reads version ${SEGMENTATION_RECORD_VERSION}${newer}`);
  }
  const jsonBytes = view.getUint32(8, true);
  if (12 + jsonBytes > buf.byteLength) throw new SegmentationRecordError(`stored segmentation is truncated: its header needs ${12 + jsonBytes} bytes, the blob has ${buf.byteLength}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonBytes)));
  } catch (e) {
    throw corrupt(`the header is not valid JSON (${(e as Error).message})`);
  }
  const h = checkHeader(parsed);
  let expected = 12 + pad4(jsonBytes) + pad4(h.faceCount) + pad4(h.vertexCount) + 8 * h.paintCount;
  for (const s of h.solids) expected += 12 * (s.vertexCount + s.triangleCount);
  if (buf.byteLength < expected) throw new SegmentationRecordError(`stored segmentation is truncated: ${buf.byteLength} bytes, expected ${expected}`);
  if (buf.byteLength > expected) throw corrupt(`${buf.byteLength} bytes, expected ${expected}`);
  let offset = 12 + pad4(jsonBytes);
  const faceLabels = bytes.slice(offset, offset + h.faceCount);
  offset += pad4(h.faceCount);
  const vertexLabels = bytes.slice(offset, offset + h.vertexCount);
  offset += pad4(h.vertexCount);
  const paint: [number, number][] = [];
  for (let i = 0; i < h.paintCount; i++, offset += 8) {
    const face = view.getUint32(offset, true);
    if (face >= h.faceCount) throw corrupt(`paint on triangle ${face} of ${h.faceCount}`);
    paint.push([face, view.getUint32(offset + 4, true)]);
  }
  const solids = h.solids.map((s) => {
    const positions = new Float32Array(buf.slice(offset, offset + 12 * s.vertexCount));
    offset += 12 * s.vertexCount;
    const indices = new Uint32Array(buf.slice(offset, offset + 12 * s.triangleCount));
    offset += 12 * s.triangleCount;
    for (const i of indices) if (i >= s.vertexCount) throw corrupt(`the solid of tooth ${s.fdi} uses vertex ${i} of ${s.vertexCount}`);
    return { fdi: s.fdi, mesh: { positions, indices } };
  });
  for (const seed of h.seeds) {
    if (!Number.isInteger(seed?.fdi) || !Number.isInteger(seed.vertex) || seed.vertex >= h.vertexCount) throw corrupt('a seed is not on the scan');
  }
  return {
    version: 1, jaw: h.jaw, faceLabels, vertexLabels, seeds: h.seeds, paint, frame: h.frame,
    teeth: h.teeth, archCurve: h.archCurve, solids,
  };
}
