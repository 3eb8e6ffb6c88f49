// An arch's crowns as one mesh per tooth, so a plan can move each tooth on its own, and
// the gingiva as one mesh deformed to follow them (gingiva-follow.ts). Every tooth geometry
// shares the arch's position, normal and colour attributes (colour maps and the selection
// highlight need no copies) and owns an index of its crown triangles; a pose only changes
// the mesh's matrix. The gingiva shares only the colours: its positions and normals are
// copies, rewritten on every pose change.
import * as THREE from 'three';
import { MeshBVH, acceleratedRaycast } from 'three-mesh-bvh';
import type { Pose } from '../../core/pose.ts';
import { followTeeth, gingivaBinding, vertexNormals, type GingivaBinding } from '../../geometry/gingiva-follow.ts';
import { crownVertexLabels, gingivaTriangles, toothTriangles } from '../../geometry/arch-tissue.ts';
import { whenIdle } from './when-idle.ts';

export { crownVertexLabels, gingivaTriangles, toothTriangles };

/** x -> R(q) x + t as a three.js matrix. */
export function poseMatrix(pose: Pose, out = new THREE.Matrix4()): THREE.Matrix4 {
  return out.compose(new THREE.Vector3(...pose.t), new THREE.Quaternion(...pose.q), new THREE.Vector3(1, 1, 1));
}

/** Back to a Pose, for matrices that are rigid (no scale). */
export function matrixPose(m: THREE.Matrix4): Pose {
  const t = new THREE.Vector3(), q = new THREE.Quaternion(), s = new THREE.Vector3();
  m.decompose(t, q, s);
  return { t: [t.x, t.y, t.z], q: [q.x, q.y, q.z, q.w] };
}

// Behind the teeth's own draw (see renderOrder below), not blended after them.
const GHOST_ORDER = 1;
const TOOTH_ORDER = 2;

function ghostMaterial(): THREE.Material {
  // Plain alpha blending: drawn after the opaque teeth, it shows where a tooth was and is
  // depth-tested away where a moved tooth now stands in front of it.
  return new THREE.MeshLambertMaterial({
    color: new THREE.Color().setRGB(0.55, 0.64, 0.78, THREE.SRGBColorSpace), side: THREE.DoubleSide, opacity: 0.28,
    transparent: true, depthWrite: false,
  });
}

/** The triangles of `indices` with a corner among the vertices `subset` uses: all that shade them. */
function trianglesTouching(indices: Uint32Array, subset: Uint32Array, vertexCount: number): Uint32Array {
  const used = new Uint8Array(vertexCount);
  for (let i = 0; i < subset.length; i++) used[subset[i]] = 1;
  const keep: number[] = [];
  for (let t = 0; t + 2 < indices.length; t += 3) {
    if (used[indices[t]] || used[indices[t + 1]] || used[indices[t + 2]]) keep.push(indices[t], indices[t + 1], indices[t + 2]);
  }
  return new Uint32Array(keep);
}

/** Every tooth at its scanned place (a missing pose is one). */
function allWhereScanned(poses: ReadonlyMap<number, Pose>): boolean {
  for (const { t, q } of poses.values()) {
    if (Math.abs(t[0]) > 1e-6 || Math.abs(t[1]) > 1e-6 || Math.abs(t[2]) > 1e-6) return false;
    if (Math.abs(q[0]) > 1e-9 || Math.abs(q[1]) > 1e-9 || Math.abs(q[2]) > 1e-9) return false;
  }
  return true;
}

interface FollowingGingiva {
  mesh: THREE.Mesh;
  setPoses(poses: ReadonlyMap<number, Pose>): void;
  dispose(): void;
}

/**
 * The gingiva triangles drawn from a deformed copy of the arch's positions. Crown vertices
 * (and the unlabelled corners of crown triangles) take their crown's pose in full, as the
 * tooth meshes do, so the rim seam between gum and crown stays closed.
 */
function followingGingiva(geometry: THREE.BufferGeometry, indices: Uint32Array, labels: Uint8Array, crownLabels: Uint8Array, material: THREE.Material): FollowingGingiva {
  const scan = (geometry.getAttribute('position') as THREE.BufferAttribute).array as Float32Array;
  const scanNormals = (geometry.getAttribute('normal') as THREE.BufferAttribute | undefined)?.array as Float32Array | undefined;
  const position = new THREE.BufferAttribute(scan.slice(), 3);
  const normal = new THREE.BufferAttribute(scanNormals ? scanNormals.slice() : new Float32Array(scan.length), 3);
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', position);
  g.setAttribute('normal', normal);
  const colour = geometry.getAttribute('color');
  if (colour) g.setAttribute('color', colour);
  // The arch's own gingiva group (scan labels): the crown labels would claim rim triangles.
  const gum = gingivaTriangles(indices, labels);
  g.setIndex(new THREE.BufferAttribute(gum, 1));
  // The binding is a walk over the whole arch, the costliest part of posing, and only a moved
  // tooth needs it: with every tooth where scanned the gum is the scan as it is. So a plan is
  // first drawn (at its first stage) without it, and it is made when the browser is next idle,
  // or at once when a tooth moves before that.
  let motion: { binding: GingivaBinding; shaded: Uint32Array } | null = null;
  let disposed = false;
  const forMotion = () => (motion ??= {
    binding: gingivaBinding(scan, indices, crownLabels),
    // Crown triangles at the rim count too, so the rim shades as one surface with the crowns.
    shaded: trianglesTouching(indices, gum, scan.length / 3),
  });
  let motionAsked = false;
  const mesh = new THREE.Mesh(g, material);
  mesh.name = 'gingiva';
  // The bounds change with every pose; the gum is never far off screen when the arch is on it.
  mesh.frustumCulled = false;
  // Picking stays on the arch mesh (as scanned), never on this copy.
  mesh.raycast = () => {};
  return {
    mesh,
    setPoses(poses) {
      const out = position.array as Float32Array;
      if (!motion && allWhereScanned(poses)) {
        // Already the scan (the copy above, or put back below).
        out.set(scan);
        if (scanNormals) (normal.array as Float32Array).set(scanNormals);
        else vertexNormals(out, indices, normal.array as Float32Array);
        if (!motionAsked) {
          motionAsked = true;
          whenIdle(() => { if (!disposed) forMotion(); });
        }
      } else {
        const { binding, shaded } = forMotion();
        followTeeth(binding, scan, poses, out);
        vertexNormals(out, shaded, normal.array as Float32Array);
      }
      position.needsUpdate = true;
      normal.needsUpdate = true;
    },
    dispose() {
      disposed = true;
      mesh.removeFromParent();
      // The colour attribute is the arch's: detach it, or disposing would free its buffer.
      g.deleteAttribute('color');
      g.dispose();
    },
  };
}

export interface ToothMeshes {
  group: THREE.Group;
  teeth: Map<number, THREE.Mesh>;
  /** The gum deformed to follow the posed crowns; null when no gingiva material was given. */
  gingiva: THREE.Mesh | null;
  /** Applies poses (missing FDI = where scanned): crown matrices, and the gum's vertices. */
  setPoses(poses: ReadonlyMap<number, Pose>): void;
  pose(fdi: number): THREE.Matrix4 | null;
  setGhost(on: boolean): void;
  ensureBvh(): void;
  dispose(): void;
}

export function createToothMeshes(geometry: THREE.BufferGeometry, indices: Uint32Array, labels: Uint8Array, material: THREE.Material, gingivaMaterial?: THREE.Material): ToothMeshes {
  const group = new THREE.Group();
  group.name = 'posed teeth';
  const ghosts = new THREE.Group();
  ghosts.name = 'ghost';
  ghosts.visible = false;
  group.add(ghosts);
  const ghostMat = ghostMaterial();
  const positions = geometry.getAttribute('position') as THREE.BufferAttribute;
  const teeth = new Map<number, THREE.Mesh>();
  const geometries: THREE.BufferGeometry[] = [];
  const crowns = toothTriangles(indices, labels);
  const gingiva = gingivaMaterial ? followingGingiva(geometry, indices, labels, crownVertexLabels(crowns, labels), gingivaMaterial) : null;
  if (gingiva) group.add(gingiva.mesh);
  for (const [fdi, tri] of crowns) {
    const g = new THREE.BufferGeometry();
    for (const name of ['position', 'normal', 'color']) {
      const a = geometry.getAttribute(name);
      if (a) g.setAttribute(name, a);
    }
    g.setIndex(new THREE.BufferAttribute(tri, 1));
    // Bounds of this crown only: the shared attribute spans the whole arch.
    const box = new THREE.Box3();
    const v = new THREE.Vector3();
    for (let i = 0; i < tri.length; i++) box.expandByPoint(v.fromBufferAttribute(positions, tri[i]));
    g.boundingBox = box;
    g.boundingSphere = box.getBoundingSphere(new THREE.Sphere());
    geometries.push(g);
    const mesh = new THREE.Mesh(g, material);
    mesh.name = `tooth ${fdi}`;
    mesh.userData.fdi = fdi;
    mesh.matrixAutoUpdate = false;
    mesh.renderOrder = TOOTH_ORDER;
    mesh.raycast = acceleratedRaycast;
    teeth.set(fdi, mesh);
    group.add(mesh);
    const ghost = new THREE.Mesh(g, ghostMat);
    ghost.name = `ghost ${fdi}`;
    ghost.renderOrder = GHOST_ORDER;
    ghost.raycast = () => {};
    ghosts.add(ghost);
  }
  const identity = new THREE.Matrix4();
  return {
    group,
    teeth,
    gingiva: gingiva?.mesh ?? null,
    setPoses(poses) {
      for (const [fdi, mesh] of teeth) {
        const p = poses.get(fdi);
        if (p) poseMatrix(p, mesh.matrix);
        else mesh.matrix.copy(identity);
        mesh.matrixWorldNeedsUpdate = true;
      }
      gingiva?.setPoses(poses);
    },
    pose(fdi) {
      return teeth.get(fdi)?.matrix ?? null;
    },
    setGhost(on) {
      ghosts.visible = on;
    },
    ensureBvh() {
      for (const g of geometries) if (!g.boundsTree) g.boundsTree = new MeshBVH(g);
    },
    dispose() {
      group.removeFromParent();
      gingiva?.dispose();
      for (const g of geometries) {
        g.boundsTree = undefined;
        // The renderer frees every attribute of a disposed geometry: detach the shared
        // ones first, or the arch would keep drawing from deleted buffers.
        for (const name of ['position', 'normal', 'color']) g.deleteAttribute(name);
        g.dispose();
      }
      ghostMat.dispose();
    },
  };
}
