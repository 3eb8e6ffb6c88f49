// `npm run -s bench -- --json` gives stdout that parses as JSON and `--json=FILE` a JSON file,
// through npm itself (which prints its `> script` banner on stdout), on a package whose
// bench script has the shape of ours but runs fixtures/emit-result.ts, so it takes a second.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchOutput } from './output.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bench-json-'));
  const script = `${join(root, 'node_modules/.bin/tsx')} ${join(root, 'web/bench/fixtures/emit-result.ts')}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-probe', version: '0.0.0', private: true, scripts: { bench: script } }));
  // npm refuses one file as both its user and its global config.
  writeFileSync(join(dir, 'user.npmrc'), '');
  writeFileSync(join(dir, 'global.npmrc'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** npm as a newcomer's shell runs it: none of the npm settings of whatever runs this test, no user or global npmrc. */
function npm(args: string[], cwd = dir): { stdout: string; stderr: string; status: number | null } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  Object.assign(env, { npm_config_userconfig: join(dir, 'user.npmrc'), npm_config_globalconfig: join(dir, 'global.npmrc'), npm_config_update_notifier: 'false' });
  const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('bench output through npm', () => {
  it('npm run -s bench -- --json: stdout is the result alone, progress on stderr', () => {
    const r = npm(['run', '-s', 'bench', '--', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ plans: 2, machine: 'probe' });
    expect(r.stderr).toContain('building the workload...');
  });

  it('npm run bench -- --json=FILE: the file is the result; npm and the progress speak on stdout', () => {
    const file = join(dir, 'result.json');
    const r = npm(['run', 'bench', '--', `--json=${file}`]);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ plans: 2, machine: 'probe' });
    expect(r.stdout).toContain('> bench-probe@0.0.0 bench');
    expect(r.stdout).toContain('building the workload...');
  });

  it('without -s npm banners stdout, which is why the README says -s', () => {
    const r = npm(['run', 'bench', '--', '--json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\s*> bench-probe@0\.0\.0 bench\n/);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });
});

describe('benchOutput', () => {
  const capture = () => {
    const streams = { stdout: [] as string[], stderr: [] as string[] };
    return { streams, io: { stdout: { write: (t: string) => streams.stdout.push(t) }, stderr: { write: (t: string) => streams.stderr.push(t) } } };
  };

  it('without --json: the text report on stdout, no result object', () => {
    const { streams, io } = capture();
    const out = benchOutput([], io);
    out.log('line');
    out.emit({ a: 1 });
    expect([out.json, streams.stdout, streams.stderr]).toEqual([false, ['line\n'], []]);
  });

  it('refuses --json= without a path rather than writing a file named ""', () => {
    expect(() => benchOutput(['--json='], capture().io)).toThrow(/needs a file path/);
    expect(existsSync(join(dir, '""'))).toBe(false);
  });
});

describe('installs speak', () => {
  it('the project does not silence npm', () => {
    const npmrc = join(root, '.npmrc');
    const text = existsSync(npmrc) ? readFileSync(npmrc, 'utf8') : '';
    expect(text).not.toMatch(/^\s*loglevel\s*=\s*silent/m);
    expect(npm(['config', 'get', 'loglevel'], root).stdout.trim()).not.toBe('silent');
  });
});
