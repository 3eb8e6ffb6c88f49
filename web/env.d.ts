// WGSL kernels are imported as source text (vite.config.ts and the test-runner config
// both turn `*.wgsl` into a default-exported string).
declare module '*.wgsl' {
  const source: string;
  export default source;
}
