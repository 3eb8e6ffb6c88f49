// The engine behind comlink in a Web Worker, so staging and collision work never blocks
// the UI. The module exports a plain API object that tests (and Node) call directly; it
// exposes itself only when it is running inside a worker. Results cross as transferred
// buffers: the engine hands out copies, so giving them away costs nothing.
import { expose, transfer } from 'comlink';
import { selectEngine, type EngineChoice, type EngineSelection, type EngineSwitch, type SelectOptions } from './select.ts';
import { bodyBvh, checkTooth, type BackendName, type Engine, type EngineCalls } from './engine.ts';
import { BvhCache } from './bvh-cache.ts';

/** Which backend runs and why, as plain data for the UI. */
export interface EngineStatus {
  backend: BackendName;
  reason: string;
  fellBackFrom?: 'webgpu';
  /** Auto skipped WebGPU because this adapter renders in software. */
  softwareAdapter?: string;
  /** Set after a lost GPU device moved the engine to WASM. */
  switched?: EngineSwitch;
}

/**
 * The compute calls, each naming the case it is for. The worker holds one case's teeth at a
 * time: a call for any other case fails instead of answering with another patient's teeth
 * (a closed case's late job, or a new case's job before its teeth are in).
 */
export type CaseEngineCalls = { [K in keyof EngineCalls]-?: (caseId: string, ...args: Parameters<NonNullable<EngineCalls[K]>>) => ReturnType<NonNullable<EngineCalls[K]>> };

/** A call for a case whose teeth the engine does not hold. */
export class EngineCaseError extends Error {
  override name = 'EngineCaseError';
}

/** The calls of one case, as the plan session uses them: every call tagged with `caseId`. */
export function engineForCase(calls: CaseEngineCalls, caseId: string): EngineCalls {
  return {
    loadTeeth: (teeth) => calls.loadTeeth(caseId, teeth),
    stageTeeth: (teeth) => calls.stageTeeth(caseId, teeth),
    computePoses: (plan) => calls.computePoses(caseId, plan),
    queryPairs: (pairs, options) => calls.queryPairs(caseId, pairs, options),
    occlusionMap: (request) => calls.occlusionMap(caseId, request),
    updateToothTarget: (fdi, target, staging) => calls.updateToothTarget(caseId, fdi, target, staging),
  };
}

export interface EngineApi extends CaseEngineCalls {
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
  /** Whose teeth the engine holds; null before any load, during one, and after a restart. */
  let heldCase: string | null = null;
  /** BVHs built ahead of a load, of one case only: another case's call starts a fresh cache. */
  let staged: { caseId: string; cache: BvhCache } | null = null;
  const stagedFor = (caseId: string): BvhCache => {
    if (staged?.caseId !== caseId) staged = { caseId, cache: new BvhCache() };
    return staged.cache;
  };
  const listeners: ((status: EngineStatus) => void)[] = [];

  async function running(): Promise<Engine> {
    if (starting) await starting;
    if (!engine) await api.start('auto');
    return engine!;
  }

  async function holding(caseId: string): Promise<Engine> {
    const e = await running();
    if (heldCase !== caseId) {
      throw new EngineCaseError(heldCase === null
        ? 'The engine holds no teeth for this case yet: open the plan again.'
        : 'The engine now holds another case\'s teeth: this case\'s plan must be opened again.');
    }
    return e;
  }

  const api: EngineApi = {
    start(force = 'auto') {
      const previous = engine;
      engine = null;
      status = null;
      heldCase = null;
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
        status = {
          backend: chosen.engine.backend, reason: chosen.reason,
          ...(chosen.fellBackFrom ? { fellBackFrom: chosen.fellBackFrom } : {}),
          ...(chosen.softwareAdapter ? { softwareAdapter: chosen.softwareAdapter } : {}),
        };
        return { ...status };
      })();
      starting.catch(() => undefined);
      return starting;
    },
    status: () => (status ? { ...status } : null),
    onSwitch(listener) {
      listeners.push(listener);
    },
    async loadTeeth(caseId, teeth) {
      const e = await running();
      heldCase = null;
      const cache = stagedFor(caseId);
      const hits = cache.hits;
      const loaded = await e.loadTeeth(teeth, cache);
      cache.keepOnly(teeth.map((t) => t.fdi));
      // A restart while loading dropped these teeth with the old backend.
      if (engine === e) heldCase = caseId;
      return { ...loaded, reusedBvhs: cache.hits - hits };
    },
    async stageTeeth(caseId, teeth) {
      const cache = stagedFor(caseId);
      for (const t of teeth) {
        try {
          checkTooth(t);
          cache.bvhOf(t, () => bodyBvh(t));
        } catch {
          // A tooth that cannot be built is left to loadTeeth, which reports it.
        }
      }
    },
    async computePoses(caseId, plan) {
      const poses = await (await holding(caseId)).computePoses(plan);
      return transfer(poses, [poses.buffer as ArrayBuffer]);
    },
    async queryPairs(caseId, pairs, options) {
      const r = await (await holding(caseId)).queryPairs(pairs, options);
      return transfer(r, [r.buffer]);
    },
    async occlusionMap(caseId, request) {
      const m = await (await holding(caseId)).occlusionMap(request);
      return transfer(m, [m.distances.buffer as ArrayBuffer]);
    },
    async updateToothTarget(caseId, fdi, target, staging) {
      const u = await (await holding(caseId)).updateToothTarget(fdi, target, staging);
      const buffers = [u.poses.buffer as ArrayBuffer, ...(u.results ? [u.results.buffer] : [])];
      return transfer(u, buffers);
    },
    dispose() {
      engine?.dispose();
      engine = null;
      status = null;
      starting = null;
      heldCase = null;
    },
  };
  return api;
}

export const engineApi: EngineApi = createEngineApi();

declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) expose(engineApi);
