import { describe, expect, test } from 'vitest';
import { createArchAutosave } from './autosave.ts';
import type { Jaw } from '../../core/types.ts';

describe('arch autosave', () => {
  test('a burst of corrections saves once, after the delay', async () => {
    const writes: Jaw[] = [];
    const saver = createArchAutosave(async (jaw) => { writes.push(jaw); }, 20);
    saver.schedule('upper');
    saver.schedule('upper');
    saver.schedule('upper');
    expect(writes).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(writes).toEqual(['upper']);
  });

  test('saves of one arch never overlap; idle waits for scheduled and running ones', async () => {
    const log: string[] = [];
    const saver = createArchAutosave(async (jaw) => {
      log.push(`start ${jaw}`);
      await new Promise((r) => setTimeout(r, 15));
      log.push(`end ${jaw}`);
    }, 1000);
    void saver.now('upper');
    void saver.now('upper');
    saver.schedule('lower');
    await saver.idle();
    expect(log.filter((l) => l.includes('upper'))).toEqual(['start upper', 'end upper', 'start upper', 'end upper']);
    expect(log.filter((l) => l.includes('lower'))).toHaveLength(2);
  });

  test('a cancelled save does not run', async () => {
    const writes: Jaw[] = [];
    const saver = createArchAutosave(async (jaw) => { writes.push(jaw); }, 10);
    saver.schedule('lower');
    saver.cancel('lower');
    await new Promise((r) => setTimeout(r, 40));
    await saver.idle();
    expect(writes).toEqual([]);
  });
});
