// Saving each arch's segmentation a moment after the planner's last correction: a burst
// of corrections saves once, saves of one arch never overlap (the newer state always
// lands last), and tests can wait until everything is written.
import { JAWS } from '../../core/types.ts';
import type { Jaw } from '../../core/types.ts';

export interface ArchAutosave {
  /** Saves `jaw` after the delay, unless another correction comes first. */
  schedule(jaw: Jaw): void;
  /** Saves now, after any save of this arch already running. */
  now(jaw: Jaw): Promise<void>;
  cancel(jaw: Jaw): void;
  /** Resolves when nothing is scheduled or being written. */
  idle(): Promise<void>;
}

export function createArchAutosave(write: (jaw: Jaw) => Promise<void>, delayMs: number): ArchAutosave {
  const timers: Partial<Record<Jaw, ReturnType<typeof setTimeout>>> = {};
  const chains: Record<Jaw, Promise<void>> = { upper: Promise.resolve(), lower: Promise.resolve() };

  function cancel(jaw: Jaw) {
    clearTimeout(timers[jaw]);
    delete timers[jaw];
  }

  function now(jaw: Jaw): Promise<void> {
    cancel(jaw);
    const next = chains[jaw].then(() => write(jaw));
    chains[jaw] = next;
    return next;
  }

  return {
    schedule(jaw) {
      cancel(jaw);
      timers[jaw] = setTimeout(() => void now(jaw), delayMs);
    },
    now,
    cancel,
    async idle() {
      await Promise.all(JAWS.filter((j) => timers[j] !== undefined).map(now));
      await Promise.all(JAWS.map((j) => chains[j]));
    },
  };
}
