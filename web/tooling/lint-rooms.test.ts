// The lint rules that keep the pure rooms runnable in the browser, checked on small sources
// as if they lived at the given paths: a rule that silently stopped matching would let Node
// into web/core or web/geometry unnoticed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: '.config/eslint.config.js' });
});

async function ruleIds(code: string, path: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: root + path });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const readsScan = "import { readFileSync } from 'node:fs';\nexport const size = (p: string): number => readFileSync(p).length;\n";

describe('pure rooms and Node', () => {
  it('refuses node:* and bare Node built-ins in web/core and web/geometry source', async () => {
    expect(await ruleIds(readsScan, 'web/core/probe.ts')).toEqual(['no-restricted-imports']);
    expect(await ruleIds(readsScan, 'web/geometry/segmentation/probe.ts')).toEqual(['no-restricted-imports']);
    expect(await ruleIds("import { join } from 'path';\nexport const p = join('a', 'b');\n", 'web/geometry/probe.ts')).toEqual(['no-restricted-imports']);
    expect(await ruleIds("import { readFile } from 'fs/promises';\nexport const r = readFile;\n", 'web/core/probe.ts')).toEqual(['no-restricted-imports']);
    expect(await ruleIds('export const argv = process.argv;\n', 'web/core/probe.ts')).toEqual(['no-restricted-globals']);
  });

  it('lets tests and the rooms\' fixtures/ folders use Node', async () => {
    expect(await ruleIds(readsScan, 'web/core/probe.test.ts')).toEqual([]);
    expect(await ruleIds(readsScan, 'web/geometry/fixtures/probe.ts')).toEqual([]);
    expect(await ruleIds(readsScan, 'web/core/fixtures/probe.ts')).toEqual([]);
  });

  it('keeps the rest of purity in the fixtures: no engine, store or UI', async () => {
    const code = "import { createWasmEngine } from '../../engine/wasm.ts';\nexport const e = createWasmEngine;\n";
    expect(await ruleIds(code, 'web/geometry/fixtures/probe.ts')).toEqual(['no-restricted-imports']);
  });

  it('allows Node outside the pure rooms (CLI, bench)', async () => {
    expect(await ruleIds(readsScan, 'web/cli/probe.ts')).toEqual([]);
  });
});

describe('engine-asm', () => {
  it('is linted by npm run lint with the TypeScript rules', async () => {
    const scripts = (JSON.parse(readFileSync(root + 'package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.lint.split(/\s+/)).toContain('engine-asm');
    const code = 'export function f(a: i32): i32 {\n  let x: i32 = 1;\n  const unused: f32 = 2;\n  return a + x;\n}\n';
    expect((await ruleIds(code, 'engine-asm/assembly/probe.ts')).sort()).toEqual(['@typescript-eslint/no-unused-vars', 'prefer-const']);
  });
});
