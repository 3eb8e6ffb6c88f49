import { describe, expect, it } from 'vitest';
import { PackageError } from './errors.ts';
import { packageUrlProblem, parseShareFragment, shareLink } from './share-link.ts';

const KEY = 'q1w2e3r4t5y6u7i8o9p0-_ASDFGHJKLZXCVBNMqwert';
const FILE_URL = 'https://files.example.org/shared/P 301 & co/P-301-Final-2026-12-03.aligner?sig=a+b/c=';

function refusal(run: () => unknown): PackageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PackageError);
    return error as PackageError;
  }
  throw new Error('expected a refusal');
}

describe('share links', () => {
  it('puts the file and key in the fragment, replacing any fragment the studio URL had, and reads them back', () => {
    expect(KEY).toHaveLength(43);
    const link = shareLink('https://studio.example.org/app/?lang=en#case=abc', FILE_URL, KEY);
    expect(link.startsWith('https://studio.example.org/app/?lang=en#package=https%3A%2F%2Ffiles.example.org')).toBe(true);
    expect(link.endsWith(`&key=${KEY}`)).toBe(true);
    const url = new URL(link);
    // What a server would receive: no file, no key.
    expect(`${url.origin}${url.pathname}${url.search}`).not.toContain('files.example.org');
    expect(parseShareFragment(url.hash)).toEqual({ packageUrl: FILE_URL, key: KEY });
  });

  it('a fragment without a package is an ordinary visit', () => {
    expect(parseShareFragment('')).toBeNull();
    expect(parseShareFragment('#')).toBeNull();
    expect(parseShareFragment('#case=abc&stage=3')).toBeNull();
  });

  it('a link cut short or garbled says so, with the missing part named', () => {
    const noKey = refusal(() => parseShareFragment(`#package=${encodeURIComponent(FILE_URL)}`));
    expect(noKey.code).toBe('wrong-key');
    expect(noKey.message).toContain('carries no key');
    const shortKey = refusal(() => parseShareFragment(`#package=${encodeURIComponent(FILE_URL)}&key=${KEY.slice(0, 20)}`));
    expect(shortKey.message).toBe('The key in this link is cut short or damaged. Ask for the link again (copy all of it).');
    expect(refusal(() => parseShareFragment(`#package=&key=${KEY}`)).message).toContain('it names no package file');
    expect(refusal(() => parseShareFragment(`#package=%E0%A4%A&key=${KEY}`)).message).toContain('its package part is not readable');
    expect(refusal(() => parseShareFragment(`#package=a&package=b&key=${KEY}`)).message).toContain('it names a package twice');
  });

  it('fetches only over https, or plain http from this computer, and never with credentials', () => {
    expect(packageUrlProblem('https://files.example.org/p.aligner')).toBeNull();
    for (const local of ['http://localhost:8080/p.aligner', 'http://127.0.0.1/p.aligner', 'http://[::1]:9000/p.aligner']) {
      expect(packageUrlProblem(local)).toBeNull();
    }
    expect(packageUrlProblem('http://files.example.org/p.aligner')).toContain('not secure (http://files.example.org)');
    expect(packageUrlProblem('http://localhost.example.org/p.aligner')).toContain('not secure');
    expect(packageUrlProblem('file:///home/me/p.aligner')).toContain('(file)');
    expect(packageUrlProblem('javascript:alert(1)')).toContain('must start with https://');
    expect(packageUrlProblem('https://me:secret@files.example.org/p.aligner')).toContain('user name or password');
    expect(packageUrlProblem('files.example.org/p.aligner')).toBe('"files.example.org/p.aligner" is not a web address');
  });
});
