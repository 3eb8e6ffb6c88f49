// A DSO lead writing a protocol in the studio: a new one from the studio's defaults, or the
// next version of one the clinic holds. The draft is a ProtocolDocument checked on every
// edit (a value out of range is refused with the protocol's own words and the draft stays as
// it was); signing uses this browser's key (made on first use, as an approval's is), keeps the
// signed file in the clinic's library and hands back its bytes for the lead to send to every
// clinic. The lead's own key joins the clinic's known keys, so their protocol reads as verified.
import { createSignal, type Accessor } from 'solid-js';
import type { Actor, KnownKey } from '../../core/review.ts';
import { checkProtocolDocument, defaultProtocolDocument, protocolDocumentProblems, reviseProtocol, type ProtocolDocument } from '../../core/protocol-document.ts';
import { editProtocol, ProtocolError, type ProtocolChanges } from '../../core/protocol.ts';
import type { QaCheckId } from '../../core/qa-checklist.ts';
import { RECORD_KIND_IDS, type RecordKind } from '../../core/record-kinds.ts';
import { protocolFileName, signProtocol, writeProtocolFile } from '../../exchange/protocol-file.ts';
import { knownKeyOf } from '../../exchange/signing.ts';
import type { StudioServices } from '../services.ts';
import type { ProtocolLibrary } from './protocols.ts';
import { signingKeyFor, type SignerInput } from './signing-key.ts';

export interface ProtocolAuthorDeps {
  /** The version this one revises; none: a new protocol. */
  base?: ProtocolDocument;
  author: Actor;
  profile: Pick<StudioServices['profile'], 'signingKey' | 'saveSigningKey'>;
  knownKeys: Accessor<readonly KnownKey[]>;
  addKnownKey(key: { fingerprint: string; name: string }): Promise<unknown>;
  protocols: Pick<ProtocolLibrary, 'importFile'>;
  now?: () => number;
  newId?: () => string;
  keyIterations?: number;
}

export interface SignedProtocolFile {
  fileName: string;
  bytes: Uint8Array;
  /** What the lead is told (imported here, verified as whom). */
  message: string;
}

export interface ProtocolAuthor {
  draft: Accessor<ProtocolDocument>;
  /** Why the last edit was refused (the draft kept its value), or null. */
  problem: Accessor<string | null>;
  setName(name: string): void;
  changeSettings(changes: ProtocolChanges): void;
  requireRecord(kind: RecordKind, required: boolean): void;
  enableCheck(id: QaCheckId, enabled: boolean): void;
  setFinalCollisionDepth(mm: number): void;
  /** Signs the draft, keeps it in the clinic's library and returns the file to send. */
  sign(input: SignerInput): Promise<SignedProtocolFile>;
}

const problemOf = (e: unknown): string => (e instanceof ProtocolError ? e.problems.join('; ') : e instanceof Error ? e.message : String(e));

export function createProtocolAuthor(deps: ProtocolAuthorDeps): ProtocolAuthor {
  const now = deps.now ?? Date.now;
  const first = deps.base
    ? reviseProtocol(deps.base, { author: deps.author }, now())
    : defaultProtocolDocument({ id: (deps.newId ?? (() => crypto.randomUUID()))(), name: 'New protocol', author: deps.author, createdAt: now() });
  const [draft, setDraft] = createSignal<ProtocolDocument>(first);
  const [problem, setProblem] = createSignal<string | null>(null);

  /** The draft with `change`, checked; a refused change leaves the draft and says why. */
  function edit(change: (d: ProtocolDocument) => ProtocolDocument): void {
    try {
      setDraft(checkProtocolDocument(change(draft())));
      setProblem(null);
    } catch (e) {
      setProblem(problemOf(e));
    }
  }

  return {
    draft,
    problem,
    setName: (name) => edit((d) => ({ ...d, name })),
    changeSettings: (changes) => edit((d) => ({ ...d, settings: editProtocol(changes, d.settings) })),
    requireRecord: (kind, required) => edit((d) => ({
      ...d, requiredRecords: RECORD_KIND_IDS.filter((k) => (k === kind ? required : d.requiredRecords.includes(k))),
    })),
    enableCheck: (id, enabled) => edit((d) => ({ ...d, qaChecklist: d.qaChecklist.map((c) => (c.id === id ? { ...c, enabled } : c)) })),
    setFinalCollisionDepth: (mm) => edit((d) => ({
      ...d, qaChecklist: d.qaChecklist.map((c) => (c.id === 'final-collisions' ? { ...c, maxDepthMm: mm } : c)),
    })),
    async sign(input) {
      const doc = { ...draft(), name: draft().name.trim(), createdAt: now() };
      const problems = protocolDocumentProblems(doc);
      if (problems.length > 0) throw new Error(`The protocol cannot be signed yet: ${problems.join('; ')}.`);
      const name = input.name.trim();
      if (!name) throw new Error('Type your name as it should appear on the signature.');
      if (!input.passphrase) throw new Error('Enter your passphrase to sign.');
      const key = await signingKeyFor(deps.profile, { ...input, name }, deps.keyIterations);
      // The lead's own key is one the clinic knows: what they sign reads as verified here.
      if (!knownKeyOf(key.fingerprint, deps.knownKeys())) await deps.addKnownKey({ fingerprint: key.fingerprint, name });
      const bytes = writeProtocolFile(await signProtocol(doc, key, name, input.passphrase, { now: now() }));
      const fileName = protocolFileName(doc);
      const kept = await deps.protocols.importFile(fileName, bytes);
      if (!kept.ok) throw new Error(kept.message);
      return { fileName, bytes, message: `${kept.message} Send ${fileName} to every clinic: they import it in Settings, Protocols.` };
    },
  };
}
