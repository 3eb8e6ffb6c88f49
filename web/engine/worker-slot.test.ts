// The worker supervision shared by the engine, import and segmentation clients, over a real
// MessageChannel with comlink (as with a worker).
import { afterEach, describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { createWorkerSlot } from './worker-slot.ts';

const ports: MessagePort[] = [];
afterEach(() => { for (const p of ports.splice(0)) p.close(); });

function spawner(api: object) {
  const started: MessagePort[] = [];
  const spawn = () => {
    const { port1, port2 } = new MessageChannel();
    expose(api, port1 as never);
    ports.push(port1, port2);
    started.push(port2);
    return port2 as unknown as MessagePort & { terminate?: () => void };
  };
  return { spawn, started };
}

describe('createWorkerSlot', () => {
  it('starts one worker on first use and reuses it', async () => {
    const { spawn, started } = spawner({ double: (x: number) => 2 * x });
    const slot = createWorkerSlot<{ double(x: number): number }>({ name: 'test', spawn });
    expect(started).toHaveLength(0);
    expect(await slot.call((r) => r.double(2))).toBe(4);
    expect(await slot.call((r) => r.double(5))).toBe(10);
    expect(started).toHaveLength(1);
    slot.dispose();
  });

  it('warm starts the worker before any call, once, and the first call uses that worker', async () => {
    const { spawn, started } = spawner({ double: (x: number) => 2 * x });
    const slot = createWorkerSlot<{ double(x: number): number }>({ name: 'test', spawn });
    slot.warm();
    slot.warm();
    expect(started).toHaveLength(1);
    expect(await slot.call((r) => r.double(3))).toBe(6);
    expect(started).toHaveLength(1);
    slot.dispose();
  });

  it('fails the call in progress when the worker dies, naming it, and replaces it on the next call', async () => {
    const { spawn, started } = spawner({ hang: () => new Promise(() => undefined), ok: () => 'ok' });
    const slot = createWorkerSlot<{ hang(): Promise<never>; ok(): string }>({ name: 'import', spawn });
    const pending = slot.call((r) => r.hang());
    started[0].dispatchEvent(new Event('error'));
    await expect(pending).rejects.toThrow(/the import worker stopped/);
    expect(await slot.call((r) => r.ok())).toBe('ok');
    expect(started).toHaveLength(2);
    slot.dispose();
  });

  it('runs the start and dispose hooks once per worker', async () => {
    const { spawn } = spawner({ ok: () => 'ok' });
    const seen: string[] = [];
    const slot = createWorkerSlot<{ ok(): string }>({
      name: 'engine', spawn, onStart: () => seen.push('start'), onDispose: () => seen.push('dispose'),
    });
    slot.dispose(); // nothing started yet: no hooks
    await slot.call((r) => r.ok());
    await slot.call((r) => r.ok());
    slot.dispose();
    expect(seen).toEqual(['start', 'dispose']);
  });
});
