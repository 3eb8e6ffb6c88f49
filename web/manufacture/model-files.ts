// The lab's files, light enough for the studio's main thread (no manifold, no font): the zip: one binary STL per model (`<case>_<U|L>_<stage>.stl`), its trim line as a
// point list (`.trim.xyz`, x y z in mm, one point per line, the loop closing on the first),
// the attachment chart (attachments.csv) and a manifest with each model's stage, arch,
// triangles, volume and SHA-256. Written as it is made: each model goes into the zip and is
// let go before the next is built, so memory holds one model, whatever the case's length.
import { Zip, ZipDeflate } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { SHAPE_LABEL, type Attachment } from '../core/attachments.ts';
import { csv } from '../core/csv.ts';
import type { Jaw } from '../core/types.ts';
import type { BuiltModel, CaseModelsInput } from './case-models.ts';
import { caseFileLabel, DEFAULT_MODEL_HEIGHT_MM } from './model-jobs.ts';
import { binaryStl } from './stl.ts';
import type { TrimSettings } from './model-jobs.ts';

export const MODELS_FORMAT = 'aligner-studio-models';
export const MODELS_FORMAT_VERSION = 1;

export interface ModelManifestEntry {
  file: string;
  arch: Jaw;
  /** 0: the attachment template; n: aligner n. */
  stage: number;
  triangles: number;
  volumeMm3: number;
  /** Base to the highest cusp tip of the arch's template, mm. */
  heightMm: number;
  sha256: string;
  attachments: number;
  trimFile: string;
  trimLengthMm: number;
}

export interface ModelsManifest {
  format: typeof MODELS_FORMAT;
  version: number;
  case: string;
  createdAt: string;
  modelHeightMm: number;
  trim: TrimSettings;
  /** Hollow models: wall thickness and drain holes, mm; null: solid. */
  hollow: { wallMm: number; drainMm: number } | null;
  models: ModelManifestEntry[];
}

export interface ExportProgress {
  done: number;
  total: number;
  /** The file just written. */
  file: string;
}

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
}

export interface ExportInput extends CaseModelsInput {
  /** ISO time the export was asked for (written into the manifest). */
  createdAt: string;
  trim?: TrimSettings;
}

export function attachmentChartCsv(attachments: readonly Attachment[]): string {
  const rows = [...attachments].sort((a, b) => a.fdi - b.fdi).map((a) => [
    a.fdi, SHAPE_LABEL[a.shape], a.surface, a.widthMm, a.heightMm, a.depthMm, a.stagePlaced, a.stageRemoved ?? 'end of treatment', a.reason,
  ]);
  return csv(['tooth', 'shape', 'surface', 'width_mm', 'height_mm', 'depth_mm', 'stage_placed', 'stage_removed', 'reason'], rows);
}

function xyz(points: readonly (readonly number[])[]): string {
  return points.map((p) => `${p[0].toFixed(3)} ${p[1].toFixed(3)} ${p[2].toFixed(3)}`).join('\n') + '\n';
}

/** Where the files go: into a zip (zipSink) or, for the CLI, a folder. Each add is awaited before the next model is built. */
export interface ModelSink {
  add(name: string, bytes: Uint8Array): void | Promise<void>;
  /** After the last file. */
  close(): void | Promise<void>;
  /** Export stopped (cancelled or failed): drop what was written. */
  abort(): void;
}

/**
 * A zip written as it is made: each file is deflated (level 1 for the STLs: most of the size
 * gain at a fraction of the time) and its bytes handed to `write` before the next file.
 */
export function zipSink(write: (chunk: Uint8Array) => void | Promise<void>): ModelSink {
  const pending: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else pending.push(chunk);
  });
  const flush = async (): Promise<void> => {
    if (failed) throw failed;
    while (pending.length) await write(pending.shift()!);
  };
  return {
    async add(name, bytes) {
      const entry = new ZipDeflate(name, { level: name.endsWith('.stl') ? 1 : 6 });
      zip.add(entry);
      entry.push(bytes, true);
      await flush();
    },
    async close() {
      zip.end();
      await flush();
    },
    abort() { zip.terminate(); },
  };
}

/** One model's files and its manifest line, made where the model was built (a worker). */
export interface ModelFiles {
  entry: ModelManifestEntry;
  stl: Uint8Array;
  trim: Uint8Array;
}

export function modelFiles(model: BuiltModel): ModelFiles {
  const stl = binaryStl(model.mesh, `Aligner Studio ${model.file}`);
  const trimFile = model.file.replace(/\.stl$/, '.trim.xyz');
  return {
    stl,
    trim: utf8ToBytes(xyz(model.trim.points)),
    entry: {
      file: model.file, arch: model.jaw, stage: model.stage, triangles: model.triangles, volumeMm3: Math.round(model.volumeMm3 * 10) / 10,
      heightMm: Math.round(model.heightMm * 10) / 10, sha256: bytesToHex(sha256(stl)), attachments: model.attachments, trimFile,
      trimLengthMm: Math.round(model.trim.lengthMm * 10) / 10,
    },
  };
}

export async function addModel(sink: ModelSink, files: ModelFiles): Promise<void> {
  await sink.add(files.entry.file, files.stl);
  await sink.add(files.entry.trimFile, files.trim);
}

export interface ModelsInfo {
  caseLabel: string;
  createdAt: string;
  heightMm?: number;
  trim: TrimSettings;
  hollow?: { wallMm: number; drainMm: number };
  attachments: readonly Attachment[];
}

/** After the last model: the attachment chart and the manifest (models upper first, by stage), then the sink is closed. */
export async function finishModels(sink: ModelSink, info: ModelsInfo, entries: readonly ModelManifestEntry[]): Promise<ModelsManifest> {
  await sink.add('attachments.csv', utf8ToBytes(attachmentChartCsv(info.attachments)));
  const models = [...entries].sort((a, b) => (a.arch === b.arch ? a.stage - b.stage : a.arch === 'upper' ? -1 : 1));
  const manifest: ModelsManifest = {
    format: MODELS_FORMAT, version: MODELS_FORMAT_VERSION, case: caseFileLabel(info.caseLabel), createdAt: info.createdAt,
    modelHeightMm: info.heightMm ?? DEFAULT_MODEL_HEIGHT_MM, trim: info.trim, hollow: info.hollow ?? null, models,
  };
  await sink.add('manifest.json', utf8ToBytes(JSON.stringify(manifest, null, 2)));
  await sink.close();
  return manifest;
}
