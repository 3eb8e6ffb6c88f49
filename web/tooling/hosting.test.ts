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

  it('let the studio fetch a share link\'s package from an https host or this computer, and load nothing else from elsewhere', () => {
    const policy = new Map(headers['Content-Security-Policy'].split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name, sources] as const;
    }));
    expect(policy.get('connect-src')).toEqual(["'self'", 'blob:', 'data:', 'https:', 'http://localhost:*', 'http://127.0.0.1:*']);
    // Only the download may reach out: scripts, workers, styles, images and fonts stay on the studio's origin.
    for (const directive of ['default-src', 'script-src', 'worker-src', 'img-src', 'style-src', 'font-src']) {
      expect(policy.get(directive)!.filter((s) => /^(https?:|\*)/.test(s)), directive).toEqual([]);
    }
  });

  it('are the ones README tells a host to send', () => {
    for (const [name, value] of Object.entries(headers)) expect(readmeHeader(name), name).toBe(value);
  });
});
