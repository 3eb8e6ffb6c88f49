// Node-only reader of the shared real scan (../shared/data/scans/upper-arch-01) with its
// ground truth, for the segmentation tests and the bench. The mesh comes through the
// studio's own importer, so tests measure what a planner's import produces. Not part of
// the app bundle.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Mesh } from '../mesh.ts';
import { parseMesh } from '../import/index.ts';

export const REAL_SCAN_DIR = fileURLToPath(new URL('../../../../shared/data/scans/upper-arch-01/', import.meta.url));

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
  const mesh = parseMesh({ name: 'upper.obj', bytes: readFileSync(REAL_SCAN_DIR + 'upper.obj') }).mesh;
  const faces = JSON.parse(readFileSync(REAL_SCAN_DIR + 'upper.face-labels.json', 'utf8')) as { face_labels: number[] };
  const verts = JSON.parse(readFileSync(REAL_SCAN_DIR + 'upper.json', 'utf8')) as { labels: number[] };
  cached = { mesh, faceLabels: Uint8Array.from(faces.face_labels), vertexLabels: Uint8Array.from(verts.labels) };
  return cached;
}
