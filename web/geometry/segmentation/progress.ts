// Progress of a long segmentation step, for the studio's progress bar: the fraction done
// (0 to 1) and the phase in plain words.
export type ProgressReport = (fraction: number, stage: string) => void;

/** A report that maps its own 0..1 onto [from, to] of `outer`. */
export function progressSpan(outer: ProgressReport | undefined, from: number, to: number): ProgressReport {
  return (f, stage) => outer?.(from + (to - from) * Math.min(1, Math.max(0, f)), stage);
}
