// The clinic's protocol library as the studio shows it: every imported protocol file read
// again (signature checked against the clinic's known keys as they are now), newest version of
// each protocol first, and importing a file a DSO lead sent. A file that no longer reads (it
// was altered in storage) is listed with why, never used.
import { createSignal, type Accessor } from 'solid-js';
import type { KnownKey } from '../../core/review.ts';
import { protocolHash, type ProtocolDocument } from '../../core/protocol-document.ts';
import { readProtocolFile, ProtocolFileError, type ReadProtocol } from '../../exchange/protocol-file.ts';
import type { ProtocolRepository } from '../../store/library.ts';
import { messageOf } from './plan-versions.ts';

/** A stored protocol file as read now: its document, whose signature, and when it came. */
export interface ProtocolEntry extends ReadProtocol {
  fileName: string;
  importedAt: number;
}

export interface ProtocolLibrary {
  entries: Accessor<readonly ProtocolEntry[]>;
  /** Stored files that do not read any more, each with why. */
  broken: Accessor<readonly { fileName: string; problem: string }[]>;
  /** Every version of every protocol, for a plan's standing (core/protocol-document.ts protocolStanding). */
  documents(): ProtocolDocument[];
  refresh(): Promise<void>;
  /** Reads, checks and keeps a protocol file; resolves to what a person is told. Nothing is kept from a file that does not read. */
  importFile(fileName: string, bytes: Uint8Array): Promise<{ ok: boolean; message: string }>;
}

export function createProtocolLibrary(deps: { repo: ProtocolRepository; knownKeys: Accessor<readonly KnownKey[]>; now?: () => number }): ProtocolLibrary {
  const [entries, setEntries] = createSignal<readonly ProtocolEntry[]>([]);
  const [broken, setBroken] = createSignal<readonly { fileName: string; problem: string }[]>([]);
  let reads = 0;

  async function refresh(): Promise<void> {
    const mine = ++reads;
    const files = await deps.repo.list();
    const known = deps.knownKeys();
    const read = await Promise.all(files.map(async (f) => {
      try {
        const r = await readProtocolFile(f.bytes, f.fileName, known);
        if (protocolHash(r.document) !== f.hash) return { fileName: f.fileName, problem: `${f.fileName} changed in this browser's storage since it was imported: it is not used.` };
        return { ...r, fileName: f.fileName, importedAt: f.importedAt } satisfies ProtocolEntry;
      } catch (e) {
        return { fileName: f.fileName, problem: messageOf(e) };
      }
    }));
    if (mine !== reads) return;
    const good = read.filter((r): r is ProtocolEntry => 'document' in r);
    setEntries(good.sort((a, b) => a.document.name.localeCompare(b.document.name) || b.document.version - a.document.version));
    setBroken(read.filter((r): r is { fileName: string; problem: string } => 'problem' in r));
  }

  return {
    entries,
    broken,
    documents: () => entries().map((e) => e.document),
    refresh,
    async importFile(fileName, bytes) {
      let read;
      try {
        read = await readProtocolFile(bytes, fileName, deps.knownKeys());
      } catch (e) {
        if (e instanceof ProtocolFileError) return { ok: false, message: e.message };
        return { ok: false, message: `${fileName} could not be read: ${messageOf(e)}. Nothing was kept.` };
      }
      const doc = read.document;
      try {
        const added = await deps.repo.add({ fileName, bytes, document: doc, hash: protocolHash(doc) }, (deps.now ?? Date.now)());
        await refresh();
        const whose = read.trust === 'verified' ? `verified: signed by ${read.signerName ?? read.signer}` : `signed by ${read.signer} with a key not on this clinic's list`;
        return { ok: true, message: added === 'already' ? `${doc.name} version ${doc.version} was already here.` : `Imported ${doc.name} version ${doc.version} (${whose}).` };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    },
  };
}
