// The doctor's electronic signature (21 CFR 11.50 and 11.200(a)(1): two components, a name
// and a passphrase). The ECDSA P-256 private key exists in the clear only once, at creation,
// to be wrapped; afterwards it is unwrapped as a non-extractable key, used for one signature
// and dropped. The public key travels with every signature; the fingerprint (SHA-256 of its
// SPKI bytes) is what a clinic's list of known keys holds.
import { canonicalJson, sha256Hex } from '../core/canonical.ts';
import type { ApprovalStatement, KnownKey, SignedApproval } from '../core/review.ts';

/**
 * PBKDF2-HMAC-SHA256 work factor: 310,000 is the OWASP Password Storage Cheat Sheet figure the
 * project adopted (its 2021 value; the sheet has since raised it to 600,000). Stored with each
 * key, so raising it later leaves existing keys unlockable.
 */
export const DEFAULT_PBKDF2_ITERATIONS = 310_000;

export interface StoredSigningKey {
  /** The name given at creation, as typed (the unlock compares it trimmed, case-folded). */
  name: string;
  fingerprint: string;
  /** SPKI DER, base64. */
  publicKey: string;
  /** The pkcs8 private key, AES-GCM encrypted under the PBKDF2 key; all base64. */
  wrapped: { salt: string; iv: string; data: string };
  iterations: number;
  createdAt: number;
}

export class SigningError extends Error {
  override name = 'SigningError';
}

export const WRONG_UNLOCK = 'The name and passphrase do not unlock this signing key.';

const ECDSA_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const utf8 = (s: string) => new TextEncoder().encode(s);

export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Both components go into the derivation: the name case-folded, so "Dr Bo" and "dr bo " unlock alike. */
async function wrappingKey(name: string, passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const secret = await crypto.subtle.importKey('raw', utf8(`${name.trim().toLowerCase()}\u0000${passphrase}`), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', salt, iterations, hash: 'SHA-256' }, secret, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

export async function createSigningKey(name: string, passphrase: string, opts: { iterations?: number; now?: number } = {}): Promise<StoredSigningKey> {
  if (name.trim() === '') throw new SigningError('A signing key needs the signer\'s name.');
  if (passphrase.length < 8) throw new SigningError('The passphrase must be at least 8 characters.');
  const iterations = opts.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  const pair = await crypto.subtle.generateKey(ECDSA_KEY, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const fingerprint = sha256Hex(spki);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapper = await wrappingKey(name, passphrase, salt, iterations);
  // The fingerprint as associated data: a wrapped key pasted under another public key will not unwrap.
  const data = await crypto.subtle.wrapKey('pkcs8', pair.privateKey, wrapper, { name: 'AES-GCM', iv, additionalData: utf8(fingerprint) });
  return {
    name: name.trim(), fingerprint, publicKey: toBase64(spki),
    wrapped: { salt: toBase64(salt), iv: toBase64(iv), data: toBase64(data) },
    iterations, createdAt: opts.now ?? Date.now(),
  };
}

/** The private key, non-extractable and for signing only; a wrong name or passphrase is refused in plain words. */
export async function unlockSigningKey(key: StoredSigningKey, name: string, passphrase: string): Promise<CryptoKey> {
  try {
    const wrapper = await wrappingKey(name, passphrase, fromBase64(key.wrapped.salt), key.iterations);
    return await crypto.subtle.unwrapKey('pkcs8', fromBase64(key.wrapped.data), wrapper,
      { name: 'AES-GCM', iv: fromBase64(key.wrapped.iv), additionalData: utf8(key.fingerprint) }, ECDSA_KEY, false, ['sign']);
  } catch {
    throw new SigningError(WRONG_UNLOCK);
  }
}

/** Exactly the signed fields, so nothing else an approval carries can slip into what is signed. */
export function statementOf(a: ApprovalStatement): ApprovalStatement {
  const { caseId, signer, at, meaning, planHash, versionName, fingerprint } = a;
  return { caseId, signer, at, meaning, planHash, versionName, fingerprint };
}

/**
 * ECDSA P-256 / SHA-256 over canonicalJson(statement) (IEEE P1363 r||s), base64, with the key
 * unlocked for this one signature. Whatever is signed (an approval, a protocol) goes through
 * here, so every signature in the studio is made and checked the same way.
 */
export async function signStatement(key: StoredSigningKey, name: string, passphrase: string, statement: unknown): Promise<string> {
  const privateKey = await unlockSigningKey(key, name, passphrase);
  return toBase64(await crypto.subtle.sign(ECDSA_SIGN, privateKey, utf8(canonicalJson(statement))));
}

/** True when `signature` holds for the statement under `publicKey` (SPKI, base64) and `fingerprint` is that key's. */
export async function verifyStatement(statement: unknown, by: { publicKey: string; fingerprint: string; signature: string }): Promise<boolean> {
  try {
    const spki = fromBase64(by.publicKey);
    if (sha256Hex(spki) !== by.fingerprint) return false;
    const publicKey = await crypto.subtle.importKey('spki', spki, ECDSA_KEY, false, ['verify']);
    return await crypto.subtle.verify(ECDSA_SIGN, publicKey, fromBase64(by.signature), utf8(canonicalJson(statement)));
  } catch {
    return false;
  }
}

export async function signApproval(
  key: StoredSigningKey, name: string, passphrase: string,
  statement: Omit<ApprovalStatement, 'fingerprint' | 'signer'>, extra: { id: string; versionId: string },
): Promise<SignedApproval> {
  const signed = statementOf({ ...statement, signer: name.trim(), fingerprint: key.fingerprint });
  const signature = await signStatement(key, name, passphrase, signed);
  return { ...signed, id: extra.id, kind: 'approval', publicKey: key.publicKey, signature, versionId: extra.versionId };
}

/** True when the signature holds for the statement under the enclosed key and the fingerprint is that key's. */
export async function verifyApproval(a: SignedApproval): Promise<boolean> {
  return verifyStatement(statementOf(a), a);
}

/** Lower-case hex without spaces, so a fingerprint copied from the screen ("3F2A 91C0 ...") compares. */
export function normalFingerprint(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

/**
 * The clinic's entry for a key, if it lists it. A listed fingerprint may be the 32 hex digits
 * the studio shows (128 bits: still no practical second key).
 */
export function knownKeyOf(fingerprint: string, known: readonly KnownKey[]): KnownKey | undefined {
  const full = normalFingerprint(fingerprint);
  return known.find((k) => {
    const f = normalFingerprint(k.fingerprint);
    return f.length >= 32 && full.startsWith(f);
  });
}

/** "verified: <name>" needs a valid signature by a key the clinic lists. */
export async function approvalTrust(a: SignedApproval, known: readonly KnownKey[]): Promise<{ state: 'verified' | 'unknown-key' | 'invalid'; name?: string }> {
  if (!(await verifyApproval(a))) return { state: 'invalid' };
  const match = knownKeyOf(a.fingerprint, known);
  return match ? { state: 'verified', name: match.name } : { state: 'unknown-key' };
}

/** "3F2A 91C0 ..." : the first 32 hex digits in groups of four, for people to compare. */
export function formatFingerprint(hex: string): string {
  return normalFingerprint(hex).slice(0, 32).toUpperCase().match(/.{1,4}/g)?.join(' ') ?? '';
}
