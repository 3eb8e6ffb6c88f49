// Minimal writers for every format the importer reads, so tests can produce each variant
// (endianness, property types, index forms, polygons) from one synthetic mesh.
const encoder = new TextEncoder();

export function writeBinaryStl(positions: Float32Array, triangles: number[][], header = 'synthetic scan'): Uint8Array {
  const bytes = new Uint8Array(84 + 50 * triangles.length);
  bytes.set(encoder.encode(header.slice(0, 80)));
  const view = new DataView(bytes.buffer);
  view.setUint32(80, triangles.length, true);
  triangles.forEach((tri, t) => {
    const at = 84 + t * 50;
    tri.forEach((v, k) => {
      for (let a = 0; a < 3; a++) view.setFloat32(at + 12 + k * 12 + a * 4, positions[v * 3 + a], true);
    });
  });
  return bytes;
}

/** Polygons with more than three corners are written as one facet (a few exporters do). */
export function writeAsciiStl(positions: Float32Array, faces: number[][], opts: { crlf?: boolean } = {}): Uint8Array {
  const lines = ['solid synthetic'];
  for (const face of faces) {
    lines.push('  facet normal 0 0 1', '    outer loop');
    for (const v of face) lines.push(`      vertex ${positions[v * 3]} ${positions[v * 3 + 1]} ${positions[v * 3 + 2]}`);
    lines.push('    endloop', '  endfacet');
  }
  lines.push('endsolid synthetic');
  return encoder.encode(lines.join(opts.crlf ? '\r\n' : '\n') + '\n');
}

export type PlyFormat = 'ascii' | 'binary_little_endian' | 'binary_big_endian';
export interface PlyOptions {
  format: PlyFormat;
  coordType?: 'float' | 'double' | 'int';
  countType?: 'uchar' | 'int';
  indexType?: 'int' | 'uint';
  /** Normals and colours on each vertex, and an 'edge' element, all to be skipped. */
  extras?: boolean;
}

const SIZES: Record<string, number> = { uchar: 1, int: 4, uint: 4, float: 4, double: 8 };

export function writePly(positions: Float32Array, faces: number[][], opts: PlyOptions): Uint8Array {
  const { format, coordType = 'float', countType = 'uchar', indexType = 'int', extras = false } = opts;
  const vertexCount = positions.length / 3;
  const header = ['ply', `format ${format} 1.0`, 'comment written by the import tests',
    `element vertex ${vertexCount}`];
  if (extras) header.push('property float nx');
  header.push(`property ${coordType} x`, `property ${coordType} y`, `property ${coordType} z`);
  if (extras) header.push('property uchar red', 'property uchar green', 'property uchar blue');
  header.push(`element face ${faces.length}`, `property list ${countType} ${indexType} vertex_indices`);
  if (extras) header.push('property list uchar float texcoord', 'element edge 1', 'property int vertex1', 'property int vertex2');
  header.push('end_header');
  const head = encoder.encode(header.join('\n') + '\n');
  const vertexRow = (v: number): [string, number][] => {
    const row: [string, number][] = [];
    if (extras) row.push(['float', 0.5]);
    for (let a = 0; a < 3; a++) row.push([coordType, positions[v * 3 + a]]);
    if (extras) row.push(['uchar', 200], ['uchar', 100], ['uchar', 50]);
    return row;
  };
  const faceRow = (face: number[]): [string, number][] => {
    const row: [string, number][] = [[countType, face.length], ...face.map((i): [string, number] => [indexType, i])];
    if (extras) row.push(['uchar', 2], ['float', 0.25], ['float', 0.75]);
    return row;
  };
  const rows: [string, number][][] = [];
  for (let v = 0; v < vertexCount; v++) rows.push(vertexRow(v));
  for (const face of faces) rows.push(faceRow(face));
  if (extras) rows.push([['int', 0], ['int', 1]]);

  if (format === 'ascii') {
    const body = rows.map((row) => row.map(([, value]) => String(value)).join(' ')).join('\n') + '\n';
    return concat(head, encoder.encode(body));
  }
  const little = format === 'binary_little_endian';
  const size = rows.reduce((n, row) => n + row.reduce((m, [type]) => m + SIZES[type], 0), 0);
  const body = new Uint8Array(size);
  const view = new DataView(body.buffer);
  let at = 0;
  for (const row of rows) {
    for (const [type, value] of row) {
      if (type === 'uchar') view.setUint8(at, value);
      else if (type === 'int') view.setInt32(at, value, little);
      else if (type === 'uint') view.setUint32(at, value, little);
      else if (type === 'float') view.setFloat32(at, value, little);
      else view.setFloat64(at, value, little);
      at += SIZES[type];
    }
  }
  return concat(head, body);
}

export interface ObjOptions {
  /** How each face corner is written: "7", "7/3", "7//3" or "7/3/3". */
  form?: 'v' | 'v/vt' | 'v//vn' | 'v/vt/vn';
  /** Write corners as negative indices relative to the vertices written so far. */
  negative?: boolean;
  /** Interleave faces with the vertices (needed for meaningful negative indices). */
  interleave?: boolean;
}

export function writeObj(positions: Float32Array, faces: number[][], opts: ObjOptions = {}): Uint8Array {
  const { form = 'v', negative = false, interleave = false } = opts;
  const vertexCount = positions.length / 3;
  const lines = ['# synthetic scan', 'mtllib scan.mtl', 'o scan', 'vt 0.5 0.5', 'vn 0 0 1', 'g arch', 's 1', 'usemtl gum'];
  let written = 0;
  const writeVertex = (v: number) => {
    lines.push(`v ${positions[v * 3]} ${positions[v * 3 + 1]} ${positions[v * 3 + 2]}`);
    written++;
  };
  const corner = (v: number) => {
    const i = negative ? v - written : v + 1;
    switch (form) {
      case 'v': return `${i}`;
      case 'v/vt': return `${i}/1`;
      case 'v//vn': return `${i}//1`;
      case 'v/vt/vn': return `${i}/1/1`;
    }
  };
  if (!interleave) for (let v = 0; v < vertexCount; v++) writeVertex(v);
  for (const face of faces) {
    if (interleave) while (written <= Math.max(...face)) writeVertex(written);
    lines.push(`f ${face.map(corner).join(' ')}`);
  }
  while (written < vertexCount) writeVertex(written);
  return encoder.encode(lines.join('\n') + '\n');
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function text(s: string): Uint8Array {
  return encoder.encode(s);
}
