// The shared real scan (upper-arch-01) through the whole import: raw STL, indexed OBJ,
// labelled OBJ + JSON, the same scan in other units, and cut into per-tooth files.
import { beforeAll, describe, expect, it } from 'vitest';
import { fdiToUniversal } from '../../core/fdi.ts';
import { importFiles, type ImportedArch, type InputFile } from './index.ts';
import { realFile, realLabels, scaledRealStl } from '../fixtures/real-scan.ts';
import { writeBinaryStl } from '../fixtures/scan-writers.ts';

const TEETH = [11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27];

function onlyArch(files: InputFile[], opts = {}): ImportedArch {
  const { arches, errors } = importFiles(files, opts);
  expect(errors.map((e) => e.message)).toEqual([]);
  expect(arches).toHaveLength(1);
  return arches[0];
}

describe('upper-arch-01, raw and indexed', () => {
  it('upper.stl: 99,999 triangles welded to 50,643 vertices, about 75 x 60 x 19 mm', () => {
    const { report, jaw, jawSource, mesh } = onlyArch([realFile('upper.stl')]);
    expect(report.format).toBe('stl-binary');
    expect(report.trianglesIn).toBe(99_999);
    expect(report.verticesIn).toBe(299_997);
    expect(report.triangles).toBe(99_999);
    expect(report.vertices).toBe(50_643);
    expect(report.sizeMm[0]).toBeCloseTo(75, 0);
    expect(report.sizeMm[1]).toBeCloseTo(60, 0);
    expect(report.sizeMm[2]).toBeCloseTo(19, 0);
    expect(report.degenerateTriangles).toBe(0);
    // An intraoral scan is open at the gingival rim, never closed.
    expect(report.boundaryEdges).toBeGreaterThan(0);
    expect(report.teeth).toEqual([]);
    expect(mesh.labels).toBeNull();
    expect([jaw, jawSource]).toEqual(['upper', 'file-name']);
    expect(report.unitScale).toBe(1);
  });

  it('upper.obj: the same 50,643 vertices and 99,999 triangles, same boundary as the welded STL', () => {
    const stl = onlyArch([realFile('upper.stl')]).report;
    const { report } = onlyArch([realFile('upper.obj')]);
    expect(report.format).toBe('obj');
    expect(report.vertices).toBe(50_643);
    expect(report.verticesIn).toBe(50_643);
    expect(report.triangles).toBe(99_999);
    expect(report.boundaryEdges).toBe(stl.boundaryEdges);
    for (let k = 0; k < 3; k++) expect(report.sizeMm[k]).toBeCloseTo(stl.sizeMm[k], 3);
  });

  it('upper.obj + upper.json: labelled, jaw upper from the labels, teeth 11-17 and 21-27', () => {
    const arch = onlyArch([realFile('upper.json'), realFile('upper.obj')]);
    expect(arch.jaw).toBe('upper');
    expect(arch.jawSource).toBe('labels');
    expect(arch.report.teeth).toEqual(TEETH);
    expect(arch.report.sourceFiles).toEqual(['upper.obj', 'upper.json']);
    expect(Array.from(arch.mesh.labels!)).toEqual(realLabels().labels);
  });

  it('an OBJ and a JSON with unrelated names still pair when dropped alone together', () => {
    const arch = onlyArch([realFile('upper.obj', 'scan-0412.obj'), realFile('upper.json', 'segmentation.json')]);
    expect(arch.report.teeth).toEqual(TEETH);
    expect(arch.jawSource).toBe('labels');
  });

  it('labels that do not fit the OBJ: labels-mismatch, and the scan still imports unlabelled', () => {
    const json = realLabels();
    const short = { name: 'upper.json', bytes: new TextEncoder().encode(JSON.stringify({ jaw: 'upper', labels: json.labels.slice(1) })) };
    const { arches, errors } = importFiles([realFile('upper.obj'), short]);
    expect(errors.map((e) => [e.fileName, e.code])).toEqual([['upper.json', 'labels-mismatch']]);
    expect(errors[0].message).toBe('upper.json: it has 50,642 labels but upper.obj has 50,643 vertices, so they do not belong together; upper.obj was imported without labels.');
    expect(arches).toHaveLength(1);
    expect(arches[0].mesh.labels).toBeNull();
    expect(arches[0].report.teeth).toEqual([]);
  });

  it('a label file whose jaw contradicts its teeth is refused as mixed-jaws', () => {
    const json = realLabels();
    const wrong = { name: 'upper.json', bytes: new TextEncoder().encode(JSON.stringify({ jaw: 'lower', labels: json.labels })) };
    const { arches, errors } = importFiles([realFile('upper.obj'), wrong]);
    expect(errors.map((e) => e.code)).toEqual(['mixed-jaws']);
    expect(arches[0].mesh.labels).toBeNull();
  });

  it('reports progress by bytes: rising, at most ~100 calls, ending at 1', () => {
    const calls: [number, string][] = [];
    importFiles([realFile('upper.obj'), realFile('upper.json')], { onProgress: (f, stage) => calls.push([f, stage]) });
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.length).toBeLessThanOrEqual(102);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
    expect(calls[calls.length - 1][0]).toBe(1);
    expect(calls.some(([, stage]) => stage === 'reading upper.obj')).toBe(true);
  });
});

describe('upper-arch-01 in the wrong units', () => {
  const cases: [number, 'm' | 'cm' | 'in', number][] = [[0.001, 'm', 1000], [0.1, 'cm', 10], [1 / 25.4, 'in', 25.4]];
  for (const [factor, unit, scale] of cases) {
    it(`scaled by ${factor.toPrecision(3)}: 'units' with a guess of ${unit}, and imports with unitScale ${scale}`, () => {
      const file = scaledRealStl(factor, 'upper.stl');
      const { arches, errors } = importFiles([file]);
      expect(arches).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0].code).toBe('units');
      expect(errors[0].unitGuess?.unit).toBe(unit);
      expect(errors[0].unitGuess?.scale).toBe(scale);
      expect(errors[0].unitGuess?.spanMm).toBeCloseTo(75, 0);
      const arch = onlyArch([file], { unitScale: scale });
      expect(arch.report.unitScale).toBe(scale);
      expect(arch.report.sizeMm[0]).toBeCloseTo(75, 0);
      expect(arch.report.vertices).toBe(50_643);
    });
  }

  it('a span no unit explains: units without a guess, naming the span', () => {
    const { errors } = importFiles([scaledRealStl(812 / 74.96, 'upper.stl')]);
    expect(errors[0].code).toBe('units');
    expect(errors[0].unitGuess).toBeUndefined();
    expect(errors[0].message).toBe('upper.stl: the scan spans 812 mm; an arch spans 40-90 mm.');
  });

  it('a unitScale that still misses the range is re-checked and refused without a guess', () => {
    const { arches, errors } = importFiles([scaledRealStl(0.001, 'upper.stl')], { unitScale: 10 });
    expect(arches).toEqual([]);
    expect(errors[0].code).toBe('units');
    expect(errors[0].unitGuess).toBeUndefined();
    expect(errors[0].message).toMatch(/scaled ×10 the scan spans 0\.75 mm/);
  });
});

describe('upper-arch-01 cut into per-tooth STL files', () => {
  const toothFiles = new Map<number, { bytes: Uint8Array; triangles: number; vertices: number }>();
  let labelOfPosition: Map<string, number>;

  beforeAll(() => {
    const { mesh } = onlyArch([realFile('upper.obj'), realFile('upper.json')]);
    const labels = mesh.labels!;
    labelOfPosition = new Map();
    for (let v = 0; v < labels.length; v++) {
      labelOfPosition.set(`${mesh.positions[v * 3]},${mesh.positions[v * 3 + 1]},${mesh.positions[v * 3 + 2]}`, labels[v]);
    }
    for (const fdi of TEETH) {
      const tris: number[][] = [];
      const used = new Set<number>();
      for (let t = 0; t < mesh.indices.length; t += 3) {
        const tri = [mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]];
        if (tri.every((v) => labels[v] === fdi)) {
          tris.push(tri);
          tri.forEach((v) => used.add(v));
        }
      }
      toothFiles.set(fdi, { bytes: writeBinaryStl(mesh.positions, tris), triangles: tris.length, vertices: used.size });
    }
  });

  function expectToothArch(arch: ImportedArch): void {
    expect(arch.jaw).toBe('upper');
    expect(arch.jawSource).toBe('tooth-numbers');
    expect(arch.report.teeth).toEqual(TEETH);
    const want = [...toothFiles.values()];
    expect(arch.report.triangles).toBe(want.reduce((n, t) => n + t.triangles, 0));
    expect(arch.report.vertices).toBe(want.reduce((n, t) => n + t.vertices, 0));
    // Every vertex carries the tooth its file was named for, which is its label in the JSON.
    const { positions, labels } = arch.mesh;
    for (let v = 0; v < labels!.length; v++) {
      expect(labels![v]).toBe(labelOfPosition.get(`${positions[v * 3]},${positions[v * 3 + 1]},${positions[v * 3 + 2]}`));
    }
  }

  it('FDI names (crown-11.stl ...), dropped in any order: one labelled upper arch', () => {
    const files = TEETH.map((fdi) => ({ name: `crown-${fdi}.stl`, bytes: toothFiles.get(fdi)!.bytes })).reverse();
    const arch = onlyArch(files);
    expectToothArch(arch);
    // Concatenated around the arch from the patient's right: 17 first, 27 last.
    expect(arch.report.sourceFiles[0]).toBe('crown-17.stl');
    expect(arch.report.sourceFiles[13]).toBe('crown-27.stl');
  });

  it('Universal names (tooth-u8.stl ...): the same arch', () => {
    const files = TEETH.map((fdi) => ({ name: `tooth-u${fdiToUniversal(fdi)}.stl`, bytes: toothFiles.get(fdi)!.bytes }));
    expectToothArch(onlyArch(files));
  });

  it('a broken tooth file costs only that tooth', () => {
    const files = TEETH.map((fdi) => ({ name: `${fdi}.stl`, bytes: toothFiles.get(fdi)!.bytes }));
    files[3] = { name: files[3].name, bytes: files[3].bytes.slice(0, 1000) };
    const { arches, errors } = importFiles(files);
    expect(errors.map((e) => [e.fileName, e.code])).toEqual([['14.stl', 'truncated']]);
    expect(arches[0].report.teeth).toEqual(TEETH.filter((t) => t !== 14));
  });

  it('the set is checked as the assembled arch: in cm it is one units error for the whole set', () => {
    const files = TEETH.map((fdi) => {
      const bytes = toothFiles.get(fdi)!.bytes.slice();
      const view = new DataView(bytes.buffer);
      for (let at = 84; at < bytes.length; at += 50) {
        for (let k = 0; k < 9; k++) view.setFloat32(at + 12 + k * 4, view.getFloat32(at + 12 + k * 4, true) / 10, true);
      }
      return { name: `tooth_${fdi}.stl`, bytes };
    });
    const { arches, errors } = importFiles(files);
    expect(arches).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('units');
    expect(errors[0].unitGuess?.unit).toBe('cm');
    expect(errors[0].fileName).toBe('tooth_17.stl and 13 other tooth files');
  });

  it('both jaws in one drop, Universal numbers with no marker (tooth_2.stl ... tooth_31.stl): two arches', () => {
    // The lower set reuses the upper crowns (the importer judges names, not shapes): FDI 1p -> 4p, 2p -> 3p.
    const lowerOf = (fdi: number) => fdi + (fdi < 20 ? 30 : 10);
    const files = [
      ...TEETH.map((fdi) => ({ name: `tooth_${fdiToUniversal(fdi)}.stl`, bytes: toothFiles.get(fdi)!.bytes })),
      ...TEETH.map((fdi) => ({ name: `tooth_${fdiToUniversal(lowerOf(fdi))}.stl`, bytes: toothFiles.get(fdi)!.bytes })),
    ];
    const { arches, errors } = importFiles(files);
    expect(errors).toEqual([]);
    expect(arches.map((a) => [a.jaw, a.jawSource])).toEqual([['upper', 'tooth-numbers'], ['lower', 'tooth-numbers']]);
    expectToothArch(arches[0]);
    expect(arches[1].report.teeth).toEqual(TEETH.map(lowerOf).sort((a, b) => a - b));
    for (const arch of arches) {
      expect(arch.report.numbering).toMatchObject({ numbering: 'universal', source: 'numbers', ambiguous: false });
      expect(arch.report.numbering!.message).toMatch(/^Tooth numbers read as Universal \(1-32\), since .* cannot be FDI numbers: /);
    }
    expect(arches[0].report.numbering!.message).toContain('tooth_8.stl is 11');
    expect(arches[1].report.numbering!.message).toContain('tooth_24.stl is 31');
  });

  it('two files for the same tooth: the second is left out with a message', () => {
    const files = TEETH.map((fdi) => ({ name: `crown-${fdi}.stl`, bytes: toothFiles.get(fdi)!.bytes }));
    files.push({ name: 'tooth11-copy.stl', bytes: toothFiles.get(11)!.bytes });
    const { arches, errors } = importFiles(files);
    expect(errors.map((e) => [e.fileName, e.code])).toEqual([['tooth11-copy.stl', 'labels-mismatch']]);
    expect(arches[0].report.teeth).toEqual(TEETH);
  });
});
