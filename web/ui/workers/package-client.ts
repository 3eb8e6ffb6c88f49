// The main thread's handle on the package worker, and the words the studio shows when a
// package cannot be opened. Each read gets a fresh worker, closed afterwards: what it held
// (the whole decoded case) is given back at once. A link's read can have its worker started
// while the file is still downloading (warm). A worker that dies fails the read with a
// message; nothing has been written by then.
import { transfer } from 'comlink';
import { createWorkerSlot, type WorkerEndpoint, type WorkerSlot } from '../../engine/worker-slot.ts';
import { PackageError } from '../../exchange/errors.ts';
import type { ReadPackage } from '../../exchange/package-types.ts';
import type { PackageApi, PackageReadResult } from './package-api.ts';

export interface PackageReader {
  /** Decrypts (with `key`) and reads a package; rejects with a PackageError naming the file. */
  read(fileName: string, bytes: Uint8Array, key?: string): Promise<ReadPackage>;
  /** Starts the next read's worker now (its code loads while the bytes are still on their way). */
  warm(): void;
}

export function createWorkerPackageReader(): PackageReader {
  return packageReaderOn(() => new Worker(new URL('./package.worker.ts', import.meta.url), { type: 'module', name: 'package' }));
}

function unwrap(result: PackageReadResult): ReadPackage {
  if (!result.ok) throw new PackageError(result.problem.code, result.problem.message);
  return result.pkg;
}

/** The reader over any comlink endpoint running package.worker.ts's API (tests use a MessageChannel). */
export function packageReaderOn(spawn: () => WorkerEndpoint): PackageReader {
  let next: WorkerSlot<PackageApi> | null = null;
  const fresh = () => createWorkerSlot<PackageApi>({ name: 'package', spawn });
  return {
    warm() {
      next ??= fresh();
      next.warm();
    },
    async read(fileName, bytes, key) {
      const slot = next ?? fresh();
      next = null;
      try {
        // The caller's bytes are copied, not transferred: it may still need them (a retry with a key).
        const copy = bytes.slice();
        const result = await slot.call((remote) => remote.read(fileName, transfer(copy, [copy.buffer]), key) as Promise<PackageReadResult>);
        return unwrap(result);
      } finally {
        slot.dispose();
      }
    },
  };
}

/** The API in this thread, for tests and hosts without module workers. */
export function directPackageReader(api: PackageApi): PackageReader {
  return { read: async (fileName, bytes, key) => unwrap(await api.read(fileName, bytes, key)), warm: () => undefined };
}
