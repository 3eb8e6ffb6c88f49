import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { applyPose, quatFromAxisAngle } from '../../core/pose.ts';
import type { Pose } from '../../core/pose.ts';
import { followTeeth, gingivaBinding, vertexNormals } from './gingiva-follow.ts';
import { createToothMeshes, crownVertexLabels, gingivaTriangles, toothTriangles } from './tooth-meshes.ts';

/**
 * A flat grid of (nx + 1) x (ny + 1) vertices 1 mm apart, two triangles per cell; `skip`
 * leaves a cell out (a slit in the surface).
 */
function grid(nx: number, ny: number, skip: (i: number, j: number) => boolean = () => false) {
  const positions: number[] = [];
  for (let j = 0; j <= ny; j++) for (let i = 0; i <= nx; i++) positions.push(i, j, 0);
  const at = (i: number, j: number) => j * (nx + 1) + i;
  const indices: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (skip(i, j)) continue;
      indices.push(at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j), at(i + 1, j + 1), at(i, j + 1));
    }
  }
  return { positions: new Float32Array(positions), indices: new Uint32Array(indices), labels: new Uint8Array(positions.length / 3), at };
}

const TURN: Pose = { t: [0.5, -2, 1.5], q: quatFromAxisAngle([0, 0.6, 0.8], 17) };

describe('gingivaBinding', () => {
  it('lets the crown drive itself fully and fades smoothly to nothing at the radius along a strip', () => {
    const g = grid(20, 1);
    for (let j = 0; j <= 1; j++) g.labels[g.at(0, j)] = 11;
    const b = gingivaBinding(g.positions, g.indices, g.labels, 3);
    expect(b.tooth[g.at(0, 0)]).toBe(11);
    expect(b.weight[g.at(0, 0)]).toBe(1);
    const row = Array.from({ length: 21 }, (_, i) => b.weight[g.at(i, 0)]);
    for (let i = 1; i < row.length; i++) expect(row[i]).toBeLessThanOrEqual(row[i - 1]);
    expect(row[1]).toBeGreaterThan(row[2]);
    expect(row[2]).toBeGreaterThan(0);
    expect(row[1]).toBeLessThan(1);
    for (let i = 3; i < row.length; i++) {
      expect(row[i]).toBe(0);
      expect(b.tooth[g.at(i, 0)]).toBe(0);
    }
    // 1 mm of 3 along the surface: 1 - smoothstep(1/3).
    expect(row[1]).toBeCloseTo(1 - (1 / 9) * (3 - 2 / 3), 6);
    expect([...b.moving]).toEqual([...b.weight.keys()].filter((v) => b.weight[v] > 0));
  });

  it('measures along the surface: gum across a slit from a crown is not driven by it', () => {
    // Cells between rows 1 and 2 are missing for x < 8: vertex (0, 2) is 1 mm from the crown
    // in space but about 17 mm around the end of the slit.
    const g = grid(10, 3, (i, j) => j === 1 && i < 8);
    g.labels[g.at(0, 0)] = 21;
    g.labels[g.at(0, 1)] = 21;
    const near = g.at(0, 2);
    const b = gingivaBinding(g.positions, g.indices, g.labels, 3);
    expect(b.tooth[g.at(1, 1)]).toBe(21);
    expect(b.weight[g.at(1, 1)]).toBeGreaterThan(0);
    expect(b.tooth[near]).toBe(0);
    expect(b.weight[near]).toBe(0);
    // With a radius longer than the way round, the same vertex is reached, weakly.
    const wide = gingivaBinding(g.positions, g.indices, g.labels, 30);
    expect(wide.tooth[near]).toBe(21);
    expect(wide.weight[near]).toBeGreaterThan(0);
    expect(wide.weight[near]).toBeLessThan(wide.weight[g.at(1, 1)]);
  });

  it('gives each gum vertex the tooth nearest along the mesh', () => {
    const g = grid(12, 1);
    for (let j = 0; j <= 1; j++) {
      g.labels[g.at(0, j)] = 11;
      g.labels[g.at(12, j)] = 12;
    }
    const b = gingivaBinding(g.positions, g.indices, g.labels, 5);
    expect(b.tooth[g.at(2, 0)]).toBe(11);
    expect(b.tooth[g.at(10, 1)]).toBe(12);
    expect(b.weight[g.at(6, 0)]).toBe(0);
  });
});

describe('followTeeth', () => {
  const g = grid(20, 2);
  for (let j = 0; j <= 2; j++) {
    g.labels[g.at(0, j)] = 13;
    g.labels[g.at(1, j)] = 13;
  }
  const b = gingivaBinding(g.positions, g.indices, g.labels, 3);

  it('moves a crown vertex exactly with its tooth and leaves gum beyond the radius alone', () => {
    const out = new Float32Array(g.positions.length);
    followTeeth(b, g.positions, new Map([[13, TURN]]), out);
    for (const v of [g.at(0, 0), g.at(1, 2)]) {
      const want = applyPose(TURN, [g.positions[v * 3], g.positions[v * 3 + 1], g.positions[v * 3 + 2]]);
      for (let k = 0; k < 3; k++) expect(out[v * 3 + k]).toBeCloseTo(want[k], 5);
    }
    // Partly along: between where it was and where the tooth would take it.
    const mid = g.at(2, 1) * 3;
    expect(out[mid + 1]).toBeLessThan(g.positions[mid + 1]);
    expect(out[mid + 1]).toBeGreaterThan(applyPose(TURN, [2, 1, 0])[1]);
    for (let i = 5; i <= 20; i++) {
      for (let j = 0; j <= 2; j++) {
        const v = g.at(i, j) * 3;
        expect([out[v], out[v + 1], out[v + 2]]).toEqual([g.positions[v], g.positions[v + 1], g.positions[v + 2]]);
      }
    }
  });

  it('leaves every vertex where it is for identity or missing poses', () => {
    const out = new Float32Array(g.positions.length).fill(7);
    followTeeth(b, g.positions, new Map([[13, { t: [0, 0, 0], q: [0, 0, 0, 1] }]]), out);
    expect(out).toEqual(g.positions);
    const other = new Float32Array(g.positions.length);
    followTeeth(b, g.positions, new Map([[14, TURN]]), other);
    expect(other).toEqual(g.positions);
  });
});

describe('vertexNormals', () => {
  it('matches three.js computeVertexNormals', () => {
    const g = grid(4, 3);
    for (let v = 0; v < g.positions.length / 3; v++) g.positions[v * 3 + 2] = Math.sin(g.positions[v * 3]) * 0.7 + g.positions[v * 3 + 1] ** 2 * 0.1;
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(g.positions, 3));
    geometry.setIndex(new THREE.BufferAttribute(g.indices, 1));
    geometry.computeVertexNormals();
    const mine = new Float32Array(g.positions.length);
    vertexNormals(g.positions, g.indices, mine);
    const theirs = geometry.getAttribute('normal').array as Float32Array;
    for (let i = 0; i < mine.length; i++) expect(mine[i]).toBeCloseTo(theirs[i], 5);
  });
});

describe('the posed gingiva mesh', () => {
  // Tooth 11 is the 2 x 2 block of cells at the grid's left end; (2, 1) is unlabelled but a
  // corner of two crown triangles (majority rule), so it moves with the crown.
  const g = grid(8, 2);
  for (const [i, j] of [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [0, 2], [1, 2], [2, 2]]) g.labels[g.at(i, j)] = 11;
  const rim = g.at(2, 1);

  it('moves unlabelled corners of crown triangles with the crown', () => {
    const crowns = toothTriangles(g.indices, g.labels);
    expect([...crowns.get(11)!]).toContain(rim);
    const labels = crownVertexLabels(crowns, g.labels);
    expect(labels[rim]).toBe(11);
    expect(labels[g.at(3, 1)]).toBe(0);
    expect(gingivaTriangles(g.indices, g.labels).length).toBe(g.indices.length - crowns.get(11)!.length);
  });

  it('draws the gum triangles from a deformed copy whose seam meets the moved crown', () => {
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(g.positions, 3));
    geometry.setAttribute('color', new THREE.BufferAttribute(new Float32Array(g.positions.length).fill(0.5), 3));
    const meshes = createToothMeshes(geometry, g.indices, g.labels, new THREE.MeshBasicMaterial(), new THREE.MeshBasicMaterial());
    const gum = meshes.gingiva!;
    expect(gum.geometry.getAttribute('color')).toBe(geometry.getAttribute('color'));
    expect(gum.geometry.getAttribute('position')).not.toBe(geometry.getAttribute('position'));
    expect(gum.geometry.index!.count).toBe(gingivaTriangles(g.indices, g.labels).length);
    meshes.setPoses(new Map([[11, TURN]]));
    const drawn = gum.geometry.getAttribute('position').array as Float32Array;
    const crown = meshes.teeth.get(11)!.matrix;
    for (const v of [rim, g.at(2, 0), g.at(1, 2)]) {
      const p = new THREE.Vector3().fromArray(g.positions, v * 3).applyMatrix4(crown);
      for (let k = 0; k < 3; k++) expect(drawn[v * 3 + k]).toBeCloseTo(p.getComponent(k), 5);
    }
    expect(g.positions[rim * 3 + 1]).toBe(1);
    const normals = gum.geometry.getAttribute('normal').array as Float32Array;
    expect(Math.hypot(normals[rim * 3], normals[rim * 3 + 1], normals[rim * 3 + 2])).toBeCloseTo(1, 5);
    meshes.dispose();
    expect(geometry.getAttribute('color')).toBeDefined();
    expect(gum.geometry.getAttribute('color')).toBeUndefined();
  });
});
