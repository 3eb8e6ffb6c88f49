// The signed protocol file (issue 16): a DSO lead exports a protocol version as
// `<name>-v<version>.protocol.json`, signed with the same key and in the same way as an
// approval (signing.ts); every clinic imports it and sees it verified against its list of
// known keys, or not. Plain JSON, indented, so that a person can read what they import.
//
// The signature covers the format, the document and who signed when with which key, so
// neither the protocol nor its signer can be changed without the file being refused.
import { checkProtocolDocument, protocolDocumentProblems, type ProtocolDocument } from '../core/protocol-document.ts';
import type { KnownKey } from '../core/review.ts';
import { knownKeyOf, signStatement, verifyStatement, type StoredSigningKey } from './signing.ts';

export const PROTOCOL_FILE_FORMAT = 'aligner-studio-protocol';
export const PROTOCOL_FILE_VERSION = 1;
export const PROTOCOL_FILE_EXTENSION = '.protocol.json';
/** A protocol is a few kilobytes: a file this large is not one, and is refused before it is parsed. */
export const PROTOCOL_FILE_MAX_BYTES = 1024 * 1024;

export interface ProtocolSignature {
  /** The signer's printed name, as typed when signing. */
  signer: string;
  /** ms since 1970 UTC. */
  at: number;
  /** SHA-256 of publicKey's bytes, hex. */
  fingerprint: string;
  /** SPKI DER, base64: it travels with the signature. */
  publicKey: string;
  /** ECDSA P-256 / SHA-256 over the canonical JSON of the signed statement, base64. */
  value: string;
}

export interface SignedProtocol {
  format: typeof PROTOCOL_FILE_FORMAT;
  formatVersion: typeof PROTOCOL_FILE_VERSION;
  document: ProtocolDocument;
  signature: ProtocolSignature;
}

export interface ReadProtocol {
  /** The document's own fields, checked. */
  document: ProtocolDocument;
  /** verified: signed by a key the clinic lists; unknown-key: a valid signature by a key it does not. */
  trust: 'verified' | 'unknown-key';
  /** The clinic's name for the key, when verified. */
  signerName?: string;
  /** The name in the signature, whoever's key it is. */
  signer: string;
  signedAt: number;
  fingerprint: string;
}

export type ProtocolFileErrorCode = 'too-large' | 'not-json' | 'not-a-protocol' | 'newer-version' | 'unknown-version' | 'invalid' | 'unsigned' | 'tampered';

/** Why a protocol file was refused; the message names the file and the problem. */
export class ProtocolFileError extends Error {
  override readonly name = 'ProtocolFileError';
  constructor(readonly code: ProtocolFileErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const NOTHING = 'Nothing was changed.';

/** What the signature covers: exactly these fields, so nothing else in the file can slip in. */
function statementOf(format: string, formatVersion: number, document: ProtocolDocument, s: Pick<ProtocolSignature, 'signer' | 'at' | 'fingerprint'>) {
  return { format, formatVersion, document, signer: s.signer, at: s.at, fingerprint: s.fingerprint };
}

/** The document (checked) signed with the lead's key; a wrong name or passphrase is refused by unlocking. */
export async function signProtocol(doc: ProtocolDocument, key: StoredSigningKey, name: string, passphrase: string, opts: { now?: number } = {}): Promise<SignedProtocol> {
  const document = checkProtocolDocument(doc);
  const who = { signer: name.trim(), at: opts.now ?? Date.now(), fingerprint: key.fingerprint };
  const value = await signStatement(key, name, passphrase, statementOf(PROTOCOL_FILE_FORMAT, PROTOCOL_FILE_VERSION, document, who));
  return { format: PROTOCOL_FILE_FORMAT, formatVersion: PROTOCOL_FILE_VERSION, document, signature: { ...who, publicKey: key.publicKey, value } };
}

export function writeProtocolFile(signed: SignedProtocol): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(signed, null, 2)}\n`);
}

/** "northside-adult-standard-v3.protocol.json": the name as far as it is safe in a file name. */
export function protocolFileName(doc: ProtocolDocument): string {
  const stem = doc.name.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_-]+/g, '-').slice(0, 60) || 'protocol';
  return `${stem}-v${doc.version}${PROTOCOL_FILE_EXTENSION}`;
}

function parse(bytes: Uint8Array, file: string): unknown {
  if (bytes.byteLength > PROTOCOL_FILE_MAX_BYTES) {
    throw new ProtocolFileError('too-large', `${file} is not a protocol file: it is ${bytes.byteLength} bytes, more than the ${PROTOCOL_FILE_MAX_BYTES} a protocol may be. ${NOTHING}`);
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new ProtocolFileError('not-json', `${file} is not a protocol file: it is not JSON text (${(e as Error).message}). ${NOTHING}`, { cause: e });
  }
}

function signatureProblems(s: unknown): string[] {
  if (typeof s !== 'object' || s === null) return ['it has no signature'];
  const g = s as Partial<Record<keyof ProtocolSignature, unknown>>;
  const text = (k: keyof ProtocolSignature) => (typeof g[k] === 'string' && g[k] !== '' ? [] : [`signature.${k} is missing`]);
  return [
    ...(typeof g.signer === 'string' && g.signer.trim() !== '' ? [] : ['signature.signer is missing']),
    ...(typeof g.at === 'number' && Number.isFinite(g.at) ? [] : ['signature.at is missing']),
    ...text('fingerprint'), ...text('publicKey'), ...text('value'),
  ];
}

/**
 * The protocol in a file, checked in the order a person would want to hear about it: not a
 * file of ours, made by a newer studio, an invalid protocol (each field named), unsigned, or
 * changed since it was signed. Reading changes nothing; the caller keeps what comes back.
 */
export async function readProtocolFile(bytes: Uint8Array, fileName: string, known: readonly KnownKey[]): Promise<ReadProtocol> {
  const value = parse(bytes, fileName);
  const file = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof SignedProtocol, unknown>>;
  if (file.format !== PROTOCOL_FILE_FORMAT) {
    throw new ProtocolFileError('not-a-protocol', `${fileName} is not an Aligner Studio protocol file (its format is ${JSON.stringify(file.format) ?? 'missing'}, not "${PROTOCOL_FILE_FORMAT}"). ${NOTHING}`);
  }
  const version = file.formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > PROTOCOL_FILE_VERSION) {
    throw new ProtocolFileError('newer-version', `${fileName} was made by a newer Aligner Studio (protocol file version ${version}; this studio reads version ${PROTOCOL_FILE_VERSION}). ${NOTHING} Update the studio and import it again.`);
  }
  if (version !== PROTOCOL_FILE_VERSION) {
    throw new ProtocolFileError('unknown-version', `${fileName} has an unknown protocol file version (${JSON.stringify(version) ?? 'missing'}). ${NOTHING}`);
  }
  const problems = protocolDocumentProblems(file.document);
  if (problems.length > 0) throw new ProtocolFileError('invalid', `${fileName} holds an invalid protocol: ${problems.join('; ')}. ${NOTHING}`);
  const document = checkProtocolDocument(file.document);
  const unsigned = signatureProblems(file.signature);
  if (unsigned.length > 0) {
    throw new ProtocolFileError('unsigned', `${fileName} is not signed (${unsigned.join('; ')}): a protocol is taken only from a file its author signed. ${NOTHING}`);
  }
  const signature = file.signature as ProtocolSignature;
  if (!(await verifyStatement(statementOf(PROTOCOL_FILE_FORMAT, version, document, signature), { ...signature, signature: signature.value }))) {
    throw new ProtocolFileError('tampered', `${fileName} has been altered since it was signed: its signature does not match the protocol, its signer or its key. ${NOTHING}`);
  }
  const match = knownKeyOf(signature.fingerprint, known);
  return {
    document, trust: match ? 'verified' : 'unknown-key', ...(match ? { signerName: match.name } : {}),
    signer: signature.signer, signedAt: signature.at, fingerprint: signature.fingerprint,
  };
}
