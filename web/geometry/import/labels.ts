// Teeth3DS label files: {"jaw": "upper"|"lower", "labels": [FDI or 0 per vertex], ...}.
// Extra keys (id_patient, instances) are allowed and ignored.
import type { Jaw } from '../../core/types.ts';
import { isFdi } from '../../core/fdi.ts';
import { ImportError, formatCount } from './errors.ts';
import { checkLabelFileSize } from './limits.ts';
import type { InputFile } from './types.ts';
import { guessJawFromName } from './names.ts';

export interface LabelFile {
  jaw: Jaw | null;
  labels: Uint8Array;
}

/** `vertexCount`: the scan's, so a label file far larger than that scan can need is refused unread. */
export function readLabelFile(file: InputFile, vertexCount?: number): LabelFile {
  const { name } = file;
  if (file.bytes.length === 0) throw new ImportError(name, 'empty', 'the label file is empty (0 bytes).');
  checkLabelFileSize(name, file.bytes.length, vertexCount);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(file.bytes));
  } catch {
    throw new ImportError(name, 'corrupt', 'the label file is not valid JSON; it is damaged.');
  }
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const raw = record.labels;
  if (!Array.isArray(raw)) {
    throw new ImportError(name, 'corrupt', 'this JSON has no "labels" list, so it is not a tooth label file (Teeth3DS layout {jaw, labels}).');
  }
  const labels = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (typeof v !== 'number' || (v !== 0 && !isFdi(v))) {
      throw new ImportError(name, 'corrupt',
        `label ${formatCount(i + 1)} is ${JSON.stringify(v)}, not an FDI tooth number or 0 (gingiva); the label file is damaged.`);
    }
    labels[i] = v;
  }
  const jawText = typeof record.jaw === 'string' ? record.jaw : '';
  return { jaw: jawText ? guessJawFromName(jawText) : null, labels };
}
