// The protocol library keeps each version's signed file byte for byte: the same version
// imported twice is kept once, another document under a version already here is refused with
// nothing written, and the files come back after the library is opened again.
import { describe, expect, it } from 'vitest';
import { defaultProtocolDocument, protocolHash, reviseProtocol } from '../core/protocol-document.ts';
import { openStudioDb } from './db.ts';
import { freshLibrary } from './fixtures/library.ts';
import { createProtocolRepository } from './protocols.ts';
import { StoreError } from './errors.ts';

const LEAD = { name: 'Dr Lee Lead', role: 'lead' as const };
const v1 = defaultProtocolDocument({ id: 'proto-north', name: 'North adult standard', author: LEAD, createdAt: Date.UTC(2026, 10, 1) });
const v2 = reviseProtocol(v1, { settings: { ...v1.settings, wearDays: 10 } }, Date.UTC(2026, 11, 1));
const file = (doc: typeof v1, tag: number) => ({ fileName: `north-v${doc.version}.protocol.json`, bytes: Uint8Array.of(tag, 1, 2), document: doc, hash: protocolHash(doc) });

describe('protocol library', () => {
  it('keeps each version once, newest import first, across reopening', async () => {
    const { db, factory } = await freshLibrary('protocols');
    const repo = createProtocolRepository(db);
    expect(await repo.list()).toEqual([]);
    expect(await repo.add(file(v1, 7), 1000)).toBe('added');
    expect(await repo.add(file(v2, 8), 2000)).toBe('added');
    expect(await repo.add(file(v1, 7), 3000), 'the same version again').toBe('already');
    db.close();
    const listed = await createProtocolRepository(await openStudioDb('protocols', factory)).list();
    expect(listed.map((r) => [r.id, r.fileName, r.importedAt, [...r.bytes]])).toEqual([
      ['proto-north@v2', 'north-v2.protocol.json', 2000, [8, 1, 2]],
      ['proto-north@v1', 'north-v1.protocol.json', 1000, [7, 1, 2]],
    ]);
  });

  it('refuses another document under a version it holds, naming both files, and writes nothing', async () => {
    const { db } = await freshLibrary('protocols-conflict');
    const repo = createProtocolRepository(db);
    await repo.add(file(v1, 7), 1000);
    const other = { ...v1, name: 'North adult (edited)' };
    const refused = repo.add({ ...file(other, 9), fileName: 'edited.protocol.json' }, 2000);
    await expect(refused).rejects.toBeInstanceOf(StoreError);
    await expect(refused).rejects.toThrow('edited.protocol.json is North adult (edited) version 1, but a different document under that version is already in this studio (from north-v1.protocol.json). Nothing was changed');
    expect((await repo.list()).map((r) => [...r.bytes])).toEqual([[7, 1, 2]]);
  });
});
