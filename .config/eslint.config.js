// Lint rules that carry the architecture: web/core and web/geometry are the pure rooms
// (no DOM, GPU, WASM, IndexedDB, UI, store or engine), and the UI reaches compute only
// through the engine's interface and data only through the store.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impure = {
  patterns: [
    { group: ['**/ui/**', '**/store/**', '**/engine/**', '**/cli/**'], message: 'web/core and web/geometry are pure: they import nothing from ui, store, engine or cli.' },
    { group: ['solid-js', 'solid-js/*', 'three', 'three/*', 'three-mesh-bvh', 'idb', 'comlink', 'fake-indexeddb', 'fake-indexeddb/*'], message: 'web/core and web/geometry are pure: no UI, rendering, IndexedDB or worker libraries.' },
  ],
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
    // AssemblyScript has its own types (i32, f32, store<T>...) that TS lint does not know.
    files: ['engine-asm/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off', 'no-undef': 'off', 'prefer-const': 'off' },
  },
);
