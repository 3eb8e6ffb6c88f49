// Test-runner command for web/tooling/deploy.browser.test.ts: the files of dist/ as they are
// on disk. Fetching them through the test server would not do: it rewrites JavaScript (and
// adds its own source-map links) on the way.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

export function distCommands({ root }) {
  const dist = resolve(root, 'dist');
  return {
    name: 'dist-commands',
    executeCommand({ command }) {
      if (command !== 'dist-files') return undefined;
      return listFiles(dist).map((file) => ({
        path: relative(dist, file).split('\\').join('/'),
        linksSourceMap: /\.(js|css)$/.test(file) && /[#@] sourceMappingURL=/.test(readFileSync(file, 'utf8')),
      }));
    },
  };
}
