// Which parser a dropped file needs, decided by its bytes: scanners name files loosely
// (binary STLs whose header starts with "solid", ".dat" exports), and a photo or PDF
// dropped by mistake must be named as such rather than fail deep inside a parser.
import { ImportError } from './errors.ts';
import { extensionOf } from './names.ts';

export type MeshFormat = 'stl-binary' | 'stl-ascii' | 'ply-binary' | 'ply-ascii' | 'obj';

const MESH_EXTENSIONS = new Set(['stl', 'ply', 'obj']);

function startsWithBytes(bytes: Uint8Array, at: number, ascii: string): boolean {
  if (bytes.length < at + ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** A short name for common non-mesh files, so the message says what was dropped. */
function knownNonMesh(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'a JPEG image';
  if (startsWithBytes(bytes, 0, '\x89PNG')) return 'a PNG image';
  if (startsWithBytes(bytes, 0, 'GIF8')) return 'a GIF image';
  if (startsWithBytes(bytes, 0, 'RIFF') && startsWithBytes(bytes, 8, 'WEBP')) return 'a WebP image';
  if (startsWithBytes(bytes, 0, '%PDF')) return 'a PDF document';
  if (startsWithBytes(bytes, 0, 'PK\x03\x04')) return 'a zip archive';
  if (startsWithBytes(bytes, 128, 'DICM')) return 'a DICOM image';
  if (startsWithBytes(bytes, 0, 'ASMH')) return "a mesh stored by the studio (not an export)";
  return null;
}

/**
 * UTF-16 text (Windows "Unicode" saves): a byte-order mark, or ASCII characters each
 * followed (little-endian) or preceded (big-endian) by a zero byte. Read as bytes it looks
 * binary and damaged, so it is named for what it is.
 */
export function looksLikeUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 16) return false;
  const printable = (c: number) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127);
  let little = true;
  let big = true;
  for (let i = 0; i < n; i += 2) {
    little &&= printable(bytes[i]) && bytes[i + 1] === 0;
    big &&= bytes[i] === 0 && printable(bytes[i + 1]);
  }
  return little || big;
}

/** Text if the first 4 KB have no NUL and almost no control characters. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c === 0) return false;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control <= n * 0.01;
}

/** First characters of the text after a byte-order mark and whitespace, lowercased. */
function textStart(bytes: Uint8Array, length: number): string {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 32 || bytes[i] === 9 || bytes[i] === 10 || bytes[i] === 13)) i++;
  let s = '';
  for (let k = i; k < Math.min(bytes.length, i + length); k++) s += String.fromCharCode(bytes[k]);
  return s.toLowerCase();
}

/** True when some line of the first 64 KB starts an OBJ vertex or face record. */
function hasObjRecords(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536);
  let lineStart = true;
  for (let i = 0; i < n - 1; i++) {
    const c = bytes[i];
    if (lineStart) {
      let k = i;
      while (k < n && (bytes[k] === 32 || bytes[k] === 9)) k++;
      const next = bytes[k + 1];
      if ((bytes[k] === 118 || bytes[k] === 102) && (next === 32 || next === 9)) return true; // "v " or "f "
    }
    lineStart = c === 10 || c === 13; // CR alone ends a line in classic Mac files
  }
  return false;
}

function isBinaryStlBySize(bytes: Uint8Array): boolean {
  if (bytes.length < 84) return false;
  const count = new DataView(bytes.buffer, bytes.byteOffset + 80, 4).getUint32(0, true);
  return bytes.length === 84 + 50 * count && count > 0;
}

/** The format of `bytes`, judged by content first and the extension second. */
export function detectFormat(name: string, bytes: Uint8Array): MeshFormat {
  if (bytes.length === 0) throw new ImportError(name, 'empty', 'the file is empty (0 bytes).');
  const ext = extensionOf(name);
  // Magic numbers first: a photo whose length happens to fit a binary STL's triangle count
  // must be called a photo, not a 0 mm scan.
  const other = knownNonMesh(bytes);
  if (other) throw new ImportError(name, 'not-a-mesh', `this is ${other}, not a 3D scan (STL, PLY or OBJ).`);
  if (isBinaryStlBySize(bytes)) return 'stl-binary';
  if (looksLikeUtf16(bytes)) {
    throw new ImportError(name, 'unsupported',
      'the file is saved as UTF-16 text; save it again as UTF-8 or ASCII (a text editor\'s "Save as" offers the encoding), or export it again from the scanner software.');
  }
  if (startsWithBytes(bytes, 0, 'ply\n') || startsWithBytes(bytes, 0, 'ply\r')) {
    const head = textStart(bytes, 1024);
    const format = /^format[ \t]+(\S+)/m.exec(head)?.[1];
    if (format === 'ascii') return 'ply-ascii';
    if (format === 'binary_little_endian' || format === 'binary_big_endian') return 'ply-binary';
    if (format === undefined) throw new ImportError(name, 'corrupt', 'the PLY header has no format line; the file is damaged.');
    throw new ImportError(name, 'unsupported', `the PLY format "${format}" is not supported (ascii, binary_little_endian and binary_big_endian are).`);
  }
  if (looksLikeText(bytes)) {
    const start = textStart(bytes, 16);
    if (start === '') throw new ImportError(name, 'empty', 'the file holds only blank space.');
    if (start.startsWith('solid')) return 'stl-ascii';
    if (hasObjRecords(bytes)) return 'obj';
    if (start.startsWith('{') || start.startsWith('[')) {
      throw new ImportError(name, 'not-a-mesh', 'this is a JSON file, not a 3D scan; a label file must be dropped together with its OBJ scan.');
    }
    if (ext === 'obj') throw new ImportError(name, 'empty', 'the OBJ file has no vertices or faces.');
    if (ext === 'stl') throw new ImportError(name, 'corrupt', 'the file is text but not an ASCII STL (it does not start with "solid").');
    if (ext === 'ply') throw new ImportError(name, 'corrupt', 'the file does not start with the "ply" header; it is damaged or not a PLY.');
    throw new ImportError(name, 'not-a-mesh', 'this is a text file, not a 3D scan (STL, PLY or OBJ).');
  }
  // Binary: only a binary STL has no magic of its own, so a mismatched size is left to
  // its parser to explain (truncated or corrupt).
  if (ext === 'stl') return 'stl-binary';
  if (MESH_EXTENSIONS.has(ext)) {
    throw new ImportError(name, 'corrupt', `the file is not a readable ${ext.toUpperCase()}; it is damaged.`);
  }
  throw new ImportError(name, 'not-a-mesh', 'this file is not a 3D scan (STL, PLY or OBJ).');
}
