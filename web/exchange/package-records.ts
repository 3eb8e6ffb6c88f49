// A case package's records (package version 3 on): records/index.json lists each photograph,
// radiograph and note with its kind, file name, media type, who added it and when, and the
// records/<id>.<ext> entry holding its bytes. Written by package-write.ts, read and checked by
// package-read.ts: every record is listed once and present, its bytes are the file it says
// (exchange/record-files.ts), and no record entry is left unlisted. The manifest's SHA-256 of
// each entry already tells a record altered after export.
import { strToU8 } from 'fflate';
import { isRecordKind } from '../core/record-kinds.ts';
import type { PackageRefusals } from './errors.ts';
import { actorProblem, isObject } from './package-checks.ts';
import { MAX_PACKAGE_RECORDS, recordIdProblem, recordPath, RECORDS_INDEX, type RecordJson } from './package-layout.ts';
import type { PackageRecord } from './package-types.ts';
import { checkRecordFile, RECORD_MEDIA_TYPES, RecordFileError, type RecordMediaType } from './record-files.ts';

/** The entries of `records`, in their order: the index, then each file (images stored, the rest deflated). */
export function recordEntries(records: readonly PackageRecord[]): { path: string; bytes: Uint8Array; stored: boolean }[] {
  if (records.length === 0) return [];
  if (records.length > MAX_PACKAGE_RECORDS) throw new Error(`a package carries at most ${MAX_PACKAGE_RECORDS} records, not ${records.length}`);
  const index: RecordJson[] = records.map((r) => {
    if (recordIdProblem(r.id)) throw new Error(`record id ${JSON.stringify(r.id)} cannot name a package entry`);
    return {
      id: r.id, kind: r.kind, fileName: r.fileName, mediaType: r.mediaType, addedAt: r.addedAt, addedBy: { name: r.addedBy.name, role: r.addedBy.role },
      ...(r.width !== undefined && r.height !== undefined ? { width: r.width, height: r.height } : {}), path: recordPath(r.id, r.mediaType),
    };
  });
  return [
    { path: RECORDS_INDEX, bytes: strToU8(JSON.stringify(index)), stored: false },
    ...records.map((r, i) => ({ path: index[i].path, bytes: r.bytes, stored: r.mediaType === 'image/png' || r.mediaType === 'image/jpeg' })),
  ];
}

function recordJsonProblem(r: unknown): string | null {
  if (!isObject(r)) return 'is not an object';
  if (recordIdProblem(r.id)) return 'has no usable id';
  if (!isRecordKind(r.kind) || r.kind === 'upper-scan' || r.kind === 'lower-scan') return `has a kind this studio does not take as a record (${JSON.stringify(r.kind)})`;
  if (!RECORD_MEDIA_TYPES.includes(r.mediaType as RecordMediaType)) return `has an unknown media type ${JSON.stringify(r.mediaType)}`;
  if ((r.kind === 'notes') !== (r.mediaType === 'text/plain')) return 'is a note that is not text, or text that is not a note';
  if (typeof r.fileName !== 'string' || r.fileName.length > 255) return 'has no file name';
  if (typeof r.addedAt !== 'number' || !Number.isFinite(r.addedAt)) return 'does not say when it was added';
  const by = actorProblem(r.addedBy);
  if (by) return `says who added it wrongly: ${by}`;
  const dim = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= 65535);
  if (!dim(r.width) || !dim(r.height)) return 'has a bad image size';
  if (r.path !== recordPath(r.id as string, r.mediaType as RecordMediaType)) return 'names an entry that is not its own';
  return null;
}

/**
 * The records of a package as read: `index` is records/index.json parsed (undefined when the
 * package has none). Throws the file's refusal.
 */
export function readRecords(index: unknown, files: Map<string, Uint8Array>, kind: 'case' | 'response', fail: PackageRefusals): PackageRecord[] {
  const unlisted = (listed: Set<string>) => [...files.keys()].find((p) => p.startsWith('records/') && p !== RECORDS_INDEX && !listed.has(p));
  if (index === undefined) {
    const stray = unlisted(new Set());
    if (stray) throw fail.damaged(`it holds ${stray} without ${RECORDS_INDEX}`);
    return [];
  }
  if (kind === 'response') throw fail.damaged(`it answers a case but carries ${RECORDS_INDEX}`);
  if (!Array.isArray(index)) throw fail.damaged(`${RECORDS_INDEX} is not a list`);
  if (index.length > MAX_PACKAGE_RECORDS) throw fail.damaged(`${RECORDS_INDEX} lists ${index.length} records; a package carries at most ${MAX_PACKAGE_RECORDS}`);
  const ids = new Set<string>();
  const paths = new Set<string>();
  const out = index.map((r: unknown, i): PackageRecord => {
    const problem = recordJsonProblem(r);
    if (problem) throw fail.damaged(`record ${i + 1} in ${RECORDS_INDEX} ${problem}`);
    const record = r as RecordJson;
    if (ids.has(record.id)) throw fail.damaged(`${RECORDS_INDEX} lists record ${record.id} twice`);
    ids.add(record.id);
    paths.add(record.path);
    const bytes = files.get(record.path);
    if (!bytes) throw fail.damaged(`it has no ${record.path}, which ${RECORDS_INDEX} lists`);
    const name = record.fileName || record.path;
    if (record.mediaType === 'text/plain') {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw fail.damaged(`${record.path} is a note that is not UTF-8 text`);
      }
    } else {
      try {
        checkRecordFile(name, bytes, record.mediaType);
      } catch (error) {
        if (error instanceof RecordFileError) throw fail.damaged(`${record.path} is not the ${record.mediaType} file its index says (${error.message.replace(/ Nothing was stored\.$/, '')})`, error);
        throw error;
      }
    }
    return {
      id: record.id, kind: record.kind, fileName: record.fileName, mediaType: record.mediaType, addedAt: record.addedAt,
      addedBy: { name: record.addedBy.name, role: record.addedBy.role },
      ...(record.width !== undefined && record.height !== undefined ? { width: record.width, height: record.height } : {}), bytes,
    };
  });
  const stray = unlisted(paths);
  if (stray) throw fail.damaged(`it holds ${stray}, which ${RECORDS_INDEX} does not list`);
  return out;
}
