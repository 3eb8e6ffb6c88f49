// Node-only reader of the shared real scan (../shared/data/scans/upper-arch-01) for the
// segmentation tests and report: the importer is someone else's module and may change,
// and the accuracy numbers must not move because of it. Not part of the app bundle.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Mesh } from '../mesh.ts';

export const REAL_SCAN_DIR = fileURLToPath(new URL('../../../../shared/data/scans/upper-arch-01/', import.meta.url));

/** Minimal OBJ reader: `v x y z` and triangular `f a b c` (also `a/b/c` forms), 1-based. */
export function parseObj(text: string): Mesh {
  const pos: number[] = [];
  const idx: number[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('v ')) {
      const p = line.trim().split(/\s+/);
      pos.push(+p[1], +p[2], +p[3]);
    } else if (line.startsWith('f ')) {
      const p = line.trim().split(/\s+/).slice(1).map((s) => parseInt(s, 10) - 1);
      for (let k = 1; k + 1 < p.length; k++) idx.push(p[0], p[k], p[k + 1]);
    }
  }
  return { positions: new Float32Array(pos), indices: new Uint32Array(idx) };
}

export interface RealScan {
  mesh: Mesh;
  /** Ground truth FDI label per triangle, 0 = gingiva. */
  faceLabels: Uint8Array;
  /** Ground truth FDI label per vertex, 0 = gingiva. */
  vertexLabels: Uint8Array;
}

let cached: RealScan | null = null;

export function loadRealScan(): RealScan {
  if (cached) return cached;
  const mesh = parseObj(readFileSync(REAL_SCAN_DIR + 'upper.obj', 'utf8'));
  const faces = JSON.parse(readFileSync(REAL_SCAN_DIR + 'upper.face-labels.json', 'utf8')) as { face_labels: number[] };
  const verts = JSON.parse(readFileSync(REAL_SCAN_DIR + 'upper.json', 'utf8')) as { labels: number[] };
  cached = { mesh, faceLabels: Uint8Array.from(faces.face_labels), vertexLabels: Uint8Array.from(verts.labels) };
  return cached;
}
