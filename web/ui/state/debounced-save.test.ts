// The debounced save every autosave uses, on fake timers: the delay is the one under test.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createDebouncedSave } from './debounced-save.ts';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('debounced save', () => {
  test('a burst saves once, the delay after the last change', async () => {
    let saves = 0;
    const save = createDebouncedSave(async () => { saves++; }, 100);
    for (let i = 0; i < 5; i++) {
      save.schedule();
      await vi.advanceTimersByTimeAsync(60);
    }
    expect([saves, save.busy()]).toEqual([0, true]);
    await vi.advanceTimersByTimeAsync(40);
    expect([saves, save.busy()]).toEqual([1, false]);
  });

  test('now saves at once, after the save already running, and takes the scheduled one with it', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    let n = 0;
    const save = createDebouncedSave(() => {
      const k = ++n;
      log.push(`start ${k}`);
      return k === 1 ? new Promise<void>((r) => { release = () => { log.push('end 1'); r(); }; }) : Promise.resolve().then(() => { log.push(`end ${k}`); });
    }, 60_000);
    const first = save.now();
    save.schedule();
    const second = save.now();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start 1']);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(n).toBe(2);
  });

  test('a failed save rejects its own now; later saves still run; a timer save fails quietly', async () => {
    const outcomes = [new Error('disk full'), new Error('quota'), null];
    let written = 0;
    const save = createDebouncedSave(async () => {
      const e = outcomes.shift();
      if (e) throw e;
      written++;
    }, 10);
    await expect(save.now()).rejects.toThrow('disk full');
    save.schedule();
    await vi.advanceTimersByTimeAsync(10);
    await save.idle();
    expect(written).toBe(0);
    await save.now();
    expect(written).toBe(1);
  });

  test('idle writes a scheduled save now; cancel drops it', async () => {
    let saves = 0;
    const save = createDebouncedSave(async () => { saves++; }, 60_000);
    save.schedule();
    await save.idle();
    expect(saves).toBe(1);
    save.schedule();
    save.cancel();
    expect(save.busy()).toBe(false);
    await vi.advanceTimersByTimeAsync(120_000);
    await save.idle();
    expect(saves).toBe(1);
  });
});
