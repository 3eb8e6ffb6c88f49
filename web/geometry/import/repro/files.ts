// The hostile files of issue #9 as code: each one small, named for what is wrong with it,
// with the message the importer must give. The committed files beside this one are what
// `REPRO_WRITE=1 npx vitest run web/geometry/import/repro.test.ts` writes from here, and
// that test fails when a committed file and its recipe drift apart.
import type { ImportErrorCode } from '../errors.ts';
import { syntheticScan, trianglesOf } from '../../fixtures/synthetic-scan.ts';
import { concat, text, writeBinaryStl, writeObj, writePly } from '../../fixtures/scan-writers.ts';

export interface ReproFile {
  name: string;
  bytes: Uint8Array;
  code: ImportErrorCode;
  /** What the message must say after "<name>: ". */
  message: RegExp;
  /** One line for the folder's README. */
  what: string;
}

/** A jittered arch-sized height field (60 x 45 mm): any file built on it fails only for its flaw. */
const grid = syntheticScan(9, 10, 7);
const gridTriangles = trianglesOf(grid.mesh);

function plyFaceClaimsAllCorners(): Uint8Array {
  const header = text('ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n'
    + 'element face 1\nproperty list uint int vertex_indices\nend_header\n');
  const data = new Uint8Array(40);
  const view = new DataView(data.buffer);
  [0, 0, 0, 10, 0, 0, 0, 10, 0].forEach((v, i) => view.setFloat32(i * 4, v, true));
  view.setUint32(36, 0xffffffff, true);
  return concat(header, data); // 208 bytes
}

/** Written big-endian, declared little-endian, with a 4-byte corner count as some exporters write. */
function plyWrongByteOrder(): Uint8Array {
  const big = writePly(grid.mesh.positions, gridTriangles, { format: 'binary_big_endian', countType: 'int' });
  const decoded = new TextDecoder('latin1').decode(big);
  const at = decoded.indexOf('binary_big_endian');
  return concat(big.subarray(0, at), text('binary_little_endian'), big.subarray(at + 'binary_big_endian'.length));
}

function stlColinear(): Uint8Array {
  const positions: number[] = [];
  const triangles: number[][] = [];
  for (let i = 0; i < 21; i++) positions.push(i * 3, 0, 0);
  for (let i = 0; i + 2 < 21; i++) triangles.push([i, i + 1, i + 2]);
  return writeBinaryStl(new Float32Array(positions), triangles);
}

function objWithCoordinate(value: string): Uint8Array {
  const obj = new TextDecoder().decode(writeObj(grid.mesh.positions, gridTriangles));
  return text(obj.replace(/^v (\S+)/m, `v ${value}`));
}

function objCrOnly(): Uint8Array {
  // A 10 mm square: once read, it is a surface (not "a point cloud") that is too small for an arch.
  return text('# exported with classic Mac line endings\rv 0 0 0\rv 10 0 0\rv 10 10 0\rv 0 10 0\rf 1 2 3\rf 1 3 4\r');
}

function objUtf16(): Uint8Array {
  const obj = new TextDecoder().decode(writeObj(grid.mesh.positions, gridTriangles.slice(0, 20)));
  const out = new Uint8Array(2 + obj.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < obj.length; i++) out[2 + i * 2] = obj.charCodeAt(i);
  return out;
}

function objWithFace(face: string): Uint8Array {
  const obj = new TextDecoder().decode(writeObj(grid.mesh.positions, gridTriangles));
  return text(obj.replace(/^f .*$/m, face));
}

/** A PNG whose bytes 80-83 read as a binary STL's triangle count matching the file's length. */
function pngOfStlSize(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(text(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const idat = new Uint8Array([0x78, 0x9c, 0x63, 0x60, 0x60, 0x60, 0x60, 0, 0, 0, 5, 0, 1]);
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // sig 8 + IHDR 25 + private chunk (12 + n) + IDAT 25 + IEND 12 = 84 + 50 * 3 when n = 152;
  // its data starts at byte 41, so data[39..42] are the file's bytes 80..83.
  const filler = new Uint8Array(152).fill(0x20);
  filler.set([3, 0, 0, 0], 39);
  return concat(signature, chunk('IHDR', ihdr), chunk('stLz', filler), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0)));
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function plyClaimsVertices(count: string): Uint8Array {
  return text(`ply\nformat ascii 1.0\nelement vertex ${count}\nproperty float x\nproperty float y\nproperty float z\n`
    + 'element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n10 0 0\n0 10 0\n3 0 1 2\n');
}

function stlTruncated(): Uint8Array {
  const stl = writeBinaryStl(grid.mesh.positions, gridTriangles);
  return stl.slice(0, 84 + 50 * 40 + 17);
}

function plyTruncated(): Uint8Array {
  const ply = writePly(grid.mesh.positions, gridTriangles, { format: 'binary_little_endian' });
  return ply.slice(0, ply.length - 100);
}

function stlClaimsBillions(): Uint8Array {
  const stl = writeBinaryStl(grid.mesh.positions, gridTriangles);
  new DataView(stl.buffer).setUint32(80, 3_000_000_000, true);
  return stl;
}

function stlAllOnePoint(): Uint8Array {
  return writeBinaryStl(new Float32Array([5, 5, 5]), Array.from({ length: 12 }, () => [0, 0, 0]));
}

const T = gridTriangles.length;

export function reproFiles(): ReproFile[] {
  return [
    { name: 'ply-face-claims-4294967295-corners.ply', bytes: plyFaceClaimsAllCorners(), code: 'corrupt',
      message: /face 1 claims 4,294,967,295 corners/, what: '208-byte binary PLY whose only face says it has 0xFFFFFFFF corners' },
    { name: 'ply-wrong-byte-order.ply', bytes: plyWrongByteOrder(), code: 'corrupt',
      message: /header says binary_little_endian but the numbers are stored big-endian/,
      what: '3 KB PLY written big-endian under a binary_little_endian header (4-byte corner counts)' },
    { name: 'stl-colinear-triangles.stl', bytes: stlColinear(), code: 'degenerate',
      message: /the 19 triangles have no area/, what: 'binary STL, 60 mm long, every triangle on one line' },
    { name: 'stl-all-one-point.stl', bytes: stlAllOnePoint(), code: 'degenerate',
      message: /the 12 triangles have no area/, what: 'binary STL whose triangles all sit on one point' },
    { name: 'obj-coordinate-1e38.obj', bytes: objWithCoordinate('1e38'), code: 'implausible',
      message: /vertex 1 has a coordinate of 1e38, which is not a position on a scan in mm/, what: 'OBJ with one coordinate of 1e38' },
    { name: 'obj-cr-line-endings.obj', bytes: objCrOnly(), code: 'units',
      message: /the scan spans 10 mm; an arch spans 40-90 mm/,
      what: 'OBJ with classic Mac (CR-only) line endings: read as a surface, refused as a 10 mm square, not "a point cloud"' },
    { name: 'obj-saved-as-utf16.obj', bytes: objUtf16(), code: 'unsupported',
      message: /saved as UTF-16 text; save it again as UTF-8 or ASCII/, what: 'OBJ saved as UTF-16 (little-endian, with a byte-order mark)' },
    { name: 'png-with-stl-size.stl', bytes: pngOfStlSize(), code: 'not-a-mesh',
      message: /this is a PNG image, not a 3D scan/, what: 'a PNG whose length matches the triangle count a binary STL would read at byte 80' },
    { name: 'obj-vertex-number-above-2-32.obj', bytes: objWithFace('f 1 2 4294967299'), code: 'corrupt',
      message: /line \d+: a face refers to vertex 4294967299/, what: 'OBJ face naming vertex 4294967299 (2^32 + 3, which used to wrap round to vertex 3)' },
    { name: 'obj-vertex-number-huge.obj', bytes: objWithFace('f 1 2 123456789012345678901234567890'), code: 'corrupt',
      message: /a face refers to vertex 123456789012345678901234567890/, what: 'OBJ face naming a 30-digit vertex number' },
    { name: 'obj-fractional-vertex-number.obj', bytes: objWithFace('f 1.5 2 3'), code: 'corrupt',
      message: /line \d+: a face corner "1\.5" is not a whole vertex number/, what: 'OBJ face "f 1.5 2 3" (used to read as "f 1 2 3")' },
    { name: 'ply-claims-4e9-vertices.ply', bytes: plyClaimsVertices('4000000000'), code: 'corrupt',
      message: /header says 4,000,000,000 vertices/, what: 'ASCII PLY whose header claims 4,000,000,000 vertices (used to be called triangles)' },
    { name: 'stl-claims-3e9-triangles.stl', bytes: stlClaimsBillions(), code: 'corrupt',
      message: /claims 3,000,000,000 triangles/, what: 'binary STL whose header claims 3,000,000,000 triangles' },
    { name: 'stl-truncated.stl', bytes: stlTruncated(), code: 'truncated',
      message: new RegExp(`ends after 40 of ${T} triangles \\(truncated\\)`), what: `binary STL cut after 40 of its ${T} triangles` },
    { name: 'ply-truncated.ply', bytes: plyTruncated(), code: 'truncated',
      message: /faces \(truncated\)/, what: 'binary PLY with its last 100 bytes cut off' },
    { name: 'obj-truncated.obj', bytes: text('v 0 0 0\nv 60 0 0\nv 0 45 10\nf 1 2 3\nv 1.5 2'), code: 'truncated',
      message: /ends inside vertex 4 \(truncated\)/, what: 'OBJ ending in the middle of a vertex line' },
    { name: 'empty.stl', bytes: new Uint8Array(0), code: 'empty', message: /the file is empty \(0 bytes\)/, what: 'an empty file' },
    { name: 'referral-letter.ply', bytes: concat(text('%PDF-1.7\n%'), new Uint8Array([0xe2, 0xe3, 0xcf, 0xd3]), text('\n1 0 obj\n')), code: 'not-a-mesh',
      message: /this is a PDF document, not a 3D scan/, what: 'a PDF renamed to .ply' },
  ];
}
