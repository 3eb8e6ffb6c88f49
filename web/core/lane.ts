// The one one-at-a-time job queue: jobs run in the order asked, never two at once, and a
// failure rejects only its own job. The plan session runs its engine work on one (the engine
// keeps one plan and one last pair query, so a full run, a drag update and an occlusion map
// must never interleave: a map read half-way through a new plan would colour the wrong
// stage), the segmentation store its corrections, every debounced save its writes (so the
// newest state lands last), and the WebGPU engine its device work. Pure: promises only.

export interface Lane {
  /** Runs `work` after everything queued before it; a failure rejects this call only, the lane goes on. */
  enqueue<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves when nothing is queued or running (including jobs queued while waiting). */
  idle(): Promise<void>;
  /** True while a job is queued or running. */
  busy(): boolean;
}

export function createLane(): Lane {
  let tail: Promise<void> = Promise.resolve();
  let unsettled = 0;
  return {
    enqueue<T>(work: () => Promise<T>): Promise<T> {
      unsettled++;
      const next = tail.then(work).finally(() => unsettled--);
      tail = next.then(() => undefined, () => undefined);
      return next;
    },
    async idle() {
      let seen: Promise<void> | null = null;
      while (seen !== tail) {
        seen = tail;
        await seen;
      }
    },
    busy: () => unsettled > 0,
  };
}

/**
 * A job kind on a lane, "latest wins": `request(arg)` makes sure one job will run with the
 * latest arg given before it starts; asking again while one waits replaces what it will do,
 * asking while one runs queues exactly one more. The returned promise settles when that job has run.
 */
export function latestJob<T>(lane: Lane, work: (arg: T) => Promise<void>): { request(arg: T): Promise<void>; waiting(): boolean } {
  let next: { arg: T } | null = null;
  let queued: Promise<void> | null = null;
  return {
    request(arg) {
      next = { arg };
      // The job reports its own failures; the lane only keeps the order.
      queued ??= lane.enqueue(async () => {
        queued = null;
        const job = next!;
        next = null;
        await work(job.arg);
      }).catch(() => undefined);
      return queued;
    },
    waiting: () => queued !== null,
  };
}
