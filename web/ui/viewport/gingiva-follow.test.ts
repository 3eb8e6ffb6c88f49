import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { applyPose, quatFromAxisAngle } from '../../core/pose.ts';
import type { Pose } from '../../core/pose.ts';
import { falloff, FOLLOW_MM, followTeeth, gingivaBinding, vertexNormals } from '../../geometry/gingiva-follow.ts';
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
  it('measures each gum vertex\'s distance along the surface to the crown, out to its reach', () => {
    const g = grid(20, 1);
    for (let j = 0; j <= 1; j++) g.labels[g.at(0, j)] = 11;
    const b = gingivaBinding(g.positions, g.indices, g.labels, 3);
    expect(b.tooth[g.at(0, 0)]).toBe(11);
    expect(b.near[g.at(0, 0)]).toBe(0);
    expect(b.near[g.at(1, 0)]).toBeCloseTo(1, 6);
    expect(b.near[g.at(2, 1)]).toBeCloseTo(2, 6);
    for (let i = 3; i <= 20; i++) expect(b.tooth[g.at(i, 0)]).toBe(0);
    expect([...b.moving]).toEqual([...b.tooth.keys()].filter((v) => b.tooth[v] !== 0));
    expect([...b.margins.get(11)!].sort()).toEqual([g.at(0, 0), g.at(0, 1)].sort());
  });

  it('fades the pull smoothly from 1 at the crown to 0 at the radius', () => {
    const row = Array.from({ length: 7 }, (_, i) => falloff(i * 0.5, FOLLOW_MM));
    expect(row[0]).toBe(1);
    for (let i = 1; i < row.length; i++) expect(row[i]).toBeLessThan(row[i - 1]);
    expect(row[6]).toBe(0);
    // 1 mm of 3 along the surface: 1 - smoothstep(1/3).
    expect(falloff(1, 3)).toBeCloseTo(1 - (1 / 9) * (3 - 2 / 3), 6);
  });

  it('measures along the surface: gum across a slit from a crown is not driven by it', () => {
    // Cells between rows 1 and 2 are missing for x < 8: vertex (0, 2) is 1 mm from the crown
    // in space but about 17 mm around the end of the slit.
    const g = grid(10, 3, (i, j) => j === 1 && i < 8);
    g.labels[g.at(0, 0)] = 21;
    g.labels[g.at(0, 1)] = 21;
    const near = g.at(0, 2);
    const b = gingivaBinding(g.positions, g.indices, g.labels, 8);
    expect(b.tooth[g.at(1, 1)]).toBe(21);
    expect(b.tooth[near]).toBe(0);
    // With a reach longer than the way round, the same vertex is reached, far off.
    const wide = gingivaBinding(g.positions, g.indices, g.labels, 30);
    expect(wide.tooth[near]).toBe(21);
    expect(wide.near[near]).toBeGreaterThan(15);
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
    expect(b.tooth[g.at(6, 0)]).toBe(0);
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

describe('the papilla between two teeth', () => {
  // Teeth 11 and 21 at the ends of a 4 mm strip of gum, vertices 0.5 mm apart.
  const g = grid(8, 1);
  for (let i = 0; i < g.positions.length; i++) g.positions[i] *= 0.5;
  for (let j = 0; j <= 1; j++) {
    g.labels[g.at(0, j)] = 11;
    g.labels[g.at(8, j)] = 21;
  }
  const b = gingivaBinding(g.positions, g.indices, g.labels);

  it('keeps the two nearest teeth, the same distance from both in the middle', () => {
    expect(b.tooth[g.at(2, 0)]).toBe(11);
    expect(b.other[g.at(2, 0)]).toBe(21);
    expect(b.far[g.at(2, 0)]).toBeCloseTo(3, 5);
    expect(b.near[g.at(4, 0)]).toBeCloseTo(b.far[g.at(4, 0)], 6);
    expect(b.tooth[g.at(7, 0)]).toBe(21);
  });

  it('stretches without a step when the two teeth move apart (no notch where the nearer tooth changes)', () => {
    const out = new Float32Array(g.positions.length);
    const apart = new Map<number, Pose>([[11, { t: [-1, 0, 0], q: [0, 0, 0, 1] }], [21, { t: [1, 0, 0], q: [0, 0, 0, 1] }]]);
    followTeeth(b, g.positions, apart, out);
    const moved = (i: number) => out[g.at(i, 0) * 3] - g.positions[g.at(i, 0) * 3];
    // One tooth per vertex jumped 0.76 mm across the middle 0.5 mm edge.
    for (let i = 0; i < 8; i++) expect(Math.abs(moved(i + 1) - moved(i))).toBeLessThan(0.6);
    for (let i = 0; i < 8; i++) expect(moved(i + 1)).toBeGreaterThanOrEqual(moved(i));
    expect(moved(4)).toBeCloseTo(0, 6);
  });

  it('lets the gum follow a large movement further, so it stretches instead of tearing', () => {
    const out = new Float32Array(g.positions.length);
    followTeeth(b, g.positions, new Map([[11, { t: [-3, 0, 0], q: [0, 0, 0, 1] }]]), out);
    const moved = (i: number) => out[g.at(i, 0) * 3] - g.positions[g.at(i, 0) * 3];
    // Over 3 mm of gum the pull of a 3 mm move reaches further than the 3 mm of a small one.
    expect(moved(6)).toBeLessThan(0);
    for (let i = 0; i < 8; i++) expect(moved(i + 1) - moved(i)).toBeLessThan(0.75 * 3 * 0.5 + 1e-6);
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
