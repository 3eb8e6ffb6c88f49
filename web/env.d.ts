// WGSL kernels are imported as source text (vite.config.ts and the test-runner config
// both turn `*.wgsl` into a default-exported string).
declare module '*.wgsl' {
  const source: string;
  export default source;
}

// comlink ships its Node adapter as .mjs with its types beside it under another name.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
