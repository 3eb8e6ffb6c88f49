// The one door to manifold-3d (a WASM module): loaded once per thread on first use. Every
// Manifold and Mesh it makes lives in WASM memory and must be delete()d by whoever made it,
// in a finally, or the memory stays taken until the thread ends.
import Module from 'manifold-3d';
import type { ManifoldToplevel } from 'manifold-3d';

export type ManifoldApi = ManifoldToplevel;

let loading: Promise<ManifoldApi> | null = null;

export function loadManifold(): Promise<ManifoldApi> {
  loading ??= Module().then((wasm) => {
    wasm.setup();
    return wasm;
  });
  return loading;
}
