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

test('with animation frames the teeth glide: the tween grows within a stage, resets at each stage and is 0 after pause', () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
  // Node has no animation frames: one every 16 ms on the fake clock.
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 16));
  vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
  try {
    let stage = 0;
    const tweens: number[] = [];
    const playback = createPlayback({
      intervalMs: 600, stage: () => stage, lastStage: () => 3,
      setStage: (s) => { stage = s; }, setPlaying: () => undefined, setTween: (f) => tweens.push(f),
    });
    playback.play();
    vi.advanceTimersByTime(300);
    const mid = tweens.filter((f) => f > 0.3 && f < 0.7);
    expect(mid.length, 'about half way after half an interval').toBeGreaterThan(0);
    expect(Math.max(...tweens)).toBeLessThanOrEqual(1);
    vi.advanceTimersByTime(300);
    expect(stage).toBe(1);
    tweens.length = 0;
    vi.advanceTimersByTime(100);
    expect(Math.max(...tweens), 'started again from the new stage').toBeLessThan(0.3);
    playback.pause();
    expect(tweens[tweens.length - 1]).toBe(0);
  } finally {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  }
});
