// Progress for long imports, without flooding a worker's message channel: callers report
// as often as they like, the listener hears about each whole percent at most once.
export type ProgressFn = (fraction: number, stage: string) => void;

/** Forwards only when the fraction has moved by 1% (and always the final 1). */
export function throttled(listener?: ProgressFn): ProgressFn {
  if (!listener) return () => {};
  let last = -1;
  return (fraction, stage) => {
    const f = Math.min(1, Math.max(0, fraction));
    if (f - last >= 0.01 || (f === 1 && last < 1)) {
      last = f;
      listener(f, stage);
    }
  };
}

/** Maps a step's own 0..1 onto [from, to] of its caller's progress. */
export function subRange(parent: ProgressFn, from: number, to: number): ProgressFn {
  return (fraction, stage) => parent(from + (to - from) * Math.min(1, Math.max(0, fraction)), stage);
}
