// Saving each arch's segmentation a moment after the planner's last correction: one
// debounced save per arch (debounced-save.ts), so a burst of corrections saves once and
// saves of one arch never overlap (the newer state always lands last), while the two arches
// save independently; tests can wait until everything is written.
import { JAWS } from '../../core/types.ts';
import type { Jaw } from '../../core/types.ts';
import { createDebouncedSave } from './debounced-save.ts';

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
  const saves = {
    upper: createDebouncedSave(() => write('upper'), delayMs),
    lower: createDebouncedSave(() => write('lower'), delayMs),
  };
  return {
    schedule: (jaw) => saves[jaw].schedule(),
    now: (jaw) => saves[jaw].now(),
    cancel: (jaw) => saves[jaw].cancel(),
    async idle() {
      await Promise.all(JAWS.map((j) => saves[j].idle()));
    },
  };
}
