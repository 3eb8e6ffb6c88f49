import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { createToothMeshes, matrixPose, poseMatrix, toothTriangles } from './tooth-meshes.ts';
import { tinyArch } from '../state/fixtures/library.ts';
import { vertexNormals } from '../../geometry/gingiva-follow.ts';
import { identityPose } from '../../core/pose.ts';

describe('toothTriangles', () => {
  it('gives a triangle to the tooth most of its corners belong to', () => {
    const labels = new Uint8Array([0, 11, 11, 12, 12, 0, 13]);
    const indices = new Uint32Array([
      1, 2, 0, // two corners of 11: 11's
      0, 5, 1, // one tooth corner: gingiva
      3, 4, 1, // 12, 12, 11: 12's
      1, 3, 6, // three different teeth: the first corner's
      0, 3, 4, // gingiva, 12, 12: 12's
    ]);
    const out = toothTriangles(indices, labels);
    expect([...out.keys()].sort()).toEqual([11, 12]);
    expect([...out.get(11)!]).toEqual([1, 2, 0, 1, 3, 6]);
    expect([...out.get(12)!]).toEqual([3, 4, 1, 0, 3, 4]);
  });

  it('covers every crown triangle of a labelled arch exactly once', () => {
    const arch = tinyArch([11, 12, 21]);
    const out = toothTriangles(arch.indices, arch.labels!);
    expect([...out.values()].reduce((n, t) => n + t.length, 0)).toBe(arch.indices.length - 3);
    for (const [fdi, tri] of out) for (const v of tri) expect(arch.labels![v]).toBe(fdi);
  });
});

describe('tooth meshes', () => {
  it('share the arch attributes and take their matrix from the pose', () => {
    const arch = tinyArch([11, 12]);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(arch.positions, 3));
    const material = new THREE.MeshBasicMaterial();
    const meshes = createToothMeshes(geometry, arch.indices, arch.labels!, material);
    expect([...meshes.teeth.keys()]).toEqual([11, 12]);
    const m11 = meshes.teeth.get(11)!;
    expect(m11.geometry.getAttribute('position')).toBe(geometry.getAttribute('position'));
    // Bounds of the crown alone, not of the arch the attribute spans.
    expect(m11.geometry.boundingBox!.max.x - m11.geometry.boundingBox!.min.x).toBeCloseTo(4, 5);
    const pose = { t: [1, -2, 3] as [number, number, number], q: [0, 0, Math.sin(0.2), Math.cos(0.2)] as [number, number, number, number] };
    meshes.setPoses(new Map([[11, pose]]));
    const back = matrixPose(m11.matrix);
    back.t.forEach((v, i) => expect(v).toBeCloseTo(pose.t[i], 6));
    back.q.forEach((v, i) => expect(v).toBeCloseTo(pose.q[i], 6));
    expect(meshes.teeth.get(12)!.matrix.equals(new THREE.Matrix4())).toBe(true);
    expect(poseMatrix(pose).equals(m11.matrix)).toBe(true);
    meshes.dispose();
    expect(geometry.getAttribute('position')).toBeDefined();
  });
});

/** A strip of gum (z = 0) running 6 mm from the crown of tooth 11 (columns 0-1), 1 mm apart. */
function gumStrip() {
  const positions: number[] = [], labels: number[] = [], indices: number[] = [];
  for (let row = 0; row < 2; row++) {
    for (let col = 0; col < 8; col++) {
      positions.push(col, row, 0);
      labels.push(col < 2 ? 11 : 0);
    }
  }
  for (let col = 0; col < 7; col++) indices.push(col, col + 1, col + 8, col + 1, col + 9, col + 8);
  const geometry = new THREE.BufferGeometry();
  const p = new Float32Array(positions), idx = new Uint32Array(indices);
  const normals = new Float32Array(p.length);
  vertexNormals(p, idx, normals);
  geometry.setAttribute('position', new THREE.BufferAttribute(p, 3));
  geometry.setAttribute('normal', new THREE.BufferAttribute(normals, 3));
  return { geometry, positions: p, normals, indices: idx, labels: new Uint8Array(labels) };
}

describe('the gum of posed teeth', () => {
  it('is the scan while every tooth is where scanned, follows a moved tooth, and comes back', () => {
    const strip = gumStrip();
    const meshes = createToothMeshes(strip.geometry, strip.indices, strip.labels, new THREE.MeshBasicMaterial(), new THREE.MeshBasicMaterial());
    const gum = meshes.gingiva!;
    const at = (name: string) => gum.geometry.getAttribute(name).array as Float32Array;
    meshes.setPoses(new Map([[11, identityPose()]]));
    expect([...at('position')]).toEqual([...strip.positions]);
    expect([...at('normal')]).toEqual([...strip.normals]);

    meshes.setPoses(new Map([[11, { t: [0, 0, 1], q: [0, 0, 0, 1] }]]));
    // The gum next to the crown (column 2, 1 mm off) rises with it; the strip's far end (7 mm off) stays.
    expect(at('position')[2 * 3 + 2]).toBeGreaterThan(0.2);
    expect(at('position')[7 * 3 + 2]).toBe(0);

    meshes.setPoses(new Map([[11, identityPose()]]));
    at('position').forEach((v, i) => expect(v).toBeCloseTo(strip.positions[i], 6));
    meshes.dispose();
  });
});
