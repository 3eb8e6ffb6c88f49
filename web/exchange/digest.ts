// SHA-256 on the platform's own implementation where there is one (WebCrypto, in every
// browser and worker the studio runs in and in Node): a package's reader hashes every entry
// and both decoded meshes in a freshly started worker, where the JavaScript SHA-256
// (@noble/hashes, what core/canonical.ts uses for its synchronous hashes) runs cold and took
// about a quarter of a share link's read. The two give the same digest; tests compare them.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** The SHA-256 of the parts laid end to end, as hex. */
export async function sha256HexOf(...parts: Uint8Array[]): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    const h = sha256.create();
    for (const p of parts) h.update(p);
    return bytesToHex(h.digest());
  }
  let whole: Uint8Array<ArrayBuffer>;
  if (parts.length === 1 && parts[0].buffer instanceof ArrayBuffer) {
    whole = parts[0] as Uint8Array<ArrayBuffer>;
  } else {
    whole = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      whole.set(p, at);
      at += p.byteLength;
    }
  }
  return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', whole)));
}
