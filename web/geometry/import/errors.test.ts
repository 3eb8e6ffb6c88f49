// Numbers in messages: counts grouped, huge and tiny values as powers of ten, never the
// "9.999,999,680,285,692e+37" that grouping String(1e38) used to give.
import { describe, expect, it } from 'vitest';
import { formatCount, formatLength, formatNumber } from './errors.ts';

describe('numbers in messages', () => {
  it('counts are grouped in threes', () => {
    expect(formatCount(99_999)).toBe('99,999');
    expect(formatCount(4_000_000_000)).toBe('4,000,000,000');
    expect(formatCount(-1234)).toBe('-1,234');
  });
  it('numbers past exact integers read as powers of ten', () => {
    expect(formatCount(1e21)).toBe('1e21');
    expect(formatLength(Math.fround(1e38))).toBe('1e38');
    expect(formatLength(-3.4e20)).toBe('-3.4e20');
    expect(formatNumber(Math.fround(1e38))).toBe('1e38');
    expect(formatNumber(1.234e-7)).toBe('1.23e-7');
  });
  it('ordinary lengths and values stay plain', () => {
    expect(formatLength(74.96)).toBe('75');
    expect(formatLength(7.496)).toBe('7.5');
    expect(formatNumber(12.5)).toBe('12.5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Number.NaN)).toBe('not a number');
    expect(formatNumber(-Infinity)).toBe('minus infinite');
  });
});
