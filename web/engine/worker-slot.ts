// One supervised comlink worker, started on first use. A worker that dies (fails to load,
// runs out of memory) fails the call in progress and is replaced on the next call. Shared
// by the engine, import and segmentation clients; each passes its own `new Worker(new URL(...))`
// so the bundler still sees every worker entry.
import { releaseProxy, wrap } from 'comlink';
import type { Endpoint, Remote } from 'comlink';

export type WorkerEndpoint = Endpoint & { terminate?: () => void };

export interface WorkerSlotOptions<T> {
  /** Used in the error message when the worker dies: "the <name> worker stopped (...)". */
  name: string;
  spawn: () => WorkerEndpoint;
  /** Runs once per started worker, e.g. to subscribe to its events. */
  onStart?: (remote: Remote<T>) => void;
  /** Runs before the worker is terminated on dispose, e.g. to release what it holds. */
  onDispose?: (remote: Remote<T>) => void;
}

export interface WorkerSlot<T> {
  call<R>(run: (remote: Remote<T>) => Promise<R>): Promise<R>;
  /** Starts the worker now, so it has loaded its code by the first call. */
  warm(): void;
  dispose(): void;
}

interface Live<T> { endpoint: WorkerEndpoint; remote: Remote<T>; died: Promise<never> }

export function createWorkerSlot<T>(options: WorkerSlotOptions<T>): WorkerSlot<T> {
  let live: Live<T> | null = null;

  function start(): Live<T> {
    const endpoint = options.spawn();
    const died = new Promise<never>((_, reject) => {
      endpoint.addEventListener('error', (e) => {
        const ev = e as ErrorEvent;
        ev.preventDefault?.();
        if (live?.endpoint === endpoint) live = null;
        endpoint.terminate?.();
        reject(new Error(`the ${options.name} worker stopped (${ev.message || 'it could not be started'})`));
      });
    });
    died.catch(() => undefined);
    const remote = wrap<T>(endpoint);
    options.onStart?.(remote);
    return { endpoint, remote, died };
  }

  return {
    call(run) {
      live ??= start();
      return Promise.race([run(live.remote), live.died]);
    },
    warm() {
      live ??= start();
    },
    dispose() {
      if (!live) return;
      options.onDispose?.(live.remote);
      live.remote[releaseProxy]();
      live.endpoint.terminate?.();
      live = null;
    },
  };
}
