// An encrypted package: 'ALIGNER-ENC1' (ASCII), a 12-byte IV, then the AES-GCM-256
// ciphertext of the package with its 16-byte tag. The key is 32 random bytes, written as
// base64url (43 characters) so it rides in a link's fragment unescaped and never reaches a
// server. The magic is authenticated as additional data: a file relabelled as another
// format version fails like a wrong key. GCM cannot tell a wrong key from altered bytes;
// either way the file does not open and the message says both.
import { PackageError, packageRefusals } from './errors.ts';

export const ENCRYPTED_MAGIC = 'ALIGNER-ENC1';
const MAGIC = new TextEncoder().encode(ENCRYPTED_MAGIC);
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Whether `bytes` start like an encrypted package (nothing is decrypted). */
export function isEncryptedPackage(bytes: Uint8Array): boolean {
  if (bytes.byteLength < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

/** Whether `key` has the form of a package key (43 base64url characters), not whether it opens anything. */
export function isPackageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function aesKey(raw: Uint8Array<ArrayBuffer>, use: KeyUsage): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, [use]);
}

/** The package encrypted under a fresh random key, and that key for the link. */
export async function encryptPackage(bytes: Uint8Array): Promise<{ bytes: Uint8Array; key: string }> {
  const raw = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: MAGIC }, await aesKey(raw, 'encrypt'), bytes as Uint8Array<ArrayBuffer>,
  ));
  const out = new Uint8Array(MAGIC.length + IV_BYTES + sealed.byteLength);
  out.set(MAGIC, 0);
  out.set(iv, MAGIC.length);
  out.set(sealed, MAGIC.length + IV_BYTES);
  return { bytes: out, key: toBase64Url(raw) };
}

/** The package inside `bytes`; a PackageError naming `fileName` when the key does not open it. */
export async function decryptPackage(bytes: Uint8Array, key: string, fileName: string): Promise<Uint8Array> {
  const fail = packageRefusals(fileName);
  if (!isEncryptedPackage(bytes)) throw fail.notAPackage('it is not an encrypted package, so it needs no key');
  if (bytes.byteLength < MAGIC.length + IV_BYTES + TAG_BYTES) throw fail.damaged('the encrypted file is cut short');
  const trimmed = key.trim();
  if (!isPackageKey(trimmed)) {
    throw new PackageError('wrong-key', `The key given for ${fileName} is not a package key (it is 43 letters, digits, "-" or "_"; this one is ${trimmed.length} characters or has others). Ask for the link again.`);
  }
  const iv = bytes.slice(MAGIC.length, MAGIC.length + IV_BYTES);
  const sealed = bytes.slice(MAGIC.length + IV_BYTES);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: MAGIC }, await aesKey(fromBase64Url(trimmed), 'decrypt'), sealed);
    return new Uint8Array(plain);
  } catch (error) {
    throw fail.wrongKey(error);
  }
}
