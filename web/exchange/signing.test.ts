import { describe, expect, it } from 'vitest';
import { APPROVAL_MEANING, type SignedApproval } from '../core/review.ts';
import {
  SigningError, WRONG_UNLOCK, approvalTrust, createSigningKey, formatFingerprint, fromBase64, signApproval, toBase64,
  unlockSigningKey, verifyApproval, type StoredSigningKey,
} from './signing.ts';

// Few iterations keep the tests quick; the stored count is what unlocking uses.
const FAST = { iterations: 1000, now: Date.UTC(2026, 11, 3) };
const statement = { caseId: 'case-1', at: Date.UTC(2026, 11, 3, 10, 4), meaning: APPROVAL_MEANING as typeof APPROVAL_MEANING, planHash: 'ab'.repeat(32), versionName: 'Final' };
const ids = { id: 'approval-1', versionId: 'version-7' };

let cached: Promise<{ key: StoredSigningKey; approval: SignedApproval }> | undefined;
function signed() {
  cached ??= (async () => {
    const key = await createSigningKey('Dr Bo Smith', 'correct horse battery', FAST);
    return { key, approval: await signApproval(key, '  Dr Bo Smith ', 'correct horse battery', statement, ids) };
  })();
  return cached;
}

describe('signing keys', () => {
  it('store only the wrapped private key, with its public key and fingerprint', async () => {
    const { key } = await signed();
    expect(key).toMatchObject({ name: 'Dr Bo Smith', iterations: 1000, createdAt: FAST.now });
    expect(key.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fromBase64(key.wrapped.salt)).toHaveLength(16);
    expect(JSON.stringify(key)).not.toMatch(/"d"|"kty"/);
  });

  it('unlock as a non-extractable signing key, case-folding the name', async () => {
    const { key } = await signed();
    const k = await unlockSigningKey(key, 'dr bo smith', 'correct horse battery');
    expect(k.extractable).toBe(false);
    expect(k.usages).toEqual(['sign']);
    await expect(crypto.subtle.exportKey('pkcs8', k)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('jwk', k)).rejects.toThrow();
  });

  it.each([
    ['a wrong passphrase', 'Dr Bo Smith', 'correct horse batterY'],
    ['a wrong name', 'Dr Bo Smyth', 'correct horse battery'],
  ])('refuse %s in plain words', async (_what, name, passphrase) => {
    const { key } = await signed();
    const attempt = signApproval(key, name, passphrase, statement, ids);
    await expect(attempt).rejects.toThrow(SigningError);
    await expect(attempt).rejects.toThrow(WRONG_UNLOCK);
  });

  it('refuse a wrapped key moved under another public key', async () => {
    const { key } = await signed();
    const other = await createSigningKey('Dr Bo Smith', 'correct horse battery', FAST);
    const swapped = { ...other, wrapped: key.wrapped };
    await expect(unlockSigningKey(swapped, 'Dr Bo Smith', 'correct horse battery')).rejects.toThrow(WRONG_UNLOCK);
  });

  it('refuse a key without a name or with a short passphrase', async () => {
    await expect(createSigningKey('  ', 'long enough pass', FAST)).rejects.toThrow(/name/);
    await expect(createSigningKey('Dr Bo', 'short', FAST)).rejects.toThrow(/at least 8/);
  });
});

describe('signed approvals', () => {
  it('carry the printed name, time, meaning and plan hash, and verify', async () => {
    const { key, approval } = await signed();
    expect(approval).toMatchObject({ ...statement, ...ids, kind: 'approval', signer: 'Dr Bo Smith', fingerprint: key.fingerprint, publicKey: key.publicKey });
    expect(fromBase64(approval.signature)).toHaveLength(64); // P1363 r||s for P-256
    expect(await verifyApproval(approval)).toBe(true);
    expect(await verifyApproval(JSON.parse(JSON.stringify(approval)))).toBe(true);
  });

  it.each([
    ['planHash', { planHash: 'cd'.repeat(32) }],
    ['signer', { signer: 'Dr Eve' }],
    ['at', { at: statement.at + 1 }],
    ['meaning', { meaning: 'reviewed' }],
    ['versionName', { versionName: 'Draft' }],
    ['caseId', { caseId: 'case-2' }],
  ])('fail when the %s is changed', async (_field, change) => {
    const { approval } = await signed();
    expect(await verifyApproval({ ...approval, ...change } as SignedApproval)).toBe(false);
  });

  it('still verify when fields outside the statement change (ids are not signed)', async () => {
    const { approval } = await signed();
    expect(await verifyApproval({ ...approval, id: 'other', versionId: 'v9' })).toBe(true);
  });

  it('fail with another key swapped in, with or without its fingerprint', async () => {
    const { approval } = await signed();
    const other = await createSigningKey('Dr Eve', 'another passphrase', FAST);
    expect(await verifyApproval({ ...approval, publicKey: other.publicKey })).toBe(false);
    expect(await verifyApproval({ ...approval, publicKey: other.publicKey, fingerprint: other.fingerprint })).toBe(false);
  });

  it('fail on a damaged signature or public key rather than throw', async () => {
    const { approval } = await signed();
    const sig = fromBase64(approval.signature);
    sig[10] ^= 1;
    expect(await verifyApproval({ ...approval, signature: toBase64(sig) })).toBe(false);
    expect(await verifyApproval({ ...approval, publicKey: 'not base64!' })).toBe(false);
  });
});

describe('approvalTrust', () => {
  it('is verified with the clinic\'s name for a listed key, also listed as shown on screen', async () => {
    const { key, approval } = await signed();
    expect(await approvalTrust(approval, [{ fingerprint: key.fingerprint, name: 'Dr B. Smith', addedAt: 1 }]))
      .toEqual({ state: 'verified', name: 'Dr B. Smith' });
    expect(await approvalTrust(approval, [{ fingerprint: formatFingerprint(key.fingerprint), name: 'Dr B. Smith', addedAt: 1 }]))
      .toEqual({ state: 'verified', name: 'Dr B. Smith' });
  });

  it('is an unknown key when the fingerprint is not listed (or too short to trust)', async () => {
    const { key, approval } = await signed();
    expect(await approvalTrust(approval, [])).toEqual({ state: 'unknown-key' });
    expect(await approvalTrust(approval, [{ fingerprint: key.fingerprint.slice(0, 8), name: 'X', addedAt: 1 }])).toEqual({ state: 'unknown-key' });
  });

  it('is invalid when the signature fails, even for a listed key', async () => {
    const { key, approval } = await signed();
    expect(await approvalTrust({ ...approval, planHash: '00'.repeat(32) }, [{ fingerprint: key.fingerprint, name: 'Dr Bo', addedAt: 1 }]))
      .toEqual({ state: 'invalid' });
  });

  it('formats fingerprints in groups of four', () => {
    expect(formatFingerprint('3f2a91c0'.repeat(8))).toBe('3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0');
  });
});
