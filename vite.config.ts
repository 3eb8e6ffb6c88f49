import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { serviceWorkerPlugin } from './web/tooling/vite-sw-plugin.ts';

/** WGSL files become default-exported strings, the same in the app, vitest and the bench. */
function wgsl(): Plugin {
  return {
    name: 'wgsl-source',
    transform(code, id) {
      if (!id.endsWith('.wgsl')) return null;
      return { code: `export default ${JSON.stringify(code)};`, map: null };
    },
  };
}

// `--mode bench` builds only the engine benchmark page (web/bench/bench.html) into
// dist-bench/, which `npm run bench:page` serves on its own origin: the benchmark never
// ships inside the studio's dist/, next to patient data.
export default defineConfig(({ mode }) => {
  const bench = mode === 'bench';
  const input: Record<string, string> = bench ? { bench: 'web/bench/bench.html' } : { main: 'index.html' };
  return {
    // Relative base: the studio is a static site that may live under any path.
    base: './',
    // The bench page needs none of the studio's manifest and icons.
    publicDir: bench ? false : 'public',
    plugins: [solid(), wgsl(), ...(bench ? [] : [serviceWorkerPlugin()])],
    worker: { format: 'es', plugins: () => [wgsl()] },
    build: {
      // Source maps would publish the whole source beside the app: only on request.
      target: 'es2022', sourcemap: process.env.SOURCEMAP === '1', chunkSizeWarningLimit: 2000,
      outDir: bench ? 'dist-bench' : 'dist',
      // Vite 8 names rollupOptions rolldownOptions; the old name is a deprecated alias.
      rolldownOptions: { input },
    },
    server: { port: 5173 },
    test: {
      include: ['web/**/*.test.ts'],
      exclude: ['web/**/*.browser.test.ts', 'node_modules/**'],
      environment: 'node',
      testTimeout: 60_000,
      // Hooks load real scans and engines too: a busy machine must not fail them at vitest's 10 s default.
      hookTimeout: 60_000,
      pool: 'forks',
    },
  };
});
