// `report` as a lab or an auditor runs it: the demo auto-planned, a plan package (encrypted,
// with its key) with its plan and audit trail; the PDF's text and the CSVs beside it. Bad
// input (no such file, a wrong key, an unknown paper, no --out) gets a message naming the
// problem and writes nothing.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../geometry/demo/index.ts';
import { pdfPages } from '../../report/fixtures/pdf-extract.ts';
import { memoryIO } from '../io.ts';
import { planContentHash } from '../../core/plan-hash.ts';
import { APPROVAL_MEANING } from '../../core/review.ts';
import { editJson, rezip } from '../../exchange/fixtures/package.ts';
import { decryptPackage } from '../../exchange/package-crypto.ts';
import { readPackage } from '../../exchange/package-read.ts';
import { createSigningKey, signApproval } from '../../exchange/signing.ts';
import { meshHashesOf } from '../package-check.ts';
import { main } from '../main.ts';

const HEAVY_MS = 600_000;
const dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
const at = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const io = memoryIO();
  const code = await main(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe(`report (demo seed ${DEMO_SEED})`, () => {
  let key = '';
  beforeAll(async () => {
    const created = await run('package', 'create', '--demo', '--name', 'Lab One', '--out', at('demo.aligner'), '--encrypt', '--url', 'https://files.example.org/demo.aligner');
    expect(created.code, created.err).toBe(0);
    key = /^key: (\S+)$/m.exec(created.out)?.[1] ?? '';
  }, HEAVY_MS);

  it('writes the demo case\'s report and its CSVs, on Letter when asked', async () => {
    const r = await run('report', 'demo', '--out', at('demo.pdf'), '--paper', 'letter');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/demo\.pdf: treatment report of Demo patient \(working plan, not approved\), LETTER/);
    expect(readdirSync(dir).filter((f) => f.startsWith('demo')).sort()).toEqual(['demo-attachments.csv', 'demo-ipr.csv', 'demo-movements.csv', 'demo.aligner', 'demo.pdf']);
    const pages = await pdfPages(new Uint8Array(readFileSync(at('demo.pdf'))));
    expect(pages[0]).toContain('Demo patient');
    expect(pages[0]).toContain('Not approved');
    expect(readFileSync(at('demo-movements.csv'), 'utf8').split('\r\n')[0]).toBe('tooth,arch,mesial_mm,buccal_mm,extrusion_mm,tip_deg,torque_deg,rotation_deg,first_aligner,last_aligner,stages_needed');
  }, HEAVY_MS);

  it('reports on an encrypted package with its key: its plan, its audit trail', async () => {
    const r = await run('report', at('demo.aligner'), '--key', key, '--out', at('pkg.pdf'), '--no-csv');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(at('pkg-movements.csv')), '--no-csv').toBe(false);
    const text = (await pdfPages(new Uint8Array(readFileSync(at('pkg.pdf'))))).join(' ');
    expect(text).toContain('Lab One');
    expect(text).toMatch(/Audit/);
  }, HEAVY_MS);

  it('states an approval whose signature fails as no approval, and one withdrawn by a later request for changes as none', async () => {
    const plain = await decryptPackage(new Uint8Array(readFileSync(at('demo.aligner'))), key, 'demo.aligner');
    const pkg = await readPackage(plain, { fileName: 'demo.aligner' });
    const version = pkg.versions[0];
    const signingKey = await createSigningKey('Dr Dana Doe', 'correct horse battery', { iterations: 1000 });
    const approval = await signApproval(signingKey, 'Dr Dana Doe', 'correct horse battery', {
      caseId: pkg.case.id, at: Date.UTC(2026, 11, 5, 9, 30), meaning: APPROVAL_MEANING, planHash: planContentHash(version.plan, meshHashesOf(pkg)), versionName: version.name,
    }, { id: 'approval-1', versionId: version.id });
    const withDecisions = (name: string, decisions: unknown[]) => writeFileSync(at(name), rezip(plain, (files) => editJson(files, 'review/decisions.json', () => decisions), true));
    withDecisions('approved.aligner', [approval]);
    withDecisions('forged.aligner', [{ ...approval, signer: 'Dr Someone Else' }]);
    withDecisions('withdrawn.aligner', [approval, { id: 'r1', caseId: pkg.case.id, kind: 'changes-requested', by: { name: 'Dr Dana Doe', role: 'doctor' }, at: approval.at + 60_000, planHash: approval.planHash, note: 'Less IPR', commentIds: [] }]);
    const cover = async (name: string) => {
      const r = await run('report', at(name), '--out', at(`${name}.pdf`), '--no-csv');
      expect(r.code, r.err).toBe(0);
      return (await pdfPages(new Uint8Array(readFileSync(at(`${name}.pdf`)))))[0];
    };
    expect(await cover('approved.aligner')).toContain('Approved for manufacturing');
    const forged = await cover('forged.aligner');
    expect(forged).toContain('Not approved: the signature is invalid');
    expect(forged).toContain('An approval in the name of Dr Someone Else');
    const withdrawn = await cover('withdrawn.aligner');
    expect(withdrawn).toContain('Not approved');
    expect(withdrawn).not.toContain('Approved for manufacturing');
  }, HEAVY_MS);

  for (const [name, args, problem] of [
    ['a file that is not there', ['report', 'nowhere.aligner', '--out', 'x.pdf'], /nowhere\.aligner: cannot read the file \(no such file\)/],
    ['a wrong key', ['report', '@pkg', '--key', 'A'.repeat(43), '--out', '@bad.pdf'], /demo\.aligner/],
    ['an encrypted package without its key', ['report', '@pkg', '--out', '@bad.pdf'], /needs --key/],
  ] as const) {
    it(`refuses ${name}, writing nothing`, async () => {
      const r = await run(...args.map((a) => (a === '@pkg' ? at('demo.aligner') : a.startsWith('@') ? at(a.slice(1)) : a)));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(problem);
      expect(existsSync(at('bad.pdf'))).toBe(false);
    }, HEAVY_MS);
  }

  it('says how to use it when the paper or the output is wrong', async () => {
    for (const args of [['report', 'demo', '--out', at('x.pdf'), '--paper', 'a3'], ['report', 'demo'], ['report', 'demo', '--out', at('x.txt')]]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^report: .*\n\nusage: npm run cli -- report/);
    }
  });
});
