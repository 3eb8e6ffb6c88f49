// When the plan's first frame is on screen, for work that should not compete with drawing it:
// the engine's collision trees and findings wait for it (plan-session.ts `drawn`). "Sent to the
// GPU" is not "drawn": a software GPU draws with the same cores as everything else, for most of
// a second, so the view reports the frame once its GPU has got through it (scene.ts gpuDone).
// A view that cannot draw reports at once; a hidden tab draws nothing, so nothing waits on it;
// and nothing waits longer than `patienceMs` on a view that never reports.

export interface FirstPlanFrame {
  /** The view has drawn the plan (or cannot draw at all). */
  drawn(): void;
  /** Resolves once the plan's first frame is drawn (at once if it was already). */
  wait(): Promise<void>;
}

export interface PageSignals {
  hidden(): boolean;
  /** Calls `changed` on every visibility change; returns the unsubscribe. */
  onVisibility(changed: () => void): () => void;
  later(run: () => void, ms: number): () => void;
}

export const browserPage: PageSignals = {
  hidden: () => document.visibilityState === 'hidden',
  onVisibility(changed) {
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  },
  later(run, ms) {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  },
};

export function createFirstPlanFrame(page: PageSignals = browserPage, patienceMs = 5000): FirstPlanFrame {
  let seen = false;
  const waiting = new Set<() => void>();
  return {
    drawn() {
      seen = true;
      for (const done of [...waiting]) done();
    },
    wait() {
      if (seen || page.hidden()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          waiting.delete(done);
          stopWatching();
          stopTimer();
          resolve();
        };
        const stopWatching = page.onVisibility(() => { if (page.hidden()) done(); });
        const stopTimer = page.later(done, patienceMs);
        waiting.add(done);
      });
    },
  };
}

/**
 * After the next two animation frames: for the plan's computing when no view shows the plan. A
 * hidden tab draws no frames: then at once, or as soon as the tab is hidden.
 */
export function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden') return resolve();
    const hidden = () => {
      if (document.visibilityState === 'hidden') done();
    };
    const done = () => {
      document.removeEventListener('visibilitychange', hidden);
      resolve();
    };
    document.addEventListener('visibilitychange', hidden);
    requestAnimationFrame(() => requestAnimationFrame(done));
  });
}
