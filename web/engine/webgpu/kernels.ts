// The engine's compute pipelines: each kernel file in shaders/ is compiled with the shared
// WGSL it needs in front (WGSL has no includes), and a compile error is thrown with the
// shader's messages instead of surfacing later as an invalid pipeline. The sources are
// imported lazily so that the engine modules load in Node (tsx, vitest) without a WGSL loader.

export interface Kernels {
  poses: GPUComputePipeline;
  pairs: GPUComputePipeline;
  occlusion: GPUComputePipeline;
}

/** Each kernel's full source: the shared WGSL it needs, then the kernel file. */
export async function kernelSources(): Promise<Record<keyof Kernels, string>> {
  const [poseMath, closestPoint, poses, pairs, occlusion] = (await Promise.all([
    import('../../../shaders/pose-math.wgsl'), import('../../../shaders/closest-point.wgsl'),
    import('../../../shaders/poses.wgsl'), import('../../../shaders/pairs.wgsl'), import('../../../shaders/occlusion.wgsl'),
  ])).map((m) => m.default);
  return {
    poses: [poseMath, poses].join('\n'),
    pairs: [poseMath, closestPoint, pairs].join('\n'),
    occlusion: [poseMath, closestPoint, occlusion].join('\n'),
  };
}

async function compile(device: GPUDevice, name: keyof Kernels, code: string): Promise<GPUComputePipeline> {
  const module = device.createShaderModule({ label: `${name}.wgsl`, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    throw new Error(`shaders/${name}.wgsl does not compile: ${errors.map((m) => `line ${m.lineNum}: ${m.message}`).join('; ')}`);
  }
  return device.createComputePipelineAsync({ label: name, layout: 'auto', compute: { module, entryPoint: 'main' } });
}

export async function createKernels(device: GPUDevice): Promise<Kernels> {
  const code = await kernelSources();
  const [poses, pairs, occlusion] = await Promise.all([compile(device, 'poses', code.poses), compile(device, 'pairs', code.pairs), compile(device, 'occlusion', code.occlusion)]);
  return { poses, pairs, occlusion };
}
