// Reading a backup (unzipping, size limits, checksums, decoding every scan and segmentation)
// runs off the main thread: a large or hostile file must not freeze the studio. A plain
// object so tests call it directly; backup.worker.ts exposes it via comlink. Only the write
// stays on the main thread, one transaction (Library.restoreBackupContents).
import { transfer } from 'comlink';
import { readBackup } from '../../store/backup-format.ts';
import type { BackupContents, BackupLimits } from '../../store/backup-format.ts';
import { StoreError } from '../../store/errors.ts';
import type { StoreErrorCode } from '../../store/errors.ts';

/** A StoreError as plain data: Error subclasses lose their code crossing a worker. */
export interface BackupProblem {
  code: StoreErrorCode;
  message: string;
}

export type BackupReadResult = { ok: true; contents: BackupContents } | { ok: false; problem: BackupProblem };

export interface BackupApi {
  /** Never throws for a bad file: the problem comes back as data, naming `fileName`. */
  read(fileName: string, zip: Uint8Array, limits?: Partial<BackupLimits>): Promise<BackupReadResult>;
}

export const backupApi: BackupApi = {
  async read(fileName, zip, limits) {
    try {
      const contents = await readBackup(zip, { fileName, limits });
      return transfer({ ok: true, contents }, [...contents.bytes.values()]);
    } catch (error) {
      if (error instanceof StoreError) return { ok: false, problem: { code: error.code, message: error.message } };
      throw error;
    }
  },
};
