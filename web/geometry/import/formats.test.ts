// Every format written from one synthetic mesh and read back: the geometry must survive.
import { describe, expect, it } from 'vitest';
import { detectFormat, parseMesh } from './index.ts';
import { cornerPositions, syntheticScan, trianglesOf } from '../fixtures/synthetic-scan.ts';
import { concat, text, writeAsciiStl, writeBinaryStl, writeObj, writePly, type PlyOptions } from '../fixtures/scan-writers.ts';
import type { Mesh } from '../mesh.ts';
import { readObj } from './obj.ts';

const SEED = 42;
const scan = syntheticScan(SEED);
const triangles = trianglesOf(scan.mesh);

function expectSameIndexedMesh(got: Mesh, want: Mesh): void {
  expect(got.positions).toEqual(want.positions);
  expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
}

describe(`STL round trips (seed ${SEED})`, () => {
  it('binary STL: welded back to the same vertices, triangles in file order', () => {
    const parsed = parseMesh({ name: 'scan.stl', bytes: writeBinaryStl(scan.mesh.positions, triangles) });
    expect(parsed.format).toBe('stl-binary');
    expect(parsed.trianglesIn).toBe(triangles.length);
    expect(parsed.verticesIn).toBe(triangles.length * 3);
    expect(parsed.mesh.positions.length).toBe(scan.mesh.positions.length);
    expect(cornerPositions(parsed.mesh)).toEqual(cornerPositions(scan.mesh));
  });

  it('binary STL whose header starts with "solid" is still read as binary', () => {
    const bytes = writeBinaryStl(scan.mesh.positions, triangles, 'solid exported by a careless scanner');
    expect(detectFormat('scan.stl', bytes)).toBe('stl-binary');
    expect(parseMesh({ name: 'scan.stl', bytes }).trianglesIn).toBe(triangles.length);
  });

  it('ASCII STL (LF and CRLF)', () => {
    for (const crlf of [false, true]) {
      const parsed = parseMesh({ name: 'scan.stl', bytes: writeAsciiStl(scan.mesh.positions, triangles, { crlf }) });
      expect(parsed.format).toBe('stl-ascii');
      expect(parsed.mesh.positions.length).toBe(scan.mesh.positions.length);
      expect(cornerPositions(parsed.mesh)).toEqual(cornerPositions(scan.mesh));
    }
  });

  it('ASCII STL with quad facets is fanned into the same triangles', () => {
    const parsed = parseMesh({ name: 'scan.stl', bytes: writeAsciiStl(scan.mesh.positions, scan.quads) });
    expect(cornerPositions(parsed.mesh)).toEqual(cornerPositions(scan.mesh));
  });

  it('ASCII STL with several solids reads them all', () => {
    const half = Math.floor(triangles.length / 2);
    const a = writeAsciiStl(scan.mesh.positions, triangles.slice(0, half));
    const b = writeAsciiStl(scan.mesh.positions, triangles.slice(half));
    const parsed = parseMesh({ name: 'scan.stl', bytes: concat(a, b) });
    expect(cornerPositions(parsed.mesh)).toEqual(cornerPositions(scan.mesh));
  });
});

describe(`PLY round trips (seed ${SEED})`, () => {
  const variants: PlyOptions[] = [
    { format: 'ascii' },
    { format: 'binary_little_endian' },
    { format: 'binary_big_endian' },
    { format: 'binary_little_endian', coordType: 'double', countType: 'int', indexType: 'uint' },
    { format: 'binary_big_endian', coordType: 'double', countType: 'int', indexType: 'int', extras: true },
    { format: 'ascii', extras: true, countType: 'int' },
  ];
  for (const opts of variants) {
    it(`${JSON.stringify(opts)}: vertices in file order, same triangles`, () => {
      const parsed = parseMesh({ name: 'scan.ply', bytes: writePly(scan.mesh.positions, triangles, opts) });
      expect(parsed.format).toBe(opts.format === 'ascii' ? 'ply-ascii' : 'ply-binary');
      expectSameIndexedMesh(parsed.mesh, scan.mesh);
      expect(parsed.verticesIn).toBe(scan.mesh.positions.length / 3);
    });
  }

  it('quads are fanned into the triangles (a,b,c) (a,c,d)', () => {
    for (const format of ['ascii', 'binary_little_endian', 'binary_big_endian'] as const) {
      const parsed = parseMesh({ name: 'scan.ply', bytes: writePly(scan.mesh.positions, scan.quads, { format }) });
      expectSameIndexedMesh(parsed.mesh, scan.mesh);
      expect(parsed.trianglesIn).toBe(scan.quads.length * 2);
    }
  });

  it('a comment mentioning "format" before the format line does not confuse detection', () => {
    const bytes = writePly(scan.mesh.positions, triangles, { format: 'binary_big_endian' });
    const withComment = concat(text('ply\ncomment format exported by LabScan 3\n'), bytes.subarray(4));
    const parsed = parseMesh({ name: 'scan.ply', bytes: withComment });
    expect(parsed.format).toBe('ply-binary');
    expectSameIndexedMesh(parsed.mesh, scan.mesh);
  });

  it('integer vertex coordinates', () => {
    const rounded = scan.mesh.positions.map((v) => Math.round(v) + 0); // + 0: an int has no -0
    const parsed = parseMesh({ name: 'scan.ply', bytes: writePly(rounded, triangles, { format: 'binary_big_endian', coordType: 'int' }) });
    expect(parsed.mesh.positions).toEqual(rounded);
  });
});

describe(`OBJ round trips (seed ${SEED})`, () => {
  for (const form of ['v', 'v/vt', 'v//vn', 'v/vt/vn'] as const) {
    it(`faces written as ${form}, with vt/vn/o/g/s/usemtl records to ignore`, () => {
      const parsed = parseMesh({ name: 'scan.obj', bytes: writeObj(scan.mesh.positions, triangles, { form }) });
      expect(parsed.format).toBe('obj');
      expectSameIndexedMesh(parsed.mesh, scan.mesh);
    });
  }

  it('negative (relative) indices with interleaved vertices and faces', () => {
    const parsed = parseMesh({ name: 'scan.obj', bytes: writeObj(scan.mesh.positions, triangles, { negative: true, interleave: true, form: 'v/vt/vn' }) });
    expectSameIndexedMesh(parsed.mesh, scan.mesh);
  });

  it('quads with negative indices are fanned', () => {
    const parsed = parseMesh({ name: 'scan.obj', bytes: writeObj(scan.mesh.positions, scan.quads, { negative: true, interleave: true }) });
    expectSameIndexedMesh(parsed.mesh, scan.mesh);
  });

  it('keeps vertices no face uses (labels are per vertex in file order)', () => {
    const extra = new Float32Array([...scan.mesh.positions, 1, 2, 3]);
    const parsed = parseMesh({ name: 'scan.obj', bytes: writeObj(extra, triangles) });
    expect(parsed.mesh.positions).toEqual(extra);
  });

  it('reads CRLF lines, tabs, a byte-order mark and exponents', () => {
    const obj = '\uFEFF# exported\r\nv\t1.5e1 -2.5E+0 3\r\nv 0.1 .5 -7.\r\nv 1e-3 2 3 1.0\r\nf 1 2 3\r\n';
    const parsed = parseMesh({ name: 'tiny.obj', bytes: text(obj) });
    expect(Array.from(parsed.mesh.positions)).toEqual(Array.from(new Float32Array([15, -2.5, 3, 0.1, 0.5, -7, 0.001, 2, 3])));
    expect(Array.from(parsed.mesh.indices)).toEqual([0, 1, 2]);
  });
});

describe('number parsing', () => {
  it('gives the same float32 as parseFloat for long and extreme numbers', () => {
    const values = ['3.14159265358979323846', '-0.000000000000000000000001234', '1e30', '123456789012345678', '0.1', '-0', '7.0000001', '1.17549435e-38'];
    const obj = `v ${values.slice(0, 3).join(' ')}\nv ${values.slice(3, 6).join(' ')}\nv ${values.slice(6).join(' ')} 0\nf 1 2 3\n`;
    // The reader itself: parseMesh refuses 1e30 as no position on a scan.
    const parsed = { mesh: readObj('numbers.obj', text(obj), () => {}) };
    const want = new Float32Array([...values, '0'].map(parseFloat));
    expect(Array.from(parsed.mesh.positions)).toEqual(Array.from(want));
  });
});

describe('issue #9: files that must read', () => {
  it('OBJ faces with a trailing # comment', () => {
    const parsed = parseMesh({ name: 'c.obj', bytes: text('v 0 0 0\nv 60 0 0\nv 0 45 9\nf 1 2 3 # the only face\nf 3 2 1#tight\n') });
    expect(Array.from(parsed.mesh.indices)).toEqual([0, 1, 2, 2, 1, 0]);
  });

  it('OBJ, ASCII STL and ASCII PLY with classic Mac (CR-only) line endings', () => {
    const cr = (bytes: Uint8Array) => text(new TextDecoder().decode(bytes).replace(/\n/g, '\r'));
    const obj = parseMesh({ name: 'mac.obj', bytes: cr(writeObj(scan.mesh.positions, triangles)) });
    expectSameIndexedMesh(obj.mesh, scan.mesh);
    const ply = parseMesh({ name: 'mac.ply', bytes: cr(writePly(scan.mesh.positions, triangles, { format: 'ascii' })) });
    expectSameIndexedMesh(ply.mesh, scan.mesh);
    const stl = parseMesh({ name: 'mac.stl', bytes: cr(writeAsciiStl(scan.mesh.positions, triangles)) });
    expect(cornerPositions(stl.mesh)).toEqual(cornerPositions(scan.mesh));
  });

  it('binary PLY with a CR-only header, and data whose first byte is a space or CR', () => {
    const positions = new Float32Array(scan.mesh.positions);
    // 0x3F800020 and 0x3F80000D: little-endian they start with 0x20 / 0x0D, which a
    // "skip blanks after end_header" would eat.
    for (const low of [0x20, 0x0d]) {
      const view = new DataView(new ArrayBuffer(4));
      view.setUint32(0, 0x3f800000 | low);
      positions[0] = view.getFloat32(0);
      const lf = writePly(positions, triangles, { format: 'binary_little_endian' });
      expectSameIndexedMesh(parseMesh({ name: 'b.ply', bytes: lf }).mesh, { positions, indices: scan.mesh.indices });
      const headerEnd = new TextDecoder('latin1').decode(lf).indexOf('end_header\n') + 11;
      const head = text(new TextDecoder().decode(lf.subarray(0, headerEnd)).replace(/\n/g, '\r'));
      const crHeader = concat(head, lf.subarray(headerEnd));
      expectSameIndexedMesh(parseMesh({ name: 'b.ply', bytes: crHeader }).mesh, { positions, indices: scan.mesh.indices });
    }
  });
});
