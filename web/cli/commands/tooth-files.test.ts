// Per-tooth files on the command line: both jaws given together, Universal names without a
// marker, and an ambiguous set that needs --numbering (the studio asks; a command must be told).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archOrder } from '../../core/fdi.ts';
import { toothSet } from '../../geometry/fixtures/tooth-files.ts';
import { memoryIO } from '../io.ts';
import { inspect } from './inspect.ts';
import { plan } from './plan.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tooth-files-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const UPPER = archOrder('upper').filter((f) => f % 10 !== 8);
const LOWER = archOrder('lower').filter((f) => f % 10 !== 8);
const UPPER_RIGHT_AND_LEFT = [11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27];

/** Writes the files into scratch/`folder` and returns their paths. */
function write(folder: string, files: { name: string; bytes: Uint8Array }[]): string[] {
  mkdirSync(join(scratch, folder), { recursive: true });
  return files.map((f) => {
    const path = join(scratch, folder, f.name);
    writeFileSync(path, f.bytes);
    return path;
  });
}

describe('inspect with per-tooth files', () => {
  it('both jaws in Universal numbers (tooth_2.stl ... tooth_31.stl) given together: two arches, the numbering named', async () => {
    const paths = write('both', [...toothSet(UPPER, 'universal', (n) => `tooth_${n}.stl`), ...toothSet(LOWER, 'universal', (n) => `tooth_${n}.stl`)]);
    const io = memoryIO();
    const code = await inspect(['--json', ...paths], io);
    expect(code).toBe(0);
    const json = JSON.parse(io.stdout[0]) as { arches: { jaw: string; jawSource: string; teeth: number[]; numbering: { numbering: string; message: string } }[]; errors: unknown[] };
    expect(json.errors).toEqual([]);
    expect(json.arches.map((a) => [a.jaw, a.jawSource, a.teeth.length, a.numbering.numbering])).toEqual([
      ['upper', 'tooth-numbers', 14, 'universal'], ['lower', 'tooth-numbers', 14, 'universal']]);
    expect(json.arches[0].numbering.message).toContain('tooth_8.stl is 11');
    const text = memoryIO();
    expect(await inspect(paths, text)).toBe(0);
    expect(text.stdout.join('\n')).toMatch(/numbering\s+Tooth numbers read as Universal \(1-32\), since/);
  });

  it('an ambiguous set exits 1 naming the files and asking for --numbering; with it, the set imports', async () => {
    const paths = write('ambiguous', toothSet(UPPER_RIGHT_AND_LEFT, 'fdi', (n) => `tooth_${n}.stl`));
    const io = memoryIO();
    expect(await inspect(paths, io)).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toEqual([
      'tooth_17.stl and 13 other tooth files: the tooth numbers 11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27 are valid in FDI (11-48) and in Universal (1-32) numbering alike, and no file or folder name says which one they use.',
      '  say which: add --numbering fdi or --numbering universal',
    ]);
    const fdi = memoryIO();
    expect(await inspect(['--numbering', 'fdi', ...paths], fdi)).toBe(0);
    expect(fdi.stdout.join('\n')).toMatch(/teeth \(FDI\)\s+11 12 13 14 15 16 17 21 22 23 24 25 26 27 \(14 teeth\)/);
    expect(fdi.stdout.join('\n')).toMatch(/numbering\s+Tooth numbers read as FDI \(11-48\), as chosen: 17, 16/);
    const bad = memoryIO();
    expect(await inspect(['--numbering=palmer', ...paths], bad)).toBe(2);
    expect(bad.stderr[0]).toMatch(/^inspect: --numbering needs fdi or universal, got palmer/);
  });

  it('a folder named "universal" settles an ambiguous set', async () => {
    // Universal 17, 18, 21-28, 31, 32: lower teeth, though every number is also an FDI number.
    const lower = [38, 37, 34, 33, 32, 31, 41, 42, 43, 44, 45, 46, 47, 48];
    const paths = write('teeth_universal', toothSet(lower, 'universal', (n) => `tooth_${n}.stl`));
    const io = memoryIO();
    expect(await inspect(['--json', ...paths], io)).toBe(0);
    const json = JSON.parse(io.stdout[0]) as { arches: { jaw: string; teeth: number[]; numbering: { source: string; numbering: string } }[] };
    expect(json.arches.map((a) => [a.jaw, a.teeth.length, a.numbering.numbering, a.numbering.source])).toEqual([['lower', 14, 'universal', 'names']]);
  });
});

describe('plan with per-tooth files', () => {
  it('an ambiguous set exits 1 before planning and says to add --numbering', async () => {
    const paths = write('plan-ambiguous', toothSet(UPPER_RIGHT_AND_LEFT, 'fdi', (n) => `${n}.stl`));
    const io = memoryIO();
    expect(await plan([...paths, '--auto'], io)).toBe(1);
    expect(io.stderr).toEqual([expect.stringMatching(/^17\.stl and 13 other tooth files: the tooth numbers 11, .* are valid in FDI \(11-48\) and in Universal \(1-32\) numbering alike, .* Say which: add --numbering fdi or --numbering universal\.$/)]);
  });
});
