// The engine's compute pipelines: each kernel file in shaders/ is compiled with the shared
// WGSL it needs in front (WGSL has no includes), and a compile error is thrown with the
// shader's messages, each naming its own file and line, instead of surfacing later as an
// invalid pipeline. The sources are imported lazily so that the engine modules load in Node
// (tsx, vitest) without a WGSL loader.
import { compilationError, joinWgsl, type WgslFile } from './wgsl-source.ts';

export interface Kernels {
  poses: GPUComputePipeline;
  pairs: GPUComputePipeline;
  occlusion: GPUComputePipeline;
}

export type KernelName = keyof Kernels;

/** Each kernel's files, in the order they are joined: the generated layout, the shared WGSL it needs, then the kernel. */
export async function kernelFiles(): Promise<Record<KernelName, WgslFile[]>> {
  const [layout, poseMath, closestPoint, poses, pairs, occlusion] = (await Promise.all([
    import('../../../shaders/layout.generated.wgsl'), import('../../../shaders/pose-math.wgsl'), import('../../../shaders/closest-point.wgsl'),
    import('../../../shaders/poses.wgsl'), import('../../../shaders/pairs.wgsl'), import('../../../shaders/occlusion.wgsl'),
  ])).map((m) => m.default);
  const f = (file: string, code: string): WgslFile => ({ file: `shaders/${file}`, code });
  const shared = [f('layout.generated.wgsl', layout), f('pose-math.wgsl', poseMath)];
  return {
    poses: [...shared, f('poses.wgsl', poses)],
    pairs: [...shared, f('closest-point.wgsl', closestPoint), f('pairs.wgsl', pairs)],
    occlusion: [...shared, f('closest-point.wgsl', closestPoint), f('occlusion.wgsl', occlusion)],
  };
}

/** Compiles one kernel from its files; a compile error names the file and line of each message. */
export async function compileKernel(device: GPUDevice, name: KernelName, files: readonly WgslFile[]): Promise<GPUComputePipeline> {
  const joined = joinWgsl(files);
  const module = device.createShaderModule({ label: `${name} kernel`, code: joined.code });
  const info = await module.getCompilationInfo();
  const error = compilationError(name, joined, info.messages);
  if (error) throw error;
  return device.createComputePipelineAsync({ label: name, layout: 'auto', compute: { module, entryPoint: 'main' } });
}

export async function createKernels(device: GPUDevice): Promise<Kernels> {
  const files = await kernelFiles();
  const [poses, pairs, occlusion] = await Promise.all([
    compileKernel(device, 'poses', files.poses), compileKernel(device, 'pairs', files.pairs), compileKernel(device, 'occlusion', files.occlusion),
  ]);
  return { poses, pairs, occlusion };
}
