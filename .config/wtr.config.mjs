// @web/test-runner in Debian's headless Chromium: WebGPU kernels on the software adapter,
// real IndexedDB, and the built studio end to end. Chromium is found at CHROME_PATH or
// /usr/bin/chromium (.ci/run installs it); tools that download their own browser fail here.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fileURLToPath } from 'node:url';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { offlineCommands } from '../web/tooling/offline-commands.mjs';
import { distCommands } from '../web/tooling/dist-commands.mjs';
import { reviewCommands } from '../web/tooling/review-commands.mjs';
import { touchCommands } from '../web/tooling/touch-commands.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.wtr-out');
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

/** WGSL kernels are served as JS modules exporting their source, as vite.config.ts does. */
const wgslPlugin = {
  name: 'wgsl-source',
  resolveMimeType(context) {
    if (context.path.endsWith('.wgsl')) return 'js';
  },
  transform(context) {
    if (context.path.endsWith('.wgsl')) return { body: `export default ${JSON.stringify(context.body)};` };
  },
};

/** How much of a screenshot differs from its top-left pixel: a blank canvas scores ~0. */
function pixelStats(png) {
  const { data, width, height } = png;
  const bg = [data[0], data[1], data[2]];
  let differing = 0;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) {
    const d = Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]);
    if (d > 24) differing++;
    if (colours.size < 4096) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  }
  return { width, height, differingFraction: differing / (width * height), distinctColours: colours.size };
}

/**
 * Real scans for browser tests: /__shared__/data/... reads ../shared/data beside the
 * checkout (never copied into the repo or the app bundle).
 */
const sharedData = resolve(root, '..', 'shared', 'data');
async function sharedDataMiddleware(ctx, next) {
  if (!ctx.path.startsWith('/__shared__/data/')) return next();
  const file = resolve(sharedData, decodeURIComponent(ctx.path.slice('/__shared__/data/'.length)));
  if (!file.startsWith(sharedData + '/')) { ctx.status = 403; return; }
  try {
    ctx.body = readFileSync(file);
    ctx.type = 'application/octet-stream';
  } catch {
    ctx.status = 404;
  }
}

/**
 * The importer's hostile files (web/geometry/import/repro) byte for byte under /__repro__/:
 * the dev server decodes text-like files as UTF-8, which would mangle the UTF-16 one.
 */
const reproDir = resolve(root, 'web', 'geometry', 'import', 'repro');
async function reproMiddleware(ctx, next) {
  if (!ctx.path.startsWith('/__repro__/')) return next();
  const file = resolve(reproDir, decodeURIComponent(ctx.path.slice('/__repro__/'.length)));
  if (!file.startsWith(reproDir + '/')) { ctx.status = 403; return; }
  try {
    ctx.body = readFileSync(file);
    ctx.type = 'application/octet-stream';
  } catch {
    ctx.status = 404;
  }
}

/** Commands the browser tests call through `executeServerCommand`. */
const studioCommands = {
  name: 'studio-commands',
  async executeCommand({ command, payload, session }) {
    if (!['studio-screenshot', 'studio-upload'].includes(command)) return undefined;
    const page = session.browser.getPage(session.id);
    if (command === 'studio-upload') {
      // A real file chooser upload into the app's <input type=file>, from files on disk
      // (paths relative to the repo root, so ../shared/data works).
      const frame = page.frames().find((f) => f.url().includes(payload.frameUrlPart));
      if (!frame) throw new Error(`no frame whose URL contains ${payload.frameUrlPart}`);
      const input = await frame.$(`[data-testid="${payload.testId}"]`);
      if (!input) throw new Error(`no element [data-testid=${payload.testId}] in ${frame.url()}`);
      await input.uploadFile(...payload.files.map((f) => resolve(root, f)));
      return true;
    }
    mkdirSync(outDir, { recursive: true });
    const clip = payload.clip && { x: payload.clip.x, y: payload.clip.y, width: payload.clip.width, height: payload.clip.height };
    const bytes = await page.screenshot({ type: 'png', ...(clip ? { clip } : {}) });
    const file = join(outDir, `${payload.name}.png`);
    writeFileSync(file, bytes);
    return { file, ...pixelStats(PNG.sync.read(Buffer.from(bytes))) };
  },
};

// dicom-parser ships only a UMD bundle: test modules that reach it (through the package code)
// get it wrapped as an ES module here, as Vite's build does for the studio. Its require of
// zlib (for deflated DICOM) gets nothing, as its package.json's "browser" field asks.
const DICOM_SHIM = '/__dicom-parser.js';
const dicomParserEsm = {
  name: 'dicom-parser-esm',
  resolveImport({ source }) {
    if (source === 'dicom-parser') return DICOM_SHIM;
  },
  serve(context) {
    if (context.path !== DICOM_SHIM) return;
    const umd = readFileSync(join(root, 'node_modules/dicom-parser/dist/dicomParser.min.js'), 'utf8');
    return {
      body: `const module = { exports: {} }; const exports = module.exports; const require = () => ({});\n${umd}\nexport default module.exports;`,
      type: 'js',
    };
  },
};

export default {
  rootDir: root,
  files: ['web/**/*.browser.test.ts'],
  nodeResolve: true,
  middleware: [sharedDataMiddleware, reproMiddleware],
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 900_000,
  testFramework: { config: { timeout: 180_000 } },
  plugins: [dicomParserEsm, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(root, 'tsconfig.json') }), wgslPlugin, studioCommands, offlineCommands({ root }), distCommands({ root }), reviewCommands({ root }), touchCommands()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
          '--no-first-run', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--enable-features=Vulkan',
          '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader', '--use-angle=swiftshader',
          '--window-size=1400,900',
        ],
        defaultViewport: { width: 1400, height: 900 },
      },
    }),
  ],
};
