// One way to turn a value into bytes for hashing and signing, so the planner's browser, the
// doctor's and the CLI hash the same plan to the same digest: JSON with object keys sorted,
// undefined members dropped (as JSON.stringify drops them), no whitespace. SHA-256 is
// synchronous (@noble/hashes) so an IndexedDB transaction can hash an audit event without
// awaiting anything that would let it commit early.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sorted(v)));
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonicalJson: ${value} has no JSON form`);
    return value;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) throw new Error('canonicalJson: binary data must be hashed, not embedded');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sorted(v);
  }
  return out;
}

/** Lower-case hex SHA-256 of bytes, or of a string's UTF-8. */
export function sha256Hex(data: string | Uint8Array | ArrayBuffer): string {
  const bytes = typeof data === 'string' ? utf8ToBytes(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  return bytesToHex(sha256(bytes));
}

export const hashOf = (value: unknown): string => sha256Hex(canonicalJson(value));
