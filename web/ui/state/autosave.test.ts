import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createArchAutosave } from './autosave.ts';
import type { Jaw } from '../../core/types.ts';

// Fake timers: the delay is the one under test, never the machine's speed.
beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('arch autosave', () => {
  test('a burst of corrections saves once, after the delay', async () => {
    const writes: Jaw[] = [];
    const saver = createArchAutosave(async (jaw) => { writes.push(jaw); }, 20);
    saver.schedule('upper');
    await vi.advanceTimersByTimeAsync(15);
    saver.schedule('upper');
    await vi.advanceTimersByTimeAsync(15);
    saver.schedule('upper');
    await vi.advanceTimersByTimeAsync(19);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual(['upper']);
    await vi.advanceTimersByTimeAsync(100);
    expect(writes).toEqual(['upper']);
  });

  test('saves of one arch never overlap; the arches save independently; idle waits for scheduled and running ones', async () => {
    const log: string[] = [];
    const release: Record<Jaw, (() => void)[]> = { upper: [], lower: [] };
    const saver = createArchAutosave((jaw) => {
      log.push(`start ${jaw}`);
      return new Promise<void>((r) => release[jaw].push(() => { log.push(`end ${jaw}`); r(); }));
    }, 1000);
    void saver.now('upper');
    void saver.now('upper');
    saver.schedule('lower');
    const idle = saver.idle();
    await vi.advanceTimersByTimeAsync(0);
    // The second upper save waits for the first; lower does not wait for upper.
    expect(log).toEqual(['start upper', 'start lower']);
    release.upper.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start upper', 'start lower', 'end upper', 'start upper']);
    let settled = false;
    void idle.then(() => { settled = true; });
    release.upper.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    release.lower.shift()!();
    await idle;
    expect(log.filter((l) => l.includes('upper'))).toEqual(['start upper', 'end upper', 'start upper', 'end upper']);
    expect(log.filter((l) => l.includes('lower'))).toEqual(['start lower', 'end lower']);
  });

  test('a cancelled save does not run', async () => {
    const writes: Jaw[] = [];
    const saver = createArchAutosave(async (jaw) => { writes.push(jaw); }, 10);
    saver.schedule('lower');
    saver.cancel('lower');
    await vi.advanceTimersByTimeAsync(100);
    await saver.idle();
    expect(writes).toEqual([]);
  });

  test('a failed save does not stop the later ones of that arch', async () => {
    const writes: Jaw[] = [];
    let fail = true;
    const saver = createArchAutosave(async (jaw) => {
      if (fail) throw new Error('disk full');
      writes.push(jaw);
    }, 10);
    await expect(saver.now('upper')).rejects.toThrow('disk full');
    fail = false;
    saver.schedule('upper');
    await vi.advanceTimersByTimeAsync(10);
    await saver.idle();
    expect(writes).toEqual(['upper']);
  });
});
