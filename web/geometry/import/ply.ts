// PLY reader (ascii, binary little and big endian). Reads the "vertex" element's x, y, z
// and the "face" element's index list, fanning polygons into triangles; every other
// element and property is skipped by its declared size. Vertices keep file order.
import type { Mesh } from '../mesh.ts';
import { ImportError, formatCount } from './errors.ts';
import { MAX_TRIANGLES, MAX_VERTICES, checkTriangleCount } from './limits.ts';
import { GrowableUint32 } from './growable.ts';
import { TextCursor } from './text-cursor.ts';

type Scalar = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

const TYPES: Record<string, Scalar> = {
  char: 'int8', int8: 'int8', uchar: 'uint8', uint8: 'uint8', short: 'int16', int16: 'int16',
  ushort: 'uint16', uint16: 'uint16', int: 'int32', int32: 'int32', uint: 'uint32', uint32: 'uint32',
  float: 'float32', float32: 'float32', double: 'float64', float64: 'float64',
};
const SIZE: Record<Scalar, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8 };
/** No scanner writes bigger polygons; a count past this is a damaged file, not a face. */
export const MAX_FACE_CORNERS = 1024;

interface Property { name: string; type: Scalar; countType: Scalar | null }
interface Element { name: string; count: number; props: Property[] }
interface Header { format: 'ascii' | 'binary_little_endian' | 'binary_big_endian'; elements: Element[]; dataStart: number }

function readHeader(name: string, bytes: Uint8Array): Header {
  const corrupt = (why: string) => new ImportError(name, 'corrupt', `the PLY header is damaged: ${why}.`);
  const limit = Math.min(bytes.length, 1 << 20);
  let end = -1;
  const marker = 'end_header';
  for (let i = 0; i + marker.length <= limit && end < 0; i++) {
    if (bytes[i] !== 101 || (i > 0 && bytes[i - 1] !== 10 && bytes[i - 1] !== 13)) continue;
    let match = true;
    for (let k = 0; k < marker.length && match; k++) match = bytes[i + k] === marker.charCodeAt(k);
    if (match) end = i;
  }
  if (end < 0) {
    if (bytes.length < 1 << 20) {
      throw new ImportError(name, 'truncated', 'the file ends inside the PLY header (truncated).');
    }
    throw corrupt('no "end_header" line');
  }
  const dataStart = afterLineBreak(bytes, end + marker.length);
  let text = '';
  for (let i = 0; i < end; i++) text += String.fromCharCode(bytes[i]);

  let format: Header['format'] | null = null;
  const elements: Element[] = [];
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const parts = rawLine.trim().split(/\s+/);
    const keyword = parts[0];
    if (keyword === 'format') {
      const f = parts[1];
      if (f !== 'ascii' && f !== 'binary_little_endian' && f !== 'binary_big_endian') {
        throw new ImportError(name, 'unsupported', `the PLY format "${f}" is not supported.`);
      }
      format = f;
    } else if (keyword === 'element') {
      const count = Number(parts[2]);
      if (parts.length < 3 || !Number.isInteger(count) || count < 0) throw corrupt(`bad element line "${rawLine.trim()}"`);
      elements.push({ name: parts[1], count, props: [] });
    } else if (keyword === 'property') {
      const element = elements[elements.length - 1];
      if (!element) throw corrupt('a property before any element');
      if (parts[1] === 'list') {
        const countType = TYPES[parts[2]];
        const type = TYPES[parts[3]];
        if (!countType || !type || !parts[4]) throw corrupt(`bad list property "${rawLine.trim()}"`);
        element.props.push({ name: parts[4], type, countType });
      } else {
        const type = TYPES[parts[1]];
        if (!type || !parts[2]) throw corrupt(`bad property "${rawLine.trim()}"`);
        element.props.push({ name: parts[2], type, countType: null });
      }
    }
    // ply, comment, obj_info and blank lines carry nothing we need.
  }
  if (!format) throw corrupt('no format line');
  return { format, elements, dataStart };
}

/**
 * Where the data starts after "end_header": past a few trailing blanks and one line break
 * (LF, CRLF or a classic Mac CR). Binary data may itself begin with a space or CR byte, so
 * nothing else is skipped.
 */
function afterLineBreak(bytes: Uint8Array, at: number): number {
  let i = at;
  while (i < at + 8 && (bytes[i] === 32 || bytes[i] === 9)) i++;
  if (bytes[i] === 13 && bytes[i + 1] === 10) return i + 2;
  if (bytes[i] === 10 || bytes[i] === 13) return i + 1;
  return at;
}

/** Fewest bytes one item of `element` can take: how many of them the data could hold at most. */
function minItemBytes(element: Element, binary: boolean, faceList: number): number {
  let n = 0;
  element.props.forEach((p, i) => {
    // ascii: a token and its separator. A face needs three corners to be one.
    const corners = i === faceList ? 3 : 0;
    if (p.countType === null) n += binary ? SIZE[p.type] : 2;
    else n += binary ? SIZE[p.countType] + corners * SIZE[p.type] : 2 + corners * 2;
  });
  return Math.max(1, n);
}

function readScalar(view: DataView, type: Scalar, at: number, little: boolean): number {
  switch (type) {
    case 'int8': return view.getInt8(at);
    case 'uint8': return view.getUint8(at);
    case 'int16': return view.getInt16(at, little);
    case 'uint16': return view.getUint16(at, little);
    case 'int32': return view.getInt32(at, little);
    case 'uint32': return view.getUint32(at, little);
    case 'float32': return view.getFloat32(at, little);
    case 'float64': return view.getFloat64(at, little);
  }
}

/** Reads one scalar of `type`: from the bytes (binary) or the next token (ascii). */
type ScalarReader = (type: Scalar) => number;

export function readPly(name: string, bytes: Uint8Array, progress: (f: number) => void): Mesh {
  const header = readHeader(name, bytes);
  const vertexElement = header.elements.find((e) => e.name === 'vertex');
  const faceElement = header.elements.find((e) => e.name === 'face');
  if (!vertexElement || vertexElement.count === 0) {
    throw new ImportError(name, 'empty', 'the PLY has no vertices.');
  }
  const axes = ['x', 'y', 'z'].map((a) => vertexElement.props.findIndex((p) => p.name === a && p.countType === null));
  if (axes.some((i) => i < 0)) {
    throw new ImportError(name, 'corrupt', 'the PLY vertices have no x, y, z coordinates; the file is damaged.');
  }
  if (!faceElement || faceElement.count === 0) {
    throw new ImportError(name, 'not-a-mesh', `the PLY has ${formatCount(vertexElement.count)} points but no faces: a point cloud, not a surface scan.`);
  }
  const indexProp = faceElement.props.findIndex((p) => p.countType !== null && (p.name === 'vertex_indices' || p.name === 'vertex_index'));
  const listProp = indexProp >= 0 ? indexProp : faceElement.props.findIndex((p) => p.countType !== null);
  if (listProp < 0) throw new ImportError(name, 'corrupt', 'the PLY faces have no vertex index list; the file is damaged.');

  const binary = header.format !== 'ascii';
  const little = header.format === 'binary_little_endian';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cursor = new TextCursor(bytes, header.dataStart);
  let pos = header.dataStart;
  // Set by the readers when the data runs out; the caller turns it into a message.
  let ranOut = false;
  const bytesLeft = () => bytes.length - (binary ? pos : cursor.pos);
  /** How many items of `element` the rest of the file could hold at most (ascii: +1 for a missing last separator). */
  const room = (element: Element) => Math.floor((bytesLeft() + (binary ? 0 : 1)) / minItemBytes(element, binary, element === faceElement ? listProp : -1));

  // Every count is checked against the bytes present before anything is allocated for it.
  const checkCount = (element: Element, noun: string, cap: number, capNoun: string) => {
    if (element.count <= cap) return;
    const fits = room(element);
    if (element.count > fits) {
      throw new ImportError(name, 'corrupt',
        `the header says ${formatCount(element.count)} ${noun} but the file's ${formatCount(bytes.length - header.dataStart)} bytes of data can hold at most ${formatCount(fits)}; the PLY is damaged.`);
    }
    throw new ImportError(name, 'too-large',
      `the scan has ${formatCount(element.count)} ${noun}, more than the ${formatCount(cap)} ${capNoun} the studio can handle; decimate it in the scanner software first.`);
  };
  checkCount(vertexElement, 'vertices', MAX_VERTICES, 'vertices');
  checkCount(faceElement, 'faces', MAX_TRIANGLES, 'triangles');

  const readBinary: ScalarReader = (type) => {
    const size = SIZE[type];
    if (pos + size > bytes.length) {
      ranOut = true;
      return 0;
    }
    const at = pos;
    pos += size;
    return readScalar(view, type, at, little);
  };
  /**
   * True when the `count` values of `type` at `at` make sense only in the other byte order:
   * an exporter that wrote the wrong "format" line. Such files used to be read as faces of
   * 50 million corners.
   */
  const otherByteOrderFits = (type: Scalar, at: number, count: number, ok: (v: number) => boolean): boolean => {
    if (!binary || SIZE[type] === 1 || at + count * SIZE[type] > bytes.length) return false;
    for (let k = 0; k < count; k++) if (!ok(readScalar(view, type, at + k * SIZE[type], !little))) return false;
    return true;
  };
  const wrongByteOrder = () => new ImportError(name, 'corrupt',
    `the header says ${header.format} but the numbers are stored ${little ? 'big' : 'little'}-endian, so every value reads wrong; the exporter wrote a wrong header, export the scan again.`);
  const readAscii: ScalarReader = () => {
    const value = cursor.numberAcrossLines();
    if (cursor.bad) {
      if (cursor.atEnd) ranOut = true;
      else throw new ImportError(name, 'corrupt', `line ${formatCount(cursor.line)}: a PLY value that is not a number; the file is damaged.`);
    }
    return value;
  };
  const read = binary ? readBinary : readAscii;
  const totalItems = header.elements.reduce((n, e) => n + e.count, 0);
  let itemsDone = 0;
  const tick = () => {
    if (++itemsDone % 16384 === 0) progress(itemsDone / totalItems);
  };
  const truncated = (element: Element, done: number): never => {
    const noun = element.name === 'vertex' ? 'vertices' : element.name === 'face' ? 'faces' : `"${element.name}" items`;
    throw new ImportError(name, 'truncated', `the file ends after ${formatCount(done)} of ${formatCount(element.count)} ${noun} (truncated).`);
  };

  const vertexCount = vertexElement.count;
  let positions = new Float32Array(0);
  let indices = new GrowableUint32(0);
  const polygon: number[] = [];

  for (const element of header.elements) {
    const isVertex = element === vertexElement;
    const isFace = element === faceElement;
    // Items without properties take no bytes: nothing to read, however many are claimed.
    if (element.props.length === 0) continue;
    // A binary element without lists has a fixed size: check the whole of it up front.
    if (binary && element.props.every((p) => p.countType === null)) {
      const stride = element.props.reduce((n, p) => n + SIZE[p.type], 0);
      if (pos + stride * element.count > bytes.length) truncated(element, Math.floor((bytes.length - pos) / stride));
    }
    // A file that cannot hold its count runs out while reading (an exact "ends after" message);
    // until then only what the bytes could hold is allocated.
    const capacity = Math.min(element.count, room(element) + 1);
    if (isVertex) positions = new Float32Array(element.count <= capacity ? element.count * 3 : capacity * 3);
    if (isFace) indices = new GrowableUint32(Math.max(16, capacity * 3));
    for (let item = 0; item < element.count; item++) {
      for (let p = 0; p < element.props.length; p++) {
        const prop = element.props[p];
        if (prop.countType === null) {
          const value = read(prop.type);
          if (isVertex) {
            const axis = p === axes[0] ? 0 : p === axes[1] ? 1 : p === axes[2] ? 2 : -1;
            if (axis >= 0) positions[item * 3 + axis] = value;
          }
          continue;
        }
        const countAt = pos;
        const n = read(prop.countType);
        if (ranOut) break;
        const isCorners = isFace && p === listProp;
        const plausible = (v: number) => Number.isInteger(v) && v >= (isCorners ? 3 : 0) && v <= MAX_FACE_CORNERS;
        const fits = Number.isInteger(n) && n >= 0 && (binary ? n * SIZE[prop.type] : 2 * n - 1) <= bytesLeft();
        if (!plausible(n) && otherByteOrderFits(prop.countType, countAt, 1, plausible)) throw wrongByteOrder();
        if (!Number.isInteger(n) || n < 0) {
          throw new ImportError(name, 'corrupt', `${element.name} ${formatCount(item + 1)} has a list of ${n} values; the PLY is damaged.`);
        }
        if (!fits || (isCorners && n > MAX_FACE_CORNERS)) {
          if (n > MAX_FACE_CORNERS) {
            throw new ImportError(name, 'corrupt',
              `${element.name} ${formatCount(item + 1)} claims ${formatCount(n)} ${isCorners ? 'corners' : 'values'}; the PLY is damaged.`);
          }
          ranOut = true;
          break;
        }
        if (!isCorners) {
          if (binary) pos += n * SIZE[prop.type];
          else for (let k = 0; k < n; k++) read(prop.type);
          if (pos > bytes.length) ranOut = true;
          continue;
        }
        polygon.length = 0;
        const cornersAt = pos;
        for (let k = 0; k < n; k++) polygon.push(read(prop.type));
        if (ranOut) break;
        for (const index of polygon) {
          if (!Number.isInteger(index) || index < 0 || index >= vertexCount) {
            if (otherByteOrderFits(prop.type, cornersAt, n, (v) => Number.isInteger(v) && v >= 0 && v < vertexCount)) throw wrongByteOrder();
            throw new ImportError(name, 'corrupt',
              `face ${formatCount(item + 1)} refers to vertex ${index} but the file has ${formatCount(vertexCount)} vertices; the PLY is damaged.`);
          }
        }
        if (n < 3) throw new ImportError(name, 'corrupt', `face ${formatCount(item + 1)} has ${n} corners; the PLY is damaged.`);
        for (let k = 1; k + 1 < n; k++) indices.push3(polygon[0], polygon[k], polygon[k + 1]);
        if (indices.length > MAX_TRIANGLES * 3) checkTriangleCount(name, indices.length / 3);
      }
      if (ranOut) truncated(element, item);
      tick();
    }
  }
  progress(1);
  return { positions, indices: indices.toArray() };
}
