import { describe, expect, it } from 'vitest';
import { emptyPlan } from '../core/plan.ts';
import { editProtocol } from '../core/protocol.ts';
import { defaultProtocolDocument, protocolRefOf, protocolStanding, restageUnder, reviseProtocol } from '../core/protocol-document.ts';
import {
  PROTOCOL_FILE_MAX_BYTES, ProtocolFileError, protocolFileName, readProtocolFile, signProtocol, writeProtocolFile,
  type ProtocolFileErrorCode, type SignedProtocol,
} from './protocol-file.ts';
import { SigningError, createSigningKey, formatFingerprint, type StoredSigningKey } from './signing.ts';

// Few iterations keep the tests quick; the stored count is what unlocking uses.
const FAST = { iterations: 1000, now: Date.UTC(2026, 2, 1) };
const PASS = 'correct horse battery';
const lead = { name: 'Dr Ada Lind', role: 'lead' as const };
const v1 = defaultProtocolDocument({ id: '5b0e7c1a-2f4d-4c6e-9a8b-1d2e3f4a5b6c', name: 'Northside adult standard', author: lead, createdAt: FAST.now });
const v2 = reviseProtocol(v1, { settings: editProtocol({ limits: { mesial: 0.2 } }, v1.settings) }, FAST.now + 1000);
const FILE = 'northside-adult-standard-v2.protocol.json';

let cached: Promise<{ key: StoredSigningKey; other: StoredSigningKey; bytes: Uint8Array }> | undefined;
function exported() {
  cached ??= (async () => {
    const key = await createSigningKey('Dr Ada Lind', PASS, FAST);
    const other = await createSigningKey('Mallory', PASS, FAST);
    const signed = await signProtocol(v2, key, ' Dr Ada Lind ', PASS, { now: FAST.now + 2000 });
    return { key, other, bytes: writeProtocolFile(signed) };
  })();
  return cached;
}

const known = (key: StoredSigningKey) => [{ fingerprint: formatFingerprint(key.fingerprint), name: 'Ada Lind (Northside DSO)', addedAt: 1 }];
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));

/** The exported file as JSON, changed by `edit`, back to bytes. */
async function edited(edit: (f: SignedProtocol) => void): Promise<Uint8Array> {
  const f = JSON.parse(text((await exported()).bytes)) as SignedProtocol;
  edit(f);
  return encode(f);
}

async function refused(bytes: Uint8Array, code: ProtocolFileErrorCode, message: string | RegExp) {
  const error = await readProtocolFile(bytes, FILE, []).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProtocolFileError);
  expect((error as ProtocolFileError).code).toBe(code);
  if (typeof message === 'string') expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
}

describe('a protocol file round trip', () => {
  it('is readable JSON with the format, its version, the document and the signature', async () => {
    const { key, bytes } = await exported();
    const f = JSON.parse(text(bytes)) as SignedProtocol;
    expect(text(bytes)).toContain('\n  "document": {\n');
    expect(f).toMatchObject({ format: 'aligner-studio-protocol', formatVersion: 1, document: { version: 2, settings: { limits: { mesial: 0.2 } } } });
    expect(f.signature).toEqual({ signer: 'Dr Ada Lind', at: FAST.now + 2000, fingerprint: key.fingerprint, publicKey: key.publicKey, value: expect.any(String) });
    expect(protocolFileName(v2)).toBe(FILE);
  });

  it('imports verified where the clinic lists the lead\'s key, with the document exactly as signed', async () => {
    const { key, bytes } = await exported();
    const read = await readProtocolFile(bytes, FILE, known(key));
    expect(read).toEqual({ document: v2, trust: 'verified', signerName: 'Ada Lind (Northside DSO)', signer: 'Dr Ada Lind', signedAt: FAST.now + 2000, fingerprint: key.fingerprint });
    expect(protocolRefOf(read.document)).toEqual(protocolRefOf(v2));
  });

  it('imports as an unknown key where the clinic does not list it', async () => {
    const { key, other, bytes } = await exported();
    const read = await readProtocolFile(bytes, FILE, known(other));
    expect(read).toMatchObject({ trust: 'unknown-key', signer: 'Dr Ada Lind', fingerprint: key.fingerprint });
    expect(read.signerName).toBeUndefined();
    expect((await readProtocolFile(bytes, FILE, [])).trust).toBe('unknown-key');
  });

  it('the imported version shows a plan staged under the earlier one as older, and re-stages it', async () => {
    const { key, bytes } = await exported();
    const { document } = await readProtocolFile(bytes, FILE, known(key));
    const plan = restageUnder(emptyPlan(), v1);
    expect(protocolStanding(plan.protocolRef, [v1, document])).toEqual({ state: 'older-version', current: protocolRefOf(v2) });
    expect(restageUnder(plan, document).protocol.limits.mesial).toBe(0.2);
  });

  it('is not signed with a wrong name or passphrase', async () => {
    const { key } = await exported();
    await expect(signProtocol(v2, key, 'Dr Ada Lind', 'wrong passphrase')).rejects.toThrow(SigningError);
  });
});

describe('a tampered protocol file is refused', () => {
  const TAMPERED = `${FILE} has been altered since it was signed: its signature does not match the protocol, its signer or its key. Nothing was changed.`;

  it('a limit changed in the bytes', async () => {
    const { bytes } = await exported();
    const changed = text(bytes).replace('"mesial": 0.2,', '"mesial": 0.3,');
    expect(changed).not.toBe(text(bytes));
    await refused(new TextEncoder().encode(changed), 'tampered', TAMPERED);
  });

  it('the signer, the time, or a required record changed', async () => {
    await refused(await edited((f) => { f.signature.signer = 'Dr Bo Smith'; }), 'tampered', TAMPERED);
    await refused(await edited((f) => { f.signature.at += 1; }), 'tampered', TAMPERED);
    await refused(await edited((f) => { f.document = { ...f.document, requiredRecords: ['upper-scan'] }; }), 'tampered', TAMPERED);
  });

  it('the public key swapped, with or without its fingerprint', async () => {
    const { other } = await exported();
    await refused(await edited((f) => { f.signature.publicKey = other.publicKey; }), 'tampered', TAMPERED);
    await refused(await edited((f) => { f.signature.publicKey = other.publicKey; f.signature.fingerprint = other.fingerprint; }), 'tampered', TAMPERED);
  });

  it('re-signed by another key: it reads, but never as the lead\'s', async () => {
    const { key, other } = await exported();
    const forged = writeProtocolFile(await signProtocol(v2, other, 'Mallory', PASS));
    expect(await readProtocolFile(forged, FILE, known(key))).toMatchObject({ trust: 'unknown-key', signer: 'Mallory', fingerprint: other.fingerprint });
  });

  it('a missing or incomplete signature', async () => {
    await refused(await edited((f) => { delete (f as Partial<SignedProtocol>).signature; }), 'unsigned', `${FILE} is not signed (it has no signature): a protocol is taken only from a file its author signed. Nothing was changed.`);
    await refused(await edited((f) => { f.signature.value = ''; }), 'unsigned', /is not signed \(signature\.value is missing\)/);
    await refused(await edited((f) => { f.signature.value = 'not base64!'; }), 'tampered', TAMPERED);
  });
});

describe('a file that is not a protocol this studio reads is refused, naming the file and the problem', () => {
  it('not JSON, or too large to be a protocol', async () => {
    await refused(new TextEncoder().encode('{"format": "aligner-studio-protocol",'), 'not-json', new RegExp(`^${FILE.replace(/\./g, '\\.')} is not a protocol file: it is not JSON text \\(.+\\)\\. Nothing was changed\\.$`));
    await refused(new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]), 'not-json', /is not JSON text/);
    await refused(new Uint8Array(PROTOCOL_FILE_MAX_BYTES + 1), 'too-large', /more than the 1048576 a protocol may be/);
  });

  it('another format', async () => {
    await refused(await edited((f) => { (f as { format: string }).format = 'aligner-studio-package'; }), 'not-a-protocol',
      `${FILE} is not an Aligner Studio protocol file (its format is "aligner-studio-package", not "aligner-studio-protocol"). Nothing was changed.`);
    await refused(encode([1, 2]), 'not-a-protocol', /its format is missing/);
  });

  it('a newer format version, both versions named; an unknown one', async () => {
    await refused(await edited((f) => { (f as { formatVersion: number }).formatVersion = 2; }), 'newer-version',
      `${FILE} was made by a newer Aligner Studio (protocol file version 2; this studio reads version 1). Nothing was changed. Update the studio and import it again.`);
    for (const v of [0, 1.5, '1', undefined]) {
      await refused(await edited((f) => { (f as { formatVersion: unknown }).formatVersion = v; }), 'unknown-version', /has an unknown protocol file version/);
    }
  });

  it('an invalid protocol, every bad field named', async () => {
    const bytes = await edited((f) => {
      f.document = { ...f.document, version: 0, requiredRecords: ['upper-scan', 'selfie' as 'notes'], settings: { ...f.document.settings, wearDays: 0 } };
    });
    await refused(bytes, 'invalid', `${FILE} holds an invalid protocol: version must be a whole number from 1 (got 0); `
      + 'settings: wear days must be a whole number of days from 1 to 60 (got 0); requiredRecords[1] names no record kind this studio knows (got "selfie"). Nothing was changed.');
  });
});
