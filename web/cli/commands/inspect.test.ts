import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REAL_SCAN_DIR } from '../../geometry/fixtures/real-scan.ts';
import { memoryIO } from '../io.ts';
import { main } from '../main.ts';
import { inspect } from './inspect.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'inspect-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, bytes: Uint8Array | string): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

describe('inspect', () => {
  it('prints the counts, box, health and jaw of a raw STL', async () => {
    const io = memoryIO();
    const code = await inspect([REAL_SCAN_DIR + 'upper.stl'], io);
    const out = io.stdout.join('\n');
    expect(code).toBe(0);
    expect(io.stderr).toEqual([]);
    expect(out).toMatch(/^upper\.stl$/m);
    expect(out).toMatch(/format\s+binary STL/);
    expect(out).toMatch(/triangles\s+99,999/);
    expect(out).toMatch(/vertices\s+299,997 read, 50,643 after welding/);
    expect(out).toMatch(/size\s+74\.96 x 60\.07 x 18\.77 mm/);
    expect(out).toMatch(/bounding box\s+min -?\d+\.\d\d, -?\d+\.\d\d, -?\d+\.\d\d mm/);
    expect(out).toMatch(/boundary edges\s+\d/);
    expect(out).toMatch(/degenerate\s+0 triangles/);
    expect(out).toMatch(/jaw\s+upper \(guessed from the file name\)/);
    expect(out).toMatch(/teeth \(FDI\)\s+none/);
  });

  it('groups OBJ + JSON like a drop and lists the 14 teeth', async () => {
    const io = memoryIO();
    const code = await inspect([REAL_SCAN_DIR + 'upper.obj', REAL_SCAN_DIR + 'upper.json'], io);
    const out = io.stdout.join('\n');
    expect(code).toBe(0);
    expect(out).toMatch(/^upper\.obj \+ upper\.json$/m);
    expect(out).toMatch(/jaw\s+upper \(from the label file\)/);
    expect(out).toContain('11 12 13 14 15 16 17 21 22 23 24 25 26 27 (14 teeth)');
  });

  it('bad input: the importer\'s message on stderr, exit code 1', async () => {
    const io = memoryIO();
    const path = scratchFile('broken.stl', new Uint8Array(84 + 50 * 3).fill(7).subarray(0, 150));
    const code = await inspect([path], io);
    expect(code).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.join('\n')).toMatch(/^broken\.stl: /);
  });

  it('a good and a bad file: the good one printed, exit code 1', async () => {
    const io = memoryIO();
    const notes = scratchFile('notes.txt', 'not a scan\n');
    const code = await inspect([REAL_SCAN_DIR + 'upper.obj', notes, join(scratch, 'missing.stl')], io);
    expect(code).toBe(1);
    expect(io.stdout.join('\n')).toMatch(/^upper\.obj$/m);
    expect(io.stderr).toContain('notes.txt: this is a text file, not a 3D scan (STL, PLY or OBJ).');
    expect(io.stderr.join('\n')).toMatch(/missing\.stl: cannot read the file \(no such file\)/);
  });

  it('names every file: a label file whose scan failed, and a file refused by its size unread', async () => {
    const io = memoryIO();
    const scan = scratchFile('pair.obj', 'v 0 0 0\nv 60 0 0\nf 1 2 9\n');
    const labels = scratchFile('pair.json', '{"jaw": "upper", "labels": [0, 0]}');
    // 300 MB without writing them (sparse): over the 256 MB cap, refused by its size.
    const huge = scratchFile('huge.stl', '');
    truncateSync(huge, 300 * 1024 * 1024);
    const code = await inspect([REAL_SCAN_DIR + 'upper.stl', scan, labels, huge], io);
    expect(code).toBe(1);
    expect(io.stdout.join('\n')).toMatch(/^upper\.stl$/m);
    // The size refusal comes as the files are read, then each group as it is imported.
    expect(io.stderr).toEqual([
      'huge.stl: the file is 300 MB, more than the 256 MB the studio accepts.',
      'pair.obj: triangle 1 refers to vertex 9 but the file has 2 vertices; the OBJ is damaged.',
      'pair.json: not imported, because pair.obj beside it could not be.',
    ]);
  });

  it('--json prints one parseable object with arches and errors', async () => {
    const io = memoryIO();
    const notes = scratchFile('notes2.txt', 'still not a scan\n');
    const code = await inspect(['--json', REAL_SCAN_DIR + 'upper.stl', notes], io);
    expect(code).toBe(1);
    expect(io.stdout).toHaveLength(1);
    const result = JSON.parse(io.stdout[0]);
    expect(result.arches[0]).toMatchObject({ jaw: 'upper', jawSource: 'file-name', format: 'stl-binary', vertices: 50_643, triangles: 99_999 });
    expect(result.errors).toEqual([{ file: 'notes2.txt', code: 'not-a-mesh', message: 'notes2.txt: this is a text file, not a 3D scan (STL, PLY or OBJ).' }]);
  });

  it('usage errors exit with 2', async () => {
    for (const args of [[], ['--frobnicate', 'a.stl'], ['--unit-scale', 'ten', 'a.stl']]) {
      const io = memoryIO();
      expect(await inspect(args, io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(/usage: npm run cli -- inspect/);
    }
  });
});

describe('main', () => {
  it('dispatches to inspect, and refuses unknown commands with 2', async () => {
    const io = memoryIO();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/unknown command "frobnicate"[\s\S]*inspect/);
    expect(await main([], memoryIO())).toBe(2);
    const help = memoryIO();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/inspect/);
  });

  it('runs end to end as `tsx web/cli/main.ts inspect` in a real process', () => {
    const ok = spawnSync('npx', ['tsx', 'web/cli/main.ts', 'inspect', REAL_SCAN_DIR + 'upper.stl'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/50,643 after welding/);
    const bad = spawnSync('npx', ['tsx', 'web/cli/main.ts', 'inspect', join(scratch, 'nope.stl')], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/nope\.stl: cannot read the file/);
  });
});
