// Stage playback: the viewport steps through the stages and stops at the last one. Playing
// again from the last stage starts over from the first. Where the host has animation frames,
// the teeth glide between stages (a fraction of the way to the next stage, `setTween`); the
// shown stage, the lists and the slider still step a whole stage at a time.

export interface Playback {
  play(): void;
  pause(): void;
}

export interface PlaybackDeps {
  intervalMs: number;
  stage: () => number;
  lastStage: () => number;
  setStage: (stage: number) => void;
  setPlaying: (playing: boolean) => void;
  /** 0 .. 1: how far the teeth are on their way to the next stage (0 when not playing). */
  setTween?: (fraction: number) => void;
}

export function createPlayback(deps: PlaybackDeps): Playback {
  let timer: ReturnType<typeof setInterval> | undefined;
  let frame = 0;
  let stageShownAt = 0;
  const frames = typeof requestAnimationFrame === 'function' && deps.setTween ? deps.setTween : null;

  function glide() {
    frame = 0;
    if (!timer || !frames) return;
    frames(Math.min(1, Math.max(0, (performance.now() - stageShownAt) / deps.intervalMs)));
    frame = requestAnimationFrame(glide);
  }

  function pause() {
    clearInterval(timer);
    timer = undefined;
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    deps.setTween?.(0);
    deps.setPlaying(false);
  }

  function tick() {
    const next = deps.stage() + 1;
    if (next > deps.lastStage()) return pause();
    stageShownAt = performance.now();
    deps.setTween?.(0);
    deps.setStage(next);
    if (next >= deps.lastStage()) pause();
  }

  return {
    play() {
      if (deps.lastStage() <= 0) return;
      if (deps.stage() >= deps.lastStage()) deps.setStage(0);
      clearInterval(timer);
      timer = setInterval(tick, deps.intervalMs);
      stageShownAt = performance.now();
      deps.setPlaying(true);
      if (frames && !frame) frame = requestAnimationFrame(glide);
    },
    pause,
  };
}
