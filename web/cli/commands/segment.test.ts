import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRealScan, REAL_SCAN_DIR } from '../../geometry/fixtures/real-scan.ts';
import { memoryIO } from '../io.ts';
import { main } from '../main.ts';
import { labelsJson, parseAnchor, segment } from './segment.ts';

const scratch = mkdtempSync(join(tmpdir(), 'segment-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface LabelsFile { id_patient: string; jaw: string; labels: number[]; instances: number[] }
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as LabelsFile;
const UPPER = [11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27];

describe('segment', () => {
  it('labels upper.obj in its own vertex order, agreeing with upper.json on more than 90% of vertices', async () => {
    const out = join(scratch, 'obj-labels.json');
    const io = memoryIO();
    const code = await main(['segment', REAL_SCAN_DIR + 'upper.obj', '--out', out], io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const written = readJson(out);
    const truth = readJson(REAL_SCAN_DIR + 'upper.json');
    expect(Object.keys(written).sort()).toEqual(['id_patient', 'instances', 'jaw', 'labels']);
    expect(written.jaw).toBe('upper');
    expect(written.id_patient).toBe('upper');
    expect(written.labels).toHaveLength(truth.labels.length);
    let agree = 0;
    written.labels.forEach((l, i) => { if (l === truth.labels[i]) agree++; });
    expect(agree / truth.labels.length).toBeGreaterThan(0.9);
    // Instances number the teeth along the arch from the patient's right, 0 on the gingiva.
    written.labels.forEach((l, i) => expect(written.instances[i] === 0).toBe(l === 0));
    const out1 = io.stdout.join('\n');
    expect(out1).toMatch(/teeth found\s+17 16 15 14 13 12 11 21 22 23 24 25 26 27 \(14 teeth\)/);
    expect(out1).toMatch(/time\s+\d+\.\d s/);
  });

  it('labels upper.stl in the welded vertex order and finds 14 teeth', async () => {
    const out = join(scratch, 'stl-labels.json');
    const io = memoryIO();
    expect(await segment([REAL_SCAN_DIR + 'upper.stl', '--jaw', 'upper', `--out=${out}`], io)).toBe(0);
    const written = readJson(out);
    expect(written.labels).toHaveLength(50643);
    expect([...new Set(written.labels)].filter((l) => l !== 0).sort()).toEqual(UPPER);
    expect(io.stdout.join('\n')).toMatch(/\(14 teeth\)/);
  });

  it('bad input: the importer\'s message on stderr, exit 1, nothing written', async () => {
    const bad = join(scratch, 'broken.stl');
    writeFileSync(bad, 'solid broken\n  facet normal 0 0 1\n    outer loop\n      vertex 0 0\n');
    const out = join(scratch, 'never.json');
    const io = memoryIO();
    expect(await segment([bad, '--out', out], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/^broken\.stl: /);
    expect(() => readFileSync(out)).toThrow();

    const missing = memoryIO();
    expect(await segment([join(scratch, 'nope.stl'), '--out', out], missing)).toBe(1);
    expect(missing.stderr.join('\n')).toMatch(/nope\.stl: cannot read the file \(no such file\)/);
  });

  it('wrong usage exits 2 and says why', async () => {
    for (const [args, why] of [
      [[REAL_SCAN_DIR + 'upper.stl'], /no --out file given/],
      [['--out', 'x.json'], /no scan given/],
      [[REAL_SCAN_DIR + 'upper.stl', '--jaw', 'middle', '--out', 'x.json'], /--jaw needs upper or lower, got middle/],
      [[REAL_SCAN_DIR + 'upper.stl', '--colour', '--out', 'x.json'], /unknown option --colour/],
    ] as [string[], RegExp][]) {
      const io = memoryIO();
      expect(await segment(args, io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(why);
    }
  });

  /** A vertex of the real scan's tooth (OBJ order), as `x,y,z`: a point on that crown. */
  function pointOn(fdi: number): string {
    const { mesh, vertexLabels } = loadRealScan();
    const vs: number[] = [];
    for (let v = 0; v < vertexLabels.length; v++) if (vertexLabels[v] === fdi) vs.push(v);
    const c = [0, 1, 2].map((d) => vs.reduce((s, v) => s + mesh.positions[3 * v + d], 0) / vs.length);
    let best = vs[0], bd = Infinity;
    for (const v of vs) {
      const d = [0, 1, 2].reduce((s, k) => s + (mesh.positions[3 * v + k] - c[k]) ** 2, 0);
      if (d < bd) { bd = d; best = v; }
    }
    return [0, 1, 2].map((d) => mesh.positions[3 * best + d].toFixed(3)).join(',');
  }

  it('--anchor: numbers from the tooth named at a point; one that agrees changes nothing, one on a molar renumbers from it', async () => {
    const out = join(scratch, 'anchored.json');
    const io = memoryIO();
    expect(await segment([REAL_SCAN_DIR + 'upper.obj', '--anchor', `11@${pointOn(11)}`, '--out', out], io)).toBe(0);
    expect(io.stderr).toEqual([]);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/teeth found\s+17 16 15 14 13 12 11 21 22 23 24 25 26 27 \(14 teeth\)/);
    expect(text).toMatch(/anchor\s+tooth 11 at .* mm: numbered from it/);

    const moved = memoryIO();
    expect(await segment([REAL_SCAN_DIR + 'upper.obj', `--anchor=21@${pointOn(16)}`, '--out', out], moved)).toBe(0);
    const teeth = /teeth found\s+([\d ]+) \(/.exec(moved.stdout.join('\n'))![1].split(' ').map(Number);
    // The right first molar is now 21 and the teeth on its left 22, 23... in order (the
    // second molar beyond it would have to be 11 across a midline there: left unnumbered).
    expect(teeth.slice(0, 3)).toEqual([21, 22, 23]);
    for (let i = 1; i < teeth.length; i++) expect(teeth[i]).toBeGreaterThan(teeth[i - 1]);
    const written = readJson(out);
    const { vertexLabels } = loadRealScan();
    let on16 = 0, as21 = 0;
    vertexLabels.forEach((l, i) => { if (l === 16) { on16++; if (written.labels[i] === 21) as21++; } });
    expect(as21 / on16).toBeGreaterThan(0.8);
  });

  it('--anchor: malformed values and teeth of the other jaw exit 2 and say why', async () => {
    for (const [value, why] of [
      ['11', /--anchor needs a tooth number and a point in mm, as 11@1.5,-20,3; got 11/],
      ['11@1,2', /--anchor needs a tooth number and a point in mm/],
      ['eleven@1,2,3', /--anchor needs a tooth number/],
      ['11@1,2,z', /--anchor needs a tooth number/],
      ['19@1,2,3', /--anchor: 19 is not an FDI tooth number/],
      ['41@0,0,0', /--anchor names tooth 41, which is not on the upper arch of upper\.obj/],
    ] as [string, RegExp][]) {
      const io = memoryIO();
      expect(await segment([REAL_SCAN_DIR + 'upper.obj', '--anchor', value, '--out', join(scratch, 'never2.json')], io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(why);
    }
    expect(parseAnchor('36@-1.5e1,+2,.5')).toEqual({ fdi: 36, point: [-15, 2, 0.5] });
    const help = memoryIO();
    expect(await segment(['--help'], help)).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/--anchor <fdi>@x,y,z/);
  });

  it('writes the Teeth3DS layout: instances 1..n along the arch from the right', () => {
    const json = labelsJson('p1', 'lower', Uint8Array.from([0, 31, 41, 0, 46, 36]));
    expect(json).toEqual({ id_patient: 'p1', jaw: 'lower', labels: [0, 31, 41, 0, 46, 36], instances: [0, 3, 2, 0, 1, 4] });
  });
});
