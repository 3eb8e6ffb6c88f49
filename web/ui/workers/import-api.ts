// The parsing work the studio runs off the main thread. A plain object so tests (and a
// fallback without workers) can call it directly; import.worker.ts exposes it via comlink.
import { transfer } from 'comlink';
import { importFiles } from '../../geometry/import/index.ts';
import type { ImportedArch, InputFile, Numbering, UnitGuess } from '../../geometry/import/index.ts';
import { generateDemoCase } from '../../geometry/demo/index.ts';
import type { DemoCase } from '../../geometry/demo/index.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';

/** An ImportError as plain data: Error subclasses lose their fields crossing a worker. */
export interface ImportProblem {
  fileName: string;
  code: string;
  message: string;
  unitGuess?: UnitGuess;
}

export interface ImportResult {
  arches: ImportedArch[];
  errors: ImportProblem[];
}

export type ProgressListener = (fraction: number, stage: string) => void;

/** What the planner decided for a drop: the units of a scan, the numbering of tooth files. */
export interface ImportChoices { unitScale?: number; numbering?: Numbering }

export interface ImportApi {
  importFiles(files: InputFile[], options?: ImportChoices, onProgress?: ProgressListener): ImportResult;
  generateDemo(seed?: number): DemoCase;
}

export const importApi: ImportApi = {
  importFiles(files, options = {}, onProgress) {
    let result: ReturnType<typeof importFiles>;
    try {
      result = importFiles(files, {
        unitScale: options.unitScale,
        numbering: options.numbering,
        onProgress: onProgress ? throttleProgress(onProgress) : undefined,
      });
    } catch {
      // importFiles answers each file itself; this is for a fault between files, so the
      // drop still gets one plain message per file instead of a failed worker call.
      return { arches: [], errors: files.map((f) => ({ fileName: f.name, code: 'failed', message: `${f.name}: the import stopped unexpectedly; the file may be damaged.` })) };
    }
    const errors = result.errors.map(toProblem);
    return transfer({ arches: result.arches, errors }, meshBuffers(result.arches.map((a) => a.mesh)));
  },
  generateDemo(seed) {
    const demo = generateDemoCase(seed);
    return transfer(demo, meshBuffers([demo.arches.upper.mesh, demo.arches.lower.mesh]));
  },
};

export function toProblem(error: unknown): ImportProblem {
  if (error instanceof Error) {
    const e = error as Error & { fileName?: string; code?: string; unitGuess?: UnitGuess };
    const problem: ImportProblem = { fileName: e.fileName ?? '', code: e.code ?? 'unknown', message: e.message };
    if (e.unitGuess) problem.unitGuess = { ...e.unitGuess };
    return problem;
  }
  return { fileName: '', code: 'unknown', message: String(error) };
}

/** Each distinct buffer once: a transfer list with duplicates throws. */
function meshBuffers(meshes: LabelledMesh[]): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const m of meshes) {
    for (const arr of [m.positions, m.indices, m.labels]) {
      if (arr && arr.buffer instanceof ArrayBuffer) set.add(arr.buffer);
    }
  }
  return [...set];
}

/** Crossing to the main thread costs a message; a few dozen updates are plenty for a bar. */
function throttleProgress(listener: ProgressListener): ProgressListener {
  let lastFraction = -1;
  let lastStage = '';
  return (fraction, stage) => {
    if (stage !== lastStage || fraction - lastFraction >= 0.02 || fraction >= 1) {
      lastFraction = fraction;
      lastStage = stage;
      listener(fraction, stage);
    }
  };
}
