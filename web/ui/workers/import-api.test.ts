import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { reproFiles } from '../../geometry/import/repro/files.ts';
import { importApi } from './import-api.ts';

const scanDir = new URL('../../../../shared/data/scans/upper-arch-01/', import.meta.url);
const read = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(new URL(name, scanDir))) });

describe('import worker API (called directly, as the worker does)', () => {
  test('the real upper scan imports as one unsegmented upper arch', () => {
    const stages: string[] = [];
    const result = importApi.importFiles([read('upper.stl')], {}, (_f, stage) => stages.push(stage));
    expect(result.errors).toEqual([]);
    expect(result.arches).toHaveLength(1);
    const [arch] = result.arches;
    expect(arch.jaw).toBe('upper');
    expect(arch.report).toMatchObject({ triangles: 99_999, vertices: 50_643, teeth: [] });
    expect(stages.length).toBeGreaterThan(0);
  });

  test('the labelled OBJ + JSON pair imports with its 14 teeth', () => {
    const result = importApi.importFiles([read('upper.obj'), read('upper.json')]);
    expect(result.errors).toEqual([]);
    expect(result.arches).toHaveLength(1);
    expect(result.arches[0].report.teeth).toEqual([11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27]);
  });

  test('problems come back as plain data that survives the trip across a worker', () => {
    const stl = read('upper.stl');
    // Scale the binary STL's coordinates to centimetres: every float after the 84-byte header,
    // except each triangle's trailing 2-byte attribute count.
    const view = new DataView(stl.bytes.buffer, stl.bytes.byteOffset, stl.bytes.byteLength);
    const triangles = view.getUint32(80, true);
    for (let t = 0; t < triangles; t++) {
      for (let k = 0; k < 12; k++) {
        const at = 84 + t * 50 + k * 4;
        view.setFloat32(at, view.getFloat32(at, true) / 10, true);
      }
    }
    const result = importApi.importFiles([{ name: 'in-cm.stl', bytes: stl.bytes }, { name: 'notes.txt', bytes: new TextEncoder().encode('hello') }]);
    const cloned = structuredClone(result);
    const units = cloned.errors.find((e) => e.code === 'units');
    expect(units).toMatchObject({ fileName: 'in-cm.stl', unitGuess: { unit: 'cm', scale: 10 } });
    expect(units!.message).toContain('in-cm.stl');
    expect(cloned.errors.some((e) => e.fileName === 'notes.txt')).toBe(true);

    const converted = importApi.importFiles([{ name: 'in-cm.stl', bytes: stl.bytes }], { unitScale: 10 });
    expect(converted.errors).toEqual([]);
    expect(converted.arches[0].report.unitScale).toBe(10);
    expect(converted.arches[0].report.sizeMm[0]).toBeGreaterThan(70);
  });
});

describe('hostile files (issue #9) through the worker API', () => {
  const reproDir = new URL('../../geometry/import/repro/', import.meta.url);
  test('each committed repro file comes back as one plain problem naming it, and no arch', () => {
    const recipes = reproFiles();
    const files = recipes.map((r) => ({ name: r.name, bytes: new Uint8Array(readFileSync(new URL(r.name, reproDir))) }));
    const result = structuredClone(importApi.importFiles(files));
    expect(result.arches).toEqual([]);
    expect(result.errors.map((e) => e.fileName)).toEqual(recipes.map((r) => r.name));
    result.errors.forEach((e, i) => {
      expect(e.code).toBe(recipes[i].code);
      expect(e.message.startsWith(`${recipes[i].name}: `)).toBe(true);
      expect(e.message).toMatch(recipes[i].message);
    });
  });

  test('a fault outside any one file still answers each file in plain words', () => {
    const broken = { name: 'x.stl', bytes: null as unknown as Uint8Array };
    const result = importApi.importFiles([broken, { name: 'y.obj', bytes: new Uint8Array(3) }]);
    expect(result.arches).toEqual([]);
    expect(result.errors).toEqual([
      { fileName: 'x.stl', code: 'failed', message: 'x.stl: the import stopped unexpectedly; the file may be damaged.' },
      { fileName: 'y.obj', code: 'failed', message: 'y.obj: the import stopped unexpectedly; the file may be damaged.' },
    ]);
  });
});

describe('demo generation in the worker API', () => {
  test('both arches come back segmented, as plain data', () => {
    const demo = structuredClone(importApi.generateDemo());
    for (const jaw of ['upper', 'lower'] as const) {
      const { mesh } = demo.arches[jaw];
      expect(mesh.labels!.length).toBe(mesh.positions.length / 3);
      expect(new Set(mesh.labels).size).toBe(15); // 14 teeth + gingiva
    }
    expect(demo.pseudonym.length).toBeGreaterThan(0);
  });
});
