// Plan packages as the turnaround dashboard counts them, one rule for the CLI (files on disk,
// read here) and the studio (files dropped or chosen, read in its package worker): an
// encrypted package is left out before any reading (the dashboard asks for no keys), one that
// does not read is left out with the reader's reason, and copies of one case (the case sent
// and the doctor's response) count once, their trails united.
import { uniteCases, type DashboardCase } from '../core/dashboard.ts';
import { isEncryptedPackage } from './package-crypto.ts';
import type { ReadPackage } from './package-types.ts';

/** A package read: only what the dashboard needs, so its meshes are let go at once. */
export interface DashboardCopy {
  file: string;
  exportedAt: number;
  case: DashboardCase;
}

export interface SkippedPackage {
  file: string;
  /** The reader's words for what is wrong (they name the file), or ENCRYPTED_REASON. */
  reason: string;
  encrypted: boolean;
}

export const ENCRYPTED_REASON = 'encrypted: the dashboard reads plain packages (open it with its key in the studio, or export it unencrypted)';

export const dashboardCase = (pkg: ReadPackage): DashboardCase => ({
  id: pkg.case.id, pseudonym: pkg.case.pseudonym, clinic: pkg.case.clinic, doctor: pkg.case.doctor, createdAt: pkg.case.createdAt, audit: pkg.audit,
});

/** One file for the dashboard: `read` reads and checks a plain package (readPackage, or the studio's worker). */
export async function readForDashboard(
  file: string, bytes: Uint8Array, read: (file: string, bytes: Uint8Array) => Promise<ReadPackage>,
): Promise<DashboardCopy | SkippedPackage> {
  if (isEncryptedPackage(bytes)) return { file, reason: ENCRYPTED_REASON, encrypted: true };
  try {
    const pkg = await read(file, bytes);
    return { file, exportedAt: pkg.exportedAt, case: dashboardCase(pkg) };
  } catch (e) {
    return { file, reason: e instanceof Error ? e.message : String(e), encrypted: false };
  }
}

export const isSkipped = (r: DashboardCopy | SkippedPackage): r is SkippedPackage => 'reason' in r;

/** The cases of the copies read, oldest export first so a case's fields are its newest copy's. */
export function casesOfCopies(copies: readonly DashboardCopy[]): DashboardCase[] {
  return uniteCases([...copies].sort((x, y) => x.exportedAt - y.exportedAt).map((c) => c.case));
}
