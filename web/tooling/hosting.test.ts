// README's "Hosting" table is what operators copy into their host's configuration, and
// static-host.mjs is what the offline journey proves the studio against: they must say the
// same, and the policy must be index.html's own plus frame-ancestors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostingHeaders } from './static-host.mjs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const indexHtml = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');

function readmeHeader(name: string): string {
  const row = new RegExp(`^\\| \`${name}\` \\| \`([^\`]+)\``, 'm').exec(readme);
  if (!row) throw new Error(`README's Hosting table has no ${name} row`);
  return row[1];
}

describe('hosting headers', () => {
  const headers = hostingHeaders(indexHtml);

  it('extend index.html\'s own policy with frame-ancestors, which a <meta> cannot carry', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)![1];
    expect(headers['Content-Security-Policy']).toBe(`${meta}; frame-ancestors 'none'`);
  });

  it('are the ones README tells a host to send', () => {
    for (const [name, value] of Object.entries(headers)) expect(readmeHeader(name), name).toBe(value);
  });
});
