// The engine behind comlink in a Web Worker, so staging and collision work never blocks
// the UI. The module exports a plain API object that tests (and Node) call directly; it
// exposes itself only when it is running inside a worker. Results cross as transferred
// buffers: the engine hands out copies, so giving them away costs nothing.
import { expose, transfer } from 'comlink';
import { selectEngine, type EngineChoice, type EngineSelection, type EngineSwitch, type SelectOptions } from './select.ts';
import type { BackendName, Engine, EngineCalls } from './engine.ts';

/** Which backend runs and why, as plain data for the UI. */
export interface EngineStatus {
  backend: BackendName;
  reason: string;
  fellBackFrom?: 'webgpu';
  /** Set after a lost GPU device moved the engine to WASM. */
  switched?: EngineSwitch;
}

export interface EngineApi extends EngineCalls {
  /** Picks a backend (replacing any running one) and reports it. */
  start(force?: EngineChoice): Promise<EngineStatus>;
  /** The running backend, or null before start. */
  status(): EngineStatus | null;
  /** Called whenever the backend changes on its own (a lost GPU device). */
  onSwitch(listener: (status: EngineStatus) => void): void;
  dispose(): void;
}

type Select = (opts: SelectOptions) => Promise<EngineSelection>;

/** An API around one engine at a time; `select` is injectable so tests can pass fakes. */
export function createEngineApi(select: Select = selectEngine): EngineApi {
  let engine: Engine | null = null;
  let status: EngineStatus | null = null;
  /** The latest start: calls wait for it, and a start that failed fails them with its reason. */
  let starting: Promise<EngineStatus> | null = null;
  let generation = 0;
  const listeners: ((status: EngineStatus) => void)[] = [];

  async function running(): Promise<Engine> {
    if (starting) await starting;
    if (!engine) await api.start('auto');
    return engine!;
  }

  const api: EngineApi = {
    start(force = 'auto') {
      const previous = engine;
      engine = null;
      status = null;
      previous?.dispose();
      const mine = ++generation;
      starting = (async (): Promise<EngineStatus> => {
        const chosen = await select({
          force,
          onSwitch: (event) => {
            status = { ...status!, backend: event.to, reason: event.reason, switched: event };
            for (const l of listeners) l({ ...status });
          },
        });
        // A later start won while this one was choosing: its engine is the one that runs.
        if (mine !== generation) {
          chosen.engine.dispose();
          return starting!;
        }
        engine = chosen.engine;
        status = { backend: chosen.engine.backend, reason: chosen.reason, ...(chosen.fellBackFrom ? { fellBackFrom: chosen.fellBackFrom } : {}) };
        return { ...status };
      })();
      starting.catch(() => undefined);
      return starting;
    },
    status: () => (status ? { ...status } : null),
    onSwitch(listener) {
      listeners.push(listener);
    },
    async loadTeeth(teeth) {
      return (await running()).loadTeeth(teeth);
    },
    async computePoses(plan) {
      const poses = await (await running()).computePoses(plan);
      return transfer(poses, [poses.buffer as ArrayBuffer]);
    },
    async queryPairs(pairs, options) {
      const r = await (await running()).queryPairs(pairs, options);
      return transfer(r, [r.buffer]);
    },
    async occlusionMap(request) {
      const m = await (await running()).occlusionMap(request);
      return transfer(m, [m.distances.buffer as ArrayBuffer]);
    },
    async updateToothTarget(fdi, target, staging) {
      const u = await (await running()).updateToothTarget(fdi, target, staging);
      const buffers = [u.poses.buffer as ArrayBuffer, ...(u.results ? [u.results.buffer] : [])];
      return transfer(u, buffers);
    },
    dispose() {
      engine?.dispose();
      engine = null;
      status = null;
      starting = null;
    },
  };
  return api;
}

export const engineApi: EngineApi = createEngineApi();

declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) expose(engineApi);
