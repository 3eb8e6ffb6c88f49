// Per-tooth files: which numbering a set is read in (FDI, Universal, ambiguous), both jaws in
// one drop, and the files a set cannot use, on small boxes written as binary STL in memory
// (fixtures/tooth-files.ts).
import { describe, expect, it } from 'vitest';
import { archOrder } from '../../core/fdi.ts';
import { toothBox, toothSet } from '../fixtures/tooth-files.ts';
import { groupFiles, importFiles, type InputFile, type Numbering } from './index.ts';

const UPPER = archOrder('upper').filter((f) => f % 10 !== 8);
const LOWER = archOrder('lower').filter((f) => f % 10 !== 8);
const UPPER_RIGHT = [11, 12, 13, 14, 15, 16, 17];

function teethGroup(files: InputFile[], numbering?: Numbering) {
  const groups = groupFiles(files, { numbering });
  expect(groups.map((g) => g.kind)).toEqual(['teeth']);
  const [group] = groups;
  if (group.kind !== 'teeth') throw new Error('unreachable');
  return group;
}

describe('which numbering a tooth set is read in', () => {
  it('a Universal set (1-16, no marker) is Universal: some numbers cannot be FDI', () => {
    const group = teethGroup(toothSet([18, ...UPPER, 28], 'universal', (n) => `tooth_${n}.stl`));
    expect(group.numbering).toMatchObject({ numbering: 'universal', source: 'numbers', ambiguous: false, eitherWay: false, conflict: null });
    expect(group.teeth.find((t) => t.file.name === 'tooth_8.stl')?.fdi).toBe(11);
    expect(group.teeth.find((t) => t.file.name === 'tooth_16.stl')?.fdi).toBe(28);
    expect(group.numbering.why).toBe(', since 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 cannot be FDI numbers');
  });

  it('a lower Universal set 17-32 is Universal: 19, 20, 29, 30 cannot be FDI', () => {
    const group = teethGroup(toothSet(archOrder('lower'), 'universal', (n) => `${n}.stl`));
    expect(group.numbering.numbering).toBe('universal');
    expect(group.teeth.map((t) => t.fdi).sort()).toEqual(archOrder('lower').sort());
  });

  it('an FDI set with numbers above 32 is FDI', () => {
    const group = teethGroup(toothSet(LOWER, 'fdi', (n) => `crown-${n}.stl`));
    expect(group.numbering).toMatchObject({ numbering: 'fdi', source: 'numbers', ambiguous: false });
    expect(group.teeth.map((t) => t.fdi)).toEqual(LOWER);
  });

  it('11-17 only reads both ways: FDI for now, flagged ambiguous so the planner is asked', () => {
    const group = teethGroup(toothSet(UPPER_RIGHT, 'fdi', (n) => `tooth_${n}.stl`));
    expect(group.numbering).toMatchObject({ numbering: 'fdi', source: 'assumed', ambiguous: true, eitherWay: true });
    expect(group.teeth.map((t) => t.fdi)).toEqual(UPPER_RIGHT);
  });

  it('an ambiguous set with a marker in the file names or the folder follows the marker', () => {
    const numbers = [11, 12, 13, 14, 15, 16, 17];
    const cases: [string, InputFile[], Numbering][] = [
      ['UNN in the names', numbers.map((n) => ({ name: `UNN_tooth_${n}.stl`, bytes: toothBox(11) })), 'universal'],
      ['uni in the names', numbers.map((n) => ({ name: `uni-${n}.stl`, bytes: toothBox(11) })), 'universal'],
      ['a "universal" folder (CLI)', numbers.map((n) => ({ name: `tooth_${n}.stl`, bytes: toothBox(11), folder: 'case7/universal' })), 'universal'],
      ['a folder in the name', numbers.map((n) => ({ name: `teeth_UNN/tooth_${n}.stl`, bytes: toothBox(11) })), 'universal'],
      ['ISO in the names', numbers.map((n) => ({ name: `ISO_${n}.stl`, bytes: toothBox(11) })), 'fdi'],
      ['an "fdi" folder', numbers.map((n) => ({ name: `${n}.stl`, bytes: toothBox(11), folder: 'export/FDI' })), 'fdi'],
    ];
    for (const [what, files, want] of cases) {
      const group = teethGroup(files);
      expect(group.numbering, what).toMatchObject({ numbering: want, source: 'names', ambiguous: false, eitherWay: false });
      expect(group.teeth.map((t) => t.fdi).sort(), what).toEqual(want === 'fdi' ? numbers : [23, 24, 25, 26, 27, 28, 38]);
    }
  });

  it('an ambiguous set read as the caller chose; a choice never overrides a number that reads one way only', () => {
    const files = toothSet(UPPER_RIGHT, 'fdi', (n) => `tooth_${n}.stl`);
    const chosen = teethGroup(files, 'universal');
    expect(chosen.numbering).toMatchObject({ numbering: 'universal', source: 'chosen', ambiguous: false, eitherWay: true });
    expect(chosen.teeth.map((t) => t.fdi)).toEqual([23, 24, 25, 26, 27, 28, 38]);
    // A choice the numbers contradict: the file that cannot be read so is named, not renumbered.
    const contradicted = teethGroup([...files, { name: 'tooth_41.stl', bytes: toothBox(41) }], 'universal');
    expect(contradicted.numbering.refused.map((r) => [r.file.name, r.problem])).toEqual([
      ['tooth_41.stl', '41 is not a tooth number in Universal (1-32) numbering, which the set was read in, as chosen; the file was left out.'],
    ]);
  });

  it('files that each say a different numbering keep their own; the message names each', () => {
    const files = [...toothSet([18, 17, 16, 15, 14, 13, 12, 11], 'universal', (n) => `u${n}.stl`), ...toothSet([21, 22, 23, 24, 25, 26, 27], 'fdi', (n) => `fdi-${n}.stl`)];
    const { arches, errors } = importFiles(files);
    expect(errors).toEqual([]);
    expect(arches[0].report.teeth).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26, 27]);
    expect(arches[0].report.numbering).toMatchObject({ numbering: 'mixed', source: 'names', ambiguous: false, eitherWay: false });
    expect(arches[0].report.numbering!.message).toMatch(/^Tooth numbers read as each file name says: u1\.stl is 18 \(Universal 1\), .*u8\.stl is 11 \(Universal 8\), fdi-21\.stl is 21 \(FDI\), /);
  });

  it('Palmer-looking names are not tooth numbers; timepoints (t1, t2) are not teeth', () => {
    expect(groupFiles([{ name: 'UR1.stl', bytes: toothBox(11) }, { name: 'UR2.stl', bytes: toothBox(12) }]).map((g) => g.kind)).toEqual(['single', 'single']);
    expect(groupFiles([{ name: 'upper_t1.stl', bytes: toothBox(11) }, { name: 'upper_t2.stl', bytes: toothBox(12) }]).map((g) => g.kind)).toEqual(['single', 'single']);
    expect(groupFiles([{ name: 'upper-arch-01.stl', bytes: toothBox(11) }, { name: 'upper-arch-02.stl', bytes: toothBox(12) }]).map((g) => g.kind)).toEqual(['single', 'single']);
  });
});

describe('importing tooth sets', () => {
  it('both jaws in Universal, dropped together in any order: an upper and a lower arch, each with its message', () => {
    const files = [...toothSet(LOWER, 'universal', (n) => `tooth_${n}.stl`), ...toothSet(UPPER, 'universal', (n) => `tooth_${n}.stl`)].reverse();
    const { arches, errors } = importFiles(files);
    expect(errors).toEqual([]);
    expect(arches.map((a) => [a.jaw, a.jawSource, a.report.teeth.length])).toEqual([['upper', 'tooth-numbers', 14], ['lower', 'tooth-numbers', 14]]);
    expect(arches[0].report.teeth).toEqual([...UPPER].sort((a, b) => a - b));
    expect(arches[1].report.teeth).toEqual([...LOWER].sort((a, b) => a - b));
    // Each vertex carries its file's tooth: the box of tooth_8.stl (FDI 11) is 8 vertices of 11.
    expect(arches[0].mesh.labels!.filter((l) => l === 11)).toHaveLength(8);
    expect(arches[0].report.sourceFiles[0]).toBe('tooth_2.stl');
    expect(arches[1].report.sourceFiles[0]).toBe('tooth_31.stl'); // 47: lower arches also start at the patient's right
    expect(arches[0].report.numbering!.message).toMatch(/^Tooth numbers read as Universal \(1-32\), since .+ cannot be FDI numbers: tooth_2.stl is 17, .*tooth_8.stl is 11, .*tooth_15.stl is 27 \(FDI\)\.$/);
    expect(arches[1].report.numbering!.message).toContain('tooth_24.stl is 31');
  });

  it('both jaws in FDI: two arches; the FDI message lists the teeth', () => {
    const { arches, errors } = importFiles([...toothSet(UPPER, 'fdi', (n) => `${n}.stl`), ...toothSet(LOWER, 'fdi', (n) => `${n}.stl`)]);
    expect(errors).toEqual([]);
    expect(arches.map((a) => a.jaw)).toEqual(['upper', 'lower']);
    expect(arches[1].report.numbering!.message).toBe(`Tooth numbers read as FDI (11-48), since 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 47 cannot be Universal numbers: ${archOrder('lower').filter((f) => f % 10 !== 8).join(', ')}.`);
  });

  it('an ambiguous set imports as FDI and says so, flagged for the planner', () => {
    const upper = [...UPPER_RIGHT, 21, 22, 23, 24, 25, 26, 27];
    const { arches } = importFiles(toothSet(upper, 'fdi', (n) => `tooth_${n}.stl`));
    expect(arches).toHaveLength(1);
    expect(arches[0].report.numbering).toMatchObject({ numbering: 'fdi', ambiguous: true, eitherWay: true });
    expect(arches[0].report.numbering!.message).toMatch(/^Tooth numbers read as FDI \(11-48\) for now: every number is valid in FDI and in Universal numbering, and no file or folder name says which: 17, 16/);
  });

  it('the same ambiguous set with numbering universal chosen: Universal 17 and 21-27 are lower teeth, 11-16 upper', () => {
    const upper = [...UPPER_RIGHT, 21, 22, 23, 24, 25, 26, 27];
    const { arches, errors } = importFiles(toothSet(upper, 'fdi', (n) => `tooth_${n}.stl`), { numbering: 'universal' });
    expect(arches.map((a) => a.jaw)).toEqual(['lower']);
    expect(arches[0].report.teeth).toEqual([31, 32, 33, 34, 38, 41, 42, 43]);
    expect(arches[0].report.numbering).toMatchObject({ numbering: 'universal', source: 'chosen', ambiguous: false, eitherWay: true });
    expect(arches[0].report.numbering!.message).toMatch(/^Tooth numbers read as Universal \(1-32\), as chosen: tooth_27.stl is 43, /);
    // Universal 11-16 (FDI 23-28) alone span less than an arch: refused as the whole part.
    expect(errors.map((e) => [e.fileName, e.code])).toEqual([['tooth_11.stl and 5 other tooth files', 'units']]);
  });

  it('two files for one tooth: the second is left out, the message names both files', () => {
    const files = [...toothSet(UPPER, 'universal', (n) => `tooth_${n}.stl`), { name: 'U8.stl', bytes: toothBox(11) }];
    const { arches, errors } = importFiles(files);
    expect(arches[0].report.teeth).toHaveLength(14);
    expect(errors.map((e) => [e.fileName, e.code, e.message])).toEqual([
      ['U8.stl', 'labels-mismatch', 'U8.stl: it carries tooth 11, as tooth_8.stl does; one file per tooth can be imported, so this one was left out.'],
    ]);
  });

  it('a number valid in neither numbering: that file is named and left out, the rest imports', () => {
    const files = [...toothSet(UPPER, 'universal', (n) => `tooth_${n}.stl`), { name: 'tooth_50.stl', bytes: toothBox(11) }];
    const { arches, errors } = importFiles(files);
    expect(arches.map((a) => a.report.teeth.length)).toEqual([14]);
    expect(errors.map((e) => e.message)).toEqual([
      'tooth_50.stl: 50 is not a tooth number in FDI (11-48) or Universal (1-32) numbering; the file was left out.',
    ]);
  });

  it('numbers that fit no single numbering: the whole set is refused, naming a file of each kind', () => {
    const files = [{ name: 'tooth_3.stl', bytes: toothBox(16) }, { name: 'tooth_41.stl', bytes: toothBox(41) }, { name: 'tooth_14.stl', bytes: toothBox(14) }];
    const { arches, errors } = importFiles(files);
    expect(arches).toEqual([]);
    expect(errors.map((e) => [e.fileName, e.message])).toEqual([['tooth_3.stl and 2 other tooth files',
      'tooth_3.stl and 2 other tooth files: the tooth numbers do not fit one numbering: tooth_3.stl (3) can only be Universal (1-32) and tooth_41.stl (41) only FDI (11-48); rename the files so they use one numbering.']]);
  });

  it('a name that says its numbering wrongly (U33) is named and left out', () => {
    const files = [...toothSet(UPPER, 'universal', (n) => `u${n}.stl`), { name: 'U33.stl', bytes: toothBox(11) }];
    const { errors } = importFiles(files);
    expect(errors.map((e) => e.message)).toEqual(['U33.stl: its name says Universal (1-32) numbering, but 33 is not a tooth number there; the file was left out.']);
  });
});
