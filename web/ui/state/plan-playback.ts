// Stage playback: the viewport steps through the stages like a flip book and stops at the
// last one. Playing again from the last stage starts over from the first.

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
}

export function createPlayback(deps: PlaybackDeps): Playback {
  let timer: ReturnType<typeof setInterval> | undefined;

  function pause() {
    clearInterval(timer);
    timer = undefined;
    deps.setPlaying(false);
  }

  function tick() {
    const next = deps.stage() + 1;
    if (next > deps.lastStage()) return pause();
    deps.setStage(next);
    if (next >= deps.lastStage()) pause();
  }

  return {
    play() {
      if (deps.lastStage() <= 0) return;
      if (deps.stage() >= deps.lastStage()) deps.setStage(0);
      clearInterval(timer);
      timer = setInterval(tick, deps.intervalMs);
      deps.setPlaying(true);
    },
    pause,
  };
}
