// The backup worker's API called through comlink over a MessageChannel (as the studio's
// client talks to it): a good file comes back whole and restores; a bad one comes back as a
// StoreError naming the file. And the words the studio shows for a restore.
import 'fake-indexeddb/auto';
import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import { exportBackup, restoreBackupContents } from '../../store/backup.ts';
import type { RestoreSummary } from '../../store/backup.ts';
import { storeErrorFrom } from '../../store/errors.ts';
import { StoreError } from '../../store/library.ts';
import { randomBytes, scanBytes } from '../../store/repro/hostile-backups.ts';
import { archInfo, freshLibrary } from '../../store/fixtures/library.ts';
import { snapshotLibrary } from '../../store/fixtures/faults.ts';
import { backupApi } from './backup-api.ts';
import { backupReaderOn, directBackupReader, restoreFailureMessage, restoreSummaryMessage } from './backup-client.ts';

async function source() {
  const lib = await freshLibrary('source');
  const c = await lib.cases.create({ pseudonym: 'P-401' });
  await lib.cases.saveArch(c.id, archInfo('upper', 40), scanBytes(41));
  await lib.cases.saveArch(c.id, archInfo('lower', 40), scanBytes(42));
  return lib;
}

/** A fresh channel per read, as the studio starts a fresh worker per read. */
const overChannel = () => backupReaderOn(() => {
  const channel = new MessageChannel();
  expose(backupApi, channel.port2);
  return channel.port1;
});

describe('the backup worker API', () => {
  it('reads a good backup through comlink; the main thread writes it and gets the same library', async () => {
    const lib = await source();
    const zip = await exportBackup(lib.db);
    const contents = await overChannel().read('north.zip', zip);
    expect([...contents.bytes.values()].every((b) => b instanceof ArrayBuffer)).toBe(true);
    const target = await freshLibrary('target');
    expect(await restoreBackupContents(target.db, contents, 'north.zip')).toEqual({ added: 1, skipped: 0, restoredAsCopies: 0, droppedPlans: [] });
    expect(await snapshotLibrary(target.db)).toEqual(await snapshotLibrary(lib.db));
  });

  it('a bad file comes back as a StoreError with its code, naming the file', async () => {
    for (const reader of [overChannel(), directBackupReader(backupApi)]) {
      const error = await reader.read('junk.zip', randomBytes(3, 2000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'corrupt-backup', message: expect.stringMatching(/^junk\.zip is damaged or is not an Aligner Studio backup \(not a readable zip file\)/) });
    }
  });
});

const count = (text: string, phrase: RegExp) => text.match(new RegExp(phrase, 'g'))?.length ?? 0;

describe('what the studio says', () => {
  it('a failed restore names the file and says once that nothing was changed', () => {
    const quota = storeErrorFrom(new DOMException('The quota has been exceeded.', 'QuotaExceededError'), 'restore north.zip');
    const corrupt = new StoreError('corrupt-backup', 'north.zip is damaged or is not an Aligner Studio backup (format is "x"). Nothing was restored.');
    const died = new Error('the backup worker stopped (out of memory)');
    for (const error of [quota, corrupt, died]) {
      const text = restoreFailureMessage('north.zip', error);
      expect(text).toContain('north.zip');
      // Before, the studio added " Nothing was changed." to messages that already said so.
      expect(count(text, /Nothing was (changed|restored)/)).toBe(1);
    }
    expect(restoreFailureMessage('north.zip', quota)).toMatch(/^Could not restore north\.zip: the browser's storage .* is full\. Nothing was changed\./);
    expect(restoreFailureMessage('north.zip', died)).toBe('north.zip was not restored: the backup worker stopped (out of memory). Nothing was changed.');
  });

  it('a restore summary says in plain words which plans were left out and why', () => {
    const summary: RestoreSummary = {
      added: 2, skipped: 1, restoredAsCopies: 0,
      droppedPlans: [{ caseName: 'P-201', plan: 'plan version "final"', problem: 'it was saved by a newer Aligner Studio (this app reads plan schema 1)' }],
    };
    expect(restoreSummaryMessage('north.zip', summary)).toBe(
      'Backup restored from north.zip: 2 added, 1 already here, 0 restored as copies. ' +
        '1 plan was left out because it could not be read (plan version "final" of P-201: it was saved by a newer Aligner Studio (this app reads plan schema 1)).',
    );
    expect(restoreSummaryMessage('north.zip', { ...summary, droppedPlans: [] })).toBe('Backup restored from north.zip: 2 added, 1 already here, 0 restored as copies.');
  });
});
