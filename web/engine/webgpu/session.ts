// One engine's hold on a GPU device: the buffers it made (all destroyed on close), the
// device-lost watch, operations run one at a time, and the submit-then-read-once path with a
// validation error scope, so that a lost device or a bad command surfaces as an error and
// never as a promise that does not settle.
import { WebGpuDeviceLostError, checkBindingSize } from './device.ts';
import { createLane } from '../../core/lane.ts';

// GPUBufferUsage / GPUMapMode values (WebGPU spec), spelled out so that the engine modules can
// be imported where WebGPU's globals do not exist (Node, tsx) and fail only when created there.
export const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
const MAP_READ = 0x1;
/** A storage buffer the host fills. */
export const STORAGE = USAGE.STORAGE | USAGE.COPY_DST;
/** Kernel parameters: one 32-byte uniform block per kernel. */
export const PARAMS_BYTES = 32;

export class GpuSession {
  private readonly buffers = new Set<GPUBuffer>();
  private closed = false;
  private lostReason: string | null = null;
  private readonly lost: Promise<never>;
  private readonly lane = createLane();

  constructor(readonly device: GPUDevice, private readonly owned: boolean, onLost?: (reason: string) => void) {
    this.lost = device.lost.then((info) => {
      this.lostReason = `${info.reason}: ${info.message || 'no message'}`;
      if (!this.closed) onLost?.(this.lostReason);
      throw this.lostError();
    });
    this.lost.catch(() => undefined);
  }

  private lostError(): WebGpuDeviceLostError {
    return new WebGpuDeviceLostError(`the WebGPU device was lost (${this.lostReason}); the engine cannot continue`);
  }

  /** Operations run one at a time: each reads state the one before may still be writing. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.closed) throw new Error('the webgpu engine has been disposed');
      if (this.lostReason) throw this.lostError();
      return fn();
    };
    return this.lane.enqueue(run);
  }

  buffer(bytes: number, usage: number, label?: string): GPUBuffer {
    // Bindings may not be empty: an empty table still gets a few words.
    const b = this.device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 4) * 4), usage });
    this.buffers.add(b);
    return b;
  }

  upload(data: ArrayBuffer | ArrayBufferView<ArrayBuffer>, label: string): GPUBuffer {
    const bytes = data.byteLength;
    checkBindingSize(this.device, bytes, label);
    const b = this.buffer(bytes, STORAGE, label);
    if (bytes > 0) this.device.queue.writeBuffer(b, 0, ArrayBuffer.isView(data) ? data : new Uint8Array(data));
    return b;
  }

  release(...bs: (GPUBuffer | undefined)[]): void {
    for (const b of bs) {
      if (!b) continue;
      b.destroy();
      this.buffers.delete(b);
    }
  }

  /** Writes a parameter block: u32 words, except the indices in floatAt, which are f32. */
  writeParams(target: GPUBuffer, words: number[], floatAt: number[] = []): void {
    const data = new ArrayBuffer(PARAMS_BYTES);
    const u = new Uint32Array(data), f = new Float32Array(data);
    words.forEach((w, i) => (floatAt.includes(i) ? (f[i] = w) : (u[i] = w)));
    this.device.queue.writeBuffer(target, 0, data);
  }

  /** Bind group 0 of a kernel: buffer i at binding i. */
  bind(pipeline: GPUComputePipeline, buffers: GPUBuffer[]): GPUBindGroup {
    return this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  /**
   * Encodes `record`, copies the listed buffers into one staging buffer, submits once and
   * maps once. Validation errors and a lost device come back as errors, never as a hang.
   */
  async submitAndRead(what: string, record: (pass: GPUComputePassEncoder) => void, reads: { buffer: GPUBuffer; bytes: number }[]): Promise<ArrayBuffer> {
    const total = reads.reduce((s, r) => s + r.bytes, 0);
    const staging = this.buffer(total, USAGE.MAP_READ | USAGE.COPY_DST, `${what} readback`);
    this.device.pushErrorScope('validation');
    let scope: Promise<GPUError | null>;
    try {
      const encoder = this.device.createCommandEncoder({ label: what });
      const pass = encoder.beginComputePass({ label: what });
      record(pass);
      pass.end();
      let at = 0;
      for (const r of reads) {
        if (r.bytes > 0) encoder.copyBufferToBuffer(r.buffer, 0, staging, at, r.bytes);
        at += r.bytes;
      }
      this.device.queue.submit([encoder.finish()]);
    } finally {
      scope = this.device.popErrorScope();
      scope.catch(() => undefined);
    }
    try {
      await Promise.race([staging.mapAsync(MAP_READ), this.lost]);
      const error = await Promise.race([scope, this.lost]);
      if (error) throw new Error(`WebGPU ${what}: ${error.message}`);
      return staging.getMappedRange(0, total).slice(0);
    } catch (e) {
      if (this.lostReason) throw this.lostError();
      if (this.closed) throw new Error(`the webgpu engine was disposed during the ${what}`);
      const error = await scope.catch(() => null);
      throw error ? new Error(`WebGPU ${what}: ${error.message}`) : e;
    } finally {
      this.release(staging);
    }
  }

  /** Destroys every buffer, and the device when this session created it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const b of this.buffers) b.destroy();
    this.buffers.clear();
    if (this.owned) this.device.destroy();
  }
}
