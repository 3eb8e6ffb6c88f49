import { describe, expect, test, vi } from 'vitest';
import { emptyPlan, setPattern, setTarget, zeroMovement, type Plan } from '../../core/plan.ts';
import { createPlanAutosave, type SaveStatus } from './plan-autosave.ts';

const planWith = (mesial: number): Plan => setTarget(emptyPlan(), 11, { ...zeroMovement(), mesial });

const conflict = Object.assign(new Error('The working plan of this case was changed in another tab.'), { code: 'conflict' });

describe('plan autosave status', () => {
  test('"Saved" never follows a failed write; a refusal by another tab\'s save is a conflict', async () => {
    const seen: SaveStatus[] = [];
    const outcomes: (Error | null)[] = [new Error('the disk is full'), conflict, null];
    const saver = createPlanAutosave(async () => {
      const e = outcomes.shift();
      if (e) throw e;
    }, 60_000, (s) => seen.push(s));
    saver.schedule(emptyPlan());
    await saver.flush();
    expect(seen.at(-1)).toEqual({ status: 'error', message: 'the disk is full' });
    saver.schedule(setPattern(emptyPlan(), 'manual'));
    await saver.flush();
    expect(seen.at(-1)).toEqual({ status: 'conflict', message: conflict.message });
    expect(seen.filter((s) => s.status === 'saved')).toEqual([]);
    // Only a write that went through says so.
    saver.schedule(setPattern(emptyPlan(), 'anterior-first'));
    await saver.flush();
    expect(seen.at(-1)).toEqual({ status: 'saved', message: null });
  });

  test('knows what is not on disk yet: the waiting plan and the one being written', async () => {
    let release: () => void = () => undefined;
    const saver = createPlanAutosave(() => new Promise<void>((r) => { release = r; }), 60_000, () => undefined);
    expect(saver.dirty()).toBe(false);
    expect(saver.unsaved()).toBeNull();
    const first = emptyPlan();
    const second = setPattern(emptyPlan(), 'manual');
    saver.schedule(first);
    expect(saver.unsaved()).toEqual({ latest: first, writing: null });
    const flushed = saver.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect(saver.unsaved()).toEqual({ latest: first, writing: first });
    saver.schedule(second);
    expect(saver.unsaved()).toEqual({ latest: second, writing: first });
    release();
    await flushed;
    expect(saver.dirty()).toBe(true);
    saver.cancel();
    expect(saver.dirty()).toBe(false);
  });
});

describe('plan autosave', () => {
  test('a burst of edits writes once, the newest plan; a write never overlaps another and the newest lands last', async () => {
    vi.useFakeTimers();
    try {
      const written: number[] = [];
      const statuses: SaveStatus['status'][] = [];
      let writing = 0;
      let most = 0;
      const autosave = createPlanAutosave(async (p) => {
        writing++;
        most = Math.max(most, writing);
        await new Promise((r) => setTimeout(r, 50));
        written.push(p.targets[0].movement.mesial);
        writing--;
      }, 100, (s) => statuses.push(s.status));
      autosave.schedule(planWith(1));
      autosave.schedule(planWith(2));
      autosave.schedule(planWith(3));
      await vi.advanceTimersByTimeAsync(120);
      // A new edit while the first write runs: it waits for it.
      autosave.schedule(planWith(4));
      await vi.advanceTimersByTimeAsync(100);
      autosave.schedule(planWith(5));
      await vi.advanceTimersByTimeAsync(500);
      expect(written).toEqual([3, 4, 5]);
      expect(most).toBe(1);
      expect(statuses.at(-1)).toBe('saved');
    } finally {
      vi.useRealTimers();
    }
  });

  test('a failed write says why; a blocked autosave writes nothing; flush writes what is pending at once', async () => {
    const written: Plan[] = [];
    let fail = true;
    let last: SaveStatus | null = null;
    const autosave = createPlanAutosave(async (p) => {
      if (fail) throw new Error('disk full');
      written.push(p);
    }, 60_000, (s) => { last = s; });
    autosave.schedule(planWith(1));
    await autosave.flush();
    // The panel says "Not saved:" before the reason; the status carries the reason alone.
    expect(last).toEqual({ status: 'error', message: 'disk full' });
    fail = false;
    autosave.schedule(planWith(2));
    await autosave.flush();
    expect(written.map((p) => p.targets[0].movement.mesial)).toEqual([2]);
    autosave.block('the saved plan could not be read');
    autosave.schedule(planWith(3));
    await autosave.flush();
    expect(written).toHaveLength(1);
    expect(last).toEqual({ status: 'error', message: 'the saved plan could not be read' });
  });
});
