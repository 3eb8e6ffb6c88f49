import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STUDIO_VERSION } from './studio-version.ts';

describe('STUDIO_VERSION', () => {
  it('is package.json\'s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(STUDIO_VERSION).toBe(pkg.version);
  });
});
