// The doctor's link: the studio's own URL with the package's address and its key in the
// fragment. Browsers never send the fragment to any server, so the host holding the file (a
// static host, a shared drive) sees ciphertext only and the studio's host sees neither (the
// Excalidraw pattern). The key goes unencoded: base64url needs no escaping.
import { PackageError } from './errors.ts';
import { isPackageKey } from './package-crypto.ts';

export interface ShareFragment {
  packageUrl: string;
  key: string;
}

/** `<studio URL without its fragment>#package=<file URL>&key=<key>`. */
export function shareLink(studioUrl: string, fileUrl: string, key: string): string {
  const hash = studioUrl.indexOf('#');
  const base = hash < 0 ? studioUrl : studioUrl.slice(0, hash);
  return `${base}#package=${encodeURIComponent(fileUrl)}&key=${key}`;
}

const broken = (problem: string) =>
  new PackageError('not-a-package', `This link is damaged: ${problem}. Ask for the link again (copy all of it).`);

/**
 * The package a location's fragment names, or null when it names none (an ordinary visit).
 * A fragment that names a package but cannot be used throws a PackageError: a link cut
 * short by a mail program usually loses its key, and the doctor must hear that, not see an
 * empty studio.
 */
export function parseShareFragment(hash: string): ShareFragment | null {
  const fields = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    let value: string;
    try {
      value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    } catch (error) {
      if (name === 'package' || name === 'key') throw broken(`its ${name} part is not readable`);
      throw error;
    }
    if (fields.has(name) && (name === 'package' || name === 'key')) throw broken(`it names a ${name} twice`);
    fields.set(name, value);
  }
  if (!fields.has('package')) return null;
  const packageUrl = fields.get('package')!;
  if (packageUrl === '') throw broken('it names no package file');
  const key = fields.get('key');
  if (key === undefined || key === '') {
    throw new PackageError('wrong-key', 'This link names a plan package but carries no key (the end of the link, "&key=...", is missing). Ask for the link again (copy all of it).');
  }
  if (!isPackageKey(key)) {
    throw new PackageError('wrong-key', 'The key in this link is cut short or damaged. Ask for the link again (copy all of it).');
  }
  return { packageUrl, key };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why the studio will not fetch a package from `url`, or null when it may. Only https, so the
 * ciphertext and the fact of the download are not exposed on the way; plain http only to
 * this computer (a local static host used for testing or inside a clinic's machine). No
 * user name or password: a link carrying them would hand them to everyone it is sent to.
 */
export function packageUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a web address`;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'the package address carries a user name or password; share the file from a place that needs neither';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) return null;
  if (parsed.protocol === 'http:') return `the package address is not secure (http://${parsed.host}); the studio fetches packages only over https, or from this computer`;
  return `the package address is not a web address the studio fetches from (${parsed.protocol.replace(/:$/, '')}); it must start with https://`;
}
