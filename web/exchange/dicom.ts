// DICOM radiographs, read with the maintained dicom-parser. The studio shows an uncompressed
// grayscale image (Implicit or Explicit VR Little Endian; 8 or 16 bits; MONOCHROME1 or 2; the
// file's window centre and width, else its value range) as 8-bit gray; every other file that
// parses is kept as it is and named by its transfer syntax, with why it is not shown. The
// pixel mapping (dicomToGray8) is pure and tested on its own.
import dicomParser from 'dicom-parser';

const TRANSFER_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian (uncompressed)',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian (uncompressed)',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian (retired)',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (lossy)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (lossy)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, first-order prediction',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS near-lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 (lossless only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (lossless only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL options (lossless only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};
const SHOWN_SYNTAXES = ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1'];

/** A transfer syntax in words: "JPEG 2000 (1.2.840.10008.1.2.4.91)". */
export function transferSyntaxName(uid: string): string {
  const name = TRANSFER_SYNTAXES[uid];
  return name ? `${name} (${uid})` : `transfer syntax ${uid}`;
}

export interface GrayMapping {
  bitsAllocated: 8 | 16;
  /** Bits of each sample that hold the value (the rest are masked off). */
  bitsStored: number;
  signed: boolean;
  /** MONOCHROME1: the lowest value is white. */
  invert: boolean;
  slope: number;
  intercept: number;
  /** The file's first window; absent: the image's own value range is spread over 0-255. */
  window?: { center: number; width: number };
}

/**
 * Samples (raw stored values, one per pixel) to 8-bit gray: masked to bitsStored, sign-extended
 * when signed, rescaled (slope, intercept) and windowed by the DICOM linear function (PS3.3
 * C.11.2.1.2), or stretched from min to max; MONOCHROME1 inverted.
 */
export function dicomToGray8(samples: ArrayLike<number>, m: GrayMapping): Uint8Array<ArrayBuffer> {
  const n = samples.length;
  const values = new Float64Array(n);
  const bits = Math.min(Math.max(1, m.bitsStored), m.bitsAllocated);
  const mask = bits >= 32 ? 0xffffffff : (2 ** bits) - 1;
  const signBit = 2 ** (bits - 1);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    let raw = samples[i] & mask;
    if (m.signed && raw >= signBit) raw -= 2 ** bits;
    const v = raw * m.slope + m.intercept;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out = new Uint8Array(n);
  const w = m.window && m.window.width >= 1 ? m.window : undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let g: number;
    if (w) {
      const lo = w.center - 0.5 - (w.width - 1) / 2;
      const hi = w.center - 0.5 + (w.width - 1) / 2;
      g = v <= lo ? 0 : v > hi ? 255 : ((v - (w.center - 0.5)) / (w.width - 1) + 0.5) * 255;
    } else {
      g = max > min ? ((v - min) / (max - min)) * 255 : 0;
    }
    g = Math.round(Math.min(255, Math.max(0, g)));
    out[i] = m.invert ? 255 - g : g;
  }
  return out;
}

/** Why a file is not a DICOM file this studio can read at all (nothing is kept of it). */
export class DicomError extends Error {
  override readonly name = 'DicomError';
}

export interface DicomInfo {
  transferSyntax: string;
  /** In words, for the person: "JPEG 2000 (1.2.840.10008.1.2.4.91)". */
  transferSyntaxName: string;
  modality?: string;
  width?: number;
  height?: number;
  /** The image as 8-bit gray (first frame), when the studio can show it. */
  gray?: { width: number; height: number; pixels: Uint8Array<ArrayBuffer> };
  /** Why it is kept but not shown ("it is compressed as JPEG 2000 (...), which this studio cannot show"). */
  notShown?: string;
}

const DEFLATED = '1.2.840.10008.1.2.1.99';

/** Parses a DICOM Part 10 file; throws DicomError when it is not one. */
export function readDicom(bytes: Uint8Array): DicomInfo {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch (error) {
    const text = typeof error === 'string' ? error : (error as Error)?.message ?? String(error);
    if (/deflate/i.test(text)) {
      return { transferSyntax: DEFLATED, transferSyntaxName: transferSyntaxName(DEFLATED), notShown: `it is stored as ${transferSyntaxName(DEFLATED)}, which this studio keeps but cannot show` };
    }
    throw new DicomError(/DICM/.test(text) ? 'it has no DICOM file header (no "DICM" at byte 128)' : `it cannot be read as DICOM (${text.replace(/^dicomParser\.\w+: /, '')})`);
  }
  const syntax = (ds.string('x00020010') ?? '').replace(/\0/g, '').trim();
  const modality = ds.string('x00080060')?.trim() || undefined;
  const width = ds.uint16('x00280011');
  const height = ds.uint16('x00280010');
  const base: DicomInfo = { transferSyntax: syntax, transferSyntaxName: transferSyntaxName(syntax), ...(modality ? { modality } : {}), ...(width ? { width } : {}), ...(height ? { height } : {}) };
  const notShown = (why: string): DicomInfo => ({ ...base, notShown: why });
  if (!SHOWN_SYNTAXES.includes(syntax)) return notShown(`it is compressed as ${base.transferSyntaxName}, which this studio keeps but cannot show`);
  const pixel = ds.elements.x7fe00010;
  if (!pixel || !width || !height) return notShown('it holds no image');
  const photometric = (ds.string('x00280004') ?? '').trim();
  const samplesPerPixel = ds.uint16('x00280002') ?? 1;
  if (samplesPerPixel !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')) {
    return notShown(`it is a ${photometric || 'colour'} image; this studio shows grayscale (MONOCHROME1/2) radiographs only`);
  }
  const bitsAllocated = ds.uint16('x00280100');
  if (bitsAllocated !== 8 && bitsAllocated !== 16) return notShown(`it has ${String(bitsAllocated)} bits per sample; this studio shows 8 or 16`);
  const count = width * height;
  const bytesPer = bitsAllocated / 8;
  if (pixel.length < count * bytesPer || pixel.dataOffset + count * bytesPer > bytes.byteLength) {
    throw new DicomError(`its pixel data is cut short (${pixel.length} bytes for a ${width} × ${height} image)`);
  }
  const start = bytes.byteOffset + pixel.dataOffset;
  const samples = bitsAllocated === 8
    ? new Uint8Array(bytes.buffer, start, count)
    : start % 2 === 0 ? new Uint16Array(bytes.buffer, start, count) : new Uint16Array(bytes.slice(pixel.dataOffset, pixel.dataOffset + count * 2).buffer);
  const number = (tag: string): number | undefined => {
    const v = ds.floatString(tag, 0);
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  };
  const center = number('x00281050');
  const ww = number('x00281051');
  const pixels = dicomToGray8(samples, {
    bitsAllocated, bitsStored: ds.uint16('x00280101') ?? bitsAllocated, signed: ds.uint16('x00280103') === 1,
    invert: photometric === 'MONOCHROME1', slope: number('x00281053') ?? 1, intercept: number('x00281052') ?? 0,
    ...(center !== undefined && ww !== undefined && ww >= 1 ? { window: { center, width: ww } } : {}),
  });
  return { ...base, gray: { width, height, pixels } };
}
