// The hostile backups committed in this folder (README.md lists them), each made from a
// seeded library so the studio can be shown the bug by hand: restore the file in the
// studio (Library, Restore backup). write-hostile.ts writes them; backup-hostile.test.ts
// checks that the committed files still get the answer listed here.
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { emptyPlan, PLAN_SCHEMA_VERSION } from '../../core/plan.ts';
import { exportBackup } from '../backup.ts';
import { sha256Hex } from '../backup-format.ts';
import { workingPlanId } from '../plan-records.ts';
import { archInfo, freshLibrary } from '../fixtures/library.ts';
import { buildZip, deflated, randomBytes, scanBytes } from './hostile-backups.ts';
import type { RawZipEntry } from './hostile-backups.ts';

export interface HostileBackup {
  file: string;
  /** What restoring it does now: the refusal's message, or the dropped plan in the summary. */
  expect: RegExp;
  refused: boolean;
  zip: Uint8Array;
}

interface Manifest {
  cases: { id: string; arches: Record<string, { meshBlobId: string }> }[];
  blobs: { id: string; size: number; sha256?: string }[];
  plans: unknown[];
}

/** A two-arch case, P-101, as a studio would back it up. */
async function goodBackup(): Promise<Uint8Array> {
  const lib = await freshLibrary('repro');
  const c = await lib.cases.create({ pseudonym: 'P-101' });
  await lib.cases.saveArch(c.id, archInfo('upper', 40), scanBytes(101));
  await lib.cases.saveArch(c.id, archInfo('lower', 40), scanBytes(102));
  return exportBackup(lib.db, () => 1_700_000_000_000);
}

/** The backup's entries, the manifest edited by `edit`; `bend` may change any raw entry. */
async function variant(edit: (m: Manifest, files: Record<string, Uint8Array>) => void | Promise<void>, bend: (e: RawZipEntry, m: Manifest) => RawZipEntry = (e) => e): Promise<Uint8Array> {
  const files = unzipSync(await goodBackup());
  const manifest = JSON.parse(strFromU8(files['backup.json'])) as Manifest;
  await edit(manifest, files);
  files['backup.json'] = strToU8(JSON.stringify(manifest));
  return buildZip(Object.entries(files).map(([name, bytes]) => bend(deflated(name, bytes), manifest)));
}

const upperOf = (m: Manifest) => m.blobs.find((b) => b.id === m.cases[0].arches.upper.meshBlobId)!;
const isUpper = (e: RawZipEntry, m: Manifest) => e.name === `blobs/${upperOf(m).id}.bin`;

export async function hostileBackups(): Promise<HostileBackup[]> {
  return [
    {
      file: 'declared-1.5GB-scan.zip',
      expect: /cannot be restored: stored file .* would unpack to 1\.5 GB, more than the 256 MB a stored scan may be/,
      refused: true,
      zip: await variant((m) => { upperOf(m).size = 1536 * 1024 * 1024; }, (e, m) => (isUpper(e, m) ? { ...e, declaredSize: 1536 * 1024 * 1024 } : e)),
    },
    {
      file: 'lying-header.zip',
      expect: /unpacks to more than the 1000 bytes its header declares/,
      refused: true,
      zip: await variant(
        async (m) => { Object.assign(upperOf(m), { size: 1000, sha256: await sha256Hex(new Uint8Array(1000)) }); },
        (e, m) => (isUpper(e, m) ? { ...deflated(e.name, new Uint8Array(8 * 1024 * 1024)), declaredSize: 1000 } : e),
      ),
    },
    {
      file: 'random-bytes-scan.zip',
      expect: /the upper scan of case "P-101" is not a stored scan/,
      refused: true,
      zip: await variant(async (m, files) => {
        const bytes = randomBytes(101, 4096);
        files[`blobs/${upperOf(m).id}.bin`] = bytes;
        Object.assign(upperOf(m), { size: bytes.byteLength, sha256: await sha256Hex(bytes) });
      }),
    },
    {
      file: 'shared-blob.zip',
      expect: /the upper scan of case "P-101" and the lower scan of case "P-101" are the same stored file/,
      refused: true,
      zip: await variant((m, files) => {
        const lower = m.blobs.find((b) => b.id === m.cases[0].arches.lower.meshBlobId)!;
        m.cases[0].arches.lower.meshBlobId = upperOf(m).id;
        m.blobs = m.blobs.filter((b) => b !== lower);
        delete files[`blobs/${lower.id}.bin`];
      }),
    },
    {
      file: 'newer-plan.zip',
      expect: /the working plan of P-101: it was saved by a newer Aligner Studio/,
      refused: false,
      zip: await variant((m) => {
        const caseId = m.cases[0].id;
        m.plans = [{ id: workingPlanId(caseId), caseId, kind: 'working', name: '', savedAt: 1_700_000_000_000, schemaVersion: PLAN_SCHEMA_VERSION + 1, plan: { ...emptyPlan(), schemaVersion: PLAN_SCHEMA_VERSION + 1 } }];
      }),
    },
  ];
}
