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

export default defineConfig({
  // Relative base: the studio is a static site that may live under any path.
  base: './',
  plugins: [solid(), wgsl(), serviceWorkerPlugin()],
  worker: { format: 'es', plugins: () => [wgsl()] },
  build: {
    target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000,
    // Two pages: the studio, and the engine benchmark (web/bench/bench.html). Vite 8 names
    // rollupOptions rolldownOptions; the old name is a deprecated alias.
    rolldownOptions: { input: { main: 'index.html', bench: 'web/bench/bench.html' } },
  },
  server: { port: 5173 },
  test: {
    include: ['web/**/*.test.ts'],
    exclude: ['web/**/*.browser.test.ts', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
