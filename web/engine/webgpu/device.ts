// The WebGPU capability gate of the engine: finds an adapter, checks the limits the kernels
// need, asks for the large storage bindings explicitly, and turns every way of not having a
// usable GPU into one error type whose message names what is missing.
import { WORKGROUP_SIZE } from '../layout.ts';

/** No usable WebGPU here: the message names the missing API, adapter, feature or limit. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

/** The device went away (driver reset, destroy(), tab in the background too long). */
export class WebGpuDeviceLostError extends Error {
  override name = 'WebGpuDeviceLostError';
}

type LimitName = 'maxStorageBuffersPerShaderStage' | 'maxComputeWorkgroupSizeX' | 'maxComputeInvocationsPerWorkgroup'
  | 'maxComputeWorkgroupStorageSize' | 'maxUniformBufferBindingSize' | 'maxBindGroups' | 'maxComputeWorkgroupsPerDimension';

/** What the kernels in shaders/ need: 7 storage buffers + 1 uniform in a group, WORKGROUP_SIZE-wide workgroups. */
export const REQUIRED_LIMITS: Record<LimitName, number> = {
  maxStorageBuffersPerShaderStage: 7,
  maxComputeWorkgroupSizeX: WORKGROUP_SIZE,
  maxComputeInvocationsPerWorkgroup: WORKGROUP_SIZE,
  maxComputeWorkgroupStorageSize: 2048,
  maxUniformBufferBindingSize: 32,
  maxBindGroups: 1,
  maxComputeWorkgroupsPerDimension: 1024,
};

export function checkLimits(limits: GPUSupportedLimits, what: string): void {
  for (const [name, needed] of Object.entries(REQUIRED_LIMITS) as [LimitName, number][]) {
    if (!(limits[name] >= needed)) {
      throw new WebGpuUnavailableError(`${what} has ${name} = ${limits[name]}, the engine needs at least ${needed}`);
    }
  }
}

export interface AcquiredDevice {
  device: GPUDevice;
  /** True when the engine created the device and so destroys it on dispose. */
  owned: boolean;
}

export async function acquireDevice(opts: { device?: GPUDevice; adapter?: GPUAdapter }): Promise<AcquiredDevice> {
  if (opts.device) {
    checkLimits(opts.device.limits, 'the given GPU device');
    return { device: opts.device, owned: false };
  }
  let adapter = opts.adapter ?? null;
  if (!adapter) {
    const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    if (!gpu) throw new WebGpuUnavailableError('WebGPU is not available: navigator.gpu is missing (no browser support, or not a secure context)');
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new WebGpuUnavailableError('WebGPU is not available: requestAdapter() found no adapter');
  }
  checkLimits(adapter.limits, 'the WebGPU adapter');
  // Teeth of a whole arch can outgrow the default 128 MiB bindings; ask for what the adapter has.
  // The kernels bind 7 storage buffers; 8 is every adapter's floor, named so the device promises it.
  const requiredLimits: Record<string, number> = {
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBuffersPerShaderStage: Math.max(8, REQUIRED_LIMITS.maxStorageBuffersPerShaderStage),
  };
  try {
    return { device: await adapter.requestDevice({ requiredLimits }), owned: true };
  } catch (e) {
    throw new WebGpuUnavailableError(`WebGPU is not available: requestDevice failed (${(e as Error).message})`);
  }
}

/** Throws when a buffer the engine needs is larger than the device can bind. */
export function checkBindingSize(device: GPUDevice, bytes: number, what: string): void {
  const max = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (bytes > max) {
    throw new WebGpuUnavailableError(`${what} needs ${bytes} bytes, more than this GPU's maxStorageBufferBindingSize / maxBufferSize (${max})`);
  }
}
