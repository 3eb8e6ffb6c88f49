// `models` as a lab runs it: real labelled scans auto-planned, or the demo with a plan saved
// from the studio; a folder of closed STLs, trim lines, the attachment chart and a manifest.
// Bad input gets a message naming the file or the problem, and nothing is written.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { REAL_SCAN_DIR } from '../../geometry/fixtures/real-scan.ts';
import { DEMO_SEED } from '../../geometry/demo/index.ts';
import { weldSoup } from '../../geometry/weld.ts';
import { plannedDemo } from '../../manufacture/fixtures/cases.ts';
import { checkClosedSolid } from '../../manufacture/mesh-check.ts';
import { readBinaryStl } from '../../manufacture/stl.ts';
import type { ModelsManifest } from '../../manufacture/model-export.ts';
import { memoryIO } from '../io.ts';
import { main } from '../main.ts';

/** Models take seconds each; on a busy machine a block of them takes minutes. Generous, never a speed claim. */
const HEAVY_MS = 600_000;

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'models-')), 'out');

describe('models', () => {
  it('makes the real upper arch\'s models from its labelled scan (auto-setup), each closed and as the manifest says', async () => {
    const out = fresh();
    const io = memoryIO();
    const code = await main(['models', REAL_SCAN_DIR + 'upper.obj', REAL_SCAN_DIR + 'upper.json', '--stages', '0,2', '--out', out, '--case', 'Patient 12/b'], io);
    expect(io.stderr.filter((l) => !/^\s+\d+\/\d+/.test(l))).toEqual([]);
    expect(code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ModelsManifest;
    expect(manifest.case).toBe('PATIENT-12-B');
    expect(manifest.models.map((m) => m.file)).toEqual(['PATIENT-12-B_U_00.stl', 'PATIENT-12-B_U_02.stl']);
    expect(readdirSync(out).sort()).toEqual(['PATIENT-12-B_U_00.stl', 'PATIENT-12-B_U_00.trim.xyz', 'PATIENT-12-B_U_02.stl', 'PATIENT-12-B_U_02.trim.xyz', 'attachments.csv', 'manifest.json']);
    for (const m of manifest.models) {
      const bytes = new Uint8Array(readFileSync(join(out, m.file)));
      expect(bytesToHex(sha256(bytes))).toBe(m.sha256);
      const check = checkClosedSolid(weldSoup(readBinaryStl(bytes).positions));
      expect(check.problem).toBe('');
      expect(check.triangles).toBe(m.triangles);
    }
    expect(io.stdout[0]).toMatch(/^2 models of PATIENT-12-B in .* \(\d+\.\d s, \d+ triangles\)/);
  }, HEAVY_MS);

  it(`makes the demo case's models hollow from a plan saved by the studio (demo seed ${DEMO_SEED})`, async () => {
    const planned = await plannedDemo();
    const dir = mkdtempSync(join(tmpdir(), 'models-plan-'));
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(planned.plan));
    const out = join(dir, 'out');
    const io = memoryIO();
    expect(await main(['models', 'demo', '--plan', planFile, '--stages', '1', '--hollow', '--out', out], io)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ModelsManifest;
    expect(manifest.hollow).toEqual({ wallMm: 2, drainMm: 4 });
    expect(readdirSync(out).filter((f) => f.endsWith('.stl')).sort()).toEqual(['DEMO_L_01.stl', 'DEMO_U_01.stl']);
    const chart = readFileSync(join(out, 'attachments.csv'), 'utf8').trim().split('\r\n');
    expect(chart.length - 1).toBe(planned.plan.attachments.length);
  }, HEAVY_MS);

  it.each([
    ['an unsegmented scan', () => [REAL_SCAN_DIR + 'upper.stl'], /upper\.stl: the scan is not segmented \(no tooth labels\)/],
    ['a plan file that is not a plan', (dir: string) => { writeFileSync(join(dir, 'p.json'), '{"hello":1}'); return ['demo', '--plan', join(dir, 'p.json')]; }, /p\.json: not a plan the studio can read/],
    ['a missing plan file', (dir: string) => ['demo', '--plan', join(dir, 'nope.json')], /nope\.json: cannot read the file \(no such file\)/],
    ['a stage the plan does not have', () => ['demo', '--stages', '40'], /the plan has no stage 40/],
  ])('%s: a message naming the problem, exit 1, no folder written', async (_what, args, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'models-bad-'));
    const out = join(dir, 'out');
    const io = memoryIO();
    expect(await main(['models', ...args(dir), '--out', out], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(message);
    expect(existsSync(out)).toBe(false);
  }, HEAVY_MS);

  it('refuses a folder that already holds files, and wrong usage with the usage text', async () => {
    const out = fresh();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'keep.stl'), 'x');
    const io = memoryIO();
    expect(await main(['models', 'demo', '--stages', '0', '--out', out], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/is not empty; give a new or empty folder/);
    expect(readdirSync(out)).toEqual(['keep.stl']);
    const usage = memoryIO();
    expect(await main(['models', 'demo'], usage)).toBe(2);
    expect(usage.stderr.join('\n')).toMatch(/no --out folder given[\s\S]*usage: npm run cli -- models/);
    expect(await main(['models', 'demo', '--out', out, '--stages', '3-1'], usage)).toBe(2);
  }, HEAVY_MS);
});
