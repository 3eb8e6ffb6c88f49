// The UI's handle on the engine worker (web/engine/worker.ts). The worker starts on the
// first call; a worker that dies fails the call in progress and is replaced on the next
// one. `endpoint` lets tests (and hosts without module workers) supply their own channel.
import { proxy } from 'comlink';
import { createWorkerSlot, type WorkerEndpoint } from './worker-slot.ts';
import type { EngineChoice } from './select.ts';
import { engineForCase, type CaseEngineCalls, type EngineApi, type EngineStatus } from './worker.ts';
import type { EngineCalls } from './engine.ts';

export type { EngineChoice, EngineStatus };

/** The settings repository key the studio keeps the user's backend choice under. */
export const ENGINE_SETTING = 'engine.backend';

export interface EngineClient {
  /** The compute calls of one case (the worker refuses them once another case's teeth are in). */
  forCase(caseId: string): EngineCalls;
  start(force?: EngineChoice): Promise<EngineStatus>;
  status(): Promise<EngineStatus | null>;
  /** Told when the worker's engine changes on its own (a lost GPU device swapped it to WASM). */
  onSwitch(listener: (status: EngineStatus) => void): void;
  dispose(): void;
}

export interface EngineClientOptions {
  /** A fresh channel to an exposed engineApi; by default a module worker running worker.ts. */
  endpoint?: () => WorkerEndpoint;
}

function startWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}

export function createEngineClient(options: EngineClientOptions = {}): EngineClient {
  const listeners: ((status: EngineStatus) => void)[] = [];
  const slot = createWorkerSlot<EngineApi>({
    name: 'engine',
    spawn: () => options.endpoint?.() ?? startWorker(),
    onStart: (remote) => void remote.onSwitch(proxy((s: EngineStatus) => { for (const l of listeners) l(s); })),
    onDispose: (remote) => void remote.dispose().catch(() => undefined),
  });
  const call = slot.call;

  const calls: CaseEngineCalls = {
    loadTeeth: (caseId, teeth) => call((r) => r.loadTeeth(caseId, teeth)),
    stageTeeth: (caseId, teeth) => call((r) => r.stageTeeth(caseId, teeth)),
    computePoses: (caseId, plan) => call((r) => r.computePoses(caseId, plan)),
    queryPairs: (caseId, pairs, options) => call((r) => r.queryPairs(caseId, pairs, options)),
    occlusionMap: (caseId, request) => call((r) => r.occlusionMap(caseId, request)),
    updateToothTarget: (caseId, fdi, target, staging) => call((r) => r.updateToothTarget(caseId, fdi, target, staging)),
  };
  return {
    forCase: (caseId) => engineForCase(calls, caseId),
    start: (force) => call((r) => r.start(force)),
    status: () => call((r) => r.status()),
    onSwitch(listener) {
      listeners.push(listener);
    },
    dispose: slot.dispose,
  };
}
