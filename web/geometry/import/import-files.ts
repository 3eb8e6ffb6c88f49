// A drop of files in, arches out. Each group (labelled scan, per-tooth set, single scan)
// is imported on its own, so one bad file costs only its own arch and comes back as an
// error beside the arches that worked.
import type { Jaw } from '../../core/types.ts';
import { archOrder, jawOf } from '../../core/fdi.ts';
import { boundingBox, boxSize, type LabelledMesh } from '../mesh.ts';
import type { MeshFormat } from './detect.ts';
import { ImportError, formatCount } from './errors.ts';
import { groupFiles, groupMembers, type FileGroup } from './group.ts';
import { readLabelFile, type LabelFile } from './labels.ts';
import { checkArchSpan, checkLabelFileSize, checkSurface } from './limits.ts';
import { guessJawFromName } from './names.ts';
import { numberingReport, type NumberedFile, type NumberingDecision } from './numbering.ts';
import { parseMesh, type ParsedMesh } from './parse.ts';
import { subRange, throttled, type ProgressFn } from './progress.ts';
import { meshHealth, surfaceArea } from './stats.ts';
import type { ImportedArch, ImportOptions, InputFile } from './types.ts';

export interface ImportResult { arches: ImportedArch[]; errors: ImportError[] }

interface GroupResult { arches: ImportedArch[]; errors: ImportError[] }

export function importFiles(files: InputFile[], opts: ImportOptions = {}): ImportResult {
  const progress = throttled(opts.onProgress);
  const totalBytes = Math.max(1, files.reduce((n, f) => n + f.bytes.length, 0));
  let doneBytes = 0;
  const arches: ImportedArch[] = [];
  const errors: ImportError[] = [];
  for (const group of groupFiles(files, opts)) {
    const groupBytes = groupMembers(group).reduce((n, f) => n + f.bytes.length, 0);
    const groupProgress = subRange(progress, doneBytes / totalBytes, (doneBytes + groupBytes) / totalBytes);
    const result = importGroup(group, opts, groupProgress);
    arches.push(...result.arches);
    errors.push(...result.errors);
    doneBytes += groupBytes;
  }
  progress(1, 'done');
  return { arches, errors };
}

function importGroup(group: FileGroup, opts: ImportOptions, progress: ProgressFn): GroupResult {
  try {
    switch (group.kind) {
      case 'single': return importSingle(group.file, opts, progress);
      case 'labelled': return importLabelled(group.scan, group.labels, opts, progress);
      case 'teeth': return importToothSet(group, opts, progress);
      case 'labels-alone':
        checkLabelFileSize(group.file.name, group.file.bytes.length);
        return { arches: [], errors: [new ImportError(group.file.name, 'not-a-mesh',
          'a label file on its own is not a scan; drop it together with its OBJ scan (same name, e.g. upper.obj with upper.json).')] };
    }
  } catch (e) {
    return { arches: [], errors: [asImportError(e, groupMembers(group)[0].name)] };
  }
}

/**
 * Parser bugs and allocation failures still come back as a message about the file, in
 * plain words: "Invalid typed array length" means nothing to the person who dropped it.
 */
function asImportError(e: unknown, fileName: string): ImportError {
  if (e instanceof ImportError) return e;
  if (e instanceof RangeError) {
    return new ImportError(fileName, 'too-large', 'the file needs more memory than the studio can give it; it is damaged or too large.');
  }
  return new ImportError(fileName, 'corrupt', 'the file could not be read; it is damaged or written in a way the studio does not know.');
}

function parseWithProgress(file: InputFile, opts: ImportOptions, progress: ProgressFn): ParsedMesh {
  return parseMesh(file, { ...opts, onProgress: progress });
}

function importSingle(file: InputFile, opts: ImportOptions, progress: ProgressFn): GroupResult {
  const parsed = parseWithProgress(file, opts, progress);
  const jaw = guessJawFromName(file.name);
  const arch = finishArch(file.name, { ...parsed.mesh, labels: null }, parsed, [file.name], opts,
    jaw, jaw ? 'file-name' : 'none');
  return { arches: [arch], errors: [] };
}

function importLabelled(scan: InputFile, labelFile: InputFile, opts: ImportOptions, progress: ProgressFn): GroupResult {
  const parsed = parseWithProgress(scan, opts, subRange(progress, 0, 0.9));
  const vertexCount = parsed.mesh.positions.length / 3;
  const nameJaw = guessJawFromName(scan.name);
  const unlabelled = (error: ImportError): GroupResult => ({
    arches: [finishArch(scan.name, { ...parsed.mesh, labels: null }, parsed, [scan.name], opts, nameJaw, nameJaw ? 'file-name' : 'none')],
    errors: [error],
  });
  let labelled: LabelFile;
  try {
    labelled = readLabelFile(labelFile, vertexCount);
  } catch (e) {
    return unlabelled(asImportError(e, labelFile.name));
  }
  const { labels } = labelled;
  if (labels.length !== vertexCount) {
    return unlabelled(new ImportError(labelFile.name, 'labels-mismatch',
      `it has ${formatCount(labels.length)} labels but ${scan.name} has ${formatCount(vertexCount)} vertices, so they do not belong together; ${scan.name} was imported without labels.`));
  }
  const labelJaws = new Set<Jaw>();
  for (const fdi of teethOf(labels)) labelJaws.add(jawOf(fdi));
  if (labelJaws.size > 1 || (labelled.jaw && labelJaws.size === 1 && !labelJaws.has(labelled.jaw))) {
    const said = labelled.jaw ? ` and it says "${labelled.jaw}"` : '';
    return unlabelled(new ImportError(labelFile.name, 'mixed-jaws',
      `its labels name teeth of ${[...labelJaws].join(' and ')} jaw${labelJaws.size > 1 ? 's' : ''}${said}; ${scan.name} was imported without labels.`));
  }
  const jaw = labelled.jaw ?? (labelJaws.size === 1 ? [...labelJaws][0] : null);
  const arch = jaw
    ? finishArch(scan.name, { ...parsed.mesh, labels }, parsed, [scan.name, labelFile.name], opts, jaw, 'labels')
    : finishArch(scan.name, { ...parsed.mesh, labels }, parsed, [scan.name, labelFile.name], opts, nameJaw, nameJaw ? 'file-name' : 'none');
  return { arches: [arch], errors: [] };
}

const setNameOf = (files: { name: string }[]) => files.length > 1 ? `${files[0].name} and ${files.length - 1} other tooth files` : files[0].name;

/** A drop's tooth files: one arch per jaw their numbers name (both jaws dropped together make two). */
function importToothSet(group: Extract<FileGroup, { kind: 'teeth' }>, opts: ImportOptions, progress: ProgressFn): GroupResult {
  const { numbering } = group;
  if (numbering.conflict) throw new ImportError(setNameOf(group.files), 'labels-mismatch', numbering.conflict);
  const errors = numbering.refused.map((r) => new ImportError(r.file.name, 'labels-mismatch', r.problem));
  const arches: ImportedArch[] = [];
  const totalBytes = Math.max(1, group.teeth.reduce((n, t) => n + t.file.bytes.length, 0));
  let done = 0;
  for (const jaw of ['upper', 'lower'] as const) {
    const teeth = group.teeth.filter((t) => jawOf(t.fdi) === jaw);
    if (teeth.length === 0) continue;
    const bytes = teeth.reduce((n, t) => n + t.file.bytes.length, 0);
    const result = importTeeth(jaw, teeth, numbering, opts, subRange(progress, done / totalBytes, (done + bytes) / totalBytes));
    done += bytes;
    arches.push(...result.arches);
    errors.push(...result.errors);
  }
  return { arches, errors };
}

function importTeeth(jaw: Jaw, teeth: NumberedFile<InputFile>[], decision: NumberingDecision<InputFile>, opts: ImportOptions, progress: ProgressFn): GroupResult {
  // Around the arch from the patient's right, whatever order the files were dropped in.
  const rank = new Map(archOrder(jaw).map((fdi, i) => [fdi, i]));
  const sorted = [...teeth].sort((a, b) => rank.get(a.fdi)! - rank.get(b.fdi)!);
  const errors: ImportError[] = [];
  const parts: { tooth: NumberedFile<InputFile>; parsed: ParsedMesh }[] = [];
  const seen = new Map<number, string>();
  const totalBytes = Math.max(1, sorted.reduce((n, t) => n + t.file.bytes.length, 0));
  let done = 0;
  for (const tooth of sorted) {
    const { file, fdi } = tooth;
    const fileProgress = subRange(progress, done / totalBytes, (done + file.bytes.length) / totalBytes);
    done += file.bytes.length;
    const earlier = seen.get(fdi);
    if (earlier !== undefined) {
      errors.push(new ImportError(file.name, 'labels-mismatch',
        `it carries tooth ${fdi}, as ${earlier} does; one file per tooth can be imported, so this one was left out.`));
      continue;
    }
    try {
      parts.push({ tooth, parsed: parseWithProgress(file, opts, fileProgress) });
      seen.set(fdi, file.name);
    } catch (e) {
      errors.push(asImportError(e, file.name));
    }
  }
  if (parts.length === 0) return { arches: [], errors };
  const mesh = concatTeeth(parts.map((p) => ({ mesh: p.parsed.mesh, fdi: p.tooth.fdi })));
  const totals: ParsedMesh = {
    mesh,
    format: parts[0].parsed.format,
    trianglesIn: parts.reduce((n, p) => n + p.parsed.trianglesIn, 0),
    verticesIn: parts.reduce((n, p) => n + p.parsed.verticesIn, 0),
  };
  const name = setNameOf(parts.map((p) => p.tooth.file));
  try {
    const arch = finishArch(name, mesh, totals, parts.map((p) => p.tooth.file.name), opts, jaw, 'tooth-numbers');
    arch.report.numbering = numberingReport(decision, parts.map((p) => p.tooth));
    return { arches: [arch], errors };
  } catch (e) {
    return { arches: [], errors: [...errors, asImportError(e, name)] };
  }
}

function concatTeeth(parts: { mesh: { positions: Float32Array; indices: Uint32Array }; fdi: number }[]): LabelledMesh {
  const vertexTotal = parts.reduce((n, p) => n + p.mesh.positions.length / 3, 0);
  const indexTotal = parts.reduce((n, p) => n + p.mesh.indices.length, 0);
  const positions = new Float32Array(vertexTotal * 3);
  const indices = new Uint32Array(indexTotal);
  const labels = new Uint8Array(vertexTotal);
  let v = 0;
  let t = 0;
  for (const { mesh, fdi } of parts) {
    const count = mesh.positions.length / 3;
    positions.set(mesh.positions, v * 3);
    labels.fill(fdi, v, v + count);
    for (let i = 0; i < mesh.indices.length; i++) indices[t + i] = mesh.indices[i] + v;
    v += count;
    t += mesh.indices.length;
  }
  return { positions, indices, labels };
}

function teethOf(labels: Uint8Array | null): number[] {
  if (!labels) return [];
  const seen = new Uint8Array(256);
  for (let i = 0; i < labels.length; i++) seen[labels[i]] = 1;
  const teeth: number[] = [];
  for (let fdi = 1; fdi < 256; fdi++) if (seen[fdi]) teeth.push(fdi);
  return teeth;
}

/** Checks the assembled arch's span and writes its report. */
function finishArch(name: string, mesh: LabelledMesh, parsed: { format: MeshFormat; trianglesIn: number; verticesIn: number },
  sourceFiles: string[], opts: ImportOptions, jaw: Jaw | null, jawSource: ImportedArch['jawSource']): ImportedArch {
  const bbox = boundingBox(mesh.positions);
  const sizeMm = boxSize(bbox);
  // Before the span: a line 60 mm long has an arch's span and would pass it.
  checkSurface(name, surfaceArea(mesh), sizeMm, mesh.indices.length / 3);
  checkArchSpan(name, sizeMm, opts.unitScale);
  const health = meshHealth(mesh);
  return {
    jaw,
    jawSource: jaw ? jawSource : 'none',
    mesh,
    report: {
      format: parsed.format,
      sourceFiles,
      trianglesIn: parsed.trianglesIn,
      verticesIn: parsed.verticesIn,
      vertices: mesh.positions.length / 3,
      triangles: mesh.indices.length / 3,
      boundaryEdges: health.boundaryEdges,
      degenerateTriangles: health.degenerateTriangles,
      bbox,
      sizeMm,
      teeth: teethOf(mesh.labels),
      unitScale: opts.unitScale ?? 1,
    },
  };
}
