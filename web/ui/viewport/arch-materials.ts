// The arch's tissue draw groups, base colours and materials, apart from the arch object
// that keeps them up to date.
import * as THREE from 'three';
import { GINGIVA, STONE, srgbToLinear, toothTint } from './colors.ts';

/**
 * Gingiva triangles first, crown triangles after, so each tissue is one draw call with
 * its own material. A triangle belongs to a crown when most of its corners do.
 */
export function groupByTissue(indices: Uint32Array, labels: Uint8Array): { index: Uint32Array; gingivaTriangles: number } {
  const triangles = indices.length / 3;
  const isTooth = new Uint8Array(triangles);
  let toothCount = 0;
  for (let t = 0; t < triangles; t++) {
    const n = (labels[indices[t * 3]] !== 0 ? 1 : 0) + (labels[indices[t * 3 + 1]] !== 0 ? 1 : 0) + (labels[indices[t * 3 + 2]] !== 0 ? 1 : 0);
    if (n >= 2) {
      isTooth[t] = 1;
      toothCount++;
    }
  }
  const index = new Uint32Array(indices.length);
  let g = 0;
  let k = (triangles - toothCount) * 3;
  for (let t = 0; t < triangles; t++) {
    const at = isTooth[t] ? k : g;
    index[at] = indices[t * 3];
    index[at + 1] = indices[t * 3 + 1];
    index[at + 2] = indices[t * 3 + 2];
    if (isTooth[t]) k += 3;
    else g += 3;
  }
  return { index, gingivaTriangles: triangles - toothCount };
}

export function baseColours(labels: Uint8Array): Float32Array {
  const out = new Float32Array(labels.length * 3);
  const gingiva = GINGIVA.map(srgbToLinear);
  const tints = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    let c = gingiva;
    if (l !== 0) {
      c = tints.get(l) ?? toothTint(l).map(srgbToLinear);
      tints.set(l, c);
    }
    out[i * 3] = c[0]; out[i * 3 + 1] = c[1]; out[i * 3 + 2] = c[2];
  }
  return out;
}

// Scans are open surfaces: double-sided, so looking past the scan's edge never shows a hole.
export function gingivaMaterial(): THREE.Material {
  return new THREE.MeshPhysicalMaterial({ side: THREE.DoubleSide, vertexColors: true, roughness: 0.45, metalness: 0, clearcoat: 0.25, clearcoatRoughness: 0.35, sheen: 0.3, sheenColor: new THREE.Color(1, 0.8, 0.8), sheenRoughness: 0.6 });
}

export function enamelMaterial(): THREE.Material {
  return new THREE.MeshPhysicalMaterial({ side: THREE.DoubleSide, vertexColors: true, roughness: 0.32, metalness: 0, clearcoat: 0.45, clearcoatRoughness: 0.2 });
}

/** Composite drawn in a colour of its own, as planning software does, so it reads apart from the enamel. */
export function attachmentMaterial(): THREE.Material {
  return new THREE.MeshStandardMaterial({ color: 0x6fa8dc, roughness: 0.4, metalness: 0 });
}

export function stoneMaterial(): THREE.Material {
  const color = new THREE.Color().setRGB(STONE[0], STONE[1], STONE[2], THREE.SRGBColorSpace);
  return new THREE.MeshPhysicalMaterial({ side: THREE.DoubleSide, color, roughness: 0.5, metalness: 0, clearcoat: 0.2, clearcoatRoughness: 0.4 });
}
