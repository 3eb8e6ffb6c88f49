// Stage playback on fake timers: one stage per interval, a stop at the last stage, and a
// restart from the first when played at the end.
import { expect, test, vi } from 'vitest';
import { createPlayback } from './plan-playback.ts';

test('playback steps one stage per interval, stops at the last, restarts from 0 when played at the end, pauses', () => {
  vi.useFakeTimers();
  try {
    let stage = 0;
    let playing = false;
    const seen: number[] = [];
    const playback = createPlayback({
      intervalMs: 600, stage: () => stage, lastStage: () => 3,
      setStage: (s) => { stage = s; seen.push(s); }, setPlaying: (p) => { playing = p; },
    });
    playback.play();
    expect(playing).toBe(true);
    vi.advanceTimersByTime(599);
    expect(stage).toBe(0);
    vi.advanceTimersByTime(1);
    expect(stage).toBe(1);
    vi.advanceTimersByTime(600 * 5);
    expect(seen).toEqual([1, 2, 3]);
    expect(playing).toBe(false);
    playback.play();
    expect(stage).toBe(0);
    vi.advanceTimersByTime(600);
    playback.pause();
    vi.advanceTimersByTime(600 * 5);
    expect(stage).toBe(1);
    expect(playing).toBe(false);
  } finally {
    vi.useRealTimers();
  }
});

test('a plan with one stage has nothing to play', () => {
  let playing = false;
  const playback = createPlayback({ intervalMs: 10, stage: () => 0, lastStage: () => 0, setStage: () => undefined, setPlaying: (p) => { playing = p; } });
  playback.play();
  expect(playing).toBe(false);
});
