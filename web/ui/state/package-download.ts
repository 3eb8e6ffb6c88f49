// The share link's one network request: the package file, fetched without cookies or referrer,
// read as a stream so a progress bar can follow it, and bounded so a wrong link cannot fill memory.
import { downloadProblems, hostOf, OpenProblem } from './package-messages.ts';

/** Far above any real package (two 300k-triangle arches pack to under 5 MB); a bound on memory. */
export const MAX_PACKAGE_BYTES = 512 * 2 ** 20;

/**
 * Downloads `url`, telling `onProgress` the bytes so far against Content-Length (null when the
 * host does not say). Refuses files over `maxBytes` before and while reading them.
 */
export async function downloadPackage(
  fetchFn: typeof fetch, url: string, onProgress: (loaded: number, total: number | null) => void,
  opts: { maxBytes?: number; online?: () => boolean } = {},
): Promise<Uint8Array> {
  const host = hostOf(url);
  const maxBytes = opts.maxBytes ?? MAX_PACKAGE_BYTES;
  let response: Response;
  try {
    // No cookies or referrer go to the host: it only ever learns that someone fetched the file.
    response = await fetchFn(url, { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', mode: 'cors' });
  } catch {
    throw opts.online?.() === false ? downloadProblems.offline() : downloadProblems.unreachable(host);
  }
  if (!response.ok) {
    if (response.status === 404 || response.status === 410) throw downloadProblems.notFound(host, response.status);
    if (response.status === 401 || response.status === 403) throw downloadProblems.refused(host, response.status);
    throw downloadProblems.status(host, response.status, response.statusText);
  }
  const declared = Number(response.headers.get('Content-Length'));
  const total = Number.isFinite(declared) && declared > 0 ? declared : null;
  if (total !== null && total > maxBytes) throw downloadProblems.tooLarge(host, maxBytes);
  onProgress(0, total);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    if (!response.body) {
      const all = new Uint8Array(await response.arrayBuffer());
      onProgress(all.length, total ?? all.length);
      return all;
    }
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.length;
      if (loaded > maxBytes) {
        void reader.cancel();
        throw downloadProblems.tooLarge(host, maxBytes);
      }
      chunks.push(value);
      onProgress(loaded, total);
    }
  } catch (e) {
    throw e instanceof OpenProblem ? e : downloadProblems.interrupted(host);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}
