import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/random.ts';
import { inflateExactly, inflateExactlyAsync } from './zip-read.ts';

// Both inflaters: fflate's (sync) and the platform's (async, Node's DecompressionStream here).
const inflaters = [
  ['fflate', async (d: Uint8Array, n: number) => inflateExactly(d, n)],
  ['platform', inflateExactlyAsync],
] as const;

describe.each(inflaters)('inflating a section to exactly its size (%s)', (_, inflate) => {
  const rand = seededRandom(11);
  const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i % 97 === 0 ? Math.floor(rand() * 256) : i & 7));
  const packed = deflateSync(data);

  it('gives back the bytes (seed 11)', async () => {
    expect(await inflate(packed, data.byteLength)).toEqual(data);
  });

  it('refuses a stream that unpacks to more or less than the size given', async () => {
    expect(await inflate(packed, data.byteLength - 1)).toBeNull();
    expect(await inflate(packed, data.byteLength + 1)).toBeNull();
  });

  it('refuses a bomb: a few kilobytes that would unpack to 64 MB', async () => {
    const bomb = deflateSync(new Uint8Array(64 << 20));
    expect(bomb.byteLength).toBeLessThan(100_000);
    expect(await inflate(bomb, 1000)).toBeNull();
  });

  it('refuses a stream cut short, a damaged one and an empty one', async () => {
    expect(await inflate(packed.subarray(0, packed.byteLength >> 1), data.byteLength)).toBeNull();
    const damaged = packed.slice();
    damaged[0] = 0xff;
    damaged[1] = 0xff;
    expect(await inflate(damaged, data.byteLength)).toBeNull();
    expect(await inflate(new Uint8Array(), 0)).toBeNull();
  });
});
