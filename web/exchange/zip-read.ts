// Why this file exists: a zip from outside (a backup, a plan package) must not be trusted. fflate's
// unzipSync inflates every entry it keeps into a buffer of the size the header declares and
// keeps inflating past it, so a few megabytes of zip can hold gigabytes of work. Everything
// zip-specific here is fflate's; this file only decides what to inflate and how far:
// - zipEntries lists the zip's central directory with fflate's unzipSync and a filter that
//   keeps nothing (names and declared sizes; nothing inflated). The listing also proves the
//   zip is whole: a zip cut short has no end record and is refused.
// - readZipEntries streams the zip through fflate's Unzip in small chunks, starts only the
//   entries asked for (the others are skipped, never inflated) and stops an entry the moment
//   its output passes the size the central directory declares.
import { FlateErrorCode, Inflate, Unzip, UnzipInflate, unzipSync } from 'fflate';
import type { FlateError, UnzipFile } from 'fflate';

export interface ZipEntry {
  name: string;
  /** Zip method: 0 stored, 8 deflate; anything else is refused when read. */
  compression: number;
  /** The size the central directory declares: an upper bound enforced while inflating, never trusted. */
  size: number;
}

/** Why the zip cannot be read, in words that finish "... (<problem>)". */
export class ZipReadError extends Error {
  override readonly name = 'ZipReadError';
}

/**
 * Compressed bytes per push: deflate expands at most ~1032x, so one step of a bomb yields at
 * most ~16 MiB (a fraction of a second) before the size check; 64 KiB steps would allow four
 * times that. Honest entries read no slower for it.
 */
const STEP = 1 << 14;
/** The smallest central-directory record; a list claiming more entries than fit is not a zip's. */
const CENTRAL_RECORD = 46;
/** APPNOTE 4.4.5: 99 is WinZip AES, i.e. an encrypted entry. */
const AES = 99;

/** Every entry the zip's central directory lists, in its order; nothing is inflated. */
export function zipEntries(zip: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const damaged = (problem: string) => new ZipReadError(`not a readable zip file: ${problem}`);
  try {
    unzipSync(zip, {
      filter: ({ name, originalSize, compression }) => {
        if (entries.length * CENTRAL_RECORD >= zip.byteLength) throw damaged('its file list is damaged');
        if (!Number.isSafeInteger(originalSize) || originalSize < 0) throw damaged('a size is out of range');
        entries.push({ name, compression, size: originalSize });
        return false; // listed, never extracted: unzipSync would inflate it unbounded
      },
    });
  } catch (error) {
    if (error instanceof ZipReadError) throw error;
    throw new ZipReadError('not a readable zip file', { cause: error });
  }
  return entries;
}

/** One wanted entry while the zip streams past: its output buffer and how much is in it. */
interface Reading {
  entry: ZipEntry;
  out: Uint8Array<ArrayBuffer>;
  written: number;
  started: boolean;
  done: boolean;
}

/**
 * Only stored and deflate are read. fflate reports an entry's method but not its flags, so an
 * entry encrypted the old way (ZipCrypto: flag bit 0, method 0 or 8) is not recognised as such;
 * it reads as noise and is refused as damaged or by the caller's checksum and content checks.
 */
function refuseMethod(file: UnzipFile): void {
  if (file.compression === 0 || file.compression === 8) return;
  if (file.compression === AES) throw new ZipReadError(`${file.name} is encrypted`);
  throw new ZipReadError(`${file.name} is packed with a method this app cannot read (zip method ${file.compression})`);
}

/** Hands the inflated bytes of one entry to its buffer, refusing the first chunk past its declared size. */
function receive(file: UnzipFile, r: Reading, onDone: () => void) {
  const { name, size } = r.entry;
  return (error: FlateError | null, chunk: Uint8Array, final: boolean): void => {
    if (error) {
      // Our own refusal comes back here once more when it was thrown inside the inflater.
      if (error instanceof ZipReadError) throw error;
      throw new ZipReadError(`${name} is damaged inside the zip`, { cause: error });
    }
    if (r.written + chunk.length > size) {
      file.terminate();
      throw new ZipReadError(`${name} unpacks to more than the ${size} bytes its header declares`);
    }
    r.out.set(chunk, r.written);
    r.written += chunk.length;
    if (!final) return;
    r.done = true;
    onDone();
    if (r.written !== size) throw new ZipReadError(`${name} unpacks to ${r.written} bytes, not the ${size} its header declares`);
  };
}

/**
 * The bytes of the given entries (from zipEntries, each name once), by name; every other
 * entry is skipped without being inflated. Each result is exactly `entry.size` bytes in an
 * ArrayBuffer of its own, and inflating stops as soon as an entry passes that size, so check
 * the sizes against your limits before calling.
 */
export function readZipEntries(zip: Uint8Array, entries: readonly ZipEntry[]): Map<string, Uint8Array<ArrayBuffer>> {
  const readings = new Map<string, Reading>();
  for (const entry of entries) {
    if (readings.has(entry.name)) throw new ZipReadError(`the zip holds ${entry.name} twice`);
    readings.set(entry.name, { entry, out: new Uint8Array(entry.size), written: 0, started: false, done: false });
  }
  let pending = readings.size;
  /** The entry whose data is streaming past, wanted or not: the one to name if the zip ends inside it. */
  let met: string | undefined;
  const unzip = new Unzip((file) => {
    met = file.name;
    const r = readings.get(file.name);
    if (!r) return; // never started: Unzip skips its data without inflating it
    if (r.started) throw new ZipReadError(`the zip holds ${file.name} twice`);
    refuseMethod(file);
    r.started = true;
    file.ondata = receive(file, r, () => { pending -= 1; });
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < zip.byteLength && pending > 0; at += STEP) {
      const end = Math.min(at + STEP, zip.byteLength);
      unzip.push(zip.subarray(at, end), end === zip.byteLength);
    }
  } catch (error) {
    if (error instanceof ZipReadError) throw error;
    // Damage past the last entry wanted is not this read's to judge: it has all it asked for.
    if (pending > 0) {
      if (met !== undefined && (error as Partial<FlateError>).code === FlateErrorCode.InvalidZipData) {
        throw new ZipReadError(`${met} is cut short: the zip ends early`, { cause: error });
      }
      throw new ZipReadError('not a readable zip file', { cause: error });
    }
  }
  for (const r of readings.values()) {
    if (!r.started) throw new ZipReadError(`${r.entry.name} is not where the zip's file list says`);
    if (!r.done) throw new ZipReadError(`${r.entry.name} is cut short: the zip ends early`);
  }
  return new Map([...readings].map(([name, r]) => [name, r.out]));
}

/**
 * A raw deflate stream inflated to exactly `size` bytes, or null when it is damaged, ends
 * early or would unpack to more: like the zip entries above, a few bytes of deflate cannot
 * make this tab inflate gigabytes (fflate's inflateSync keeps going past a given buffer).
 */
export function inflateExactly(data: Uint8Array, size: number): Uint8Array<ArrayBuffer> | null {
  const out = new Uint8Array(size);
  let written = 0;
  const over = new Error('over');
  const inflate = new Inflate((chunk) => {
    if (written + chunk.length > size) throw over;
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    if (data.byteLength === 0) return null;
    for (let at = 0; at < data.byteLength; at += STEP) {
      const end = Math.min(at + STEP, data.byteLength);
      inflate.push(data.subarray(at, end), end === data.byteLength);
    }
  } catch {
    return null;
  }
  return written === size ? out : null;
}

/**
 * inflateExactly on the platform's own inflater (DecompressionStream) where there is one: the
 * same answer, without running fflate's JavaScript cold in a freshly started worker (a share
 * link's read). The output is taken chunk by chunk and abandoned the moment it passes `size`.
 */
export async function inflateExactlyAsync(data: Uint8Array, size: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (typeof DecompressionStream === 'undefined') return inflateExactly(data, size);
  if (data.byteLength === 0) return null;
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const out = new Uint8Array(size);
  let written = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (written + value.byteLength > size) {
        void reader.cancel().catch(() => undefined);
        return null;
      }
      out.set(value, written);
      written += value.byteLength;
    }
  } catch {
    return null;
  }
  return written === size ? out : null;
}
