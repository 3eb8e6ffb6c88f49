import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { dicomToGray8, readDicom, transferSyntaxName } from './dicom.ts';
import { EXPLICIT_LE, IMPLICIT_LE, JPEG2000, writeDicom } from './fixtures/dicom-writer.ts';
import { checkNoteText, checkRecordFile, MAX_RECORD_BYTES, RecordFileError } from './record-files.ts';

const png = () => encode({ width: 2, height: 2, data: new Uint8Array(16).fill(200), channels: 4 });
const jpegHead = () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);

describe('dicomToGray8', () => {
  const base = { bitsAllocated: 16 as const, bitsStored: 12, signed: false, invert: false, slope: 1, intercept: 0 };

  it('stretches min to max without a window, and MONOCHROME1 inverts', () => {
    expect([...dicomToGray8([100, 150, 200], base)]).toEqual([0, 128, 255]);
    expect([...dicomToGray8([100, 150, 200], { ...base, invert: true })]).toEqual([255, 127, 0]);
  });

  it('applies the linear window (PS3.3 C.11.2.1.2): below is black, above is white, the centre mid-gray', () => {
    const w = { ...base, window: { center: 1000, width: 401 } };
    expect([...dicomToGray8([0, 799, 1000, 1200, 4000], w)]).toEqual([0, 0, 128, 255, 255]);
  });

  it('masks to bits stored, sign-extends signed samples and rescales before windowing', () => {
    // 0xF000 high bits are not part of a 12-bit value.
    expect([...dicomToGray8([0xf000 | 10, 20], base)]).toEqual([0, 255]);
    // 12-bit signed: 0xFFF is -1; slope 2, intercept 10 gives 8, 10, 12.
    expect([...dicomToGray8([0xfff, 0, 1], { ...base, signed: true, slope: 2, intercept: 10 })]).toEqual([0, 128, 255]);
  });

  it('a flat image is black rather than a division by zero', () => {
    expect([...dicomToGray8([7, 7], base)]).toEqual([0, 0]);
  });
});

describe('readDicom (seed 7)', () => {
  it.each([[EXPLICIT_LE, 16], [IMPLICIT_LE, 16], [EXPLICIT_LE, 8], [IMPLICIT_LE, 8]] as const)('%s at %i bits is shown as gray', (syntax, bits) => {
    const file = writeDicom({ rows: 3, cols: 4, bits, transferSyntax: syntax, seed: 7 });
    const info = readDicom(file);
    expect(info.notShown).toBeUndefined();
    expect(info.gray).toMatchObject({ width: 4, height: 3 });
    expect(info.gray!.pixels.length).toBe(12);
    // The gradient runs dark (top left) to light (bottom right).
    expect(info.gray!.pixels[0]).toBeLessThan(info.gray!.pixels[11]);
  });

  it('uses the file window and MONOCHROME1', () => {
    const pixels = Uint16Array.from([0, 1000, 2000, 3000]);
    const m2 = readDicom(writeDicom({ rows: 2, cols: 2, bits: 16, pixels, window: { center: 1500, width: 1001 } }));
    expect([...m2.gray!.pixels]).toEqual([0, 0, 255, 255]);
    const m1 = readDicom(writeDicom({ rows: 2, cols: 2, bits: 16, pixels, photometric: 'MONOCHROME1' }));
    expect([...m1.gray!.pixels]).toEqual([255, 170, 85, 0]);
  });

  it('a compressed file is kept, named by its transfer syntax in words, not shown', () => {
    const info = readDicom(writeDicom({ rows: 8, cols: 8, bits: 8, transferSyntax: JPEG2000 }));
    expect(info.gray).toBeUndefined();
    expect(info.transferSyntaxName).toBe('JPEG 2000 (1.2.840.10008.1.2.4.91)');
    expect(info.notShown).toBe('it is compressed as JPEG 2000 (1.2.840.10008.1.2.4.91), which this studio keeps but cannot show');
    expect(transferSyntaxName('1.2.3')).toBe('transfer syntax 1.2.3');
  });

  it('a colour file is kept and says why it is not shown', () => {
    const info = readDicom(writeDicom({ rows: 2, cols: 2, bits: 8, photometric: 'RGB' }));
    expect(info.notShown).toMatch(/RGB image; this studio shows grayscale/);
  });
});

describe('checkRecordFile', () => {
  it('takes a PNG, a JPEG and a DICOM file that are what their names say', () => {
    expect(checkRecordFile('smile.png', png())).toEqual({ mediaType: 'image/png' });
    expect(checkRecordFile('front.JPG', jpegHead())).toEqual({ mediaType: 'image/jpeg' });
    const dcm = checkRecordFile('pano.dcm', writeDicom({ rows: 2, cols: 2, bits: 8 }));
    expect(dcm.mediaType).toBe('application/dicom');
    expect(dcm.dicom?.gray?.width).toBe(2);
  });

  const refused = (name: string, bytes: Uint8Array, message: string) => {
    expect(() => checkRecordFile(name, bytes)).toThrow(RecordFileError);
    expect(() => checkRecordFile(name, bytes)).toThrow(message);
  };

  it('refuses a file that is not what its extension says, naming the file and the problem', () => {
    refused('photo.png', jpegHead(), 'photo.png was not added: it is named as a PNG image but its content is a JPEG image. Nothing was stored.');
    refused('photo.jpg', new TextEncoder().encode('hello'), 'photo.jpg was not added: it is named as a JPEG image but its content is none of PNG, JPEG or DICOM. Nothing was stored.');
    refused('pano.dcm', png(), 'pano.dcm was not added: it is named as a DICOM file but its content is a PNG image. Nothing was stored.');
    refused('notes.pdf', png(), 'notes.pdf was not added: records take PNG or JPEG photographs and PNG, JPEG or DICOM (.dcm) radiographs. Nothing was stored.');
    refused('empty.png', new Uint8Array(0), 'empty.png was not added: the file is empty.');
  });

  it('refuses a DICOM file cut short', () => {
    const whole = writeDicom({ rows: 16, cols: 16, bits: 16 });
    expect(() => checkRecordFile('cut.dcm', whole.subarray(0, whole.byteLength - 100))).toThrow(/^cut\.dcm was not added: .*Nothing was stored\.$/);
  });

  it('refuses a file over the limit before looking inside', () => {
    const big = new Uint8Array(MAX_RECORD_BYTES + 1);
    big.set(png());
    refused('huge.png', big, 'huge.png was not added: it is 50 MB, more than the 50 MB a record may be');
  });

  it('a note needs text and has a limit', () => {
    expect(checkNoteText('  Class II div 1  ')).toBe('Class II div 1');
    expect(() => checkNoteText('   ')).toThrow('A note needs some text. Nothing was stored.');
    expect(() => checkNoteText('x'.repeat(20_001))).toThrow(/at most 20,000 characters/);
  });
});
