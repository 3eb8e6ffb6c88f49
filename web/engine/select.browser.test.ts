// The capability gate for real in headless Chromium: auto picks WASM on the software WebGPU
// adapter here (WebGPU on a real GPU), forced WebGPU runs, no WebGPU means WASM, a destroyed device swaps the running engine to WASM with the
// same answers, and the engine worker reports its backend through the client.
import { expect } from 'chai';
import { describeAdapter, selectEngine, type EngineSwitch } from './select.ts';
import { createWebGpuEngine } from './webgpu.ts';
import { acquireDevice } from './webgpu/device.ts';
import { createEngineClient } from './engine-client.ts';
import { createReferenceEngine } from './reference.ts';
import { readPairResult, type PairResults } from './engine.ts';
import { neighbourPairs } from '../core/pairs.ts';
import { crownRow } from './fixtures/synthetic-crowns.ts';

const teeth = crownRow(5, 3);
const pairs = neighbourPairs(teeth.map((t) => t.fdi));
const plan = { stageCount: 2, teeth: [{ fdi: 42, target: { t: [-0.5, 0, 0] as [number, number, number], q: [0, 0, 0, 1] as [number, number, number, number] }, start: 0, active: 1 }] };

async function referenceDistances(): Promise<number[]> {
  const ref = createReferenceEngine();
  await ref.loadTeeth(teeth);
  await ref.computePoses(plan);
  const r = await ref.queryPairs(pairs);
  return pairs.flatMap((_, p) => [0, 1].map((k) => readPairResult(r, p, k).distance));
}

function distances(r: PairResults): number[] {
  return pairs.flatMap((_, p) => [0, 1].map((k) => readPairResult(r, p, k).distance));
}

function expectClose(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).to.equal(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]), `${what} [${i}]`).to.be.lessThan(1e-3));
}

describe('selectEngine in Chromium (crownRow seed 5)', () => {
  it('auto picks WASM on a software adapter (as here) and WebGPU on a hardware one, naming the adapter; forced WebGPU runs on either', async () => {
    const adapter = await navigator.gpu.requestAdapter();
    expect(adapter, 'this Chromium has a WebGPU adapter').to.not.equal(null);
    const { name, software } = describeAdapter(adapter!);
    const auto = await selectEngine();
    const forced = await selectEngine({ force: 'webgpu' });
    try {
      if (software) {
        expect([auto.engine.backend, auto.fellBackFrom, auto.softwareAdapter]).to.deep.equal(['wasm', undefined, name]);
        expect(auto.reason).to.equal(`the WebGPU adapter renders in software (${name}): WASM is faster`);
      } else {
        expect([auto.engine.backend, auto.reason, auto.fellBackFrom]).to.deep.equal(['webgpu', `WebGPU on ${name}`, undefined]);
      }
      expect([forced.engine.backend, forced.reason]).to.deep.equal(['webgpu', `forced: WebGPU on ${name}`]);
    } finally {
      auto.engine.dispose();
      forced.engine.dispose();
    }
  });

  it('without WebGPU it runs WASM and says why; forced WASM skips the adapter', async () => {
    const none = await selectEngine({ gpu: null });
    const forced = await selectEngine({ force: 'wasm' });
    try {
      expect([none.engine.backend, none.fellBackFrom]).to.deep.equal(['wasm', 'webgpu']);
      expect(none.reason).to.contain('navigator.gpu');
      expect([forced.engine.backend, forced.reason]).to.deep.equal(['wasm', 'forced: WASM']);
    } finally {
      none.engine.dispose();
      forced.engine.dispose();
    }
  });

  it('forced WebGPU without an adapter fails clearly', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    let error: unknown = null;
    await selectEngine({ force: 'webgpu', gpu: noAdapter }).catch((e: unknown) => (error = e));
    expect(String(error)).to.contain('WebGPU was forced but no WebGPU adapter');
  });

  it('a destroyed device swaps the engine to WASM, which answers as the reference does', async () => {
    let device: GPUDevice | null = null;
    const switches: EngineSwitch[] = [];
    const { engine } = await selectEngine({
      force: 'webgpu',
      onSwitch: (e) => switches.push(e),
      factories: {
        // The test owns the device so that it can destroy it, as a driver reset would.
        webgpu: async ({ adapter, onLost }) => {
          device = (await acquireDevice({ adapter })).device;
          return createWebGpuEngine({ device, onLost });
        },
      },
    });
    try {
      await engine.loadTeeth(teeth);
      await engine.computePoses(plan);
      const expected = await referenceDistances();
      expectClose(distances(await engine.queryPairs(pairs)), expected, 'on WebGPU');
      device!.destroy();
      const start = performance.now();
      while (switches.length === 0 && performance.now() - start < 60_000) await new Promise((r) => setTimeout(r, 20));
      expect(switches.map((s) => [s.from, s.to])).to.deep.equal([['webgpu', 'wasm']]);
      expect(switches[0].reason).to.contain('GPU device lost');
      expect(engine.backend).to.equal('wasm');
      expectClose(distances(await engine.queryPairs(pairs)), expected, 'on WASM after the swap');
    } finally {
      engine.dispose();
    }
  });
});

describe('the engine worker in Chromium', () => {
  it('starts in a module worker, reports its backend, and answers as the reference does', async () => {
    const client = createEngineClient();
    try {
      const status = await client.start('auto');
      const { software } = describeAdapter((await navigator.gpu.requestAdapter())!);
      expect(status.backend).to.equal(software ? 'wasm' : 'webgpu');
      expect((await client.start('webgpu')).backend).to.equal('webgpu');
      expect((await client.start('wasm')).backend).to.equal('wasm');
      const engine = client.forCase('case-1');
      await engine.loadTeeth(teeth);
      await engine.computePoses(plan);
      expectClose(distances(await engine.queryPairs(pairs)), await referenceDistances(), 'through the worker');
      expect((await client.status())?.reason).to.equal('forced: WASM');
    } finally {
      client.dispose();
    }
  });
});
