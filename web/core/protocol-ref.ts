// What a plan keeps of the protocol document it was staged under: enough to say which
// document, which version, and to tell that document from a same-numbered impostor. Kept
// apart from protocol-document.ts so that plan.ts can check a ref without importing the
// module that re-stages plans.

export interface ProtocolRef {
  /** The protocol's id, the same across its versions. */
  id: string;
  /** Its name at that version, for a plan read where the document is not at hand. */
  name: string;
  version: number;
  /** protocolHash (core/protocol-document.ts) of that version. */
  hash: string;
}

/**
 * Ids are made by whoever writes the first version (a UUID in the studio) and travel in
 * file names and messages, so letters, digits, dots, dashes and underscores only.
 */
const PROTOCOL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const PROTOCOL_NAME_MAX = 120;

export const protocolIdProblem = (id: unknown, field: string): string[] =>
  typeof id === 'string' && PROTOCOL_ID.test(id) ? [] : [`${field} must be 1-64 letters, digits, dots, dashes or underscores (got ${JSON.stringify(id) ?? String(id)})`];

export const protocolNameProblem = (name: unknown, field: string): string[] =>
  typeof name === 'string' && name.trim() !== '' && name.length <= PROTOCOL_NAME_MAX ? [] : [`${field} must be a name of 1-${PROTOCOL_NAME_MAX} characters`];

export const protocolVersionProblem = (version: unknown, field: string): string[] =>
  typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 ? [] : [`${field} must be a whole number from 1 (got ${String(version)})`];

/** Every problem with a ref, each naming its field under `where` ("protocolRef"). */
export function protocolRefProblems(x: unknown, where = 'protocolRef'): string[] {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return [`${where} must be an object`];
  const r = x as Partial<ProtocolRef>;
  const hash = typeof r.hash === 'string' && /^[0-9a-f]{64}$/.test(r.hash) ? [] : [`${where}.hash must be a SHA-256 in 64 lower-case hex digits`];
  return [
    ...protocolIdProblem(r.id, `${where}.id`),
    ...protocolNameProblem(r.name, `${where}.name`),
    ...protocolVersionProblem(r.version, `${where}.version`),
    ...hash,
  ];
}

/** Only the ref's own fields, copied (for a valid ref). */
export function protocolRefFields(r: ProtocolRef): ProtocolRef {
  return { id: r.id, name: r.name, version: r.version, hash: r.hash };
}
