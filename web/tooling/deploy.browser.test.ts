// What `npm run build` leaves in dist/ is what a host serves next to patient data: the
// studio only. The engine benchmark (its own build: `npm run bench:page`) and source maps
// (SOURCEMAP=1 only) stay out, and the service worker precaches neither.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';

interface DistFile { path: string; linksSourceMap: boolean }

const distFiles = () => executeServerCommand('dist-files') as Promise<DistFile[]>;

async function precacheList(): Promise<string[]> {
  const sw = await (await fetch('/dist/sw.js', { cache: 'no-store' })).text();
  const assets = /const ASSETS = (\[.*\]);/.exec(sw);
  if (!assets) throw new Error(`dist/sw.js lists no ASSETS: ${sw.slice(0, 200)}`);
  return JSON.parse(assets[1]) as string[];
}

describe('the deployed studio (dist/)', () => {
  it('holds the studio and its service worker, and no bench page', async () => {
    const paths = (await distFiles()).map((f) => f.path);
    expect(paths).to.include.members(['index.html', 'sw.js', 'manifest.webmanifest']);
    expect(paths.filter((p) => /bench/i.test(p)), 'bench files in dist/').to.deep.equal([]);
    const assets = await precacheList();
    expect(assets).to.include.members(['./', './index.html']);
    expect(assets.filter((a) => /bench/i.test(a)), 'bench files precached').to.deep.equal([]);
  });

  it('ships no source maps and no links to them', async () => {
    const files = await distFiles();
    expect(files.filter((f) => f.path.endsWith('.js')).length, 'scripts in dist/').to.be.greaterThan(3);
    expect(files.filter((f) => f.path.endsWith('.map')).map((f) => f.path), 'source maps').to.deep.equal([]);
    expect(files.filter((f) => f.linksSourceMap).map((f) => f.path), 'files linking a source map').to.deep.equal([]);
  });
});
