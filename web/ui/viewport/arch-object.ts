// One arch as three.js objects: a single indexed BufferGeometry (gingiva and crowns as two
// draw groups with their own materials), per-vertex colours, number labels per tooth, and
// a BVH for picking built once, when first needed. While a plan moves teeth, the crowns
// are drawn as one mesh per tooth and the gingiva as a copy that follows them
// (tooth-meshes.ts); the arch mesh then draws nothing and is kept, as scanned, for picking.
import * as THREE from 'three';
import { CSS2DObject } from 'three/addons/renderers/CSS2DRenderer.js';
import { MeshBVH, acceleratedRaycast } from 'three-mesh-bvh';
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { Pose } from '../../core/pose.ts';
import { SELECTED_TOOTH, srgbToLinear, toothTint } from './colors.ts';
import type { Rgb } from './colors.ts';
import { toothAnchors, toothVertexIndices } from './labels.ts';
import type { ToothAnchor } from './labels.ts';
import { baseColours, enamelMaterial, gingivaMaterial, groupByTissue, stoneMaterial } from './arch-materials.ts';
import { distanceColour } from './distance-colours.ts';
import type { DistanceMode } from './distance-colours.ts';
import { createToothMeshes } from './tooth-meshes.ts';
import { vertexNormals } from '../../geometry/gingiva-follow.ts';
import type { ToothMeshes } from './tooth-meshes.ts';

export interface ArchLabel {
  anchor: ToothAnchor;
  object: CSS2DObject;
  element: HTMLDivElement;
}

/** A ray's first hit on the arch as drawn: tooth label (0: gingiva) and nearest scan vertex. */
export interface ArchHit { hit: THREE.Intersection; fdi: number; vertex: number }

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
  /** null: one mesh as scanned; otherwise one mesh per crown at its pose (missing FDI: as scanned). */
  setToothPoses(poses: ReadonlyMap<number, Pose> | null): void;
  /** Builds the per-tooth meshes ahead of the first poses (kept hidden till then). */
  preparePoses(): void;
  /** Where tooth `fdi` is drawn now: its pose while posed, else null (as scanned). */
  toothMatrix(fdi: number): THREE.Matrix4 | null;
  readonly posed: boolean;
  /** Translucent crowns where they were scanned, while posed. */
  setGhost(on: boolean): void;
  /** While posed: draw the arch as scanned instead (the side-by-side view's "initial" half), or posed again. */
  showScanned(on: boolean): void;
  /** How many review comments each tooth has, shown on its number label (none: no marker). */
  setMarks(marks: ReadonlyMap<number, number>): void;
  /** Per scan vertex signed distance (mm, NaN: not measured) shown as colours; null: tooth tints. */
  setVertexDistances(distances: Float32Array | null, mode: DistanceMode): void;
  raycast(raycaster: THREE.Raycaster): ArchHit | null;
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
  // The arch's own typed-array pass: three.js's computeVertexNormals goes vertex by vertex through Vector3s, several times slower.
  const normals = new Float32Array(source.positions.length);
  vertexNormals(source.positions, source.indices, normals);
  geometry.setAttribute('normal', new THREE.BufferAttribute(normals, 3));
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
    // The view's description names the selected tooth; 28 numbers read out in a row say nothing.
    element.setAttribute('aria-hidden', 'true');
    element.dataset.fdi = String(anchor.fdi);
    element.textContent = text(anchor.fdi);
    const object = new CSS2DObject(element);
    object.position.set(...anchor.anchor);
    group.add(object);
    return { anchor, object, element };
  }) : []);
  const archLabels: ArchLabel[] = makeLabels();
  let marks: ReadonlyMap<number, number> = new Map();
  function applyMarks() {
    for (const l of archLabels) {
      const n = marks.get(l.anchor.fdi) ?? 0;
      l.element.classList.toggle('has-comments', n > 0);
      if (n > 0) {
        l.element.dataset.comments = String(n);
        l.element.title = `${n} comment${n === 1 ? '' : 's'} on this tooth`;
      } else {
        delete l.element.dataset.comments;
        l.element.removeAttribute('title');
      }
    }
  }

  let highlighted: number | null = null;
  let colour = geometry.getAttribute('color') as THREE.BufferAttribute | undefined;
  let distances: Float32Array | null = null;
  let distanceMode: DistanceMode = 'overlap';

  function paintTooth(fdi: number, rgb: Rgb) {
    const idx = teeth.get(fdi);
    if (!idx || !colour) return;
    const arr = colour.array as Float32Array;
    const lin = rgb.map(srgbToLinear);
    for (let i = 0; i < idx.length; i++) {
      const v = idx[i] * 3;
      // The tooth's own tint (or the selection colour) stays where the map shows nothing.
      const c = distances ? distanceColour(distances[idx[i]], distanceMode, rgb).map(srgbToLinear) : lin;
      arr[v] = c[0]; arr[v + 1] = c[1]; arr[v + 2] = c[2];
    }
    colour.needsUpdate = true;
  }
  const tintOf = (fdi: number): Rgb => (fdi === highlighted ? SELECTED_TOOTH : toothTint(fdi));
  function repaintTeeth() {
    for (const fdi of teeth.keys()) paintTooth(fdi, tintOf(fdi));
  }

  let posed: ToothMeshes | null = null;
  let poses: ReadonlyMap<number, Pose> | null = null;
  let ghost = false;
  const hidden = new THREE.MeshBasicMaterial({ visible: false });
  function placeLabels() {
    const at = new THREE.Vector3();
    for (const l of archLabels) {
      at.set(...l.anchor.anchor);
      const m = posed?.pose(l.anchor.fdi);
      if (m) at.applyMatrix4(m);
      l.object.position.copy(at);
    }
  }
  /** Built ahead by preparePoses and not shown yet. */
  let unshown: ToothMeshes | null = null;
  function build(): ToothMeshes {
    const built = createToothMeshes(geometry, source.indices, labels!, materials[1], materials[0]);
    built.setGhost(ghost);
    return built;
  }
  function unpose() {
    posed?.dispose();
    posed = null;
    unshown?.dispose();
    unshown = null;
    mesh.material = materials;
    placeLabels();
  }
  function pose() {
    if (!poses || !segmented) return unpose();
    if (!posed) {
      posed = unshown ?? build();
      unshown = null;
      group.add(posed.group);
      mesh.material = [hidden, hidden];
    }
    posed.setPoses(poses);
    placeLabels();
  }

  /** A triangle is a crown's by the same majority rule as the tissue groups. */
  function crownFace(face: THREE.Face): boolean {
    const l = labels!;
    return (l[face.a] !== 0 ? 1 : 0) + (l[face.b] !== 0 ? 1 : 0) + (l[face.c] !== 0 ? 1 : 0) >= 2;
  }

  function vertexAt(hit: THREE.Intersection, point: THREE.Vector3 = hit.point): number {
    if (!hit.face) return -1;
    const p = source.positions;
    let best = hit.face.a;
    let bestDistance = Infinity;
    for (const v of [hit.face.a, hit.face.b, hit.face.c]) {
      const d = (p[v * 3] - point.x) ** 2 + (p[v * 3 + 1] - point.y) ** 2 + (p[v * 3 + 2] - point.z) ** 2;
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
      posed?.ensureBvh();
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
        applyMarks();
        // Other crowns now: the per-tooth meshes are rebuilt from the new labels.
        unpose();
        pose();
      }
      applyHighlight(keep);
      if (distances) repaintTeeth();
    },
    setHighlight(fdi) {
      if (highlighted === fdi) return;
      const was = highlighted;
      highlighted = null;
      if (was !== null) paintTooth(was, toothTint(was));
      applyHighlight(fdi);
    },
    setLabelText(next) {
      text = next;
      for (const l of archLabels) l.element.textContent = next(l.anchor.fdi);
    },
    setToothPoses(next) {
      poses = next;
      pose();
    },
    preparePoses() {
      if (segmented && !posed && !unshown) unshown = build();
    },
    toothMatrix(fdi) {
      return posed?.pose(fdi) ?? null;
    },
    get posed() {
      return posed !== null;
    },
    setGhost(on) {
      ghost = on;
      posed?.setGhost(on);
      unshown?.setGhost(on);
    },
    showScanned(on) {
      if (!posed) return;
      mesh.material = on ? materials : [hidden, hidden];
      posed.group.visible = !on;
    },
    setMarks(next) {
      marks = next;
      applyMarks();
    },
    setVertexDistances(next, mode) {
      const fits = next && next.length * 3 === source.positions.length ? next : null;
      if (!fits && !distances) return;
      distances = fits;
      distanceMode = mode;
      repaintTeeth();
    },
    raycast(raycaster) {
      if (!posed) {
        const hit = raycaster.intersectObject(mesh, false)[0];
        return hit ? { hit, fdi: object.labelAt(hit), vertex: vertexAt(hit) } : null;
      }
      // The arch mesh still holds the crowns where they were scanned: only its gingiva counts.
      const firstOnly = raycaster.firstHitOnly;
      raycaster.firstHitOnly = false;
      const gum = raycaster.intersectObject(mesh, false).find((h) => h.face && !crownFace(h.face));
      raycaster.firstHitOnly = firstOnly;
      const crown = raycaster.intersectObjects([...posed.teeth.values()], false)[0];
      if (crown && (!gum || crown.distance <= gum.distance)) {
        const local = crown.point.clone().applyMatrix4(crown.object.matrixWorld.clone().invert());
        return { hit: crown, fdi: crown.object.userData.fdi as number, vertex: vertexAt(crown, local) };
      }
      return gum ? { hit: gum, fdi: 0, vertex: vertexAt(gum) } : null;
    },
    dispose() {
      unpose();
      hidden.dispose();
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
