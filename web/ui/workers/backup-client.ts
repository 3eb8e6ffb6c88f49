// The main thread's handle on the backup worker, and the words the studio shows for a
// restore. Each read gets a fresh worker that is closed afterwards: a backup can be large,
// and what the worker held is given back at once. A worker that dies (out of memory, fails
// to load) fails the read with a message; nothing has been written by then.
import { transfer } from 'comlink';
import { createWorkerSlot, type WorkerEndpoint } from '../../engine/worker-slot.ts';
import type { BackupContents } from '../../store/backup-format.ts';
import type { RestoreSummary } from '../../store/backup.ts';
import { StoreError } from '../../store/library.ts';
import type { BackupApi, BackupReadResult } from './backup-api.ts';

export interface BackupReader {
  /** The backup read and checked; rejects with a StoreError naming the file when it is bad. */
  read(fileName: string, zip: Uint8Array): Promise<BackupContents>;
}

export function createWorkerBackupReader(): BackupReader {
  return backupReaderOn(() => new Worker(new URL('./backup.worker.ts', import.meta.url), { type: 'module', name: 'backup' }));
}

/** The reader over any comlink endpoint running backup.worker.ts's API (tests use a MessageChannel). */
export function backupReaderOn(spawn: () => WorkerEndpoint): BackupReader {
  return {
    async read(fileName, zip) {
      const slot = createWorkerSlot<BackupApi>({ name: 'backup', spawn });
      try {
        // comlink's Remote<> loses the union's narrowing; the worker returns exactly BackupReadResult.
        const result = await slot.call((remote) => remote.read(fileName, transfer(zip, [zip.buffer as ArrayBuffer])) as Promise<BackupReadResult>);
        if (!result.ok) throw new StoreError(result.problem.code, result.problem.message);
        return result.contents;
      } finally {
        slot.dispose();
      }
    },
  };
}

/** The API in this thread, for tests and hosts without module workers. */
export function directBackupReader(api: BackupApi): BackupReader {
  return {
    async read(fileName, zip) {
      const result = await api.read(fileName, zip);
      if (!result.ok) throw new StoreError(result.problem.code, result.problem.message);
      return result.contents;
    },
  };
}

/** Ends in a full stop, so a sentence can follow. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * What the studio says when a restore fails: the file's name and the problem, and once (not
 * twice) that nothing was changed. Store errors already say it; anything else (a worker that
 * died) gets it added.
 */
export function restoreFailureMessage(fileName: string, error: unknown): string {
  let text = sentence(error instanceof Error ? error.message : String(error));
  if (!text.includes(fileName)) text = `${fileName} was not restored: ${text}`;
  if (!/Nothing was (changed|restored)/.test(text)) text += ' Nothing was changed.';
  return text;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What the studio says after a restore, in plain words, including any plan left out. */
export function restoreSummaryMessage(fileName: string, summary: RestoreSummary): string {
  const parts = [`${summary.added} added`, `${summary.skipped} already here`, `${summary.restoredAsCopies} restored as copies`];
  let text = `Backup restored from ${fileName}: ${parts.join(', ')}.`;
  const dropped = summary.droppedPlans;
  if (dropped.length > 0) {
    const shown = dropped.slice(0, 3).map((d) => `${d.plan} of ${d.caseName}: ${d.problem}`);
    if (dropped.length > shown.length) shown.push(`and ${dropped.length - shown.length} more`);
    text += ` ${plural(dropped.length, 'plan was', 'plans were')} left out because ${dropped.length === 1 ? 'it' : 'they'} could not be read (${shown.join('; ')}).`;
  }
  return text;
}
