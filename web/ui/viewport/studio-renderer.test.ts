import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer } from './studio-renderer.ts';

describe('which WebGL renderers draw on the CPU (the view drops multisampling there)', () => {
  it('knows the software rasterizers by the names browsers give them', () => {
    for (const name of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'Google SwiftShader',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'Mesa softpipe',
      'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
    ]) expect(isSoftwareRenderer(name), name).toBe(true);
  });

  it('leaves every GPU multisampled', () => {
    for (const name of [
      'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002504) Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'ANGLE (Intel, Intel(R) UHD Graphics 620 (0x00005917) Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'Apple M1',
      'ANGLE (AMD, AMD Radeon Pro 5500M OpenGL Engine, OpenGL 4.1)',
      'Mali-G78',
      'WebKit WebGL',
      '',
    ]) expect(isSoftwareRenderer(name), name).toBe(false);
  });
});
