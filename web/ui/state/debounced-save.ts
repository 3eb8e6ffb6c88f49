// Saving a moment after the last change, the one way every autosave does it (an arch's
// segmentation, the working plan, a case's fields): a burst of changes saves once, saves
// never overlap (they run on a lane, so the newest state lands last), `now` skips the wait,
// and a failed save does not stop later ones. What to write, and how to report it, is the
// caller's `save`.
import { createLane } from '../../core/lane.ts';

export interface DebouncedSave {
  /** Saves after the delay, unless another `schedule` or `now` comes first. */
  schedule(): void;
  /** Saves now, after any save already running; rejects when this save fails. */
  now(): Promise<void>;
  /** Drops a scheduled save; one already running finishes. */
  cancel(): void;
  /** True while a save is scheduled, waiting or running. */
  busy(): boolean;
  /** Resolves when nothing is scheduled or being written: a scheduled save is written now. */
  idle(): Promise<void>;
}

export function createDebouncedSave(save: () => Promise<void>, delayMs: number): DebouncedSave {
  const lane = createLane();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function cancel() {
    clearTimeout(timer);
    timer = undefined;
  }

  function now(): Promise<void> {
    cancel();
    return lane.enqueue(save);
  }

  return {
    schedule() {
      cancel();
      // A save reports its own failure (status line, toast); the timer has no one to tell.
      timer = setTimeout(() => void now().catch(() => undefined), delayMs);
    },
    now,
    cancel,
    busy: () => timer !== undefined || lane.busy(),
    async idle() {
      if (timer !== undefined) await now().catch(() => undefined);
      await lane.idle();
    },
  };
}
