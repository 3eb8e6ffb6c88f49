import { describe, expect, test } from 'vitest';
import { isNumberingSystem, toothName, toothNumberText } from './numbering.ts';

describe('tooth numbering for display', () => {
  test('the same tooth in FDI, Universal and Palmer', () => {
    expect(toothNumberText(11, 'fdi')).toBe('11');
    expect(toothNumberText(11, 'universal')).toBe('8');
    expect(toothNumberText(11, 'palmer')).toBe('UR1');
    expect(toothNumberText(36, 'universal')).toBe('19');
    expect(toothNumberText(47, 'palmer')).toBe('LR7');
  });

  test('clinical names', () => {
    expect(toothName(11)).toBe('upper right central incisor');
    expect(toothName(23)).toBe('upper left canine');
    expect(toothName(35)).toBe('lower left second premolar');
    expect(toothName(46)).toBe('lower right first molar');
  });

  test('only the three systems are accepted from settings', () => {
    expect(isNumberingSystem('palmer')).toBe(true);
    expect(isNumberingSystem('FDI')).toBe(false);
    expect(isNumberingSystem(undefined)).toBe(false);
  });
});
