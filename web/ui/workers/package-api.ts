// Reading a plan package (decrypting, unzipping, checking every hash, decoding the meshes) runs
// off the main thread: a 5 MB package of two 300k-triangle arches must not freeze the studio
// while its progress bar moves. A plain object so tests call it directly; package.worker.ts
// exposes it via comlink. Only the merge into the library stays on the main thread.
import { transfer } from 'comlink';
import { decryptPackage, isEncryptedPackage } from '../../exchange/package-crypto.ts';
import { readPackage } from '../../exchange/package-read.ts';
import { PackageError, packageRefusals } from '../../exchange/errors.ts';
import type { PackageErrorCode } from '../../exchange/errors.ts';
import type { ReadPackage } from '../../exchange/package-types.ts';

/** A PackageError as plain data: an Error subclass loses its code crossing a worker. */
export interface PackageProblem {
  code: PackageErrorCode;
  message: string;
}

export type PackageReadResult = { ok: true; pkg: ReadPackage } | { ok: false; problem: PackageProblem };

export interface PackageApi {
  /**
   * The package read and checked; an encrypted one is decrypted with `key` first. Never throws
   * for a bad file or a missing or wrong key: the problem comes back as data, naming `fileName`.
   */
  read(fileName: string, bytes: Uint8Array, key?: string): Promise<PackageReadResult>;
}

/** The code of the problem "this file is encrypted and no key was given": the UI asks for one. */
export const NEEDS_KEY: PackageErrorCode = 'encrypted';

export async function readPackageBytes(fileName: string, bytes: Uint8Array, key?: string): Promise<ReadPackage> {
  let plain = bytes;
  if (isEncryptedPackage(bytes)) {
    if (!key) throw packageRefusals(fileName).encrypted();
    plain = await decryptPackage(bytes, key, fileName);
  }
  return readPackage(plain, { fileName });
}

/** The typed arrays a read package holds, handed over rather than copied back to the page. */
function transferables(pkg: ReadPackage): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const arch of Object.values(pkg.arches)) {
    if (!arch) continue;
    for (const a of [arch.mesh.positions, arch.mesh.indices, arch.mesh.labels]) {
      if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
    }
    if (arch.segmentation) out.add(arch.segmentation);
  }
  return [...out];
}

export const packageApi: PackageApi = {
  async read(fileName, bytes, key) {
    try {
      const pkg = await readPackageBytes(fileName, bytes, key);
      return transfer({ ok: true, pkg }, transferables(pkg));
    } catch (error) {
      if (error instanceof PackageError) return { ok: false, problem: { code: error.code, message: error.message } };
      throw error;
    }
  },
};
