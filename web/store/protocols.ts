// The clinic's protocol library: signed protocol files as they were imported (exchange/
// protocol-file.ts), one per protocol version. The file is kept byte for byte, not its parsed
// document: whoever lists the library reads each file again, so its signature is checked
// against today's list of known keys, and a file altered in storage shows as such.
import type { ProtocolDocument } from '../core/protocol-document.ts';
import type { StudioDb } from './db.ts';
import { StoreError } from './errors.ts';
import { inWriteTransaction } from './transaction.ts';

export interface StoredProtocolFile {
  /** `<document id>@v<version>`: a version is imported once. */
  id: string;
  fileName: string;
  bytes: Uint8Array;
  /** The document's hash when imported (core/protocol-document.ts protocolHash). */
  hash: string;
  importedAt: number;
}

export interface ProtocolRepository {
  /** Every imported file, newest import first. */
  list(): Promise<StoredProtocolFile[]>;
  /**
   * Keeps a file whose document was read and checked. The same version again is 'already'
   * (nothing written); a different document under a version already here is refused.
   */
  add(file: { fileName: string; bytes: Uint8Array; document: ProtocolDocument; hash: string }, importedAt: number): Promise<'added' | 'already'>;
}

export const protocolRecordId = (doc: Pick<ProtocolDocument, 'id' | 'version'>): string => `${doc.id}@v${doc.version}`;

export function createProtocolRepository(db: StudioDb): ProtocolRepository {
  return {
    async list() {
      const records = (await db.getAll('protocols')) as unknown as StoredProtocolFile[];
      return records.filter((r) => r.bytes instanceof Uint8Array).sort((a, b) => b.importedAt - a.importedAt);
    },
    add(file, importedAt) {
      const id = protocolRecordId(file.document);
      return inWriteTransaction(db, ['protocols'], `import ${file.fileName}`, async (tx) => {
        const store = tx.objectStore('protocols');
        const there = (await store.get(id)) as unknown as StoredProtocolFile | undefined;
        if (there) {
          if (there.hash === file.hash) return 'already';
          throw new StoreError('conflict', `${file.fileName} is ${file.document.name} version ${file.document.version}, but a different document under that version is already in this studio (from ${there.fileName}). Nothing was changed: ask the protocol's author which is right.`);
        }
        const record: StoredProtocolFile = { id, fileName: file.fileName, bytes: file.bytes.slice(), hash: file.hash, importedAt };
        await store.add(record as unknown as Parameters<typeof store.add>[0]);
        return 'added';
      });
    },
  };
}
