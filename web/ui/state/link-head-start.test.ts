// The share link's download and read begun by the page's first script: started only for a
// usable link, handed to the opener once and only for the same fragment; progress and
// failures reach the opener as they would have had it downloaded itself.
import { describe, expect, it } from 'vitest';
import { shareLink } from '../../exchange/share-link.ts';
import type { ReadPackage } from '../../exchange/package-types.ts';
import { startLinkEarly } from './link-head-start.ts';

const KEY = 'k'.repeat(43);
const FILE_URL = 'https://files.example.org/north/P-204-v3.aligner';
const hashOf = (link: string) => link.slice(link.indexOf('#'));
const HASH = hashOf(shareLink('https://studio.example.org/app/', FILE_URL, KEY));
const BYTES = Uint8Array.from({ length: 8 }, (_, i) => 100 + i);

function fakes(respond: () => Promise<Response> = async () => new Response(BYTES, { status: 200, headers: { 'Content-Length': '8' } })) {
  const seen = { fetched: [] as string[], reads: [] as { fileName: string; bytes: number[]; key?: string }[], warmed: 0 };
  return {
    seen,
    deps: {
      fetch: (async (url: string) => { seen.fetched.push(String(url)); return respond(); }) as unknown as typeof fetch,
      read: async (fileName: string, bytes: Uint8Array, key?: string) => {
        seen.reads.push({ fileName, bytes: [...bytes], key });
        return { case: { id: 'case-204' } } as ReadPackage;
      },
      warm: () => void seen.warmed++,
      online: () => true,
    },
  };
}

describe('a share link started before the studio is up', () => {
  it('downloads and reads the linked file once, with the link\'s key, and hands it over once, for that link only', async () => {
    const { seen, deps } = fakes();
    const links = startLinkEarly(HASH, deps);
    expect(seen.warmed, 'the reader\'s worker starts with the download').toBe(1);
    expect(links.take('#package=https://files.example.org/other.aligner&key=' + KEY), 'another link').toBeNull();
    const early = links.take(HASH)!;
    expect(early).not.toBeNull();
    expect(links.take(HASH), 'taken once').toBeNull();
    expect([...(await early.bytes)]).toEqual([...BYTES]);
    expect((await early.pkg).case.id).toBe('case-204');
    expect(seen.fetched).toEqual([FILE_URL]);
    expect(seen.reads).toEqual([{ fileName: 'P-204-v3.aligner', bytes: [...BYTES], key: KEY }]);
    const progress: [number, number | null][] = [];
    early.follow((loaded, total) => progress.push([loaded, total]));
    expect(progress, 'the progress so far, to a bar shown late').toEqual([[8, 8]]);
  });

  it('starts nothing for a page without a usable link: none, another fragment, a broken one, an address it would refuse', () => {
    for (const hash of ['', '#stage=4', '#package=https%3A%2F%2Ffiles.example.org%2Fx.aligner', hashOf(shareLink('https://studio.example.org/', 'http://files.example.org/P.aligner', KEY))]) {
      const { seen, deps } = fakes();
      const links = startLinkEarly(hash, deps);
      expect(seen.fetched, hash).toEqual([]);
      expect(seen.warmed, hash).toBe(0);
      expect(links.take(hash), hash).toBeNull();
    }
  });

  it('keeps a failed download for the opener to report, in the words of its own download', async () => {
    const { seen, deps } = fakes(async () => new Response('gone', { status: 404 }));
    const early = startLinkEarly(HASH, deps).take(HASH)!;
    await expect(early.bytes).rejects.toThrow(/files\.example\.org/);
    await expect(early.pkg).rejects.toThrow(/files\.example\.org/);
    expect(seen.reads, 'nothing read').toEqual([]);
  });
});
