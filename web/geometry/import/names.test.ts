import { describe, expect, it } from 'vitest';
import { guessJawFromName, toothFromFileName } from './index.ts';
import { extensionOf, stemOf } from './names.ts';

describe('guessJawFromName', () => {
  const cases: [string, 'upper' | 'lower' | null][] = [
    ['upper.stl', 'upper'],
    ['lower.stl', 'lower'],
    ['Patient_UpperJaw.stl', 'upper'],
    ['Patient-LowerJaw.stl', 'lower'],
    ['01A6GW4A_upper.obj', 'upper'],
    ['0EAKT1CU_lower.obj', 'lower'],
    ['Maxillary.stl', 'upper'],
    ['MANDIBULAR.PLY', 'lower'],
    ['maxilla scan.obj', 'upper'],
    ['mandible.obj', 'lower'],
    ['case12_max.stl', 'upper'],
    ['case12_mand.stl', 'lower'],
    ['Oberkiefer.stl', 'upper'],
    ['Unterkiefer.stl', 'lower'],
    ['export_OK.stl', 'upper'],
    ['export_UK.stl', 'lower'],
    ['scan_UJ.stl', 'upper'],
    ['scan_LJ.stl', 'lower'],
    ['smith_u.stl', 'upper'],
    ['smith_l.stl', 'lower'],
    ['arcada_superior.stl', 'upper'],
    ['arcada_inferior.stl', 'lower'],
    ['maxillaire.stl', 'upper'],
    ['folder/sub/upper-arch-01.stl', 'upper'],
    ['scan.stl', null],
    ['upper_and_lower.stl', null],
    ['maximum_detail.stl', null],
    ['manderin.stl', null],
    ['bite.stl', null],
    ['', null],
  ];
  for (const [name, jaw] of cases) {
    it(`${JSON.stringify(name)} -> ${jaw}`, () => expect(guessJawFromName(name)).toBe(jaw));
  }
});

describe('toothFromFileName', () => {
  const cases: [string, number | null, ('fdi' | 'universal')?][] = [
    ['tooth_11.stl', 11, 'fdi'],
    ['crown-21.stl', 21, 'fdi'],
    ['21.stl', 21, 'fdi'],
    ['tooth21.stl', 21, 'fdi'],
    ['Tooth 48.ply', 48, 'fdi'],
    ['patient7_tooth_36_prep.obj', 36, 'fdi'],
    ['fdi-17.stl', 17, 'fdi'],
    ['U8.stl', 11, 'universal'],
    ['u1.stl', 18, 'universal'],
    ['universal_8.stl', 11, 'universal'],
    ['tooth-u8.stl', 11, 'universal'],
    ['tooth-U24.stl', 31, 'universal'],
    ['U32.stl', 48, 'universal'],
    ['U33.stl', null],
    ['UR1.stl', null],
    // On its own a number that cannot be FDI is Universal; one valid both ways stays FDI.
    ['tooth_19.stl', 36, 'universal'],
    ['tooth_8.stl', 11, 'universal'],
    ['tooth_31.stl', 31, 'fdi'],
    ['UNN_tooth_31.stl', 47, 'universal'],
    ['ISO-21.stl', 21, 'fdi'],
    ['tooth_50.stl', null],
    ['tooth_0.stl', null],
    ['upper_t1.stl', null],
    ['upper-arch-01.stl', null],
    ['scan_2023_11_04.stl', null],
    ['8.stl', 11, 'universal'],
    ['upper.stl', null],
    ['menu8.stl', null],
  ];
  for (const [name, fdi, numbering] of cases) {
    it(`${name} -> ${fdi}`, () => {
      const got = toothFromFileName(name);
      if (fdi === null) expect(got).toBeNull();
      else expect(got).toEqual({ fdi, numbering });
    });
  }
});

describe('file name parts', () => {
  it('extension and stem ignore folders and case', () => {
    expect(extensionOf('a/b.c/Upper.OBJ')).toBe('obj');
    expect(extensionOf('README')).toBe('');
    expect(stemOf('C:\\scans\\Upper.OBJ')).toBe('upper');
  });
});
