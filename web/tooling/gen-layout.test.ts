// The generated layout files are committed (a fresh clone builds without running anything
// first), so this is what notices one left behind after web/engine/layout.ts changed, and a
// hand-written copy of a generated struct or constant creeping back into the kernels.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AS_FILE, COMMAND, HEADER, ROOT, WGSL_FILE, assemblyScriptSource, checkWgslLayout, constantName, generatedFiles, wgslSource,
  writeGeneratedFiles,
} from './gen-layout.ts';
import { KERNEL_CONSTANTS, LAYOUT_RECORDS, PAIR_RECORD, type RecordLayout } from '../engine/layout.ts';

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('the generated layout files', () => {
  it('are what web/engine/layout.ts gives today', () => {
    for (const [file, text] of Object.entries(generatedFiles())) {
      let committed: string;
      try {
        committed = read(file);
      } catch {
        throw new Error(`${file} is missing: run \`${COMMAND}\``);
      }
      // Not toBe: a diff of a few hundred lines would hide the one thing to do.
      if (committed !== text) expect.fail(`${file} is stale (web/engine/layout.ts changed since it was generated): run \`${COMMAND}\` and commit it`);
      expect(committed.split('\n')[0]).toBe(HEADER);
    }
    expect(Object.keys(generatedFiles()).sort()).toEqual([AS_FILE, WGSL_FILE].sort());
  });

  it('hold every record and every shared constant', () => {
    const as = assemblyScriptSource(), wgsl = wgslSource();
    for (const r of LAYOUT_RECORDS) {
      expect(as).toContain(`export const ${r.prefix}_BYTES: usize = ${r.words * 4};`);
      for (const [field, at] of Object.entries(r.offsets) as [string, number][]) {
        expect(as).toContain(`export const ${r.prefix}_${constantName(field)}: usize = ${at * 4};`);
      }
      expect(wgsl).toContain(`struct ${r.struct} `);
      expect(wgsl).toContain(`const ${r.prefix}_WORDS: u32 = ${r.words}u;`);
    }
    expect(wgsl).toContain('const PAIR_B: u32 = 1u;');
    for (const c of KERNEL_CONSTANTS) {
      expect(as).toMatch(new RegExp(`^export const ${c.name}: (u32|i32|f64) = `, 'm'));
      expect(wgsl).toMatch(new RegExp(`^const ${c.name}: (u32|f32) = `, 'm'));
    }
    expect(as).toContain('export const PENETRATION_EPS_MM: f64 = 0.0001;');
    expect(wgsl).toContain('const PENETRATION_EPS_MM: f32 = 0.0001;');
    expect(wgsl).toContain('const WORKGROUP_SIZE: u32 = 64u;');
  });

  it('are the only place the kernels declare them', () => {
    const wgsl = wgslSource(), as = assemblyScriptSource();
    const generatedWgsl = [...wgsl.matchAll(/^(?:const|struct) (\w+)/gm)].map((m) => m[1]);
    const generatedAs = [...as.matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
    expect(generatedWgsl.length).toBeGreaterThan(20);
    expect(generatedAs.length).toBeGreaterThan(60);
    for (const file of readdirSync(join(ROOT, 'shaders')).filter((f) => f.endsWith('.wgsl') && f !== 'layout.generated.wgsl')) {
      const declared = [...read(`shaders/${file}`).matchAll(/^\s*(?:const|struct|var<\w+>)\s+(\w+)/gm)].map((m) => m[1]);
      expect(declared.filter((n) => generatedWgsl.includes(n)), `shaders/${file} declares what ${WGSL_FILE} does`).toEqual([]);
    }
    const asDir = 'engine-asm/assembly';
    for (const file of readdirSync(join(ROOT, asDir)).filter((f) => f.endsWith('.ts') && f !== 'layout.generated.ts')) {
      const text = read(`${asDir}/${file}`);
      const declared = [...text.matchAll(/^\s*(?:export\s+)?const\s+(\w+)\s*:/gm)].map((m) => m[1]);
      expect(declared.filter((n) => generatedAs.includes(n)), `${asDir}/${file} declares what ${AS_FILE} does`).toEqual([]);
      expect(text, `${asDir}/${file} imports the old hand-written layout`).not.toMatch(/from '\.\/layout'/);
    }
  });
});

describe('checkWgslLayout', () => {
  const record = (fields: RecordLayout['fields'], words: number): RecordLayout => ({ struct: 'Bad', prefix: 'BAD', words, fields, offsets: {} });

  it('accepts every record of the layout', () => {
    for (const r of LAYOUT_RECORDS) expect(() => checkWgslLayout(r)).not.toThrow();
  });

  it('refuses a vec4 where WGSL would not put it, and a record that is not whole vec4s', () => {
    expect(() => checkWgslLayout(record([{ name: 'n', type: 'u32', at: 0 }, { name: 'p', type: 'vec4f', at: 1 }], 5)))
      .toThrow('Bad.p: WGSL puts this vec4f at byte 16, the layout at word 1');
    expect(() => checkWgslLayout(record([{ name: 'p', type: 'vec3f', at: 0 }, { name: 'q', type: 'vec2f', at: 3 }], 5)))
      .toThrow('Bad.q: WGSL puts this vec2f at byte 16');
    expect(() => checkWgslLayout(record([{ name: 'a', type: 'u32', at: 0 }, { name: 'b', type: 'u32', at: 1 }], 2))).toThrow('whole vec4s');
  });
});

describe('constant names', () => {
  it('spell the field in upper snake case after the record', () => {
    expect(['firstVertex', 'bodyT', 'edgeAB', 'aInB', 'crownVertexCount', 'a'].map(constantName))
      .toEqual(['FIRST_VERTEX', 'BODY_T', 'EDGE_AB', 'A_IN_B', 'CROWN_VERTEX_COUNT', 'A']);
  });

  it('must not collide', () => {
    const clash = { ...PAIR_RECORD, offsets: { ...PAIR_RECORD.offsets, bytes: 0 } };
    expect(() => assemblyScriptSource([clash], [])).toThrow(`${AS_FILE}: two constants named PAIR_BYTES`);
    expect(() => wgslSource([PAIR_RECORD], [{ name: 'PAIR_WORDS', value: 1, kind: 'u32', doc: '' }])).toThrow(`${WGSL_FILE}: two constants named PAIR_WORDS`);
  });
});

describe('writeGeneratedFiles', () => {
  it('writes a file only when its text changed', () => {
    const root = mkdtempSync(join(tmpdir(), 'gen-layout-'));
    try {
      mkdirSync(join(root, 'shaders'));
      mkdirSync(join(root, 'engine-asm/assembly'), { recursive: true });
      writeFileSync(join(root, WGSL_FILE), wgslSource());
      writeFileSync(join(root, AS_FILE), `${HEADER}\n// stale\n`);
      expect(writeGeneratedFiles(root)).toEqual([AS_FILE]);
      expect(readFileSync(join(root, AS_FILE), 'utf8')).toBe(assemblyScriptSource());
      expect(writeGeneratedFiles(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
