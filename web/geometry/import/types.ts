// The import API's plain-data shapes, shared by the browser's import worker and the CLI.
import type { Jaw } from '../../core/types.ts';
import type { Box3, LabelledMesh } from '../mesh.ts';
import type { MeshFormat } from './detect.ts';
import type { Numbering, NumberingReport } from './numbering.ts';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
  /** The name of the folder it was read from, when known (the CLI): it may say the tooth numbering. */
  folder?: string;
}

export interface ImportOptions {
  /** Multiply coordinates (e.g. 10 for cm); replaces the unit guess, the span is re-checked. */
  unitScale?: number;
  /** Per-tooth files whose names do not say their numbering are read in this one. */
  numbering?: Numbering;
  /** Default MAX_FILE_BYTES. */
  maxBytes?: number;
  /** 0..1 with a short stage text ("reading upper.stl"); called at most ~100 times. */
  onProgress?: (fraction: number, stage: string) => void;
}

export interface ImportReport {
  format: MeshFormat;
  sourceFiles: string[];
  /** Before welding (STL: 3 vertices per triangle). */
  trianglesIn: number;
  verticesIn: number;
  vertices: number;
  triangles: number;
  boundaryEdges: number;
  degenerateTriangles: number;
  bbox: Box3;
  sizeMm: [number, number, number];
  /** FDI numbers present in the labels, sorted; [] when unlabelled. */
  teeth: number[];
  unitScale: number;
  /** Per-tooth files only: how their numbers were read, and the sentence that says so. */
  numbering?: NumberingReport;
}

export interface ImportedArch {
  jaw: Jaw | null;
  jawSource: 'labels' | 'file-name' | 'tooth-numbers' | 'none';
  mesh: LabelledMesh;
  report: ImportReport;
}
