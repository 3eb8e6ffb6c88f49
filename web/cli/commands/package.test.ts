import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashOf } from '../../core/canonical.ts';
import { emptyPlan, nudgeTarget, planFromJson, setTarget, zeroMovement } from '../../core/plan.ts';
import { planContentHash } from '../../core/plan-hash.ts';
import { APPROVAL_MEANING, type SignedApproval } from '../../core/review.ts';
import { editJson, rezip } from '../../exchange/fixtures/package.ts';
import { decryptPackage, isEncryptedPackage } from '../../exchange/package-crypto.ts';
import { readPackage } from '../../exchange/package-read.ts';
import { createSigningKey, signApproval } from '../../exchange/signing.ts';
import { DEMO_SEED, generateDemoCase } from '../../geometry/demo/index.ts';
import { writeObj } from '../../geometry/fixtures/scan-writers.ts';
import { memoryIO } from '../io.ts';
import { main } from '../main.ts';
import { packageCli } from './package.ts';
import { meshHashesOf } from '../package-check.ts';
import { pdfPages } from '../../report/fixtures/pdf-extract.ts';

const dir = mkdtempSync(join(tmpdir(), 'package-cli-'));
const at = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const io = memoryIO();
  const code = await packageCli(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

/** Zip entry data offset of a stored entry, from its local header (APPNOTE 4.3.7). */
function storedEntryData(zip: Uint8Array, path: string): { start: number; size: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const name = new TextEncoder().encode(path);
  for (let i = 0; i + 30 < zip.length; i++) {
    if (view.getUint32(i, true) !== 0x04034b50) continue;
    const nameLength = view.getUint16(i + 26, true);
    if (nameLength === name.length && name.every((b, k) => zip[i + 30 + k] === b)) {
      return { start: i + 30 + nameLength + view.getUint16(i + 28, true), size: view.getUint32(i + 18, true) };
    }
  }
  throw new Error(`${path} not in the zip`);
}

const DOCTOR = 'Dr Dana Doe';
const PASS = 'correct horse battery';

describe(`package create, verify and show on the demo case (seed ${DEMO_SEED})`, () => {
  let created: { code: number; out: string; err: string };
  let plain: Uint8Array;
  let key: string;

  beforeAll(async () => {
    created = await run('create', '--demo', '--name', 'Lab One', '--out', at('demo.aligner'), '--encrypt', '--url', 'https://files.example.org/demo.aligner');
    key = /^key: (\S+)$/m.exec(created.out)?.[1] ?? '';
    plain = await decryptPackage(new Uint8Array(readFileSync(at('demo.aligner'))), key, 'demo.aligner');
    writeFileSync(at('plain.aligner'), plain);
  }, 60_000);

  it('writes an encrypted package and prints its key and link fragment', () => {
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^wrote .*demo\.aligner: case "Demo patient \d+", upper \d+, lower \d+ aligners, \d+ days, \d+ KB, encrypted, with its treatment report \(A4, 3 CSVs\)$/m);
    expect(isEncryptedPackage(new Uint8Array(readFileSync(at('demo.aligner'))))).toBe(true);
    expect(created.out).toContain(`link fragment: #package=${encodeURIComponent('https://files.example.org/demo.aligner')}&key=${key}`);
  });

  it('carries the treatment report of its plan: the PDF names the patient, says not approved and has the plan\'s movements; the CSVs match', async () => {
    const pkg = await readPackage(plain, { fileName: 'plain.aligner' });
    const text = (await pdfPages(pkg.report!.pdf)).join(' ');
    expect(text).toContain(pkg.case.pseudonym);
    expect(text).toContain('Not approved');
    expect(text).toContain(planContentHash(pkg.working!.plan, meshHashesOf(pkg)).slice(0, 32));
    const movements = pkg.report!.csvs.find((c) => c.name === 'movements.csv')!.text.trim().split('\r\n');
    expect(movements.length, 'a row per tooth').toBe(Object.values(pkg.arches).reduce((n, a) => n + a.teeth.length, 0) + 1);
    expect(pkg.report!.csvs.map((c) => c.name)).toEqual(['movements.csv', 'ipr.csv', 'attachments.csv']);
  });

  it('verifies an encrypted package only with its key', async () => {
    const without = await run('verify', at('demo.aligner'));
    expect(without.code).toBe(1);
    expect(without.out).toMatch(/^FAIL encryption: demo\.aligner is encrypted: it needs --key/);
    const withKey = await run('verify', at('demo.aligner'), '--key', key);
    expect(withKey.code).toBe(0);
    expect(withKey.out).toContain('ok   encryption (opened with the key (AES-GCM))');
    const wrong = await run('verify', at('demo.aligner'), '--key', `${key.slice(0, -2)}AA`);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/FAIL encryption: This key does not open demo\.aligner/);
  });

  it('verifies the plain package: every check passes', async () => {
    const r = await run('verify', at('plain.aligner'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      expect.stringMatching(/^ok {3}entry hashes \(\d+ entries\)$/),
      'ok   package version (3, case package from Aligner Studio 0.1.0)',
      'ok   meshes (upper 59672 triangles, lower 59672 triangles)',
      'ok   plans (working plan and 1 saved version)',
      'ok   audit trail (3 events, one line)',
      'ok   approvals (none)',
      'plain.aligner: every check passed',
    ]);
  });

  it('shows the case, arches, versions, summary and audit trail (also with the key, also as JSON)', async () => {
    const r = await run('show', at('demo.aligner'), '--key', key);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^case {6}Demo patient \d+ \(demo\), id [0-9a-f-]{36}$/m);
    expect(r.out).toMatch(/^ {2}upper {3}59672 triangles, 14 teeth, from generated demo/m);
    expect(r.out).toContain('version "Auto-setup"');
    expect(r.out).toMatch(/^report {4}report\/report\.pdf \(\d+ KB\) with movements\.csv, ipr\.csv, attachments\.csv$/m);
    expect(r.out).toMatch(/^ {2}aligners {2}upper \d+, lower \d+$/m);
    expect(r.out).toMatch(/^ {4}1 {2}.* UTC {2}Lab One \(lab\) {2}case-created: Created case/m);
    expect(r.out).toMatch(/^ {4}3 {2}.*package-exported: Exported package demo\.aligner$/m);
    const j = await run('show', at('plain.aligner'), '--json');
    const shown = JSON.parse(j.out);
    expect(shown.case.demo).toBe(true);
    expect(shown.arches.lower).toMatchObject({ triangleCount: 59672, segmented: false });
    expect(shown.audit.map((e: { kind: string }) => e.kind)).toEqual(['case-created', 'version-saved', 'package-exported']);
    expect(shown.summary.planHash).toBe(hashOf(shown.working.plan));
  });

  it('names the entry whose bytes were flipped', async () => {
    const bytes = plain.slice();
    const { start, size } = storedEntryData(bytes, 'arches/lower.mesh');
    bytes[start + (size >> 1)] ^= 0x40;
    writeFileSync(at('flipped.aligner'), bytes);
    const r = await run('verify', at('flipped.aligner'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL entry hashes: .*arches\/lower\.mesh does not match its recorded hash/m);
    expect(r.err).toBe('package verify: flipped.aligner FAILED: entry hashes');
  });

  it('names the audit trail when an event was edited and the manifest re-recorded', async () => {
    const forged = rezip(plain, (files) => editJson(files, 'audit.json', (events) => {
      (events as { summary: string }[])[1].summary = 'Saved plan version "Something else"';
      return events;
    }), true);
    writeFileSync(at('forged.aligner'), forged);
    const r = await run('verify', at('forged.aligner'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL audit trail: .*Event 2 \("Saved plan version "Something else"", .* UTC\) was changed after it was written/m);
    expect(r.err).toContain('FAILED: audit trail');
  });

  describe('with a signed approval', () => {
    let approved: Uint8Array;
    let fingerprint: string;
    let approval: SignedApproval;

    beforeAll(async () => {
      const pkg = await readPackage(plain, { fileName: 'plain.aligner' });
      const signingKey = await createSigningKey(DOCTOR, PASS, { iterations: 1000 });
      fingerprint = signingKey.fingerprint;
      const version = pkg.versions[0];
      const planHash = planContentHash(version.plan, { upper: pkg.arches.upper!.meshHash, lower: pkg.arches.lower!.meshHash });
      approval = await signApproval(signingKey, DOCTOR, PASS, {
        caseId: pkg.case.id, at: Date.UTC(2026, 11, 5, 9, 30), meaning: APPROVAL_MEANING, planHash, versionName: version.name,
      }, { id: 'approval-1', versionId: version.id });
      approved = rezip(plain, (files) => editJson(files, 'review/decisions.json', () => [approval]), true);
      writeFileSync(at('approved.aligner'), approved);
      writeFileSync(at('keys.json'), JSON.stringify([{ fingerprint, name: 'Dr D. Doe (North Clinic)' }]));
      writeFileSync(at('other-keys.json'), JSON.stringify({ keys: [{ fingerprint: 'ab'.repeat(32), name: 'Dr Other' }] }));
    });

    it('is verified with the clinic\'s list of keys and valid for the working plan', async () => {
      const r = await run('verify', at('approved.aligner'), '--known-keys', at('keys.json'));
      expect(r.code).toBe(0);
      expect(r.out).toContain(`ok   approval by ${DOCTOR} (2026-12-05 09:30 UTC) (signature verified: Dr D. Doe (North Clinic))`);
      expect(r.out).toContain(`ok   approval by ${DOCTOR} (2026-12-05 09:30 UTC) (valid for the working plan ("approved for manufacturing"))`);
    });

    it('is an unknown key without the list (a note), and fails against a list without it', async () => {
      const r = await run('verify', at('approved.aligner'));
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^note approval by Dr Dana Doe .*: signature valid, unknown key [0-9A-F]{4} /m);
      const listed = await run('verify', at('approved.aligner'), '--known-keys', at('other-keys.json'));
      expect(listed.code).toBe(1);
      expect(listed.out).toMatch(/^FAIL approval by Dr Dana Doe .*: signature valid but by an unknown key/m);
    });

    it('is invalid when a signed field was changed', async () => {
      const altered = rezip(plain, (files) => editJson(files, 'review/decisions.json', () => [{ ...approval, versionName: 'Other' }]), true);
      writeFileSync(at('altered.aligner'), altered);
      const r = await run('verify', at('altered.aligner'), '--known-keys', at('keys.json'));
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/^FAIL approval by Dr Dana Doe .*: the signature is invalid/m);
    });

    it('is void once the working plan changed, naming the tooth', async () => {
      const edited = rezip(approved, (files) => editJson(files, 'plans/working.json', (w) => {
        const plan = nudgeTarget(planFromJson((w as { plan: unknown }).plan), 11, 'mesial', 0.5);
        return { plan, hash: hashOf(plan) };
      }), true);
      writeFileSync(at('edited.aligner'), edited);
      const r = await run('verify', at('edited.aligner'), '--known-keys', at('keys.json'));
      expect(r.code).toBe(1);
      expect(r.out).toContain('signature verified');
      expect(r.out).toMatch(/^FAIL approval by Dr Dana Doe .*: void: changed since approval of version "Auto-setup": tooth 11: final position \(mesial /m);
      expect(r.err).toBe(`package verify: edited.aligner FAILED: approval by ${DOCTOR} (2026-12-05 09:30 UTC)`);
    });

    it('an older approval made void by a later one is history, not a failure', async () => {
      const pkg = await readPackage(approved, { fileName: 'approved.aligner' });
      const revised = nudgeTarget(pkg.working!.plan, 11, 'mesial', 0.5);
      const signingKey = await createSigningKey(DOCTOR, PASS, { iterations: 1000 });
      const again = await signApproval(signingKey, DOCTOR, PASS, {
        caseId: pkg.case.id, at: Date.UTC(2026, 11, 8, 14, 0), meaning: APPROVAL_MEANING, versionName: 'Revised',
        planHash: planContentHash(revised, { upper: pkg.arches.upper!.meshHash, lower: pkg.arches.lower!.meshHash }),
      }, { id: 'approval-2', versionId: 'v-revised' });
      const twice = rezip(approved, (files) => {
        editJson(files, 'plans/working.json', () => ({ plan: revised, hash: hashOf(revised) }));
        editJson(files, 'plans/versions.json', (v) => [...(v as unknown[]), { id: 'v-revised', name: 'Revised', savedAt: Date.UTC(2026, 11, 8), plan: revised }]);
        editJson(files, 'review/decisions.json', (d) => [...(d as unknown[]), again]);
      }, true);
      writeFileSync(at('twice.aligner'), twice);
      const keys = at('both-keys.json');
      writeFileSync(keys, JSON.stringify([{ fingerprint, name: 'Dr D. Doe' }, { fingerprint: signingKey.fingerprint, name: 'Dr D. Doe (new key)' }]));
      const r = await run('verify', at('twice.aligner'), '--known-keys', keys);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^note approval by Dr Dana Doe \(2026-12-05 09:30 UTC\): void: .*tooth 11: final position/m);
      expect(r.out).toContain('ok   approval by Dr Dana Doe (2026-12-08 14:00 UTC) (valid for the working plan');
    });

    it('shows the approval with its meaning, signer and key', async () => {
      const r = await run('show', at('approved.aligner'));
      expect(r.out).toMatch(/^ {2}2026-12-05 09:30 UTC {2}approved for manufacturing by Dr Dana Doe: version "Auto-setup", key [0-9A-F ]{39}$/m);
    });
  });
});

describe('package create from a labelled scan and a plan JSON', () => {
  it('packages the lower arch with the given plan', async () => {
    const { mesh } = generateDemoCase().arches.lower;
    const faces: number[][] = [];
    for (let i = 0; i < mesh.indices.length; i += 3) faces.push([mesh.indices[i], mesh.indices[i + 1], mesh.indices[i + 2]]);
    writeFileSync(at('lower.obj'), writeObj(mesh.positions, faces));
    writeFileSync(at('lower.json'), JSON.stringify({ jaw: 'lower', labels: [...mesh.labels!] }));
    const plan = setTarget(emptyPlan(), 31, { ...zeroMovement(), mesial: 0.4 });
    writeFileSync(at('gentle.json'), JSON.stringify(plan));
    const r = await run('create', '--lower', at('lower.obj'), '--lower-labels', at('lower.json'), '--plan', at('gentle.json'), '--out', at('lower.aligner'), '--no-report');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const pkg = await readPackage(new Uint8Array(readFileSync(at('lower.aligner'))), { fileName: 'lower.aligner' });
    expect(pkg.case).toMatchObject({ pseudonym: 'lower', demo: false });
    expect(Object.keys(pkg.arches)).toEqual(['lower']);
    expect(pkg.arches.lower!.sourceFiles).toEqual(['lower.obj', 'lower.json']);
    expect(pkg.working!.plan.targets).toEqual(plan.targets);
    expect(pkg.versions.map((v) => v.name)).toEqual(['gentle']);
    expect(pkg.audit[0].actor).toEqual({ name: 'Aligner Studio CLI', role: 'lab' });
    expect(pkg.report, '--no-report').toBeUndefined();
  }, 60_000);

  it('refuses a label file of the other jaw and an unreadable plan', async () => {
    const wrongJaw = await run('create', '--upper', at('lower.obj'), '--upper-labels', at('lower.json'), '--out', at('x.aligner'));
    expect(wrongJaw.code).toBe(1);
    expect(wrongJaw.err).toContain('lower.json labels a lower arch, but it was given as --upper.');
    writeFileSync(at('bad-plan.json'), JSON.stringify({ schemaVersion: 99 }));
    const badPlan = await run('create', '--demo', '--plan', at('bad-plan.json'), '--out', at('x.aligner'));
    expect(badPlan.code).toBe(1);
    expect(badPlan.err).toMatch(/bad-plan\.json: not a plan this studio reads \(the plan was saved by a newer version/);
  });
});

describe('package usage', () => {
  it.each([
    [[], /usage: npm run cli -- package create/],
    [['sign'], /unknown subcommand "sign"/],
    [['create', '--demo'], /--out <file.aligner> is required/],
    [['create', '--demo', '--upper', 'a.obj', '--upper-labels', 'a.json', '--out', 'x.aligner'], /either --demo or scans, not both/],
    [['create', '--upper', 'a.obj', '--out', 'x.aligner'], /--upper and --upper-labels go together/],
    [['create', '--demo', '--out', 'x.aligner', '--url', 'https://h/x.aligner'], /--url is for the link of an encrypted package/],
    [['create', '--demo', '--out', 'x.aligner', '--encrypt', '--url', 'http://example.org/x'], /--url: the package address is not secure/],
    [['verify'], /no package given/],
    [['verify', 'a.aligner', 'b.aligner'], /one package at a time/],
    [['show', 'a.aligner', '--colour'], /unknown option --colour/],
    [['verify', 'a.aligner', '--key'], /--key needs a value/],
  ])('package %j exits 2', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('is listed in the CLI and says what is wrong with a missing file', async () => {
    const io = memoryIO();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^ {2}package +create, verify/m);
    const missing = await run('verify', at('nowhere.aligner'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nowhere\.aligner: cannot read the file \(no such file\)/);
  });
});
