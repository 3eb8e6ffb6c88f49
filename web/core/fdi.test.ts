import { describe, expect, it } from 'vitest';
import { archOrder, fdiToPalmer, fdiToUniversal, isFdi, jawOf, toothType, universalToFdi } from './fdi.ts';

describe('FDI numbering', () => {
  it('accepts the 32 permanent teeth and nothing else', () => {
    const all = [...archOrder('upper'), ...archOrder('lower')];
    expect(new Set(all).size).toBe(32);
    expect(all.every(isFdi)).toBe(true);
    for (const bad of [0, 9, 10, 19, 50, 51, 11.5, -11, 55]) expect(isFdi(bad)).toBe(false);
  });

  it('maps to Universal at the anchor teeth and round-trips all 32', () => {
    expect(fdiToUniversal(18)).toBe(1);
    expect(fdiToUniversal(11)).toBe(8);
    expect(fdiToUniversal(21)).toBe(9);
    expect(fdiToUniversal(28)).toBe(16);
    expect(fdiToUniversal(38)).toBe(17);
    expect(fdiToUniversal(31)).toBe(24);
    expect(fdiToUniversal(41)).toBe(25);
    expect(fdiToUniversal(48)).toBe(32);
    for (let u = 1; u <= 32; u++) expect(fdiToUniversal(universalToFdi(u))).toBe(u);
    expect(() => universalToFdi(33)).toThrow(/Universal/);
  });

  it('knows jaws, types and Palmer names', () => {
    expect(jawOf(16)).toBe('upper');
    expect(jawOf(36)).toBe('lower');
    expect(toothType(13)).toBe('canine');
    expect(toothType(45)).toBe('premolar');
    expect(toothType(22)).toBe('incisor');
    expect(toothType(37)).toBe('molar');
    expect(fdiToPalmer(13)).toBe('UR3');
    expect(fdiToPalmer(46)).toBe('LR6');
  });

  it('orders each arch from the patient right to left', () => {
    expect(archOrder('upper').slice(6, 10)).toEqual([12, 11, 21, 22]);
    expect(archOrder('lower').slice(6, 10)).toEqual([42, 41, 31, 32]);
  });
});
