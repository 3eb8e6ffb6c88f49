// Hostile backup files, made in code from a seed (see README.md): zips whose headers say what
// the test wants, including sizes that lie, and the small valid scans and segmentations a
// backup must hold to be restored at all. Test support only; the app never imports this.
import { deflateSync, strToU8 } from 'fflate';
import { mulberry32 } from '../../core/random.ts';
import type { Jaw } from '../../core/types.ts';
import { encodeMesh } from '../../geometry/mesh-binary.ts';
import { encodeSegmentationRecord } from '../../geometry/segmentation-record.ts';
import type { SegmentationRecord } from '../../geometry/segmentation-record.ts';

export interface RawZipEntry {
  name: string;
  /** The bytes as they sit in the zip (already deflated for method 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** The uncompressed size both headers declare: free to lie. */
  declaredSize: number;
  crc: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An honest entry: deflated at level 9 (zeros shrink about a thousandfold). */
export function deflated(name: string, content: Uint8Array | string): RawZipEntry {
  const bytes = typeof content === 'string' ? strToU8(content) : content;
  return { name, data: deflateSync(bytes, { level: 9 }), method: 8, declaredSize: bytes.byteLength, crc: crc32(bytes) };
}

/** A zip (no zip64, no data descriptors) written exactly as the entries say. */
export function buildZip(entries: RawZipEntry[]): Uint8Array {
  const names = entries.map((e) => strToU8(e.name));
  const localSize = entries.reduce((n, e, i) => n + 30 + names[i].length + e.data.length, 0);
  const centralSize = entries.reduce((n, _, i) => n + 46 + names[i].length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  entries.forEach((e, i) => {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 8, e.method, true);
    view.setUint32(at + 14, e.crc, true);
    view.setUint32(at + 18, e.data.length, true);
    view.setUint32(at + 22, e.declaredSize, true);
    view.setUint16(at + 26, names[i].length, true);
    out.set(names[i], at + 30);
    out.set(e.data, at + 30 + names[i].length);
    at += 30 + names[i].length + e.data.length;
  });
  const central = at;
  entries.forEach((e, i) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 10, e.method, true);
    view.setUint32(at + 16, e.crc, true);
    view.setUint32(at + 20, e.data.length, true);
    view.setUint32(at + 24, e.declaredSize, true);
    view.setUint16(at + 28, names[i].length, true);
    view.setUint32(at + 42, offsets[i], true);
    out.set(names[i], at + 46);
    at += 46 + names[i].length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - central, true);
  view.setUint32(at + 16, central, true);
  return out;
}

/** A small valid stored scan (mesh-binary), `vertexCount` random points in an arch-sized box, fanned into triangles. */
export function scanBytes(seed: number, vertexCount = 40): ArrayBuffer {
  const rng = mulberry32(seed);
  const positions = Float32Array.from({ length: vertexCount * 3 }, () => (rng() - 0.5) * 60);
  const indices = new Uint32Array((vertexCount - 2) * 3);
  for (let t = 0; t < vertexCount - 2; t++) indices.set([0, t + 1, t + 2], t * 3);
  return encodeMesh({ positions, indices, labels: null });
}

/** A valid stored segmentation of a scan with these counts (labels only: no seeds, paint or solids). */
export function segmentationBytes(jaw: Jaw, vertexCount: number, triangleCount: number): ArrayBuffer {
  const record: SegmentationRecord = {
    version: 1,
    jaw,
    faceLabels: new Uint8Array(triangleCount).fill(11),
    vertexLabels: new Uint8Array(vertexCount).fill(11),
    seeds: [],
    paint: [],
    frame: { origin: [0, 0, 0], occlusal: [0, 0, 1], anterior: [0, 1, 0], left: [1, 0, 0], jawGuess: jaw, inwardNormals: false } as unknown as SegmentationRecord['frame'],
    teeth: [],
    archCurve: { points: [] },
    solids: [],
  };
  return encodeSegmentationRecord(record);
}

/** `n` seeded random bytes: what a damaged or forged blob looks like. */
export function randomBytes(seed: number, n: number): Uint8Array {
  const rng = mulberry32(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));
}
