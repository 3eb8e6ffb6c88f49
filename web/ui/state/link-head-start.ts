// A share link's download and read started by the page's first, small script, while the rest
// of the studio is still loading (issue 13's speed figure: the studio's code takes about as
// long to load as the package takes to arrive and be read). Nothing is shown or stored here:
// the package opener takes the result for the same link, once, and treats its failures as
// its own (the same messages). A page without a share link starts nothing.
import { packageUrlProblem, parseShareFragment } from '../../exchange/share-link.ts';
import type { ReadPackage } from '../../exchange/package-types.ts';
import { downloadPackage } from './package-download.ts';
import { fileNameOf } from './package-messages.ts';

export interface EarlyLinkDeps {
  fetch: typeof fetch;
  read(fileName: string, bytes: Uint8Array, key?: string): Promise<ReadPackage>;
  /** Starts the reader's worker while the file downloads. */
  warm?(): void;
  online?(): boolean;
  maxBytes?: number;
}

export interface EarlyLink {
  /** The download's progress so far, then as it goes (bytes, and the total when the host says it). */
  follow(onProgress: (loaded: number, total: number | null) => void): void;
  bytes: Promise<Uint8Array>;
  pkg: Promise<ReadPackage>;
}

export interface EarlyLinks {
  /** The early work for exactly this fragment, once; null when none was started for it. */
  take(hash: string): EarlyLink | null;
}

export function startLinkEarly(hash: string, deps: EarlyLinkDeps): EarlyLinks {
  let started: { hash: string; link: EarlyLink } | null = null;
  let link: ReturnType<typeof parseShareFragment> = null;
  try {
    link = parseShareFragment(hash);
  } catch {
    // A broken link is the opener's to explain.
  }
  if (link && packageUrlProblem(link.packageUrl) === null) {
    const { packageUrl, key } = link;
    let last: [number, number | null] = [0, null];
    let listener: ((loaded: number, total: number | null) => void) | null = null;
    deps.warm?.();
    performance.mark('share-link-early');
    const bytes = downloadPackage(deps.fetch, packageUrl, (loaded, total) => {
      last = [loaded, total];
      listener?.(loaded, total);
    }, { maxBytes: deps.maxBytes, online: deps.online });
    const pkg = bytes.then((b) => deps.read(fileNameOf(packageUrl), b, key));
    // Failures are reported when the opener takes them; until then they are not unhandled.
    bytes.catch(() => undefined);
    pkg.catch(() => undefined);
    started = {
      hash,
      link: {
        follow(onProgress) {
          listener = onProgress;
          onProgress(...last);
        },
        bytes, pkg,
      },
    };
  }
  return {
    take(h) {
      if (!started || started.hash !== h) return null;
      const { link: taken } = started;
      started = null;
      return taken;
    },
  };
}
