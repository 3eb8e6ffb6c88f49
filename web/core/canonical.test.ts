import { describe, expect, it } from 'vitest';
import { canonicalJson, hashOf, sha256Hex } from './canonical.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined, x: 'é' }], c: null } }))
      .toBe('{"a":{"c":null,"d":[2,{"x":"é","z":1}]},"b":1}');
  });

  it('writes undefined in a list as null, as JSON.stringify does', () => {
    expect(canonicalJson([1, undefined, 3])).toBe(JSON.stringify([1, undefined, 3]));
  });

  it('refuses numbers and binary data JSON cannot carry', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(/NaN has no JSON form/);
    expect(() => canonicalJson([Infinity])).toThrow(/Infinity/);
    expect(() => canonicalJson({ mesh: new Float32Array(3) })).toThrow(/binary data/);
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors for text and bytes', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Hex('abc')).toBe(abc);
    expect(sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(abc);
    expect(sha256Hex(new Uint8Array([0x61, 0x62, 0x63]).buffer)).toBe(abc);
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes text as UTF-8', () => {
    expect(sha256Hex('é')).toBe(sha256Hex(new Uint8Array([0xc3, 0xa9])));
  });
});

describe('hashOf', () => {
  it('gives the same digest for the same value in any key order, another for any change', () => {
    const a = { caseId: 'c', plan: { targets: [{ fdi: 11, mesial: 0.5 }], ipr: [] } };
    const b = { plan: { ipr: [], targets: [{ mesial: 0.5, fdi: 11 }] }, caseId: 'c' };
    expect(hashOf(a)).toBe(hashOf(b));
    expect(hashOf({ ...a, caseId: 'd' })).not.toBe(hashOf(a));
    expect(hashOf({ plan: { ...a.plan, targets: [{ fdi: 11, mesial: 0.50001 }] }, caseId: 'c' })).not.toBe(hashOf(a));
  });
});
