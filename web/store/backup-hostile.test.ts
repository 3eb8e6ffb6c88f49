// Backups from outside that must not hurt the studio (issue #9, item 6): zip bombs and
// headers that lie about sizes, entries the manifest does not name, blobs that are not what
// they claim, arches sharing a blob, and plans that cannot be read. Each refusal names the
// file and the problem and leaves the library exactly as it was.
import { readdirSync, readFileSync } from 'node:fs';
import { deflateSync, strFromU8, strToU8, unzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { emptyPlan, PLAN_SCHEMA_VERSION } from '../core/plan.ts';
import { stagePlan } from '../core/staging.ts';
import { summaryOf } from '../exchange/summary.ts';
import { exportBackup, restoreBackup } from './backup.ts';
import type { RestoreSummary } from './backup.ts';
import { readBackup, sha256Hex } from './backup-format.ts';
import type { BackupLimits } from './backup-format.ts';
import { StoreError } from './db.ts';
import type { PlanRecord } from './db.ts';
import { workingPlanId } from './plan-records.ts';
import { hostileBackups } from './repro/files.ts';
import { buildZip, crc32, deflated, randomBytes, scanBytes, segmentationBytes } from './repro/hostile-backups.ts';
import type { RawZipEntry } from './repro/hostile-backups.ts';
import { archInfo, freshLibrary, sameBytes } from './fixtures/library.ts';
import { snapshotLibrary } from './fixtures/faults.ts';

const FILE = 'clinic-north.zip';
const MiB = 1024 * 1024;

type Manifest = Record<string, unknown> & {
  cases: { id: string; pseudonym: string; arches: Record<string, { meshBlobId: string; segmentationBlobId?: string }> }[];
  blobs: { id: string; caseId: string; kind: string; size: number; sha256?: string }[];
  plans: PlanRecord[];
};

/** P-201 with both arches, P-202 with an upper arch and its segmentation; every blob valid. */
async function sourceBackup(): Promise<{ zip: Uint8Array; ids: [string, string] }> {
  const lib = await freshLibrary('source');
  const a = await lib.cases.create({ pseudonym: 'P-201' });
  await lib.cases.saveArch(a.id, archInfo('upper', 40), scanBytes(1));
  await lib.cases.saveArch(a.id, archInfo('lower', 40), scanBytes(2));
  const b = await lib.cases.create({ pseudonym: 'P-202' });
  await lib.cases.saveArch(b.id, archInfo('upper', 30), scanBytes(3, 30));
  await lib.cases.saveSegmentation(b.id, 'upper', segmentationBytes('upper', 30, 28), [11]);
  return { zip: await exportBackup(lib.db), ids: [a.id, b.id] };
}

const manifestOf = (zip: Uint8Array): Manifest => JSON.parse(strFromU8(unzipSync(zip)['backup.json'])) as Manifest;
const blobOf = (m: Manifest, caseIndex: number, jaw: string, part: 'meshBlobId' | 'segmentationBlobId' = 'meshBlobId') => {
  const id = m.cases[caseIndex].arches[jaw][part]!;
  return m.blobs.find((b) => b.id === id)!;
};

/** The backup rewritten: `edit` changes the manifest and the files; honest zip headers. */
async function rewrite(zip: Uint8Array, edit: (m: Manifest, files: Record<string, Uint8Array>) => void | Promise<void>): Promise<Uint8Array> {
  const files = unzipSync(zip);
  const manifest = JSON.parse(strFromU8(files['backup.json'])) as Manifest;
  await edit(manifest, files);
  files['backup.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files);
}

/** Replaces a blob's bytes and its size and checksum in the manifest, as a forger would. */
async function forge(files: Record<string, Uint8Array>, blob: Manifest['blobs'][number], bytes: Uint8Array): Promise<void> {
  files[`blobs/${blob.id}.bin`] = bytes;
  blob.size = bytes.byteLength;
  blob.sha256 = await sha256Hex(bytes);
}

/** The backup's entries as raw zip entries (honest), so a test can add or bend one. */
function rawEntries(zip: Uint8Array, edit: (m: Manifest) => void = () => undefined): RawZipEntry[] {
  const files = unzipSync(zip);
  const manifest = JSON.parse(strFromU8(files['backup.json'])) as Manifest;
  edit(manifest);
  files['backup.json'] = strToU8(JSON.stringify(manifest));
  return Object.entries(files).map(([name, bytes]) => deflated(name, bytes));
}

async function expectRefused(bytes: Uint8Array, message: RegExp, limits?: Partial<BackupLimits>): Promise<StoreError> {
  const target = await freshLibrary('target');
  const mine = await target.cases.create({ pseudonym: 'already here' });
  await target.cases.saveArch(mine.id, archInfo('upper'), scanBytes(99));
  const before = await snapshotLibrary(target.db);
  const error = await restoreBackup(target.db, bytes, { fileName: FILE, limits }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe('corrupt-backup');
  expect((error as StoreError).message).toMatch(new RegExp(`^${FILE.replace('.', '\\.')} `));
  expect((error as StoreError).message).toMatch(message);
  expect((error as StoreError).message.match(/Nothing was restored/g)).toHaveLength(1);
  expect(await snapshotLibrary(target.db)).toEqual(before);
  return error as StoreError;
}

async function restoredInto(bytes: Uint8Array): Promise<{ summary: RestoreSummary; target: Awaited<ReturnType<typeof freshLibrary>> }> {
  const target = await freshLibrary('target');
  return { summary: await restoreBackup(target.db, bytes, { fileName: FILE }), target };
}

describe('a zip bomb is refused before anything is inflated, and nothing is stored', () => {
  it('a blob the manifest names, larger than a stored scan may be: refused from its declared size', async () => {
    const { zip } = await sourceBackup();
    // 300 MiB of zeros would inflate from ~300 KB; the headers say so, and that is enough to refuse.
    const entries = rawEntries(zip, (m) => { blobOf(m, 0, 'upper').size = 300 * MiB; });
    const blobName = (m: Manifest) => `blobs/${blobOf(m, 0, 'upper').id}.bin`;
    const name = blobName(manifestOf(zip));
    const bomb = entries.map((e) => (e.name === name ? { ...e, declaredSize: 300 * MiB } : e));
    await expectRefused(buildZip(bomb), /cannot be restored: stored file .* would unpack to 300 MB, more than the 256 MB a stored scan may be/);
  });

  it('level-9 zeros under a small cap: refused before inflating (limits injected to keep the test cheap)', async () => {
    const { zip } = await sourceBackup();
    const zeros = new Uint8Array(4 * MiB);
    const bomb = await rewrite(zip, async (m, files) => forge(files, blobOf(m, 0, 'lower'), zeros));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    await expectRefused(bomb, /would unpack to 4 MB, more than the 1 MB a stored scan may be/, { blobBytes: MiB });
  });

  it('blobs each under the cap but too many in all: refused by the total cap', async () => {
    const { zip } = await sourceBackup();
    await expectRefused(zip, /would unpack to more than .* in all/, { totalBytes: 1024 });
  });

  it('a backup.json larger than its own cap: refused before it is read', async () => {
    const { zip } = await sourceBackup();
    await expectRefused(zip, /its backup\.json would unpack to .* more than the .* a backup list may be/, { manifestBytes: 100 });
  });

  it('a header that lies (1000 bytes declared, 8 MiB of zeros inside): inflating stops at the declared size', async () => {
    const { zip } = await sourceBackup();
    const first1000 = new Uint8Array(1000);
    const sha = await sha256Hex(first1000);
    const entries = rawEntries(zip, (m) => Object.assign(blobOf(m, 0, 'upper'), { size: 1000, sha256: sha }));
    const name = `blobs/${blobOf(manifestOf(zip), 0, 'upper').id}.bin`;
    const zeros = new Uint8Array(8 * MiB);
    const lying = entries.map((e) => (e.name === name ? { ...e, data: deflateSync(zeros, { level: 9 }), declaredSize: 1000, crc: crc32(first1000) } : e));
    // Before: fflate inflated all 8 MiB into a 1000-byte buffer, kept the first 1000 zeros and stored them as a scan.
    await expectRefused(buildZip(lying), /unpacks to more than the 1000 bytes its header declares/);
  });

  it('an entry the manifest does not name is never inflated, however large it says it is', async () => {
    const { zip } = await sourceBackup();
    // As in the issue, six entries of 1 GiB each; not deflate data at all (an invalid block
    // type), so inflating any of them would fail at the first byte.
    const junk = Array.from({ length: 6 }, (_, i): RawZipEntry => ({ name: `extra/${i}.bin`, data: new Uint8Array(1024).fill(0xff), method: 8, declaredSize: 1024 * MiB, crc: 0 }));
    const { summary, target } = await restoredInto(buildZip([...junk, ...rawEntries(zip)]));
    expect(summary).toMatchObject({ added: 2, droppedPlans: [] });
    expect(await target.db.count('blobs')).toBe(4);
  });

  it('the same name twice in the zip is refused, not guessed', async () => {
    const { zip } = await sourceBackup();
    const entries = rawEntries(zip);
    const blob = entries.find((e) => e.name.startsWith('blobs/'))!;
    await expectRefused(buildZip([...entries, blob]), /the zip holds blobs\/.*\.bin twice/);
  });
});

describe('each blob is what the manifest says it is', () => {
  it('a random-bytes "mesh" with a matching checksum is refused, naming the arch and case', async () => {
    const { zip } = await sourceBackup();
    const forged = await rewrite(zip, (m, files) => forge(files, blobOf(m, 0, 'upper'), randomBytes(7, 4096)));
    await expectRefused(forged, /the upper scan of case "P-201" is not a stored scan/);
  });

  it('a scan with a triangle out of range, or more triangles than the studio handles, is refused', async () => {
    const { zip } = await sourceBackup();
    const broken = await rewrite(zip, (m, files) => {
      const bytes = new Uint8Array(scanBytes(5)).slice();
      new DataView(bytes.buffer).setUint32(24 + 40 * 12, 4000, true);
      return forge(files, blobOf(m, 0, 'lower'), bytes);
    });
    await expectRefused(broken, /the lower scan of case "P-201" cannot be opened: the stored scan is damaged: triangle 0 uses vertex 4000 of 40/);
    await expectRefused(zip, /the upper scan of case "P-201" has 38 triangles, more than the 10 the studio can handle/, { triangles: 10 });
  });

  it('a segmentation of random bytes, of the other jaw, or of another scan size is refused', async () => {
    const { zip } = await sourceBackup();
    for (const [bytes, message] of [
      [randomBytes(8, 512), /the upper segmentation of case "P-202" is not a stored segmentation/],
      [new Uint8Array(segmentationBytes('lower', 30, 28)), /the upper segmentation of case "P-202" is of the lower arch, not the upper/],
      [new Uint8Array(segmentationBytes('upper', 31, 28)), /the upper segmentation of case "P-202" does not fit its scan: it labels 31 vertices, the scan has 30/],
      [new Uint8Array(segmentationBytes('upper', 30, 27)), /does not fit its scan: it labels 27 triangles, the scan has 28/],
    ] as const) {
      await expectRefused(await rewrite(zip, (m, files) => forge(files, blobOf(m, 1, 'upper', 'segmentationBlobId'), bytes)), message);
    }
  });

  it('two arches sharing one blob are refused (removing one would break the other)', async () => {
    const { zip } = await sourceBackup();
    const sameCase = await rewrite(zip, (m, files) => {
      const lower = blobOf(m, 0, 'lower');
      m.cases[0].arches.lower.meshBlobId = m.cases[0].arches.upper.meshBlobId;
      m.blobs = m.blobs.filter((b) => b !== lower);
      delete files[`blobs/${lower.id}.bin`];
    });
    await expectRefused(sameCase, /the upper scan of case "P-201" and the lower scan of case "P-201" are the same stored file/);
    const twoCases = await rewrite(zip, (m, files) => {
      const own = blobOf(m, 1, 'upper');
      m.cases[1].arches.upper.meshBlobId = m.cases[0].arches.upper.meshBlobId;
      delete m.cases[1].arches.upper.segmentationBlobId;
      m.blobs = m.blobs.filter((b) => b.caseId !== m.cases[1].id);
      delete files[`blobs/${own.id}.bin`];
    });
    await expectRefused(twoCases, /the upper scan of case "P-201" and the upper scan of case "P-202" are the same stored file/);
  });

  it('a scan pointing at a segmentation blob is refused', async () => {
    const { zip } = await sourceBackup();
    const swapped = await rewrite(zip, (m) => {
      const arch = m.cases[1].arches.upper;
      [arch.meshBlobId, arch.segmentationBlobId] = [arch.segmentationBlobId!, arch.meshBlobId];
    });
    await expectRefused(swapped, /the upper scan of case "P-202" is stored as a segmentation/);
  });
});

describe('plans that cannot be restored are left out, and the summary says so', () => {
  const plan = (caseId: string, extra: Partial<PlanRecord>): PlanRecord => ({
    id: workingPlanId(caseId), caseId, kind: 'working', name: '', savedAt: 1_700_000_000_000,
    schemaVersion: PLAN_SCHEMA_VERSION, plan: emptyPlan(), ...extra,
  });

  it('a plan from a newer studio and a damaged plan: the cases and good plans restore, the summary names both', async () => {
    const { zip, ids } = await sourceBackup();
    const withPlans = await rewrite(zip, (m) => {
      m.plans = [
        plan(ids[0], {}),
        plan(ids[0], { id: 'v-newer', kind: 'version', name: 'from the new app', schemaVersion: PLAN_SCHEMA_VERSION + 1 }),
        plan(ids[1], { plan: { ...emptyPlan(), ipr: 'lots' } as unknown as PlanRecord['plan'] }),
      ];
    });
    const { summary, target } = await restoredInto(withPlans);
    expect(summary).toEqual({
      added: 2, skipped: 0, restoredAsCopies: 0,
      droppedPlans: [
        { caseName: 'P-201', plan: 'plan version "from the new app"', problem: expect.stringMatching(/saved by a newer Aligner Studio/) },
        { caseName: 'P-202', plan: 'the working plan', problem: expect.stringMatching(/damaged \(.*IPR must be a list/) },
      ],
    });
    expect((await target.db.getAll('plans')).map((p) => p.id)).toEqual([workingPlanId(ids[0])]);
    expect(sameBytes(await target.cases.loadArchMesh(ids[1], 'upper'), scanBytes(3, 30))).toBe(true);
  });

  it('a dropped plan of a case that is already here (skipped) is not reported: nothing of it was lost', async () => {
    const { zip, ids } = await sourceBackup();
    const withPlans = await rewrite(zip, (m) => { m.plans = [plan(ids[0], { schemaVersion: PLAN_SCHEMA_VERSION + 1 })]; });
    const { target } = await restoredInto(withPlans);
    expect(await restoreBackup(target.db, withPlans)).toEqual({ added: 0, skipped: 2, restoredAsCopies: 0, droppedPlans: [] });
  });

  it('a plan entry that names no case of the file still refuses the whole file', async () => {
    const { zip } = await sourceBackup();
    await expectRefused(await rewrite(zip, (m) => { m.plans = [plan('elsewhere', {})]; }), /plan working:elsewhere belongs to no case in the backup/);
  });
});

describe('readBackup reads only what it needs', () => {
  it('a package summary the review screen could not show, or kept under another case\'s key, refuses the whole file', async () => {
    const { zip, ids } = await sourceBackup();
    const plan = emptyPlan();
    const good = summaryOf({ plan, staging: stagePlan(plan, plan.protocol), findings: null, checklist: null, movements: [], warnings: [] });
    const withSummary = (id: string, value: unknown) => rewrite(zip, (m) => { m.review = [{ id, caseId: ids[0], type: 'summary', value }]; });
    await expectRefused(await withSummary(`summary:${ids[0]}`, { ...good, warnings: [3] }), new RegExp(`review record summary:${ids[0]} is malformed`));
    await expectRefused(await withSummary(`summary:${ids[1]}`, good), new RegExp(`review record summary:${ids[1]} is malformed`));
  });

  it('a good backup reads with the default limits, every blob in a buffer of its own', async () => {
    const { zip } = await sourceBackup();
    const { manifest, bytes, droppedPlans } = await readBackup(zip);
    expect(manifest.cases.map((c) => c.pseudonym)).toEqual(['P-201', 'P-202']);
    expect(droppedPlans).toEqual([]);
    for (const entry of manifest.blobs) expect(bytes.get(entry.id)!.byteLength).toBe(entry.size);
    expect(new Set(bytes.values()).size).toBe(manifest.blobs.length);
  });

  it('stored (uncompressed) entries read too, and a damaged deflate stream names the entry', async () => {
    const { zip } = await sourceBackup();
    const files = unzipSync(zip);
    const stored = zipSync(Object.fromEntries(Object.entries(files).map(([n, b]) => [n, [b, { level: 0 }]])));
    expect((await readBackup(stored)).manifest.blobs).toHaveLength(4);
    const entries = rawEntries(zip);
    const target = entries.find((e) => e.name.startsWith('blobs/'))!;
    const cut = entries.map((e) => (e === target ? { ...e, data: e.data.subarray(0, e.data.length >> 1) } : e));
    await expectRefused(buildZip(cut), new RegExp(`${target.name.replace('.', '\\.')} is damaged inside the zip`));
  });
});

describe('the hostile backups committed in web/store/repro (README.md there)', () => {
  it('each still gets the answer listed in files.ts', async () => {
    const listed = await hostileBackups();
    expect(readdirSync(new URL('./repro/', import.meta.url)).filter((f) => f.endsWith('.zip')).sort()).toEqual(listed.map((h) => h.file).sort());
    for (const { file, expect: answer, refused } of listed) {
      const zip = new Uint8Array(readFileSync(new URL(`./repro/${file}`, import.meta.url)));
      if (refused) {
        await expectRefused(zip, answer);
      } else {
        const { summary } = await restoredInto(zip);
        expect(restoreSummaryText(summary)).toMatch(answer);
      }
    }
  });
});

const restoreSummaryText = (summary: RestoreSummary): string => summary.droppedPlans.map((d) => `${d.plan} of ${d.caseName}: ${d.problem}`).join('; ');

describe('the zip reader (fflate Unzip underneath) refuses what it cannot read, naming the entry', () => {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** Honest raw entries, backup.json first, so a bent blob cannot hide the manifest. */
  const manifestFirst = (zip: Uint8Array) => rawEntries(zip).sort((a, b) => Number(b.name === 'backup.json') - Number(a.name === 'backup.json'));
  const localHeaderOf = (entries: RawZipEntry[], name: string): number => {
    let at = 0;
    for (const e of entries) {
      if (e.name === name) return at;
      at += 30 + strToU8(e.name).length + e.data.length;
    }
    throw new Error(`no ${name}`);
  };

  it('a named blob packed with an unknown method, or AES-encrypted (method 99), is refused', async () => {
    const { zip } = await sourceBackup();
    const entries = manifestFirst(zip);
    const blob = entries.find((e) => e.name.startsWith('blobs/'))!;
    for (const [method, problem] of [[12, 'is packed with a method this app cannot read \\(zip method 12\\)'], [99, 'is encrypted']] as const) {
      const bent = entries.map((e) => (e === blob ? { ...e, method: method as unknown as RawZipEntry['method'] } : e));
      await expectRefused(buildZip(bent), new RegExp(`${escape(blob.name)} ${problem}`));
    }
  });

  it('a named blob with no local header where the file list says is refused', async () => {
    const { zip } = await sourceBackup();
    const entries = manifestFirst(zip);
    const blob = entries.find((e) => e.name.startsWith('blobs/'))!;
    const bent = buildZip(entries);
    bent[localHeaderOf(entries, blob.name)] = 0; // its signature gone: a stream reader never meets it
    await expectRefused(bent, new RegExp(`${escape(blob.name)} is not where the zip's file list says`));
  });

  it('a named blob whose header claims more data than the zip holds is cut short', async () => {
    const { zip } = await sourceBackup();
    const entries = manifestFirst(zip);
    const blob = entries.find((e) => e.name.startsWith('blobs/'))!;
    const bent = buildZip(entries);
    new DataView(bent.buffer).setUint32(localHeaderOf(entries, blob.name) + 18, 0x7fffffff, true);
    await expectRefused(bent, new RegExp(`${escape(blob.name)} is cut short: the zip ends early`));
  });

  it('an end record claiming far more entries than the zip can hold is not a readable zip', async () => {
    const { zip } = await sourceBackup();
    const bent = buildZip(rawEntries(zip));
    const view = new DataView(bent.buffer);
    view.setUint16(bent.byteLength - 22 + 8, 0xffff, true);
    view.setUint16(bent.byteLength - 22 + 10, 0xffff, true);
    await expectRefused(bent, /not a readable zip file/);
  });

  it('a backup re-packed by a streaming zip writer (sizes only after the data) still restores', async () => {
    const { zip } = await sourceBackup();
    const parts: Uint8Array[] = [];
    const writer = new Zip((error, data) => {
      if (error) throw error;
      parts.push(data);
    });
    for (const [name, bytes] of Object.entries(unzipSync(zip))) {
      const file = new ZipDeflate(name, { level: 6 });
      writer.add(file);
      file.push(bytes, true);
    }
    writer.end();
    const streamed = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    parts.reduce((at, p) => (streamed.set(p, at), at + p.byteLength), 0);
    expect(new DataView(streamed.buffer).getUint16(6, true) & 8).toBe(8); // a data descriptor: no sizes up front
    const { summary, target } = await restoredInto(streamed);
    expect(summary).toMatchObject({ added: 2, droppedPlans: [] });
    expect(await target.db.count('blobs')).toBe(4);
  });
});
