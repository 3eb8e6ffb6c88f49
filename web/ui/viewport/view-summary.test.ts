import { describe, expect, it } from 'vitest';
import { collisionsText, stageText, viewSummary } from './view-summary.ts';

describe('viewSummary', () => {
  it('says the stage as aligners', () => {
    expect(stageText(0, 24)).toBe('Before the first aligner (stage 0 of 23)');
    expect(stageText(5, 24)).toBe('Aligner 5 of 23');
    expect(stageText(23, 24)).toBe('Aligner 23 of 23, the final position');
    expect(stageText(0, 1)).toBe('No aligners staged');
  });
  it('lists the deepest collisions and counts the rest', () => {
    expect(collisionsText(undefined)).toBe('');
    expect(collisionsText(null)).toBe('Collisions are being checked.');
    expect(collisionsText([])).toBe('No collisions at this stage.');
    const c = (a: string, b: string, d: number) => ({ a, b, depthMm: d });
    expect(collisionsText([c('11', '21', 0.34)])).toBe('1 collision at this stage: 11/21 0.3 mm.');
    expect(collisionsText([c('11', '21', 0.3), c('31', '41', 0.2), c('12', '13', 0.1), c('42', '43', 0.1)]))
      .toBe('4 collisions at this stage: 11/21 0.3 mm, 31/41 0.2 mm, 12/13 0.1 mm, and 1 more.');
  });
  it('puts arches, stage, selection and collisions together', () => {
    expect(viewSummary({ arches: [], selected: null })).toBe('No scans shown.');
    expect(viewSummary({ arches: ['upper'], selected: null })).toBe('The upper arch shown. No tooth selected.');
    expect(viewSummary({
      arches: ['upper', 'lower'], stage: { shown: 5, count: 24 }, selected: { number: '8', name: 'upper right central incisor' }, collisions: [],
    })).toBe('Both arches shown. Aligner 5 of 23. Tooth 8 selected, upper right central incisor. No collisions at this stage.');
  });
});
