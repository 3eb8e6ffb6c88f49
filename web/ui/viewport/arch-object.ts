// One arch as three.js objects: a single indexed BufferGeometry (gingiva and crowns as two
// draw groups with their own materials), per-vertex colours, number labels per tooth, and
// a BVH for picking built once, when first needed.
import * as THREE from 'three';
import { CSS2DObject } from 'three/addons/renderers/CSS2DRenderer.js';
import { MeshBVH, acceleratedRaycast } from 'three-mesh-bvh';
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { GINGIVA, SELECTED_TOOTH, STONE, srgbToLinear, toothTint } from './colors.ts';
import type { Rgb } from './colors.ts';
import { toothAnchors, toothVertexIndices } from './labels.ts';
import type { ToothAnchor } from './labels.ts';

export interface ArchLabel {
  anchor: ToothAnchor;
  object: CSS2DObject;
  element: HTMLDivElement;
}

export interface ArchObject {
  jaw: Jaw;
  group: THREE.Group;
  mesh: THREE.Mesh;
  labels: ArchLabel[];
  readonly segmented: boolean;
  box: THREE.Box3;
  ensureBvh(): void;
  /** The FDI label of the vertex nearest to a hit on this arch, 0 for gingiva. */
  labelAt(hit: THREE.Intersection): number;
  /** The scan vertex (the mesh's own order) nearest to a hit on this arch. */
  vertexAt(hit: THREE.Intersection): number;
  /**
   * New tooth labels on the same scan, applied in place: colours always; the tissue draw
   * groups, number labels and picking BVH only when `settled` (not during a brush stroke,
   * whose picks need the BVH as it is).
   */
  setLabels(labels: Uint8Array, settled: boolean): void;
  setHighlight(fdi: number | null): void;
  setLabelText(text: (fdi: number) => string): void;
  dispose(): void;
}

export function createArchObject(jaw: Jaw, source: LabelledMesh, labelText: (fdi: number) => string = String): ArchObject {
  let labels = source.labels;
  let segmented = !!labels && labels.some((l) => l !== 0);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(source.positions, 3));
  let teeth = segmented ? toothVertexIndices(labels!) : new Map<number, Uint32Array>();

  // The BVH reorders the index in place: never the caller's array (its triangle order is
  // what face labels and the stored mesh refer to).
  const indexAttribute = new THREE.BufferAttribute(source.indices.slice(), 1);
  geometry.setIndex(indexAttribute);
  let materials: THREE.Material[];
  if (segmented) {
    regroup(labels!);
    geometry.setAttribute('color', new THREE.BufferAttribute(baseColours(labels!), 3));
    materials = [gingivaMaterial(), enamelMaterial()];
  } else {
    geometry.addGroup(0, source.indices.length, 0);
    materials = [stoneMaterial()];
  }

  function regroup(next: Uint8Array) {
    const { index, gingivaTriangles } = groupByTissue(source.indices, next);
    (indexAttribute.array as Uint32Array).set(index);
    indexAttribute.needsUpdate = true;
    geometry.clearGroups();
    geometry.addGroup(0, gingivaTriangles * 3, 0);
    geometry.addGroup(gingivaTriangles * 3, index.length - gingivaTriangles * 3, 1);
    geometry.boundsTree = undefined;
  }
  geometry.computeVertexNormals();
  geometry.computeBoundingBox();
  geometry.computeBoundingSphere();

  const mesh = new THREE.Mesh(geometry, materials);
  mesh.name = `${jaw} arch`;
  mesh.raycast = acceleratedRaycast;
  const group = new THREE.Group();
  group.add(mesh);

  let text = labelText;
  const makeLabels = (): ArchLabel[] => (segmented ? toothAnchors({ ...source, labels }, teeth).map((anchor) => {
    const element = document.createElement('div');
    element.className = 'tooth-label';
    element.dataset.testid = 'tooth-label';
    element.dataset.fdi = String(anchor.fdi);
    element.textContent = text(anchor.fdi);
    const object = new CSS2DObject(element);
    object.position.set(...anchor.anchor);
    group.add(object);
    return { anchor, object, element };
  }) : []);
  const archLabels: ArchLabel[] = makeLabels();

  let highlighted: number | null = null;
  let colour = geometry.getAttribute('color') as THREE.BufferAttribute | undefined;

  function paintTooth(fdi: number, rgb: Rgb) {
    const idx = teeth.get(fdi);
    if (!idx || !colour) return;
    const arr = colour.array as Float32Array;
    const lin = rgb.map(srgbToLinear);
    for (let i = 0; i < idx.length; i++) {
      const v = idx[i] * 3;
      arr[v] = lin[0]; arr[v + 1] = lin[1]; arr[v + 2] = lin[2];
    }
    colour.needsUpdate = true;
  }

  function vertexAt(hit: THREE.Intersection): number {
    if (!hit.face) return -1;
    const p = source.positions;
    let best = hit.face.a;
    let bestDistance = Infinity;
    for (const v of [hit.face.a, hit.face.b, hit.face.c]) {
      const d = (p[v * 3] - hit.point.x) ** 2 + (p[v * 3 + 1] - hit.point.y) ** 2 + (p[v * 3 + 2] - hit.point.z) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = v;
      }
    }
    return best;
  }

  function applyHighlight(fdi: number | null) {
    highlighted = fdi !== null && teeth.has(fdi) ? fdi : null;
    if (highlighted !== null) paintTooth(highlighted, SELECTED_TOOTH);
    for (const l of archLabels) l.element.classList.toggle('selected', l.anchor.fdi === highlighted);
  }

  const object: ArchObject = {
    jaw,
    group,
    mesh,
    labels: archLabels,
    get segmented() {
      return segmented;
    },
    box: geometry.boundingBox!.clone(),
    ensureBvh() {
      if (!geometry.boundsTree) geometry.boundsTree = new MeshBVH(geometry);
    },
    labelAt(hit) {
      const v = vertexAt(hit);
      return segmented && v >= 0 ? labels![v] : 0;
    },
    vertexAt,
    setLabels(next, settled) {
      const wasSegmented = segmented;
      labels = next;
      segmented = next.some((l) => l !== 0);
      teeth = toothVertexIndices(next);
      if (!colour) {
        colour = new THREE.BufferAttribute(baseColours(next), 3);
        geometry.setAttribute('color', colour);
      } else {
        (colour.array as Float32Array).set(baseColours(next));
        colour.needsUpdate = true;
      }
      if (!wasSegmented && segmented) {
        for (const m of materials) m.dispose();
        materials = [gingivaMaterial(), enamelMaterial()];
        mesh.material = materials;
      }
      const keep = highlighted;
      highlighted = null;
      if (settled) {
        regroup(next);
        for (const l of archLabels.splice(0)) {
          l.object.removeFromParent();
          l.element.remove();
        }
        archLabels.push(...makeLabels());
      }
      applyHighlight(keep);
    },
    setHighlight(fdi) {
      if (highlighted === fdi) return;
      if (highlighted !== null) paintTooth(highlighted, toothTint(highlighted));
      applyHighlight(fdi);
    },
    setLabelText(next) {
      text = next;
      for (const l of archLabels) l.element.textContent = next(l.anchor.fdi);
    },
    dispose() {
      for (const l of archLabels) {
        l.object.removeFromParent();
        l.element.remove();
      }
      geometry.boundsTree = undefined;
      geometry.dispose();
      for (const m of materials) m.dispose();
    },
  };
  return object;
}

/**
 * Gingiva triangles first, crown triangles after, so each tissue is one draw call with
 * its own material. A triangle belongs to a crown when most of its corners do.
 */
function groupByTissue(indices: Uint32Array, labels: Uint8Array): { index: Uint32Array; gingivaTriangles: number } {
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

function baseColours(labels: Uint8Array): Float32Array {
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
function gingivaMaterial(): THREE.Material {
  return new THREE.MeshPhysicalMaterial({ side: THREE.DoubleSide, vertexColors: true, roughness: 0.45, metalness: 0, clearcoat: 0.25, clearcoatRoughness: 0.35, sheen: 0.3, sheenColor: new THREE.Color(1, 0.8, 0.8), sheenRoughness: 0.6 });
}

function enamelMaterial(): THREE.Material {
  return new THREE.MeshPhysicalMaterial({ side: THREE.DoubleSide, vertexColors: true, roughness: 0.32, metalness: 0, clearcoat: 0.45, clearcoatRoughness: 0.2 });
}

function stoneMaterial(): THREE.Material {
  const color = new THREE.Color().setRGB(STONE[0], STONE[1], STONE[2], THREE.SRGBColorSpace);
  return new THREE.MeshPhysicalMaterial({ side: THREE.DoubleSide, color, roughness: 0.5, metalness: 0, clearcoat: 0.2, clearcoatRoughness: 0.4 });
}
