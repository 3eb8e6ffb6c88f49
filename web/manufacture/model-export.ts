// The lab's zip: one binary STL per model (`<case>_<U|L>_<stage>.stl`), its trim line as a
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
import type { ManifoldApi } from './manifold.ts';
import { caseFileLabel, caseModels, modelJobs, type CaseModelsInput } from './case-models.ts';
import { binaryStl } from './stl.ts';
import { DEFAULT_MODEL_HEIGHT_MM } from './arch-model.ts';
import { DEFAULT_TRIM, type TrimSettings } from './trim-line.ts';

export const MODELS_FORMAT = 'aligner-studio-models';
export const MODELS_FORMAT_VERSION = 1;

export interface ModelManifestEntry {
  file: string;
  arch: Jaw;
  /** 0: the attachment template; n: aligner n. */
  stage: number;
  triangles: number;
  volumeMm3: number;
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

/**
 * Builds every model and hands each file to `sink` as it is made. Aborting stops before the
 * next model and rejects with the signal's reason; the sink is told to drop what it has.
 * Bad input (module case-models: no segmentation, no plan, limit warnings) is refused
 * before anything is written.
 */
export async function exportCaseModels(api: ManifoldApi, input: ExportInput, sink: ModelSink, options: ExportOptions = {}): Promise<ModelsManifest> {
  const trim = input.trim ?? DEFAULT_TRIM;
  const total = modelJobs(input).length;
  const models: ModelManifestEntry[] = [];
  try {
    for await (const model of caseModels(api, input, options.signal, trim)) {
      const stl = binaryStl(model.mesh, `Aligner Studio ${model.file}`);
      const trimFile = model.file.replace(/\.stl$/, '.trim.xyz');
      await sink.add(model.file, stl);
      await sink.add(trimFile, utf8ToBytes(xyz(model.trim.points)));
      models.push({
        file: model.file, arch: model.jaw, stage: model.stage, triangles: model.triangles, volumeMm3: Math.round(model.volumeMm3 * 10) / 10,
        sha256: bytesToHex(sha256(stl)), attachments: model.attachments, trimFile, trimLengthMm: Math.round(model.trim.lengthMm * 10) / 10,
      });
      options.onProgress?.({ done: models.length, total, file: model.file });
    }
    options.signal?.throwIfAborted();
    await sink.add('attachments.csv', utf8ToBytes(attachmentChartCsv(input.plan.attachments)));
    const manifest: ModelsManifest = {
      format: MODELS_FORMAT, version: MODELS_FORMAT_VERSION, case: caseFileLabel(input.caseLabel), createdAt: input.createdAt,
      modelHeightMm: input.heightMm ?? DEFAULT_MODEL_HEIGHT_MM, trim, models,
    };
    await sink.add('manifest.json', utf8ToBytes(JSON.stringify(manifest, null, 2)));
    await sink.close();
    return manifest;
  } catch (e) {
    sink.abort();
    throw e;
  }
}
