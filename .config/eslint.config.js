// Lint rules that carry the architecture: web/core and web/geometry are the pure rooms
// (no DOM, GPU, WASM, IndexedDB, UI, store or engine), and the UI reaches compute only
// through the engine's interface and data only through the store; web/pipeline (the headless
// plan derivation) and web/exchange (what leaves and enters) know neither ui, store, cli nor
// bench. Test support lives in a `fixtures/` folder of its room (web/core/fixtures,
// web/geometry/fixtures, ...): there, and in *.test.ts, Node may read the shared scans; the
// pure rooms' own source never can.
// engine-asm is AssemblyScript, which is TypeScript syntax: `npm run lint` checks it with the
// same rules (its i32/f32 are types, which no-undef does not look at in TS files).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impure = {
  patterns: [
    { group: ['**/ui/**', '**/store/**', '**/engine/**', '**/cli/**'], message: 'web/core and web/geometry are pure: they import nothing from ui, store, engine or cli.' },
    { group: ['solid-js', 'solid-js/*', 'three', 'three/*', 'three-mesh-bvh', 'idb', 'comlink', 'fake-indexeddb', 'fake-indexeddb/*'], message: 'web/core and web/geometry are pure: no UI, rendering, IndexedDB or worker libraries.' },
  ],
};

const nodeMessage = 'web/core and web/geometry are pure and run in the browser: no Node modules (test support goes in a fixtures/ folder).';
const noNode = {
  paths: builtinModules.map((name) => ({ name, message: nodeMessage })),
  patterns: [{ regex: '^node:', message: nodeMessage }],
};

const pureGlobals = [
  { name: 'document', message: 'no DOM in the pure core' },
  { name: 'window', message: 'no DOM in the pure core' },
  { name: 'indexedDB', message: 'no IndexedDB in the pure core' },
  { name: 'navigator', message: 'no browser APIs (GPU, storage) in the pure core' },
  { name: 'localStorage', message: 'no storage in the pure core' },
  { name: 'WebAssembly', message: 'no WASM in the pure core' },
  { name: 'fetch', message: 'no network in the pure core' },
];
const nodeGlobals = [
  { name: 'process', message: 'no Node in the pure core' },
  { name: 'Buffer', message: 'no Node in the pure core (Uint8Array)' },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'engine-asm/build/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['web/core/**/*.ts', 'web/geometry/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: noNode.paths, patterns: [...impure.patterns, ...noNode.patterns] }],
      'no-restricted-globals': ['error', ...pureGlobals, ...nodeGlobals],
    },
  },
  {
    // Their test support stays pure in every other way: it builds inputs for pure code.
    files: ['web/core/**/fixtures/**/*.ts', 'web/geometry/**/fixtures/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', impure],
      'no-restricted-globals': ['error', ...pureGlobals],
    },
  },
  {
    files: ['web/ui/**/*.ts', 'web/ui/**/*.tsx'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['idb', 'fake-indexeddb', '**/store/db', '**/store/db.ts'], message: 'the UI reaches data only through the store repositories.' },
        { group: ['**/engine/reference*', '**/engine/wasm*', '**/engine/webgpu*'], message: 'the UI reaches compute only through the engine interface (engine.ts / select.ts / worker).' },
      ] }],
    },
  },
  {
    // The headless plan pipeline serves the studio, the CLI and the bench alike: it knows none of them.
    files: ['web/pipeline/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/ui/**', '**/store/**', '**/cli/**', '**/bench/**', 'solid-js', 'solid-js/*', 'idb', 'fake-indexeddb', 'fake-indexeddb/*'], message: 'web/pipeline is headless: it imports nothing from ui, store, cli or bench.' },
        { group: ['**/engine/reference*', '**/engine/wasm*', '**/engine/webgpu*', '**/engine/worker*', '**/engine/select*', '**/engine/engine-client*'], message: 'web/pipeline reaches compute only through the engine interface (engine.ts): the caller passes the engine in.' },
      ] }],
    },
  },
  {
    // What leaves and enters (plan package, share links, codec, signing) is read and written by
    // the studio's workers, the store and the CLI alike: it knows none of them.
    files: ['web/exchange/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/ui/**', '**/store/**', '**/cli/**', '**/bench/**', 'solid-js', 'solid-js/*', 'idb', 'fake-indexeddb', 'fake-indexeddb/*'], message: 'web/exchange imports nothing from ui, store, cli or bench: the store and the UI call it, not the other way round.' },
        { group: ['**/engine/reference*', '**/engine/wasm*', '**/engine/webgpu*', '**/engine/worker*', '**/engine/select*', '**/engine/engine-client*'], message: 'web/exchange reaches compute only through the engine interface (engine.ts), if at all.' },
      ] }],
    },
  },
  {
    // Manufacturing solids (attachments, printable models) with manifold-3d: made alike by the
    // studio's workers, the CLI and the bench, so it knows none of them.
    files: ['web/manufacture/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/ui/**', '**/store/**', '**/cli/**', '**/bench/**', 'solid-js', 'solid-js/*', 'idb', 'fake-indexeddb', 'fake-indexeddb/*', 'three', 'three/*'], message: 'web/manufacture imports nothing from ui, store, cli or bench: they call it.' },
      ] }],
    },
  },
  {
    // The treatment report (pictures drawn in software, the PDF, the CSVs): made alike by the
    // studio's report worker and the CLI, in the browser and in Node, so it knows none of them.
    files: ['web/report/**/*.ts'],
    ignores: ['**/*.test.ts', '**/fixtures/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: noNode.paths, patterns: [
        { group: ['**/ui/**', '**/store/**', '**/cli/**', '**/bench/**', '**/engine/**', 'solid-js', 'solid-js/*', 'idb', 'fake-indexeddb', 'fake-indexeddb/*', 'three', 'three/*'], message: 'web/report imports nothing from ui, store, cli, bench or the engine: they call it with a derived plan.' },
        ...noNode.patterns,
      ] }],
      'no-restricted-globals': ['error', ...pureGlobals, ...nodeGlobals],
    },
  },
);
