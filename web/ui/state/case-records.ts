// The open case's photographs, radiographs and notes as the Scans tab shows them: the list,
// files waiting for their kind, thumbnails (object URLs, released with the view) and what the
// last action said. Made per case by CaseView, so another case never shows these. Thumbnails
// are made in the browser (createImageBitmap + OffscreenCanvas); `images` is injectable, so the
// flow runs in Node tests with a fake. A record without a thumbnail (one from a package) gets
// one made again from its bytes.
import { createSignal, type Accessor } from 'solid-js';
import { guessRecordKind } from '../../core/record-checklist.ts';
import type { RecordKind } from '../../core/record-kinds.ts';
import { readDicom } from '../../exchange/dicom.ts';
import { checkRecordFile, RecordFileError, type RecordMediaType } from '../../exchange/record-files.ts';
import type { CaseRecordFile, RecordThumbnail, RecordsRepository } from '../../store/case-records.ts';
import { messageOf } from './plan-versions.ts';

/** Longest side of a thumbnail, in pixels. */
export const THUMB_SIZE = 240;

/** What the studio can draw of a record: an encoded image, or 8-bit gray pixels (a DICOM). */
export type RecordPicture =
  | { type: 'encoded'; bytes: ArrayBuffer; mediaType: 'image/png' | 'image/jpeg' }
  | { type: 'gray'; width: number; height: number; pixels: Uint8Array<ArrayBuffer> };

export interface RecordImages {
  /** A JPEG of at most THUMB_SIZE on its longest side, and the picture's own size. */
  thumbnail(picture: RecordPicture): Promise<{ thumb: RecordThumbnail; width: number; height: number }>;
  /** A URL the viewer's <img> can show at full size (revoke with URL.revokeObjectURL). */
  fullUrl(picture: RecordPicture): Promise<string>;
  thumbUrl(bytes: ArrayBuffer): string;
  revoke(url: string): void;
}

/** The picture of a record's bytes, or why there is none ("it is compressed as ..."). */
export function pictureOf(bytes: ArrayBuffer, mediaType: RecordMediaType): { picture?: RecordPicture; notShown?: string } {
  if (mediaType === 'image/png' || mediaType === 'image/jpeg') return { picture: { type: 'encoded', bytes, mediaType } };
  if (mediaType === 'text/plain') return { notShown: 'a note' };
  try {
    const info = readDicom(new Uint8Array(bytes));
    return info.gray ? { picture: { type: 'gray', ...info.gray } } : { notShown: `This studio keeps this DICOM file but cannot show it: ${info.notShown ?? 'it holds no image'}.` };
  } catch (e) {
    return { notShown: `This DICOM file cannot be read: ${messageOf(e)}` };
  }
}

async function bitmapOf(picture: RecordPicture): Promise<ImageBitmap> {
  if (picture.type === 'encoded') return createImageBitmap(new Blob([picture.bytes], { type: picture.mediaType }));
  const rgba = new Uint8ClampedArray(picture.width * picture.height * 4);
  for (let i = 0; i < picture.pixels.length; i++) {
    const g = picture.pixels[i];
    rgba[i * 4] = g;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = g;
    rgba[i * 4 + 3] = 255;
  }
  return createImageBitmap(new ImageData(rgba, picture.width, picture.height));
}

/** The browser's image work: createImageBitmap and OffscreenCanvas. */
export const browserImages: RecordImages = {
  async thumbnail(picture) {
    const bitmap = await bitmapOf(picture);
    try {
      const scale = Math.min(1, THUMB_SIZE / Math.max(bitmap.width, bitmap.height));
      const w = Math.max(1, Math.round(bitmap.width * scale));
      const h = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d')!;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(bitmap, 0, 0, w, h);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
      return { thumb: { bytes: await blob.arrayBuffer(), width: w, height: h }, width: bitmap.width, height: bitmap.height };
    } finally {
      bitmap.close();
    }
  },
  async fullUrl(picture) {
    if (picture.type === 'encoded') return URL.createObjectURL(new Blob([picture.bytes], { type: picture.mediaType }));
    const bitmap = await bitmapOf(picture);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    bitmap.close();
    return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
  },
  thumbUrl: (bytes) => URL.createObjectURL(new Blob([bytes], { type: 'image/jpeg' })),
  revoke: (url) => URL.revokeObjectURL(url),
};

/** A file waiting for the person to say what it is. */
export interface PendingRecord {
  key: number;
  fileName: string;
  bytes: ArrayBuffer;
  kind: RecordKind | '';
}

export interface CaseRecordsStore {
  records: Accessor<readonly CaseRecordFile[]>;
  pending: Accessor<readonly PendingRecord[]>;
  /** Thumbnail URLs by record id. */
  thumbs: Accessor<Readonly<Record<string, string>>>;
  /** The last refusal or failure, in words; '' when none. */
  error: Accessor<string>;
  busy: Accessor<boolean>;
  load(): Promise<void>;
  /** Files chosen or dropped: each checked at once (a refused one is named and dropped), the rest wait for their kind. */
  take(files: readonly { name: string; bytes: ArrayBuffer }[]): void;
  setPendingKind(key: number, kind: RecordKind | ''): void;
  dropPending(key: number): void;
  /** Adds every pending file that has a kind. */
  addPending(): Promise<void>;
  addNote(text: string): Promise<boolean>;
  remove(id: string): Promise<void>;
  clearError(): void;
  dispose(): void;
}

export function createCaseRecordsStore(deps: { caseId: string; repo: RecordsRepository; images?: RecordImages; onChanged?: () => void }): CaseRecordsStore {
  const images = deps.images ?? browserImages;
  const [records, setRecords] = createSignal<readonly CaseRecordFile[]>([]);
  const [pending, setPending] = createSignal<readonly PendingRecord[]>([]);
  const [thumbs, setThumbs] = createSignal<Readonly<Record<string, string>>>({});
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  let disposed = false;
  let nextKey = 1;

  function setThumb(id: string, bytes: ArrayBuffer) {
    if (disposed) return;
    const old = thumbs()[id];
    if (old) images.revoke(old);
    setThumbs({ ...thumbs(), [id]: images.thumbUrl(bytes) });
  }

  /** A thumbnail for a record that has none (one from a package): made from its bytes and kept. */
  async function remake(r: CaseRecordFile) {
    const { bytes } = await deps.repo.load(deps.caseId, r.id);
    const { picture } = pictureOf(bytes, r.mediaType);
    if (!picture || disposed) return;
    const made = await images.thumbnail(picture);
    await deps.repo.saveThumbnail(deps.caseId, r.id, made.thumb);
    setThumb(r.id, made.thumb.bytes);
  }

  async function load() {
    const list = await deps.repo.list(deps.caseId);
    if (disposed) return;
    setRecords(list);
    const present = new Set(list.map((r) => r.id));
    for (const [id, url] of Object.entries(thumbs())) {
      if (!present.has(id)) images.revoke(url);
    }
    setThumbs(Object.fromEntries(Object.entries(thumbs()).filter(([id]) => present.has(id))));
    for (const r of list) {
      if (thumbs()[r.id] || r.mediaType === 'text/plain') continue;
      if (r.thumbId) {
        const bytes = await deps.repo.thumbnail(deps.caseId, r.id);
        if (bytes) setThumb(r.id, bytes);
      } else {
        await remake(r).catch(() => undefined);
      }
    }
  }

  const run = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    try {
      return await work();
    } catch (e) {
      setError(messageOf(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  return {
    records, pending, thumbs, error, busy, load,
    take(files) {
      const refusals: string[] = [];
      const waiting: PendingRecord[] = [];
      for (const f of files) {
        try {
          checkRecordFile(f.name, new Uint8Array(f.bytes));
          waiting.push({ key: nextKey++, fileName: f.name, bytes: f.bytes, kind: guessRecordKind(f.name) ?? '' });
        } catch (e) {
          if (!(e instanceof RecordFileError)) throw e;
          refusals.push(e.message);
        }
      }
      setError(refusals.join(' '));
      setPending([...pending(), ...waiting]);
    },
    setPendingKind: (key, kind) => setPending(pending().map((p) => (p.key === key ? { ...p, kind } : p))),
    dropPending: (key) => setPending(pending().filter((p) => p.key !== key)),
    async addPending() {
      await run(async () => {
        for (const p of pending().filter((x) => x.kind !== '')) {
          const media = checkRecordFile(p.fileName, new Uint8Array(p.bytes));
          const { picture } = pictureOf(p.bytes, media.mediaType);
          const made = picture ? await images.thumbnail(picture).catch(() => undefined) : undefined;
          const added = await deps.repo.add(deps.caseId, {
            fileName: p.fileName, bytes: p.bytes, recordKind: p.kind as RecordKind,
            ...(made ? { width: made.width, height: made.height, thumbnail: made.thumb } : {}),
          });
          setPending(pending().filter((x) => x.key !== p.key));
          if (made) setThumb(added.id, made.thumb.bytes);
          if (!disposed) setRecords([...records(), added]);
        }
        deps.onChanged?.();
      });
    },
    async addNote(text) {
      const added = await run(() => deps.repo.addNote(deps.caseId, text));
      if (!added) return false;
      if (!disposed) setRecords([...records(), added]);
      deps.onChanged?.();
      return true;
    },
    async remove(id) {
      await run(async () => {
        await deps.repo.remove(deps.caseId, id);
        const url = thumbs()[id];
        if (url) images.revoke(url);
        const { [id]: _gone, ...rest } = thumbs();
        setThumbs(rest);
        setRecords(records().filter((r) => r.id !== id));
        deps.onChanged?.();
      });
    },
    clearError: () => setError(''),
    dispose() {
      disposed = true;
      for (const url of Object.values(thumbs())) images.revoke(url);
    },
  };
}
