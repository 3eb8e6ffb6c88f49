// Every way a dropped file can be wrong, each answered by one clear ImportError that names
// the file. The broken fixtures are generated here from the synthetic scan.
import { describe, expect, it } from 'vitest';
import { ImportError, MAX_TRIANGLES, detectFormat, importFiles, parseMesh, type ImportErrorCode, type InputFile } from './index.ts';
import { seededRandom, syntheticScan, trianglesOf } from '../fixtures/synthetic-scan.ts';
import { concat, text, writeAsciiStl, writeBinaryStl, writeObj, writePly } from '../fixtures/scan-writers.ts';

const scan = syntheticScan(7);
const triangles = trianglesOf(scan.mesh);
const goodStl = (): Uint8Array => writeBinaryStl(scan.mesh.positions, triangles);

function failure(file: InputFile, opts = {}): ImportError {
  try {
    parseMesh(file, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    const error = e as ImportError;
    expect(error.fileName).toBe(file.name);
    expect(error.message.startsWith(`${file.name}: `)).toBe(true);
    return error;
  }
  throw new Error(`${file.name} was accepted`);
}

function expectCode(file: InputFile, code: ImportErrorCode, message?: RegExp): ImportError {
  const error = failure(file);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  return error;
}

describe('empty files', () => {
  for (const name of ['upper.stl', 'upper.ply', 'upper.obj', 'upper']) {
    it(`${name} with 0 bytes`, () => expectCode({ name, bytes: new Uint8Array(0) }, 'empty', /empty \(0 bytes\)/));
  }
  it('only blank space', () => expectCode({ name: 'upper.obj', bytes: text(' \n\n\t\r\n') }, 'empty'));
  it('an OBJ with only comments', () => expectCode({ name: 'upper.obj', bytes: text('# nothing here\n# at all\n') }, 'empty'));
  it('an ASCII STL without facets', () => expectCode({ name: 'a.stl', bytes: text('solid a\nendsolid a\n') }, 'empty'));
  it('a binary STL with 0 triangles', () => {
    const bytes = new Uint8Array(84);
    expectCode({ name: 'a.stl', bytes }, 'empty');
  });
});

describe('truncated files', () => {
  it('binary STL cut mid-way says how many triangles arrived', () => {
    const bytes = goodStl();
    const cut = bytes.slice(0, 84 + 50 * 20 + 17);
    expectCode({ name: 'upper.stl', bytes: cut }, 'truncated', new RegExp(`ends after 20 of ${triangles.length} triangles \\(truncated\\)`));
  });
  it('binary STL shorter than its header', () => {
    const bytes = new Uint8Array(60).fill(1);
    expectCode({ name: 'upper.stl', bytes }, 'truncated', /84-byte header/);
  });
  it('ASCII STL cut inside a facet or before endsolid', () => {
    const bytes = writeAsciiStl(scan.mesh.positions, triangles);
    expectCode({ name: 'a.stl', bytes: bytes.slice(0, Math.floor(bytes.length / 2)) }, 'truncated');
    const withoutEnd = new TextDecoder().decode(bytes).replace(/endsolid.*\n$/, '');
    expectCode({ name: 'a.stl', bytes: text(withoutEnd) }, 'truncated', /endsolid/);
  });
  for (const format of ['binary_little_endian', 'binary_big_endian', 'ascii'] as const) {
    it(`PLY ${format} cut in the vertices and in the faces`, () => {
      const bytes = writePly(scan.mesh.positions, triangles, { format });
      const headerEnd = new TextDecoder().decode(bytes.subarray(0, 600)).indexOf('end_header') + 11;
      expectCode({ name: 'a.ply', bytes: bytes.slice(0, headerEnd + 40) }, 'truncated', /vertices \(truncated\)/);
      expectCode({ name: 'a.ply', bytes: bytes.slice(0, bytes.length - 7) }, 'truncated', new RegExp(`of ${triangles.length} faces \\(truncated\\)`));
    });
  }
  it('PLY cut inside its header', () => {
    expectCode({ name: 'a.ply', bytes: text('ply\nformat ascii 1.0\nelement vertex 3\nprop') }, 'truncated', /header/);
  });
});

describe('corrupt files', () => {
  it('random bytes named .stl (seed 99)', () => {
    const random = seededRandom(99);
    const bytes = new Uint8Array(5000).map(() => Math.floor(random() * 256));
    expectCode({ name: 'upper.stl', bytes }, 'corrupt');
  });
  it('random bytes named .ply and .obj (seed 100)', () => {
    const random = seededRandom(100);
    const bytes = new Uint8Array(5000).map(() => Math.floor(random() * 256));
    expectCode({ name: 'upper.ply', bytes }, 'corrupt');
    expectCode({ name: 'upper.obj', bytes }, 'corrupt');
  });
  it('binary STL with more data than its header says', () => {
    const bytes = concat(goodStl(), new Uint8Array(500));
    expectCode({ name: 'upper.stl', bytes }, 'corrupt', /header says/);
  });
  it('PLY header with an unknown property type or a bad element line', () => {
    expectCode({ name: 'a.ply', bytes: text('ply\nformat ascii 1.0\nelement vertex 1\nproperty quaternion x\nend_header\n1\n') }, 'corrupt', /PLY header/);
    expectCode({ name: 'a.ply', bytes: text('ply\nformat ascii 1.0\nelement vertex many\nend_header\n') }, 'corrupt', /element/);
  });
  it('PLY without x, y, z or without an index list', () => {
    expectCode({ name: 'a.ply', bytes: text('ply\nformat ascii 1.0\nelement vertex 1\nproperty float a\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n1\n3 0 0 0\n') }, 'corrupt');
    expectCode({ name: 'a.ply', bytes: text('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty int a\nend_header\n1 2 3\n0\n') }, 'corrupt');
  });
  it('face index out of range in PLY (binary and ascii) and OBJ', () => {
    const bad = triangles.map((t) => [...t]);
    bad[5][1] = 100_000;
    expectCode({ name: 'a.ply', bytes: writePly(scan.mesh.positions, bad, { format: 'binary_little_endian' }) }, 'corrupt', /face 6 refers to vertex 100000/);
    expectCode({ name: 'a.ply', bytes: writePly(scan.mesh.positions, bad, { format: 'ascii' }) }, 'corrupt', /face 6/);
    expectCode({ name: 'a.obj', bytes: writeObj(scan.mesh.positions, bad) }, 'corrupt', /triangle 6 refers to vertex 100001 but the file has 108 vertices/);
  });
  it('OBJ faces with vertex 0, a relative index before the start, garbage or two corners', () => {
    expectCode({ name: 'a.obj', bytes: text('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n') }, 'corrupt', /line 4.*vertex 0/);
    expectCode({ name: 'a.obj', bytes: text('v 0 0 0\nv 1 0 0\nv 0 1 0\nf -1 -2 -4\n') }, 'corrupt', /before the start/);
    expectCode({ name: 'a.obj', bytes: text('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 two 3\n') }, 'corrupt', /line 4: a face corner "two" is not a whole vertex number/);
    expectCode({ name: 'a.obj', bytes: text('v 0 0 0\nv 1 0 0\nf 1 2\n') }, 'corrupt', /2 corners/);
    expectCode({ name: 'a.obj', bytes: text('v 0 zero 0\nf 1 1 1\n') }, 'corrupt', /line 1/);
  });
  it('ASCII STL with a stray word', () => {
    const bad = new TextDecoder().decode(writeAsciiStl(scan.mesh.positions, triangles)).replace('endloop', 'endlop');
    expectCode({ name: 'a.stl', bytes: text(bad) }, 'corrupt', /line 7: unexpected "endlop"/);
  });
});

describe('files that are not meshes', () => {
  it('a JPEG photo', () => {
    const jpeg = concat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), text('JFIF'), new Uint8Array(300));
    expectCode({ name: 'smile.jpg', bytes: jpeg }, 'not-a-mesh', /JPEG image, not a 3D scan/);
    expectCode({ name: 'smile.stl', bytes: jpeg }, 'not-a-mesh', /JPEG/);
  });
  it('a PNG, a PDF and a zip', () => {
    expectCode({ name: 'x.png', bytes: concat(new Uint8Array([0x89]), text('PNG\r\n'), new Uint8Array(100)) }, 'not-a-mesh', /PNG/);
    expectCode({ name: 'referral.pdf', bytes: text('%PDF-1.7\n%....') }, 'not-a-mesh', /PDF/);
    expectCode({ name: 'case.zip', bytes: concat(text('PK\x03\x04'), new Uint8Array(100)) }, 'not-a-mesh', /zip/);
  });
  it('a text file', () => expectCode({ name: 'notes.txt', bytes: text('Patient prefers morning appointments.\n') }, 'not-a-mesh', /text file/));
  it('a JSON file parsed on its own', () => expectCode({ name: 'upper.json', bytes: text('{"jaw": "upper", "labels": [0, 11]}') }, 'not-a-mesh', /JSON/));
  it('a label JSON dropped without its scan', () => {
    const { arches, errors } = importFiles([{ name: 'upper.json', bytes: text('{"jaw": "upper", "labels": [0, 11]}') }]);
    expect(arches).toEqual([]);
    expect(errors.map((e) => [e.fileName, e.code])).toEqual([['upper.json', 'not-a-mesh']]);
    expect(errors[0].message).toMatch(/drop it together with its OBJ/);
  });
  it('random binary with no mesh extension (seed 4)', () => {
    const random = seededRandom(4);
    expectCode({ name: 'blob.bin', bytes: new Uint8Array(999).map(() => Math.floor(random() * 256)) }, 'not-a-mesh');
  });
  it('a PLY or OBJ point cloud without faces', () => {
    expectCode({ name: 'cloud.ply', bytes: writePly(scan.mesh.positions, [], { format: 'ascii' }) }, 'not-a-mesh', /point cloud/);
    expectCode({ name: 'cloud.obj', bytes: text('v 0 0 0\nv 1 0 0\n') }, 'not-a-mesh', /point cloud/);
  });
  it('a PLY in a format nobody writes', () => {
    expectCode({ name: 'a.ply', bytes: text('ply\nformat binary_middle_endian 1.0\nend_header\n') }, 'unsupported');
  });
});

describe('too large', () => {
  it('over maxBytes is refused before parsing', () => {
    const error = failure({ name: 'huge.stl', bytes: goodStl() }, { maxBytes: 1000 });
    expect(error.code).toBe('too-large');
  });
  it('a face count over MAX_TRIANGLES that the data could not hold is a damaged header', () => {
    const bytes = text(`ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face ${MAX_TRIANGLES + 1}\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n`);
    expectCode({ name: 'dense.ply', bytes }, 'corrupt', /header says 5,000,001 faces but the file's 6 bytes of data can hold at most 0/);
  });
  it('over MAX_TRIANGLES with the data present is too large, refused before reading it', () => {
    const head = text(`ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty uchar x\nproperty uchar y\nproperty uchar z\nelement face ${MAX_TRIANGLES + 1}\nproperty list uchar uchar vertex_indices\nend_header\n`);
    const data = new Uint8Array(9 + 4 * (MAX_TRIANGLES + 1));
    data.set([0, 0, 0, 60, 0, 0, 0, 45, 0]);
    for (let at = 9; at < data.length; at += 4) data.set([3, 0, 1, 2], at);
    expectCode({ name: 'dense.ply', bytes: concat(head, data) }, 'too-large', /the scan has 5,000,001 faces, more than the 5,000,000 triangles/);
  });
  it('a binary STL header claiming billions of triangles is corrupt, not truncated', () => {
    const bytes = goodStl();
    new DataView(bytes.buffer).setUint32(80, 3_000_000_000, true);
    expectCode({ name: 'a.stl', bytes }, 'corrupt', /claims 3,000,000,000 triangles/);
  });
});

describe('NaN and infinite coordinates', () => {
  it('binary STL', () => {
    const bytes = goodStl();
    new DataView(bytes.buffer).setFloat32(84 + 50 * 3 + 12 + 4, Number.NaN, true);
    expectCode({ name: 'a.stl', bytes }, 'nan', /not a number/);
  });
  it('OBJ and ASCII STL spelled out', () => {
    expectCode({ name: 'a.obj', bytes: text('v nan 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n') }, 'nan');
    expectCode({ name: 'a.obj', bytes: text('v 0 0 0\nv -inf 0 0\nv 0 1 0\nf 1 2 3\n') }, 'nan', /vertex 2/);
    const stl = new TextDecoder().decode(writeAsciiStl(scan.mesh.positions, triangles)).replace(/vertex \S+/, 'vertex 1.#INF');
    expectCode({ name: 'a.stl', bytes: text(stl) }, 'nan');
  });
  it('binary PLY with a double infinity', () => {
    const positions = new Float32Array(scan.mesh.positions);
    positions[10] = Infinity;
    expectCode({ name: 'a.ply', bytes: writePly(positions, triangles, { format: 'binary_little_endian', coordType: 'double' }) }, 'nan');
  });
});

describe('detectFormat', () => {
  it('judges by content, not the extension', () => {
    expect(detectFormat('scan.dat', goodStl())).toBe('stl-binary');
    expect(detectFormat('scan.txt', writeObj(scan.mesh.positions, triangles))).toBe('obj');
    expect(detectFormat('scan.obj', writeAsciiStl(scan.mesh.positions, triangles))).toBe('stl-ascii');
    expect(detectFormat('scan', writePly(scan.mesh.positions, triangles, { format: 'binary_big_endian' }))).toBe('ply-binary');
    expect(detectFormat('scan.stl', writePly(scan.mesh.positions, triangles, { format: 'ascii' }))).toBe('ply-ascii');
  });
});

describe('one bad file never stops the others', () => {
  it('returns the good arch and the bad file\'s error', () => {
    const { arches, errors } = importFiles([
      { name: 'broken.stl', bytes: goodStl().slice(0, 500) },
      { name: 'upper.stl', bytes: goodStl() },
      { name: 'photo.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 1, 2, 3]) },
    ]);
    expect(arches.map((a) => a.report.sourceFiles)).toEqual([['upper.stl']]);
    expect(errors.map((e) => [e.fileName, e.code])).toEqual([['broken.stl', 'truncated'], ['photo.jpg', 'not-a-mesh']]);
  });
});

describe('issue #9: counts checked against the bytes, clear words', () => {
  const plyHead = (format: string, body: string) => text(`ply\nformat ${format} 1.0\n${body}end_header\n`);
  const xyz = 'element vertex 3\nproperty float x\nproperty float y\nproperty float z\n';

  it('an ASCII face claiming billions of corners is refused without reading them', () => {
    const bytes = concat(plyHead('ascii', `${xyz}element face 1\nproperty list uint int vertex_indices\n`), text('0 0 0\n60 0 0\n0 45 9\n4294967295 0 1 2\n'));
    expectCode({ name: 'a.ply', bytes }, 'corrupt', /face 1 claims 4,294,967,295 corners/);
  });
  it('a list of another element claiming billions of values runs out instead of looping', () => {
    const bytes = concat(plyHead('ascii', `${xyz}element face 1\nproperty list uchar int vertex_indices\nproperty list uint float texcoord\n`),
      text('0 0 0\n60 0 0\n0 45 9\n3 0 1 2 4000000000 0.5\n'));
    expectCode({ name: 'a.ply', bytes }, 'corrupt', /face 1 claims 4,000,000,000 values/);
  });
  it('an element without properties claiming billions of items is not iterated', () => {
    const bytes = writePly(scan.mesh.positions, triangles, { format: 'ascii' });
    const withEmpty = new TextDecoder().decode(bytes).replace('end_header', 'element nothing 4000000000\nend_header');
    expect(parseMesh({ name: 'a.ply', bytes: text(withEmpty) }).mesh.indices.length).toBe(triangles.length * 3);
  });
  it('a wrong byte order is named for what it is, caught on a face index too (1-byte corner counts)', () => {
    const big = new TextDecoder('latin1').decode(writePly(scan.mesh.positions, triangles, { format: 'binary_big_endian' }));
    const lie = Uint8Array.from(big.replace('binary_big_endian', 'binary_little_endian'), (ch) => ch.charCodeAt(0));
    expectCode({ name: 'a.ply', bytes: lie }, 'corrupt', /header says binary_little_endian but the numbers are stored big-endian/);
  });
  it('a vertex count over the limit that the data could hold is too large, in vertices', () => {
    const count = 15_000_001;
    const head = plyHead('binary_little_endian', `element vertex ${count}\nproperty uchar x\nproperty uchar y\nproperty uchar z\nelement face 1\nproperty list uchar uchar vertex_indices\n`);
    const bytes = concat(head, new Uint8Array(count * 3 + 4));
    expectCode({ name: 'a.ply', bytes }, 'too-large', /the scan has 15,000,001 vertices, more than the 15,000,000 vertices/);
  });
  it('OBJ vertex numbers past the limit are quoted as written, negative ones too', () => {
    expectCode({ name: 'a.obj', bytes: text('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 99999999999999999999/1/1\n') }, 'corrupt', /line 4: a face refers to vertex 99999999999999999999,/);
    expectCode({ name: 'a.obj', bytes: text('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 -4294967296\n') }, 'corrupt', /line 4: a face refers to vertex -4294967296 before the start/);
  });
  it('OBJ corners that are not whole numbers are refused, quoted', () => {
    for (const corner of ['1.5', '2x', '3/1.5x', '1e2']) {
      expectCode({ name: 'a.obj', bytes: text(`v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 ${corner}\n`) }, 'corrupt', new RegExp(`a face corner "${corner.replace('.', '\\.')}" is not a whole vertex number`));
    }
  });
  it('UTF-16 without a byte-order mark (big-endian) is named, not called damaged', () => {
    const obj = 'v 0 0 0\nv 60 0 0\nv 0 45 9\nf 1 2 3\n';
    const be = new Uint8Array(obj.length * 2);
    for (let i = 0; i < obj.length; i++) be[i * 2 + 1] = obj.charCodeAt(i);
    expectCode({ name: 'a.obj', bytes: be }, 'unsupported', /saved as UTF-16 text/);
  });
  it('a NaN coordinate is still "not a number", 1e7 is not a position', () => {
    expectCode({ name: 'a.obj', bytes: text('v 0 0 0\nv 1e7 0 0\nv 0 1 0\nf 1 2 3\n') }, 'implausible', /vertex 2 has a coordinate of 1e7,/);
  });
  it('a parser failure is reported in plain words, without the engine\'s message', () => {
    const { errors } = importFiles([{ name: 'x.stl', bytes: goodStl() }], {
      onProgress: (_f, stage) => {
        if (stage.startsWith('reading')) throw new RangeError('Invalid typed array length: Infinity');
      },
    });
    expect(errors.map((e) => e.code)).toEqual(['too-large']);
    expect(errors[0].message).toBe('x.stl: the file needs more memory than the studio can give it; it is damaged or too large.');
  });
});

describe('issue #9: shapes that are not a surface', () => {
  it('a flat (0 mm high) scan is still a surface and imports', () => {
    const flat = new Float32Array(scan.mesh.positions);
    for (let i = 2; i < flat.length; i += 3) flat[i] = 0;
    const { arches, errors } = importFiles([{ name: 'flat.stl', bytes: writeBinaryStl(flat, triangles) }]);
    expect(errors).toEqual([]);
    expect(arches[0].report.sizeMm[2]).toBe(0);
  });
  it('triangles along a diagonal line (float rounding, not exact zeros) are refused', () => {
    const line = new Float32Array(60);
    for (let i = 0; i < 20; i++) line.set([i * 3.1, i * 1.7, i * 0.3], i * 3);
    const tris = Array.from({ length: 18 }, (_, i) => [i, i + 1, i + 2]);
    const { arches, errors } = importFiles([{ name: 'line.stl', bytes: writeBinaryStl(line, tris) }]);
    expect(arches).toEqual([]);
    expect(errors.map((e) => [e.code, e.message])).toEqual([['degenerate', 'line.stl: the 18 triangles have no area (their corners lie on a line or on one point), so this is not a surface scan; the export is broken.']]);
  });
});
