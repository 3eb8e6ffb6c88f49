// Test harness for WGSL kernels and the WebGPU engine in headless Chromium, in the style of
// webgpu-utils: every test gets a fresh device inside a validation error scope, the buffers
// it makes are tracked and destroyed, and readbacks are compared with an explicit tolerance.
// A test fails on any validation error even when its numbers happen to look right.

export interface GpuTest {
  adapter: GPUAdapter;
  device: GPUDevice;
  /** A storage buffer holding `data`, destroyed after the test. */
  upload(data: ArrayBufferView<ArrayBuffer>, usage?: number): GPUBuffer;
  /** A buffer of `bytes`, destroyed after the test. */
  buffer(bytes: number, usage: number): GPUBuffer;
  /** Copies `bytes` of a buffer (COPY_SRC) out through a staging buffer. */
  read(buffer: GPUBuffer, bytes: number): Promise<ArrayBuffer>;
  /** Call when the test loses the device on purpose: the error scope is not checked. */
  expectLoss(): void;
}

export async function withGpu<T>(fn: (gpu: GpuTest) => Promise<T>): Promise<T> {
  if (!navigator.gpu) throw new Error('navigator.gpu is missing: run Chromium with --enable-unsafe-webgpu');
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter');
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
  });
  const tracked: GPUBuffer[] = [];
  let lossExpected = false;
  const uncaptured: string[] = [];
  device.addEventListener('uncapturederror', (e) => uncaptured.push((e as GPUUncapturedErrorEvent).error.message));
  const buffer = (bytes: number, usage: number) => {
    const b = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage });
    tracked.push(b);
    return b;
  };
  const gpu: GpuTest = {
    adapter, device, buffer,
    upload(data, usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC) {
      const b = buffer(data.byteLength, usage | GPUBufferUsage.COPY_DST);
      device.queue.writeBuffer(b, 0, data);
      return b;
    },
    async read(source, bytes) {
      const staging = buffer(bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(source, 0, staging, 0, bytes);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const out = staging.getMappedRange(0, bytes).slice(0);
      staging.unmap();
      return out;
    },
    expectLoss() {
      lossExpected = true;
    },
  };
  device.pushErrorScope('validation');
  try {
    const result = await fn(gpu);
    if (!lossExpected) {
      const error = await device.popErrorScope();
      if (error) throw new Error(`WebGPU validation error: ${error.message}`);
      if (uncaptured.length > 0) throw new Error(`WebGPU errors outside any scope: ${uncaptured.join('; ')}`);
    }
    return result;
  } finally {
    for (const b of tracked) b.destroy();
    device.destroy();
  }
}

/** Throws naming the first element of `actual` farther than `tolerance` from `expected`. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= tolerance)) throw new Error(`${what}[${i}]: ${actual[i]} differs from ${expected[i]} by ${d} (tolerance ${tolerance})`);
  }
}
