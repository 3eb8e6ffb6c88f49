// A photograph or radiograph a person adds to a case: checked before anything is stored. The
// bytes must be what the name says (a PNG starts like a PNG, a JPEG like a JPEG, a DICOM file
// parses) and within the size a record may be; otherwise the file is refused with a message
// naming it and the problem. The same check runs on records coming in a package or a backup.
import { DicomError, readDicom, type DicomInfo } from './dicom.ts';

const MiB = 1024 * 1024;
/** A record file may be at most this large (a panoramic DICOM is a few MB; 50 MB is generous). */
export const MAX_RECORD_BYTES = 50 * MiB;
/** A note's text at most. */
export const MAX_NOTE_CHARS = 20_000;

export type RecordMediaType = 'image/png' | 'image/jpeg' | 'application/dicom' | 'text/plain';
export const RECORD_MEDIA_TYPES: readonly RecordMediaType[] = ['image/png', 'image/jpeg', 'application/dicom', 'text/plain'];

/** The extension a record's file is stored under in a package. */
export const RECORD_EXTENSION: Readonly<Record<RecordMediaType, string>> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'application/dicom': 'dcm', 'text/plain': 'txt',
};

/** The file types the picker offers. */
export const RECORD_ACCEPT = '.png,.jpg,.jpeg,.dcm,.dicom';

export class RecordFileError extends Error {
  override readonly name = 'RecordFileError';
}

export interface CheckedRecordFile {
  mediaType: Exclude<RecordMediaType, 'text/plain'>;
  /** For DICOM: what the file holds and whether the studio can show it. */
  dicom?: DicomInfo;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
export const looksLikePng = (b: Uint8Array) => startsWith(b, PNG_MAGIC);
export const looksLikeJpeg = (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]);
const looksLikeDicom = (b: Uint8Array) => startsWith(b, [0x44, 0x49, 0x43, 0x4d], 128);

/** What the bytes look like, for a message ("a JPEG image"). */
function sniffed(bytes: Uint8Array): string {
  if (looksLikePng(bytes)) return 'a PNG image';
  if (looksLikeJpeg(bytes)) return 'a JPEG image';
  if (looksLikeDicom(bytes)) return 'a DICOM file';
  if (bytes.byteLength === 0) return 'empty';
  return 'none of PNG, JPEG or DICOM';
}

const megabytes = (n: number) => `${Number((n / MiB).toPrecision(3))} MB`;

/** The media type a file name says, or undefined for an extension records do not take. */
export function mediaTypeOfName(fileName: string): CheckedRecordFile['mediaType'] | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'png') return 'image/png';
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
  if (ext === 'dcm' || ext === 'dicom') return 'application/dicom';
  return undefined;
}

/**
 * Checks a record file by its name and bytes; throws RecordFileError naming the file and the
 * problem. `mediaType`: the type it was stored as (a package or backup), instead of its name's.
 */
export function checkRecordFile(fileName: string, bytes: Uint8Array, mediaType?: RecordMediaType): CheckedRecordFile {
  const refuse = (problem: string) => new RecordFileError(`${fileName} was not added: ${problem}. Nothing was stored.`);
  if (bytes.byteLength > MAX_RECORD_BYTES) throw refuse(`it is ${megabytes(bytes.byteLength)}, more than the ${megabytes(MAX_RECORD_BYTES)} a record may be`);
  const type = mediaType ?? mediaTypeOfName(fileName);
  if (type === undefined || type === 'text/plain') throw refuse('records take PNG or JPEG photographs and PNG, JPEG or DICOM (.dcm) radiographs');
  if (bytes.byteLength === 0) throw refuse('the file is empty');
  if (type === 'image/png' && !looksLikePng(bytes)) throw refuse(`it is named as a PNG image but its content is ${sniffed(bytes)}`);
  if (type === 'image/jpeg' && !looksLikeJpeg(bytes)) throw refuse(`it is named as a JPEG image but its content is ${sniffed(bytes)}`);
  if (type !== 'application/dicom') return { mediaType: type };
  if (!looksLikeDicom(bytes)) throw refuse(`it is named as a DICOM file but its content is ${sniffed(bytes)}`);
  try {
    return { mediaType: type, dicom: readDicom(bytes) };
  } catch (error) {
    if (error instanceof DicomError) throw refuse(error.message);
    throw error;
  }
}

/** A note's text, trimmed and checked; throws RecordFileError. */
export function checkNoteText(text: string): string {
  const t = text.trim();
  if (t === '') throw new RecordFileError('A note needs some text. Nothing was stored.');
  if (t.length > MAX_NOTE_CHARS) throw new RecordFileError(`A note may be at most ${MAX_NOTE_CHARS.toLocaleString('en-US')} characters (this one has ${t.length.toLocaleString('en-US')}). Nothing was stored.`);
  return t;
}
