import { describe, expect, test } from 'vitest';
import { emptyPlan, setPattern } from '../../core/plan.ts';
import { createPlanAutosave, type SaveStatus } from './plan-autosave.ts';

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
