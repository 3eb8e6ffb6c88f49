import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../core/canonical.ts';
import { seededRandom } from '../core/random.ts';
import { sha256HexOf } from './digest.ts';

describe('sha256HexOf', () => {
  it('gives the digest of the parts laid end to end, as the JavaScript SHA-256 does (seed 7)', async () => {
    const rand = seededRandom(7);
    const whole = Uint8Array.from({ length: 100_003 }, () => Math.floor(rand() * 256));
    const parts = [whole.subarray(0, 10), whole.subarray(10, 70_000), whole.subarray(70_000)];
    expect(await sha256HexOf(...parts)).toBe(sha256Hex(whole));
    expect(await sha256HexOf(whole)).toBe(sha256Hex(whole));
    expect(await sha256HexOf()).toBe(sha256Hex(new Uint8Array()));
    const before = await sha256HexOf(...parts);
    whole[5] ^= 1;
    expect(await sha256HexOf(...parts)).not.toBe(before);
    expect(await sha256HexOf(...parts)).toBe(sha256Hex(whole));
  });
});
