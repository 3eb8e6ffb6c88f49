// Guards the test platform itself: if Chromium loses its software WebGPU adapter or
// IndexedDB, every later browser test would fail for a reason that is not ours.
import { expect } from 'chai';

describe('test platform (headless Chromium)', () => {
  it('serves from a secure context with a WebGPU adapter', async () => {
    expect(window.isSecureContext).to.equal(true);
    expect(navigator.gpu, 'navigator.gpu (needs --enable-unsafe-webgpu)').to.not.equal(undefined);
    const adapter = await navigator.gpu.requestAdapter();
    expect(adapter, 'a WebGPU adapter').to.not.equal(null);
    const device = await adapter!.requestDevice();
    try {
      expect(device.limits.maxStorageBufferBindingSize).to.be.greaterThan(0);
    } finally {
      device.destroy();
    }
  });

  it('has IndexedDB', async () => {
    const name = `platform-${Math.random()}`;
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('s');
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
    db.close();
    indexedDB.deleteDatabase(name);
  });
});
