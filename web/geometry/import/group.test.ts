// How a drop is grouped into arches, on small synthetic files.
import { describe, expect, it } from 'vitest';
import { groupFiles, importFiles, type InputFile } from './index.ts';
import { syntheticScan, trianglesOf } from '../fixtures/synthetic-scan.ts';
import { text, writeBinaryStl, writeObj, writePly } from '../fixtures/scan-writers.ts';

const scan = syntheticScan(31);
const triangles = trianglesOf(scan.mesh);
const vertexCount = scan.mesh.positions.length / 3;
const obj = (name: string): InputFile => ({ name, bytes: writeObj(scan.mesh.positions, triangles) });
const stl = (name: string): InputFile => ({ name, bytes: writeBinaryStl(scan.mesh.positions, triangles) });
const labels = (name: string, body: object): InputFile => ({ name, bytes: text(JSON.stringify(body)) });
const lowerLabels = () => Array.from({ length: vertexCount }, (_, i) => (i % 2 ? 31 : 0));

describe(`groupFiles (seed 31)`, () => {
  it('pairs by name, collects tooth files, leaves the rest alone, in drop order', () => {
    const files = [stl('bite.stl'), obj('lower.obj'), stl('tooth_11.stl'), labels('lower.json', {}), stl('tooth_12.stl'), labels('notes.json', {})];
    const kinds = groupFiles(files).map((g) => g.kind === 'labelled' ? `labelled:${g.scan.name}+${g.labels.name}`
      : g.kind === 'teeth' ? `teeth:${g.teeth.map((t) => t.fdi).join(',')}` : `${g.kind}:${g.file.name}`);
    expect(kinds).toEqual(['single:bite.stl', 'labelled:lower.obj+lower.json', 'teeth:11,12', 'labels-alone:notes.json']);
  });

  it('a single tooth-named file is a plain scan, not a set', () => {
    expect(groupFiles([stl('21.stl')]).map((g) => g.kind)).toEqual(['single']);
  });

  it('a label file pairs with a PLY of the same name but never with an STL (STL vertex order is not the file\'s)', () => {
    const ply: InputFile = { name: 'lower.ply', bytes: writePly(scan.mesh.positions, triangles, { format: 'ascii' }) };
    expect(groupFiles([ply, labels('lower.json', {})]).map((g) => g.kind)).toEqual(['labelled']);
    expect(groupFiles([stl('lower.stl'), labels('lower.json', {})]).map((g) => g.kind)).toEqual(['single', 'labels-alone']);
  });
});

describe('labelled scans', () => {
  it('jaw comes from the JSON; the teeth from the labels', () => {
    const { arches, errors } = importFiles([obj('scan.obj'), labels('scan.json', { jaw: 'lower', labels: lowerLabels() })]);
    expect(errors).toEqual([]);
    expect(arches[0].jaw).toBe('lower');
    expect(arches[0].jawSource).toBe('labels');
    expect(arches[0].report.teeth).toEqual([31]);
  });

  it('without a jaw in the JSON the labelled teeth decide it', () => {
    const { arches } = importFiles([obj('scan.obj'), labels('scan.json', { labels: lowerLabels() })]);
    expect([arches[0].jaw, arches[0].jawSource]).toEqual(['lower', 'labels']);
  });

  it('a damaged label file: clear error, scan imported without labels', () => {
    const cases: [InputFile, RegExp][] = [
      [{ name: 'scan.json', bytes: text('{"labels": [0, 1') }, /not valid JSON/],
      [labels('scan.json', { jaw: 'upper' }), /no "labels" list/],
      [labels('scan.json', { labels: Array.from({ length: vertexCount }, () => 19) }), /label 1 is 19, not an FDI tooth number/],
    ];
    for (const [file, message] of cases) {
      const { arches, errors } = importFiles([obj('scan.obj'), file]);
      expect(errors.map((e) => [e.fileName, e.code])).toEqual([['scan.json', 'corrupt']]);
      expect(errors[0].message).toMatch(message);
      expect(arches[0].mesh.labels).toBeNull();
    }
  });

  it('an unlabelled scan gets its jaw from the file name, or none', () => {
    expect(importFiles([stl('Patient_LowerJaw.stl')]).arches[0].jawSource).toBe('file-name');
    const plain = importFiles([stl('scan.stl')]).arches[0];
    expect([plain.jaw, plain.jawSource]).toEqual([null, 'none']);
  });
});
