import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/random.ts';
import { PackageError } from './errors.ts';
import { decryptPackage, ENCRYPTED_MAGIC, encryptPackage, isEncryptedPackage, isPackageKey } from './package-crypto.ts';

const FILE = 'P-301-Final-2026-12-03.aligner';

/** Bytes that look like a package (seeded 5): what is encrypted does not matter to the cipher. */
function plainBytes(n = 10_000): Uint8Array {
  const random = seededRandom(5);
  const out = Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  out.set([0x50, 0x4b, 0x03, 0x04]);
  return out;
}

async function refusal(run: () => Promise<unknown>): Promise<PackageError> {
  const error = await run().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PackageError);
  return error as PackageError;
}

describe('package encryption (seeded 5)', () => {
  it('opens with its key and gives back the same bytes; the file holds only the magic, IV and ciphertext', async () => {
    const plain = plainBytes();
    const { bytes, key } = await encryptPackage(plain);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isPackageKey(key)).toBe(true);
    expect(new TextDecoder().decode(bytes.subarray(0, 12))).toBe(ENCRYPTED_MAGIC);
    expect(bytes.byteLength).toBe(12 + 12 + plain.byteLength + 16);
    expect(isEncryptedPackage(bytes)).toBe(true);
    expect(isEncryptedPackage(plain)).toBe(false);
    expect([...await decryptPackage(bytes, key, FILE)]).toEqual([...plain]);
    // Nothing of the plain package shows through (its zip signature, say).
    expect(Buffer.from(bytes).indexOf(Buffer.from(plain.subarray(0, 64)))).toBe(-1);
  });

  it('a fresh key and IV every time: the same package encrypts differently', async () => {
    const plain = plainBytes(100);
    const [a, b] = await Promise.all([encryptPackage(plain), encryptPackage(plain)]);
    expect(a.key).not.toBe(b.key);
    expect(Buffer.from(a.bytes.subarray(12, 24)).equals(Buffer.from(b.bytes.subarray(12, 24)))).toBe(false);
  });

  it('a wrong key, a tampered ciphertext, IV or tag: refused the same way, naming the file', async () => {
    const plain = plainBytes();
    const { bytes, key } = await encryptPackage(plain);
    const other = (await encryptPackage(plain)).key;
    const message = `This key does not open ${FILE} (or the file was changed on its way). Ask whoever shared it for the link again.`;
    const wrong = await refusal(() => decryptPackage(bytes, other, FILE));
    expect(wrong.code).toBe('wrong-key');
    expect(wrong.message).toBe(message);
    for (const at of [13, 12 + 12 + 500, bytes.length - 1]) {
      const tampered = bytes.slice();
      tampered[at] ^= 0x20;
      const error = await refusal(() => decryptPackage(tampered, key, FILE));
      expect([error.code, error.message]).toEqual(['wrong-key', message]);
    }
  });

  it('a key that is not a key, a cut-short file and an unencrypted one get their own words', async () => {
    const { bytes, key } = await encryptPackage(plainBytes(100));
    const short = await refusal(() => decryptPackage(bytes, key.slice(0, 30), FILE));
    expect(short.code).toBe('wrong-key');
    expect(short.message).toContain(`The key given for ${FILE} is not a package key`);
    expect((await refusal(() => decryptPackage(bytes, `${key.slice(0, 42)}+`, FILE))).message).toContain('is not a package key');
    // Surrounding blanks from a paste are forgiven.
    expect((await decryptPackage(bytes, ` ${key}\n`, FILE)).byteLength).toBe(100);
    const cut = await refusal(() => decryptPackage(bytes.slice(0, 30), key, FILE));
    expect([cut.code, cut.message]).toEqual(['damaged', `${FILE} is damaged (the encrypted file is cut short). Nothing was changed.`]);
    const plain = await refusal(() => decryptPackage(plainBytes(100), key, FILE));
    expect(plain.code).toBe('not-a-package');
  });
});
