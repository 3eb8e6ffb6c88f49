import { describe, expect, it } from 'vitest';
import { isClosed } from './collision-solid.ts';
import { estimateArchFrame } from './segmentation/arch-frame.ts';
import { loadRealScan } from './fixtures/real-scan.ts';
import type { Segmentation } from './segmentation/segment.ts';
import {
  buildSegmentationRecord, decodeSegmentationRecord, encodeSegmentationRecord, SegmentationRecordError,
} from './segmentation-record.ts';
import { adjustToothAxes } from './tooth-axes.ts';

const UPPER = [11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27];

/** The ground truth as if the planner had produced it: seeds on each tooth, two painted faces. */
function groundTruthSegmentation(): { seg: Segmentation; mesh: ReturnType<typeof loadRealScan>['mesh'] } {
  const { mesh, faceLabels, vertexLabels } = loadRealScan();
  const seeds = UPPER.map((fdi) => ({ fdi, vertex: vertexLabels.indexOf(fdi) }));
  const paint = new Map<number, number>([[faceLabels.indexOf(11), 11], [faceLabels.indexOf(0), 0]]);
  const seg: Segmentation = {
    faceLabels, vertexLabels, seeds, paint, frame: estimateArchFrame(mesh, 'upper'), scale: 1.3, warnings: [], fields: [],
  };
  return { seg, mesh };
}

describe('SegmentationRecord on upper-arch-01 ground truth', () => {
  const { seg, mesh } = groundTruthSegmentation();
  const adjusted = adjustToothAxes({
    fdi: 11, origin: [0, 0, 0], mesial: [1, 0, 0], buccal: [0, -1, 0], occlusal: [0, 0, -1],
    widthMm: 9, contactMesial: null, contactDistal: null, adjusted: false,
  }, { tipDeg: 3, torqueDeg: 0, rotationDeg: 0 });
  const record = buildSegmentationRecord(mesh, seg, 'upper', [adjusted]);

  it('holds a closed solid and axes for every tooth, with the planner override in place', () => {
    expect(record.solids.map((s) => s.fdi)).toEqual(UPPER);
    for (const s of record.solids) expect(isClosed(s.mesh)).toBe(true);
    expect(record.teeth.map((t) => t.fdi).sort()).toEqual(UPPER);
    expect(record.teeth.find((t) => t.fdi === 11)).toEqual(adjusted);
    expect(record.teeth.find((t) => t.fdi === 21)!.adjusted).toBe(false);
    expect(record.archCurve.points.length).toBeGreaterThan(50);
  });

  it('round-trips through the binary encoding unchanged', () => {
    const bytes = encodeSegmentationRecord(record);
    const back = decodeSegmentationRecord(bytes);
    // Typed arrays compared as bytes (element-wise toEqual on 100k entries takes seconds).
    const same = (a: ArrayBufferView, b: ArrayBufferView) =>
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    const plain = (r: typeof record) => ({ ...r, faceLabels: null, vertexLabels: null, solids: r.solids.map((x) => x.fdi) });
    expect(plain(back)).toEqual(plain(record));
    expect(same(back.faceLabels, record.faceLabels)).toBe(true);
    expect(same(back.vertexLabels, record.vertexLabels)).toBe(true);
    back.solids.forEach((x, i) => {
      expect(same(x.mesh.positions, record.solids[i].mesh.positions)).toBe(true);
      expect(same(x.mesh.indices, record.solids[i].mesh.indices)).toBe(true);
    });
    expect(back.faceLabels).toBeInstanceOf(Uint8Array);
    expect(back.solids[0].mesh.positions).toBeInstanceOf(Float32Array);
    // Encoding is deterministic: the same record gives the same bytes.
    expect(same(new Uint8Array(encodeSegmentationRecord(back)), new Uint8Array(bytes))).toBe(true);
  });

  it('refuses a wrong magic, an unknown version and a truncated blob with a clear error', () => {
    const bytes = new Uint8Array(encodeSegmentationRecord(record));
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 'X'.charCodeAt(0);
    expect(() => decodeSegmentationRecord(wrongMagic.buffer)).toThrow(/not a stored segmentation: expected the 'ASSG' header, found "XSSG"/);
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(4, 2, true);
    expect(() => decodeSegmentationRecord(newer.buffer)).toThrow(/version 2 is not supported.*newer version/);
    expect(() => decodeSegmentationRecord(bytes.slice(0, bytes.length - 4).buffer)).toThrow(/truncated: \d+ bytes, expected \d+/);
    expect(() => decodeSegmentationRecord(bytes.slice(0, 100).buffer)).toThrow(/truncated: its header needs/);
    expect(() => decodeSegmentationRecord(bytes.slice(0, 5).buffer)).toThrow(SegmentationRecordError);
    const badJson = bytes.slice();
    badJson[12] = 'x'.charCodeAt(0);
    expect(() => decodeSegmentationRecord(badJson.buffer)).toThrow(/corrupt: the header is not valid JSON/);
  });
});
