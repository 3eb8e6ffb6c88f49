// The two unit-vector helpers differ only on degenerate input, which is what their names say.
import { describe, expect, it } from 'vitest';
import { unitOrThrow } from '../../core/vec.ts';
import { unitOrZero } from './vec.ts';

describe('unit vectors', () => {
  it('agree on an ordinary vector', () => {
    expect(unitOrThrow([3, 0, 4])).toEqual([0.6, 0, 0.8]);
    expect(unitOrZero([3, 0, 4])).toEqual([0.6, 0, 0.8]);
  });

  it('unitOrThrow refuses a zero or non-finite vector: upstream has a bug', () => {
    expect(() => unitOrThrow([0, 0, 0])).toThrow(RangeError);
    expect(() => unitOrThrow([Infinity, 0, 0])).toThrow(RangeError);
    expect(() => unitOrThrow([NaN, 0, 0])).toThrow(RangeError);
  });

  it('unitOrZero gives a zero vector back as is: degenerate scan geometry is normal', () => {
    expect(unitOrZero([0, 0, 0])).toEqual([0, 0, 0]);
  });
});
