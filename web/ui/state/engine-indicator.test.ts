// The header's engine indicator: the label a user reads in each situation, the setting it
// remembers under 'engine.backend', and a forced backend that cannot start.
import { describe, expect, it } from 'vitest';
import { createEngineIndicator, engineLabel } from './engine-indicator.ts';
import type { SettingsStore } from '../services.ts';
import type { EngineChoice, EngineStatus } from '../../engine/engine-client.ts';

function memorySettings(initial: Record<string, unknown> = {}): SettingsStore & { values: Map<string, unknown> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    async get<T>(key: string, fallback: T) { return (values.has(key) ? values.get(key) : fallback) as T; },
    async set<T>(key: string, value: T) { values.set(key, value); },
  };
}

function fakeEngine(answer: (choice: EngineChoice) => EngineStatus) {
  const started: EngineChoice[] = [];
  let listener: ((s: EngineStatus) => void) | null = null;
  return {
    started,
    fireSwitch: (s: EngineStatus) => listener!(s),
    client: {
      async start(choice: EngineChoice = 'auto') {
        started.push(choice);
        return answer(choice);
      },
      onSwitch(l: (s: EngineStatus) => void) { listener = l; },
    },
  };
}

const gpuOrWasm = (choice: EngineChoice): EngineStatus => {
  if (choice === 'webgpu') throw new Error('WebGPU was forced but no WebGPU adapter');
  if (choice === 'wasm') return { backend: 'wasm', reason: 'forced: WASM' };
  return { backend: 'wasm', reason: 'no WebGPU adapter', fellBackFrom: 'webgpu' };
};

describe('engine indicator', () => {
  it('labels each situation the way the header shows it', () => {
    const base = { choice: 'auto' as const, error: null };
    expect(engineLabel({ ...base, status: null })).toBe('Engine: starting…');
    expect(engineLabel({ ...base, status: { backend: 'webgpu', reason: 'WebGPU on nvidia ampere' } })).toBe('Engine: WebGPU');
    expect(engineLabel({ ...base, status: { backend: 'wasm', reason: 'no WebGPU adapter', fellBackFrom: 'webgpu' } })).toBe('Engine: WASM (no WebGPU adapter)');
    expect(engineLabel({ ...base, status: { backend: 'wasm', reason: 'forced: WASM' } })).toBe('Engine: WASM (forced)');
    expect(engineLabel({ ...base, status: { backend: 'wasm', reason: 'the WebGPU adapter renders in software (SwiftShader): WASM is faster', softwareAdapter: 'SwiftShader' } })).toBe('Engine: WASM (no hardware GPU)');
    expect(engineLabel({ ...base, status: { backend: 'wasm', reason: 'lost', switched: { from: 'webgpu', to: 'wasm', reason: 'lost' } } })).toBe('Engine: WASM (GPU device lost)');
    expect(engineLabel({ ...base, choice: 'webgpu', status: null, error: 'WebGPU was forced but no WebGPU adapter' })).toBe('Engine: WebGPU unavailable');
    expect(engineLabel({ ...base, status: null, error: 'WASM failed too' })).toBe('Engine: unavailable');
  });

  it('starts with the stored choice, and a new choice is stored and restarts the engine', async () => {
    const settings = memorySettings({ 'engine.backend': 'wasm' });
    const fake = fakeEngine(gpuOrWasm);
    const indicator = createEngineIndicator(fake.client, settings);
    await indicator.load();
    expect(fake.started).toEqual(['wasm']);
    expect(engineLabel(indicator.state)).toBe('Engine: WASM (forced)');

    await indicator.choose('auto');
    expect(settings.values.get('engine.backend')).toBe('auto');
    expect(fake.started).toEqual(['wasm', 'auto']);
    expect(engineLabel(indicator.state)).toBe('Engine: WASM (no WebGPU adapter)');
  });

  it('a forced WebGPU that cannot start says unavailable and keeps the reason; a stored nonsense value means auto', async () => {
    const fake = fakeEngine(gpuOrWasm);
    const indicator = createEngineIndicator(fake.client, memorySettings({ 'engine.backend': 'quantum' }));
    await indicator.load();
    expect(fake.started).toEqual(['auto']);
    await indicator.choose('webgpu');
    expect(indicator.state.error).toBe('WebGPU was forced but no WebGPU adapter');
    expect(engineLabel(indicator.state)).toBe('Engine: WebGPU unavailable');
  });

  it('a lost GPU device updates the label', async () => {
    const fake = fakeEngine(() => ({ backend: 'webgpu', reason: 'WebGPU on test' }));
    const indicator = createEngineIndicator(fake.client, memorySettings());
    await indicator.load();
    expect(engineLabel(indicator.state)).toBe('Engine: WebGPU');
    fake.fireSwitch({ backend: 'wasm', reason: 'GPU device lost (destroyed): now on WASM', switched: { from: 'webgpu', to: 'wasm', reason: 'x' } });
    expect(engineLabel(indicator.state)).toBe('Engine: WASM (GPU device lost)');
  });
});
