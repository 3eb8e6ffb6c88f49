// Issue #9's hostile files (./repro), each run through the importer and through the CLI as a
// real process with a small heap: one clear message naming the file, no arch, and memory
// that stays small. `REPRO_WRITE=1` rewrites the committed files from their recipes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LABEL_BYTES, importFiles, type InputFile } from './index.ts';
import { LABEL_BYTES_PER_VERTEX, LABEL_BYTES_SLACK } from './limits.ts';
import { reproFiles } from './repro/files.ts';
import { syntheticScan, trianglesOf } from '../fixtures/synthetic-scan.ts';
import { text, writeObj } from '../fixtures/scan-writers.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REPRO_DIR = fileURLToPath(new URL('./repro/', import.meta.url));
const recipes = reproFiles();
const scratch = mkdtempSync(join(tmpdir(), 'repro-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

if (process.env.REPRO_WRITE) {
  for (const f of recipes) writeFileSync(join(REPRO_DIR, f.name), f.bytes);
}

function committed(name: string): InputFile {
  return { name, bytes: new Uint8Array(readFileSync(join(REPRO_DIR, name))) };
}

/** A label file that would parse (a list of zeros) and is `size` bytes long. */
function labelJson(size: number): Uint8Array {
  const head = '{"jaw": "upper", "labels": [0';
  const bytes = new Uint8Array(size).fill(32);
  bytes.set(text(head));
  let at = head.length;
  for (; at + 4 < size; at += 2) { bytes[at] = 44; bytes[at + 1] = 48; } // ",0"
  bytes.set(text(']}'), Math.min(at, size - 2));
  return bytes;
}

describe('the repro folder', () => {
  it('holds exactly the recipes, byte for byte, and a README naming each file', () => {
    const onDisk = readdirSync(REPRO_DIR).filter((n) => n !== 'README.md' && n !== 'files.ts').sort();
    expect(onDisk).toEqual(recipes.map((f) => f.name).sort());
    const readme = readFileSync(join(REPRO_DIR, 'README.md'), 'utf8');
    for (const f of recipes) {
      expect(Array.from(committed(f.name).bytes), `${f.name} differs from its recipe (REPRO_WRITE=1 rewrites it)`).toEqual(Array.from(f.bytes));
      expect(readme, `README lists ${f.name}`).toContain(`\`${f.name}\``);
    }
    // The sizes the issue quotes.
    expect(committed('ply-face-claims-4294967295-corners.ply').bytes.length).toBe(208);
    expect(committed('ply-wrong-byte-order.ply').bytes.length).toBeLessThan(3 * 1024);
  });
});

describe('each repro file through importFiles', () => {
  for (const recipe of recipes) {
    it(`${recipe.name}: ${recipe.code}, named, nothing imported`, () => {
      const { arches, errors } = importFiles([committed(recipe.name)]);
      expect(arches).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0].fileName).toBe(recipe.name);
      expect(errors[0].message.startsWith(`${recipe.name}: `)).toBe(true);
      expect(errors[0].message).toMatch(recipe.message);
      expect(errors[0].code).toBe(recipe.code);
      // Plain words: no engine errors leaking through.
      expect(errors[0].message).not.toMatch(/typed array|RangeError|undefined|NaN|Infinity|e\+\d/);
    });
  }

  it('all of them in one drop: one error per file, in drop order', () => {
    const { arches, errors } = importFiles(recipes.map((r) => committed(r.name)));
    expect(arches).toEqual([]);
    expect(errors.map((e) => e.fileName)).toEqual(recipes.map((r) => r.name));
  });

  it('a label file over the cap is refused by its length, before it is decoded', () => {
    const huge = labelJson(MAX_LABEL_BYTES + 1);
    const { arches, errors } = importFiles([{ name: 'labels-over-cap.json', bytes: huge }]);
    expect(arches).toEqual([]);
    expect(errors.map((e) => [e.fileName, e.code])).toEqual([['labels-over-cap.json', 'too-large']]);
    expect(errors[0].message).toMatch(/^labels-over-cap\.json: the label file is 67,108,865 bytes, more than the 67,108,864 bytes any label file may have/);
  });

  it('a label file far larger than its scan can need is refused unread; the scan comes in unlabelled', () => {
    const grid = syntheticScan(5, 10, 7);
    const scan = { name: 'arch.obj', bytes: writeObj(grid.mesh.positions, trianglesOf(grid.mesh)) };
    const limit = LABEL_BYTES_SLACK + LABEL_BYTES_PER_VERTEX * 70;
    const { arches, errors } = importFiles([scan, { name: 'arch.json', bytes: labelJson(limit + 1) }]);
    expect(arches.map((a) => a.report.teeth)).toEqual([[]]);
    expect(errors.map((e) => [e.fileName, e.code])).toEqual([['arch.json', 'too-large']]);
    expect(errors[0].message).toMatch(/a label file for a scan of 70 vertices can need/);
    // Just under: read (and found to have the wrong number of labels, as a 70-vertex scan's would not).
    const under = importFiles([scan, { name: 'arch.json', bytes: labelJson(limit) }]);
    expect(under.errors.map((e) => e.code)).toEqual(['labels-mismatch']);
  });
});

describe('every repro file through the CLI, in one real process with a small heap', () => {
  it('names every file with its message, prints no arch, exits 1, and stays small', () => {
    // 400 MB on disk without writing them: a sparse file. The CLI must refuse it by its size.
    const bigLabels = join(scratch, 'labels-400mb.json');
    writeFileSync(bigLabels, '');
    truncateSync(bigLabels, 400 * 1024 * 1024);
    // Peak memory of each node process of the run (npx, tsx, the CLI), printed as it exits.
    const rss = join(scratch, 'rss.mjs');
    writeFileSync(rss, "process.on('exit', () => process.stderr.write(`maxRSS-kB=${process.resourceUsage().maxRSS}\\n`));\n");
    const paths = [...recipes.map((r) => join(REPRO_DIR, r.name)), bigLabels];
    const run = spawnSync('npx', ['tsx', 'web/cli/main.ts', 'inspect', ...paths], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=256 --import=${pathToFileURL(rss).href}` },
    });
    const lines = run.stderr.split('\n');
    expect(run.signal, run.stderr.slice(-2000)).toBe(null);
    expect(run.status, run.stderr.slice(-2000)).toBe(1);
    expect(run.stdout).toBe('');
    for (const recipe of recipes) {
      const line = lines.find((l) => l.startsWith(`${recipe.name}: `));
      expect(line, `a line for ${recipe.name} in:\n${run.stderr}`).toBeDefined();
      expect(line).toMatch(recipe.message);
    }
    expect(lines).toContain('labels-400mb.json: the label file is 400 MB, more than the 64 MB any label file may have; it is not this scan\'s label file or it is damaged.');
    const peaks = lines.filter((l) => l.startsWith('maxRSS-kB=')).map((l) => Number(l.slice('maxRSS-kB='.length)));
    expect(peaks.length).toBeGreaterThan(0);
    // Node and tsx alone take ~100-200 MB; the wrong-byte-order PLY alone used to take 1.7 GB.
    expect(Math.max(...peaks) / 1024, 'peak MB of any process of the run').toBeLessThan(600);
  });
});
