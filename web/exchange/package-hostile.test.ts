// Packages from outside that must not be believed: a byte changed anywhere, a newer format,
// a zip cut short, entries added or taken away, a header that lies about a size, an audit
// event rewritten by someone who also fixed the manifest. Each is refused with a message that
// names the file and what is wrong; nothing is returned.
import { PLAN_SCHEMA_VERSION } from '../core/plan.ts';
import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { sha256Hex } from '../core/canonical.ts';
import { declareSize, demoPackageContents, editJson, rezip } from './fixtures/package.ts';
import { PackageError } from './errors.ts';
import { encryptPackage } from './package-crypto.ts';
import { readPackage, type PackageLimits } from './package-read.ts';
import { writePackage } from './package-write.ts';

const FILE = 'Demo-Final-2026-12-03.aligner';

async function refused(bytes: Uint8Array, code: PackageError['code'], message: RegExp | string, limits?: Partial<PackageLimits>): Promise<PackageError> {
  const error = await readPackage(bytes, { fileName: FILE, limits }).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PackageError);
  const e = error as PackageError;
  if (typeof message === 'string') expect(e.message).toBe(message);
  else expect(e.message).toMatch(message);
  expect(e.code).toBe(code);
  return e;
}

describe('a package altered after export is refused, naming what was altered', async () => {
  const bytes = await writePackage(await demoPackageContents());

  const ENTRIES = [
    'case.json', 'arches/upper.json', 'arches/upper.mesh', 'arches/upper.seg', 'arches/lower.mesh', 'plans/working.json',
    'plans/versions.json', 'summary.json', 'review/comments.json', 'review/decisions.json', 'audit.json',
  ];
  it.each(ENTRIES)('one byte changed in %s', async (path) => {
    const altered = rezip(bytes, (files) => {
      const b = files[path].slice();
      const at = Math.floor(b.length / 2);
      // In JSON, one letter for another keeps it JSON; in a binary entry, any change will do.
      b[at] = b[at] === 0x61 ? 0x62 : b[at] >= 0x61 && b[at] <= 0x7a ? 0x61 : b[at] ^ 0x01;
      files[path] = b;
    });
    await refused(altered, 'tampered', `${FILE} has been altered since it was exported: ${path} does not match its recorded hash. Nothing was changed.`);
  });

  it('an audit event rewritten with the manifest hash fixed is caught by the chain, naming the event', async () => {
    const forged = rezip(bytes, (files) => editJson(files, 'audit.json', (events) => {
      (events as { summary: string }[])[1].summary = 'Imported nothing';
      return events;
    }), true);
    await refused(forged, 'tampered', /^Demo-Final-2026-12-03\.aligner has been altered since it was exported: its audit trail does not hold together: Event 2 \("Imported nothing", 2026-12-03 09:00 UTC\) was changed after it was written\. Nothing was changed\.$/);
  });

  it('an audit event taken out with the manifest fixed is caught by the chain', async () => {
    const forged = rezip(bytes, (files) => editJson(files, 'audit.json', (events) => (events as unknown[]).filter((_, i) => i !== 1)), true);
    await refused(forged, 'tampered', /audit trail does not hold together: Event 3 .* follows an event that is no longer in the trail/);
  });

  it('a mesh hash rewritten in its arch (manifest fixed) does not pass for the scan', async () => {
    const forged = rezip(bytes, (files) => editJson(files, 'arches/upper.json', (a) => ({ ...(a as object), meshHash: '0'.repeat(64) })), true);
    await refused(forged, 'tampered', /arches\/upper\.mesh does not match its recorded mesh hash/);
  });

  it('the working plan swapped for another (manifest fixed) no longer matches its recorded plan hash', async () => {
    const forged = rezip(bytes, (files) => editJson(files, 'plans/working.json', (w) => {
      const working = w as { plan: { targets: { movement: { mesial: number } }[] } };
      working.plan.targets[0].movement.mesial = 3;
      return working;
    }), true);
    await refused(forged, 'tampered', /the working plan does not match its recorded hash/);
  });

  it('an entry the manifest does not list', async () => {
    const extra = rezip(bytes, (files) => { files['notes/extra.txt'] = strToU8('hello'); });
    await refused(extra, 'tampered', `${FILE} has been altered since it was exported: it holds notes/extra.txt, which its manifest does not list. Nothing was changed.`);
  });

  it('an entry missing from the zip, and one missing from both zip and manifest', async () => {
    const missing = rezip(bytes, (files) => { delete files['review/comments.json']; });
    await refused(missing, 'tampered', /: review\/comments\.json, listed in its manifest, is missing\./);
    const unlisted = rezip(bytes, (files) => {
      delete files['review/comments.json'];
      editJson(files, 'manifest.json', (m) => {
        const manifest = m as { entries: { path: string }[] };
        return { ...manifest, entries: manifest.entries.filter((e) => e.path !== 'review/comments.json') };
      });
    });
    await refused(unlisted, 'damaged', `${FILE} is damaged (it has no review/comments.json). Nothing was changed.`);
  });

  it('a plan saved by a newer studio names the plan and both schema versions', async () => {
    const newer = rezip(bytes, (files) => editJson(files, 'plans/versions.json', (v) => {
      (v as { plan: { schemaVersion: number } }[])[1].plan.schemaVersion = 9;
      return v;
    }), true);
    await refused(newer, 'newer-version', `${FILE} was made by a newer Aligner Studio (plan version "Final" has plan schema 9; this studio reads up to ${PLAN_SCHEMA_VERSION}). Nothing was changed. Update the studio and open it again.`);
  });

  it('a summary whose movement table names no tooth (manifest fixed)', async () => {
    const forged = rezip(bytes, (files) => editJson(files, 'summary.json', (x) => {
      (x as { movements: { fdi: number }[] }).movements[0].fdi = 99;
      return x;
    }), true);
    await refused(forged, 'damaged', `${FILE} is damaged (summary.json: the movement table item 1 does not name a tooth). Nothing was changed.`);
  });

  it('a comment or decision of another case, and a response that carries scans', async () => {
    const foreign = rezip(bytes, (files) => editJson(files, 'review/comments.json', (c) => {
      (c as { caseId: string }[])[0].caseId = 'someone-else';
      return c;
    }), true);
    await refused(foreign, 'damaged', /review\/comments\.json: comment 1 belongs to another case \(someone-else\)/);
    const response = rezip(bytes, (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), kind: 'response' })));
    await refused(response, 'damaged', /it answers a case but carries arches\/upper\.json/);
  });
});

describe('a package from elsewhere, or broken on the way', async () => {
  const bytes = await writePackage(await demoPackageContents());

  it('a manifest of package version 4 names both versions', async () => {
    const newer = rezip(bytes, (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), version: 4 })));
    await refused(newer, 'newer-version', `${FILE} was made by a newer Aligner Studio (package version 4; this studio reads version 3). Nothing was changed. Update the studio and open it again.`);
    const odd = rezip(bytes, (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), version: 'one' })));
    await refused(odd, 'unknown-version', /unknown package version \("one"\)/);
  });

  it('a zip cut short, at any point', async () => {
    for (const keep of [0.99, 0.6, 0.2]) {
      await refused(bytes.slice(0, Math.floor(bytes.length * keep)), 'damaged', new RegExp(`^${FILE.replace(/\./g, '\\.')} is damaged \\(.*\\)\\. Nothing was changed\\.$`));
    }
  });

  it('a file that is not a package at all', async () => {
    await refused(strToU8('solid arch\nendsolid\n'), 'not-a-package', `${FILE} is not an Aligner Studio plan package (it is not a zip file). Nothing was changed.`);
    const backup = rezip(bytes, (files) => editJson(files, 'manifest.json', (m) => ({ ...(m as object), format: 'aligner-studio-backup' })));
    await refused(backup, 'not-a-package', /manifest\.json does not name the package format/);
  });

  it('encrypted bytes ask for the key', async () => {
    const { bytes: sealed } = await encryptPackage(bytes);
    await refused(sealed, 'encrypted', `${FILE} is encrypted: open it from its share link or enter its key.`);
  });
});

describe('a zip bomb costs nothing', async () => {
  const bytes = await writePackage(await demoPackageContents());
  const MiB = 1024 * 1024;

  it('a header that lies (64 MiB of zeros declared as the summary\'s size): inflating stops at the declared size', async () => {
    let declared = 0;
    const bomb = rezip(bytes, (files) => {
      declared = files['summary.json'].byteLength;
      files['summary.json'] = new Uint8Array(64 * MiB);
    });
    expect(bomb.byteLength).toBeLessThan(MiB);
    // The manifest still lists the honest summary's size and hash; the zip's headers are made to agree.
    await refused(declareSize(bomb, 'summary.json', declared), 'damaged', new RegExp(`summary\\.json unpacks to more than the ${declared} bytes its header declares`));
  });

  it('an entry whose declared size passes the limits is refused before anything is inflated', async () => {
    await refused(bytes, 'too-large', /arches\/upper\.mesh would unpack to .* MB, more than the 0\.0954 MB the studio reads/, { binaryBytes: 100_000 });
    await refused(bytes, 'too-large', /its entries would unpack to more than .* in all/, { totalBytes: 200_000 });
    await refused(bytes, 'too-large', /arches\/upper\.mesh has 59,672 triangles, more than the 1,000 the studio can handle/, { triangles: 1000 });
  });

  it('a mesh entry of deflate noise with its hash re-recorded is refused by the codec, naming the entry', async () => {
    const noise = deflateSync(new Uint8Array(4096).map((_, i) => (i * 131) & 0xff));
    const forged = rezip(bytes, (files) => { files['arches/lower.mesh'] = noise; }, true);
    await refused(forged, 'damaged', /^Demo-Final-2026-12-03\.aligner is damaged \(arches\/lower\.mesh is not a compact mesh\)/);
    expect(sha256Hex(noise)).toMatch(/^[0-9a-f]{64}$/);
  });
});
