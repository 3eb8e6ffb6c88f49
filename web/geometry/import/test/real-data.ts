// The shared real scan (../shared/data beside the checkout; never copied into the repo).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InputFile } from '../types.ts';

export const REAL_SCAN_DIR = fileURLToPath(new URL('../../../../../shared/data/scans/upper-arch-01/', import.meta.url));

const cache = new Map<string, Uint8Array>();

/** A fresh copy each time, so a test may damage its bytes freely. */
export function realFile(name: 'upper.stl' | 'upper.obj' | 'upper.json' | 'upper.face-labels.json', as: string = name): InputFile {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(REAL_SCAN_DIR + name));
    cache.set(name, bytes);
  }
  return { name: as, bytes: bytes.slice() };
}

export function realLabels(): { jaw: string; labels: number[] } {
  return JSON.parse(new TextDecoder().decode(realFile('upper.json').bytes));
}

/** The real binary STL with every coordinate multiplied by `factor` (as if exported in other units). */
export function scaledRealStl(factor: number, as: string): InputFile {
  const { bytes } = realFile('upper.stl', as);
  const view = new DataView(bytes.buffer);
  const count = view.getUint32(80, true);
  for (let t = 0; t < count; t++) {
    for (let k = 0; k < 9; k++) {
      const at = 84 + t * 50 + 12 + k * 4;
      view.setFloat32(at, view.getFloat32(at, true) * factor, true);
    }
  }
  return { name: as, bytes };
}
